"""情况说明: a department explains a warning that is right as it stands.

A row names the rule (its code, or the stable ID before the dot: ``X13``), the cell (blank:
every warning of that rule) and the explanation. The warning it matches is then shown as
已说明 with the text (:attr:`gendisclose.issues.Issue.explanation`). An explanation never
silences an error: one that matches only errors, or matches nothing, is itself a warning at
its row, so a stale or mistyped explanation is seen.
"""

from __future__ import annotations

from dataclasses import replace

from ..issues import Issue, Location, warning
from ..model import Explanation
from ..textkey import reveal, visible_key

UNMATCHED = "explanation.unmatched"
ON_ERROR = "explanation.on_error"


def _rule_key(text: str) -> str:
    return visible_key(text).lower()


def _cell_key(text: str) -> str:
    sheet, bang, cell = visible_key(text).replace("'", "").rpartition("!")
    return f"{sheet}!{cell.upper()}" if bang else cell.upper()


def _rule_matches(rule: str, issue: Issue) -> bool:
    wanted = _rule_key(rule)
    codes = [issue.code, getattr(issue, "rule", None) or ""]
    return any(c and (c.lower() == wanted or c.lower().startswith(wanted + ".")) for c in codes)


def _cells(issue: Issue) -> set[str]:
    return {_cell_key(loc.cell) for loc in (issue.location, *issue.related) if loc is not None}


def _matches(explanation: Explanation, issue: Issue) -> bool:
    if not _rule_matches(explanation.rule, issue):
        return False
    return not explanation.cell or _cell_key(explanation.cell) in _cells(issue)


def apply_explanations(issues: list[Issue], explanations: tuple[Explanation, ...] | list[Explanation]) -> list[Issue]:
    """``issues`` with each explained warning carrying its explanation (in the same order),
    plus a warning for every explanation that explains no warning."""
    if not explanations:
        return issues
    out = list(issues)
    used: set[int] = set()
    hit_errors: set[int] = set()
    for index, issue in enumerate(out):
        for n, explanation in enumerate(explanations):
            if not _matches(explanation, issue):
                continue
            if issue.is_error:
                hit_errors.add(n)
                continue
            used.add(n)
            if issue.explanation is None:
                out[index] = replace(issue, explanation=explanation.text)
            break
    for n, explanation in enumerate(explanations):
        if n in used:
            continue
        where = explanation.location or Location("情况说明")
        named = f"规则 {reveal(explanation.rule)}" + (f"、单元格 {reveal(explanation.cell)}" if explanation.cell else "")
        if n in hit_errors:
            out.append(warning(ON_ERROR, f"这一行说明的是错误（{named}），说明不能消除错误；请改正该错误，并删去这一行", where))
        else:
            out.append(warning(UNMATCHED, f"这一行说明的{named}没有对应的警告（规则代码或单元格是否填错？警告是否已改正？）；"
                                          "不再需要时请删去这一行", where))
    return out
