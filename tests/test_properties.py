"""Property-based tests (hypothesis).

1. Random valid departments (codes from the reference list, 元 amounts with two decimals,
   several units, projects, every funding source, carry-over) always derive tables whose
   identities hold exactly in 元, and whose every shown figure is the half-up rounding to
   万元 of the exact value it stands for.
2. Random single-cell corruptions of a valid workbook (junk text, negative, formula, huge
   number, booleans, dates, control and RTL characters … in any cell of any sheet, headers
   included) are reported or harmlessly accepted, and never crash the reader, the rules or
   the derivation.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from functools import cache

from bad_inputs import base_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gendisclose.derive.tables import SPLIT_KEYS, T2_KEYS, BudgetTables, FunctionRow, derive_tables
from gendisclose.issues import has_errors
from gendisclose.model import (
    BasicLine,
    BudgetUnit,
    Department,
    DepartmentInfo,
    EconomicLine,
    FundingSource,
    Project,
    ProjectCategory,
    SourceAmounts,
    UnitKind,
)
from gendisclose.money import to_wan
from gendisclose.pipeline import check_workbook
from gendisclose.reference import classify_function_code, economic_items, function_codes
from gendisclose.rules import check_department
from gendisclose.workbook.reader import read_workbook
from gendisclose.workbook.schema import SHEETS, TableSheet

ZERO = Decimal("0")
CENT = Decimal("0.01")
SOURCE_FIELDS = ("general", "government_fund", "state_capital", "special_account", "unit_funds")


@cache
def item_codes() -> list[str]:
    return sorted(c for c in function_codes() if len(c) == 7 and classify_function_code(c) == "ok")


@cache
def basic_economic_codes() -> list[str]:
    return [i.code for i in economic_items() if i.can_be_basic]


# ---------------------------------------------------------------- strategies

# cents: anything up to 100 亿元, with extra weight on the 万元 rounding edge (…50 元 ± 1 分)
cents = st.one_of(
    st.just(0),
    st.integers(0, 10**12),
    st.builds(lambda k, d: k * 10_000 + 5_000 + d, st.integers(0, 10**7), st.sampled_from([-1, 0, 1])),
)
amount = cents.map(lambda c: (Decimal(c) / 100).quantize(CENT))
source_amounts = st.builds(
    lambda values: SourceAmounts(**dict(zip(SOURCE_FIELDS, values, strict=True))),
    st.tuples(*[st.one_of(st.just(ZERO), amount) for _ in SOURCE_FIELDS]),
)
maybe_carried = st.one_of(st.just(SourceAmounts()), source_amounts)


@st.composite
def departments(draw) -> Department:
    n_units = draw(st.integers(1, 3))
    kinds = draw(st.lists(st.sampled_from(list(UnitKind)), min_size=n_units, max_size=n_units))
    units = tuple(BudgetUnit(name=f"单位{i}", kind=k) for i, k in enumerate(kinds))
    unit_names = st.sampled_from([u.name for u in units])
    code = st.sampled_from(item_codes())
    keys = draw(st.lists(st.tuples(unit_names, code), max_size=8, unique=True))
    basic = tuple(
        BasicLine(unit=u, function_code=c, current=draw(source_amounts), carried=draw(maybe_carried))
        for u, c in keys
    )
    n_projects = draw(st.integers(0, 6))
    projects = tuple(
        Project(
            name=f"项目{i}",
            unit=draw(unit_names),
            function_code=draw(code),
            category=draw(st.sampled_from(list(ProjectCategory))),
            current=draw(source_amounts),
            carried=draw(maybe_carried),
        )
        for i in range(n_projects)
    )
    economic_keys = draw(
        st.lists(st.tuples(unit_names, st.sampled_from(basic_economic_codes())), max_size=6, unique=True)
    )
    economic = tuple(EconomicLine(unit=u, economic_code=c, amount=draw(amount)) for u, c in economic_keys)
    info = DepartmentInfo(name="随机县随机局", year=2026, unit_kind=kinds[0])
    return Department(info=info, units=units, basic_lines=basic, economic_lines=economic, projects=projects)


# ---------------------------------------------------------------- identities


def _spending(dept: Department) -> list[BasicLine | Project]:
    return [*dept.basic_lines, *dept.projects]


def _hierarchy_holds(rows: tuple[FunctionRow, ...], keys: tuple[str, ...]) -> None:
    """合计 = Σ 类; 类 = Σ its 款; 款 = Σ its 项 — exactly, for every column."""
    if not rows:
        return
    total, rest = rows[0], rows[1:]
    assert total.is_total
    for key in keys:
        assert total.get(key) == sum((r.get(key) for r in rest if r.level == 1), ZERO), key
        for parent in rest:
            if parent.level in (1, 2):
                children = [r for r in rest if r.level == parent.level + 1 and r.code.startswith(parent.code)]
                assert parent.get(key) == sum((r.get(key) for r in children), ZERO), (parent.code, key)


def _assert_identities(dept: Department, t: BudgetTables) -> None:
    spending = _spending(dept)
    everything = sum((x.current.total + x.carried.total for x in spending), ZERO)
    # T1: 收入总计 = 支出总计 = every amount typed
    assert t.income_total == t.expenditure_total == everything
    assert t.income_current_total == t.expenditure_current
    # T1 categories = T3 类 rows
    t3_lei = {r.code: r.get("total") for r in t.t3 if r.level == 1}
    for row in t.t1_categories:
        assert row.get("total") == t3_lei.get(row.category.code, ZERO), row.category.code
    assert sum((r.get("total") for r in t.t1_categories), ZERO) == t.expenditure_total
    # T3 合计 = 基本 + 项目 on every row; basic part from basic lines, project part from projects
    for row in t.t3:
        assert row.get("total") == row.get("basic") + row.get("project"), row.code
    assert t.t3_total.get("basic") == sum((x.current.total + x.carried.total for x in dept.basic_lines), ZERO)
    assert t.t3_total.get("project") == sum((p.total for p in dept.projects), ZERO)
    # hierarchy sums
    _hierarchy_holds(t.t2, T2_KEYS)
    _hierarchy_holds(t.t3, SPLIT_KEYS)
    _hierarchy_holds(t.t5, SPLIT_KEYS)
    _hierarchy_holds(t.t8, SPLIT_KEYS)
    _hierarchy_holds(t.t9_expenditure, SPLIT_KEYS)
    # T2 合计 = 本年收入; T5 = 一般公共预算当年
    assert (t.t2[0].get("total") if t.t2 else ZERO) == t.income_current_total
    assert (t.t5[0].get("total") if t.t5 else ZERO) == sum((x.current.general for x in spending), ZERO)
    # T4 = the fiscal part (current + carried of the three fiscal sources)
    fiscal = sum((x.current.fiscal + x.carried.fiscal for x in spending), ZERO)
    assert t.fiscal_total == fiscal
    assert t.t4_expenditure.get("subtotal", ZERO) == fiscal
    assert sum((r.get("subtotal") for r in t.t4_categories), ZERO) == fiscal
    # T12 = Σ projects (本年), T13 = Σ projects (上年结转), unit rows = Σ their projects
    assert t.t12_values.get("total", ZERO) == sum((p.current.total for p in dept.projects), ZERO)
    assert t.t13_values.get("total", ZERO) == sum((p.carried.total for p in dept.projects), ZERO)
    for source in FundingSource:
        assert t.t12_values.get(source.value, ZERO) == sum(
            (p.current.get(source) for p in dept.projects), ZERO
        )
    for unit in t.t12:
        assert unit.get("total") == sum((p.get("total") for p in unit.projects), ZERO)
    # T6 total = the economic lines
    assert t.t6_total == sum((e.amount for e in dept.economic_lines), ZERO)
    assert t.t6_total == t.t6_personnel + t.t6_public


# ---------------------------------------------------------------- shown figures


def _shown(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text else ZERO


def _assert_cell(text: str, exact: Decimal, where: str) -> None:
    """A shown amount is the half-up 万元 rounding of its exact 元 value (empty when zero)."""
    if exact == ZERO:
        assert text == "", where
    else:
        assert _shown(text) == to_wan(exact), (where, text, exact)


def _assert_function_table(table, rows: tuple[FunctionRow, ...], keys: tuple[str, ...]) -> None:
    body = [r for r in table.body if any(c.text for c in r)]
    assert len(body) == len(rows), table.key
    for cells, row in zip(body, rows, strict=True):
        label = cells[0].text
        assert label == ("合计" if row.is_total else row.code), (table.key, label)
        for cell, key in zip(cells[2:], keys, strict=True):
            _assert_cell(cell.text, row.get(key), f"{table.key} {label} {key}")


def _assert_shown(t: BudgetTables) -> None:
    if t.t2:
        _assert_function_table(t.table("T2"), t.t2, T2_KEYS)
    if t.t3:
        _assert_function_table(t.table("T3"), t.t3, SPLIT_KEYS)
    if t.t5:
        _assert_function_table(t.table("T5"), t.t5, SPLIT_KEYS)
    # T1: income rows and the three total lines
    t1 = t.table("T1")
    for cells, source in zip(t1.body, FundingSource, strict=False):
        _assert_cell(cells[1].text, t.income[source], f"T1 {source.value}")
    for cells, row in zip(t1.body, t.t1_categories, strict=False):
        for cell, key in zip(cells[3:], ("total", "current", "carried"), strict=True):
            _assert_cell(cell.text, row.get(key), f"T1 {row.category.code} {key}")
    totals = {cells[0].text: cells for cells in t1.body if cells[0].text in ("本年收入合计", "收入总计")}
    _assert_cell(totals["收入总计"][1].text, t.income_total, "T1 收入总计")
    _assert_cell(totals["收入总计"][3].text, t.expenditure_total, "T1 支出总计")
    _assert_cell(totals["本年收入合计"][1].text, t.income_current_total, "T1 本年收入合计")
    # T12: department row, unit rows, project rows
    t12 = t.table("T12")
    if t.t12:
        expected = [t.t12_values]
        for unit in t.t12:
            expected.append(unit.values)
            expected.extend(p.values for p in unit.projects)
        body = list(t12.body)
        assert len(body) == len(expected)
        for cells, values in zip(body, expected, strict=True):
            for cell, key in zip(cells[1:], ("total", *(s.value for s in FundingSource)), strict=True):
                _assert_cell(cell.text, values.get(key, ZERO), f"T12 {cells[0].text} {key}")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(departments())
def test_random_departments_derive_consistent_tables(dept: Department) -> None:
    tables = derive_tables(dept)
    _assert_identities(dept, tables)
    _assert_shown(tables)
    check_department(dept)  # the rules run on anything the model accepts


# ---------------------------------------------------------------- single-cell corruptions

JUNK = st.one_of(
    st.sampled_from(
        [
            "垃圾",
            "",
            " ",
            -1,
            -0.01,
            "=1+1",
            "=SUM(A1:A9)",
            "=1/0",
            "#N/A",
            1e300,
            10**30,
            123.456,
            "１２３",
            "1,234.56",
            True,
            datetime(2026, 2, 28),
            "\u202e局测试",
            "{{ 7*7 }}",
            "<script>alert(1)</script>",
            "x" * 5000,
            "2010301",
            "30101",
            "部门整体",
            "实施期",
        ]
    ),
    st.integers(-(10**16), 10**16),
    st.text(max_size=30).map(lambda s: "".join(ch for ch in s if ch.isprintable())),
)


@st.composite
def corruptions(draw) -> tuple[str, str, object]:
    sheet = draw(st.sampled_from(SHEETS))
    if isinstance(sheet, TableSheet):
        column = draw(st.integers(1, len(sheet.columns) + 1))
        row = draw(st.integers(1, 5))
    else:
        column = draw(st.integers(1, 2))
        row = draw(st.integers(1, len(sheet.fields) + 2))
    from openpyxl.utils import get_column_letter

    return sheet.name, f"{get_column_letter(column)}{row}", draw(JUNK)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(corruptions())
def test_single_cell_corruption_is_reported_or_harmless(tmp_path_factory, change) -> None:
    sheet, cell, value = change
    wb = load_workbook(io.BytesIO(base_bytes()))
    wb[sheet][cell] = value
    path = tmp_path_factory.mktemp("corrupt") / "wb.xlsx"
    wb.save(path)
    department, issues = read_workbook(path)
    for issue in issues:
        assert issue.message and (issue.location is None or issue.location.sheet)
    check_workbook(path)  # what validate runs: never raises
    if department is None:
        assert has_errors(issues), [str(i) for i in issues]
        return
    if has_errors(issues):
        return
    more = check_department(department)
    if not has_errors(more):
        derive_tables(department)


BAD_NUMBERS = st.one_of(
    st.sampled_from(
        [
            "垃圾",
            -1,
            -0.01,
            "=1+1",
            "=SUM(A1:A9)",
            "#N/A",
            1e300,
            10**30,
            "１２３",
            "1,234.56",
            True,
            datetime(2026, 2, 28),
            "{{ 7*7 }}",
            "1e5",
            "12元",
        ]
    ),
    st.integers(-(10**12), -1),
    st.decimals(min_value=0, max_value=10**9, places=3)
    .filter(lambda d: d != d.quantize(Decimal("0.01")))
    .map(str),
)


@st.composite
def number_cells(draw) -> tuple[str, str, object]:
    """A money or integer cell of any sheet (a data row of a table sheet, or a field)."""
    from openpyxl.utils import get_column_letter

    from gendisclose.workbook.schema import Kind

    numeric = (Kind.MONEY, Kind.INT)
    sheet = draw(
        st.sampled_from(
            [
                s
                for s in SHEETS
                if any(c.kind in numeric for c in getattr(s, "columns", getattr(s, "fields", ())))
            ]
        )
    )
    if isinstance(sheet, TableSheet):
        index = draw(st.sampled_from([i for i, c in enumerate(sheet.columns) if c.kind in numeric]))
        cell = f"{get_column_letter(index + 1)}{draw(st.integers(2, 5))}"
    else:
        key = draw(st.sampled_from([c.key for c in sheet.fields if c.kind in numeric]))
        cell = f"{sheet.VALUE_COLUMN}{sheet.row_of(key)}"
    return sheet.name, cell, draw(BAD_NUMBERS)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(number_cells())
def test_bad_number_is_reported_at_its_cell(tmp_path_factory, change) -> None:
    """Text, negatives, formulas, three decimals, huge or logical values in a number cell: an error there."""
    sheet, cell, value = change
    wb = load_workbook(io.BytesIO(base_bytes()))
    wb[sheet][cell] = value
    path = tmp_path_factory.mktemp("number") / "wb.xlsx"
    wb.save(path)
    _, issues = read_workbook(path)
    at = [i for i in issues if i.is_error and i.location and i.location.cell == f"{sheet}!{cell}"]
    assert at, (value, [str(i) for i in issues])
