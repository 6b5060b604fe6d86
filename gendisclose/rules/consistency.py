"""Sheets that contradict each other about one fact (issue 12).

单位性质 is typed twice for the department's own unit: on 基本信息 (部门（主体单位）性质) and
on 单位. The 单位 value wins in every table — it picks the 政府预算经济分类 names of 表六 and
decides whether the unit has 机关运行经费 (表十一, §八) — so a contradiction silently changes
表六's labels and drops (or adds) 表十一. It is an error at both cells.
"""

from __future__ import annotations

from collections.abc import Callable

from ..derive.tables import BudgetTables
from ..issues import Issue, error, warning
from ..model import BudgetUnit, Department, UnitKind
from ..textkey import visible_key
from ._text import INFO_SHEET, UNITS_SHEET, cell, field_cell


def _own_unit(dept: Department) -> BudgetUnit | None:
    """The department's own unit on 单位: the one named like the department, else the only one."""
    key = visible_key(dept.info.name)
    named = next((u for u in dept.units if visible_key(u.name) == key), None)
    if named is not None:
        return named
    return dept.units[0] if len(dept.units) == 1 else None


def _effect(department_kind: UnitKind, unit_kind: UnitKind) -> str:
    if department_kind.has_agency_operating_costs and not unit_kind.has_agency_operating_costs:
        return "按“单位”表，表十一机关运行经费将不列这个单位，表六按事业单位对应政府预算经济科目"
    if unit_kind.has_agency_operating_costs and not department_kind.has_agency_operating_costs:
        return "按“单位”表，表十一将列出这个单位的机关运行经费，表六按行政/参公单位对应政府预算经济科目"
    return "表六的政府预算经济科目按“单位”表的性质对应"


def rule_unit_kind_matches_department(dept: Department, _: BudgetTables,
                                      effect: Callable[[UnitKind, UnitKind], str] = _effect) -> list[Issue]:
    """The department's own unit has the 单位性质 of 基本信息 (error at both cells). ``effect``
    says what the 单位 value changes in the tables (the 决算 passes its own)."""
    info_cell = field_cell(dept.info, "unit_kind", INFO_SHEET)
    kind = dept.info.unit_kind
    own = _own_unit(dept)
    if own is None:
        if dept.units and all(u.kind is not kind for u in dept.units):
            return [warning(
                "unit.kind_not_listed",
                f"基本信息的部门性质是“{kind.value}”，但“单位”表中没有一个单位是{kind.value}，"
                "也没有与部门同名的单位：请核实部门性质或“单位”表",
                info_cell,
            )]
        return []
    if own.kind is kind:
        return []
    unit_cell = cell(own, "kind", UNITS_SHEET)
    said = (f"单位“{own.name}”的单位性质在“单位”表是“{own.kind.value}”（{unit_cell.cell}），"
            f"在基本信息是“{kind.value}”（{info_cell.cell}），两处矛盾")
    fix = f"：{effect(kind, own.kind)}。请把两处改成一致"
    return [
        error("unit.kind_contradiction", said + fix, unit_cell, info_cell),
        error("unit.kind_contradiction", said + fix, info_cell, unit_cell),
    ]


RULES = (rule_unit_kind_matches_department,)
