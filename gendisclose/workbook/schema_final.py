"""The 决算 (final accounts) workbook: its sheets and columns, beside the budget's (:mod:`.schema`).

The sheets both kinds share are the budget's own definitions: 单位 is the same object;
基本信息 and 概况文字 are derived from the budget's (same columns, same help) with what differs
for a 决算 — the year is the 决算年度, the budget-only fields (编制人员, 区县名称) are left out,
and 概况文字 holds only 第一部分's two parts. The reader recognises the kind by the sheets a
workbook has (:mod:`.kinds`).

What the department types for a 决算 (seed 003, ``003.md`` “What a 决算 workbook needs”), each
fact once: income by 功能科目 (项) × the eight sources; spending by 项 × kind with its fiscal
split; 年初/年末结转和结余 by 资金性质; 基本支出 by 经济科目 (J06); 年初预算 and 上年决算 per 类;
“三公” 预算数 and 决算数 with their counts; the other figures of J10 and the prior year; the
project self-evaluations.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import ThreePublicItem
from ..model_final import EvaluationFunding, FinalVehicleCategory, Funding, Grade, IncomeSource
from .schema import (
    _FUNCTION_CODE,
    BASIC,
    ECONOMIC,
    INFO,
    TEXTS,
    UNITS,
    Column,
    DateStyle,
    FieldSheet,
    Kind,
    Sheet,
    TableSheet,
    _enum,
    _int,
    _money,
    _text,
)

# ---------------------------------------------------------------- shared sheets, 决算 flavour

#: 基本信息 fields a 决算 uses (the others feed the budget's 整体支出绩效目标申报表 and project titles).
INFO_FIELDS = ("name", "code", "year", "unit_kind", "contact_person", "contact_phone")

FINAL_INFO = FieldSheet(
    INFO.name,
    tuple(
        replace(c, header="决算年度", help="决算所属年度，如 2023") if c.key == "year" else c
        for c in INFO.fields
        if c.key in INFO_FIELDS
    ),
    "部门的名称、代码、决算年度和性质。每项填在 B 列。",
)

#: 概况文字 部分 of a 决算 → the field its paragraphs go to: 第一部分 概况 (on the department's
#: 基本信息) and the paragraphs of 十（四）2 and of the 附件 (on :class:`FinalNarrative`).
FINAL_TEXT_PARTS: dict[str, str] = {
    "本部门职责": "duties",
    "机构设置情况": "organisation",
    "绩效其他需要说明的事项": "performance_other",
    "自评报告引言": "report_intro",
    "自评组织实施情况": "report_organisation",
    "自评结果及分析": "report_analysis",
    "自评发现的问题": "report_problems",
    "整改措施": "report_measures",
    "自评结果应用建议": "report_suggestions",
    "自评其他需要说明的问题": "report_other",
}

FINAL_TEXTS = replace(
    TEXTS,
    columns=tuple(replace(c, choices=tuple(FINAL_TEXT_PARTS)) if c.key == "part" else c for c in TEXTS.columns),
    help="成段的文字，按印出顺序一行一段：第一部分概况（本部门职责、机构设置情况）；第三部分十（四）2"
    "“其他需要说明的事项”（不填印“无。”）；第五部分附件“项目支出绩效自评总结报告”的引言和各节"
    "（自评组织实施情况、自评结果及分析、自评发现的问题、整改措施、自评结果应用建议、自评其他需要说明的问题）。",
)

# ---------------------------------------------------------------- columns

_FUNCTION_NAME = BASIC.column("function_name")
_INCOME_KEYS = ("general", "government_fund", "state_capital", "higher_grant", "business", "operating",
                "subordinate", "other")
_FUNDING_KEYS = ("general", "government_fund", "state_capital", "non_fiscal")
FUNDINGS = tuple(f.value for f in Funding)
#: the “三公” items in the order J09 prints them
ITEMS = tuple(i.value for i in (ThreePublicItem.OVERSEAS, ThreePublicItem.VEHICLE_PURCHASE,
                                ThreePublicItem.VEHICLE_OPERATION, ThreePublicItem.RECEPTION))


def _fundings(key: str, label: str) -> tuple[Column, ...]:
    return tuple(
        _money(f"{key}.{field}", f"{label}（{funding}）", f"{label}中“{funding}”的决算数，元；没有填 0 或留空")
        for field, funding in zip(_FUNDING_KEYS, FUNDINGS, strict=True)
    )


# ---------------------------------------------------------------- sheets

INCOME = TableSheet(
    "收入决算",
    (
        _FUNCTION_CODE,
        _FUNCTION_NAME,
        *(
            _money(f"amounts.{field}", source.value, f"本年取得的“{source.value}”，元；没有填 0 或留空")
            for field, source in zip(_INCOME_KEYS, IncomeSource, strict=True)
        ),
    ),
    "本年收入：每个功能科目（项）一行，按八种收入来源填列，金额单位元（公开02表；公开01表、04表的收入由此汇总）。",
    freeze="C2",
)

SPENDING = TableSheet(
    "支出决算",
    (
        _FUNCTION_CODE,
        _FUNCTION_NAME,
        *_fundings("basic", "基本支出"),
        *_fundings("project", "项目支出"),
        _money("to_higher", "上缴上级支出", "元"),
        _money("operating", "经营支出", "元"),
        _money("to_subordinate", "对附属单位补助支出", "元"),
    ),
    "本年支出：每个功能科目（项）一行，基本支出和项目支出按资金性质分列，金额单位元"
    "（公开03表；01、04、05、07、08表的支出由此汇总）。上缴上级、经营、对附属单位补助支出属非财政拨款。",
    freeze="C2",
)

BALANCES = TableSheet(
    "结转结余",
    (
        _enum("funding", "资金性质", FUNDINGS, "四种之一", required=True, width=26),
        replace(_FUNCTION_CODE, required=False,
                help="7 位功能科目编码；政府性基金预算财政拨款必须填（公开07表按科目列示），其他可不填"),
        _money("opening", "年初结转和结余", "元"),
        _money("closing", "年末结转和结余", "元"),
    ),
    "年初、年末结转和结余：每种资金性质一行（政府性基金按功能科目每项一行），金额单位元。"
    "应满足：年末 = 年初 + 本年收入 − 本年支出（非财政拨款还要加使用结余、减结余分配）。",
)

DETAIL = TableSheet(
    "基本支出决算明细",
    (
        ECONOMIC.column("economic_code"),
        ECONOMIC.column("economic_name"),
        _money("amount", "决算数", "一般公共预算财政拨款基本支出，元", required=True),
    ),
    "一般公共预算财政拨款基本支出按部门预算支出经济分类（款）填列，每个科目一行，金额单位元（公开06表）；"
    "合计应等于“支出决算”中一般公共预算财政拨款的基本支出。",
)

CLASSES = TableSheet(
    "年初预算与上年决算",
    (
        Column("class_code", "功能科目类编码", Kind.CODE, required=True, digits=3, width=14,
               help="3 位支出功能分类科目类编码，如 201"),
        _text("class_name", "类名称", "可不填，由工具按编码填写", width=24),
        _money("budget_at_start", "年初预算数", "一般公共预算财政拨款支出的年初预算，元"),
        _money("prior_final", "上年决算数", "上年一般公共预算财政拨款支出决算，元；不填表示未提供"),
        _text("purpose", "主要用途", "第三部分五（三）“用于……”，如：人员类经费、数字政府服务中心房租", width=40, long=True),
        _text("reason", "与上年相比增减的主要原因", "第三部分五（三）“主要原因是……”", width=40, long=True),
    ),
    "一般公共预算财政拨款支出按功能科目类填列年初预算数、上年决算数、用途和增减原因"
    "（第三部分五（三）与预算和上年比较用），合计由工具计算。",
)

THREE_PUBLIC = FieldSheet(
    "三公经费决算",
    (
        *(_money(f"budget.{item}", f"{item}预算数", "元，全年预算数（按规定程序调整后）") for item in ITEMS),
        *(
            _money(f"final.{item}", f"{item}决算数", "元，财政拨款（含以前年度结转）实际支出")
            for item in ITEMS
            if item != ThreePublicItem.RECEPTION.value
        ),
        _money("reception_domestic", "国内公务接待费决算数", "元；公务接待费决算数 = 国内 + 国（境）外"),
        _money("reception_foreign_affairs", "其中：外事接待费决算数", "元，包含在国内公务接待费中"),
        _money("reception_abroad", "国（境）外公务接待费决算数", "元"),
        _int("overseas_groups", "因公出国（境）团组数", "个"),
        _int("overseas_people", "因公出国（境）人次", "人次"),
        _int("vehicles_bought", "财政拨款购置公务用车数", "辆"),
        _int("vehicles_held", "财政拨款负担的公务用车保有量", "辆"),
        _int("domestic_batches", "国内公务接待批次", "批次"),
        _int("domestic_people", "国内公务接待人次", "人次"),
        _int("foreign_affairs_batches", "其中：外事接待批次", "批次"),
        _int("foreign_affairs_people", "其中：外事接待人次", "人次"),
        _int("abroad_batches", "国（境）外公务接待批次", "批次"),
        _int("abroad_people", "国（境）外公务接待人次", "人次"),
    ),
    "财政拨款“三公”经费的预算数、决算数（元）和出国团组、车辆、接待批次人次（公开09表，第三部分九）。",
)

SUPPLEMENT = FieldSheet(
    "决算其他数据",
    (
        _money("reserves_used", "使用非财政拨款结余和专用结余", "元（公开01表第28行）"),
        _money("surplus_distribution", "结余分配", "元（公开01表第59行）"),
        _money("prior.total", "上年收入支出总计", "元，上年决算（收入总计 = 支出总计）；第三部分一、与上年比较用"),
        _money("prior.fiscal_total", "上年财政拨款收入支出总计", "元，上年决算；第三部分四、与上年比较用"),
        _money("prior.agency_operating", "上年机关运行经费", "元，上年决算"),
        *(_money(f"prior.three_public.{item}", f"上年{item}决算数", "元") for item in ITEMS),
        _money("agency_operating.administrative", "机关运行经费（行政单位）", "元（公开10表第5行）"),
        _money("agency_operating.civil_service_managed", "机关运行经费（参照公务员法管理事业单位）", "元（公开10表第6行）"),
        _money("procurement.goods", "政府采购货物支出", "元"),
        _money("procurement.works", "政府采购工程支出", "元"),
        _money("procurement.services", "政府采购服务支出", "元"),
        _money("procurement.sme", "授予中小企业合同金额", "元"),
        _money("procurement.small_micro", "其中：授予小微企业合同金额", "元"),
        _text("assets.as_of", "资产统计截至日期", "如：2023年12月31日", date_style=DateStyle.CHINESE),
        *(_int(f"assets.vehicles.{c.value}", c.value, "辆") for c in FinalVehicleCategory),
        _text("assets.other_vehicles_purpose", "其他用车主要用途", "如：无"),
        _int("assets.equipment_over_1m", "单价100万元（含）以上设备数", "台（套），不含车辆"),
    ),
    "结余使用与分配、上年决算数、机关运行经费、政府采购（元）和车辆、大型设备（公开01表、10表，第三部分）。",
)

def _words(key: str, header: str, help: str) -> Column:
    return _text(key, header, help, width=60, long=True)


NARRATIVE = FieldSheet(
    "情况说明文字",
    (
        _words("total_reason", "收入支出总计增减的主要原因", "第三部分一、“主要原因是……”（不用写句号）"),
        _words("fiscal_reason", "财政拨款收支总计增减的主要原因", "第三部分四、“主要原因是……”"),
        _words("general_reason", "一般公共预算财政拨款支出增减的主要原因", "第三部分五（一）“主要原因是……”"),
        _words("personnel_includes", "人员经费主要包括", "第三部分六、如：人员工资、养老保险、医疗保险、住房公积金等；"
               "不填按公开06表人员经费科目列出"),
        _words("public_includes", "公用经费主要包括", "第三部分六、如：办公费、邮电费、差旅费；不填按公开06表公用经费科目列出"),
        *(_words(f"three_public_reasons.{item}", f"{item}增减的主要原因",
                 f"第三部分九（一）“主要原因是：……”；不填且没有此项支出时印“本单位无{item}支出”") for item in ITEMS),
        _words("overseas_purpose", "因公出国（境）费主要用途", "第三部分九（二）1；不填印“无”"),
        _words("vehicle_purchase_purpose", "公务用车购置主要用途", "第三部分九（二）2；不填印“无”"),
        _words("vehicle_operation_purpose", "公务用车运行维护费主要用途", "第三部分九（二）3；不填印“无”"),
        _words("foreign_affairs_purpose", "外事接待主要接待对象", "第三部分九（二）4“主要是接待……”；不填印“无”"),
        _words("abroad_purpose", "国（境）外接待主要内容", "第三部分九（二）4“主要是……”；不填印“无”"),
        _words("agency_operating_reason", "机关运行经费增减的主要原因", "第三部分十（一）“主要原因是……”"),
        _words("performance_measures", "对“中”“差”项目的改进管理措施", "第三部分十（四）1“采取的改进管理措施为：……”，原样印出"),
    ),
    "第三部分情况说明中由部门填写的原因、用途和措施，每项一句，填在 B 列；成段的文字填在“概况文字”。",
    required=False,
)

EVALUATIONS = TableSheet(
    "绩效自评",
    (
        _text("name", "项目名称", "开展绩效自评的项目", required=True, width=36),
        _enum("funding", "资金来源", tuple(f.value for f in EvaluationFunding), "不填按一般公共预算", width=18),
        _money("budget", "预算指标", "元"),
        _money("paid", "支付金额", "元"),
        _text("score", "得分", "0～100 的数字，如 94 或 94.5", width=10),
        _enum("grade", "自评结果", tuple(g.value for g in Grade), "自评等级", width=10),
    ),
    "项目支出绩效自评：每个自评项目一行（第三部分十（四）和附件）。",
    required=False,
)

#: Every data sheet of a 决算 workbook, in workbook order (after 填报说明).
FINAL_SHEETS: tuple[Sheet, ...] = (
    FINAL_INFO,
    UNITS,
    FINAL_TEXTS,
    INCOME,
    SPENDING,
    BALANCES,
    DETAIL,
    CLASSES,
    THREE_PUBLIC,
    SUPPLEMENT,
    NARRATIVE,
    EVALUATIONS,
)

FINAL_GENERAL_RULES: tuple[str, ...] = (
    "金额一律以“元”为单位，最多两位小数，填数字（不要带千分位逗号、不要用全角数字、不要填负数）；表中印出万元，由工具四舍五入。",
    "编码按文本填写（单元格已设为文本格式），如 2010301、30101、201，保留前面的 0。",
    "不要改工作表名称和表头，不要合并单元格；可以在最右边增加自己的备注列。不要加入预算工作簿的工作表。",
    "科目名称由工具按编码自动填写，不必手工录入；合计、小计、类、款由工具计算，只填到“项”。",
    "中间的空行会被忽略。公式单元格须在 Excel / WPS 中打开并保存后再检查。",
    "填好后运行：gendisclose validate 文件名.xlsx ，一次列出所有错误和警告（工作表、单元格、原因）。",
)


def final_sheet_by_name(name: str) -> Sheet | None:
    return next((s for s in FINAL_SHEETS if s.name == name), None)
