"""A typed 科目名称 that names another 科目 than its code (issue 12, second campaign).

The tool prints every known code's catalogue name and ignores what was typed in 功能科目名称 /
经济科目名称. When the two disagree, the code may be the slip (2010301 typed for 机关服务
2010303): the money would then sit silently on another line of 表三/表六. A name that differs
only as a reader cannot see, or that contains the catalogue name (or is contained in it), is
no contradiction. A warning at the name's cell, saying which code the typed name has.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache

from ..issues import Issue, warning
from ..reference import economic_items, function_codes
from ..textkey import name_key
from .raw import RawRow


@cache
def _function_by_name() -> dict[str, tuple[str, ...]]:
    return _by_name(function_codes())


@cache
def _economic_by_name() -> dict[str, tuple[str, ...]]:
    return _by_name({i.code: i.name for i in economic_items()})


def _by_name(names: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for code, name in names.items():
        out.setdefault(name_key(name), []).append(code)
    return {k: tuple(v) for k, v in out.items()}


def _nearest(code: str, candidates: tuple[str, ...]) -> str | None:
    """The candidate sharing the longest prefix with ``code`` (the same 款 before the same 类)."""
    def shared(other: str) -> int:
        return next((i for i, (a, b) in enumerate(zip(code, other, strict=False)) if a != b), min(len(code), len(other)))

    best = max(candidates, key=shared, default=None)
    return best if best is not None and shared(best) >= 3 else None


def _mismatch(row: RawRow, code_key: str, name_key_: str, catalogue: str | None, what: str,
              by_name: Callable[[], dict[str, tuple[str, ...]]]) -> Issue | None:
    code, typed = row.get(code_key), row.get(name_key_)
    if not typed or not catalogue:
        return None
    mine, theirs = name_key(typed), name_key(catalogue)
    if not mine or mine in theirs or theirs in mine:
        return None
    other = _nearest(code, tuple(c for c in by_name().get(mine, ()) if c != code))
    hint = f"（“{typed}”的编码是 {other}）" if other else ""
    return warning(
        "code.name_mismatch",
        f"{what}编码“{code}”在科目表中是“{catalogue}”，这里填的名称却是“{typed}”{hint}：表中按编码印“{catalogue}”，"
        "金额也列在这个科目下。请核对编码是否填错（名称可不填，由工具按编码填写）",
        row.loc(name_key_), row.loc(code_key),
    )


def function_name_mismatch(row: RawRow, name_key_: str, catalogue: str | None) -> Issue | None:
    return _mismatch(row, "function_code", name_key_, catalogue, "功能科目", _function_by_name)


def economic_name_mismatch(row: RawRow, catalogue: str | None) -> Issue | None:
    return _mismatch(row, "economic_code", "economic_name", catalogue, "经济科目", _economic_by_name)
