"""Each rule fires on a crafted violation, naming both figures, and not on a valid department."""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import DepartmentBuilder

from gendisclose.derive.tables import derive_numbers
from gendisclose.issues import Level, Location
from gendisclose.model import (
    Assets,
    EconomicLine,
    FundIncomeLine,
    FundingSource,
    LevelFunds,
    Staffing,
    VehicleCategory,
)
from gendisclose.rules import RULES, check_department
from gendisclose.rules import identities as ids


def valid() -> DepartmentBuilder:
    """A department every rule accepts: basic = economic per unit, a project with indicators."""
    return (
        DepartmentBuilder(name="戊局")
        .unit("戊局", "行政单位")
        .unit("戊中心", "事业单位")
        .basic("2010301", general="4117800")
        .basic("2010350", unit="戊中心", general="100000")
        .economic("30101", "3769300")
        .economic("30201", "348500")
        .economic("30101", "100000", unit="戊中心")
        .project("物业费", "2010301", general="130000")
        .indicator("物业费", "数量指标", "保洁面积", "≥1000平方米")
        .prior_year(income_total="4000000", expenditure_total="4000000", general_current="4000000",
                    agency_operating="340000")
        .described()
    )


def codes(issues) -> list[str]:
    return [i.code for i in issues]


def test_a_valid_department_has_no_issue():
    assert check_department(valid().build()) == []


def test_every_rule_is_quiet_on_a_valid_department():
    dept = valid().build()
    tables = derive_numbers(dept)
    for rule in RULES:
        assert rule(dept, tables) == [], rule.__name__


# ---------------------------------------------------------------- X13 基本支出 = 经济分类


def test_x13_basic_differs_from_economic_total_names_both_figures_and_sheets():
    dept = valid().economic("30201", "100").build()  # 经济分类 one 元 … well, 100 元 more
    issues = [i for i in check_department(dept) if i.code == "X13.basic_vs_economic"]
    assert len(issues) == 1
    msg = issues[0].message
    assert issues[0].level is Level.ERROR
    assert "表五基本支出合计 421.78万元（收支预算，一般公共预算当年基本支出）" in msg
    assert "表六合计 421.79万元（基本支出经济分类）" in msg
    assert "相差 100.00元" in msg


def test_x13_per_unit_even_when_the_department_totals_agree():
    dept = (
        valid()
        .economic("30201", "500")  # 戊局 +500
        .economic("30201", "-500", unit="戊中心")  # 戊中心 −500: totals still agree
        .build()
    )
    issues = check_department(dept)
    assert "X13.basic_vs_economic" not in codes(issues)
    unit_issues = [i for i in issues if i.code == "X13.basic_vs_economic_unit"]
    assert [i.message.split("：")[0] for i in unit_issues] == ["单位“戊局”", "单位“戊中心”"]
    assert "相差 500.00元" in unit_issues[0].message


def test_x13_one_fen_is_an_error_but_a_rounding_tail_is_not():
    tail = (
        DepartmentBuilder()
        .basic("2010301", general="4440").basic("2010350", general="4440")
        .economic("30101", "4440").economic("30102", "4440")
        .build()
    )
    assert [i for i in check_department(tail) if i.is_error] == []
    fen = DepartmentBuilder().basic("2010301", general="8880.00").economic("30101", "8880.01").build()
    assert "X13.basic_vs_economic" in codes(check_department(fen))


def test_x13_location_points_at_the_cells():
    dept = valid().build()
    line = dept.basic_lines[0].model_copy(update={"location": Location("收支预算", 5, "D")})
    eco = EconomicLine(unit="戊局", economic_code="30201", amount=Decimal("1"), location=Location("基本支出经济分类", 9))
    dept = dept.model_copy(update={"basic_lines": (line, *dept.basic_lines[1:]),
                                   "economic_lines": (*dept.economic_lines, eco)})
    issue = next(i for i in check_department(dept) if i.code == "X13.basic_vs_economic")
    assert issue.location == Location("收支预算", 5, "D")
    assert issue.related[0] == Location("基本支出经济分类", 9)


# ---------------------------------------------------------------- codes


def test_economic_code_that_cannot_be_basic_is_an_error():
    dept = valid().basic("2010301", general="5000").economic("30905", "5000").build()
    issue = next(i for i in check_department(dept) if i.code == "economic.not_basic")
    assert "30905" in issue.message and issue.is_error


def test_unknown_economic_and_malformed_function_codes():
    dept = valid().basic("20103", general="1").economic("30288", "1").build()
    found = codes(check_department(dept))
    assert "economic.code_unknown" in found and "function.code_malformed" in found
    assert not any(c.startswith("internal.") for c in found)  # the guards wait for valid codes


def test_function_category_outside_the_30_rows_is_an_error():
    dept = DepartmentBuilder().basic("2180101", general="100").economic("30101", "100").build()
    found = codes(check_department(dept))
    assert "function.category_unknown" in found


def test_unit_not_listed_is_a_warning():
    dept = valid().basic("2010301", unit="幽灵单位", general="1").economic("30101", "1", unit="幽灵单位").build()
    issue = next(i for i in check_department(dept) if i.code == "unit.not_listed")
    assert issue.level is Level.WARNING and "幽灵单位" in issue.message


# ---------------------------------------------------------------- X17, X21, 三公, T7/T8


def test_t11_warns_when_an_administrative_department_has_no_public_costs():
    dept = DepartmentBuilder().basic("2010301", general="100").economic("30101", "100").build()
    assert "X17.no_agency_costs" in codes(check_department(dept))
    institution = DepartmentBuilder(kind="事业单位").basic("2010350", general="100").economic("30101", "100").build()
    assert "X17.no_agency_costs" not in codes(check_department(institution))


def test_three_public_extra_beyond_project_money_and_non_fiscal_source():
    dept = (
        valid()
        .three_public_extra("公务接待费", "200000")  # projects have only 130000 一般公共预算
        .three_public_extra("公务接待费", "100", source="单位资金")
        .build()
    )
    issues = check_department(dept)
    over = next(i for i in issues if i.code == "three_public.exceeds_projects")
    assert "项目三公经费（一般公共预算） 20.00万元" in over.message
    assert "表十二项目支出（一般公共预算） 13.00万元" in over.message
    assert "three_public.non_fiscal" in codes(issues)


def test_government_fund_spending_without_income_lines_is_a_warning():
    dept = valid().project("基金项目", "2120101", government_fund="50000").indicator(
        "基金项目", "数量指标", "x", "1个").build()
    issue = next(i for i in check_department(dept) if i.code == "fund_income.vs_spending")
    assert issue.level is Level.WARNING
    assert "表七政府性基金收入合计 0.00万元" in issue.message and "表八政府性基金支出合计 5.00万元" in issue.message
    income = FundIncomeLine(source=FundingSource.GOVERNMENT_FUND, code="1030148", name="国有土地使用权出让收入",
                            amount=Decimal("50000"))
    balanced = dept.model_copy(update={"fund_income": (income,)})
    assert "fund_income.vs_spending" not in codes(check_department(balanced))


def test_fund_income_of_a_wrong_source_is_an_error():
    line = FundIncomeLine(source=FundingSource.UNIT_FUNDS, code="1030148", name="x", amount=Decimal("1"))
    dept = valid().build().model_copy(update={"fund_income": (line,)})
    assert "fund_income.source" in codes(check_department(dept))


def test_basic_carry_over_is_reported_as_not_in_t13():
    dept = valid().basic("2010301", carried_general="5000").build()
    issue = next(i for i in check_department(dept) if i.code == "X23.basic_carry_over")
    assert "0.50万元" in issue.message
    assert not any(i.code.startswith("internal.") for i in check_department(dept))


# ---------------------------------------------------------------- projects and indicators


def test_project_annual_funds_must_equal_the_project_money_to_the_fen():
    dept = valid().build()
    p = dept.projects[0].model_copy(update={"annual_funds": LevelFunds(local=Decimal("129999.99"))})
    dept = dept.model_copy(update={"projects": (p,)})
    issue = next(i for i in check_department(dept) if i.code == "project.annual_funds_mismatch")
    assert "年度资金总额 13.00万元（129999.99元）" in issue.message
    assert "13.00万元（130000.00元）" in issue.message and "相差 0.01元" in issue.message


def test_project_funds_negative_and_implementation_below_annual():
    dept = valid().build()
    p = dept.projects[0].model_copy(update={"implementation_funds": LevelFunds(local=Decimal("140000"),
                                                                              other=Decimal("-20000"))})
    found = codes(check_department(dept.model_copy(update={"projects": (p,)})))
    assert "project.funds_negative" in found and "project.implementation_below_annual" in found


def test_indicator_level2_must_belong_to_its_level1():
    dept = valid().indicator("物业费", "社会效益", "x", "y", level1="产出指标").build()
    issue = next(i for i in check_department(dept) if i.code == "indicator.level2")
    assert "社会效益" in issue.message and "产出指标" in issue.message
    dept = valid().indicator("物业费", "可持续发展影响", "x", "y", level1="效益指标").build()
    assert "indicator.level2" in codes(check_department(dept))
    dept = valid().indicator("物业费", "数量指标", "x", "y", level1="满意度目标").build()
    assert "indicator.level1" in codes(check_department(dept))
    dept = valid().indicator("不存在的项目", "数量指标", "x", "y").build()
    assert "indicator.project_unknown" in codes(check_department(dept))


def test_duplicate_project_names_and_projects_without_indicators():
    dept = valid().project("物业费", "2010301", general="1").build()
    assert "project.duplicate" in codes(check_department(dept))
    dept = valid().project("新项目", "2010301", general="1").build()
    assert "project.no_indicators" in codes(check_department(dept))


# ---------------------------------------------------------------- assets, staffing, procurement, prior


def test_vehicle_categories_must_sum_to_actual_as_in_seed_002():
    dept = valid().with_(assets=Assets(vehicle_quota=2, vehicle_actual=2)).build()
    issue = next(i for i in check_department(dept) if i.code == "assets.vehicles_sum")
    assert issue.message == "公务用车实有数 2 辆与七类车辆之和 0 辆不一致"
    ok = valid().with_(assets=Assets(vehicle_quota=2, vehicle_actual=2,
                                     vehicles={VehicleCategory.LAW_ENFORCEMENT: 2})).build()
    assert check_department(ok) == []


def test_equipment_over_1m_cannot_exceed_over_500k():
    dept = valid().with_(assets=Assets(equipment_over_500k=1, equipment_over_1m=2)).build()
    assert "assets.equipment" in codes(check_department(dept))


def test_staff_on_payroll_over_quota_is_a_warning():
    b = valid()
    b.info = b.info.model_copy(update={"staffing": Staffing(authorised=28, on_payroll=34)})
    issue = next(i for i in check_department(b.build()) if i.code == "staffing.over_quota")
    assert issue.level is Level.WARNING and "34" in issue.message and "28" in issue.message


def test_procurement_beyond_the_whole_budget_is_an_error():
    dept = valid().procure(goods="5000000").build()
    issue = next(i for i in check_department(dept) if i.code == "procurement.exceeds_budget")
    assert "500.00万元" in issue.message and "434.78万元" in issue.message


def test_missing_prior_year_figures_are_warnings():
    dept = valid().build().model_copy(update={"prior": valid().build().prior.model_copy(
        update={"income_total": None, "agency_operating": None})})
    issues = [i for i in check_department(dept) if i.code == "prior.missing"]
    assert all(i.level is Level.WARNING for i in issues)
    assert sorted(i.message for i in issues) == sorted([
        "未填上年预算收入总计，第三部分将不写与上年相比的增减变化",
        "未填上年机关运行经费，第三部分将不写与上年相比的增减变化",
    ])


# ---------------------------------------------------------------- internal guards


@pytest.mark.parametrize("rule", ids.RULES, ids=lambda r: r.__name__)
def test_internal_guards_fire_when_a_derived_figure_is_tampered_with(rule):
    from dataclasses import replace

    dept = (
        valid()
        .basic("2010301", carried_general="700")
        .project("结转项目", "2010301", carried_general="300")
        .indicator("结转项目", "数量指标", "x", "1")
        .economic("30217", "0")
        .build()
    )
    t = derive_numbers(dept)
    assert rule(dept, t) == []
    bump = Decimal("0.01")
    first = t.t3[0]
    tampered = {
        "rule_x1_t1_balances": replace(t, income_total=t.income_total + bump),
        "rule_x2_t1_equals_t2_t3": replace(t, income_total=t.income_total + bump),
        "rule_x3_x4_x6_categories": replace(t, expenditure_total=t.expenditure_total + bump),
        "rule_x5_income_rows_equal_t2": replace(t, carry_in=t.carry_in + bump),
        "rule_x7_t4_is_fiscal_part": replace(t, fiscal_total=t.fiscal_total + bump),
        "rule_x9_x10_hierarchy": replace(t, t3=(replace(first, values={**first.values, "basic": first.get("basic") + bump}),
                                                *t.t3[1:])),
        "rule_x11_total_is_basic_plus_project": replace(
            t, t5=(replace(t.t5[0], values={**t.t5[0].values, "total": t.t5[0].get("total") + bump}), *t.t5[1:])),
        "rule_x12_t2_t3_same_codes": replace(t, t3=(replace(first, values={**first.values, "total": first.get("total") + bump}),
                                                    *t.t3[1:])),
        "rule_x14_x16_t6": replace(t, t6_total=t.t6_total + bump),
        "rule_x18_x19_projects": replace(t, t12_values={**t.t12_values, "total": t.t12_values["total"] + bump}),
        "rule_x22_t10_rows": replace(t, t10_total=t.t10_total + bump),
        "rule_x23_carry_over": replace(t, expenditure_carried=t.expenditure_carried + bump),
    }[rule.__name__]
    issues = rule(dept, tampered)
    assert issues and all(i.code.startswith("internal.") and i.is_error for i in issues)
    assert "相差 0.01元" in issues[0].message


def test_one_year_project_with_different_implementation_funds_is_a_warning():
    from decimal import Decimal

    from gendisclose.model import LevelFunds
    from gendisclose.rules import check_department

    dept = DepartmentBuilder().basic("2010301", general="100").economic("30101", "100") \
        .project("物业费", "2010301", general="700").build()
    one_year = dept.projects[0].model_copy(update={
        "period": "1年",
        "implementation_funds": LevelFunds(local=Decimal("1350.90")),
    })
    codes = {i.code for i in check_department(dept.model_copy(update={"projects": (one_year,)}))}
    assert "project.one_year_funds_differ" in codes
    multi_year = one_year.model_copy(update={"period": "3年"})
    codes = {i.code for i in check_department(dept.model_copy(update={"projects": (multi_year,)}))}
    assert "project.one_year_funds_differ" not in codes
