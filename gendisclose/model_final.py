"""The validated model of one department's final accounts (部门决算公开). No I/O here.

What a 决算 workbook says, each fact once, in 元 (``Decimal``, two decimals): income by
功能科目 (项) and source, spending by 项 and kind with its fiscal split, the carry-over
balances, 基本支出 by 经济科目 (J06), the 年初预算 and the prior year's 决算 per 类, 三公 预算数
and 决算数 with their counts, 机关运行经费, 政府采购, vehicles and large equipment, and the
project self-evaluations. The ten tables J01–J10 are *derived*
(:mod:`gendisclose.derive.final_tables`).

Shared with the budget (:mod:`gendisclose.model`): the department's 基本信息
(:class:`~gendisclose.model.DepartmentInfo`), its 单位 (:class:`~gendisclose.model.BudgetUnit`),
the 概况 texts, the “三公” items, unit kinds and the frozen-record base. The 决算 tables are
department totals: lines carry no 单位.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from pydantic import Field

from .issues import Location
from .model import ZERO, BudgetUnit, DepartmentInfo, DocumentKind, ThreePublicItem, _Frozen
from .model_final_text import FinalNarrative

# ---------------------------------------------------------------- closed lists


class IncomeSource(str, Enum):
    """收入 sources of J01 rows 1–8 / J02 columns, in printed order."""

    GENERAL = "一般公共预算财政拨款"
    GOVERNMENT_FUND = "政府性基金预算财政拨款"
    STATE_CAPITAL = "国有资本经营预算财政拨款"
    HIGHER_GRANT = "上级补助收入"
    BUSINESS = "事业收入"
    OPERATING = "经营收入"
    SUBORDINATE = "附属单位上缴收入"
    OTHER = "其他收入"

    @property
    def is_fiscal(self) -> bool:
        return self in FISCAL_INCOME


FISCAL_INCOME = (IncomeSource.GENERAL, IncomeSource.GOVERNMENT_FUND, IncomeSource.STATE_CAPITAL)


class Funding(str, Enum):
    """资金性质 of spending and of balances: the three 财政拨款 kinds and 非财政拨款."""

    GENERAL = "一般公共预算财政拨款"
    GOVERNMENT_FUND = "政府性基金预算财政拨款"
    STATE_CAPITAL = "国有资本经营预算财政拨款"
    NON_FISCAL = "非财政拨款"

    @property
    def is_fiscal(self) -> bool:
        return self is not Funding.NON_FISCAL

    @property
    def income_sources(self) -> tuple[IncomeSource, ...]:
        """The income rows that feed this kind (非财政拨款: every non-fiscal source)."""
        if self is Funding.NON_FISCAL:
            return tuple(s for s in IncomeSource if not s.is_fiscal)
        return (IncomeSource(self.value),)


FISCAL_FUNDING = (Funding.GENERAL, Funding.GOVERNMENT_FUND, Funding.STATE_CAPITAL)


class Grade(str, Enum):
    """绩效自评 自评结果."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"

    @classmethod
    def of_score(cls, score: Decimal) -> Grade:
        """The usual bands (优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60; 003.md judgement call 10)."""
        if score >= 90:
            return cls.EXCELLENT
        if score >= 80:
            return cls.GOOD
        if score >= 60:
            return cls.FAIR
        return cls.POOR


class EvaluationFunding(str, Enum):
    """The four budgets a self-evaluated project's money can come from (十（四）)."""

    GENERAL = "一般公共预算"
    GOVERNMENT_FUND = "政府性基金预算"
    STATE_CAPITAL = "国有资本经营预算"
    SOCIAL_INSURANCE = "社会保险基金预算"


class FinalVehicleCategory(str, Enum):
    """车辆 categories of J10 rows 8–15, in printed order."""

    MINISTERIAL = "副部（省）级及以上领导用车"
    PRINCIPAL = "主要负责人用车"
    CONFIDENTIAL = "机要通信用车"
    EMERGENCY = "应急保障用车"
    LAW_ENFORCEMENT = "执法执勤用车"
    SPECIAL_TECHNICAL = "特种专业技术用车"
    RETIREES = "离退休干部服务用车"
    OTHER = "其他用车"


# ---------------------------------------------------------------- amounts

_INCOME_FIELDS = {
    IncomeSource.GENERAL: "general",
    IncomeSource.GOVERNMENT_FUND: "government_fund",
    IncomeSource.STATE_CAPITAL: "state_capital",
    IncomeSource.HIGHER_GRANT: "higher_grant",
    IncomeSource.BUSINESS: "business",
    IncomeSource.OPERATING: "operating",
    IncomeSource.SUBORDINATE: "subordinate",
    IncomeSource.OTHER: "other",
}
_FUNDING_FIELDS = {
    Funding.GENERAL: "general",
    Funding.GOVERNMENT_FUND: "government_fund",
    Funding.STATE_CAPITAL: "state_capital",
    Funding.NON_FISCAL: "non_fiscal",
}
INCOME_FIELDS = tuple(_INCOME_FIELDS.values())
FUNDING_FIELDS = tuple(_FUNDING_FIELDS.values())


class IncomeAmounts(_Frozen):
    """收入 in 元 by source (zero when not typed)."""

    general: Decimal = ZERO
    government_fund: Decimal = ZERO
    state_capital: Decimal = ZERO
    higher_grant: Decimal = ZERO  # 上级补助收入
    business: Decimal = ZERO  # 事业收入
    operating: Decimal = ZERO  # 经营收入
    subordinate: Decimal = ZERO  # 附属单位上缴收入
    other: Decimal = ZERO  # 其他收入

    def get(self, source: IncomeSource) -> Decimal:
        return getattr(self, _INCOME_FIELDS[source])

    @property
    def total(self) -> Decimal:
        return sum((self.get(s) for s in IncomeSource), ZERO)

    @property
    def fiscal(self) -> Decimal:
        """财政拨款收入 (J02 column 2)."""
        return sum((self.get(s) for s in FISCAL_INCOME), ZERO)

    def of_funding(self, funding: Funding) -> Decimal:
        return sum((self.get(s) for s in funding.income_sources), ZERO)


class FundingAmounts(_Frozen):
    """Spending or a balance in 元 by 资金性质 (zero when not typed)."""

    general: Decimal = ZERO
    government_fund: Decimal = ZERO
    state_capital: Decimal = ZERO
    non_fiscal: Decimal = ZERO

    def get(self, funding: Funding) -> Decimal:
        return getattr(self, _FUNDING_FIELDS[funding])

    @property
    def total(self) -> Decimal:
        return sum((self.get(f) for f in Funding), ZERO)

    @property
    def fiscal(self) -> Decimal:
        return sum((self.get(f) for f in FISCAL_FUNDING), ZERO)


# ---------------------------------------------------------------- records


class IncomeLine(_Frozen):
    """收入决算 row: the income of one 功能科目 (项) by source (J02)."""

    function_code: str  # 7 digits
    function_name: str | None = None  # as typed; the reference name wins when the code is known
    amounts: IncomeAmounts = IncomeAmounts()
    location: Location | None = Field(default=None, exclude=True, repr=False)


class SpendingLine(_Frozen):
    """支出决算 row: the spending of one 功能科目 (项) (J03; its fiscal split feeds J04/J05/J07/J08).

    上缴上级支出, 经营支出 and 对附属单位补助支出 are 非财政拨款 by nature.
    """

    function_code: str
    function_name: str | None = None
    basic: FundingAmounts = FundingAmounts()  # 基本支出
    project: FundingAmounts = FundingAmounts()  # 项目支出
    to_higher: Decimal = ZERO  # 上缴上级支出
    operating: Decimal = ZERO  # 经营支出
    to_subordinate: Decimal = ZERO  # 对附属单位补助支出
    location: Location | None = Field(default=None, exclude=True, repr=False)

    @property
    def total(self) -> Decimal:
        """本年支出合计."""
        return self.basic.total + self.project.total + self.to_higher + self.operating + self.to_subordinate

    def of_funding(self, funding: Funding) -> Decimal:
        """Spending of one 资金性质 (the three flat kinds count as 非财政拨款)."""
        flat = self.to_higher + self.operating + self.to_subordinate if funding is Funding.NON_FISCAL else ZERO
        return self.basic.get(funding) + self.project.get(funding) + flat


class BalanceLine(_Frozen):
    """结转结余 row: 年初 and 年末结转和结余 of one 资金性质, optionally on one 功能科目 (J07 needs it)."""

    funding: Funding
    function_code: str | None = None
    opening: Decimal = ZERO  # 年初结转和结余
    closing: Decimal = ZERO  # 年末结转和结余
    location: Location | None = Field(default=None, exclude=True, repr=False)


class EconomicAmount(_Frozen):
    """基本支出决算明细 row: 一般公共预算财政拨款基本支出 by 部门经济科目 (J06)."""

    economic_code: str  # 5 digits
    amount: Decimal
    location: Location | None = Field(default=None, exclude=True, repr=False)


class ClassFigures(_Frozen):
    """一般公共预算财政拨款支出 of one 功能科目类: 年初预算数 and 上年决算数 (§五（一）（三）)."""

    class_code: str  # 3 digits
    budget_at_start: Decimal = ZERO  # 年初预算数
    prior_final: Decimal | None = None  # 上年决算数; None = not given
    purpose: str | None = None  # 五（三） 用于…
    reason: str | None = None  # 五（三） 较上年 增减 主要原因是…
    reason_location: Location | None = Field(default=None, exclude=True, repr=False)
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = Field(default_factory=dict, exclude=True, repr=False)  # key → its cell


class ThreePublicFinal(_Frozen):
    """“三公”经费 (J09 and §九): 预算数 and 决算数 by item, with the counts §九（二） prints.

    The 公务接待费 决算数 is the sum of its 国内 and 国（境）外 parts (typed once, as parts).
    """

    budget: dict[ThreePublicItem, Decimal] = Field(default_factory=dict)  # 全年预算数
    final: dict[ThreePublicItem, Decimal] = Field(default_factory=dict)  # 决算数 (not 公务接待费)
    reception_domestic: Decimal = ZERO  # 国内接待费
    reception_foreign_affairs: Decimal = ZERO  # 其中：外事接待费 (part of 国内)
    reception_abroad: Decimal = ZERO  # 国（境）外接待费
    overseas_groups: int = 0  # 因公出国（境）团组
    overseas_people: int = 0  # 人次
    vehicles_bought: int = 0  # 使用财政拨款购置公务用车 辆
    vehicles_held: int = 0  # 财政拨款负担的公务用车保有量 辆
    domestic_batches: int = 0  # 国内接待 批次
    domestic_people: int = 0
    foreign_affairs_batches: int = 0  # 外事接待 批次
    foreign_affairs_people: int = 0
    abroad_batches: int = 0  # 国（境）外接待 批次
    abroad_people: int = 0
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = Field(default_factory=dict, exclude=True, repr=False)  # key → its cell

    def final_of(self, item: ThreePublicItem) -> Decimal:
        if item is ThreePublicItem.RECEPTION:
            return self.reception_domestic + self.reception_abroad
        return self.final.get(item, ZERO)

    def budget_of(self, item: ThreePublicItem) -> Decimal:
        return self.budget.get(item, ZERO)


class FinalPriorYear(_Frozen):
    """上年决算数 (元) that 第三部分 compares with. None = not given.

    Per-类 一般公共预算 figures live on :class:`ClassFigures`; their sum is the prior total.
    """

    total: Decimal | None = None  # 上年收入支出总计 (收入总计 = 支出总计)
    fiscal_total: Decimal | None = None  # 上年财政拨款收入支出总计
    agency_operating: Decimal | None = None  # 上年机关运行经费
    three_public: dict[ThreePublicItem, Decimal] = Field(default_factory=dict)
    cells: dict[str, Location] = Field(default_factory=dict, exclude=True, repr=False)  # key → its cell


class AgencyOperating(_Frozen):
    """机关运行经费 (J10 rows 5–6): typed, the per-unit 公用经费 is not in the 决算 tables."""

    administrative: Decimal = ZERO  # （一）行政单位
    civil_service_managed: Decimal = ZERO  # （二）参照公务员法管理事业单位
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = Field(default_factory=dict, exclude=True, repr=False)  # key → its cell

    @property
    def total(self) -> Decimal:
        return self.administrative + self.civil_service_managed


class FinalProcurement(_Frozen):
    """政府采购支出 (J10 rows 1–4, §十（二）), 元."""

    goods: Decimal = ZERO
    works: Decimal = ZERO
    services: Decimal = ZERO
    sme: Decimal = ZERO  # 授予中小企业合同金额
    small_micro: Decimal = ZERO  # 其中：授予小微企业合同金额
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = Field(default_factory=dict, exclude=True, repr=False)  # key → its cell

    @property
    def total(self) -> Decimal:
        return self.goods + self.works + self.services


class FinalAssets(_Frozen):
    """国有资产占用情况 (J10 rows 7–16, §十（三）)."""

    as_of: str | None = None  # 截至日期, as typed (``2023年12月31日``)
    vehicles: dict[FinalVehicleCategory, int] = Field(default_factory=dict)
    other_vehicles_purpose: str | None = None  # 其他用车主要是…
    equipment_over_1m: int = 0  # 单价100万元（含）以上设备（不含车辆）台（套）
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = Field(default_factory=dict, exclude=True, repr=False)  # key → its cell

    @property
    def vehicle_total(self) -> int:
        return sum(self.vehicles.values())


class SelfEvaluation(_Frozen):
    """绩效自评 row: one self-evaluated project (附件, 十（四））."""

    name: str
    funding: EvaluationFunding = EvaluationFunding.GENERAL
    budget: Decimal = ZERO  # 预算指标 (元)
    paid: Decimal = ZERO  # 支付金额 (元)
    score: Decimal | None = None  # 得分
    grade: Grade | None = None  # 自评结果
    grade_location: Location | None = Field(default=None, exclude=True, repr=False)
    location: Location | None = Field(default=None, exclude=True, repr=False)
    cells: dict[str, Location] = Field(default_factory=dict, exclude=True, repr=False)  # key → its cell


class FinalDepartment(_Frozen):
    """Everything one 决算 workbook says about one department."""

    kind: DocumentKind = DocumentKind.FINAL_ACCOUNTS
    info: DepartmentInfo
    units: tuple[BudgetUnit, ...] = ()
    income_lines: tuple[IncomeLine, ...] = ()
    spending_lines: tuple[SpendingLine, ...] = ()
    balances: tuple[BalanceLine, ...] = ()
    reserves_used: Decimal = ZERO  # 使用非财政拨款结余和专用结余
    surplus_distribution: Decimal = ZERO  # 结余分配
    economic: tuple[EconomicAmount, ...] = ()
    classes: tuple[ClassFigures, ...] = ()
    prior: FinalPriorYear = FinalPriorYear()
    three_public: ThreePublicFinal = ThreePublicFinal()
    agency_operating: AgencyOperating = AgencyOperating()
    procurement: FinalProcurement = FinalProcurement()
    assets: FinalAssets = FinalAssets()
    evaluations: tuple[SelfEvaluation, ...] = ()
    narrative: FinalNarrative = FinalNarrative()

    def opening(self, funding: Funding) -> Decimal:
        """年初结转和结余 of one 资金性质 (Σ of its balance lines)."""
        return sum((b.opening for b in self.balances if b.funding is funding), ZERO)

    def closing(self, funding: Funding) -> Decimal:
        return sum((b.closing for b in self.balances if b.funding is funding), ZERO)

    def income_of(self, funding: Funding) -> Decimal:
        return sum((x.amounts.of_funding(funding) for x in self.income_lines), ZERO)

    def spending_of(self, funding: Funding) -> Decimal:
        return sum((x.of_funding(funding) for x in self.spending_lines), ZERO)

    @property
    def budget_at_start(self) -> Decimal:
        """年初预算 of 一般公共预算财政拨款支出 (Σ 类)."""
        return sum((c.budget_at_start for c in self.classes), ZERO)

    @property
    def prior_general(self) -> Decimal | None:
        """上年一般公共预算财政拨款支出决算 (Σ 类), None when no 类 gives it."""
        given = [c.prior_final for c in self.classes if c.prior_final is not None]
        return sum(given, ZERO) if given else None
