"""Batch validate/build: many workbooks, a process pool, one summary; a broken one never stops the rest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from builders import DepartmentBuilder
from openpyxl import load_workbook

from gendisclose.batch import (
    CHANGE_NEW,
    DepartmentResult,
    Task,
    collect_inputs,
    execute,
    place_outputs,
    run_task,
    sort_results,
    summary_workbook,
    unique_keys,
)
from gendisclose.workbook.template import template_bytes


def department(name: str, basic: str = "1765100", project: str = "130000"):
    """A small department that passes every rule."""
    return (
        DepartmentBuilder(name=name)
        .basic("2010301", general=basic)
        .economic("30101", basic)
        .project("办公楼物业费", "2010301", general=project)
        .indicator("办公楼物业费", "数量指标", "保障面积", "≥3000平方米")
        .build()
    )


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """3 good workbooks, 1 that is not an xlsx at all, 1 blank template (errors), plus files to skip."""
    box = tmp_path / "收集"
    box.mkdir()
    for i, name in enumerate(("测试县财政局", "测试县教育局", "测试县卫健委")):
        (box / f"good{i}.xlsx").write_bytes(template_bytes(department(name, basic=str(1000000 + i * 1000))))
    (box / "broken-text.xlsx").write_bytes("部门,金额\n财政局,100\n".encode())
    (box / "broken-blank.xlsx").write_bytes(template_bytes())
    (box / "~$good0.xlsx").write_bytes(b"lock")
    (box / ".hidden.xlsx").write_bytes(b"hidden")
    (box / "notes.txt").write_text("not a workbook")
    return box


def tasks_for(paths: list[Path], out: Path | None = None, formats=("html",)) -> list[Task]:
    keys = unique_keys(paths)
    return [Task(str(p), keys[p], str(out) if out else None, formats) for p in paths]


def test_collect_skips_lock_hidden_and_other_files(inbox: Path) -> None:
    names = [p.name for p in collect_inputs([inbox])]
    assert names == ["broken-blank.xlsx", "broken-text.xlsx", "good0.xlsx", "good1.xlsx", "good2.xlsx"]


def test_validate_batch_counts_and_summary(inbox: Path) -> None:
    results = sort_results(execute(tasks_for(collect_inputs([inbox])), jobs=2))
    by_name = {Path(r.file).name: r for r in results}
    assert [by_name[f"good{i}.xlsx"].ok for i in range(3)] == [True, True, True]
    assert not by_name["broken-text.xlsx"].ok and by_name["broken-text.xlsx"].errors >= 1
    assert not by_name["broken-blank.xlsx"].ok
    assert not any(r.internal_error for r in results)
    assert by_name["good1.xlsx"].totals["basic"] == "100.10"  # 1,001,000 元
    assert by_name["good1.xlsx"].totals["project"] == "13.00"
    assert by_name["good1.xlsx"].totals["income_total"] == "113.10"

    wb = load_workbook(_write(inbox.parent / "汇总.xlsx", summary_workbook(results, build=False)))
    rows = list(wb["汇总"].iter_rows(min_row=2, max_row=6, values_only=True))
    assert [Path(r[0]).name for r in rows] == sorted(by_name)  # sorted by file name
    assert [r[2] for r in rows] == ["有错误", "有错误", "通过", "通过", "通过"]
    assert rows[3][1] == "测试县教育局" and rows[3][3] == 0
    assert rows[3][5] == pytest.approx(113.10)
    assert wb["问题清单"].max_row > 2


def test_jobs_1_and_2_give_identical_summaries(inbox: Path) -> None:
    paths = collect_inputs([inbox])
    one = summary_workbook(sort_results(execute(tasks_for(paths), jobs=1)), build=False)
    two = summary_workbook(sort_results(execute(tasks_for(paths), jobs=2)), build=False)
    assert one == two  # deterministic bytes: fixed times, rows sorted by file


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- containment


def flaky_worker(task: Task) -> DepartmentResult:
    """A worker that raises on one file and kills its process on another."""
    name = Path(task.path).name
    if name == "good0.xlsx":
        raise RuntimeError("boom")
    if name == "good1.xlsx":
        os._exit(7)  # a hard crash: the pool breaks
    return run_task(task)


def test_worker_exception_and_crash_are_contained(inbox: Path) -> None:
    paths = [inbox / "good0.xlsx", inbox / "good1.xlsx", inbox / "good2.xlsx", inbox / "broken-text.xlsx"]
    results = {Path(r.file).name: r for r in execute(tasks_for(paths), jobs=2, worker=flaky_worker)}
    assert results["good0.xlsx"].internal_error
    assert results["good0.xlsx"].issues[0]["message"].startswith("内部错误：RuntimeError: boom")
    assert "请将该工作簿发给维护人员" in results["good0.xlsx"].issues[0]["message"]
    assert results["good1.xlsx"].internal_error and "意外退出" in results["good1.xlsx"].issues[0]["message"]
    assert results["good2.xlsx"].ok  # the others still ran
    assert not results["broken-text.xlsx"].ok and not results["broken-text.xlsx"].internal_error


def test_unexpected_exception_in_pipeline_is_an_error_of_that_file(inbox: Path, monkeypatch) -> None:
    import gendisclose.pipeline as pipeline

    def explode(path, timings=None):
        raise KeyError("sheet")

    monkeypatch.setattr(pipeline, "check_workbook", explode)
    results = execute(tasks_for([inbox / "good0.xlsx", inbox / "good1.xlsx"]), jobs=1)
    assert [r.internal_error for r in results] == [True, True]
    assert "KeyError" in results[0].issues[0]["message"]


# ---------------------------------------------------------------- build


def test_build_batch_writes_good_ones_and_summary(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    paths = collect_inputs([inbox])
    results = sort_results(execute(tasks_for(paths, out), jobs=2))
    place_outputs(results, out)
    good = [r for r in results if r.ok]
    assert len(good) == 3 and all(r.change == CHANGE_NEW for r in good)
    for r in good:
        assert len(r.outputs) == 1 and (out / r.outputs[0]).is_file()
        assert "/" not in r.outputs[0]  # no collision: straight into OUT
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]
    keys = unique_keys(paths)
    assert sorted(p.name for p in out.glob(".*.manifest.json")) == sorted(
        f".{keys[inbox / f'good{i}.xlsx']}.manifest.json" for i in range(3)
    )
    assert all(keys[inbox / f"good{i}.xlsx"].startswith(f"good{i}.") for i in range(3))


def test_two_workbooks_giving_the_same_file_names_are_both_refused(tmp_path: Path) -> None:
    box = tmp_path / "in"
    box.mkdir()
    for name in ("a", "b"):  # same department name → same document file stem
        (box / f"{name}.xlsx").write_bytes(template_bytes(department("测试县财政局", basic="1000000")))
    out = tmp_path / "out"
    results = sort_results(execute(tasks_for(collect_inputs([box]), out), jobs=1))
    place_outputs(results, out)
    assert [r.ok for r in results] == [False, False]
    assert [r.issues[-1]["code"] for r in results] == ["output.same_name"] * 2
    assert "b.xlsx" in results[0].issues[-1]["message"] and "a.xlsx" in results[1].issues[-1]["message"]
    assert [p.name for p in out.iterdir()] == []  # nothing placed, staging removed
