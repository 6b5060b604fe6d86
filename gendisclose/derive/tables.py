"""The thirteen tables of 第二部分 部门预算报表, derived from the model (spec §4, §5).

Every figure here is an exact 元 :class:`~decimal.Decimal`: 类/款/合计 rows, T6 groups, T12
unit rows … are exact sums of the leaves. Rounding to 万元 happens once, when a figure is
shown (:mod:`gendisclose.derive.table_layout` builds the presentation with
:func:`gendisclose.money.table_amount`), so a true 尾差 never becomes an inconsistency.

Sources of the money (spec §4, §12.1):

* 基本支出 — :class:`~gendisclose.model.BasicLine` (当年 and 上年结转, by 资金来源);
* 项目支出 — :class:`~gendisclose.model.Project`, each on its own 功能科目 (当年 → T12,
  上年结转 → T13);
* T6/T10/T11 — :class:`~gendisclose.model.EconomicLine` (一般公共预算当年基本支出) and
  :class:`~gendisclose.model.ThreePublicExtra`;
* T7/T9 income — :class:`~gendisclose.model.FundIncomeLine`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from ..model import (
    FISCAL_SOURCES,
    BasicLine,
    Department,
    FundingSource,
    Project,
    SourceAmounts,
    ThreePublicItem,
)
from . import codes
from .table_rows import (  # re-exported (see __all__): the public API lives here
    AMOUNT,
    BASIC,
    CARRIED,
    CURRENT,
    FISCAL_KEYS,
    PROJECT,
    SOURCE_KEYS,
    SPLIT_KEYS,
    SUBTOTAL,
    T1_KEYS,
    T2_KEYS,
    T4_KEYS,
    T10_ROWS,
    T12_KEYS,
    T13_KEYS,
    TOTAL,
    ZERO,
    BudgetTables,
    CategoryRow,
    EconomicRow,
    FunctionRow,
    ProjectRow,
    UnitProjects,
)

# ---------------------------------------------------------------- function blocks

Leaves = dict[str, dict[str, Decimal]]


def _add(leaves: Leaves, code: str, key: str, amount: Decimal) -> None:
    if amount:
        row = leaves.setdefault(code, {})
        row[key] = row.get(key, ZERO) + amount


def _level(code: str) -> int:
    return {3: 1, 5: 2}.get(len(code), 3)


def function_block(leaves: Leaves, keys: tuple[str, ...], name_of: Callable[[str], str]) -> tuple[FunctionRow, ...]:
    """合计 row, then 类 → 款 → 项 depth-first in code order; only non-zero codes; exact sums.

    ``leaves`` maps 7-digit 项 codes to amounts by column key; 类 (3) and 款 (5) rows are the
    exact sums of their 项. A key absent from a leaf is zero.
    """
    live = {c: v for c, v in leaves.items() if any(v.get(k, ZERO) for k in keys)}

    def total(codes_: Iterable[str]) -> dict[str, Decimal]:
        return {k: sum((live[c].get(k, ZERO) for c in codes_), ZERO) for k in keys}

    rows = [FunctionRow("", "合计", 0, total(live))]
    for lei in sorted({c[:3] for c in live}):
        in_lei = [c for c in live if c[:3] == lei]
        rows.append(FunctionRow(lei, name_of(lei), 1, total(in_lei)))
        for kuan in sorted({c[:5] for c in in_lei if len(c) > 3}):
            in_kuan = [c for c in in_lei if c[:5] == kuan]
            rows.append(FunctionRow(kuan, name_of(kuan), 2, total(in_kuan)))
            for xiang in sorted(c for c in in_kuan if len(c) > 5):
                rows.append(FunctionRow(xiang, name_of(xiang), 3, total([xiang])))
    return tuple(rows)


def _function_names(department: Department) -> Callable[[str], str]:
    typed: dict[str, str] = {}
    for line in department.basic_lines:
        if line.function_name and line.function_code not in typed:
            typed[line.function_code] = line.function_name

    def name_of(code: str) -> str:
        return codes.function_name(code) or typed.get(code) or code

    return name_of


def _split_leaves(department: Department, pick: Callable[[SourceAmounts], Decimal], *, current: bool, carried: bool) -> Leaves:
    """基本/项目/合计 leaves by 项 code from basic lines and projects."""
    leaves: Leaves = {}

    def parts(x: BasicLine | Project) -> Decimal:
        return (pick(x.current) if current else ZERO) + (pick(x.carried) if carried else ZERO)

    for line in department.basic_lines:
        amount = parts(line)
        _add(leaves, line.function_code, BASIC, amount)
        _add(leaves, line.function_code, TOTAL, amount)
    for project in department.projects:
        amount = parts(project)
        _add(leaves, project.function_code, PROJECT, amount)
        _add(leaves, project.function_code, TOTAL, amount)
    return leaves


def _t2_leaves(department: Department) -> Leaves:
    leaves: Leaves = {}
    for item in (*department.basic_lines, *department.projects):
        for source in FundingSource:
            _add(leaves, item.function_code, source.value, item.current.get(source))
        _add(leaves, item.function_code, TOTAL, item.current.total)
        _add(leaves, item.function_code, CARRIED, item.carried.total)
    return leaves


def _income_rows(department: Department, source: FundingSource) -> tuple[FunctionRow, ...]:
    """T7 / T9 left half: 合计 then 收入科目 rows in code order (same code summed)."""
    amounts: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for line in department.fund_income:
        if line.source is source and line.amount:
            amounts[line.code] = amounts.get(line.code, ZERO) + line.amount
            names.setdefault(line.code, line.name)
    rows = [FunctionRow("", "合计", 0, {AMOUNT: sum(amounts.values(), ZERO)})]
    rows += [FunctionRow(c, names[c], _level(c), {AMOUNT: amounts[c]}) for c in sorted(amounts) if amounts[c]]
    return tuple(rows)


# ---------------------------------------------------------------- T1 / T4 categories


def _category_rows(block: tuple[FunctionRow, ...], keys: tuple[str, ...], rename: dict[str, str] | None = None) -> tuple[CategoryRow, ...]:
    """The 30 fixed categories with the values of the matching 类 rows (zero when absent)."""
    by_lei = {r.code: r for r in block if r.level == 1}
    rename = rename or {}
    out = []
    for cat in codes.CATEGORIES:
        row = by_lei.get(cat.code)
        values = {rename.get(k, k): (row.get(k) if row else ZERO) for k in keys}
        out.append(CategoryRow(cat, values))
    return tuple(out)


# ---------------------------------------------------------------- T6 / T10 / T11


def _t6(department: Department) -> tuple[EconomicRow, ...]:
    """Group rows and item rows; items keyed by (code, 政府预算科目名称) summed over units."""
    items: dict[tuple[str, str], Decimal] = {}
    order: list[tuple[str, str]] = []
    for line in department.economic_lines:
        gov = line.government_name or codes.government_name(line.economic_code, department.unit_kind(line.unit))
        key = (line.economic_code, gov)
        if key not in items:
            items[key] = ZERO
            order.append(key)
        items[key] += line.amount
    live = sorted((k for k in order if items[k]), key=lambda k: (k[0], order.index(k)))
    rows: list[EconomicRow] = []
    for group in sorted({code[:3] for code, _ in live}):
        members = [k for k in live if k[0][:3] == group]
        item_rows = []
        for code, gov in members:
            amount = items[(code, gov)]
            personnel = codes.is_personnel(code)
            item_rows.append(
                EconomicRow(code, codes.economic_name(code), gov, False,
                            amount if personnel else ZERO, ZERO if personnel else amount)
            )
        rows.append(
            EconomicRow(group, codes.economic_group_name(group), "", True,
                        sum((r.personnel for r in item_rows), ZERO), sum((r.public for r in item_rows), ZERO))
        )
        rows.extend(item_rows)
    return tuple(rows)


def _t10(department: Department) -> dict[ThreePublicItem, dict[FundingSource, Decimal]]:
    table = {item: {s: ZERO for s in FISCAL_SOURCES} for item in ThreePublicItem}
    for line in department.economic_lines:
        item = codes.three_public_item(line.economic_code)
        if item is not None:
            table[item][FundingSource.GENERAL] += line.amount
    for extra in department.three_public_extra:
        if extra.source.is_fiscal:
            table[extra.item][extra.source] += extra.amount
    return table


def _units_in_order(department: Department, named: Iterable[str]) -> list[str]:
    """Units in the order of the 单位 list, then any other unit in order of appearance."""
    seen = list(dict.fromkeys(named))
    listed = [u.name for u in department.units if u.name in seen]
    return listed + [u for u in seen if u not in listed]


def public_costs_by_unit(department: Department) -> dict[str, Decimal]:
    """公用经费 (302/310 … items) of each unit's economic lines, exact 元."""
    out: dict[str, Decimal] = {}
    for line in department.economic_lines:
        if not codes.is_personnel(line.economic_code):
            out[line.unit] = out.get(line.unit, ZERO) + line.amount
    return out


def _t11(department: Department) -> tuple[tuple[str, dict[FundingSource, Decimal]], ...]:
    public = public_costs_by_unit(department)
    rows = []
    for unit in _units_in_order(department, (line.unit for line in department.economic_lines)):
        if department.unit_kind(unit).has_agency_operating_costs and public.get(unit, ZERO):
            amounts = {s: ZERO for s in FISCAL_SOURCES}
            amounts[FundingSource.GENERAL] = public[unit]
            rows.append((unit, amounts))
    return tuple(rows)


# ---------------------------------------------------------------- T12 / T13


def _source_values(amounts: SourceAmounts) -> dict[str, Decimal]:
    return {TOTAL: amounts.total, **{s.value: amounts.get(s) for s in FundingSource}}


def _sum_values(rows: Iterable[ProjectRow | UnitProjects]) -> dict[str, Decimal]:
    rows = list(rows)
    return {k: sum((r.values[k] for r in rows), ZERO) for k in T12_KEYS}


def _projects_by_unit(department: Department, carried: bool) -> tuple[tuple[UnitProjects, ...], dict[str, Decimal]]:
    rows = [
        ProjectRow(p.name, p.unit, p.category, _source_values(p.carried if carried else p.current))
        for p in department.projects
    ]
    rows = [r for r in rows if any(r.values[s] for s in SOURCE_KEYS)]
    units = []
    for unit in _units_in_order(department, (r.unit for r in rows)):
        mine = tuple(r for r in rows if r.unit == unit)
        units.append(UnitProjects(unit, _sum_values(mine), mine))
    return tuple(units), _sum_values(rows)


# ---------------------------------------------------------------- the whole set


def _by_source(items: Iterable[BasicLine | Project], carried: bool) -> dict[FundingSource, Decimal]:
    items = list(items)
    return {
        s: sum(((x.carried if carried else x.current).get(s) for x in items), ZERO) for s in FundingSource
    }


def derive_numbers(department: Department) -> BudgetTables:
    """Every figure of T1–T13 in exact 元 (``tables`` left empty)."""
    name_of = _function_names(department)
    spending = (*department.basic_lines, *department.projects)

    income = _by_source(spending, carried=False)
    carry_in_by_source = _by_source(spending, carried=True)
    income_current_total = sum(income.values(), ZERO)
    carry_in = sum(carry_in_by_source.values(), ZERO)

    t1_leaves: Leaves = {}
    for item in spending:
        _add(t1_leaves, item.function_code, CURRENT, item.current.total)
        _add(t1_leaves, item.function_code, CARRIED, item.carried.total)
        _add(t1_leaves, item.function_code, TOTAL, item.current.total + item.carried.total)
    t1_block = function_block(t1_leaves, T1_KEYS, name_of)

    t4_leaves: Leaves = {}
    for item in spending:
        for s in FISCAL_SOURCES:
            amount = item.current.get(s) + item.carried.get(s)
            _add(t4_leaves, item.function_code, s.value, amount)
            _add(t4_leaves, item.function_code, SUBTOTAL, amount)
    t4_block = function_block(t4_leaves, T4_KEYS, name_of)

    fiscal_income = {s: income[s] for s in FISCAL_SOURCES}
    fiscal_carry_in = {s: carry_in_by_source[s] for s in FISCAL_SOURCES}
    fiscal_income_total = sum(fiscal_income.values(), ZERO)

    general = _split_leaves(department, lambda a: a.general, current=True, carried=False)
    fund = _split_leaves(department, lambda a: a.government_fund, current=True, carried=False)
    capital = _split_leaves(department, lambda a: a.state_capital, current=True, carried=False)

    t6 = _t6(department)
    groups = [r for r in t6 if r.is_group]
    t10 = _t10(department)
    t11 = _t11(department)
    t12, t12_values = _projects_by_unit(department, carried=False)
    t13, t13_values = _projects_by_unit(department, carried=True)

    return BudgetTables(
        year=department.info.year,
        department=department.info.name,
        income=income,
        income_current_total=income_current_total,
        carry_in=carry_in,
        carry_in_by_source=carry_in_by_source,
        income_total=income_current_total + carry_in,
        expenditure_current=t1_block[0].get(CURRENT),
        expenditure_carried=t1_block[0].get(CARRIED),
        expenditure_total=t1_block[0].get(TOTAL),
        t1_categories=_category_rows(t1_block, T1_KEYS),
        t2=function_block(_t2_leaves(department), T2_KEYS, name_of),
        t3=function_block(_split_leaves(department, lambda a: a.total, current=True, carried=True), SPLIT_KEYS, name_of),
        fiscal_income=fiscal_income,
        fiscal_carry_in=fiscal_carry_in,
        fiscal_income_total=fiscal_income_total,
        fiscal_total=fiscal_income_total + sum(fiscal_carry_in.values(), ZERO),
        t4_categories=_category_rows(t4_block, T4_KEYS),
        t4_expenditure=dict(t4_block[0].values),
        t5=function_block(general, SPLIT_KEYS, name_of),
        t6=t6,
        t6_total=sum((g.total for g in groups), ZERO),
        t6_personnel=sum((g.personnel for g in groups), ZERO),
        t6_public=sum((g.public for g in groups), ZERO),
        t7=_income_rows(department, FundingSource.GOVERNMENT_FUND),
        t8=function_block(fund, SPLIT_KEYS, name_of),
        t9_income=_income_rows(department, FundingSource.STATE_CAPITAL),
        t9_expenditure=function_block(capital, SPLIT_KEYS, name_of),
        t10=t10,
        t10_total=sum((sum(v.values(), ZERO) for v in t10.values()), ZERO),
        t11=t11,
        t11_total=sum((sum(a.values(), ZERO) for _, a in t11), ZERO),
        t11_by_source={s: sum((a[s] for _, a in t11), ZERO) for s in FISCAL_SOURCES},
        t12=t12,
        t12_values=t12_values,
        t13=t13,
        t13_values=t13_values,
    )


def derive_tables(department: Department, texts: dict | None = None) -> BudgetTables:
    """Model → all figures of T1–T13 (exact 元) and their presentation tables; ``texts``: a
    profile's table texts (``Profile.tables``), None for the default."""
    from dataclasses import replace

    from .table_layout import layout_tables

    numbers = derive_numbers(department)
    return replace(numbers, tables=layout_tables(numbers, texts))


__all__ = [
    "AMOUNT", "BASIC", "CARRIED", "CURRENT", "FISCAL_KEYS", "PROJECT", "SOURCE_KEYS", "SPLIT_KEYS", "SUBTOTAL",
    "T1_KEYS", "T2_KEYS", "T4_KEYS", "T10_ROWS", "T12_KEYS", "T13_KEYS", "TOTAL", "ZERO",
    "BudgetTables", "CategoryRow", "EconomicRow", "FunctionRow", "ProjectRow", "UnitProjects",
    "derive_numbers", "derive_tables", "function_block", "public_costs_by_unit",
]
