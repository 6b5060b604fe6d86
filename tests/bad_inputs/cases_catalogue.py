"""Corpus cases: the mistakes published documents contain that issue 17's checks catch.

Each workbook is well-formed and, before issue 17, gave exit 0 with no word about it: a 填报日期
that is no moment, a year left over from an old document, a 成本指标 above the project's money,
a one-year project whose two sides of indicators differ, 内设机构 counts that disagree, a
行政单位 with 事业运行 lines, a large change with no reason or a reason ending in ``：``, unit
counts the 单位 sheet contradicts.
"""

from __future__ import annotations

from openpyxl import Workbook

from gendisclose.workbook.schema import OVERALL, PRIOR, TEXTS

from .base import BASIC, INDICATORS, INFO, PROJECT_A, PROJECT_ROWS, PROJECTS, field_ref, ref, where
from .cases import WARNING, case

ROW_A = PROJECT_ROWS[PROJECT_A]
#: the base workbook's 绩效指标 rows 2–5 (three project indicators and one 部门整体); new ones go below
NEXT_INDICATOR = 6


def _indicator(wb: Workbook, row: int, level2: str, level3: str, value: str, period: str = "年度",
               level1: str = "产出指标") -> None:
    ws = wb[INDICATORS.name]
    for key, text in (("owner", PROJECT_A), ("period", period), ("level1", level1), ("level2", level2),
                      ("level3", level3), ("value", value)):
        ws[ref(INDICATORS, key, row)] = text


@case("workbook", "project.fill_date", "不是真实的日期和时间", where(PROJECTS, ref(PROJECTS, "fill_date", ROW_A)),
      level=WARNING)
def fill_date_minute_81(wb: Workbook) -> None:
    """填报日期 20251031088119: 08时81分 (a published table printed it)."""
    wb[PROJECTS.name][ref(PROJECTS, "fill_date", ROW_A)] = "20251031088119"


@case("workbook", "text.year_other", "2023年", where(PRIOR, field_ref(PRIOR, "reasons.income")), level=WARNING)
def reason_cites_an_old_budget(wb: Workbook) -> None:
    """A 2026 document whose 收入变动原因 cites the 2023年部门汇总预算 (copied from an old one)."""
    wb[PRIOR.name][field_ref(PRIOR, "reasons.income")] = "按照2023年部门汇总预算安排，人员经费增加"


@case("workbook", "indicator.cost_over_funds", "大于项目资金", where(INDICATORS, ref(INDICATORS, "value", NEXT_INDICATOR)),
      level=WARNING)
def cost_indicator_above_the_money(wb: Workbook) -> None:
    """办公楼物业费 has 13万元, its 成本指标 says ≤50万元."""
    _indicator(wb, NEXT_INDICATOR, "成本指标", "物业费成本", "≤50万元")


@case("workbook", "indicator.one_year_differ", "年度指标与实施期指标不同", where(INDICATORS, ref(INDICATORS, "value", 2)),
      level=WARNING)
def one_year_project_with_two_different_sides(wb: Workbook) -> None:
    """A 1年 project whose only 实施期 indicator differs from its 年度 ones."""
    wb[PROJECTS.name][ref(PROJECTS, "period", ROW_A)] = "1年"
    _indicator(wb, NEXT_INDICATOR, "数量指标", "物业服务面积", "≥2000平方米", period="实施期")


@case("workbook", "staffing.offices_count", "内设4个股室",
      where(INFO, field_ref(INFO, "staffing.internal_departments")), level=WARNING)
def offices_typed_and_described_differ(wb: Workbook) -> None:
    """内设职能部门数 5 while 机构设置情况 says 内设4个股室."""
    wb[INFO.name][field_ref(INFO, "staffing.internal_departments")] = 5
    ws = wb[TEXTS.name]
    ws[ref(TEXTS, "part", 3)] = "机构设置情况"
    ws[ref(TEXTS, "text", 3)] = "本局内设4个股室，分别是办公室、审批股、法制股、监管股。"


@case("workbook", "unit.admin_operating", "事业运行", where(BASIC, ref(BASIC, "function_code", 3)), level=WARNING)
def administrative_unit_with_institution_running(wb: Workbook) -> None:
    """The 行政单位's second basic line on 2010350 事业运行."""
    wb[BASIC.name][ref(BASIC, "function_code", 3)] = "2010350"


@case("workbook", "reason.missing", "没有填写变动原因", where(PRIOR, field_ref(PRIOR, "reasons.income")), level=WARNING)
def doubled_income_without_a_reason(wb: Workbook) -> None:
    """收入 from 100万元 last year to 215万元, and no 收入变动原因."""
    wb[PRIOR.name][field_ref(PRIOR, "prior.income_total")] = 1000000


@case("workbook", "reason.punctuation", "以“：”结尾", where(PRIOR, field_ref(PRIOR, "reasons.expenditure")),
      level=WARNING)
def reason_ending_in_a_colon(wb: Workbook) -> None:
    """支出变动原因 “主要是：” → 主要原因是主要是：。"""
    wb[PRIOR.name][field_ref(PRIOR, "reasons.expenditure")] = "人员变动，主要是："


@case("workbook", "overall.units_reporting", "编报的单位不能多于全部单位",
      where(OVERALL, field_ref(OVERALL, "units_reporting")))
def more_reporting_units_than_units(wb: Workbook) -> None:
    """编报整体绩效目标单位数 2 of a department of 1 unit."""
    wb[OVERALL.name][field_ref(OVERALL, "units_reporting")] = 2


@case("workbook", "overall.units_total", "列出 1 个单位", where(OVERALL, field_ref(OVERALL, "units_total")),
      level=WARNING)
def units_total_not_the_units_sheet(wb: Workbook) -> None:
    """机关及下属预算单位数 3, 单位 sheet lists 1."""
    wb[OVERALL.name][field_ref(OVERALL, "units_total")] = 3
    wb[OVERALL.name][field_ref(OVERALL, "units_reporting")] = 1


@case("workbook", "staffing.subordinate_units", "不含机关本身",
      where(INFO, field_ref(INFO, "staffing.subordinate_units")), level=WARNING)
def subordinate_units_more_than_listed(wb: Workbook) -> None:
    """所属预算单位数 3 with only the 机关 on the 单位 sheet."""
    wb[INFO.name][field_ref(INFO, "staffing.subordinate_units")] = 3
