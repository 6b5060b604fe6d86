"""Reference code lists (支出功能分类, 部门/政府预算支出经济分类) and their lookups.

The lists are CSV data files in this package, each naming its source on its first comment
line (see ``SOURCES.md``): 《2026年政府收支分类科目》(财政部), and which entries were observed in
the seed documents. They are read lazily, once, through :mod:`importlib.resources`, so an
installed wheel finds them as well as an editable checkout.

Closed lists that the workbook dropdowns use (单位性质, 资金来源, …) live in
:mod:`gendisclose.model` as enums, not here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from ..model import ThreePublicItem, UnitKind

__all__ = [
    "CATEGORIES",
    "PERSONNEL",
    "PUBLIC_USE",
    "EconomicItem",
    "FunctionCategory",
    "FunctionCodeStatus",
    "categories",
    "category",
    "classify_function_code",
    "economic_group_name",
    "economic_item",
    "economic_items",
    "function_codes",
    "function_name",
    "government_economic_name",
    "government_economic_names",
    "three_public_item",
]

PERSONNEL = "人员经费"
PUBLIC_USE = "公用经费"

FunctionCodeStatus = Literal["ok", "unknown", "malformed"]


# ---------------------------------------------------------------- file access


def _rows(filename: str) -> list[dict[str, str]]:
    """The records of a packaged CSV file; lines starting with ``#`` are source notes."""
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


# ---------------------------------------------------------------- 支出功能分类


@dataclass(frozen=True)
class FunctionCategory:
    """One of the 30 fixed 类 rows of T1/T4 (spec §4.0.3)."""

    code: str  # '201'
    name: str  # '一般公共服务支出'
    row_text: str  # '一、一般公共服务支出'


@cache
def categories() -> tuple[FunctionCategory, ...]:
    """The 30 支出功能分类 类 in T1/T4 order."""
    rows = sorted(_rows("function_categories.csv"), key=lambda r: int(r["seq"]))
    return tuple(FunctionCategory(r["code"], r["name"], r["row_text"]) for r in rows)


@cache
def _categories_by_code() -> dict[str, FunctionCategory]:
    return {c.code: c for c in categories()}


@cache
def function_codes() -> dict[str, str]:
    """Known 款 (5-digit) and 项 (7-digit) codes → official names (类: :func:`categories`)."""
    return {r["code"]: r["name"] for r in _rows("function_codes.csv")}


def category(code: str) -> FunctionCategory | None:
    """The 类 row that a 3/5/7-digit function code belongs to (by its first 3 digits)."""
    code = code.strip()
    if len(code) < 3 or not code[:3].isdigit():
        return None
    return _categories_by_code().get(code[:3])


def function_name(code: str) -> str | None:
    """The official name of a 3/5/7-digit 支出功能分类 code; None when not in the list."""
    code = code.strip()
    if len(code) == 3:
        found = _categories_by_code().get(code)
        return found.name if found else None
    return function_codes().get(code)


def classify_function_code(code: str) -> FunctionCodeStatus:
    """``ok``: a known 7-digit 项; ``unknown``: 7 digits of a known 类, 项 not in the list;
    ``malformed``: not 7 digits, or its 类 is not one of the 30."""
    code = code.strip()
    if len(code) != 7 or not code.isascii() or not code.isdigit() or category(code) is None:
        return "malformed"
    return "ok" if code in function_codes() else "unknown"


# ---------------------------------------------------------------- 经济分类


@dataclass(frozen=True)
class EconomicItem:
    """One 部门预算支出经济分类 款 (5 digits), as listed in J06."""

    code: str  # '30101'
    name: str  # '基本工资'
    group_code: str  # '301'
    group_name: str  # '工资福利支出'
    cost_type: str  # 人员经费 or 公用经费
    can_be_basic: bool  # False for the 309 / 311 blocks (printed ──── in J06)


@dataclass(frozen=True)
class _Group:
    name: str
    cost_type: str


@cache
def _groups() -> dict[str, _Group]:
    return {
        r["code"]: _Group(r["name"], r["cost_type"])
        for r in _rows("economic_codes.csv")
        if len(r["code"]) == 3
    }


@cache
def economic_items() -> tuple[EconomicItem, ...]:
    """All 部门预算支出经济分类 款 in code order (the T6 / J06 row order)."""
    groups = _groups()
    items = []
    for r in _rows("economic_codes.csv"):
        if len(r["code"]) != 5:
            continue
        group = groups[r["code"][:3]]
        items.append(
            EconomicItem(
                code=r["code"],
                name=r["name"],
                group_code=r["code"][:3],
                group_name=group.name,
                cost_type=group.cost_type,
                can_be_basic=r["can_be_basic"] == "yes",
            )
        )
    return tuple(sorted(items, key=lambda i: i.code))


@cache
def _items_by_code() -> dict[str, EconomicItem]:
    return {i.code: i for i in economic_items()}


def economic_item(code: str) -> EconomicItem | None:
    """The 部门预算支出经济分类 款 of a 5-digit code; None when unknown."""
    return _items_by_code().get(code.strip())


def economic_group_name(group_code: str) -> str | None:
    """``'301'`` → ``'工资福利支出'``; None when unknown."""
    group = _groups().get(group_code.strip())
    return group.name if group else None


@cache
def government_economic_names() -> dict[str, str]:
    """政府预算支出经济分类: 3-digit 类 and 5-digit 款 codes → names."""
    return {r["code"]: r["name"] for r in _rows("government_economic_codes.csv")}


@cache
def _mapping() -> dict[str, tuple[str, str]]:
    return {r["code"]: (r["administrative"], r["institution"]) for r in _rows("economic_mapping.csv")}


def government_economic_name(code: str, unit_kind: UnitKind) -> str:
    """The 政府预算支出经济科目名称 that T6 prints for a 部门经济科目 of a unit of this kind.

    行政单位 and 参公单位 get the 机关 款 names (工资奖金津补贴, 办公经费, …); 事业单位 get
    工资福利支出 / 商品和服务支出 / 资本性支出, keeping the 三公 items and 离退休费 (spec §6.5).
    Raises ``KeyError`` for a code that is not a 部门预算支出经济分类 款.
    """
    administrative, institution = _mapping()[code.strip()]
    return institution if unit_kind is UnitKind.INSTITUTION else administrative


@cache
def _three_public() -> dict[str, ThreePublicItem]:
    return {r["code"]: ThreePublicItem(r["item"]) for r in _rows("three_public.csv")}


def three_public_item(code: str) -> ThreePublicItem | None:
    """The “三公”经费 item a 部门经济科目 counts towards, or None."""
    return _three_public().get(code.strip())


def __getattr__(name: str) -> object:
    """``CATEGORIES``: the 30 类 in T1 order, loaded on first access."""
    if name == "CATEGORIES":
        return categories()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
