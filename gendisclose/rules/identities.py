"""Identities true by construction (spec §5.1): cheap guards of the derivation.

Each returns an ``internal.X…`` error naming both exact figures if the derivation ever breaks
one of them; on a correct derivation they never fire. X4 can fire for real when a 功能科目's
类 is not one of the 30 fixed categories (``rule_function_codes_known`` says why).
"""

from __future__ import annotations

from decimal import Decimal

from ..derive.tables import (
    FISCAL_KEYS,
    SOURCE_KEYS,
    SPLIT_KEYS,
    T2_KEYS,
    BudgetTables,
)
from ..issues import Issue
from ..model import Department, FundingSource, ThreePublicItem
from ._guards import exact_sum as _sum
from ._guards import hierarchy_issues
from ._guards import must_equal as _eq

ZERO = Decimal("0")




def rule_x1_t1_balances(_: Department, t: BudgetTables) -> list[Issue]:
    return (
        _eq("X1", "表一收入总计", t.income_total, "支出总计", t.expenditure_total)
        + _eq("X1", "表一收入总计", t.income_total, "本年收入合计加上年结转", t.income_current_total + t.carry_in)
        + _eq("X1", "表一支出总计", t.expenditure_total, "当年预算安排加上年结转安排",
              t.expenditure_current + t.expenditure_carried)
    )


def rule_x2_t1_equals_t2_t3(_: Department, t: BudgetTables) -> list[Issue]:
    t2 = t.t2[0]
    return _eq("X2", "表一收入总计", t.income_total, "表二合计加上年结转", t2.get("total") + t2.get("carried")) + _eq(
        "X2", "表一收入总计", t.income_total, "表三合计", t.t3[0].get("total")
    )


def rule_x3_x4_x6_categories(_: Department, t: BudgetTables) -> list[Issue]:
    """X3 T1 category = T3 类 row; X4 Σ categories = 本年支出合计; X6 合计 = 当年 + 结转."""
    issues: list[Issue] = []
    lei = {r.code: r for r in t.t3 if r.level == 1}
    for row in t.t1_categories:
        code = row.category.code
        issues += _eq("X3", f"表一{row.category.name}", row.get("total"), f"表三{code}类",
                      lei[code].get("total") if code in lei else ZERO)
        issues += _eq("X6", f"表一{row.category.name}合计", row.get("total"), "当年加结转",
                      row.get("current") + row.get("carried"))
    issues += _eq("X4", "表一30个支出功能分类之和", _sum(r.get("total") for r in t.t1_categories),
                  "表一本年支出合计", t.expenditure_total)
    return issues


def rule_x5_income_rows_equal_t2(_: Department, t: BudgetTables) -> list[Issue]:
    t2 = t.t2[0]
    issues = [
        issue
        for s in FundingSource
        for issue in _eq("X5", f"表一{s.value}收入", t.income[s], f"表二{s.value}合计", t2.get(s.value))
    ]
    return issues + _eq("X5", "表一上年结转", t.carry_in, "表二上年结转合计", t2.get("carried"))


def rule_x7_t4_is_fiscal_part(_: Department, t: BudgetTables) -> list[Issue]:
    issues = _eq("X7", "表四收入总计", t.fiscal_total, "表四支出总计", t.t4_expenditure["subtotal"])
    issues += _eq("X7", "表四小计", t.t4_expenditure["subtotal"], "三种财政拨款之和",
                  _sum(t.t4_expenditure[k] for k in FISCAL_KEYS))
    fiscal_income = _sum(t.fiscal_income.values()) + _sum(t.fiscal_carry_in.values())
    return issues + _eq("X7", "表四收入总计", t.fiscal_total, "表一财政拨款收入与结转", fiscal_income)


def rule_x9_x10_hierarchy(_: Department, t: BudgetTables) -> list[Issue]:
    return (
        hierarchy_issues("X9", "表二", t.t2, T2_KEYS)
        + hierarchy_issues("X9", "表三", t.t3, SPLIT_KEYS)
        + hierarchy_issues("X9", "表五", t.t5, SPLIT_KEYS)
        + hierarchy_issues("X9", "表八", t.t8, SPLIT_KEYS)
        + hierarchy_issues("X9", "表九", t.t9_expenditure, SPLIT_KEYS)
    )


def rule_x11_total_is_basic_plus_project(_: Department, t: BudgetTables) -> list[Issue]:
    issues: list[Issue] = []
    for table, rows in (("表三", t.t3), ("表五", t.t5), ("表八", t.t8), ("表九", t.t9_expenditure)):
        for r in rows:
            issues += _eq("X11", f"{table}{r.code or '合计'}行合计", r.get("total"), "基本支出加项目支出",
                          r.get("basic") + r.get("project"))
    for r in t.t2:
        issues += _eq("X11", f"表二{r.code or '合计'}行合计", r.get("total"), "五种资金来源之和",
                      _sum(r.get(k) for k in SOURCE_KEYS))
    return issues


def rule_x12_t2_t3_same_codes(_: Department, t: BudgetTables) -> list[Issue]:
    t2 = {r.code: r.get("total") + r.get("carried") for r in t.t2}
    t3 = {r.code: r.get("total") for r in t.t3}
    issues: list[Issue] = []
    for code in sorted(set(t2) | set(t3)):
        issues += _eq("X12", f"表二{code or '合计'}（含上年结转）", t2.get(code, ZERO), f"表三{code or '合计'}",
                      t3.get(code, ZERO))
    return issues


def rule_x14_x16_t6(_: Department, t: BudgetTables) -> list[Issue]:
    issues: list[Issue] = []
    groups = [r for r in t.t6 if r.is_group]
    for g in groups:
        items = [r for r in t.t6 if not r.is_group and r.code[:3] == g.code]
        issues += _eq("X14", f"表六{g.name}", g.total, "其科目之和", _sum(r.total for r in items))
    issues += _eq("X15", "表六合计", t.t6_total, "人员经费加公用经费", t.t6_personnel + t.t6_public)
    issues += _eq("X15", "表六合计", t.t6_total, "各类之和", _sum(g.total for g in groups))
    issues += _eq("X16", "表六人员经费", t.t6_personnel, "工资福利支出与对个人和家庭的补助等之和",
                  _sum(g.personnel for g in groups))
    return issues


def rule_x18_x19_projects(dept: Department, t: BudgetTables) -> list[Issue]:
    """X18 T12 + T13 = T3 项目支出; T12 一般公共预算 = T5 项目支出. X19 projects = units = department."""
    issues = _eq("X18", "表十二合计加表十三合计", t.t12_values["total"] + t.t13_values["total"],
                 "表三项目支出合计", t.t3[0].get("project"))
    issues += _eq("X18", "表十二一般公共预算", t.t12_values[FundingSource.GENERAL.value], "表五项目支出合计",
                  t.t5[0].get("project"))
    for name, units, values in (("表十二", t.t12, t.t12_values), ("表十三", t.t13, t.t13_values)):
        for u in units:
            issues += _eq("X19", f"{name}{u.unit}", u.values["total"], "其项目之和", _sum(p.values["total"] for p in u.projects))
        issues += _eq("X19", f"{name}部门合计", values["total"], "各单位之和", _sum(u.values["total"] for u in units))
    return issues


def rule_x22_t10_rows(_: Department, t: BudgetTables) -> list[Issue]:
    rows = dict(t.t10_rows())
    total = _sum(rows["合计"].values())
    parts = _sum(_sum(rows[k].values()) for k in ("因公出国（境）费", "公务接待费", "公务用车购置及运行费"))
    return _eq("X22", "表十合计", total, "三项之和", parts) + _eq(
        "X22", "表十公务用车购置及运行费", _sum(rows["公务用车购置及运行费"].values()), "①加②",
        t.t10_item(ThreePublicItem.VEHICLE_PURCHASE) + t.t10_item(ThreePublicItem.VEHICLE_OPERATION),
    ) + _eq("X22", "表十合计", total, "表十合计（派生）", t.t10_total)


def rule_x23_carry_over(dept: Department, t: BudgetTables) -> list[Issue]:
    """X23: 表十三 + 基本支出上年结转 = 表一上年结转安排 = 表一上年结转 (income)."""
    basic_carried = _sum(x.carried.total for x in dept.basic_lines)
    return _eq("X23", "表十三合计加基本支出结转", t.t13_values["total"] + basic_carried, "表一上年结转安排",
               t.expenditure_carried) + _eq("X23", "表一上年结转安排", t.expenditure_carried, "表一上年结转", t.carry_in)


RULES = (
    rule_x1_t1_balances,
    rule_x2_t1_equals_t2_t3,
    rule_x3_x4_x6_categories,
    rule_x5_income_rows_equal_t2,
    rule_x7_t4_is_fiscal_part,
    rule_x9_x10_hierarchy,
    rule_x11_total_is_basic_plus_project,
    rule_x12_t2_t3_same_codes,
    rule_x14_x16_t6,
    rule_x18_x19_projects,
    rule_x22_t10_rows,
    rule_x23_carry_over,
)
