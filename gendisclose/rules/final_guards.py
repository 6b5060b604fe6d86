"""Guards of the 决算 derivation: identities true by construction (spec §11.4), each a named rule.

J01 ↔ J02/J03 totals, J01 categories ↔ J03 类, J04 ↔ J01/J02/J05/J07/J08, the 合计/类/款/项
hierarchies, row totals = their parts, J06 groups and 人员经费, J09 and J10 totals. On a correct
derivation they never fire; if it ever breaks one they report ``internal.J…`` with both figures.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..derive import codes
from ..derive.final_tables import (
    BASIC,
    CLOSING,
    J02_KEYS,
    J03_KEYS,
    J05_KEYS,
    J07_KEYS,
    OPENING,
    PROJECT,
    SUBTOTAL,
    TOTAL,
    FinalTables,
)
from ..derive.table_rows import FunctionRow
from ..issues import Issue
from ..model_final import FISCAL_FUNDING, FinalDepartment, Funding, IncomeSource
from ._guards import exact_sum as _sum
from ._guards import hierarchy_issues
from ._guards import must_equal as _eq

ZERO = Decimal("0")
FinalRule = Callable[[FinalDepartment, FinalTables], list[Issue]]




def rule_guard_hierarchies(_: FinalDepartment, t: FinalTables) -> list[Issue]:
    def j07_skip(row: FunctionRow, key: str) -> bool:
        # balances typed without a 科目 count in 合计 only (rule_final_fund_balances_on_codes)
        return row.level == 0 and key in (OPENING, CLOSING)

    return (hierarchy_issues("J.hierarchy", "公开02表", t.j02, J02_KEYS)
            + hierarchy_issues("J.hierarchy", "公开03表", t.j03, J03_KEYS)
            + hierarchy_issues("J.hierarchy", "公开05表", t.j05, J05_KEYS)
            + hierarchy_issues("J.hierarchy", "公开07表", t.j07, J07_KEYS, skip=j07_skip)
            + hierarchy_issues("J.hierarchy", "公开08表", t.j08, J05_KEYS))


def rule_guard_row_sums(_: FinalDepartment, t: FinalTables) -> list[Issue]:
    """Row totals = their parts (J02 8 sources, J03 5 kinds, J05/J07/J08 基本 + 项目)."""
    issues: list[Issue] = []
    for r in t.j02:
        issues += _eq("J02.row", f"公开02表{r.code or '合计'}本年收入合计", r.get(TOTAL), "各项收入之和",
                      _sum(r.get(k) for k in J02_KEYS[1:]))
    for r in t.j03:
        issues += _eq("J03.row", f"公开03表{r.code or '合计'}本年支出合计", r.get(TOTAL), "各项支出之和",
                      _sum(r.get(k) for k in J03_KEYS[1:]))
    for table, rows in (("公开05表", t.j05), ("公开07表", t.j07), ("公开08表", t.j08)):
        for r in rows:
            issues += _eq("J05.row", f"{table}{r.code or '合计'}支出小计", r.get(TOTAL), "基本支出加项目支出",
                          r.get(BASIC) + r.get(PROJECT))
    return issues


def rule_guard_summary_tables(_: FinalDepartment, t: FinalTables) -> list[Issue]:
    """J01 ↔ J02/J03, J01 categories ↔ J03 类, J04 ↔ J01/J05/J07/J08."""
    issues = _eq("J01.income", "公开01表本年收入合计", t.income_total, "公开02表合计", t.j02[0].get(TOTAL))
    issues += _eq("J01.expenditure", "公开01表本年支出合计", t.expenditure_total, "公开03表合计", t.j03[0].get(TOTAL))
    issues += _eq("J01.expenditure", "公开01表26个支出功能分类之和", _sum(c.get(TOTAL) for c in t.categories),
                  "本年支出合计", t.expenditure_total)
    lei = {r.code: r.get(TOTAL) for r in t.j03 if r.level == 1}
    for c in t.categories:
        issues += _eq("J01.category", f"公开01表{c.category.name}", c.get(TOTAL), f"公开03表{c.category.code}类",
                      lei.get(c.category.code, ZERO))
    issues += _eq("J04.income", "公开04表第1行", t.fiscal_income[Funding.GENERAL], "公开01表第1行",
                  t.income[IncomeSource.GENERAL])
    issues += _eq("J04.income", "公开04表本年收入合计", t.fiscal_income_total, "公开02表财政拨款收入合计",
                  t.j02[0].get("fiscal"))
    for f, rows in ((Funding.GENERAL, t.j05), (Funding.GOVERNMENT_FUND, t.j07), (Funding.STATE_CAPITAL, t.j08)):
        issues += _eq("J04.expenditure", f"公开04表本年支出合计（{f.value}）", t.fiscal_expenditure[f.value],
                      "对应分表支出合计", rows[0].get(TOTAL))
    issues += _eq("J04.expenditure", "公开04表本年支出合计", t.fiscal_expenditure[SUBTOTAL], "三种财政拨款之和",
                  _sum(t.fiscal_expenditure[f.value] for f in FISCAL_FUNDING))
    return issues


def rule_guard_j06_j09_j10(_: FinalDepartment, t: FinalTables) -> list[Issue]:
    issues: list[Issue] = []
    groups = [r for r in t.j06 if r.is_group]
    for g in groups:
        issues += _eq("J06.group", f"公开06表{g.code}", g.amount, "其科目之和",
                      _sum(r.amount for r in t.j06 if not r.is_group and r.code[:3] == g.code))
    issues += _eq("J06.personnel", "公开06表人员经费合计", t.j06_personnel, "301与303之和",
                  _sum(g.amount for g in groups if g.code in codes.PERSONNEL_GROUPS))
    for label, amounts in (("预算数", t.three_public_budget), ("决算数", t.three_public_final)):
        cells = t.three_public_cells(amounts)
        issues += _eq("J09.total", f"公开09表{label}合计", cells[0], "各项之和", cells[1] + cells[2] + cells[5])
        issues += _eq("J09.vehicle", f"公开09表{label}公务用车小计", cells[2], "购置加运行维护", cells[3] + cells[4])
    p = t.procurement
    issues += _eq("J10.procurement", "公开10表政府采购合计", p["total"], "货物、工程、服务之和",
                  p["goods"] + p["works"] + p["services"])
    return issues


GUARD_RULES: tuple[FinalRule, ...] = (
    rule_guard_hierarchies,
    rule_guard_row_sums,
    rule_guard_summary_tables,
    rule_guard_j06_j09_j10,
)
