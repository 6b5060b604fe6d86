"""Content a published disclosure cannot lack (issue 12): each a warning at its place.

A workbook can be complete in form and still give a document with an empty section: no
基本支出 at all, no 本部门职责, an 整体支出绩效目标申报表 without indicators, goals or
年度重点任务, a 预算年度 nobody is publishing now. None of these is certain enough to stop
a build (a department may truly have no 整体 table this year), so each is a warning.
"""

from __future__ import annotations

from datetime import date

from ..derive.tables import BudgetTables
from ..issues import Issue, Location, warning
from ..model import Department
from ._text import (
    BASIC_SHEET,
    INDICATOR_SHEET,
    INFO_SHEET,
    KEY_TASKS_SHEET,
    OVERALL_SHEET,
    TEXTS_SHEET,
    field_cell,
)

#: A 预算年度 more than this many years after / before today's year is warned about.
YEARS_AHEAD, YEARS_BEHIND = 1, 5


def rule_has_basic_expenditure(dept: Department, _: BudgetTables) -> list[Issue]:
    if any(x.current.total or x.carried.total for x in dept.basic_lines):
        return []
    first = next((x.location for x in dept.basic_lines if x.location), None)
    return [warning(
        "content.no_basic",
        "没有任何基本支出（收支预算没有金额）：表三、表五、表六的基本支出和人员经费、公用经费将全为空，"
        "部门预算一般都有基本支出，请核实",
        first or Location(BASIC_SHEET),
    )]


def rule_has_duties(dept: Department, _: BudgetTables) -> list[Issue]:
    if any(b.text.strip() for b in dept.info.duties):
        return []
    return [warning(
        "content.no_duties",
        "“概况文字”中没有“本部门职责”的内容：第一部分“一、本部门职责”将是空的，请填写",
        Location(TEXTS_SHEET),
    )]


def rule_has_overall_indicators(dept: Department, _: BudgetTables) -> list[Issue]:
    if any(i.project is None for i in dept.indicators):
        return []
    return [warning(
        "content.no_overall_indicators",
        "没有部门整体绩效指标（“绩效指标”表中归属为“部门整体”的行）：整体支出绩效目标申报表的绩效指标将是空的",
        Location(INDICATOR_SHEET),
    )]


def rule_has_overall_goals(dept: Department, _: BudgetTables) -> list[Issue]:
    overall = dept.overall
    issues = [
        warning("content.no_overall_goal", f"“{label}”未填写：整体支出绩效目标申报表的这一栏将是空的",
                field_cell(overall, key, OVERALL_SHEET))
        for key, label, value in (("strategic_goal", "部门战略目标", overall.strategic_goal),
                                  ("annual_goal", "年度绩效目标", overall.annual_goal))
        if not (value or "").strip()
    ]
    if not overall.key_tasks:
        issues.append(warning(
            "content.no_key_tasks", "没有年度重点任务：整体支出绩效目标申报表的“年度重点任务”将是空的",
            Location(KEY_TASKS_SHEET),
        ))
    return issues


def rule_year_near_today(dept: Department, _: BudgetTables) -> list[Issue]:
    """A 预算年度 far from today's year (2099, 2016): a slip, or an old workbook."""
    year, today = dept.info.year, date.today().year
    if today - YEARS_BEHIND <= year <= today + YEARS_AHEAD:
        return []
    return [warning(
        "info.year_far",
        f"预算年度是 {year} 年，离今年（{today} 年）{'还有' if year > today else '已过去'} {abs(year - today)} 年：请核实年度",
        field_cell(dept.info, "year", INFO_SHEET),
    )]


RULES = (
    rule_has_basic_expenditure,
    rule_has_duties,
    rule_has_overall_indicators,
    rule_has_overall_goals,
    rule_year_near_today,
)
