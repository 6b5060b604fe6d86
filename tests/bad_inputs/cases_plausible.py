"""Corpus cases: implausible amounts (万元 typed as 元), double counting, contradictions between sheets, empty content (issue 12).

Each workbook is well-formed — every cell reads — and before issue 12 each gave a wrong
disclosure with exit 0 (or an issue that named the wrong cell).
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from gendisclose.workbook.schema import (
    FUND_INCOME,
    KEY_TASKS,
    OVERALL,
    PRIOR,
    TEXTS,
    THREE_PUBLIC_EXTRA,
    UNITS,
    Kind,
    TableSheet,
)

from .base import (
    ASSETS,
    BASIC,
    DEPT_NAME,
    ECONOMIC,
    INDICATORS,
    INFO,
    PROJECT_A,
    PROJECT_ROWS,
    PROJECTS,
    field_ref,
    ref,
    where,
)
from .cases import WARNING, case

IN_WAN = "看起来是按万元填写的，本表金额单位是元"
EXTRA = THREE_PUBLIC_EXTRA


def _to_wan(ws: Worksheet, sheet: TableSheet) -> None:
    """Every money cell of a table sheet divided by 10,000 (two decimals): typed in 万元."""
    for column in sheet.columns:
        if column.kind is not Kind.MONEY:
            continue
        letter = sheet.letter(column.key)
        for row in range(2, ws.max_row + 1):
            c = ws[f"{letter}{row}"]
            if isinstance(c.value, int | float) and c.value:
                c.value = round(c.value / 10000, 2)


def _staff(wb: Workbook, on_payroll: int = 20, others: int = 3) -> None:
    ws = wb[INFO.name]
    ws[field_ref(INFO, "staffing.authorised")] = on_payroll
    ws[field_ref(INFO, "staffing.on_payroll")] = on_payroll
    ws[field_ref(INFO, "staffing.others")] = others


def _extra_row(wb: Workbook, row: int, item: str, amount: float, project: str | None = PROJECT_A,
               source: str = "一般公共预算") -> None:
    ws = wb[EXTRA.name]
    ws[ref(EXTRA, "project", row)] = project
    ws[ref(EXTRA, "item", row)] = item
    ws[ref(EXTRA, "source", row)] = source
    ws[ref(EXTRA, "amount", row)] = amount


def _fund_row(wb: Workbook, row: int, amount: float, code: str = "1030148") -> None:
    ws = wb[FUND_INCOME.name]
    ws[ref(FUND_INCOME, "source", row)] = "政府性基金预算"
    ws[ref(FUND_INCOME, "code", row)] = code
    ws[ref(FUND_INCOME, "name", row)] = "国有土地使用权出让收入"
    ws[ref(FUND_INCOME, "amount", row)] = amount


def _fund_project(wb: Workbook) -> None:
    """信息化运维 paid from 政府性基金预算 instead of 一般公共预算 (same 元)."""
    ws = wb[PROJECTS.name]
    row = PROJECT_ROWS["信息化运维"]
    ws[ref(PROJECTS, "current.government_fund", row)] = ws[ref(PROJECTS, "current.general", row)].value
    ws[ref(PROJECTS, "current.general", row)] = 0


# ================================================================ 万元 typed as 元


@case("workbook", "amount.in_wan_total", IN_WAN, where(BASIC, ref(BASIC, "current.general", 2)))
def everything_in_wan(wb: Workbook) -> None:
    """Every amount of the line sheets typed in 万元, with 23 people on the staff: 表一 would print 0.22万元."""
    for sheet in (BASIC, ECONOMIC, PROJECTS):
        _to_wan(wb[sheet.name], sheet)
    _staff(wb)


@case("workbook", "amount.in_wan_wages", "每人每年只有", where(ECONOMIC, ref(ECONOMIC, "amount", 2)))
def wages_in_wan(wb: Workbook) -> None:
    """基本支出经济分类 in 万元 (工资福利 100 元 for 23 people); the rest in 元."""
    _to_wan(wb[ECONOMIC.name], ECONOMIC)
    _staff(wb)


@case("workbook", "prior.in_wan", "增长", where(PRIOR, field_ref(PRIOR, "prior.income_total")))
def prior_year_in_wan(wb: Workbook) -> None:
    """Only 上年数 typed in 万元: 第三部分 would print “增长1075.55万%”."""
    ws = wb[PRIOR.name]
    for key in ("prior.income_total", "prior.expenditure_total", "prior.general_current", "prior.agency_operating"):
        ws[field_ref(PRIOR, key)] = round(ws[field_ref(PRIOR, key)].value / 10000, 2)


@case("workbook", "prior.in_wan", IN_WAN, where(PRIOR, field_ref(PRIOR, "prior.agency_operating")), level=WARNING)
def prior_year_hundredfold(wb: Workbook) -> None:
    """上年机关运行经费 1/100 of this year's: less certain, a warning."""
    wb[PRIOR.name][field_ref(PRIOR, "prior.agency_operating")] = 7651


@case("workbook", "project.in_wan", IN_WAN, where(PROJECTS, ref(PROJECTS, "current.general", 2)))
def one_project_in_wan(wb: Workbook) -> None:
    """办公楼物业费 typed as 13 (万元) beside lines of 5.6万–176.5万 元."""
    ws = wb[PROJECTS.name]
    ws[ref(PROJECTS, "current.general", 2)] = 13
    for key in ("annual_funds.local", "implementation_funds.local"):
        ws[ref(PROJECTS, key, 2)] = 13


@case("workbook", "procurement.in_wan", IN_WAN, where(ASSETS, field_ref(ASSETS, "procurement.goods")))
def procurement_in_wan(wb: Workbook) -> None:
    wb[ASSETS.name][field_ref(ASSETS, "procurement.goods")] = 1.5


@case("workbook", "three_public.in_wan", IN_WAN, where(EXTRA, ref(EXTRA, "amount", 2)))
def three_public_sheet_in_wan(wb: Workbook) -> None:
    """公务接待费 of 1.2 (万元) on 三公经费（项目支出） while the department spends 215万元."""
    _extra_row(wb, 2, "公务接待费", 1.2)


@case("workbook", "fund_income.in_wan", IN_WAN, where(FUND_INCOME, ref(FUND_INCOME, "amount", 2)))
def fund_income_in_wan(wb: Workbook) -> None:
    """政府性基金 income 5.6 (万元) against 56,000.50 元 of 政府性基金 spending."""
    _fund_project(wb)
    _fund_row(wb, 2, 5.6)


@case("workbook", "project.in_wan", IN_WAN, where(PROJECTS, ref(PROJECTS, "current.general", 3)))
def whole_project_sheet_in_wan(wb: Workbook) -> None:
    """Every project in 万元: compared with the 收支预算 rows, not only with each other."""
    _to_wan(wb[PROJECTS.name], PROJECTS)


@case("workbook", "amount.in_wan_basic_vs_economic", IN_WAN, where(ECONOMIC, ref(ECONOMIC, "amount", 2)))
def economic_sheet_in_wan_without_staff_counts(wb: Workbook) -> None:
    """基本支出经济分类 in 万元 and no staff typed: named against 收支预算, not only “不一致”."""
    _to_wan(wb[ECONOMIC.name], ECONOMIC)


@case("workbook", "project.funds_in_wan", IN_WAN, where(PROJECTS, ref(PROJECTS, "annual_funds.local", 2)))
def annual_funds_in_wan(wb: Workbook) -> None:
    """绩效目标表 年度资金 typed as 13 (万元) for a 130,000 元 project."""
    wb[PROJECTS.name][ref(PROJECTS, "annual_funds.local", 2)] = 13


@case("workbook", "overall.amount_in_wan", IN_WAN, where(OVERALL, field_ref(OVERALL, "amount_reporting")),
      level=WARNING)
def overall_amount_in_wan(wb: Workbook) -> None:
    wb[OVERALL.name][field_ref(OVERALL, "amount_reporting")] = 215.21


# ================================================================ double counting


@case("workbook", "three_public.duplicate_row", "完全相同", where(EXTRA, ref(EXTRA, "amount", 3)))
def three_public_row_pasted_twice(wb: Workbook) -> None:
    _extra_row(wb, 2, "公务接待费", 5000)
    _extra_row(wb, 3, "公务接待费", 5000)


@case("workbook", "three_public.extra_repeats_basic", "金额相同", where(EXTRA, ref(EXTRA, "amount", 2)),
      level=WARNING)
def basic_three_public_retyped_on_project_sheet(wb: Workbook) -> None:
    """公务接待费 5,000 元 of 基本支出 (经济科目 30217) typed again on 三公经费（项目支出）."""
    ws = wb[ECONOMIC.name]
    ws[ref(ECONOMIC, "unit", 5)], ws[ref(ECONOMIC, "economic_code", 5)] = DEPT_NAME, "30217"
    ws[ref(ECONOMIC, "amount", 5)] = 5000
    wb[BASIC.name][ref(BASIC, "current.general", 2)] = 1770100
    wb[PRIOR.name][field_ref(PRIOR, "prior.three_public.公务接待费")] = 5000
    _extra_row(wb, 2, "公务接待费", 5000)


@case("workbook", "project.duplicate_lookalike", "⟨U+200B⟩", where(PROJECTS, "A3"))
def same_project_with_an_invisible_character(wb: Workbook) -> None:
    """信息化运维 overwritten by 办公楼物业费 + a zero-width space: the reader sees one project twice."""
    wb[PROJECTS.name]["A3"] = PROJECT_A + "\u200b"


@case("workbook", "project.duplicate_lookalike", "“办公楼物业费(一期)”", where(PROJECTS, "A3"))
def same_project_with_half_width_parentheses(wb: Workbook) -> None:
    ws = wb[PROJECTS.name]
    ws["A2"], ws["A3"] = "办公楼物业费（一期）", "办公楼物业费(一期)"
    wb[INDICATORS.name]["A2"] = wb[INDICATORS.name]["A3"] = "办公楼物业费（一期）"


@case("workbook", "indicator.duplicate", "重复", where(INDICATORS, "E6"), level=WARNING)
def indicator_row_pasted_twice(wb: Workbook) -> None:
    ws = wb[INDICATORS.name]
    for column in "ABCDEF":
        ws[f"{column}6"] = ws[f"{column}2"].value


@case("workbook", "fund_income.duplicate", "重复", where(FUND_INCOME, ref(FUND_INCOME, "code", 3)))
def fund_income_row_pasted_twice(wb: Workbook) -> None:
    _fund_project(wb)
    _fund_row(wb, 2, 28000.25)
    _fund_row(wb, 3, 28000.25)


@case("workbook", "ref.unit", "⟨U+200B⟩", where(BASIC, ref(BASIC, "unit", 3)))
def unit_name_with_a_zero_width_space(wb: Workbook) -> None:
    """The unit name pasted from a web page with a zero-width space: shown, not just “不在单位表中”."""
    wb[BASIC.name][ref(BASIC, "unit", 3)] = "测试县\u200b测试局"


# ================================================================ contradictions between sheets


@case("workbook", "unit.kind_contradiction", "两处矛盾", where(UNITS, ref(UNITS, "kind", 2)))
def unit_kind_contradicts_department(wb: Workbook) -> None:
    """单位 says 事业单位, 基本信息 says 行政单位: 表十一 would silently vanish."""
    wb[UNITS.name][ref(UNITS, "kind", 2)] = "事业单位"


@case("workbook", "unit.kind_contradiction", "两处矛盾", where(INFO, field_ref(INFO, "unit_kind")))
def department_kind_contradicts_unit(wb: Workbook) -> None:
    """The same contradiction, typed on the other sheet: reported at 基本信息 as well."""
    wb[INFO.name][field_ref(INFO, "unit_kind")] = "参照公务员法管理事业单位"


# ================================================================ empty content


@case("workbook", "content.no_basic", "没有任何基本支出", f"{BASIC.name}!第2行", level=WARNING)
def no_basic_expenditure(wb: Workbook) -> None:
    """收支预算 rows left with 0 and 基本支出经济分类 emptied: only projects remain."""
    ws = wb[BASIC.name]
    ws[ref(BASIC, "current.general", 2)] = ws[ref(BASIC, "current.general", 3)] = 0
    wb[ECONOMIC.name].delete_rows(2, 3)


@case("workbook", "content.no_duties", "本部门职责", TEXTS.name, level=WARNING)
def no_duties(wb: Workbook) -> None:
    wb[TEXTS.name].delete_rows(2)


@case("workbook", "content.no_overall_indicators", "部门整体", INDICATORS.name, level=WARNING)
def no_overall_indicators(wb: Workbook) -> None:
    wb[INDICATORS.name].delete_rows(5)


@case("workbook", "content.no_overall_goal", "年度绩效目标", where(OVERALL, field_ref(OVERALL, "annual_goal")),
      level=WARNING)
def empty_annual_goal(wb: Workbook) -> None:
    wb[OVERALL.name][field_ref(OVERALL, "annual_goal")] = None


@case("workbook", "content.no_key_tasks", "年度重点任务", KEY_TASKS.name, level=WARNING)
def no_key_tasks(wb: Workbook) -> None:
    wb[KEY_TASKS.name].delete_rows(2)


@case("workbook", "info.year_far", "2099", where(INFO, field_ref(INFO, "year")), level=WARNING)
def budget_year_far_ahead(wb: Workbook) -> None:
    wb[INFO.name][field_ref(INFO, "year")] = 2099


# ================================================================ the typed value's cell, not the sheet


@case("workbook", "staffing.over_quota", "核定编制数", where(INFO, field_ref(INFO, "staffing.on_payroll")),
      level=WARNING)
def staffing_over_quota_at_the_count(wb: Workbook) -> None:
    """Named at 在编人员数, not at 部门名称 (基本信息!B2) as before."""
    _staff(wb, on_payroll=30)
    wb[INFO.name][field_ref(INFO, "staffing.authorised")] = 20


@case("workbook", "assets.equipment", "后者包含前者", where(ASSETS, field_ref(ASSETS, "assets.equipment_over_1m")))
def equipment_counts_at_the_cell(wb: Workbook) -> None:
    ws = wb[ASSETS.name]
    ws[field_ref(ASSETS, "assets.equipment_over_500k")] = 1
    ws[field_ref(ASSETS, "assets.equipment_over_1m")] = 2


@case("workbook", "procurement.exceeds_budget", "大于表一支出总计",
      where(ASSETS, field_ref(ASSETS, "procurement.works")))
def procurement_over_budget_at_the_cell(wb: Workbook) -> None:
    wb[ASSETS.name][field_ref(ASSETS, "procurement.works")] = 99999999


@case("workbook", "three_public.exceeds_projects", "不能多于项目支出", where(EXTRA, ref(EXTRA, "amount", 2)))
def project_three_public_over_project_money_at_the_cell(wb: Workbook) -> None:
    _extra_row(wb, 2, "公务用车购置费", 900000)
