"""Golden tables: each seed sample, read back from its shipped workbook, reproduces every
printed figure of the thirteen tables of the published disclosure.

The story of each test: ``sample_inputs/<seed>.xlsx`` → ``read_workbook`` → ``derive_tables``
→ the body cells a reader sees (already-formatted strings) equal ``expected.tables_printed_wan``
of the seed JSON — row by row, cell by cell, empty cells included.

The three seed JSONs record the printed tables in three shapes (they were written from three
documents); :func:`expected_tables` turns each into one shape:

* ``rows``: the full body of T2/T3/T5/T6/T10/T11/T12 (``None`` → ``""``), compared exactly,
  order included;
* ``left`` / ``right``: the T1/T4 income side (label, amount) and expenditure side
  (label, amounts) — the rows that carry a figure, in order (004 and 002 omit the empty ones;
  000 records only the category → 合计 map, see :func:`_seed000_t1_t4`);
* ``empty``: the table prints no figure and ``注：本表无数据``.

The printed sums that do not add up (000: 201 426.51 vs 426.08 + 0.44 …; 002: 1758.48 vs
Σ类 1758.49; 004: 20103 4560.06 vs 4560.05) are rounding tails (尾差): exact sums rounded
once reproduce them, and these tests prove it. The true contradictions of each seed (NNN.md,
"True inconsistencies") are in the ``test_validate_*`` tests at the end.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from gendisclose.derive.tables import BudgetTables, derive_tables
from gendisclose.document import Table
from gendisclose.model import Department

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
SAMPLES = ROOT / "sample_inputs"

SEED_SAMPLES = {
    "000": "pinglu-approval-2026.xlsx",
    "002": "zezhou-approval-2026.xlsx",
    "004": "pinglu-affairs-2026.xlsx",
}
EMPTY_NOTE = "注：本表无数据"
_NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")


# ---------------------------------------------------------------- inputs


@cache
def seed(seed_id: str) -> dict:
    return json.loads((SEEDS / f"{seed_id}.json").read_text(encoding="utf-8"))


@cache
def department(seed_id: str) -> Department:
    """The seed sample as the bureau would hand it in: the shipped workbook, read back."""
    from gendisclose.workbook.reader import read_workbook

    dept, issues = read_workbook(SAMPLES / SEED_SAMPLES[seed_id])
    assert dept is not None, [str(i) for i in issues]
    return dept


@cache
def tables(seed_id: str) -> BudgetTables:
    return derive_tables(department(seed_id))


# ---------------------------------------------------------------- shapes


def _cells(row: list | dict) -> list[str]:
    cells = row["cells"] if isinstance(row, dict) else row
    return ["" if c is None else str(c) for c in cells]


def _label(text: str) -> str:
    """``一、一般公共服务支出`` → ``一般公共服务支出`` (000 records category names unnumbered)."""
    return _NUMBERING.sub("", text.strip())


def _rows_of(value: list | dict) -> list[list[str]]:
    rows = value["rows"] if isinstance(value, dict) else value
    return [_cells(r) for r in rows]


def _t1_t4_sides(rows: list[list[str]], n_amounts: int) -> tuple[list, list]:
    """Split T1/T4 rows into the income side and the expenditure side, keeping rows with a figure."""
    left, right = [], []
    for r in rows:
        if r[0] and r[1]:
            left.append((_label(r[0]), r[1]))
        amounts = r[3 : 3 + n_amounts]
        if r[2] and any(amounts):
            right.append((_label(r[2]), amounts))
    return left, right


def _seed000_t1_t4(printed: dict) -> dict[str, dict]:
    """000 records T1/T4 as {category: 合计} and a few totals.

    All of 000's money is current-year 一般公共预算 (000.md), so each printed row reads
    合计 = 当年预算安排 (T1) and 小计 = 一般公共预算 (T4), the other columns empty.
    """
    totals = printed["T1_T4_totals"]
    income = totals["一般公共预算 (income)"]
    left = [
        ("一般公共预算", income),
        ("本年收入合计", totals["本年收入合计"]),
        ("收入总计", totals["收入总计"]),
    ]
    t1_right = [(name, [v, v, ""]) for name, v in printed["T1_T4_categories"].items()]
    t1_right += [
        ("本年支出合计", [totals["本年支出合计"]] * 2 + [""]),
        ("支出总计", [totals["支出总计"]] * 2 + [""]),
    ]
    t4_right = [(name, [*cells[:2], "", ""]) for name, cells in t1_right]
    return {"T1": {"left": left, "right": t1_right}, "T4": {"left": left, "right": t4_right}}


def expected_tables(seed_id: str) -> dict[str, dict]:
    """{table key: {"rows": …} | {"left": …, "right": …} | {"empty": True}} for one seed."""
    printed = seed(seed_id)["expected"]["tables_printed_wan"]
    out: dict[str, dict] = {}
    if seed_id == "000":
        out.update(_seed000_t1_t4(printed))
        out["T2"] = {"rows": _rows_of(printed["T2_rows"])}
        out["T3"] = out["T5"] = {"rows": _rows_of(printed["T3_T5_rows"])}
        out["T6"] = {"rows": _rows_of(printed["T6_rows"])}
        out["T11"] = {"rows": _rows_of(printed["T11_rows"])}
        out["T12"] = {"rows": _rows_of(printed["T12_rows"])}
        for key in ("T7", "T8", "T9", "T10", "T13"):  # T10: "empty"; T7_T8_T9_T13: "empty"
            out[key] = {"empty": True}
        return out
    for key in ("T1", "T4"):
        left, right = _t1_t4_sides(_rows_of(printed[key]), 3 if key == "T1" else 4)
        out[key] = {"left": left, "right": right}
    for key in ("T2", "T3", "T5", "T6", "T10", "T11", "T12"):
        out[key] = {"rows": _rows_of(printed[key])}
    for key in ("T7", "T8", "T9", "T13"):
        # 004 records them as {"rows": [], "note": "注：本表无数据"}; 002 prints them empty too
        # (002.md: "T7, T8, T9 and T13 are empty") but does not record them.
        if key in printed:
            assert printed[key]["rows"] == [] and printed[key]["note"] == EMPTY_NOTE
        out[key] = {"empty": True}
    if seed_id == "004":
        # T11 of a 事业单位: the printed 部门合计 row is empty and the note says so.
        assert printed["T11"]["note"] == EMPTY_NOTE
    return out


# ---------------------------------------------------------------- what a reader sees


def body(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.body]


def amount_cells(table: Table) -> list[str]:
    """Every non-label cell that holds a figure (labels, codes and names are text)."""
    out = []
    for row in table.body:
        for cell in row:
            if re.fullmatch(r"-?\d+\.\d\d", cell.text):
                out.append(cell.text)
    return out


CASES = [(s, key) for s in SEED_SAMPLES for key in (f"T{n}" for n in range(1, 14))]


@pytest.mark.parametrize(("seed_id", "key"), CASES, ids=[f"{s}-{k}" for s, k in CASES])
def test_every_printed_figure(seed_id: str, key: str) -> None:
    table = tables(seed_id).table(key)
    expected = expected_tables(seed_id)[key]
    if "rows" in expected:
        assert body(table) == expected["rows"]
    elif "left" in expected:
        n = 3 if key == "T1" else 4
        left, right = _t1_t4_sides(body(table), n)
        assert left == expected["left"]
        assert right == expected["right"]
    else:
        assert amount_cells(table) == [], f"{key} should print no figure"
        assert EMPTY_NOTE in table.notes


@pytest.mark.parametrize("seed_id", list(SEED_SAMPLES))
def test_empty_tables_say_so(seed_id: str) -> None:
    """Exactly the tables the seed prints empty carry ``注：本表无数据``."""
    expected = expected_tables(seed_id)
    noted = {t.key for t in tables(seed_id).tables if EMPTY_NOTE in t.notes}
    empty = {k for k, v in expected.items() if v.get("empty")}
    if seed_id == "004":
        empty.add("T11")  # a 事业单位 has no 机关运行经费: 部门合计 row empty + the note
    assert noted == empty


@pytest.mark.parametrize("seed_id", list(SEED_SAMPLES))
def test_numeric_fields_agree_with_the_printed_totals(seed_id: str) -> None:
    """The numeric API (exact 元) rounds to the same printed totals as the presentation."""
    from gendisclose.money import table_amount

    t = tables(seed_id)
    t3 = expected_tables(seed_id)["T3"]["rows"][0]  # 合计 row: ['合计', '', total, basic, project]
    assert table_amount(t.income_total) == t3[2]
    assert table_amount(t.expenditure_total) == t3[2]
    assert table_amount(t.t3_total.get("basic")) == t3[3]
    assert table_amount(t.t3_total.get("project")) == t3[4]
    t6 = expected_tables(seed_id)["T6"]["rows"][0]
    assert [table_amount(t.t6_total), table_amount(t.t6_personnel), table_amount(t.t6_public)] == t6[2:]
    t12 = expected_tables(seed_id)["T12"]["rows"][0]
    assert table_amount(t.t12_values["total"]) == t12[1]
    # T3 基本支出 = T6 合计 exactly in 元 (X13), not only at printed precision
    assert t.t3_total.get("basic") == t.t6_total
