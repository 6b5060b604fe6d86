"""The validated model of one department's disclosure inputs. No I/O here.

Everything a department types, once, in 元 (``Decimal``, two decimals). Names, subtotals,
summary tables and text are *derived* later (``gendisclose.derive``). Every record may carry
the :class:`~gendisclose.issues.Location` it was read from, and ``cells``: the cell of each
typed value by its schema key (``current.general``, ``amount``, ``staffing.on_payroll``), so
rules point at the value that causes an issue; neither takes part in equality.

The document kind (预算 / 决算) is a field of :class:`Department`, passed through the
pipeline, not an assumption of it.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .issues import Location

ZERO = Decimal("0")


def _cells() -> Any:
    """``cells`` field: schema key → the cell the value was typed in (never part of equality)."""
    return Field(default_factory=dict, exclude=True, repr=False)


class _Frozen(BaseModel):
    """Immutable record; equality ignores ``location`` (where it was typed is not what it says)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.model_dump() == other.model_dump()  # type: ignore[union-attr]

    __hash__ = None  # type: ignore[assignment]


# ---------------------------------------------------------------- closed lists


class DocumentKind(str, Enum):
    """Which disclosure the workbook describes."""

    BUDGET = "部门预算公开"
    FINAL_ACCOUNTS = "部门决算公开"


class UnitKind(str, Enum):
    """单位性质. Drives 机关运行经费 (T11, §八) and the 政府预算经济分类 mapping (T6)."""

    ADMINISTRATIVE = "行政单位"
    CIVIL_SERVICE_MANAGED = "参照公务员法管理事业单位"
    INSTITUTION = "事业单位"

    @property
    def has_agency_operating_costs(self) -> bool:
        """机关运行经费 exists for 行政单位 and 参公单位 only (名词解释 四)."""
        return self is not UnitKind.INSTITUTION


class FundingSource(str, Enum):
    """资金来源, in the order of T1/T2 columns."""

    GENERAL = "一般公共预算"
    GOVERNMENT_FUND = "政府性基金预算"
    STATE_CAPITAL = "国有资本经营预算"
    SPECIAL_ACCOUNT = "财政专户管理资金"
    UNIT_FUNDS = "单位资金"

    @property
    def is_fiscal(self) -> bool:
        """财政拨款 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算 (名词解释 十二)."""
        return self in FISCAL_SOURCES


FISCAL_SOURCES = (FundingSource.GENERAL, FundingSource.GOVERNMENT_FUND, FundingSource.STATE_CAPITAL)


class ProjectCategory(str, Enum):
    """项目类别 (§十 2)."""

    OPERATING = "其他运转类"
    SPECIFIC_PURPOSE = "特定目标类"


class IndicatorPeriod(str, Enum):
    """Which side of a 项目支出绩效目标表 an indicator sits on; 整体 indicators have none."""

    IMPLEMENTATION = "实施期"
    ANNUAL = "年度"


#: 一级指标 → its 二级指标, in printed order: the fixed skeleton of every performance table
#: (spec §8.3). The workbook's dropdowns, the rules and the tables all use this one list.
INDICATOR_LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益", "社会效益", "生态效益", "可持续影响"),
    "满意度指标": ("服务对象满意度",),
}


class ThreePublicItem(str, Enum):
    """The four “三公”经费 items (T10 rows ①/② are the two vehicle items)."""

    OVERSEAS = "因公出国（境）费"
    RECEPTION = "公务接待费"
    VEHICLE_PURCHASE = "公务用车购置费"
    VEHICLE_OPERATION = "公务用车运行维护费"


class VehicleCategory(str, Enum):
    """公务用车 categories of §十一 1, in printed order."""

    LEADERSHIP = "领导用车"
    CONFIDENTIAL = "机要通信用车"
    EMERGENCY = "应急保障用车"
    LAW_ENFORCEMENT = "执法执勤用车"
    SPECIAL_TECHNICAL = "特种专业技术用车"
    INSTITUTION_BUSINESS = "事业单位业务用车"
    OTHER = "其他公务用车"


# ---------------------------------------------------------------- amounts

_SOURCE_FIELDS = {
    FundingSource.GENERAL: "general",
    FundingSource.GOVERNMENT_FUND: "government_fund",
    FundingSource.STATE_CAPITAL: "state_capital",
    FundingSource.SPECIAL_ACCOUNT: "special_account",
    FundingSource.UNIT_FUNDS: "unit_funds",
}


class SourceAmounts(_Frozen):
    """Amounts in 元 by 资金来源 (zero when not typed)."""

    general: Decimal = ZERO
    government_fund: Decimal = ZERO
    state_capital: Decimal = ZERO
    special_account: Decimal = ZERO
    unit_funds: Decimal = ZERO

    def get(self, source: FundingSource) -> Decimal:
        return getattr(self, _SOURCE_FIELDS[source])

    @property
    def total(self) -> Decimal:
        return sum((self.get(s) for s in FundingSource), ZERO)

    @property
    def fiscal(self) -> Decimal:
        """财政拨款 part."""
        return sum((self.get(s) for s in FISCAL_SOURCES), ZERO)

    @classmethod
    def of(cls, mapping: dict[FundingSource, Decimal]) -> SourceAmounts:
        return cls(**{_SOURCE_FIELDS[s]: v for s, v in mapping.items()})

    def __add__(self, other: SourceAmounts) -> SourceAmounts:
        return SourceAmounts.of({s: self.get(s) + other.get(s) for s in FundingSource})


class LevelFunds(_Frozen):
    """项目资金(元) of a performance table, by level of government."""

    central: Decimal = ZERO  # 中央财政资金
    provincial: Decimal = ZERO  # 省级财政资金
    local: Decimal = ZERO  # 市县(区)财政资金
    self_raised: Decimal = ZERO  # 单位自筹
    other: Decimal = ZERO  # 其他资金

    @property
    def total(self) -> Decimal:
        return self.central + self.provincial + self.local + self.self_raised + self.other


# ---------------------------------------------------------------- records


class TextBlock(_Frozen):
    """One paragraph (or sub-heading) of department-written narrative."""

    text: str
    is_heading: bool = False
    location: Location | None = Field(default=None, exclude=True, repr=False)


class Staffing(_Frozen):
    """编制与人员 (整体支出绩效目标申报表)."""

    internal_departments: int | None = None  # 内设职能部门数
    subordinate_units: int | None = None  # 所属预算单位数
    authorised: int | None = None  # 核定的人员编制数
    on_payroll: int | None = None  # 在编人员数
    others: int | None = None  # 其他人员数

    @property
    def actual(self) -> int | None:
        """实际在职人员总数 = 在编 + 其他 (derived)."""
        if self.on_payroll is None and self.others is None:
            return None
        return (self.on_payroll or 0) + (self.others or 0)


class DepartmentInfo(_Frozen):
    """基本信息."""

    name: str  # 部门名称 (full, as on the cover)
    code: str | None = None  # 主管部门代码, 3 digits (``008``)
    region: str | None = None  # 区县名 for the project-table title (``平鲁区``)
    year: int  # 预算年度 / 决算年度
    unit_kind: UnitKind  # 部门（主体单位）性质
    duties: tuple[TextBlock, ...] = ()  # 一、本部门职责
    organisation: tuple[TextBlock, ...] = ()  # 二、机构设置情况
    staffing: Staffing = Staffing()
    contact_person: str | None = None
    contact_phone: str | None = None
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = _cells()


class BudgetUnit(_Frozen):
    """单位: a budget unit of the department."""

    name: str
    kind: UnitKind
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = _cells()


class BasicLine(_Frozen):
    """收支预算 row: 基本支出 of one unit on one 7-digit 支出功能分类 code (项).

    Project money is *not* typed here: it lives on each :class:`Project` (with its code),
    so every amount is typed once; T3's 项目支出 column is derived from the projects.
    """

    unit: str
    function_code: str  # 7 digits
    function_name: str | None = None  # as typed; the reference name wins when the code is known
    current: SourceAmounts = SourceAmounts()  # 当年
    carried: SourceAmounts = SourceAmounts()  # 上年结转
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = _cells()


class EconomicLine(_Frozen):
    """基本支出经济分类 row: 一般公共预算当年基本支出 of a unit by 部门预算支出经济分类 code."""

    unit: str
    economic_code: str  # 5 digits, e.g. 30101
    amount: Decimal
    government_name: str | None = None  # 政府预算支出经济科目名称 override; derived when None
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = _cells()


class Project(_Frozen):
    """项目: one project, its money and its 项目支出绩效目标表 fields."""

    name: str
    unit: str
    function_code: str
    category: ProjectCategory
    current: SourceAmounts = SourceAmounts()  # 本年预算 (T12)
    carried: SourceAmounts = SourceAmounts()  # 上年结转 (T13)
    publish_targets: bool = True  # 是否公开绩效目标
    attribute: str | None = None  # 项目属性
    period: str | None = None  # 项目期
    implementing_unit: str | None = None  # 实施单位 (defaults to unit)
    implementation_funds: LevelFunds | None = None  # 实施期资金
    annual_funds: LevelFunds | None = None  # 年度资金 (total must equal the project's money)
    overview: str | None = None  # 项目概况
    basis: str | None = None  # 立项依据
    necessity: str | None = None  # 项目设立必要性
    safeguards: str | None = None  # 保证项目实施的制度、措施
    plan: str | None = None  # 项目实施计划
    goal_implementation: str | None = None  # 总体目标 实施期
    goal_annual: str | None = None  # 总体目标 年度
    responsible_person: str | None = None  # 负责人
    handler: str | None = None  # 经办人
    phone: str | None = None  # 联系电话
    fill_date: str | None = None  # 填报日期 (14 digits)
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = _cells()

    @property
    def total(self) -> Decimal:
        return self.current.total + self.carried.total


class Indicator(_Frozen):
    """绩效指标 row. ``project`` None means the department's 整体 indicators."""

    project: str | None
    period: IndicatorPeriod | None
    level1: str  # 一级指标
    level2: str  # 二级指标
    level3: str  # 三级指标
    value: str  # 指标值
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = _cells()


class KeyTask(_Frozen):
    """年度重点任务 row of the 整体 table."""

    core_function: str
    tasks: str
    location: Location | None = Field(default=None, exclude=True, repr=False)


class OverallPerformance(_Frozen):
    """整体绩效 fields of the 整体支出绩效目标申报表 and §十 1."""

    duties: str | None = None  # 部门职责 (None → Part 1 duties joined)
    strategic_goal: str | None = None  # 部门战略目标
    key_tasks: tuple[KeyTask, ...] = ()
    annual_goal: str | None = None  # 年度绩效目标
    social_insurance_fund: Decimal = ZERO  # 社会保险基金预算资金
    units_total: int | None = None  # §十 1 机关及下属预算单位数
    units_reporting: int | None = None  # 编报单位整体绩效目标的单位数
    amount_reporting: Decimal | None = None  # 涉及资金 (元)
    cells: dict[str, Location] = _cells()


class ThreePublicExtra(_Frozen):
    """三公经费 paid from project money (T10 adds it to the basic 经济科目 amounts)."""

    item: ThreePublicItem
    source: FundingSource
    amount: Decimal
    project: str | None = None  # 项目名称 the money belongs to (optional, checked against 项目)
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = _cells()


class FundIncomeLine(_Frozen):
    """政府性基金 / 国有资本经营 income by 收入分类科目 (T7 and the left half of T9)."""

    source: FundingSource  # GOVERNMENT_FUND or STATE_CAPITAL
    code: str  # 收入科目编码, e.g. 1030148
    name: str  # 收入科目名称
    amount: Decimal
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = _cells()


class PriorYear(_Frozen):
    """上年数: the prior-year budget figures (元) that 第三部分 compares with. None = not given."""

    income_total: Decimal | None = None  # 上年预算收入总计
    expenditure_total: Decimal | None = None  # 上年预算支出总计
    general_current: Decimal | None = None  # 上年一般公共预算当年支出
    three_public: dict[ThreePublicItem, Decimal | None] = Field(default_factory=dict)
    agency_operating: Decimal | None = None  # 上年机关运行经费
    cells: dict[str, Location] = _cells()


class Reasons(_Frozen):
    """变动原因: the department's own explanations (free text)."""

    income: str | None = None  # §一 收入
    expenditure: str | None = None  # §一 支出
    three_public_total: str | None = None  # §七 总体
    three_public_items: dict[ThreePublicItem, str] = Field(default_factory=dict)
    agency_operating: str | None = None  # §八
    cells: dict[str, Location] = _cells()  # ``reasons.income`` → 上年数与变动原因!B8


class Procurement(_Frozen):
    """政府采购预算 (元)."""

    goods: Decimal = ZERO
    works: Decimal = ZERO
    services: Decimal = ZERO
    cells: dict[str, Location] = _cells()

    @property
    def total(self) -> Decimal:
        return self.goods + self.works + self.services


class Assets(_Frozen):
    """国有资产占有使用情况 (§十一)."""

    as_of: str | None = None  # 截至日期, as typed (``2025年12月31日``)
    vehicle_quota: int = 0  # 公务用车编制数
    vehicle_actual: int = 0  # 实有数
    vehicles: dict[VehicleCategory, int] = Field(default_factory=dict)
    office_area: str | None = None  # 办公用房建筑总面积 (平方米), printed as typed
    office_note: str | None = None
    equipment_over_500k: int = 0  # 50万元以上通用设备台（套）
    equipment_over_1m: int = 0  # 100万元以上通用设备台（套）
    location: Location | None = Field(default=None, exclude=True, repr=False)  # the 公务用车实有数 cell
    cells: dict[str, Location] = _cells()


class OtherNotes(_Frozen):
    """十二、其他说明."""

    purchase_catalogue: tuple[TextBlock, ...] = ()  # （一）政府购买服务指导性目录
    other: tuple[TextBlock, ...] = ()  # （二）其他


class Explanation(_Frozen):
    """情况说明: the department's explanation of a warning that is right as it stands."""

    rule: str
    cell: str | None = None  # 整体绩效!B8; None: every warning of the rule
    text: str
    location: Location | None = Field(default=None, exclude=True, repr=False)


class Department(_Frozen):
    """Everything one workbook says about one department."""

    kind: DocumentKind = DocumentKind.BUDGET
    info: DepartmentInfo
    units: tuple[BudgetUnit, ...] = ()
    basic_lines: tuple[BasicLine, ...] = ()
    economic_lines: tuple[EconomicLine, ...] = ()
    projects: tuple[Project, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    overall: OverallPerformance = OverallPerformance()
    three_public_extra: tuple[ThreePublicExtra, ...] = ()
    fund_income: tuple[FundIncomeLine, ...] = ()
    prior: PriorYear = PriorYear()
    reasons: Reasons = Reasons()
    procurement: Procurement = Procurement()
    assets: Assets = Assets()
    notes: OtherNotes = OtherNotes()
    explanations: tuple[Explanation, ...] = ()

    def unit(self, name: str) -> BudgetUnit | None:
        return next((u for u in self.units if u.name == name), None)

    def unit_kind(self, name: str) -> UnitKind:
        """The kind of a named unit; the department's own kind when the unit is not listed."""
        found = self.unit(name)
        return found.kind if found else self.info.unit_kind
