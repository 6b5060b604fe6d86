"""J01–J10 of a department that uses what seed 003 never does: every 资金性质, 政府性基金 and
国有资本经营 money with its J07/J08 rows, 非财政拨款 income and spending, 上缴上级 and 经营支出,
结转结余, 使用结余 and 结余分配, “三公” 预算数 and 决算数. The figures below are worked out by
hand from the typed 元 amounts."""

from __future__ import annotations

from decimal import Decimal

from gendisclose.derive.final_tables import derive_final_tables
from gendisclose.model import DepartmentInfo, TextBlock, ThreePublicItem, UnitKind
from gendisclose.model_final import (
    BalanceLine,
    EconomicAmount,
    FinalDepartment,
    Funding,
    FundingAmounts,
    IncomeAmounts,
    IncomeLine,
    SpendingLine,
    ThreePublicFinal,
)
from gendisclose.rules import check_department

D = Decimal


def department() -> FinalDepartment:
    return FinalDepartment(
        info=DepartmentInfo(name="测试县测试局", year=2024, unit_kind=UnitKind.ADMINISTRATIVE,
                            duties=(TextBlock(text="负责本部门职责范围内的各项工作。"),)),
        income_lines=(
            IncomeLine(function_code="2010301", amounts=IncomeAmounts(
                general=D("1000000"), higher_grant=D("50000"), business=D("10000"), other=D("5000"))),
            IncomeLine(function_code="2120801", function_name="征地和拆迁补偿支出",
                       amounts=IncomeAmounts(government_fund=D("300000"))),
            IncomeLine(function_code="2080505", amounts=IncomeAmounts(state_capital=D("20000"))),
        ),
        spending_lines=(
            SpendingLine(function_code="2010301", basic=FundingAmounts(general=D("600000"), non_fiscal=D("40000")),
                         project=FundingAmounts(general=D("400000")), to_higher=D("10000"), operating=D("5000")),
            SpendingLine(function_code="2120801", function_name="征地和拆迁补偿支出",
                         project=FundingAmounts(government_fund=D("250000"))),
            SpendingLine(function_code="2080505", basic=FundingAmounts(state_capital=D("20000"))),
        ),
        balances=(
            BalanceLine(funding=Funding.GOVERNMENT_FUND, function_code="2120801", closing=D("50000")),
            BalanceLine(funding=Funding.NON_FISCAL, opening=D("1000"), closing=D("10000")),
        ),
        reserves_used=D("2000"),
        surplus_distribution=D("3000"),
        economic=(EconomicAmount(economic_code="30101", amount=D("400000")),
                  EconomicAmount(economic_code="30201", amount=D("200000"))),
        three_public=ThreePublicFinal(budget={ThreePublicItem.OVERSEAS: D("10000")},
                                      final={ThreePublicItem.VEHICLE_OPERATION: D("3000")}, vehicles_held=1),
    )


def _body(t, key: str) -> list[list[str]]:
    return [[c.text for c in r] for r in t.table(key).body]


def test_the_department_is_consistent() -> None:
    assert check_department(department()) == []


def test_j01_and_j04() -> None:
    t = derive_final_tables(department())
    j01 = _body(t, "J01")
    left = {int(r[1]): r[2] for r in j01}
    right = {int(r[4]): r[5] for r in j01}
    assert {n: v for n, v in left.items() if v} == {1: "100.00", 2: "30.00", 3: "2.00", 4: "5.00", 5: "1.00",
                                                     8: "0.50", 27: "138.50", 28: "0.20", 29: "0.10", 31: "138.80"}
    assert {n: v for n, v in right.items() if v} == {32: "105.50", 39: "2.00", 42: "25.00", 58: "132.50",
                                                      59: "0.30", 60: "6.00", 62: "138.80"}
    j04 = _body(t, "J04")
    left = {int(r[1]): r[2] for r in j04}
    right = {int(r[4]): r[5:9] for r in j04}
    assert {n: v for n, v in left.items() if v} == {1: "100.00", 2: "30.00", 3: "2.00", 27: "132.00", 32: "132.00"}
    assert {n: v for n, v in right.items() if any(v)} == {
        33: ["100.00", "100.00", "", ""],
        40: ["2.00", "", "", "2.00"],
        43: ["25.00", "", "25.00", ""],
        59: ["127.00", "100.00", "25.00", "2.00"],
        60: ["5.00", "", "5.00", ""],
        64: ["132.00", "100.00", "30.00", "2.00"],
    }


def test_function_tables() -> None:
    t = derive_final_tables(department())
    j02 = {r[0]: r[2:] for r in _body(t, "J02")}
    assert j02["合计"] == ["138.50", "132.00", "5.00", "1.00", "", "", "0.50"]
    j03 = {r[0]: r[2:] for r in _body(t, "J03")}
    assert j03["合计"] == ["132.50", "66.00", "65.00", "1.00", "0.50", ""]
    assert list(j03) == ["合计", "201", "20103", "2010301", "208", "20805", "2080505", "212", "21208", "2120801"]
    assert {r[0]: r[2:] for r in _body(t, "J05")} == {
        "合计": ["100.00", "60.00", "40.00"], "201": ["100.00", "60.00", "40.00"],
        "20103": ["100.00", "60.00", "40.00"], "2010301": ["100.00", "60.00", "40.00"],
    }
    j07 = {r[0]: (r[1], r[2:]) for r in _body(t, "J07")}
    assert j07["合计"] == ("", ["", "30.00", "25.00", "", "25.00", "5.00"])
    assert j07["2120801"] == ("征地和拆迁补偿支出", ["", "30.00", "25.00", "", "25.00", "5.00"])
    assert list(j07) == ["合计", "212", "21208", "2120801"]
    assert {r[0]: r[2:] for r in _body(t, "J08")} == {
        "合计": ["2.00", "2.00", ""], "208": ["2.00", "2.00", ""], "20805": ["2.00", "2.00", ""],
        "2080505": ["2.00", "2.00", ""],
    }
    assert all("说明：本表无数据" not in t.table(k).notes for k in ("J07", "J08", "J09"))


def test_j06_and_j09() -> None:
    t = derive_final_tables(department())
    j06 = _body(t, "J06")
    assert j06[-1] == ["人员经费合计", "40.00", "公用经费合计", "20.00"]
    assert j06[1][:3] == ["30101", "基本工资", "40.00"] and j06[1][3:6] == ["30201", "办公费", "20.00"]
    assert _body(t, "J09") == [["1.00", "1.00", "", "", "", "", "0.30", "", "0.30", "", "0.30", ""]]
