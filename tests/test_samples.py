"""The shipped sample workbooks (``sample_inputs/``): fresh, readable, and what they claim.

* every sample reads back (``read_workbook``) to exactly the department the tool built it from
  (``tools/make_samples.py``: the seed conversion, or the synthetic department);
* the committed bytes are what the tool writes today (regenerate, never hand-edit);
* the synthetic sample validates with no errors and really uses what it is there to exercise.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

from gendisclose.model import FundingSource, ProjectCategory, UnitKind
from gendisclose.workbook.reader import read_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.make_samples import SAMPLE_FILES, SAMPLES, build_sample, sample_department  # noqa: E402

SYNTHETIC = "synthetic-multi-unit-2026.xlsx"


@pytest.mark.parametrize("name", list(SAMPLE_FILES))
def test_sample_reads_back_to_its_department(name: str) -> None:
    dept, issues = read_workbook(SAMPLES / name)
    assert dept is not None, [str(i) for i in issues]
    assert [str(i) for i in issues if i.is_error] == []
    assert dept == sample_department(name)


@pytest.mark.parametrize("name", list(SAMPLE_FILES))
def test_committed_sample_is_fresh(name: str) -> None:
    """``python tools/make_samples.py`` would write exactly the committed bytes."""
    assert (SAMPLES / name).read_bytes() == build_sample(name), (
        f"regenerate: python tools/make_samples.py ({name})"
    )


def test_samples_are_deterministic() -> None:
    assert build_sample(SYNTHETIC) == build_sample(SYNTHETIC)


def test_synthetic_sample_validates_without_errors() -> None:
    from gendisclose.rules import check_department

    dept, issues = read_workbook(SAMPLES / SYNTHETIC)
    assert dept is not None
    errors = [str(i) for i in [*issues, *check_department(dept)] if i.is_error]
    assert errors == []


def test_synthetic_sample_exercises_what_the_seeds_do_not() -> None:
    dept, _ = read_workbook(SAMPLES / SYNTHETIC)
    assert dept is not None
    assert {u.kind for u in dept.units} == set(UnitKind)
    lines = [*dept.basic_lines, *dept.projects]
    for source in FundingSource:
        assert any(x.current.get(source) for x in lines), f"no money from {source.value}"
    assert any(b.carried.total for b in dept.basic_lines), "上年结转 on a basic line"
    assert any(p.carried.total for p in dept.projects), "上年结转 on a project (T13)"
    assert {x.source for x in dept.fund_income} == {
        FundingSource.GOVERNMENT_FUND,
        FundingSource.STATE_CAPITAL,
    }
    assert {p.category for p in dept.projects} == set(ProjectCategory)
    assert all(any(i.project == p.name for i in dept.indicators) for p in dept.projects)
    assert any(i.project is None for i in dept.indicators), "整体 indicators"
    assert not all(p.publish_targets for p in dept.projects), "one project without published targets"
    codes = {e.economic_code for e in dept.economic_lines}
    assert {"30217", "30231"} <= codes and dept.three_public_extra
    assert sum(dept.assets.vehicles.values()) == dept.assets.vehicle_actual > 0
    prior = dept.prior
    assert None not in (
        prior.income_total,
        prior.expenditure_total,
        prior.general_current,
        prior.agency_operating,
    )
    assert len(prior.three_public) == 4 and None not in prior.three_public.values()
    assert dept.procurement.total > Decimal(0)


def test_synthetic_t6_equals_t5_basic_per_unit() -> None:
    dept = sample_department(SYNTHETIC)
    for unit in dept.units:
        t5 = sum((b.current.general for b in dept.basic_lines if b.unit == unit.name), Decimal(0))
        t6 = sum((e.amount for e in dept.economic_lines if e.unit == unit.name), Decimal(0))
        assert t5 == t6 > 0, unit.name


def test_a_newcomer_can_check_every_sample_of_the_folder_and_the_errors_are_in_their_own(tmp_path, monkeypatch) -> None:
    """``gendisclose validate sample_inputs`` passes (the batch reads the folder, not its
    sub-folders); the seed-002 copy as published, in with-errors/, is refused for its cars."""
    from typer.testing import CliRunner

    from gendisclose.cli import app
    from gendisclose.rules import check_department

    monkeypatch.chdir(tmp_path)  # validate of a folder writes 汇总.xlsx in the current directory
    result = CliRunner().invoke(app, ["validate", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    top = sorted(p.name for p in SAMPLES.glob("*.xlsx"))
    assert top and any(SAMPLE_FILES[name] == "003" for name in top)  # the 决算 sample builds beside the budgets
    dept, _ = read_workbook(SAMPLES / "with-errors" / "zezhou-approval-2026-as-published.xlsx")
    assert dept is not None
    assert [i.code for i in check_department(dept) if i.is_error] == ["assets.vehicles_sum"]
    fixed, _ = read_workbook(SAMPLES / "zezhou-approval-2026.xlsx")
    assert fixed is not None and not [i for i in check_department(fixed) if i.is_error]
    assert fixed.assets.vehicle_actual == sum(fixed.assets.vehicles.values()) == 2
