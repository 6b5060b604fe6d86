"""Golden 决算 tables: seed 003 (朔州市朔城区行政审批服务管理局 2023年部门决算公开报告).

The story: the department's typed facts (``tests/data/seeds/003.json`` → the 决算 model, and
the same facts read back from the shipped sample workbook) → ``derive_final_tables`` → the
body cells a reader sees equal every printed cell of J01–J10: the 99 figures and the 383
cells that print empty (16 of them ``────``), 尾差 included — J02 2010303 508.32 beside J03
508.31, J03 20103 1317.78 although 809.46 + 508.31 = 1317.77 — and J02's ``0.00`` 其他收入
(33 元) beside the empty cells of exact zeros.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

import pytest
from final_golden import compare, expected, printed

from gendisclose.derive.final_layout import NO_DATA
from gendisclose.derive.final_tables import FinalTables, derive_final_tables
from gendisclose.model_final import FinalDepartment

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seeds" / "003.json"
SAMPLE = ROOT / "sample_inputs" / "shuocheng-approval-final-2023.xlsx"
sys.path.insert(0, str(ROOT))

from tools.final_sample import final_seed_department  # noqa: E402


@cache
def seed() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


@cache
def from_json() -> FinalDepartment:
    return final_seed_department(SEED)


@cache
def from_workbook() -> FinalDepartment:
    from gendisclose.workbook.reader import read_workbook

    dept, issues = read_workbook(SAMPLE)
    assert isinstance(dept, FinalDepartment), [str(i) for i in issues]
    return dept


SOURCES = {"003.json": from_json, "sample workbook": from_workbook}


@cache
def tables(source: str) -> FinalTables:
    return derive_final_tables(SOURCES[source]())


@pytest.mark.parametrize("source", list(SOURCES))
def test_every_printed_cell_of_j01_to_j10(source: str) -> None:
    figures, empty, bad = compare(tables(source), seed())
    assert bad == []
    assert (figures, empty) == (99, 383)


@pytest.mark.parametrize("source", list(SOURCES))
def test_function_tables_print_exactly_the_seed_rows(source: str) -> None:
    """J02/J03/J05 print the seed's rows (合计, 201, 20103, 2010301, 2010303, 20132, 2013201) and no
    other; J07/J08 only their 合计 row; the code names are the printed ones."""
    mine, want = printed(tables(source)), expected(seed())
    for key in ("J02", "J03", "J05", "J07", "J08"):
        assert list(mine[key]) == list(want[key]), key
    printed_names = {r[0]: r[1] for r in seed()["expected"]["tables_printed_wan"]["J02_rows"]}
    for key in ("J02", "J03", "J05"):
        names = {r[0].text: r[1].text for r in tables(source).table(key).body}
        assert names == {c: n or "" for c, n in printed_names.items()}


def test_row_labels_and_numbers_as_the_standard() -> None:
    t = tables("003.json")
    grid = seed()["expected"]["tables_printed_wan"]
    j01 = [[c.text for c in r] for r in t.table("J01").body]
    assert [(int(r[1]), r[0]) for r in j01] == [(n, label) for n, label, _ in grid["J01_income_rows"]]
    assert [(int(r[4]), r[3]) for r in j01] == [(n, label) for n, label, _ in grid["J01_expenditure_rows"]]
    j04 = [[c.text for c in r] for r in t.table("J04").body]
    assert [(int(r[1]), r[0]) for r in j04] == [(r[0], r[1]) for r in grid["J04_income_rows"]]
    assert [(int(r[4]), r[3]) for r in j04] == [(r[0], r[1]) for r in grid["J04_expenditure_rows"]]
    j10 = [[c.text for c in r] for r in t.table("J10").body if len(r) == 3]
    assert [r[0] for r in j10] == [r[1] for r in grid["J10_rows"]]
    assert [int(r[1]) for r in j10] == list(range(1, 17))  # the seed skips 16; the standard does not
    j06 = [[c.text for c in r] for r in t.table("J06").body[:-1]]
    columns = [[r[3 * g] for r in j06 if r[3 * g]] for g in range(4)]  # the four printed groups
    assert columns == list(grid["J06_groups_printed"].values())
    assert [c for col in columns for c in col] == [r[0] for r in grid["J06_rows"]]


def test_titles_labels_and_empty_notes() -> None:
    t = tables("003.json")
    grid = seed()["expected"]["tables_printed_wan"]
    for n in range(1, 11):
        key = f"J{n:02d}"
        table = t.table(key)
        assert (table.title, table.label) == (grid[f"{key}_title"], grid[f"{key}_label"])
        assert (NO_DATA in table.notes) == (key in ("J07", "J08", "J09")), key
    assert t.table("J09").notes[-1] == grid["J09_note"] == NO_DATA


def test_zero_and_tiny_amounts() -> None:
    """33 元 of 其他收入 prints 0.00 (non-zero under 50 元); an exact zero prints empty."""
    t = tables("003.json")
    j02 = {r[0].text: [c.text for c in r[2:]] for r in t.table("J02").body}
    assert j02["2010303"][-1] == "0.00" and j02["2010301"][-1] == ""
    assert t.income_total - t.expenditure_total == 33  # the unspent 其他收入 = 年末结转和结余


def test_same_tables_from_json_and_from_workbook() -> None:
    assert from_workbook() == from_json()
    assert tables("sample workbook").tables == tables("003.json").tables


def test_sample_validates_without_any_issue() -> None:
    """validate accepts the seed's 尾差: none of them is reported, at any level."""
    from gendisclose.pipeline import check_workbook

    checked = check_workbook(SAMPLE)
    assert checked.ok and checked.issues == []
    assert checked.department == from_json()
