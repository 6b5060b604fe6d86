"""The standard workbook: the one definition of its sheets and columns.

Both the template writer (:mod:`.template`) and the reader (:mod:`.reader`) walk these
objects, so the workbook the finance bureau hands out and the workbook the tool reads cannot
drift apart. Each fact is typed once:

* 项目支出 money lives on the 项目 sheet only; 收支预算 holds 基本支出 (T3's 项目支出 column is
  derived from the projects);
* names of 功能科目 / 经济科目 are filled from the code by the tool (the name columns are
  optional and only used when a code is not in the reference lists).

Two sheet shapes:

* :class:`TableSheet` — one record per row, headers in row 1, data from row 2;
* :class:`FieldSheet` — key–value: column A 项目 (the field label), B 内容, C 填写说明.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from openpyxl.utils import get_column_letter

from ..model import (
    INDICATOR_LEVELS,
    FundingSource,
    IndicatorPeriod,
    ProjectCategory,
    ThreePublicItem,
    UnitKind,
    VehicleCategory,
)

# ---------------------------------------------------------------- column types


class Kind(StrEnum):
    """What a cell holds (the value is how 填报说明 names it)."""

    TEXT = "文本"
    INT = "整数"
    MONEY = "金额（元）"
    ENUM = "下拉选择"
    CODE = "编码（文本）"
    BOOL = "是/否"


class DateStyle(StrEnum):
    """How a date that Excel recognised in a text cell is turned back into text."""

    CHINESE = "chinese"  # 2025年12月31日
    DIGITS14 = "digits14"  # 20251031085419 (填报日期)


@dataclass(frozen=True)
class Column:
    """One column of a table sheet, or one field (row) of a key–value sheet."""

    key: str  # dotted path into the record being built (``current.general``)
    header: str  # the Chinese header / label the accountant sees
    kind: Kind = Kind.TEXT
    required: bool = False  # a value must be filled in
    choices: tuple[str, ...] = ()  # closed list (dropdown) for ENUM
    width: float = 14
    help: str = ""
    digits: int | None = None  # CODE: exact number of digits
    zero_pad: bool = False  # CODE typed as a number lost its leading zeros: pad back
    date_style: DateStyle | None = None  # TEXT: a date typed here becomes this text
    long: bool = False  # free text that may run to paragraphs (wrap)
    max_chars: int | None = None  # TEXT: longer is refused at its cell (a name, not a paragraph)

    @property
    def described(self) -> str:
        """Help text plus the closed list, as 填报说明 and docs show it."""
        if self.choices and self.kind in (Kind.ENUM, Kind.BOOL):
            listed = "、".join(self.choices)
            return f"{self.help}（可选：{listed}）" if self.help else f"可选：{listed}"
        return self.help

    @property
    def type_label(self) -> str:
        if self.kind is Kind.CODE and self.digits:
            return f"{self.digits}位编码（文本）"
        return self.kind.value


@dataclass(frozen=True)
class TableSheet:
    """A row-per-record sheet: headers in row 1, one record per row from row 2."""

    name: str
    columns: tuple[Column, ...]
    help: str
    required: bool = True  # the sheet must exist in the workbook
    freeze: str = "A2"  # frozen panes (header row, and the name column where it helps)

    HEADER_ROW = 1
    FIRST_DATA_ROW = 2

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def letter(self, key: str) -> str:
        """Column letter of ``key`` in the standard layout (the template's layout)."""
        index = next(i for i, c in enumerate(self.columns) if c.key == key)
        return get_column_letter(index + 1)


@dataclass(frozen=True)
class FieldSheet:
    """A key–value sheet: A = 项目 (label), B = 内容 (value), C = 填写说明; one field a row."""

    name: str
    fields: tuple[Column, ...]
    help: str
    required: bool = True

    HEADERS = ("项目", "内容", "填写说明")
    LABEL_COLUMN = "A"
    VALUE_COLUMN = "B"
    HELP_COLUMN = "C"
    FIRST_FIELD_ROW = 2

    def field(self, key: str) -> Column:
        return next(c for c in self.fields if c.key == key)

    def row_of(self, key: str) -> int:
        """Row of ``key`` in the standard layout."""
        index = next(i for i, c in enumerate(self.fields) if c.key == key)
        return self.FIRST_FIELD_ROW + index


Sheet = TableSheet | FieldSheet

# ---------------------------------------------------------------- closed lists

UNIT_KINDS = tuple(k.value for k in UnitKind)
SOURCES = tuple(s.value for s in FundingSource)
PROJECT_CATEGORIES = tuple(c.value for c in ProjectCategory)
PERIODS = tuple(p.value for p in IndicatorPeriod)
THREE_PUBLIC_ITEMS = tuple(i.value for i in ThreePublicItem)
YES_NO = ("是", "否")

LEVEL1 = tuple(INDICATOR_LEVELS)
LEVEL2 = tuple(l2 for l2s in INDICATOR_LEVELS.values() for l2 in l2s)

#: 归属 value of a department-wide (整体) indicator.
OVERALL_OWNER = "部门整体"

#: 概况文字 部分 → the model field the paragraphs go to.
TEXT_PARTS: dict[str, str] = {
    "本部门职责": "duties",
    "机构设置情况": "organisation",
    "政府购买服务指导性目录": "purchase_catalogue",
    "其他说明": "other",
}
PARAGRAPH, HEADING = "段落", "小标题"

_SOURCE_FIELDS = ("general", "government_fund", "state_capital", "special_account", "unit_funds")
_LEVEL_FIELDS = (
    ("central", "中央财政资金"),
    ("provincial", "省级财政资金"),
    ("local", "市县(区)财政资金"),
    ("self_raised", "单位自筹"),
    ("other", "其他资金"),
)


def _money(key: str, header: str, help: str = "", required: bool = False, width: float = 16) -> Column:
    return Column(key, header, Kind.MONEY, required=required, width=width, help=help)


def _int(key: str, header: str, help: str = "", required: bool = False) -> Column:
    return Column(key, header, Kind.INT, required=required, width=12, help=help)


def _enum(
    key: str, header: str, choices: tuple[str, ...], help: str = "", required: bool = False, width: float = 16
) -> Column:
    return Column(key, header, Kind.ENUM, required=required, choices=choices, width=width, help=help)


def _text(
    key: str,
    header: str,
    help: str = "",
    required: bool = False,
    width: float = 20,
    long: bool = False,
    date_style: DateStyle | None = None,
    max_chars: int | None = None,
) -> Column:
    return Column(
        key, header, Kind.TEXT, required=required, width=width, help=help, long=long, date_style=date_style,
        max_chars=max_chars,
    )


#: Longest names accepted (characters). A name is printed whole where a paragraph cannot go:
#: on the cover, in the unbreakable title lines above each table (“部门名称：…”, the 区县 in
#: the 绩效目标表 title), in file names. The longest real ones are about 30 characters.
MAX_NAME = 60  # 部门名称, 单位名称
MAX_PROJECT_NAME = 100  # 项目名称 (often a full programme title)
MAX_REGION = 20  # 区县名称 (平鲁区)
#: Any other text: what one Excel cell can hold (a longer one was not written by Excel or WPS).
EXCEL_CELL_CHARS = 32_767


def _sources(key: str, prefix: str, what: str) -> tuple[Column, ...]:
    """The five 资金来源 money columns, ``{prefix}{source}``, keys ``{key}.{field}``."""
    return tuple(
        _money(
            f"{key}.{field}",
            f"{prefix}{source}",
            f"{what}中来自“{source}”的金额，元，两位小数；没有填 0 或留空",
        )
        for field, source in zip(_SOURCE_FIELDS, SOURCES, strict=True)
    )


def _levels(key: str, prefix: str, what: str) -> tuple[Column, ...]:
    return tuple(
        _money(f"{key}.{field}", f"{prefix}{label}", f"项目支出绩效目标表“项目资金(元)”{what}的“{label}”，元")
        for field, label in _LEVEL_FIELDS
    )


_UNIT = _text(
    "unit",
    "单位名称",
    "预算单位全称，须是“单位”表中的一个单位（只有一个单位时填部门名称）",
    required=True,
    width=28,
    max_chars=MAX_NAME,
)
_FUNCTION_CODE = Column(
    "function_code",
    "功能科目编码",
    Kind.CODE,
    required=True,
    digits=7,
    width=14,
    help="7 位支出功能分类科目编码（到“项”），如 2010301；按文本填写",
)

# ---------------------------------------------------------------- sheets

INFO = FieldSheet(
    "基本信息",
    (
        _text(
            "name",
            "部门名称",
            "部门全称，与封面一致，如：朔州市平鲁区行政审批服务管理局",
            required=True,
            width=40,
            max_chars=MAX_NAME,
        ),
        Column(
            "code",
            "部门代码",
            Kind.CODE,
            digits=3,
            zero_pad=True,
            help="3 位主管部门代码，如 008（保留前面的 0）；绩效目标表印作“008-部门名称”",
        ),
        _text("region", "区县名称", "项目支出绩效目标表标题用的区县名，如：平鲁区", max_chars=MAX_REGION),
        _int("year", "预算年度", "如 2026", required=True),
        _enum(
            "unit_kind",
            "单位性质",
            UNIT_KINDS,
            "部门（主体单位）的性质",
            required=True,
        ),
        _int("staffing.internal_departments", "内设职能部门数", "整体支出绩效目标申报表，个"),
        _int(
            "staffing.subordinate_units",
            "所属预算单位数",
            "整体支出绩效目标申报表，个；不含机关本身（“单位”表的单位数减 1，只有机关一个单位时填 0）",
        ),
        _int("staffing.authorised", "核定的人员编制数", "人"),
        _int(
            "staffing.on_payroll", "在编人员数", "人；实际在职人员总数 = 在编人员数 + 其他人员数，由工具计算"
        ),
        _int("staffing.others", "其他人员数", "人"),
        _text("contact_person", "联系人", "填报联系人"),
        _text("contact_phone", "联系电话", "填报联系人电话"),
    ),
    "部门的名称、代码、年度、性质和编制人员情况。每项填在 B 列。",
)

UNITS = TableSheet(
    "单位",
    (
        _text(
            "name",
            "单位名称",
            "预算单位全称；部门只有一个单位时可不填本表（按部门名称和性质算一个单位）",
            required=True,
            width=40,
            max_chars=MAX_NAME,
        ),
        _enum("kind", "单位性质", UNIT_KINDS, "决定机关运行经费和政府预算经济分类", required=True, width=28),
    ),
    "部门所属的预算单位，一行一个。机关运行经费、项目表按单位分组。",
)

TEXTS = TableSheet(
    "概况文字",
    (
        _enum("part", "部分", tuple(TEXT_PARTS), "这段文字放在哪一部分", required=True, width=24),
        _enum("style", "类型", (PARAGRAPH, HEADING), "段落 或 小标题；不填按段落", width=10),
        _text(
            "text", "内容", "一行一段，原样印出（含“（一）”“1、”等编号）", required=True, width=100, long=True
        ),
    ),
    "第一部分概况（本部门职责、机构设置情况）和十二、其他说明的文字，按印出顺序一行一段。",
    freeze="A2",
)

BASIC = TableSheet(
    "收支预算",
    (
        _UNIT,
        _FUNCTION_CODE,
        _text(
            "function_name",
            "功能科目名称",
            "可不填，由工具按编码填写；编码不在科目表中时才使用这里的名称",
            width=24,
        ),
        *_sources("current", "当年", "当年基本支出"),
        *_sources("carried", "上年结转", "上年结转基本支出"),
    ),
    "基本支出：每个单位、每个功能科目（项）一行，金额单位元。项目支出不在这里填，填在“项目”表（每笔钱只填一次）。",
    freeze="C2",
)

ECONOMIC = TableSheet(
    "基本支出经济分类",
    (
        _UNIT,
        Column(
            "economic_code",
            "经济科目编码",
            Kind.CODE,
            required=True,
            digits=5,
            width=14,
            help="5 位部门预算支出经济分类科目编码，如 30101（基本工资）",
        ),
        _text("economic_name", "经济科目名称", "可不填，由工具按编码填写", width=24),
        _money("amount", "金额", "一般公共预算当年基本支出，元", required=True),
        _text(
            "government_name",
            "政府预算经济科目名称",
            "一般不填：工具按编码和单位性质对应；需要改变对应关系时才填",
            width=24,
        ),
    ),
    "一般公共预算当年基本支出按部门预算支出经济分类（款）填列，每个单位、每个科目一行，金额单位元。",
    freeze="C2",
)

PROJECTS = TableSheet(
    "项目",
    (
        _text("name", "项目名称", "项目全称，全表唯一；绩效指标表用它对应项目", required=True, width=36,
              max_chars=MAX_PROJECT_NAME),
        _UNIT,
        _FUNCTION_CODE,
        _enum("category", "项目类别", PROJECT_CATEGORIES, "见第三部分十、绩效管理情况", required=True),
        *_sources("current", "本年", "本年预算"),
        *_sources("carried", "上年结转", "上年结转"),
        Column(
            "publish_targets",
            "是否公开绩效目标",
            Kind.BOOL,
            choices=YES_NO,
            width=12,
            help="不填按“是”；“否”的项目不印项目支出绩效目标表",
        ),
        _text("attribute", "项目属性", "如：一次性项目(1年结束)、经常性项目（长期开展）", width=22),
        _text("period", "项目期", "如：1年", width=10),
        _text("implementing_unit", "实施单位", "不填按单位名称", width=28),
        *_levels("implementation_funds", "实施期", "实施期"),
        *_levels("annual_funds", "年度", "年度"),
        _text("overview", "项目概况", long=True, width=40),
        _text("basis", "立项依据", long=True, width=40),
        _text("necessity", "项目设立必要性", long=True, width=40),
        _text("safeguards", "保证项目实施的制度、措施", long=True, width=40),
        _text("plan", "项目实施计划", long=True, width=40),
        _text("goal_implementation", "总体目标（实施期）", long=True, width=40),
        _text("goal_annual", "总体目标（年度）", long=True, width=40),
        _text("responsible_person", "负责人", width=10),
        _text("handler", "经办人", width=10),
        _text("phone", "联系电话", width=14),
        _text(
            "fill_date", "填报日期", "14 位数字，如 20251031085419", width=16, date_style=DateStyle.DIGITS14
        ),
    ),
    "每个项目一行：金额（元）按资金来源分本年和上年结转，以及项目支出绩效目标表的各项内容。",
    freeze="B2",
)

INDICATORS = TableSheet(
    "绩效指标",
    (
        _text(
            "owner",
            "归属",
            f"项目名称（与“项目”表一致），或“{OVERALL_OWNER}”表示部门整体绩效指标",
            required=True,
            width=36,
            max_chars=MAX_PROJECT_NAME,
        ),
        _enum("period", "期间", PERIODS, "项目指标填 实施期 或 年度；部门整体指标不填", width=10),
        _enum("level1", "一级指标", LEVEL1, "", required=True, width=12),
        _enum("level2", "二级指标", LEVEL2, "须属于所选一级指标", required=True, width=16),
        _text(
            "level3",
            "三级指标",
            "指标名称；三级指标和指标值都不填表示该二级指标下暂无指标",
            width=36,
            long=True,
        ),
        _text("value", "指标值", "如 ≥95%、2人、及时", width=20),
    ),
    "项目和部门整体的绩效指标，一行一个三级指标，按印出顺序填写。",
    freeze="B2",
)

OVERALL = FieldSheet(
    "整体绩效",
    (
        _text(
            "duties", "部门职责（整体表）", "可不填：不填时用“概况文字”中的本部门职责", long=True, width=60
        ),
        _text("strategic_goal", "部门战略目标", long=True, width=60),
        _text("annual_goal", "年度绩效目标", long=True, width=60),
        _money("social_insurance_fund", "社会保险基金预算资金", "元；一般为 0"),
        _int(
            "units_total",
            "机关及下属预算单位数",
            "十、绩效管理情况：机关及下属预算单位__个；包括机关。可不填：不填时按“单位”表的单位数",
        ),
        _int(
            "units_reporting",
            "编报整体绩效目标单位数",
            "其中__个单位（包括机关）编报了单位整体绩效目标；不能多于机关及下属预算单位数。可不填：不填时与之相同",
        ),
        _money("amount_reporting", "编报整体绩效涉及资金", "元"),
    ),
    "县(区)级预算部门(单位)整体支出绩效目标申报表的文字和十、绩效管理情况的单位数。"
    "年度重点任务填在“年度重点任务”表，指标填在“绩效指标”表（归属填“部门整体”）。",
)

KEY_TASKS = TableSheet(
    "年度重点任务",
    (
        _text("core_function", "核心职能", required=True, width=50, long=True),
        _text("tasks", "重点任务", required=True, width=80, long=True),
    ),
    "整体支出绩效目标申报表的年度重点任务，一行一项。",
)

THREE_PUBLIC_EXTRA = TableSheet(
    "三公经费（项目支出）",
    (
        _text("project", "项目名称", "可不填；填写时须是“项目”表中的项目", width=36, max_chars=MAX_PROJECT_NAME),
        _enum("item", "三公项目", THREE_PUBLIC_ITEMS, required=True, width=20),
        _enum("source", "资金来源", SOURCES, required=True, width=18),
        _money("amount", "金额", "元", required=True),
    ),
    "只在项目支出中也安排了“三公”经费时填写；基本支出中的三公经费由经济科目自动计算。",
    required=False,
)

FUND_INCOME = TableSheet(
    "基金与国资收入",
    (
        _enum(
            "source",
            "资金来源",
            (FundingSource.GOVERNMENT_FUND.value, FundingSource.STATE_CAPITAL.value),
            required=True,
            width=18,
        ),
        Column(
            "code",
            "收入科目编码",
            Kind.CODE,
            required=True,
            width=14,
            help="政府收支分类收入科目编码，如 1030148",
        ),
        _text("name", "收入科目名称", required=True, width=30),
        _money("amount", "金额", "元", required=True),
    ),
    "只在有政府性基金预算或国有资本经营预算收入时填写（预算表七、九的收入部分）。",
    required=False,
)

PRIOR = FieldSheet(
    "上年数与变动原因",
    (
        _money("prior.income_total", "上年预算收入总计", "元；第三部分一、与上年比较用"),
        _money("prior.expenditure_total", "上年预算支出总计", "元"),
        _money("prior.general_current", "上年一般公共预算当年支出", "元；第三部分五、与上年比较用"),
        _money("prior.agency_operating", "上年机关运行经费", "元；第三部分八、与上年比较用"),
        *(
            _money(f"prior.three_public.{item}", f"上年{item}", "元；不填表示未提供（无三公经费时可不填）")
            for item in THREE_PUBLIC_ITEMS
        ),
        _text("reasons.income", "收入变动原因", "接在“主要原因是”之后", long=True, width=60),
        _text("reasons.expenditure", "支出变动原因", "接在“主要原因是”之后", long=True, width=60),
        _text("reasons.three_public_total", "三公经费总体变动原因", long=True, width=60),
        *(
            _text(f"reasons.three_public_items.{item}", f"{item}变动原因", long=True, width=60)
            for item in THREE_PUBLIC_ITEMS
        ),
        _text("reasons.agency_operating", "机关运行经费变动原因", long=True, width=60),
    ),
    "上年预算数（元，用来计算增减和增长率）与各项增减变动原因（文字）。",
)

ASSETS = FieldSheet(
    "政府采购与资产",
    (
        _money("procurement.goods", "政府采购货物预算", "元"),
        _money("procurement.works", "政府采购工程预算", "元"),
        _money("procurement.services", "政府采购服务预算", "元"),
        _text("assets.as_of", "资产统计截至日期", "如：2025年12月31日", date_style=DateStyle.CHINESE),
        _int("assets.vehicle_quota", "公务用车编制数", "辆"),
        _int("assets.vehicle_actual", "公务用车实有数", "辆；应等于下面七类之和"),
        *(_int(f"assets.vehicles.{v.value}", v.value, "辆") for v in VehicleCategory),
        _text("assets.office_area", "办公用房建筑总面积", "平方米，按填写原样印出，如 460.84"),
        _text("assets.office_note", "办公用房说明", "可不填，接在面积之后印出", long=True, width=60),
        _int("assets.equipment_over_500k", "50万元以上通用设备数", "台（套），单价 50 万元（原值）以上"),
        _int("assets.equipment_over_1m", "100万元以上通用设备数", "台（套），单价 100 万元（原值）以上"),
    ),
    "九、政府采购情况（元）和十一、国有资产占有使用情况。",
)

EXPLANATIONS = TableSheet(
    "情况说明",
    (
        _text("rule", "规则代码", "检查结果中的规则代码，如 X13 或 overall.amount_vs_budget", required=True, width=28),
        _text("cell", "单元格", "警告所在的单元格，如 整体绩效!B8；不填表示该规则的所有警告", width=22),
        _text("text", "说明", "为什么这一项按现在的填法是对的", required=True, width=80, long=True),
    ),
    "对核实无误的警告作出说明（一行一项）：检查结果中该警告显示为“已说明”并附上说明文字。"
    "说明不能消除错误，错误须改正。",
    required=False,
)

#: Every data sheet, in workbook order (after 填报说明).
SHEETS: tuple[Sheet, ...] = (
    INFO,
    UNITS,
    TEXTS,
    BASIC,
    ECONOMIC,
    PROJECTS,
    INDICATORS,
    OVERALL,
    KEY_TASKS,
    THREE_PUBLIC_EXTRA,
    FUND_INCOME,
    PRIOR,
    ASSETS,
    EXPLANATIONS,
)

INSTRUCTIONS_SHEET = "填报说明"
#: the template's own hidden sheet of codes and names (the dropdowns of the 编码 columns read it;
#: the reader ignores it — a hidden sheet with data of any other name is the department's)
CODE_LIST_SHEET = "代码表"
#: the columns whose cells offer a 代码表 dropdown: column key → (代码表 column of codes, of names)
CODE_LIST_COLUMNS = {"function_code": ("A", "B"), "economic_code": ("D", "E")}

GENERAL_RULES: tuple[str, ...] = (
    "金额一律以“元”为单位，最多两位小数，填数字（不要带千分位逗号、不要用全角数字、不要填负数）。",
    "编码按文本填写（单元格已设为文本格式），如 2010301、30101、008，保留前面的 0。",
    "不要改工作表名称和表头，不要合并单元格；可以在最右边增加自己的备注列。",
    "科目名称由工具按编码自动填写，不必手工录入。",
    "中间的空行会被忽略。公式单元格须在 Excel / WPS 中打开并保存后再检查。",
    "填好后运行：gendisclose validate 文件名.xlsx ，一次列出所有错误和警告（工作表、单元格、原因）。",
)


def field_help(col: Column) -> str:
    """The 填写说明 (column C) the template writes beside a key–value field."""
    return col.described + ("（必填）" if col.required else "")


def sheet_by_name(name: str) -> Sheet | None:
    return next((s for s in SHEETS if s.name == name), None)
