"""Cross-table identities and model-level checks: each a named function returning Issues.

Every rule runs on exact 元 values (spec §1.5, decision D1), so a true rounding tail (尾差)
of the printed tables is never reported. Rules take the model and the derived tables and
never do I/O. :func:`check_department` runs them all, in the order of :data:`RULES`.

* :mod:`.inputs` — what the department typed (codes, units, projects, indicators, assets…;
  spec §12.3);
* :mod:`.cross` — identities between sheets that can really fail (X13 基本支出 = 经济分类,
  X21 三公, T7/T8 …);
* :mod:`.plausibility` and :mod:`.plausibility_lines` — amounts typed in 万元 instead of 元, or
  with extra zeros (issue 12);
* :mod:`.duplicates` — rows pasted twice, names that differ only invisibly;
* :mod:`.consistency` — sheets that contradict each other (单位性质);
* :mod:`.completeness` — content a published document cannot lack (warnings);
* :mod:`.counts` and :mod:`.wording_checks` — counts typed twice, dates, years and 变动原因
  (issue 17; the threshold for a missing reason is the profile's ``checks.reason_threshold``);
* :mod:`.catalogue` — every rule's ID (its code), level, description and source;
* :mod:`.identities` — identities true by construction (X1–X12, X14–X16, X18, X19, X22, X23):
  they guard the derivation and report ``internal.*`` errors if it ever breaks.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..derive.tables import BudgetTables, derive_numbers
from ..issues import Issue
from ..model import Department, DocumentKind
from . import (
    completeness,
    consistency,
    counts,
    cross,
    duplicates,
    identities,
    inputs,
    plausibility,
    plausibility_lines,
    wording_checks,
)

Rule = Callable[[Department, BudgetTables], list[Issue]]

#: The rules on what was typed, in order (the internal guards of :mod:`.identities` follow).
CHECKS: tuple[Rule, ...] = (
    *inputs.RULES, *cross.RULES, *plausibility.RULES, *plausibility_lines.RULES, *duplicates.RULES,
    *consistency.RULES, *completeness.RULES,
    *counts.RULES, *wording_checks.RULES,
)
RULES: tuple[Rule, ...] = (*CHECKS, *identities.RULES)


def check_department(department: Department, reason_threshold: Decimal | None = None) -> list[Issue]:
    """Every rule on one department; issues in rule order (the pipeline sorts them).

    ``reason_threshold``: the profile's ``checks.reason_threshold`` (default
    :data:`.wording_checks.REASON_THRESHOLD`).

    The internal guards run only when every 功能科目 code is well-formed: a malformed code
    (already reported) breaks the 类/款/项 hierarchy they check, and they would only repeat it.
    """
    if department.kind is DocumentKind.FINAL_ACCOUNTS:  # a FinalDepartment: the 决算 rules
        from .final import check_final

        return check_final(department)  # type: ignore[arg-type]
    tables = derive_numbers(department)
    issues: list[Issue] = []
    for rule in CHECKS:
        issues.extend(rule(department, tables))
    issues.extend(wording_checks.rule_reasons_given(
        department, tables, wording_checks.REASON_THRESHOLD if reason_threshold is None else reason_threshold))
    if not any(i.code.startswith("function.code") or i.code == "function.category_unknown" for i in issues):
        for rule in identities.RULES:
            issues.extend(rule(department, tables))
    return issues


__all__ = ["RULES", "Rule", "check_department"]
