"""The three seed samples as the golden tests see them: the seed JSON, and the shipped
workbook read back (``read_workbook``) and derived (``derive_tables``). Cached: each workbook
is read once per test session."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from gendisclose.derive.tables import BudgetTables, derive_tables
from gendisclose.model import Department

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
SAMPLES = ROOT / "sample_inputs"

#: seed id → its sample workbook (written by tools/make_samples.py); 002 as published (the golden
#: tests compare with the published document), beside its corrected copy zezhou-approval-2026.xlsx
SEED_SAMPLES = {
    "000": "pinglu-approval-2026.xlsx",
    "002": "with-errors/zezhou-approval-2026-as-published.xlsx",
    "004": "pinglu-affairs-2026.xlsx",
}


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
