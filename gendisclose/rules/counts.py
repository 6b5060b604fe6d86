"""Counts and figures typed twice (issue 17): each checked against where the workbook knows it.

* the unit counts of 基本信息 and 整体绩效 against the 单位 sheet (所属预算单位数 does not count
  the 机关 itself; 机关及下属预算单位数 does; 编报整体绩效目标单位数 cannot exceed the latter);
* 内设职能部门数 against the offices 机构设置情况 names;
* a 行政单位 with 事业运行 lines (xxx50: the running costs of a 事业单位);
* a 成本指标 larger than the project's money; a one-year project whose 年度 and 实施期
  indicators differ.

Only ``overall.units_reporting`` (more reporting units than units) is certain: an error. The
others are warnings at the typed cell.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from ..derive.tables import BudgetTables
from ..issues import Issue, Location, error, warning
from ..model import Department, IndicatorPeriod, Project, UnitKind
from ..reference import function_name
from ._text import BASIC_SHEET, INDICATOR_SHEET, INFO_SHEET, OVERALL_SHEET, TEXTS_SHEET, field_cell, wan
from .inputs import _is_one_year

# ---------------------------------------------------------------- unit counts


def unit_count(dept: Department) -> int:
    """The department's budget units: the 单位 sheet, or the department alone when it lists none."""
    return len(dept.units) or 1


def rule_unit_counts(dept: Department, _: BudgetTables) -> list[Issue]:
    units, o, s = unit_count(dept), dept.overall, dept.info.staffing
    listed = f"“单位”表列出 {units} 个单位" if dept.units else "未填“单位”表（按部门本身 1 个单位）"
    issues = []
    total = o.units_total if o.units_total is not None else units
    if o.units_total is not None and o.units_total != units:
        issues.append(warning(
            "overall.units_total",
            f"机关及下属预算单位数填的是 {o.units_total} 个，但{listed}：第三部分十、印填写的数，请核实"
            "（可不填，不填时按“单位”表计算）",
            field_cell(o, "units_total", OVERALL_SHEET),
        ))
    if o.units_reporting is not None and o.units_reporting > total:
        issues.append(error(
            "overall.units_reporting",
            f"编报整体绩效目标单位数 {o.units_reporting} 个多于机关及下属预算单位数 {total} 个"
            f"（{'整体绩效表所填' if o.units_total is not None else listed}）：编报的单位不能多于全部单位",
            field_cell(o, "units_reporting", OVERALL_SHEET),
        ))
    # a department alone may count itself (1) or not (0); with 所属单位 the 机关 is not counted
    if s.subordinate_units is not None and s.subordinate_units != units - 1 and not (units == 1 == s.subordinate_units):
        issues.append(warning(
            "staffing.subordinate_units",
            f"所属预算单位数填的是 {s.subordinate_units} 个，但{listed}：所属预算单位数不含机关本身，"
            f"应为 {units - 1} 个，请核实",
            field_cell(dept.info, "staffing.subordinate_units", INFO_SHEET),
        ))
    return issues


# ---------------------------------------------------------------- 内设机构

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_STATED = re.compile(
    r"内?设(?!置)[^。；;，,]{0,40}?([0-9]+|[一二两三四五六七八九十]+)\s*个(?:内设|职能)?"
    r"(?:股室|科室|处室|机构|部门|股|科|室|处|中心)"
)
_LISTED = re.compile(r"(?:分别是|分别为|包括)[：:]?([^。；;]+)")


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
    return _DIGITS.get(text, 0)


def rule_offices_count(dept: Department, _: BudgetTables) -> list[Issue]:
    """内设职能部门数 against the first count 机构设置情况 states (the 机关's, described first)."""
    typed = dept.info.staffing.internal_departments
    for block in dept.info.organisation:
        stated = _STATED.search(block.text)
        if stated is None:
            continue
        count = _number(stated.group(1))
        listed = _LISTED.search(block.text, stated.end())
        names = [n for n in re.split(r"[、，,]", listed.group(1)) if n.strip()] if listed else []
        where = block.location or Location(TEXTS_SHEET)
        if names and len(names) != count:
            return [warning(
                "staffing.offices_count",
                f"机构设置情况写“{stated.group(0)}”，但接着列出了 {len(names)} 个：请核实",
                where,
            )]
        if typed is not None and typed != count:
            return [warning(
                "staffing.offices_count",
                f"内设职能部门数填的是 {typed} 个，但机构设置情况写“{stated.group(0)}”：整体支出绩效目标申报表"
                "印填写的数，请核实",
                field_cell(dept.info, "staffing.internal_departments", INFO_SHEET), where,
            )]
        return []
    return []


# ---------------------------------------------------------------- 行政单位 with 事业运行


def rule_administrative_without_institution_running(dept: Department, _: BudgetTables) -> list[Issue]:
    issues = []
    for x in dept.basic_lines:
        if dept.unit_kind(x.unit) is not UnitKind.ADMINISTRATIVE or function_name(x.function_code) != "事业运行":
            continue
        issues.append(warning(
            "unit.admin_operating",
            f"单位“{x.unit}”是行政单位，却有“{x.function_code} 事业运行”的基本支出：事业运行是事业单位的经费，"
            "请核实功能科目（行政单位一般用 xxx01 行政运行），或在“单位”表中把该事业单位单独列出",
            x.cells.get("function_code") or x.location or Location(BASIC_SHEET),
        ))
    return issues


# ---------------------------------------------------------------- 成本指标, one-year indicators

_AMOUNT = re.compile(r"([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(万元|元)")


def _amount(value: str) -> Decimal | None:
    """The 元 amount a 成本指标 value states (``≤50万元`` → 500000), or None."""
    found = _AMOUNT.search(value)
    if found is None:
        return None
    try:
        number = Decimal(re.sub(r"[,，]", "", found.group(1)))
    except InvalidOperation:
        return None
    return number * 10000 if found.group(2) == "万元" else number


def _funds(p: Project, period: IndicatorPeriod | None) -> Decimal:
    annual = p.annual_funds.total if p.annual_funds is not None and p.annual_funds.total else p.total
    if period is IndicatorPeriod.IMPLEMENTATION and p.implementation_funds is not None:
        return max(p.implementation_funds.total, annual)
    return annual


def rule_cost_within_funds(dept: Department, _: BudgetTables) -> list[Issue]:
    projects = {p.name: p for p in dept.projects}
    issues = []
    for ind in dept.indicators:
        p = projects.get(ind.project or "")
        if p is None or ind.level2 != "成本指标":
            continue
        amount, funds = _amount(ind.value), _funds(p, ind.period)
        if amount is None or not funds or amount <= funds:
            continue
        issues.append(warning(
            "indicator.cost_over_funds",
            f"项目“{p.name}”的成本指标“{ind.level3}：{ind.value}”（{wan(amount)}）大于项目资金 {wan(funds)}："
            "是单位写错了（元/万元）还是金额有误？请核实",
            ind.cells.get("value") or ind.location or Location(INDICATOR_SHEET),
        ))
    return issues


def rule_one_year_indicators_alike(dept: Department, _: BudgetTables) -> list[Issue]:
    """A 1-year project's 实施期 and 年度 are the same year: their indicators should be the same."""
    issues = []
    for p in dept.projects:
        if not _is_one_year(p):
            continue
        mine = [i for i in dept.indicators if i.project == p.name]
        sides = {period: Counter((i.level1, i.level2, i.level3, i.value) for i in mine if i.period is period)
                 for period in IndicatorPeriod}
        annual, whole = sides[IndicatorPeriod.ANNUAL], sides[IndicatorPeriod.IMPLEMENTATION]
        if not annual or not whole or annual == whole:
            continue
        odd = next(i for i in mine if i.period is not None
                   and sides[i.period][(i.level1, i.level2, i.level3, i.value)]
                   != sides[_other(i.period)][(i.level1, i.level2, i.level3, i.value)])
        issues.append(warning(
            "indicator.one_year_differ",
            f"项目“{p.name}”项目期为1年，但年度指标与实施期指标不同（如“{odd.level3}：{odd.value}”只在"
            f"{odd.period.value if odd.period else ''}中）：一年期项目两者一般相同，请核实",
            odd.cells.get("value") or odd.location or Location(INDICATOR_SHEET),
        ))
    return issues


def _other(period: IndicatorPeriod) -> IndicatorPeriod:
    return IndicatorPeriod.ANNUAL if period is IndicatorPeriod.IMPLEMENTATION else IndicatorPeriod.IMPLEMENTATION


RULES = (rule_unit_counts, rule_offices_count, rule_administrative_without_institution_running,
         rule_cost_within_funds, rule_one_year_indicators_alike)
