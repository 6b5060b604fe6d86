"""Checks on what the department wrote (issue 17): dates, years and the reasons for changes.

Mistakes the published documents contain and the tables cannot show: a 填报日期 that is no
moment (a minute of 81), a year left over from an earlier document (a 2026 disclosure citing
``2023年部门汇总预算``), a large change with no reason given, a reason whose last mark the
sentence template cannot take (``主要原因是……：。``). All are warnings at the typed cell.

:func:`rule_reasons_given` needs the profile's threshold (``checks.reason_threshold``): it is
not in :data:`RULES` but called by :func:`gendisclose.rules.check_department` with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

from ..derive.tables import BudgetTables
from ..derive.wording import clause
from ..issues import Issue, Location, warning
from ..model import Department, ThreePublicItem
from ..textkey import reveal
from ._text import OVERALL_SHEET, PRIOR_SHEET, PROJECT_SHEET, TEXTS_SHEET, field_cell, wan

ZERO = Decimal("0")
#: the default of ``checks.reason_threshold``: a change of a fifth or more wants its reason
REASON_THRESHOLD = Decimal("0.2")


# ---------------------------------------------------------------- 填报日期


def _moment(text: str) -> str | None:
    """Why ``text`` is not a 填报日期 (14 digits YYYYMMDDhhmmss, a real moment), or None."""
    digits = text.strip()
    if not re.fullmatch(r"\d{14}", digits):
        return "应为 14 位数字的日期和时间（年月日时分秒），如 20251031085419"
    try:
        datetime.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        y, mo, d, h, mi, s = digits[:4], digits[4:6], digits[6:8], digits[8:10], digits[10:12], digits[12:]
        return f"不是真实的日期和时间（{y}年{mo}月{d}日 {h}时{mi}分{s}秒）"
    return None


def rule_fill_date_is_a_moment(dept: Department, _: BudgetTables) -> list[Issue]:
    issues = []
    for p in dept.projects:
        if not p.fill_date:
            continue
        problem = _moment(p.fill_date)
        if problem:
            issues.append(warning(
                "project.fill_date",
                f"项目“{p.name}”的填报日期“{reveal(p.fill_date)}”{problem}：绩效目标表会照印，请核实",
                p.cells.get("fill_date") or p.location or Location(PROJECT_SHEET),
            ))
    return issues


# ---------------------------------------------------------------- years in the free text

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)")
#: what is not a left-over year: a span of years (``2021-2025年``, ``2024年至2026年``, a plan's
#: period) and the title of a cited document (``《2023年优化营商环境方案》``)
_SKIP = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年?\s*(?:-|—|–|~|～|至|到)\s*(?:19|20)\d{2}(?!\d)|《[^》]*》")


def _texts(dept: Department) -> Iterator[tuple[str, str, Location]]:
    """(what, text, cell) of every free text a reader takes as this year's."""
    for block in (*dept.info.duties, *dept.info.organisation, *dept.notes.purchase_catalogue, *dept.notes.other):
        yield "概况文字", block.text, block.location or Location(TEXTS_SHEET)
    o = dept.overall
    if o.annual_goal:  # (the 战略目标 may name the years of a plan)
        yield "年度绩效目标", o.annual_goal, field_cell(o, "annual_goal", OVERALL_SHEET)
    for task in o.key_tasks:
        yield "年度重点任务", f"{task.core_function} {task.tasks}", task.location or Location("年度重点任务")
    for p in dept.projects:
        if p.goal_annual:  # (概况 and 实施计划 tell the project's history: earlier years belong there)
            yield f"项目“{p.name}”的总体目标（年度）", p.goal_annual, p.cells.get("goal_annual") or p.location or Location(PROJECT_SHEET)
    r = dept.reasons
    for key, text in (("reasons.income", r.income), ("reasons.expenditure", r.expenditure),
                      ("reasons.three_public_total", r.three_public_total),
                      ("reasons.agency_operating", r.agency_operating),
                      *((f"reasons.three_public_items.{i.value}", t) for i, t in r.three_public_items.items())):
        if text:
            yield "变动原因", text, field_cell(r, key, PRIOR_SHEET)


def rule_years_in_text(dept: Department, _: BudgetTables) -> list[Issue]:
    """A year before the one preceding the budget year, in a text about this year (a later year
    may be a plan's target: not reported; spans of years and cited titles are skipped)."""
    year = dept.info.year
    issues = []
    for what, text, where in _texts(dept):
        plain = _SKIP.sub("", text)
        odd = sorted({int(y) for y in _YEAR.findall(plain)} - {year, year - 1})
        odd = [y for y in odd if y < year - 1]
        if odd:
            shown = "、".join(f"{y}年" for y in odd)
            issues.append(warning(
                "text.year_other",
                f"{what}中出现了{shown}：本文件是 {year} 年预算，说明本年情况的文字一般只写 {year} 年和 {year - 1} 年，"
                "是否沿用了往年的文字？请核实",
                where,
            ))
    return issues


# ---------------------------------------------------------------- 变动原因

#: marks the template cannot follow with its own ``。`` or ``，`` (those :func:`clause` trims are fine)
_BAD_END = "：:、！!？?—…·（("


def _reason_cells(dept: Department) -> Iterator[tuple[str, str | None, Location]]:
    r = dept.reasons
    yield "收入变动原因", r.income, field_cell(r, "reasons.income", PRIOR_SHEET)
    yield "支出变动原因", r.expenditure, field_cell(r, "reasons.expenditure", PRIOR_SHEET)
    yield "三公经费总体变动原因", r.three_public_total, field_cell(r, "reasons.three_public_total", PRIOR_SHEET)
    for item in ThreePublicItem:
        yield (f"{item.value}变动原因", r.three_public_items.get(item),
               field_cell(r, f"reasons.three_public_items.{item.value}", PRIOR_SHEET))
    yield "机关运行经费变动原因", r.agency_operating, field_cell(r, "reasons.agency_operating", PRIOR_SHEET)


def rule_reason_ends_cleanly(dept: Department, _: BudgetTables) -> list[Issue]:
    issues = []
    for label, text, where in _reason_cells(dept):
        trimmed = clause(text)
        if trimmed and trimmed[-1] in _BAD_END:
            issues.append(warning(
                "reason.punctuation",
                f"“{label}”以“{trimmed[-1]}”结尾：句子模板会接着加“。”，印出来是“…{trimmed[-8:]}。”，"
                "请删去末尾的标点或把话写完",
                where,
            ))
    return issues


def _prior_three_public(dept: Department, *items: ThreePublicItem) -> Decimal | None:
    given = dept.prior.three_public
    if all(given.get(i) is None for i in ThreePublicItem):
        return None
    return sum((given.get(i) or ZERO for i in items), ZERO)


def _large(current: Decimal, prior: Decimal | None, threshold: Decimal) -> bool:
    if prior is None or current == prior:
        return False
    if not prior:
        return True
    return abs(current - prior) >= threshold * abs(prior)


def rule_reasons_given(dept: Department, t: BudgetTables, threshold: Decimal = REASON_THRESHOLD) -> list[Issue]:
    """A change of ``threshold`` (a share of the prior figure) or more with no 变动原因."""
    r, prior = dept.reasons, dept.prior
    pairs: list[tuple[str, Decimal, Decimal | None, str | None, str, str]] = [
        ("收入", t.income_total, prior.income_total, r.income, "reasons.income", "prior.income_total"),
        ("支出", t.expenditure_total,
         prior.expenditure_total if prior.expenditure_total is not None else prior.income_total,
         r.expenditure, "reasons.expenditure", "prior.expenditure_total"),
        ("“三公”经费", t.t10_total, _prior_three_public(dept, *ThreePublicItem), r.three_public_total,
         "reasons.three_public_total", ""),
    ]
    for item in ThreePublicItem:
        pairs.append((item.value, t.t10_item(item), _prior_three_public(dept, item),
                      r.three_public_items.get(item), f"reasons.three_public_items.{item.value}",
                      f"prior.three_public.{item.value}"))
    if t.t11_total or prior.agency_operating:
        pairs.append(("机关运行经费", t.t11_total, prior.agency_operating, r.agency_operating,
                      "reasons.agency_operating", "prior.agency_operating"))
    issues = []
    share = f"{threshold * 100:.0f}%"
    for label, current, before, reason, key, prior_key in pairs:
        if clause(reason) or not _large(current, before, threshold):
            continue
        assert before is not None
        issues.append(warning(
            "reason.missing",
            f"{label}由上年 {wan(before)}变为 {wan(current)}，变动达 {share} 以上，但没有填写变动原因："
            "第三部分将只写增减数，不写原因",
            field_cell(r, key, PRIOR_SHEET),
            *[loc for loc in (prior.cells.get(prior_key),) if loc],
        ))
    return issues


RULES = (rule_fill_date_is_a_moment, rule_years_in_text, rule_reason_ends_cleanly)

__all__ = ["REASON_THRESHOLD", "RULES", "rule_reasons_given"]
