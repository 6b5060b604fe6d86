"""Issue 12's rules on wrong-but-well-formed input: 万元 typed as 元, rows pasted twice, names
that differ only invisibly, 单位性质 contradicting itself, content a disclosure cannot lack —
each at the cell of the typed value, and none of them on the shipped samples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from builders import DepartmentBuilder

from gendisclose.derive.tables import derive_numbers
from gendisclose.issues import Level, Location
from gendisclose.model import (
    Assets,
    BudgetUnit,
    FundIncomeLine,
    FundingSource,
    KeyTask,
    OverallPerformance,
    Procurement,
    Staffing,
    TextBlock,
    UnitKind,
)
from gendisclose.rules import check_department, completeness, consistency, duplicates, plausibility

IN_WAN = "看起来是按万元填写的，本表金额单位是元"
NEW_MODULES = (plausibility, duplicates, consistency, completeness)


def valid() -> DepartmentBuilder:
    """About 418万元 of spending, staff of 40, a project, prior-year figures, all content present."""
    return (
        DepartmentBuilder(name="己局")
        .unit("己局", "行政单位")
        .basic("2010301", general="4117800")
        .economic("30101", "3769300")
        .economic("30201", "348500")
        .project("物业费", "2010301", general="130000")
        .project("信息化运维", "2010350", general="56000")
        .indicator("物业费", "数量指标", "保洁面积", "≥1000平方米")
        .indicator("信息化运维", "时效指标", "系统可用时间", "≥99%")
        .prior_year(income_total="4000000", expenditure_total="4000000", general_current="4000000",
                    agency_operating="340000")
        .described()
    )


def staffed(builder: DepartmentBuilder, on_payroll: int = 30, others: int = 10) -> DepartmentBuilder:
    builder.info = builder.info.model_copy(update={
        "staffing": Staffing(authorised=on_payroll, on_payroll=on_payroll, others=others),
        "cells": {"staffing.on_payroll": Location("基本信息", 10, "B"), "staffing.authorised": Location("基本信息", 9, "B"),
                  "staffing.others": Location("基本信息", 11, "B")},
    })
    return builder


def found(dept, code: str) -> list:
    return [i for i in check_department(dept) if i.code == code]


def new_issues(dept) -> list:
    tables = derive_numbers(dept)
    return [i for m in NEW_MODULES for rule in m.RULES for i in rule(dept, tables)]


def test_the_valid_department_passes_every_new_rule_and_its_copy_typed_in_wan_does_not():
    assert new_issues(staffed(valid()).build()) == []
    in_wan = (
        staffed(DepartmentBuilder(name="己局")).basic("2010301", general="411.78")
        .economic("30101", "376.93").economic("30201", "34.85").project("物业费", "2010301", general="13")
        .prior_year(income_total="400", expenditure_total="400", general_current="400", agency_operating="34")
        .described().build()
    )
    assert {i.code for i in new_issues(in_wan) if i.is_error} == {"amount.in_wan_total", "amount.in_wan_wages"}


# ---------------------------------------------------------------- 万元 typed as 元


def test_a_staffed_department_spending_a_few_thousand_yuan_is_an_error():
    dept = staffed(DepartmentBuilder(name="庚局")).basic("2010301", general="411.78").economic("30101", "411.78")
    (issue,) = found(dept.build(), "amount.in_wan_total")
    assert issue.level is Level.ERROR and IN_WAN in issue.message
    assert "411.78元" in issue.message and "4117800.00元" in issue.message and "40 人" in issue.message


def test_without_staff_counts_a_tiny_department_is_only_warned_and_10000_yuan_is_quiet():
    tiny = DepartmentBuilder().basic("2010301", general="9999.99").economic("30101", "9999.99").build()
    assert [i.level for i in found(tiny, "amount.in_wan_total")] == [Level.WARNING]
    enough = staffed(DepartmentBuilder()).basic("2010301", general="10000").economic("30101", "10000").build()
    assert found(enough, "amount.in_wan_total") == []


def test_wages_per_person_below_5000_yuan_is_an_error_naming_the_301_and_staff_cells():
    dept = staffed(valid(), on_payroll=30, others=10).build()  # 3,769,300 / 40: fine
    assert found(dept, "amount.in_wan_wages") == []
    low = staffed(valid(), on_payroll=700, others=54).build()  # 3,769,300 / 754 = 4,999.07
    (issue,) = found(low, "amount.in_wan_wages")
    assert issue.level is Level.ERROR and "4999.07元" in issue.message and "基本信息!B10" in issue.message
    edge = staffed(valid(), on_payroll=700, others=53).build()  # 5,005.71 a person
    assert found(edge, "amount.in_wan_wages") == []


def test_prior_year_about_one_ten_thousandth_is_an_error_one_hundredth_a_warning():
    levels = []
    for prior in ("4178", "41780", "45000"):  # this year's income: 4,303,800 元
        dept = valid().prior_year(income_total=prior).build()
        dept = dept.model_copy(update={"prior": dept.prior.model_copy(
            update={"cells": {"prior.income_total": Location("上年数与变动原因", 2, "B")}})})
        issues = found(dept, "prior.in_wan")
        levels.append([i.level for i in issues])
        for issue in issues:
            assert issue.location.cell == "上年数与变动原因!B2" and IN_WAN in issue.message and "增长" in issue.message
    assert levels == [[Level.ERROR], [Level.WARNING], []]


def test_a_current_figure_one_ten_thousandth_of_its_prior_year_is_an_error_at_the_typed_cells():
    dept = valid().prior_year(agency_operating="3485000000").build()  # 机关运行经费 348,500 vs 34.85亿
    (issue,) = found(dept, "amount.in_wan_vs_prior")
    assert issue.level is Level.ERROR and "本年机关运行经费 348500.00元" in issue.message


def test_one_project_of_a_few_yuan_beside_lines_of_millions_is_an_error():
    dept = valid().project("培训费", "2010302", general="12.5").build()
    (issue,) = found(dept, "project.in_wan")
    assert issue.level is Level.ERROR and "培训费" in issue.message and IN_WAN in issue.message


def test_a_small_project_is_warned_only_when_far_below_and_never_from_10000_yuan():
    def level(amount: str, basic: str = "4117800") -> list:
        b = valid()
        b.basic_lines[0] = b.basic_lines[0].model_copy(
            update={"current": b.basic_lines[0].current.model_copy(update={"general": Decimal(basic)})})
        return [i.level for i in found(b.project("印刷费", "2010302", general=amount).build(), "project.in_wan")]

    assert level("2000") == [Level.ERROR]  # 1/2059 of the 收支预算 row
    assert level("5000") == [Level.WARNING]  # 1/824
    assert level("9000", basic="1000000") == []  # 1/111
    assert level("10000", basic="999999999") == []  # not small enough to be 万元


def test_procurement_of_a_few_yuan_is_an_error_at_its_cell():
    cells = {"procurement.goods": Location("政府采购与资产", 2, "B")}
    dept = valid()
    dept.procurement = Procurement(goods=Decimal("1.91"), services=Decimal("30000"), cells=cells)
    (issue,) = found(dept.build(), "procurement.in_wan")
    assert issue.level is Level.ERROR and issue.location.cell == "政府采购与资产!B2"
    small = valid().procure(goods="3000").build()  # < 1/1000 of 430万
    assert [i.level for i in found(small, "procurement.in_wan")] == [Level.WARNING]


def test_three_public_of_a_few_yuan_is_an_error_both_on_economic_lines_and_the_project_sheet():
    dept = valid().three_public_extra("公务接待费", "1.2").economic("30217", "3").basic("2010301", general="3").build()
    issues = found(dept, "three_public.in_wan")
    assert sorted(i.message.split(" ")[0] for i in issues) == ["公务接待费", "公务接待费"]
    assert all(i.level is Level.ERROR for i in issues)
    assert found(valid().three_public_extra("公务接待费", "12000").build(), "three_public.in_wan") == []


def test_fund_income_one_ten_thousandth_of_its_spending_is_an_error():
    line = FundIncomeLine(source=FundingSource.GOVERNMENT_FUND, code="1030148", name="国有土地使用权出让收入",
                          amount=Decimal("42"))
    dept = valid().project("土地整理", "2120801", government_fund="420000").with_(fund_income=(line,)).build()
    (issue,) = found(dept, "fund_income.in_wan")
    assert issue.level is Level.ERROR and "1/10000" in issue.message


def test_a_whole_project_sheet_in_wan_is_caught_against_the_basic_lines():
    dept = (valid().project("甲", "2010302", general="13").project("乙", "2010302", general="5.6")
            .project("丙", "2010302", general="20").build())
    dept = dept.model_copy(update={"projects": dept.projects[2:]})  # only the three in 万元
    assert [i.level for i in found(dept, "project.in_wan")] == [Level.ERROR] * 3


def test_basic_and_economic_sheets_ten_thousand_apart_name_the_small_side():
    dept = valid().build()
    lines = tuple(x.model_copy(update={"amount": x.amount / 10000}) for x in dept.economic_lines)
    (issue,) = found(dept.model_copy(update={"economic_lines": lines}), "amount.in_wan_basic_vs_economic")
    assert issue.message.startswith("基本支出经济分类合计 411.78元") and IN_WAN in issue.message
    assert found(valid().economic("30201", "100").build(), "amount.in_wan_basic_vs_economic") == []


def test_project_funds_and_overall_amount_ten_thousand_times_smaller():
    from gendisclose.model import LevelFunds

    dept = valid().build()
    p = dept.projects[0].model_copy(update={"annual_funds": LevelFunds(local=Decimal("13"))})
    (issue,) = found(dept.model_copy(update={"projects": (p, *dept.projects[1:])}), "project.funds_in_wan")
    assert issue.is_error and "年度资金总额 13.00元" in issue.message
    b = valid()
    b.other["overall"] = b.other["overall"].model_copy(update={"amount_reporting": Decimal("430.38")})
    assert [i.level for i in found(b.build(), "overall.amount_in_wan")] == [Level.WARNING]


# ---------------------------------------------------------------- double counting and look-alike names


@pytest.mark.parametrize("twin", ["物业费\u3000", "物\u200b业费", "物业费\ufeff", "物业费 "])
def test_a_project_name_differing_only_invisibly_is_an_error_showing_the_difference(twin):
    dept = valid().project(twin, "2010301", general="130000").build()
    (issue,) = found(dept, "project.duplicate_lookalike")
    assert issue.level is Level.ERROR and "⟨U+" in issue.message or "␣" in issue.message


def test_full_and_half_width_parentheses_make_the_same_project():
    dept = valid().project("物业费（二期）", "2010301", general="1").project("物业费(二期)", "2010301", general="1")
    (issue,) = found(dept.build(), "project.duplicate_lookalike")
    assert "“物业费(二期)”与另一行的“物业费（二期）”" in issue.message


def test_a_three_public_row_pasted_twice_is_an_error_but_two_projects_are_two_rows():
    twice = valid().three_public_extra("公务接待费", "5000").three_public_extra("公务接待费", "5000").build()
    assert [i.level for i in found(twice, "three_public.duplicate_row")] == [Level.ERROR]
    other = valid().three_public_extra("公务接待费", "5000").three_public_extra("公务接待费", "5001").build()
    assert found(other, "three_public.duplicate_row") == []


def test_the_basic_three_public_typed_again_on_the_project_sheet_is_warned():
    dept = valid().economic("30217", "8000").basic("2010301", general="4125800").three_public_extra("公务接待费", "8000")
    (issue,) = found(dept.build(), "three_public.extra_repeats_basic")
    assert issue.level is Level.WARNING and "金额相同" in issue.message


def test_the_same_indicator_twice_is_warned_but_empty_placeholders_may_repeat():
    dept = valid().indicator("物业费", "数量指标", "保洁面积", "≥1000平方米").build()
    assert [i.level for i in found(dept, "indicator.duplicate")] == [Level.WARNING]
    empty = valid().indicator("物业费", "质量指标", "", "").indicator("物业费", "质量指标", "", "").build()
    assert found(empty, "indicator.duplicate") == []


def test_fund_income_code_twice_key_task_twice_paragraph_twice():
    line = FundIncomeLine(source=FundingSource.GOVERNMENT_FUND, code="1030148", name="土地", amount=Decimal("1"))
    dept = valid().with_(fund_income=(line, line)).build()
    assert [i.level for i in found(dept, "fund_income.duplicate")] == [Level.ERROR]
    task = KeyTask(core_function="依法履行职责", tasks="完成年度重点工作")
    overall = OverallPerformance(strategic_goal="甲", annual_goal="乙", key_tasks=(task, task))
    assert [i.level for i in found(valid().with_(overall=overall).build(), "key_task.duplicate")] == [Level.WARNING]
    b = valid()
    b.info = b.info.model_copy(update={"duties": (TextBlock(text="负责全县审批服务工作。"),) * 2})
    assert [i.level for i in found(b.build(), "text.duplicate")] == [Level.WARNING]


def test_unit_names_differing_only_invisibly_are_an_error():
    dept = valid().unit("己局\u00a0", "行政单位").build()
    (issue,) = found(dept, "unit.duplicate_lookalike")
    assert "⟨U+00A0⟩" in issue.message


# ---------------------------------------------------------------- contradictions between sheets


def test_the_departments_own_unit_with_another_kind_is_an_error_at_both_cells():
    dept = valid().build()
    unit = BudgetUnit(name="己局", kind=UnitKind.INSTITUTION, cells={"kind": Location("单位", 2, "B")})
    info = dept.info.model_copy(update={"cells": {"unit_kind": Location("基本信息", 6, "B")}})
    issues = found(dept.model_copy(update={"units": (unit,), "info": info}), "unit.kind_contradiction")
    assert [i.location.cell for i in issues] == ["单位!B2", "基本信息!B6"]
    assert all(i.is_error and "表十一" in i.message for i in issues)


def test_a_single_unit_named_otherwise_is_the_department_too():
    dept = valid().build().model_copy(update={"units": (BudgetUnit(name="己局机关", kind=UnitKind.INSTITUTION),)})
    assert len(found(dept, "unit.kind_contradiction")) == 2


def test_subordinate_units_of_other_kinds_are_no_contradiction():
    dept = valid().unit("己中心", "事业单位").unit("己大队", "参照公务员法管理事业单位").build()
    assert found(dept, "unit.kind_contradiction") == [] and found(dept, "unit.kind_not_listed") == []
    none_match = valid().build().model_copy(update={"units": (
        BudgetUnit(name="甲中心", kind=UnitKind.INSTITUTION), BudgetUnit(name="乙中心", kind=UnitKind.INSTITUTION))})
    assert [i.level for i in found(none_match, "unit.kind_not_listed")] == [Level.WARNING]


# ---------------------------------------------------------------- empty content


def test_each_missing_content_is_a_warning_at_its_place():
    bare = DepartmentBuilder().basic("2010301", general="100000").economic("30101", "100000").build()
    codes = {i.code: i for i in check_department(bare)}
    for code in ("content.no_duties", "content.no_overall_indicators", "content.no_overall_goal",
                 "content.no_key_tasks"):
        assert codes[code].level is Level.WARNING, code
    assert codes["content.no_duties"].location.cell == "概况文字"
    assert codes["content.no_key_tasks"].location.cell == "年度重点任务"
    no_basic = valid().build().model_copy(update={"basic_lines": (), "economic_lines": ()})
    assert [i.level for i in found(no_basic, "content.no_basic")] == [Level.WARNING]


def test_a_budget_year_far_from_today_is_warned():
    warned = []
    for offset in (0, 1, 2, -5, -6, 73):
        b = valid()
        b.info = b.info.model_copy(update={"year": date.today().year + offset})
        warned.append(bool(found(b.build(), "info.year_far")))
    assert warned == [False, False, True, False, True, True]


# ---------------------------------------------------------------- the typed value's cell


def test_staffing_equipment_and_procurement_issues_name_the_typed_cells():
    dept = staffed(valid(), on_payroll=30).build()
    dept = dept.model_copy(update={"info": dept.info.model_copy(
        update={"staffing": Staffing(authorised=20, on_payroll=30)})})
    (staff,) = found(dept, "staffing.over_quota")
    assert staff.location.cell == "基本信息!B10" and staff.related == (Location("基本信息", 9, "B"),)
    cells = {"assets.equipment_over_1m": Location("政府采购与资产", 18, "B"),
             "assets.equipment_over_500k": Location("政府采购与资产", 17, "B")}
    equipment = valid().with_(assets=Assets(equipment_over_500k=1, equipment_over_1m=2, cells=cells)).build()
    assert found(equipment, "assets.equipment")[0].location.cell == "政府采购与资产!B18"
    over = Procurement(works=Decimal("99999999"), cells={"procurement.works": Location("政府采购与资产", 3, "B")})
    b = valid()
    b.procurement = over
    assert found(b.build(), "procurement.exceeds_budget")[0].location.cell == "政府采购与资产!B3"


# ---------------------------------------------------------------- calibration on the shipped samples


def test_no_new_rule_fires_on_the_shipped_samples_except_the_illegible_overall_table_of_002():
    from seed_samples import SAMPLES

    from gendisclose.workbook.reader import read_workbook

    for path in sorted(SAMPLES.glob("*.xlsx")):
        dept, _ = read_workbook(path)
        if not hasattr(dept, "basic_lines"):  # a 决算 workbook: the budget rules do not apply
            continue
        got = {i.code for i in new_issues(dept)}
        expected = ({"content.no_overall_indicators", "content.no_overall_goal", "content.no_key_tasks"}
                    if path.name == "zezhou-approval-2026.xlsx" else set())
        assert got == expected, (path.name, got)
