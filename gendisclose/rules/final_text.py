"""Checks of what the 决算 text says in the department's words (第三部分, ``情况说明文字``).

A sentence of 第三部分 that compares with the prior year says ``主要原因是…`` only when the
department gave a reason; a change without one is printed without it, so it is warned at the
cell where the reason belongs. Likewise the 十（四） measures when some project was graded
“中” or “差”. Changes are judged on the shown 万元 figures, exactly as the text prints them.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..derive.final_tables import TOTAL, FinalTables
from ..derive.final_text import grade_counts
from ..derive.wording import change
from ..issues import Issue, Location, warning
from ..model_final import FinalDepartment, Grade
from ..money import text_amount
from ..workbook.schema_final import CLASSES, NARRATIVE


def _changed(current: Decimal, prior: Decimal | None) -> bool:
    found = change(current, prior)
    return found is not None and not found.unchanged


def _cell(dept: FinalDepartment, key: str) -> Location:
    return dept.narrative.cells.get(key) or Location(NARRATIVE.name, NARRATIVE.row_of(key), NARRATIVE.VALUE_COLUMN)


def rule_final_reasons(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """A change from the prior year (§一, §四, §五（一）, §五（三） per 类, §十（一）) has its reason."""
    n = dept.narrative
    checks = (
        ("total_reason", "一、收入支出总计", t.income_grand_total, dept.prior.total),
        ("fiscal_reason", "四、财政拨款收支总计", t.fiscal_income_grand_total, dept.prior.fiscal_total),
        ("general_reason", "五（一）一般公共预算财政拨款支出", t.j05[0].get(TOTAL), dept.prior_general),
        ("agency_operating_reason", "十（一）机关运行经费", dept.agency_operating.total, dept.prior.agency_operating),
    )
    issues = []
    for key, what, current, prior in checks:
        if _changed(current, prior) and not (getattr(n, key) or "").strip():
            issues.append(warning(
                "final.reason_missing",
                f"第三部分{what}与上年相比有增减（{text_amount(prior)} → {text_amount(current)} 万元），"
                f"但没有填“{NARRATIVE.field(key).header}”：句子将不写原因",
                _cell(dept, key),
            ))
    spent = {r.code: r.get(TOTAL) for r in t.j05 if r.level == 1}
    for c in dept.classes:
        current = spent.get(c.class_code, Decimal("0"))
        if _changed(current, c.prior_final) and not (c.reason or "").strip():
            issues.append(warning(
                "final.reason_missing",
                f"第三部分五（三）类“{c.class_code}”与上年决算相比有增减（{text_amount(c.prior_final)} → "
                f"{text_amount(current)} 万元），但没有填“{CLASSES.column('reason').header}”：句子将不写原因",
                c.reason_location or c.location or Location(CLASSES.name),
            ))
    return issues


def rule_final_measures(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """Projects graded 中 or 差 call for the 十（四） 改进管理措施."""
    counts = grade_counts(dept)
    weak = counts[Grade.FAIR] + counts[Grade.POOR]
    if weak and not (dept.narrative.performance_measures or "").strip():
        return [warning(
            "final.measures_missing",
            f"绩效自评中有 {weak} 个项目等级为“中”或“差”，但没有填“{NARRATIVE.field('performance_measures').header}”"
            "：第三部分十（四）将不写改进管理措施",
            _cell(dept, "performance_measures"),
        )]
    return []


NARRATIVE_RULES: tuple[Callable[[FinalDepartment, FinalTables], list[Issue]], ...] = (
    rule_final_reasons,
    rule_final_measures,
)
