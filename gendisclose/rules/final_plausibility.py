"""决算 amounts typed in 万元 instead of 元, figures that contradict each other, names that differ
only where a reader cannot see, and content the published 决算 cannot lack (issue 12, second
campaign).

The 决算 workbook is a set of identities (J01 总计 both sides, 年末 = 年初 + 收入 − 支出, J06 =
J05 基本支出): a whole workbook typed in 万元 still satisfies them, and so does every figure that
enters no identity — 上年决算数, 年初预算数, “三公” 预算数 and 决算数, 机关运行经费, 政府采购, the
绩效自评 amounts. Each of those is set, as in :mod:`.plausibility`, against something it cannot
be ~10,000 times away from: the department's own figure of this year, the other rows of its
sheet, the 公用经费 it is part of. Ratios of ≥ 1,000 are errors, ≥ 100 (or ≥ 300 among rows)
warnings; every message names the typed cells and says :data:`~._text.IN_WAN`.

Calibrated on the 决算 sample (seed 003, which gives no issue): 上年/本年 0.66, 年初预算/支出 1.2,
its smallest 自评 amount 1/21 of the others' median, 机关运行经费 0.65 of 公用经费.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from statistics import median

from ..derive import codes
from ..derive.final_tables import TOTAL, FinalTables
from ..issues import Issue, Level, Location, error, warning
from ..model import ThreePublicItem, UnitKind
from ..model_final import FinalDepartment
from ..workbook.schema_final import CLASSES, EVALUATIONS, INCOME, SPENDING, SUPPLEMENT, THREE_PUBLIC
from . import plausibility
from ._text import IN_WAN, cell, cell_list, field_cell, wan, yuan
from .completeness import YEARS_AHEAD, YEARS_BEHIND
from .consistency import rule_unit_kind_matches_department
from .duplicates import _names_look_alike, code_name_conflicts
from .plausibility import (
    OUTLIER_CEILING,
    OUTLIER_ERROR,
    OUTLIER_WARN,
    PRIOR_ERROR,
    PRIOR_WARN,
    SMALL_DEPARTMENT,
    WAN,
    ZERO,
    _hedge,
    _level,
    _tiny,
)


def _make(level: Level, code: str, message: str, where: Location, *related: Location) -> Issue:
    """:func:`.plausibility._make` with the warning's hedge (“如确为实际金额……”) after the message."""
    return plausibility._make(level, code, message + _hedge(level), where, *related)


def _small(t: FinalTables) -> bool:
    return ZERO < t.income_grand_total < SMALL_DEPARTMENT


def _line_rows(dept: FinalDepartment) -> list[Location]:
    rows = [x.location for x in dept.income_lines if x.location and x.amounts.total]
    rows += [x.location for x in dept.spending_lines if x.location and x.total]
    return rows


def rule_final_total_in_wan(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """收入支出总计 below 10,000 元: the whole workbook was typed in 万元 (an error when there is 基本支出)."""
    if not _small(t):
        return []
    rows = _line_rows(dept)
    basic = sum((x.basic.total for x in dept.spending_lines), ZERO)
    level = Level.ERROR if basic else Level.WARNING
    return [_make(
        level, "final.in_wan_total",
        f"全部门收入支出总计只有 {yuan(t.income_grand_total)}（按万元理解应为 {yuan(t.income_grand_total * WAN)}）："
        f"金额{IN_WAN}。请把{INCOME.name}、{SPENDING.name}等表（{cell_list(rows)}）改为以元为单位的金额",
        rows[0] if rows else Location(INCOME.name), *rows[1:3],
    )]


def _prior_pairs(dept: FinalDepartment, t: FinalTables) -> Iterable[tuple[str, Decimal | None, Decimal, Location]]:
    """(what, 上年决算数, this year's figure, the 上年 cell)."""
    prior = dept.prior
    yield "收入支出总计", prior.total, t.income_grand_total, field_cell(prior, "prior.total", SUPPLEMENT.name)
    yield ("财政拨款收入支出总计", prior.fiscal_total, t.fiscal_income_grand_total,
           field_cell(prior, "prior.fiscal_total", SUPPLEMENT.name))
    yield ("机关运行经费", prior.agency_operating, dept.agency_operating.total,
           field_cell(prior, "prior.agency_operating", SUPPLEMENT.name))
    for item in ThreePublicItem:
        yield (f"{item.value}决算数", prior.three_public.get(item), t.three_public_final.get(item, ZERO),
               field_cell(prior, f"prior.three_public.{item.value}", SUPPLEMENT.name))
    spent = {r.code: r.get(TOTAL) for r in t.j05 if r.level == 1}
    for c in dept.classes:
        yield (f"类“{c.class_code}”一般公共预算财政拨款支出", c.prior_final, spent.get(c.class_code, ZERO),
               cell(c, "prior_final", CLASSES.name))


def rule_final_prior_in_wan(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """A 上年决算数 ~1/10,000 of this year's figure (typed in 万元), or this year's ~1/10,000 of it."""
    if _small(t):
        return []
    issues = []
    for what, prior, current, where in _prior_pairs(dept, t):
        if not prior or not current or prior < 0 or current < 0:
            continue
        level = _level(current / prior, PRIOR_ERROR, PRIOR_WARN)
        if level is not None:
            issues.append(_make(level, "final.prior_in_wan",
                                f"上年{what} {yuan(prior)}只有本年 {yuan(current)} 的 1/{current / prior:.0f}，"
                                f"第三部分会写出几千倍的增长：上年数{IN_WAN}", where))
            continue
        level = _level(prior / current, PRIOR_ERROR, PRIOR_WARN)
        if level is not None:
            issues.append(_make(level, "final.prior_in_wan",
                                f"上年{what} {yuan(prior)}是本年 {yuan(current)} 的 {prior / current:.0f} 倍："
                                f"是上年数多打了 0，还是本年的金额{IN_WAN}？请核对", where))
    return issues


def rule_final_budget_at_start_in_wan(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """年初预算数 of a 类 ~1/10,000 of what the 类 spent: §五（二） would say “完成年初预算的 N 万%”."""
    if _small(t):
        return []
    spent = {r.code: r.get(TOTAL) for r in t.j05 if r.level == 1}
    issues = []
    for c in dept.classes:
        current = spent.get(c.class_code, ZERO)
        if c.budget_at_start <= 0 or current <= 0:
            continue
        level = _level(current / c.budget_at_start, PRIOR_ERROR, PRIOR_WARN)
        if level is not None:
            where = cell(c, "budget_at_start", CLASSES.name)
            issues.append(_make(level, "final.budget_at_start_in_wan",
                                f"类“{c.class_code}”年初预算数 {yuan(c.budget_at_start)}只有本年支出 {yuan(current)} 的 "
                                f"1/{current / c.budget_at_start:.0f}：{where.cell} 的金额{IN_WAN}", where))
    return issues


def _amount(e) -> Decimal:  # noqa: ANN001
    return max(e.budget, e.paid)


def rule_final_evaluations_in_wan(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """A 绩效自评 row ~1/10,000 of the others (one row in 万元), or all of them ~1/10,000 of 项目支出."""
    if _small(t):
        return []
    rows = [e for e in dept.evaluations if _amount(e) > 0]
    projects = sum((x.project.total for x in dept.spending_lines), ZERO)
    total = sum((_amount(e) for e in rows), ZERO)
    cells = [cell(e, k, EVALUATIONS.name) for e in rows for k in ("budget", "paid") if getattr(e, k)]
    if rows and projects and projects / total >= PRIOR_ERROR:
        return [error("final.evaluation_in_wan",
                      f"绩效自评各项目的预算指标、支付金额合计只有 {yuan(total)}，而项目支出决算 {yuan(projects)}"
                      f"（是其 {projects / total:.0f} 倍）：{cell_list(cells)} 的金额{IN_WAN}",
                      cells[0], *cells[1:3])]
    issues = []
    for e in rows:
        amount = _amount(e)
        others = [_amount(x) for x in rows if x is not e]
        if amount >= OUTLIER_CEILING or not others:
            continue
        middle = Decimal(median(others))
        level = _level(middle / amount, OUTLIER_ERROR, OUTLIER_WARN)
        if level is Level.ERROR and len(others) < 2:
            level = Level.WARNING
        if level is None:
            continue
        mine = [cell(e, k, EVALUATIONS.name) for k in ("budget", "paid") if getattr(e, k)]
        issues.append(_make(level, "final.evaluation_in_wan",
                            f"项目“{e.name}”的预算指标/支付金额只有 {yuan(amount)}，是其他 {len(others)} 个自评项目中位数 "
                            f"{yuan(middle)} 的 1/{middle / amount:.0f}：{cell_list(mine)} 的金额{IN_WAN}",
                            mine[0], *mine[1:]))
    return issues


def rule_final_parts_in_wan(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """政府采购 (货物/工程/服务, 中小企业), “三公” 预算数/决算数 and 机关运行经费 of a few 元."""
    if _small(t):
        return []
    spending = t.expenditure_total
    p, tp, ao = dept.procurement, dept.three_public, dept.agency_operating
    checks: list[tuple[str, Decimal, Location, Decimal, Decimal, str]] = []
    for key, label in (("goods", "政府采购货物支出"), ("works", "政府采购工程支出"), ("services", "政府采购服务支出"),
                       ("sme", "授予中小企业合同金额")):
        checks.append((label, getattr(p, key), field_cell(p, f"procurement.{key}", SUPPLEMENT.name), spending,
                       Decimal("1000"), "本年支出合计"))
    for item in ThreePublicItem:
        if item in tp.budget:
            checks.append((f"{item.value}预算数", tp.budget[item], field_cell(tp, f"budget.{item.value}", THREE_PUBLIC.name),
                           spending, Decimal("100"), "本年支出合计"))
        if item in tp.final:
            checks.append((f"{item.value}决算数", tp.final[item], field_cell(tp, f"final.{item.value}", THREE_PUBLIC.name),
                           spending, Decimal("100"), "本年支出合计"))
    for key, label in (("reception_domestic", "国内公务接待费决算数"), ("reception_abroad", "国（境）外公务接待费决算数")):
        checks.append((label, getattr(tp, key), field_cell(tp, key, THREE_PUBLIC.name), spending, Decimal("100"), "本年支出合计"))
    for key, label in (("administrative", "机关运行经费（行政单位）"),
                       ("civil_service_managed", "机关运行经费（参照公务员法管理事业单位）")):
        checks.append((label, getattr(ao, key), field_cell(ao, f"agency_operating.{key}", SUPPLEMENT.name), t.j06_public,
                       Decimal("1000"), "公开06表公用经费合计"))
    issues = []
    for label, amount, where, whole, below, whole_label in checks:
        level = _tiny(amount, whole, below)
        if level is not None:
            issues.append(_make(level, "final.part_in_wan",
                                f"{label}只有 {yuan(amount)}，不到{whole_label} {yuan(whole)} 的千分之一："
                                f"{where.cell} 的金额{IN_WAN}", where))
    return issues


def rule_final_prior_totals_agree(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """上年 figures that contain one another: Σ 类 上年决算数 (一般公共预算财政拨款支出) ≤ 上年财政拨款
    收入支出总计 ≤ 上年收入支出总计 (errors: the larger cannot be a part of the smaller)."""
    prior = dept.prior
    fiscal_at = field_cell(prior, "prior.fiscal_total", SUPPLEMENT.name)
    total_at = field_cell(prior, "prior.total", SUPPLEMENT.name)
    issues = []
    general = dept.prior_general
    if general is not None and prior.fiscal_total is not None and general > prior.fiscal_total:
        rows = [cell(c, "prior_final", CLASSES.name) for c in dept.classes if c.prior_final]
        issues.append(error(
            "final.prior_contradiction",
            f"{CLASSES.name}各类上年决算数合计 {wan(general)}（一般公共预算财政拨款支出，{cell_list(rows)}）大于"
            f"上年财政拨款收入支出总计 {wan(prior.fiscal_total)}（{fiscal_at.cell}）：前者是后者的一部分，两处至少有一处填错",
            fiscal_at, *rows[:2],
        ))
    if prior.fiscal_total is not None and prior.total is not None and prior.fiscal_total > prior.total:
        issues.append(error(
            "final.prior_contradiction",
            f"上年财政拨款收入支出总计 {wan(prior.fiscal_total)}（{fiscal_at.cell}）大于上年收入支出总计 "
            f"{wan(prior.total)}（{total_at.cell}）：财政拨款是全部收支的一部分，两处至少有一处填错",
            fiscal_at, total_at,
        ))
    return issues


def rule_final_procurement_within_spending(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """政府采购支出 (货物 + 工程 + 服务) above the year's 支出合计: it is a part of the spending."""
    p = dept.procurement
    if p.total <= t.expenditure_total or t.expenditure_total <= 0:
        return []
    cells = [field_cell(p, f"procurement.{k}", SUPPLEMENT.name) for k in ("goods", "works", "services") if getattr(p, k)]
    return [error(
        "final.procurement_exceeds_spending",
        f"政府采购支出合计 {wan(p.total)}（{cell_list(cells)}）大于本年支出合计 {wan(t.expenditure_total)}："
        "政府采购是本年支出的一部分，请核对（是否多打了 0？）",
        cells[0], *cells[1:],
    )]


def _final_unit_effect(department_kind: UnitKind, unit_kind: UnitKind) -> str:
    if department_kind.has_agency_operating_costs != unit_kind.has_agency_operating_costs:
        return "公开10表和第三部分十（一）的机关运行经费按单位性质列示，两处说法不一"
    return "第一部分和公开10表按单位性质说明"


def rule_final_unit_kind(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """基本信息's 单位性质 and the department's own unit on 单位 agree (as for the budget)."""
    return rule_unit_kind_matches_department(dept, t, _final_unit_effect)  # type: ignore[arg-type]


def rule_final_vehicles_agree(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """财政拨款负担的公务用车保有量 (三公经费决算) cannot exceed the vehicles listed by category
    (决算其他数据): the fiscally funded cars are among them."""
    tp, assets = dept.three_public, dept.assets
    if not assets.vehicles or tp.vehicles_held <= assets.vehicle_total:
        return []
    held = field_cell(tp, "vehicles_held", THREE_PUBLIC.name)
    listed = [field_cell(assets, f"assets.vehicles.{c.value}", SUPPLEMENT.name) for c in assets.vehicles]
    return [error(
        "final.vehicles_contradiction",
        f"财政拨款负担的公务用车保有量 {tp.vehicles_held} 辆（{held.cell}），多于{SUPPLEMENT.name}按类别列出的车辆合计 "
        f"{assets.vehicle_total} 辆：前者是后者的一部分，两处至少有一处填错（第三部分九、十会互相矛盾）",
        held, *listed[:1],
    )]


def rule_final_evaluation_amounts(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """支付金额 above its 预算指标 (warning), and 自评 paid in all above the 项目支出 决算 (warning)."""
    issues = []
    for e in dept.evaluations:
        if e.budget > 0 and e.paid > e.budget:
            issues.append(warning(
                "final.evaluation_paid_over_budget",
                f"项目“{e.name}”支付金额 {yuan(e.paid)}大于预算指标 {yuan(e.budget)}：支付不能超过预算指标，请核对（是否多打了 0？）",
                cell(e, "paid", EVALUATIONS.name), cell(e, "budget", EVALUATIONS.name),
            ))
    paid = sum((e.paid for e in dept.evaluations), ZERO)
    projects = sum((x.project.total for x in dept.spending_lines), ZERO)
    if projects > 0 and paid > projects:
        cells = [cell(e, "paid", EVALUATIONS.name) for e in sorted(dept.evaluations, key=lambda e: -e.paid) if e.paid]
        issues.append(warning(
            "final.evaluations_over_projects",
            f"绩效自评各项目支付金额合计 {wan(paid)}大于支出决算的项目支出合计 {wan(projects)}：自评的项目是本年项目支出的一部分，"
            f"请核对最大的几项（{cell_list(cells, 3)}）",
            cells[0], *cells[1:3],
        ))
    return issues


def rule_final_names_look_alike(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """The same 自评 project or 单位 twice under names a reader cannot tell apart."""
    return [
        *_names_look_alike(dept.evaluations, EVALUATIONS.name, "evaluation.duplicate_lookalike", "自评项目名称",
                           "，印出来是同一个项目，附件会列两次：请删除重复的一行，或把名称改得明显不同"),
        *_names_look_alike(dept.units, "单位", "unit.duplicate_lookalike", "单位名称",
                           "，印出来是同一个单位：请删除重复的一行，并让各表的单位名称完全一致"),
    ]


def rule_final_unknown_code_named_twice(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    lines = (*dept.income_lines, *dept.spending_lines)
    return code_name_conflicts(lines, lambda x: INCOME.name if x in dept.income_lines else SPENDING.name,
                               codes.function_name)


def rule_final_content(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """第一部分 without 本部门职责, and a 决算年度 far from today (warnings, as for the budget)."""
    issues = []
    if not any(b.text.strip() for b in dept.info.duties):
        issues.append(warning("content.no_duties", "“概况文字”中没有“本部门职责”的内容：第一部分“一、部门职责”将是空的，请填写",
                              Location("概况文字")))
    year, today = dept.info.year, date.today().year
    if not today - YEARS_BEHIND - 1 <= year <= today + YEARS_AHEAD:
        issues.append(warning("info.year_far",
                              f"决算年度是 {year} 年，离今年（{today} 年）{'还有' if year > today else '已过去'} "
                              f"{abs(year - today)} 年：请核实年度",
                              field_cell(dept.info, "year", "基本信息")))
    return issues


FINAL_PLAUSIBILITY_RULES = (
    rule_final_total_in_wan,
    rule_final_prior_in_wan,
    rule_final_budget_at_start_in_wan,
    rule_final_evaluations_in_wan,
    rule_final_parts_in_wan,
    rule_final_prior_totals_agree,
    rule_final_procurement_within_spending,
    rule_final_unit_kind,
    rule_final_vehicles_agree,
    rule_final_evaluation_amounts,
    rule_final_names_look_alike,
    rule_final_unknown_code_named_twice,
    rule_final_content,
)
