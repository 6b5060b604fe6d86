"""Which kind of disclosure a workbook is, told from the workbook itself: the sheets it has.

A 决算 workbook has the 决算 sheets (收入决算, 支出决算 …), a budget workbook the budget's
(收支预算, 项目 …); the sheets both share (基本信息, 单位, 概况文字) say nothing. A workbook with
sheets of both kinds is refused — it would be read as one and silently lose the other's data —
and so is a workbook of one kind where the other is required. Sheet names are compared as a
reader sees them (:func:`gendisclose.textkey.visible_key`).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..issues import Issue, error
from ..model import DocumentKind
from ..textkey import visible_key
from .schema import SHEETS, Sheet
from .schema_final import FINAL_SHEETS

_SHARED = {s.name for s in SHEETS} & {s.name for s in FINAL_SHEETS}
BUDGET_ONLY = tuple(s.name for s in SHEETS if s.name not in _SHARED)
FINAL_ONLY = tuple(s.name for s in FINAL_SHEETS if s.name not in _SHARED)

KIND_NAMES = {DocumentKind.BUDGET: "部门预算公开", DocumentKind.FINAL_ACCOUNTS: "部门决算公开"}
TEMPLATE_HINT = {
    DocumentKind.BUDGET: "gendisclose template -o 预算模板.xlsx",
    DocumentKind.FINAL_ACCOUNTS: "gendisclose template --kind final -o 决算模板.xlsx",
}


def sheets_for(kind: DocumentKind) -> tuple[Sheet, ...]:
    return FINAL_SHEETS if kind is DocumentKind.FINAL_ACCOUNTS else SHEETS


def _found(names: Iterable[str], wanted: tuple[str, ...]) -> list[str]:
    keys = {visible_key(n) for n in names}
    return [w for w in wanted if visible_key(w) in keys]


def _listed(names: list[str]) -> str:
    shown = "、".join(f"“{n}”" for n in names[:4])
    return shown + ("等" if len(names) > 4 else "")


def detect_kind(sheet_names: Iterable[str], expected: DocumentKind | None = None) -> tuple[DocumentKind | None, list[Issue]]:
    """(kind, issues); kind None when the workbook mixes both kinds or is not the ``expected`` one."""
    names = list(sheet_names)
    budget, final = _found(names, BUDGET_ONLY), _found(names, FINAL_ONLY)
    if budget and final:
        return None, [error(
            "kind.mixed",
            f"工作簿同时含有部门预算公开的工作表（{_listed(budget)}）和部门决算公开的工作表（{_listed(final)}）："
            "一个工作簿只能填一种公开。预算用“" + TEMPLATE_HINT[DocumentKind.BUDGET] + "”生成的模板，决算用“"
            + TEMPLATE_HINT[DocumentKind.FINAL_ACCOUNTS] + "”生成的模板，请删除不属于本工作簿的工作表",
        )]
    kind = DocumentKind.FINAL_ACCOUNTS if final else DocumentKind.BUDGET
    if expected is not None and kind is not expected:
        shown = _listed(final or budget) if (final or budget) else "没有任何一种的专用工作表"
        return None, [error(
            "kind.wrong",
            f"这里需要{KIND_NAMES[expected]}工作簿，但这是{KIND_NAMES[kind]}工作簿（{shown}）。"
            f"请使用“{TEMPLATE_HINT[expected]}”生成的模板填写",
        )]
    return kind, []
