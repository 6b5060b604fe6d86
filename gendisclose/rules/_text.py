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
