"""Wording shared by the rules: figures in 万元 (and 元 where the difference is small)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..issues import Location
from ..money import to_wan

BASIC_SHEET = "收支预算"
ECONOMIC_SHEET = "基本支出经济分类"
PROJECT_SHEET = "项目"
INDICATOR_SHEET = "绩效指标"
EXTRA_SHEET = "三公经费（项目支出）"
FUND_INCOME_SHEET = "基金与国资收入"
PRIOR_SHEET = "上年数与变动原因"
ASSETS_SHEET = "政府采购与资产"
INFO_SHEET = "基本信息"
UNITS_SHEET = "单位"
OVERALL_SHEET = "整体绩效"


def wan(amount: Decimal) -> str:
    """``411.78万元``."""
    return f"{to_wan(amount):.2f}万元"


def yuan(amount: Decimal) -> str:
    """``1082178.54元``."""
    return f"{amount:.2f}元"


def both(amount: Decimal) -> str:
    """``108.22万元（1082178.54元）``."""
    return f"{wan(amount)}（{yuan(amount)}）"


def differ(a_label: str, a: Decimal, b_label: str, b: Decimal, a_from: str = "", b_from: str = "") -> str:
    """``表三基本支出合计 411.78万元（收支预算）与表六合计 411.77万元（基本支出经济分类）不一致，相差 100.00元``."""
    a_src = f"（{a_from}）" if a_from else ""
    b_src = f"（{b_from}）" if b_from else ""
    return f"{a_label} {wan(a)}{a_src}与{b_label} {wan(b)}{b_src}不一致，相差 {yuan(abs(a - b))}"


def first_location(locations: Iterable[Location | None]) -> Location | None:
    return next((loc for loc in locations if loc is not None), None)


def sheet(name: str, located: Location | None = None) -> Location:
    """The record's own location, else the sheet."""
    return located if located is not None else Location(name)


KEY_TASKS_SHEET = "年度重点任务"
TEXTS_SHEET = "概况文字"

#: The words every 万元-slip issue says (issue 12): the figure, then this, then the cells.
IN_WAN = "看起来是按万元填写的，本表金额单位是元"


def cell(record: object, key: str, sheet_name: str) -> Location:
    """The cell of ``record``'s value ``key`` (read from the workbook), else its row, else the sheet."""
    cells = getattr(record, "cells", None) or {}
    found = cells.get(key) or getattr(record, "location", None)
    return found if found is not None else Location(sheet_name)


def field_cell(record: object, key: str, sheet_name: str) -> Location:
    """The value cell of a key–value field (``基本信息!B10``), else the sheet (never another field's cell)."""
    cells = getattr(record, "cells", None) or {}
    return cells.get(key) or Location(sheet_name)


def cell_list(locations: Iterable[Location], limit: int = 4) -> str:
    """``收支预算!D2、收支预算!D3 等 7 个单元格`` (distinct, in order)."""
    unique = list(dict.fromkeys(loc.cell for loc in locations))
    if len(unique) <= limit:
        return "、".join(unique)
    return f"{'、'.join(unique[:limit])} 等 {len(unique)} 个单元格"
