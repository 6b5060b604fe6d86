"""The 13 tables: exact 元 sums, hierarchy, every funding source, presentation (spec §4, §5)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from builders import DepartmentBuilder

from gendisclose.derive.table_layout import NO_DATA, ROUNDING_NOTE
from gendisclose.derive.tables import BudgetTables, derive_tables
from gendisclose.document import Table
from gendisclose.model import FundingSource, ThreePublicItem
from gendisclose.rules import check_department

SEEDS = Path(__file__).parent / "data" / "seeds"


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.body]


def row_of(table: Table, first: str) -> list[str]:
    return next(r for r in texts(table) if r[0] == first)


def codes_of(rows) -> list[str]:
    return [r.code for r in rows]


# ---------------------------------------------------------------- hierarchy and 尾差


def test_function_block_is_depth_first_in_code_order_with_exact_subtotals():
    dept = (
        DepartmentBuilder()
        .basic("2210201", general="100000")
        .basic("2010350", general="30000")
        .basic("2010301", general="20000")
        .basic("2080505", general="0")  # zero everywhere: not listed
        .basic("2010450", general="5000")
        .project("物业费", "2010301", general="7000")
        .build()
    )
    t = derive_tables(dept)
    assert codes_of(t.t3) == ["", "201", "20103", "2010301", "2010350", "20104", "2010450", "221", "22102", "2210201"]
    total, lei201, kuan20103 = t.t3[0], t.t3[1], t.t3[2]
    assert (total.level, lei201.level, kuan20103.level, t.t3[3].level) == (0, 1, 2, 3)
    assert kuan20103.values == {"total": Decimal("57000"), "basic": Decimal("50000"), "project": Decimal("7000")}
    assert lei201.values["total"] == Decimal("62000")
    assert total.values["total"] == Decimal("162000")
    assert t.t3[1].name == "一般公共服务支出" and t.t3[3].name == "行政运行"


def test_rounding_tail_each_figure_rounded_once_and_no_rule_fires():
    # two 项 of 0.444 万元 each: children print 0.44 + 0.44, the 类 prints 0.89 (exact 0.888)
    dept = (
        DepartmentBuilder()
        .basic("2010301", general="4440")
        .basic("2010350", general="4440")
        .economic("30101", "8880")
        .build()
    )
    t = derive_tables(dept)
    t3 = t.table("T3")
    assert row_of(t3, "2010301")[2] == "0.44"
    assert row_of(t3, "2010350")[2] == "0.44"
    assert row_of(t3, "201")[2] == "0.89"
    assert row_of(t3, "合计")[2:] == ["0.89", "0.89", ""]
    assert ROUNDING_NOTE in t.table("T1").notes
    assert [i for i in check_department(dept) if i.is_error] == []


def test_unknown_code_uses_the_typed_name_and_the_code_for_its_parents():
    from gendisclose.model import BasicLine, SourceAmounts

    dept = DepartmentBuilder().build()
    line = BasicLine(unit=dept.info.name, function_code="2019876", function_name="自编项目",
                     current=SourceAmounts(general=Decimal("100")))
    dept = dept.model_copy(update={"basic_lines": (line,)})
    t = derive_tables(dept)
    assert [(r.code, r.name) for r in t.t3[1:]] == [("201", "一般公共服务支出"), ("20198", "20198"), ("2019876", "自编项目")]


# ---------------------------------------------------------------- every source and carry-over


def _all_sources():
    return (
        DepartmentBuilder(name="多源局")
        .basic("2010301", general="100000", special_account="20000", unit_funds="3000", carried_general="400")
        .basic("2120101", government_fund="50000")
        .project("基金项目", "2120101", government_fund="60000", carried_government_fund="7000")
        .project("国资项目", "2230101", state_capital="80000")
        .project("专户项目", "2010301", special_account="9000", unit_funds="1000", carried_unit_funds="500")
        .economic("30101", "100000")
        .build()
    )


def test_every_funding_source_flows_into_t1_and_t2():
    t = derive_tables(_all_sources())
    assert t.income == {
        FundingSource.GENERAL: Decimal("100000"),
        FundingSource.GOVERNMENT_FUND: Decimal("110000"),
        FundingSource.STATE_CAPITAL: Decimal("80000"),
        FundingSource.SPECIAL_ACCOUNT: Decimal("29000"),
        FundingSource.UNIT_FUNDS: Decimal("4000"),
    }
    assert t.income_current_total == Decimal("323000")
    assert t.carry_in == Decimal("7900")
    assert t.income_total == t.expenditure_total == Decimal("330900")
    assert (t.expenditure_current, t.expenditure_carried) == (Decimal("323000"), Decimal("7900"))

    t1 = t.table("T1")
    assert row_of(t1, "二、政府性基金预算")[1] == "11.00"
    assert row_of(t1, "四、财政专户管理资金")[1] == "2.90"
    assert row_of(t1, "上年结转")[1] == "0.79"
    assert row_of(t1, "收入总计")[1] == "33.09"
    assert row_of(t1, "收入总计")[3:] == ["33.09", "32.30", "0.79"]
    urban = next(r for r in texts(t1) if r[2] == "十二、城乡社区支出")
    assert urban[3:] == ["11.70", "11.00", "0.70"]

    t2 = t.table("T2")
    # 合计 | 一般 | 基金 | 国资 | 专户 | 单位 | 上年结转
    assert row_of(t2, "合计")[2:] == ["32.30", "10.00", "11.00", "8.00", "2.90", "0.40", "0.79"]
    assert row_of(t2, "2010301")[2:] == ["13.30", "10.00", "", "", "2.90", "0.40", "0.09"]


def test_t4_takes_only_fiscal_money_with_its_carry_over():
    t = derive_tables(_all_sources())
    assert t.fiscal_income_total == Decimal("290000")  # 一般 100000 + 基金 110000 + 国资 80000
    assert t.fiscal_carry_in[FundingSource.GOVERNMENT_FUND] == Decimal("7000")
    assert t.fiscal_total == Decimal("297400")
    t4 = t.table("T4")
    assert row_of(t4, "本年收入合计")[1] == "29.00"
    assert row_of(t4, "上年财政拨款结转")[1] == "0.74"
    assert texts(t4)[-3][:2] == ["二、政府性基金预算", "0.70"]
    assert row_of(t4, "收入总计")[1:] == ["29.74", "支出总计", "29.74", "10.04", "11.70", "8.00"]
    assert len([r for r in texts(t4) if r[2].startswith(("一、", "三十、"))]) == 2


def test_t5_t8_t9_split_current_money_by_source():
    t = derive_tables(_all_sources())
    assert t.t5[0].values == {"total": Decimal("100000"), "basic": Decimal("100000"), "project": Decimal("0")}
    assert t.t8[0].values == {"total": Decimal("110000"), "basic": Decimal("50000"), "project": Decimal("60000")}
    assert t.t9_expenditure[0].values["project"] == Decimal("80000")
    assert codes_of(t.t9_expenditure) == ["", "223", "22301", "2230101"]
    assert NO_DATA not in t.table("T8").notes


def test_t12_and_t13_carry_each_source_and_t13_lists_only_carried_projects():
    t = derive_tables(_all_sources())
    assert t.t12_values["total"] == Decimal("150000")
    assert [p.name for u in t.t12 for p in u.projects] == ["基金项目", "国资项目", "专户项目"]
    t12 = t.table("T12")
    assert row_of(t12, "专户项目")[1:] == ["1.00", "", "", "", "0.90", "0.10"]
    assert [p.name for u in t.t13 for p in u.projects] == ["基金项目", "专户项目"]
    assert t.t13_values["total"] == Decimal("7500")
    assert row_of(t.table("T13"), "基金项目")[1:] == ["0.70", "", "0.70", ""]


# ---------------------------------------------------------------- T6, T10, T11


def test_t6_groups_and_the_institution_mapping():
    dept = (
        DepartmentBuilder(name="甲局")
        .unit("甲局", "行政单位")
        .unit("甲中心", "事业单位")
        .basic("2010301", general="1500")
        .basic("2010350", unit="甲中心", general="1200")
        .economic("30201", "300")
        .economic("30101", "1000")
        .economic("30302", "200")
        .economic("30101", "900", unit="甲中心")
        .economic("30201", "300", unit="甲中心")
        .build()
    )
    t = derive_tables(dept)
    assert [(r.code, r.government_name) for r in t.t6] == [
        ("301", ""),
        ("30101", "工资奖金津补贴"),
        ("30101", "工资福利支出"),  # 事业单位 mapping
        ("302", ""),
        ("30201", "办公经费"),
        ("30201", "商品和服务支出"),
        ("303", ""),
        ("30302", "离退休费"),
    ]
    assert (t.t6_total, t.t6_personnel, t.t6_public) == (Decimal("2700"), Decimal("2100"), Decimal("600"))
    group_302 = t.t6[3]
    assert group_302.is_group and group_302.public == Decimal("600") and group_302.personnel == 0
    assert texts(t.table("T6"))[0] == ["合计", "", "0.27", "0.21", "0.06"]


def test_t10_adds_project_extras_to_economic_items():
    dept = (
        DepartmentBuilder()
        .basic("2010301", general="100000")
        .economic("30217", "20000")
        .economic("30231", "30000")
        .economic("30101", "50000")
        .three_public_extra("公务用车购置费", "250000", source="一般公共预算")
        .three_public_extra("因公出国（境）费", "10000", source="政府性基金预算")
        .build()
    )
    t = derive_tables(dept)
    assert t.t10[ThreePublicItem.RECEPTION][FundingSource.GENERAL] == Decimal("20000")
    assert t.t10_vehicle == Decimal("280000")
    assert t.t10_total == Decimal("310000")
    assert texts(t.table("T10")) == [
        ["因公出国（境）费", "1.00", "", "1.00", ""],
        ["公务接待费", "2.00", "2.00", "", ""],
        ["公务用车购置及运行费", "28.00", "28.00", "", ""],
        ["①公务用车购置费", "25.00", "25.00", "", ""],
        ["②公务用车运行维护费", "3.00", "3.00", "", ""],
        ["合计", "31.00", "30.00", "1.00", ""],
    ]
    assert NO_DATA not in t.table("T10").notes


def test_t11_counts_administrative_and_civil_service_units_only():
    dept = (
        DepartmentBuilder(name="乙局")
        .unit("乙局", "行政单位")
        .unit("乙中心", "事业单位")
        .unit("乙所", "参照公务员法管理事业单位")
        .economic("30201", "1000")
        .economic("30101", "5000")
        .economic("30201", "7000", unit="乙中心")
        .economic("30211", "2000", unit="乙所")
        .economic("31002", "500", unit="乙所")
        .build()
    )
    t = derive_tables(dept)
    assert [(u, a[FundingSource.GENERAL]) for u, a in t.t11] == [("乙局", Decimal("1000")), ("乙所", Decimal("2500"))]
    assert t.t11_total == Decimal("3500")
    assert texts(t.table("T11")) == [
        ["部门合计", "0.35", "0.35", "", ""],
        ["乙局", "0.10", "0.10", "", ""],
        ["乙所", "0.25", "0.25", "", ""],
    ]


def test_t11_of_an_institution_department_is_empty_with_the_note():
    dept = DepartmentBuilder(kind="事业单位").economic("30201", "1000").build()
    t11 = derive_tables(dept).table("T11")
    assert texts(t11) == [["部门合计", "", "", "", ""]]
    assert t11.notes == (NO_DATA,)


# ---------------------------------------------------------------- T12 ordering


def test_t12_department_row_then_units_in_unit_order_then_projects_in_input_order():
    dept = (
        DepartmentBuilder(name="丙局")
        .unit("丙局")
        .unit("丙中心", "事业单位")
        .unit("丙站", "事业单位")  # no projects: omitted
        .project("中心项目B", "2010350", unit="丙中心", general="30000")
        .project("局项目A", "2010301", general="10000")
        .project("中心项目A", "2010350", unit="丙中心", general="20000")
        .project("结转项目", "2010301", carried_general="5000")  # only in T13
        .build()
    )
    t = derive_tables(dept)
    assert [r[0] for r in texts(t.table("T12"))] == ["丙局", "丙局", "局项目A", "丙中心", "中心项目B", "中心项目A"]
    assert [r[1] for r in texts(t.table("T12"))] == ["6.00", "1.00", "1.00", "5.00", "3.00", "2.00"]
    assert [r[0] for r in texts(t.table("T13"))] == ["丙局", "丙局", "结转项目"]


# ---------------------------------------------------------------- presentation frame


def test_titles_labels_headers_and_empty_tables():
    dept = DepartmentBuilder(name="丁局", year=2027).basic("2010301", general="100").economic("30101", "100").build()
    t = derive_tables(dept)
    assert [x.key for x in t.tables] == [f"T{i}" for i in range(1, 14)]
    t1, t9, t11, t12, t13 = (t.table(k) for k in ("T1", "T9", "T11", "T12", "T13"))
    assert (t1.label, t1.title, t1.toc_title) == ("预算公开表1", "2027年预算收支总表", "表一2027年预算收支总表")
    assert t9.label == "部门公开表9"
    assert t.table("T13").toc_title == "表十三2027年项目支出预算表（上年结转）"
    assert t1.captions == ("部门名称：丁局", "单位：万元")
    assert [x.key for x in t.tables if x.wide] == ["T1", "T2", "T4", "T9", "T12"]
    assert t11.header[0][1].text == "2027预算数"
    assert [c.text for c in t12.header[2]] == ["1", "2", "3", "4", "5", "6", "7"]
    for table in t.tables:
        grid = table.grid()  # spans are consistent
        assert all(len(r) == table.n_columns for r in grid)
    for key in ("T7", "T8", "T9", "T10", "T12", "T13"):
        assert t.table(key).notes == (NO_DATA,), key
    assert texts(t.table("T7")) == [["合计", "", ""]]
    assert texts(t13) == []
    assert t.table("T3").notes == () and t.table("T6").notes == ()
    # T1: 30 categories + 3 footer rows, footers exactly
    assert len(t1.body) == 33
    assert [r[0] for r in texts(t1)[-3:]] == ["本年收入合计", "上年结转", "收入总计"]
    assert [r[2] for r in texts(t1)[-3:]] == ["本年支出合计", "年终结转", "支出总计"]
    t4 = t.table("T4")
    assert [r[0] for r in texts(t4)[-6:]] == [
        "本年收入合计", "上年财政拨款结转", "一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算", "收入总计",
    ]


# ---------------------------------------------------------------- seed 000 from its JSON leaves


def _seed_000() -> tuple[BudgetTables, dict]:
    seed = json.loads((SEEDS / "000.json").read_text(encoding="utf-8"))
    b = DepartmentBuilder(name=seed["department"]["name"], year=seed["department"]["year"])
    for line in seed["budget_lines"]:
        basic = line["basic"]["一般公共预算"]["当年"]
        if Decimal(basic):
            b.basic(line["code"], general=basic)
    for e in seed["economic_items"]:
        b.economic(e["code"], e["amount"])
    for p in seed["projects"]:
        b.project(p["name"], p["function_code"], general=p["amounts"]["一般公共预算"]["当年"], category=p["category"])
    dept = b.build()
    return derive_tables(dept), seed["expected"]["tables_printed_wan"]


def test_seed_000_t3_and_t6_reproduce_the_published_figures():
    t, expected = _seed_000()
    got_t3 = [[c.text or None for c in row] for row in t.table("T3").body]
    assert got_t3 == expected["T3_T5_rows"]
    assert got_t3[0] == ["合计", None, "519.99", "411.78", "108.22"]  # 411.78 + 108.22 ≠ 519.99: 尾差
    got_t6 = [[c.text or None for c in row] for row in t.table("T6").body]
    assert got_t6 == expected["T6_rows"]
    assert got_t6[1] == ["工资福利支出", None, "376.93", "376.93", None]  # items print 376.94 in sum
    assert [[c.text or None for c in r] for r in t.table("T12").body] == expected["T12_rows"]
