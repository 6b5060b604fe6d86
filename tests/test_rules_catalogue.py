"""Issue 17's checks (rules/counts.py, rules/wording_checks.py): each fires on the mistake a
published document made, at the typed cell, and not on the valid department."""

from __future__ import annotations

from decimal import Decimal

from builders import DepartmentBuilder

from gendisclose.derive.tables import derive_numbers
from gendisclose.issues import Level, Location
from gendisclose.model import (
    OverallPerformance,
    Reasons,
    Staffing,
    TextBlock,
    ThreePublicItem,
)
from gendisclose.rules import check_department, counts, wording_checks
from gendisclose.rules.catalogue import BY_CODE


def valid() -> DepartmentBuilder:
    return (
        DepartmentBuilder(name="己局")
        .unit("己局", "行政单位")
        .basic("2010301", general="4117800")
        .economic("30101", "3769300")
        .economic("30201", "348500")
        .project("物业费", "2010301", general="130000")
        .indicator("物业费", "数量指标", "保洁面积", "≥1000平方米")
        .indicator("物业费", "成本指标", "物业费", "≤13万元")
        .prior_year(income_total="4000000", expenditure_total="4000000", agency_operating="340000")
        .described()
    )


def new_issues(dept) -> list:
    tables = derive_numbers(dept)
    found = [i for m in (counts, wording_checks) for rule in m.RULES for i in rule(dept, tables)]
    return found + wording_checks.rule_reasons_given(dept, tables)


def codes(dept) -> set[str]:
    return {i.code for i in new_issues(dept)}


def test_the_valid_department_passes_and_every_new_code_is_catalogued() -> None:
    assert new_issues(valid().build()) == []
    for code in ("project.fill_date", "text.year_other", "indicator.cost_over_funds", "indicator.one_year_differ",
                 "staffing.offices_count", "unit.admin_operating", "reason.missing", "reason.punctuation",
                 "overall.units_reporting", "overall.units_total", "staffing.subordinate_units"):
        assert code in BY_CODE and not BY_CODE[code].structural


def _project(builder: DepartmentBuilder, **fields) -> DepartmentBuilder:
    builder.projects[-1] = builder.projects[-1].model_copy(update=fields)
    return builder


def test_a_fill_date_with_minute_81_is_no_moment() -> None:
    cell = Location("项目", 2, "AQ")
    bad = _project(valid(), fill_date="20251031088119", cells={"fill_date": cell}).build()
    [issue] = [i for i in new_issues(bad) if i.code == "project.fill_date"]
    assert issue.level is Level.WARNING and issue.location == cell and "81分" in issue.message
    assert codes(_project(valid(), fill_date="20251031085419").build()) == set()
    assert "project.fill_date" in codes(_project(valid(), fill_date="2025-10-31").build())


def test_a_year_before_last_in_this_years_text_is_reported_but_a_span_or_a_title_is_not() -> None:
    left_over = valid()
    left_over.info = left_over.info.model_copy(update={"duties": (
        TextBlock(text="根据2023年部门汇总预算安排。", location=Location("概况文字", 3, "B")),)})
    [issue] = [i for i in new_issues(left_over.build()) if i.code == "text.year_other"]
    assert "2023年" in issue.message and issue.location == Location("概况文字", 3, "B")
    fine = valid()
    fine.info = fine.info.model_copy(update={"duties": (
        TextBlock(text="落实《2021年优化营商环境方案》和2021-2025年规划，2025年完成，2027年目标。"),)})
    assert "text.year_other" not in codes(fine.build())


def test_a_cost_indicator_above_the_projects_money() -> None:
    over = valid().indicator("物业费", "成本指标", "经费", "2164834.89元")
    over.indicators[-1] = over.indicators[-1].model_copy(update={"cells": {"value": Location("绩效指标", 9, "F")}})
    [issue] = [i for i in new_issues(over.build()) if i.code == "indicator.cost_over_funds"]
    assert issue.location == Location("绩效指标", 9, "F") and "216.48万元" in issue.message and "13.00万元" in issue.message
    assert "indicator.cost_over_funds" not in codes(valid().indicator("物业费", "成本指标", "经费", "130000元").build())


def test_a_one_year_projects_annual_and_implementation_indicators_differ() -> None:
    both = _project(valid().indicator("物业费", "数量指标", "保洁面积", "≥1000平方米", period="实施期")
                    .indicator("物业费", "成本指标", "物业费", "≤13万元", period="实施期"), period="1年")
    assert "indicator.one_year_differ" not in codes(both.build())
    both.indicators[-1] = both.indicators[-1].model_copy(update={"value": "≤12万元"})
    [issue] = [i for i in new_issues(both.build()) if i.code == "indicator.one_year_differ"]
    assert "物业费" in issue.message
    long_term = _project(valid().indicator("物业费", "数量指标", "保洁面积", "≥2000平方米", period="实施期"), period="3年")
    assert "indicator.one_year_differ" not in codes(long_term.build())


def _offices(builder: DepartmentBuilder, text: str, typed: int | None) -> DepartmentBuilder:
    builder.info = builder.info.model_copy(update={
        "organisation": (TextBlock(text=text, location=Location("概况文字", 5, "B")),),
        "staffing": Staffing(internal_departments=typed),
        "cells": {"staffing.internal_departments": Location("基本信息", 7, "B")},
    })
    return builder


def test_the_offices_count_against_the_organisation_text() -> None:
    text = "本局内设4个股室，分别是办公室、法制股、审批股、监管股。"
    assert "staffing.offices_count" not in codes(_offices(valid(), text, 4).build())
    [issue] = [i for i in new_issues(_offices(valid(), text, 5).build()) if i.code == "staffing.offices_count"]
    assert issue.location == Location("基本信息", 7, "B") and "内设4个股室" in issue.message
    listed = "根据职责，设十九个内设机构，分别是办公室、法制股。"
    [issue] = [i for i in new_issues(_offices(valid(), listed, None).build()) if i.code == "staffing.offices_count"]
    assert "列出了 2 个" in issue.message


def test_an_administrative_unit_with_institution_running_lines() -> None:
    dept = valid().basic("2010350", general="10000").build()
    [issue] = [i for i in new_issues(dept) if i.code == "unit.admin_operating"]
    assert "2010350 事业运行" in issue.message
    institution = DepartmentBuilder(name="中心", kind="事业单位").unit("中心", "事业单位").basic(
        "2010350", general="10000").economic("30101", "10000")
    assert "unit.admin_operating" not in codes(institution.build())


def _reasons(builder: DepartmentBuilder, **fields) -> DepartmentBuilder:
    cells = {f"reasons.{k}": Location("上年数与变动原因", 8 + n, "B") for n, k in enumerate(fields)}
    return builder.with_(reasons=Reasons(**fields, cells=cells))


def test_a_large_change_without_its_reason_and_the_threshold() -> None:
    dept = valid().prior_year(income_total="2000000", expenditure_total="2000000").build()  # +106%
    missing = [i for i in new_issues(dept) if i.code == "reason.missing"]
    assert {i.message[:2] for i in missing} == {"收入", "支出"}
    tables = derive_numbers(dept)
    assert wording_checks.rule_reasons_given(dept, tables, Decimal("2")) == []  # a threshold of 200%
    given = _reasons(valid().prior_year(income_total="2000000", expenditure_total="2000000"),
                     income="新增项目", expenditure="新增项目").build()
    assert "reason.missing" not in codes(given)
    small = valid().prior_year(income_total="4200000", expenditure_total="4200000").build()  # −2%
    assert "reason.missing" not in codes(small)


def test_a_reason_ending_in_a_mark_the_template_cannot_follow() -> None:
    dept = _reasons(valid(), income="主要是：", expenditure="人员增加。").build()
    [issue] = [i for i in new_issues(dept) if i.code == "reason.punctuation"]
    assert issue.location == Location("上年数与变动原因", 8, "B") and "“：”" in issue.message
    items = _reasons(valid(), three_public_items={ThreePublicItem.RECEPTION: "压减批次、"}).build()
    assert "reason.punctuation" in codes(items)


def test_unit_counts_against_the_units_sheet() -> None:
    def overall(builder: DepartmentBuilder, **fields) -> DepartmentBuilder:
        cells = {k: Location("整体绩效", 6 + n, "B") for n, k in enumerate(fields)}
        base = builder.other["overall"]
        builder.other["overall"] = OverallPerformance(**{**base.model_dump(exclude={"cells"}), **fields}, cells=cells)
        return builder

    two = valid().unit("己局下属中心", "事业单位")
    assert codes(overall(two, units_total=2, units_reporting=2).build()) == set()
    issues = new_issues(overall(valid().unit("己局下属中心", "事业单位"), units_total=3, units_reporting=4).build())
    by_code = {i.code: i for i in issues}
    assert by_code["overall.units_reporting"].level is Level.ERROR
    assert by_code["overall.units_total"].level is Level.WARNING and "列出 2 个单位" in by_code["overall.units_total"].message
    sub = valid().unit("己局下属中心", "事业单位")
    sub.info = sub.info.model_copy(update={"staffing": Staffing(subordinate_units=2)})
    [issue] = [i for i in new_issues(sub.build()) if i.code == "staffing.subordinate_units"]
    assert "不含机关本身" in issue.message and "应为 1 个" in issue.message
    sub.info = sub.info.model_copy(update={"staffing": Staffing(subordinate_units=1)})
    assert "staffing.subordinate_units" not in codes(sub.build())


def test_check_department_takes_the_threshold_from_the_profile() -> None:
    from gendisclose.profile import default_profile

    assert default_profile().reason_threshold == wording_checks.REASON_THRESHOLD
    dept = valid().prior_year(income_total="3000000", expenditure_total="3000000").build()  # +37%
    assert any(i.code == "reason.missing" for i in check_department(dept))
    assert not any(i.code == "reason.missing" for i in check_department(dept, Decimal("0.5")))


def test_the_catalogue_workbook_is_the_same_bytes_at_any_time(monkeypatch):
    """`gendisclose rules --format xlsx` at two moments: the zip's entry times do not follow the
    clock (it failed when the two calls straddled a second)."""
    import time

    from gendisclose.rules.catalogue import xlsx_bytes

    first = xlsx_bytes()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3 * 86400 + 7)
    assert xlsx_bytes() == first
