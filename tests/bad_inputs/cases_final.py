"""Corpus cases: the 决算 workbook's own sheets (issue 13), and the two kinds mixed.

Each case starts from the valid 决算 sample (``sample_inputs/shuocheng-approval-final-2023.xlsx``,
seed 003, which validates without a single issue) and breaks one cell, row, sheet or label;
the message must name the cell as it does for the budget sheets.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from openpyxl import Workbook, load_workbook

from gendisclose.workbook.schema import PROJECTS
from gendisclose.workbook.schema_final import (
    BALANCES,
    CLASSES,
    DETAIL,
    EVALUATIONS,
    FINAL_INFO,
    FINAL_TEXTS,
    INCOME,
    NARRATIVE,
    SPENDING,
    SUPPLEMENT,
)

from .base import field_ref, ref, save, where
from .cases import WARNING, case

FINAL_BASE = Path(__file__).resolve().parents[2] / "sample_inputs" / "shuocheng-approval-final-2023.xlsx"

#: rows of the base: 收入决算 / 支出决算 per 项, 结转结余 (one 非财政拨款 line), the first J06 item
LINE_ROWS = {"2010301": 2, "2010303": 3, "2013201": 4}
BALANCE_ROW = 2
DETAIL_ROW = 2  # 30101 基本工资
EVALUATION_ROW = 2


@cache
def final_base_bytes() -> bytes:
    return FINAL_BASE.read_bytes()


def _final(change: Callable[[Workbook], None]) -> Callable[[bytes], bytes]:
    """A ``bytes`` case that ignores the budget base and breaks the 决算 base instead."""

    def make(_budget: bytes) -> bytes:
        wb = load_workbook(io.BytesIO(final_base_bytes()))
        change(wb)
        return save(wb)

    make.__name__ = change.__name__
    make.__doc__ = change.__doc__
    return make


def final_case(code: str | None, phrase: str, location: str | None, level: str = "错误"):
    def register(fn: Callable[[Workbook], None]) -> Callable[[Workbook], None]:
        case("bytes", code, phrase, location, level)(_final(fn))
        return fn

    return register


# ---------------------------------------------------------------- the kind


@final_case("kind.mixed", "同时含有部门预算公开的工作表（“项目”）和部门决算公开的工作表", None)
def final_with_a_budget_sheet(wb: Workbook) -> None:
    """A 项目 sheet (budget) pasted into the 决算 workbook."""
    wb.create_sheet(PROJECTS.name)


@final_case("kind.mixed", "部门决算公开的工作表", None)
def final_with_a_look_alike_budget_sheet(wb: Workbook) -> None:
    """A budget sheet whose name differs only by a trailing full-width space still counts."""
    wb.create_sheet("收支预算\u3000")


# ---------------------------------------------------------------- sheets, columns, labels


@final_case("sheet.missing", "缺少工作表“支出决算”", SPENDING.name)
def final_missing_spending_sheet(wb: Workbook) -> None:
    del wb[SPENDING.name]


@final_case("column.missing", "缺少列“其他收入”", where(INCOME, f"{INCOME.letter('amounts.other')}1"))
def final_renamed_income_column(wb: Workbook) -> None:
    wb[INCOME.name][f"{INCOME.letter('amounts.other')}1"] = "其它收入"


@final_case("field.missing", "缺少“决算年度”这一项", where(FINAL_INFO, f"A{FINAL_INFO.row_of('year')}"))
def final_info_with_the_budget_year_label(wb: Workbook) -> None:
    """基本信息 copied from a budget workbook: 预算年度 instead of 决算年度."""
    wb[FINAL_INFO.name][f"A{FINAL_INFO.row_of('year')}"] = "预算年度"


# ---------------------------------------------------------------- cells


@final_case("cell.money", "不是数字", where(SPENDING, ref(SPENDING, "basic.general", LINE_ROWS["2010301"])))
def final_words_in_a_spending_cell(wb: Workbook) -> None:
    wb[SPENDING.name][ref(SPENDING, "basic.general", LINE_ROWS["2010301"])] = "277万元"


@final_case("cell.money", "不能为负数", where(BALANCES, ref(BALANCES, "closing", BALANCE_ROW)))
def final_negative_balance(wb: Workbook) -> None:
    wb[BALANCES.name][ref(BALANCES, "closing", BALANCE_ROW)] = -33


@final_case("cell.enum", "只能从下拉列表中选择", where(BALANCES, ref(BALANCES, "funding", BALANCE_ROW)))
def final_unknown_funding_kind(wb: Workbook) -> None:
    wb[BALANCES.name][ref(BALANCES, "funding", BALANCE_ROW)] = "自有资金"


@final_case("code.function_malformed", "功能科目编码“9990301”不正确",
            where(INCOME, ref(INCOME, "function_code", LINE_ROWS["2010301"])))
def final_function_code_of_no_class(wb: Workbook) -> None:
    wb[INCOME.name][ref(INCOME, "function_code", LINE_ROWS["2010301"])] = "9990301"


@final_case("row.duplicate", "功能科目重复", where(SPENDING, ref(SPENDING, "function_code", 5)))
def final_duplicate_spending_row(wb: Workbook) -> None:
    ws = wb[SPENDING.name]
    for cell in ws[LINE_ROWS["2013201"]]:
        ws.cell(5, cell.column, cell.value)


@final_case("code.economic_not_basic", "不能列入基本支出", where(DETAIL, ref(DETAIL, "economic_code", DETAIL_ROW)))
def final_capital_construction_in_basic(wb: Workbook) -> None:
    wb[DETAIL.name][ref(DETAIL, "economic_code", DETAIL_ROW)] = "30901"


@final_case("cell.score", "“得分”应为 0～100 的数字", where(EVALUATIONS, ref(EVALUATIONS, "score", EVALUATION_ROW)))
def final_score_in_words(wb: Workbook) -> None:
    wb[EVALUATIONS.name][ref(EVALUATIONS, "score", EVALUATION_ROW)] = "九十四"


@final_case("cell.int", "不是数字", where(SUPPLEMENT, field_ref(SUPPLEMENT, "assets.vehicles.其他用车")))
def final_vehicles_in_words(wb: Workbook) -> None:
    wb[SUPPLEMENT.name][field_ref(SUPPLEMENT, "assets.vehicles.其他用车")] = "两辆"


# ---------------------------------------------------------------- identities


@final_case("final.closing_balance", "年末结转和结余", f"{BALANCES.name}!第{BALANCE_ROW}行")
def final_closing_balance_left_out(wb: Workbook) -> None:
    """The 33 元 of unspent 其他收入 not carried to 年末结转和结余."""
    wb[BALANCES.name][ref(BALANCES, "closing", BALANCE_ROW)] = 0


@final_case("final.J06_vs_J05", "基本支出决算明细合计", f"{DETAIL.name}!第{DETAIL_ROW}行")
def final_j06_one_yuan_off(wb: Workbook) -> None:
    cell = wb[DETAIL.name][ref(DETAIL, "amount", DETAIL_ROW)]
    cell.value = float(cell.value) + 1


@final_case("final.procurement_sme", "授予中小企业合同金额", where(SUPPLEMENT, field_ref(SUPPLEMENT, "procurement.sme")))
def final_sme_above_procurement(wb: Workbook) -> None:
    wb[SUPPLEMENT.name][field_ref(SUPPLEMENT, "procurement.sme")] = 300000


@final_case("final.evaluation_grade", "按通常标准应为“优”", where(EVALUATIONS, ref(EVALUATIONS, "grade", EVALUATION_ROW)),
            level=WARNING)
def final_grade_against_its_score(wb: Workbook) -> None:
    wb[EVALUATIONS.name][ref(EVALUATIONS, "grade", EVALUATION_ROW)] = "良"


# ---------------------------------------------------------------- the text's own inputs (issue 15)

CLASS_ROW = 2  # 201 一般公共服务支出


@final_case("final.reason_missing", "没有填“收入支出总计增减的主要原因”", where(NARRATIVE, field_ref(NARRATIVE, "total_reason")),
            level=WARNING)
def final_change_without_its_reason(wb: Workbook) -> None:
    """收入总计 rose 446.58 万元 on last year, and the reason was left empty."""
    wb[NARRATIVE.name][field_ref(NARRATIVE, "total_reason")] = None


@final_case("final.reason_missing", "类“201”与上年决算相比有增减", where(CLASSES, ref(CLASSES, "reason", CLASS_ROW)),
            level=WARNING)
def final_class_change_without_its_reason(wb: Workbook) -> None:
    wb[CLASSES.name][ref(CLASSES, "reason", CLASS_ROW)] = None


@final_case("final.measures_missing", "1 个项目等级为“中”或“差”",
            where(NARRATIVE, field_ref(NARRATIVE, "performance_measures")), level=WARNING)
def final_fair_project_without_measures(wb: Workbook) -> None:
    """公章刻制费 scored 77.37 (中), and no 改进管理措施 were typed."""
    wb[NARRATIVE.name][field_ref(NARRATIVE, "performance_measures")] = None


@final_case("cell.enum", "只能从下拉列表中选择", where(FINAL_TEXTS, ref(FINAL_TEXTS, "part", 2)))
def final_text_of_an_unknown_part(wb: Workbook) -> None:
    """A 概况文字 row for a part the 决算 has not (the budget's 其他说明)."""
    wb[FINAL_TEXTS.name][ref(FINAL_TEXTS, "part", 2)] = "其他说明"
