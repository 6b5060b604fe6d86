"""The 决算 rules: silent on seed 003 (its 尾差 included), and each one fires on a model broken
the way it guards against — with its cells when the model was read from a workbook."""

from __future__ import annotations

import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from gendisclose.derive.final_tables import derive_final_numbers, derive_final_tables
from gendisclose.issues import Location
from gendisclose.model import ThreePublicItem
from gendisclose.model_final import (
    AgencyOperating,
    BalanceLine,
    ClassFigures,
    EconomicAmount,
    FinalDepartment,
    FinalProcurement,
    Funding,
    FundingAmounts,
    Grade,
    IncomeAmounts,
    IncomeLine,
    SelfEvaluation,
    SpendingLine,
)
from gendisclose.rules import check_department
from gendisclose.rules import final_guards as rules

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.final_sample import final_seed_department  # noqa: E402

D = Decimal


def seed003() -> FinalDepartment:
    return final_seed_department(ROOT / "tests" / "data" / "seeds" / "003.json")


def codes_of(dept: FinalDepartment) -> set[str]:
    return {i.code for i in check_department(dept)}


def test_seed_003_is_clean_despite_its_rounding_tails() -> None:
    dept = seed003()
    assert check_department(dept) == []
    t = derive_final_tables(dept)
    j02 = {r[0].text: r[2].text for r in t.table("J02").body}
    j03 = {r[0].text: [c.text for c in r[2:5]] for r in t.table("J03").body}
    assert (j02["2010303"], j03["2010303"][0]) == ("508.32", "508.31")  # J02 ≠ J03 at printed precision
    assert j03["2010303"] == ["508.31", "329.91", "178.41"]  # 329.91 + 178.41 = 508.32
    assert j03["20103"][0] == "1317.78" and j03["2010301"][0] == "809.46"  # 809.46 + 508.31 = 1317.77


def _spending(dept: FinalDepartment, code: str) -> SpendingLine:
    return next(x for x in dept.spending_lines if x.function_code == code)


def _with_spending(dept: FinalDepartment, line: SpendingLine) -> FinalDepartment:
    lines = tuple(line if x.function_code == line.function_code else x for x in dept.spending_lines)
    return dept.model_copy(update={"spending_lines": lines})


# ---------------------------------------------------------------- identities


def test_closing_balance_and_j01_totals() -> None:
    dept = seed003()
    broken = dept.model_copy(update={"balances": ()})  # the 33 元 of unspent 其他收入 vanish
    assert {"final.closing_balance", "final.J01_totals"} <= codes_of(broken)
    issue = next(i for i in check_department(broken) if i.code == "final.closing_balance")
    assert "非财政拨款" in issue.message and "33.00元" in issue.message


def test_reserves_used_counts_in_the_non_fiscal_balance() -> None:
    dept = seed003().model_copy(update={"reserves_used": D("100.00")})
    assert "final.closing_balance" in codes_of(dept)
    fixed = dept.model_copy(update={"balances": (BalanceLine(funding=Funding.NON_FISCAL, closing=D("133.00")),)})
    assert codes_of(fixed) == set()


def test_j07_balance_per_code() -> None:
    dept = seed003()
    income = dept.income_lines[0]
    income = income.model_copy(update={"amounts": income.amounts.model_copy(update={"government_fund": D("100.00")})})
    spent = _spending(dept, income.function_code)
    spent = spent.model_copy(update={"project": spent.project.model_copy(update={"government_fund": D("60.00")})})
    dept = _with_spending(dept, spent).model_copy(update={
        "income_lines": (income, *dept.income_lines[1:]),
        "balances": (*dept.balances, BalanceLine(funding=Funding.GOVERNMENT_FUND, function_code=income.function_code,
                                                 closing=D("30.00"))),
    })
    assert {"final.J07_balance", "final.closing_balance"} <= codes_of(dept)
    good = dept.model_copy(update={"balances": (*dept.balances[:-1], BalanceLine(
        funding=Funding.GOVERNMENT_FUND, function_code=income.function_code, closing=D("40.00")))})
    assert codes_of(good) == set()
    j07 = {r[0].text: [c.text for c in r[2:]] for r in derive_final_tables(good).table("J07").body}
    assert j07["合计"] == ["", "0.01", "0.01", "", "0.01", "0.00"]


def test_j02_fiscal_income_equals_spending_per_code() -> None:
    dept = seed003()
    a, b = dept.income_lines[0], dept.income_lines[1]  # 1 元 moved between 2010301 and 2010303
    a = a.model_copy(update={"amounts": a.amounts.model_copy(update={"general": a.amounts.general - 1})})
    b = b.model_copy(update={"amounts": b.amounts.model_copy(update={"general": b.amounts.general + 1})})
    broken = dept.model_copy(update={"income_lines": (a, b, *dept.income_lines[2:])})
    found = [i for i in check_department(broken) if i.code == "final.J02_vs_J04"]
    assert [i.message.split("：")[0] for i in found] == ["2010301", "2010303"]
    # with a fiscal carry-over the per-科目 check does not apply (the money may sit on any 科目)
    carried = broken.model_copy(update={"balances": (*broken.balances, BalanceLine(
        funding=Funding.GENERAL, opening=D("5.00"), closing=D("5.00")))})
    assert "final.J02_vs_J04" not in codes_of(carried)


def test_j06_equals_j05_basic() -> None:
    dept = seed003()
    items = list(dept.economic)
    items[0] = items[0].model_copy(update={"amount": items[0].amount + D("0.01")})
    assert "final.J06_vs_J05" in codes_of(dept.model_copy(update={"economic": tuple(items)}))


@pytest.mark.parametrize("code", ["30212", "30217", "30231", "31013"])
def test_j09_covers_the_j06_three_public_items(code: str) -> None:
    dept = seed003()
    spent = _spending(dept, "2010301")
    spent = spent.model_copy(update={"basic": spent.basic.model_copy(update={"general": spent.basic.general + 100})})
    income = dept.income_lines[0]
    income = income.model_copy(update={"amounts": income.amounts.model_copy(update={"general": income.amounts.general + 100})})
    dept = _with_spending(dept, spent).model_copy(update={
        "economic": (*dept.economic, EconomicAmount(economic_code=code, amount=D("100.00"))),
        "income_lines": (income, *dept.income_lines[1:]),
    })
    assert codes_of(dept) == {"final.J09_vs_J06"}


def test_agency_operating_within_public_costs() -> None:
    dept = seed003().model_copy(update={"agency_operating": AgencyOperating(administrative=D("400000.00"))})
    assert codes_of(dept) == {"final.agency_operating_vs_public"}


# ---------------------------------------------------------------- inputs


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: {"spending_lines": (*d.spending_lines, SpendingLine(function_code="2270101",
                                                                       basic=FundingAmounts(non_fiscal=D("1"))))},
         "final.category_not_listed"),
        (lambda d: {"income_lines": (*d.income_lines, IncomeLine(function_code="20101",
                                                                 amounts=IncomeAmounts(other=D("0"))))},
         "final.function_code_malformed"),
        (lambda d: {"spending_lines": (*d.spending_lines, SpendingLine(function_code="2010388"))},
         "final.function_name_unknown"),
        (lambda d: {"economic": (*d.economic, EconomicAmount(economic_code="30901", amount=D("0")))},
         "final.economic_not_basic"),
        (lambda d: {"economic": (*d.economic, EconomicAmount(economic_code="30250", amount=D("0")))},
         "final.economic_code_unknown"),
        (lambda d: {"classes": (*d.classes, ClassFigures(class_code="227"))}, "final.class_code"),
        (lambda d: {"balances": (*d.balances, BalanceLine(funding=Funding.GOVERNMENT_FUND, opening=D("1"),
                                                          closing=D("1")))},
         "final.fund_balance_code"),
        (lambda d: {"procurement": d.procurement.model_copy(update={"sme": D("250800.01")})}, "final.procurement_sme"),
        (lambda d: {"procurement": FinalProcurement(works=D("10"), sme=D("5"), small_micro=D("6"))},
         "final.procurement_small_micro"),
        (lambda d: {"three_public": d.three_public.model_copy(update={"reception_foreign_affairs": D("1")})},
         "final.reception_foreign_affairs"),
        (lambda d: {"three_public": d.three_public.model_copy(update={"foreign_affairs_batches": 1})},
         "final.reception_counts"),
        (lambda d: {"three_public": d.three_public.model_copy(update={"overseas_groups": 2})},
         "final.three_public_count"),
        (lambda d: {"agency_operating": AgencyOperating(administrative=D("1"), civil_service_managed=D("1"))},
         "final.agency_operating_kind"),
        (lambda d: {"evaluations": (SelfEvaluation(name="x", score=D("89.5"), grade=Grade.EXCELLENT),)},
         "final.evaluation_grade"),
    ],
)
def test_input_rule_fires(change, code: str) -> None:
    dept = seed003()
    assert code in codes_of(dept.model_copy(update=change(dept)))


def test_issues_carry_the_cells_of_the_record() -> None:
    where = Location("支出决算", 7, "A")
    dept = seed003()
    line = SpendingLine(function_code="2270101", basic=FundingAmounts(non_fiscal=D("1")), location=where)
    issue = next(i for i in check_department(dept.model_copy(update={"spending_lines": (*dept.spending_lines, line)}))
                 if i.code == "final.category_not_listed")
    assert issue.location == where


# ---------------------------------------------------------------- guards


def test_three_public_reception_is_its_two_parts() -> None:
    dept = seed003()
    tp = dept.three_public.model_copy(update={"reception_domestic": D("300.00"), "reception_abroad": D("200.00"),
                                              "domestic_batches": 1, "abroad_batches": 1})
    t = derive_final_numbers(dept.model_copy(update={"three_public": tp}))
    assert t.three_public_final[ThreePublicItem.RECEPTION] == D("500.00")


@pytest.mark.parametrize(
    ("rule", "tamper"),
    [
        (rules.rule_guard_hierarchies, lambda t: {"j03": (t.j03[0], replace(t.j03[1], values={**t.j03[1].values, "total": D(1)}),
                                                          *t.j03[2:])}),
        (rules.rule_guard_row_sums, lambda t: {"j05": (replace(t.j05[0], values={**t.j05[0].values, "basic": D(1)}),
                                                       *t.j05[1:])}),
        (rules.rule_guard_summary_tables, lambda t: {"income_total": t.income_total + 1}),
        (rules.rule_guard_summary_tables, lambda t: {"fiscal_expenditure": {**t.fiscal_expenditure, "subtotal": D(1)}}),
        (rules.rule_guard_j06_j09_j10, lambda t: {"j06_personnel": t.j06_personnel + 1}),
        (rules.rule_guard_j06_j09_j10, lambda t: {"procurement": {**t.procurement, "total": D(1)}}),
    ],
)
def test_guard_fires_on_a_broken_derivation(rule, tamper) -> None:
    dept = seed003()
    t = derive_final_numbers(dept)
    assert rule(dept, t) == []
    found = rule(dept, replace(t, **tamper(t)))
    assert found and all(i.code.startswith("internal.") for i in found)
