"""Corpus cases: issue 12's classes again, new situations (session 4, data).

Cases a second independent campaign could bring: each found to fail (wrong document with exit 0,
a crash, a hang, an unlocated message) before the fix that made it pass. The budget cases break
the base workbook; the 决算 cases the 决算 sample (as :mod:`.cases_final`); the multi-unit case
the synthetic three-unit sample.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from openpyxl import Workbook, load_workbook

from gendisclose.workbook.schema import OVERALL, UNITS
from gendisclose.workbook.schema_final import EVALUATIONS, FINAL_INFO, SUPPLEMENT, THREE_PUBLIC

from .base import (
    BASIC,
    BASIC_ROWS,
    ECONOMIC,
    ECONOMIC_ROWS,
    INDICATORS,
    INFO,
    PROJECT_A,
    PROJECT_ROWS,
    PROJECTS,
    field_ref,
    ref,
    save,
    where,
)
from .cases import ERROR, WARNING, case  # noqa: F401
from .cases_final import final_case
from .cases_sheets import _edit_sheet

IN_WAN = "看起来是按万元填写的，本表金额单位是元"
SAMPLES = Path(__file__).resolve().parents[2] / "sample_inputs"
ROW_A = PROJECT_ROWS[PROJECT_A]
D3 = ref(BASIC, "current.general", BASIC_ROWS["2080505"])  # 收支预算 2080505 (200,000 元)


def _copy_row(ws, source: int, target: int) -> None:  # noqa: ANN001
    for c in ws[source]:
        ws.cell(target, c.column, c.value)


@cache
def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def _from_sample(name: str) -> Callable[[Callable[[Workbook], None]], Callable[[bytes], bytes]]:
    """A ``bytes`` case that ignores the base and breaks the sample ``name`` instead."""

    def wrap(change: Callable[[Workbook], None]) -> Callable[[bytes], bytes]:
        def make(_base: bytes) -> bytes:
            wb = load_workbook(io.BytesIO(_sample(name)))
            change(wb)
            return save(wb)

        make.__name__, make.__doc__ = change.__name__, change.__doc__
        return make

    return wrap


def _replace_cell(cell: str, new: str) -> Callable[[bytes], bytes]:
    """An edit replacing the ``<c r="D3" …>…</c>`` element by ``new`` (taken literally: a Windows
    path's backslashes stay as they are)."""
    pattern = re.compile(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % cell.encode())

    def edit(xml: bytes) -> bytes:
        assert pattern.search(xml), cell
        return pattern.sub(lambda _: new.encode(), xml, count=1)

    return edit


def _wan(value: float) -> float:
    return round(value / 10000, 2)


# ================================================================ 万元, extra zeros, 分, percentages


@case("workbook", "basic.in_wan", IN_WAN, where(BASIC, D3))
def basic_row_and_its_economic_in_wan(wb: Workbook) -> None:
    """The 养老保险 line typed in 万元 on both sheets (收支预算 2080505 and 经济分类 30108 = 20): X13
    holds, 表三 would print 0.00 beside 176.51万元."""
    wb[BASIC.name][D3] = 20
    wb[ECONOMIC.name][ref(ECONOMIC, "amount", ECONOMIC_ROWS["30108"])] = 20


MULTI_UNIT = "synthetic-multi-unit-2026.xlsx"
ARCHIVE = "泽川县城建档案馆"


@case("bytes", "basic.in_wan", IN_WAN, where(BASIC, "D11"))
@_from_sample(MULTI_UNIT)
def one_unit_of_three_basic_in_wan(wb: Workbook) -> None:
    """The 档案馆 (one of three units) typed its 收支预算 and 经济分类 rows in 万元, its project in 元."""
    for sheet, unit_col, money in ((BASIC, "A", "DEFGHIJKLM"), (ECONOMIC, "A", "D")):
        ws = wb[sheet.name]
        for row in range(2, ws.max_row + 1):
            if ws[f"{unit_col}{row}"].value == ARCHIVE:
                for c in money:
                    if isinstance(ws[f"{c}{row}"].value, int | float):
                        ws[f"{c}{row}"] = _wan(ws[f"{c}{row}"].value)


@case("workbook", "amount.extra_zeros", "多打了 0", where(PROJECTS, ref(PROJECTS, "current.general", ROW_A)))
def project_with_four_extra_zeros(wb: Workbook) -> None:
    """办公楼物业费 130,000 元 typed as 1,300,000,000 (and its 绩效 funds alike): before, only a
    warning that the 上年数 “looked like 万元”."""
    ws = wb[PROJECTS.name]
    for key in ("current.general", "implementation_funds.local", "annual_funds.local"):
        ws[ref(PROJECTS, key, ROW_A)] = 1_300_000_000


@case("workbook", "amount.wages_too_high", "多打了 0", where(ECONOMIC, ref(ECONOMIC, "amount", ECONOMIC_ROWS["30101"])))
def everything_typed_in_fen(wb: Workbook) -> None:
    """Every amount and 上年数 typed in 分 (×100), with 23 people on the staff: the ratios all
    hold, 表一 would print 21,521.01万元."""
    ws = wb[INFO.name]
    for key, value in (("staffing.authorised", 20), ("staffing.on_payroll", 20), ("staffing.others", 3)):
        ws[field_ref(INFO, key)] = value
    for sheet in (BASIC, ECONOMIC, PROJECTS):
        sheet_ws = wb[sheet.name]
        for column in sheet.columns:
            if column.kind.name != "MONEY":
                continue
            for row in range(2, sheet_ws.max_row + 1):
                c = sheet_ws[f"{sheet.letter(column.key)}{row}"]
                if isinstance(c.value, int | float) and c.value:
                    c.value = round(c.value * 100)
    prior = wb["上年数与变动原因"]
    for row in range(2, 10):
        if isinstance(prior[f"B{row}"].value, int | float):
            prior[f"B{row}"] = prior[f"B{row}"].value * 100


@case("workbook", "cell.money_percent", "百分比格式", where(OVERALL, field_ref(OVERALL, "social_insurance_fund")))
def money_cell_in_percent_format(wb: Workbook) -> None:
    """社会保险基金预算资金 holds 0.3 formatted 0.00%: Excel shows 30.00%, the document 0.00万元."""
    c = wb[OVERALL.name][field_ref(OVERALL, "social_insurance_fund")]
    c.value, c.number_format = 0.3, "0.00%"


@case("workbook", "cell.money", "小数点", where(ECONOMIC, ref(ECONOMIC, "amount", ECONOMIC_ROWS["30201"])))
def decimal_comma(wb: Workbook) -> None:
    """“765100,5” (a European decimal comma): the advice was “应填数字 7651005” — ten times the amount."""
    wb[ECONOMIC.name][ref(ECONOMIC, "amount", ECONOMIC_ROWS["30201"])] = "765100,5"


@case("workbook", "cell.money", "⟨U+200B⟩", where(BASIC, D3))
def number_with_a_zero_width_space(wb: Workbook) -> None:
    """“200000” + U+200B pasted from a web page: the message said “200000”不是数字, showing nothing wrong."""
    wb[BASIC.name][D3] = "200000\u200b"


# ================================================================ double counting, names


@case("workbook", "project.duplicate_lookalike", "句末标点", where(PROJECTS, "A4"))
def same_project_with_a_trailing_full_stop(wb: Workbook) -> None:
    """办公楼物业费 pasted again as 办公楼物业费。: 表十二 would count 13万元 twice."""
    ws = wb[PROJECTS.name]
    _copy_row(ws, ROW_A, 4)
    ws["A4"] = PROJECT_A + "。"


@case("workbook", "indicator.duplicate", "重复", where(INDICATORS, "E6"), level=WARNING)
def indicator_repeated_with_a_trailing_full_stop(wb: Workbook) -> None:
    ws = wb[INDICATORS.name]
    for column in "ABCDEF":
        ws[f"{column}6"] = ws[f"{column}2"].value
    ws["F6"] = f"{ws['F2'].value}。"


@case("workbook", "basic.repeats_project", "算两次", where(BASIC, "B4"), level=WARNING)
def project_typed_again_as_a_basic_row(wb: Workbook) -> None:
    """办公楼物业费 (2010302, 130,000 元) also typed on 收支预算, with a 30209 row so X13 holds."""
    ws = wb[BASIC.name]
    _copy_row(ws, 2, 4)
    ws["B4"], ws[ref(BASIC, "current.general", 4)] = "2010302", 130000
    ecn = wb[ECONOMIC.name]
    _copy_row(ecn, 3, 5)
    ecn["B5"], ecn["C5"], ecn[ref(ECONOMIC, "amount", 5)] = "30209", None, 130000


@case("workbook", "code.name_mismatch", "2010303", where(BASIC, "C2"), level=WARNING)
def function_name_of_another_code(wb: Workbook) -> None:
    """2010301 named 机关服务 (the name of 2010303): the code is probably the slip."""
    wb[BASIC.name]["C2"] = "机关服务"


@case("workbook", "code.name_mismatch", "30211", where(ECONOMIC, "C3"), level=WARNING)
def economic_name_of_another_code(wb: Workbook) -> None:
    """30201 (办公费) named 差旅费 (30211): 表六 would put the money under 办公费."""
    wb[ECONOMIC.name]["C3"] = "差旅费"


# ================================================================ formulas


@case("bytes", "cell.formula_external", "其他工作簿", where(BASIC, D3), level=WARNING)
def formula_from_another_workbook(data: bytes) -> bytes:
    """=[去年预算.xlsx]收支预算!D3 with its cached 200,000: the source may have changed since."""
    new = f"<c r=\"{D3}\"><f>'C:\\Users\\会计\\[去年预算.xlsx]收支预算'!D3</f><v>200000</v></c>"
    return _edit_sheet(data, BASIC.name, _replace_cell(D3, new))


@case("bytes", "cell.formula_external", "TODAY", where(INFO, field_ref(INFO, "year")), level=WARNING)
def year_from_today(data: bytes) -> bytes:
    """预算年度 = YEAR(TODAY()): the year of whoever opens the file next."""
    cell = field_ref(INFO, "year")
    return _edit_sheet(data, INFO.name, _replace_cell(cell, f'<c r="{cell}"><f>YEAR(TODAY())</f><v>2026</v></c>'))


# ================================================================ empty content


@case("workbook", "cell.text", "看不见的字符", where(INFO, field_ref(INFO, "name")))
def department_name_only_a_zero_width_space(wb: Workbook) -> None:
    """部门名称 holds only U+200B: the cover and every title would print nothing."""
    wb[INFO.name][field_ref(INFO, "name")] = "\u200b"


@case("workbook", "cell.text", "看不见的字符", where(UNITS, "A2"))
def unit_name_only_invisible_characters(wb: Workbook) -> None:
    """单位名称 of U+2060 U+FEFF: counted as a unit named nothing."""
    wb[UNITS.name]["A2"] = "\u2060\ufeff"


# ================================================================ 决算


@final_case("final.prior_in_wan", IN_WAN, where(SUPPLEMENT, field_ref(SUPPLEMENT, "prior.total")))
def final_prior_year_in_wan(wb: Workbook) -> None:
    """上年收入支出总计, 财政拨款总计 and 机关运行经费 typed in 万元: §一 would say “增长 150,000%”."""
    ws = wb[SUPPLEMENT.name]
    for key in ("prior.total", "prior.fiscal_total", "prior.agency_operating"):
        ws[field_ref(SUPPLEMENT, key)] = _wan(ws[field_ref(SUPPLEMENT, key)].value)


@final_case("final.budget_at_start_in_wan", IN_WAN, "年初预算与上年决算!C2")
def final_budget_at_start_in_wan(wb: Workbook) -> None:
    """类 201 年初预算数 1605.63 (万元): §五（二） would say it completed 823,600% of its budget."""
    ws = wb["年初预算与上年决算"]
    ws["C2"] = _wan(ws["C2"].value)


@final_case("final.evaluation_in_wan", IN_WAN, where(EVALUATIONS, "C2"))
def final_one_evaluation_in_wan(wb: Workbook) -> None:
    """数字政府服务中心房租 (120万元) typed as 120 and 120 on 绩效自评."""
    ws = wb[EVALUATIONS.name]
    ws["C2"], ws["D2"] = 120, 120


@final_case("final.evaluation_in_wan", IN_WAN, where(EVALUATIONS, "C2"))
def final_all_evaluations_in_wan(wb: Workbook) -> None:
    ws = wb[EVALUATIONS.name]
    for row in range(2, ws.max_row + 1):
        for c in "CD":
            if isinstance(ws[f"{c}{row}"].value, int | float):
                ws[f"{c}{row}"] = _wan(ws[f"{c}{row}"].value)


@final_case("final.part_in_wan", IN_WAN, where(SUPPLEMENT, field_ref(SUPPLEMENT, "procurement.works")))
def final_procurement_in_wan(wb: Workbook) -> None:
    ws = wb[SUPPLEMENT.name]
    ws[field_ref(SUPPLEMENT, "procurement.works")] = _wan(ws[field_ref(SUPPLEMENT, "procurement.works")].value)


@final_case("final.part_in_wan", IN_WAN, where(SUPPLEMENT, field_ref(SUPPLEMENT, "agency_operating.administrative")))
def final_agency_operating_in_wan(wb: Workbook) -> None:
    """机关运行经费（行政单位） 25.28 (万元) beside 34.88万元 of 公用经费."""
    wb[SUPPLEMENT.name][field_ref(SUPPLEMENT, "agency_operating.administrative")] = 25.28


@final_case("final.part_in_wan", IN_WAN, where(THREE_PUBLIC, field_ref(THREE_PUBLIC, "budget.公务用车运行维护费")))
def final_three_public_in_wan(wb: Workbook) -> None:
    """公务用车运行维护费 预算数 1.2 and 决算数 1.1 (万元), one car held."""
    ws = wb[THREE_PUBLIC.name]
    ws[field_ref(THREE_PUBLIC, "budget.公务用车运行维护费")] = 1.2
    ws[field_ref(THREE_PUBLIC, "final.公务用车运行维护费")] = 1.1
    ws[field_ref(THREE_PUBLIC, "vehicles_held")] = 1
    wb[SUPPLEMENT.name][field_ref(SUPPLEMENT, "assets.vehicles.其他用车")] = 1


@final_case("cell.money_percent", "百分比格式", where(EVALUATIONS, "E2"))
def final_score_in_percent_format(wb: Workbook) -> None:
    """得分 0.94 formatted 0%: Excel shows 94%, the 附件 would print 0.94."""
    c = wb[EVALUATIONS.name]["E2"]
    c.value, c.number_format = 0.94, "0%"


# ---------------------------------------------------------------- 决算 contradictions, duplicates, content


@final_case("final.prior_contradiction", "两处至少有一处填错", where(SUPPLEMENT, field_ref(SUPPLEMENT, "prior.fiscal_total")))
def final_prior_fiscal_total_below_its_classes(wb: Workbook) -> None:
    """上年财政拨款收入支出总计 500万元 while 类 201's 上年决算数 alone is 875.80万元."""
    wb[SUPPLEMENT.name][field_ref(SUPPLEMENT, "prior.fiscal_total")] = 5_000_000


@final_case("final.vehicles_contradiction", "多于", where(THREE_PUBLIC, field_ref(THREE_PUBLIC, "vehicles_held")))
def final_vehicles_held_over_those_listed(wb: Workbook) -> None:
    """保有量 5 辆 on 三公经费决算, every category 0 on 决算其他数据: §九 and §十 would disagree."""
    wb[THREE_PUBLIC.name][field_ref(THREE_PUBLIC, "vehicles_held")] = 5


@final_case("final.three_public_count", "公务用车保有量", where(THREE_PUBLIC, field_ref(THREE_PUBLIC, "final.公务用车运行维护费")),
            level=WARNING)
def final_vehicle_running_costs_without_vehicles(wb: Workbook) -> None:
    """12,000 元 of 公务用车运行维护费 (预算 and 决算) and no car held."""
    ws = wb[THREE_PUBLIC.name]
    ws[field_ref(THREE_PUBLIC, "budget.公务用车运行维护费")] = 12000
    ws[field_ref(THREE_PUBLIC, "final.公务用车运行维护费")] = 12000


@final_case("evaluation.duplicate_lookalike", "句末标点", where(EVALUATIONS, "A14"))
def final_evaluation_repeated_with_a_full_stop(wb: Workbook) -> None:
    """数字政府服务中心房租 pasted again as …房租。: the 附件 would list it twice."""
    ws = wb[EVALUATIONS.name]
    _copy_row(ws, 2, 14)
    ws["A14"] = f"{ws['A2'].value}。"


@final_case("final.evaluation_paid_over_budget", "大于预算指标", where(EVALUATIONS, "D2"), level=WARNING)
def final_paid_ten_times_the_budget(wb: Workbook) -> None:
    wb[EVALUATIONS.name]["D2"] = 12_000_000


@final_case("content.no_duties", "本部门职责", "概况文字", level=WARNING)
def final_without_duties(wb: Workbook) -> None:
    ws = wb["概况文字"]
    for row in range(2, ws.max_row + 1):
        if ws[f"A{row}"].value == "本部门职责":
            for c in "ABC":
                ws[f"{c}{row}"] = None


@final_case("info.year_far", "2098", where(FINAL_INFO, field_ref(FINAL_INFO, "year")), level=WARNING)
def final_year_far_ahead(wb: Workbook) -> None:
    wb[FINAL_INFO.name][field_ref(FINAL_INFO, "year")] = 2098


@final_case("unit.kind_contradiction", "两处矛盾", where(UNITS, "B2"))
def final_own_unit_kind_contradicts_info(wb: Workbook) -> None:
    """单位 says the 局 is a 事业单位, 基本信息 says 行政单位: before, only a side warning about 机关运行经费."""
    wb[UNITS.name]["B2"] = "事业单位"


@final_case("final.procurement_exceeds_spending", "大于本年支出合计", where(SUPPLEMENT, field_ref(SUPPLEMENT, "procurement.goods")))
def final_procurement_above_all_spending(wb: Workbook) -> None:
    """政府采购货物支出 9,000万元 in a department spending 1,322万元."""
    wb[SUPPLEMENT.name][field_ref(SUPPLEMENT, "procurement.goods")] = 90_000_000


@case("workbook", "code.name_conflict", "只印一个名称", where(BASIC, "B4"))
def unknown_code_named_two_ways(wb: Workbook) -> None:
    """2080598 (not in the catalogue) typed as 其他养老支出 by the 局 and 离退休补助 by its 中心: 表三
    prints one line per code, with the first name, while the second row's warning promised its own."""
    ws = wb[BASIC.name]
    ws["B3"], ws["C3"] = "2080598", "其他养老支出"
    units = wb[UNITS.name]
    units["A3"], units["B3"] = "测试县测试中心", "行政单位"
    _copy_row(ws, 3, 4)
    ws["A4"], ws["C4"], ws[ref(BASIC, "current.general", 4)] = "测试县测试中心", "离退休补助", 20000
    ecn = wb[ECONOMIC.name]
    _copy_row(ecn, ECONOMIC_ROWS["30108"], 5)
    ecn["A5"], ecn[ref(ECONOMIC, "amount", 5)] = "测试县测试中心", 20000


@case("workbook", "field.misplaced", "才是要填的数", "政府采购与资产!C2", level=WARNING)
def procurement_typed_over_the_help_beside_a_zero(wb: Workbook) -> None:
    """30,000 typed in C (over 填写说明 “元”) while B keeps the template's 0: 表一 was silent, 政府采购 0."""
    wb["政府采购与资产"]["C2"] = 30000
