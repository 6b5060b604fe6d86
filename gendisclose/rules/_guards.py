"""What the internal guards of both kinds share (:mod:`.identities` for the budget tables,
:mod:`.final_guards` for J01–J10): exact equality as an ``internal.*`` error, and the
类/款/项 hierarchy of a 功能科目 table (合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, each column)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from ..derive.table_rows import FunctionRow
from ..issues import Issue, error
from ._text import differ

ZERO = Decimal("0")


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def must_equal(code: str, a_label: str, a: Decimal, b_label: str, b: Decimal) -> list[Issue]:
    return [] if a == b else [error(f"internal.{code}", f"内部校验失败：{differ(a_label, a, b_label, b)}")]


def hierarchy_issues(
    code: str,
    table: str,
    rows: tuple[FunctionRow, ...],
    keys: Iterable[str],
    skip: Callable[[FunctionRow, str], bool] = lambda row, key: False,
) -> list[Issue]:
    """Each row that has children equals the sum of its children, column by column (``skip``:
    a (row, column) the identity does not cover). A 3/5-digit leaf typed as such has none."""
    issues: list[Issue] = []
    keys = tuple(keys)
    for i, row in enumerate(rows):
        if row.level == 3:
            continue
        children = []
        for child in rows[i + 1:]:
            if child.level <= row.level:
                break
            if child.level == row.level + 1:
                children.append(child)
        if not children and row.level > 0:
            continue
        for k in keys:
            if skip(row, k):
                continue
            issues += must_equal(code, f"{table}{row.code or '合计'}行{k}", row.get(k), "下级之和",
                                 exact_sum(c.get(k) for c in children))
    return issues
