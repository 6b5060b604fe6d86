"""The code lists as the tables need them: a thin adapter over :mod:`gendisclose.reference`.

One place decides the fallbacks for codes the reference does not know: a 功能分类 name falls
back to the name typed in the workbook (done by the caller) and then to the code itself; an
economic item falls back to its code as name and to its 类 (301/303 人员经费, else 公用经费).
"""

from __future__ import annotations

from .. import reference as _reference
from ..model import ThreePublicItem, UnitKind
from ..reference import FunctionCategory
from ..reference import economic_group_name as _group_name
from ..reference import economic_item as _economic_item
from ..reference import function_name as _function_name
from ..reference import government_economic_name as _government_name
from ..reference import three_public_item as _three_public_item

__all__ = [
    "CATEGORIES",
    "FunctionCategory",
    "PERSONNEL_GROUPS",
    "category_of",
    "economic_group_name",
    "economic_item",
    "economic_name",
    "function_name",
    "government_name",
    "is_personnel",
    "three_public_item",
]

#: 人员经费 = 工资福利支出 (301) + 对个人和家庭的补助 (303); the other 类 are 公用经费 (spec §6.5).
PERSONNEL_GROUPS = ("301", "303")

_LOOKUP_ERRORS = (KeyError, ValueError, LookupError)

#: The 30 fixed 类 rows of T1/T4 in printed order.
CATEGORIES: tuple[FunctionCategory, ...] = (
    _reference.CATEGORIES if hasattr(_reference, "CATEGORIES") else _reference.categories()
)


def function_name(code: str) -> str | None:
    """Official 功能分类 name of a 3/5/7-digit code, or None when unknown."""
    try:
        return _function_name(code)
    except _LOOKUP_ERRORS:
        return None


def category_of(code: str) -> FunctionCategory | None:
    """The T1/T4 category of a 功能分类 code (by its 类), or None when not one of the 30."""
    return next((c for c in CATEGORIES if c.code == code[:3]), None)


def economic_item(code: str):  # -> EconomicItem | None
    try:
        return _economic_item(code)
    except _LOOKUP_ERRORS:
        return None


def economic_name(code: str) -> str:
    item = economic_item(code)
    return item.name if item is not None else code


def economic_group_name(group_code: str) -> str:
    try:
        name = _group_name(group_code)
    except _LOOKUP_ERRORS:
        name = None
    return name or group_code


def is_personnel(code: str) -> bool:
    """人员经费 (True) or 公用经费 (False) for a 部门预算支出经济分类 code."""
    item = economic_item(code)
    if item is not None and getattr(item, "cost_type", None):
        return item.cost_type == "人员经费"
    return code[:3] in PERSONNEL_GROUPS


def can_be_basic(code: str) -> bool:
    item = economic_item(code)
    if item is not None:
        return bool(getattr(item, "can_be_basic", True))
    return code[:3] in ("301", "302", "303", "310")


def government_name(code: str, unit_kind: UnitKind) -> str:
    """政府预算支出经济科目名称 of an item for a unit of this kind ('' when unknown)."""
    try:
        return _government_name(code, unit_kind) or ""
    except _LOOKUP_ERRORS:
        return ""


def three_public_item(code: str) -> ThreePublicItem | None:
    try:
        return _three_public_item(code)
    except _LOOKUP_ERRORS:
        return None
