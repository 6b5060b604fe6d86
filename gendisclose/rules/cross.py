"""Identities between sheets that can really fail given the inputs (spec §5.1)."""

from __future__ import annotations

from decimal import Decimal

from ..derive import codes
from ..derive.tables import BudgetTables, public_costs_by_unit
from ..issues import Issue, Location, error, warning
from ..model import FISCAL_SOURCES, Department, FundingSource, ThreePublicItem
from ._text import (
    BASIC_SHEET,
    ECONOMIC_SHEET,
    EXTRA_SHEET,
    FUND_INCOME_SHEET,
    PROJECT_SHEET,
    cell,
    differ,
    first_location,
    wan,
)

ZERO = Decimal("0")


def _general_basic_by_unit(dept: Department) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for line in dept.basic_lines:
        out[line.unit] = out.get(line.unit, ZERO) + line.current.general
    return out


def _economic_by_unit(dept: Department) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for line in dept.economic_lines:
        out[line.unit] = out.get(line.unit, ZERO) + line.amount
    return out


#: at most this many cells of each side are named (the annotated workbook marks each)
MAX_CELLS_TAKING_PART = 200


def _taking_part(basic_lines, economic_lines) -> list[Location]:  # noqa: ANN001
    """The typed cells an X13 identity adds up: 收支预算 一般公共预算当年基本支出 and 经济分类 金额."""
    basic = [x.cells["current.general"] for x in basic_lines
             if "current.general" in (x.cells or {}) and x.current.general]
    economic = [x.cells["amount"] for x in economic_lines if "amount" in (x.cells or {}) and x.amount]
    return basic[:MAX_CELLS_TAKING_PART] + economic[:MAX_CELLS_TAKING_PART]


def rule_t5_basic_equals_t6_total(dept: Department, t: BudgetTables) -> list[Issue]:
    """X13: 表五(表三)基本支出合计 (收支预算 一般公共预算当年) = 表六合计 (基本支出经济分类), per unit too."""
    basic, economic = _general_basic_by_unit(dept), _economic_by_unit(dept)
    basic_total = t.t5[0].get("basic")
    issues = []
    if basic_total != t.t6_total:
        issues.append(error(
            "X13.basic_vs_economic",
            differ("表五基本支出合计", basic_total, "表六合计", t.t6_total,
                   "收支预算，一般公共预算当年基本支出", ECONOMIC_SHEET),
            first_location(x.location for x in dept.basic_lines) or Location(BASIC_SHEET),
            *([loc] if (loc := first_location(x.location for x in dept.economic_lines)) else []),
            *_taking_part(dept.basic_lines, dept.economic_lines),
        ))
    units = list(dict.fromkeys([*basic, *economic]))
    if len(units) > 1:
        for unit in units:
            b, e = basic.get(unit, ZERO), economic.get(unit, ZERO)
            if b != e:
                issues.append(error(
                    "X13.basic_vs_economic_unit",
                    f"单位“{unit}”：" + differ("一般公共预算当年基本支出", b, "经济分类合计", e,
                                             BASIC_SHEET, ECONOMIC_SHEET),
                    first_location(x.location for x in dept.basic_lines if x.unit == unit) or Location(BASIC_SHEET),
                    *[x.location for x in dept.economic_lines if x.unit == unit and x.location][:1],
                    *_taking_part([x for x in dept.basic_lines if x.unit == unit],
                                  [x for x in dept.economic_lines if x.unit == unit]),
                ))
    return issues


def rule_t11_equals_public_costs(dept: Department, t: BudgetTables) -> list[Issue]:
    """X17: 表十一部门合计 = 表六公用经费 of the 行政/参公 units; 事业单位 omitted.

    The split itself cannot fail; what can is a 行政/参公 department that shows no 机关运行经费
    (warning), and the sum over all units must give 表六公用经费 (internal).
    """
    public = public_costs_by_unit(dept)
    admin = sum((v for u, v in public.items() if dept.unit_kind(u).has_agency_operating_costs), ZERO)
    issues = []
    if admin != t.t11_total:
        issues.append(error("internal.X17", differ("表十一部门合计", t.t11_total, "行政/参公单位公用经费", admin)))
    if sum(public.values(), ZERO) != t.t6_public:
        issues.append(error("internal.X17", differ("各单位公用经费之和", sum(public.values(), ZERO),
                                                   "表六公用经费", t.t6_public)))
    has_admin = any(u.kind.has_agency_operating_costs for u in dept.units) or (
        not dept.units and dept.info.unit_kind.has_agency_operating_costs
    )
    if has_admin and t.t6_total and not t.t11_total:
        issues.append(warning(
            "X17.no_agency_costs",
            "行政单位/参公单位没有公用经费（基本支出经济分类 302、310 等），表十一机关运行经费为空",
            Location(ECONOMIC_SHEET),
        ))
    return issues


def rule_t10_covers_economic_items(dept: Department, t: BudgetTables) -> list[Issue]:
    """X21: 表十 each item (一般公共预算) ≥ the 表六 item of the same 三公 kind; = when no project extra."""
    from_economic = {item: ZERO for item in ThreePublicItem}
    for line in dept.economic_lines:
        item = codes.three_public_item(line.economic_code)
        if item is not None:
            from_economic[item] += line.amount
    extra = {item: ZERO for item in ThreePublicItem}
    for x in dept.three_public_extra:
        if x.source is FundingSource.GENERAL:
            extra[x.item] += x.amount
    issues = []
    for item in ThreePublicItem:
        shown = t.t10[item][FundingSource.GENERAL]
        if shown != from_economic[item] + extra[item] or shown < from_economic[item]:
            issues.append(error("internal.X21", differ(f"表十{item.value}（一般公共预算）", shown,
                                                       f"表六{item.value}加项目三公", from_economic[item] + extra[item])))
    return issues


def _project_money_cells(dept: Department, source: FundingSource, limit: int = 20) -> list[Location]:
    """The projects' cells of ``source`` money that take part (the sheet when none was read)."""
    key = f"current.{source.name.lower()}"
    found = [cell(p, key, PROJECT_SHEET) for p in dept.projects if p.current.get(source)]
    return found[:limit] or [Location(PROJECT_SHEET)]


def rule_three_public_extra_within_projects(dept: Department, t: BudgetTables) -> list[Issue]:
    """三公 paid from projects: a 财政拨款 source, and no more than the projects' money of that source."""
    issues = []
    project_money = {s: sum((p.current.get(s) for p in dept.projects), ZERO) for s in FundingSource}
    extra = {s: ZERO for s in FundingSource}
    for x in dept.three_public_extra:
        extra[x.source] += x.amount
        if not x.source.is_fiscal:
            issues.append(warning(
                "three_public.non_fiscal",
                f"项目三公经费“{x.item.value}” {wan(x.amount)}的资金来源是{x.source.value}，"
                "表十只列财政拨款，此项不列入",
                x.location or Location(EXTRA_SHEET),
            ))
        if x.amount < 0:
            issues.append(error("three_public.negative", "项目三公经费不能为负数", x.location or Location(EXTRA_SHEET)))
    for s in FISCAL_SOURCES:
        if extra[s] > project_money[s]:
            cells = [cell(x, "amount", EXTRA_SHEET) for x in dept.three_public_extra if x.source is s and x.amount]
            issues.append(error(
                "three_public.exceeds_projects",
                differ(f"项目三公经费（{s.value}）", extra[s], f"表十二项目支出（{s.value}）", project_money[s])
                + "：项目三公经费不能多于项目支出",
                *(cells or [Location(EXTRA_SHEET)]),
                *_project_money_cells(dept, s),
            ))
    return issues


def rule_fund_income_matches_spending(dept: Department, t: BudgetTables) -> list[Issue]:
    """表七 政府性基金收入 vs 表八 支出 (and 表九 both halves): warn when they differ."""
    issues = []
    for x in dept.fund_income:
        if x.source not in (FundingSource.GOVERNMENT_FUND, FundingSource.STATE_CAPITAL):
            issues.append(error(
                "fund_income.source",
                f"收入科目“{x.code} {x.name}”的资金来源应为政府性基金预算或国有资本经营预算，不能是{x.source.value}",
                x.location or Location(FUND_INCOME_SHEET),
            ))
    pairs = (
        ("表七政府性基金收入合计", t.t7[0].get("amount"), "表八政府性基金支出合计", t.t8[0].get("total"),
         FundingSource.GOVERNMENT_FUND),
        ("表九国有资本经营收入合计", t.t9_income[0].get("amount"), "表九国有资本经营支出合计",
         t.t9_expenditure[0].get("total"), FundingSource.STATE_CAPITAL),
    )
    for a_label, a, b_label, b, source in pairs:
        if a != b:
            cells = [cell(x, "amount", FUND_INCOME_SHEET) for x in dept.fund_income if x.source is source]
            issues.append(warning("fund_income.vs_spending", differ(a_label, a, b_label, b) + "（请核实收入科目）",
                                  *(cells[:3] or [Location(FUND_INCOME_SHEET)])))
    return issues


def rule_carry_over_shown(dept: Department, t: BudgetTables) -> list[Issue]:
    """X23 in practice: 表十三 lists only projects' 财政拨款 carry-over; say what it leaves out."""
    issues = []
    basic_carried = sum((x.carried.total for x in dept.basic_lines), ZERO)
    if basic_carried:
        issues.append(warning(
            "X23.basic_carry_over",
            f"基本支出上年结转 {wan(basic_carried)}列入表一上年结转安排 {wan(t.expenditure_carried)}，"
            f"但不在表十三（项目支出上年结转 {wan(t.t13_values['total'])}）中",
            first_location(x.location for x in dept.basic_lines if x.carried.total) or Location(BASIC_SHEET),
        ))
    for p in dept.projects:
        hidden = p.carried.total - p.carried.fiscal
        if hidden:
            issues.append(warning(
                "T13.non_fiscal_carry_over",
                f"项目“{p.name}”有非财政拨款上年结转 {wan(hidden)}：表十三合计包含它，但没有对应的列",
                p.location or Location(PROJECT_SHEET),
            ))
    return issues


RULES = (
    rule_t5_basic_equals_t6_total,
    rule_t11_equals_public_costs,
    rule_t10_covers_economic_items,
    rule_three_public_extra_within_projects,
    rule_fund_income_matches_spending,
    rule_carry_over_shown,
)
