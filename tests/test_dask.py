"""``build --dask``: the batch on a Dask cluster (scheduler and 2 worker processes on 127.0.0.1,
started here) gives the same files as ``--jobs``, and a workbook that kills its worker is that
workbook's row."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from test_batch import department
from typer.testing import CliRunner

from gendisclose.cli import app
from gendisclose.workbook.template import template_bytes

distributed = pytest.importorskip("distributed")
runner = CliRunner()
PRELOAD = Path(__file__).with_name("dask_crash_preload.py")


@pytest.fixture(scope="module")
def scheduler() -> str:
    import dask

    # allowed-failures 1 (Dask's default is 3): a crashing workbook is given up after killing two
    # workers instead of four, which keeps the test short; the code path is the same.
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=":0", preload=[str(PRELOAD)], silence_logs=50,
        )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _inbox(folder: Path, crash: bool = False) -> Path:
    folder.mkdir()
    for i, name in enumerate(("测试县财政局", "测试县教育局")):
        (folder / f"good{i}.xlsx").write_bytes(template_bytes(department(name, basic=str(1000000 + i * 1000))))
    (folder / "blank.xlsx").write_bytes(template_bytes())  # errors: its row, nothing written
    if crash:
        (folder / "崩溃.xlsx").write_bytes((folder / "good0.xlsx").read_bytes())
    return folder


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_dask_build_gives_the_same_files_as_the_process_pool(scheduler: str, tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "收集")
    on_dask = runner.invoke(app, ["build", str(inbox), "-o", str(tmp_path / "a"), "--dask", scheduler, "-q"])
    pooled = runner.invoke(app, ["build", str(inbox), "-o", str(tmp_path / "b"), "-j", "2", "-q"])
    assert on_dask.exit_code == pooled.exit_code == 1, on_dask.output  # blank.xlsx has errors
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sorted(a) == sorted(b)
    assert "汇总.xlsx" in a
    assert sorted(n.split(".")[1] for n in a if n.endswith(".manifest.json")) == ["good0", "good1"]
    assert sum(name.endswith((".pdf", ".docx")) for name in a) == 4
    assert a == b  # PDFs, DOCX, manifests and 汇总.xlsx byte for byte

    again = runner.invoke(app, ["build", str(inbox), "-o", str(tmp_path / "a"), "--dask", scheduler, "--json"])
    report = json.loads(again.output)
    assert [f["change"] for f in report["files"] if f["ok"]] == ["未变化，跳过"] * 2  # manifests are read


def test_a_workbook_that_kills_its_worker_is_its_own_row(scheduler: str, tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "收集", crash=True)
    result = runner.invoke(app, ["build", str(inbox), "-o", str(tmp_path / "out"), "--dask", scheduler, "--json"])
    assert result.exit_code == 1, result.output
    rows = {Path(f["file"]).name: f for f in json.loads(result.output)["files"]}
    crashed = rows["崩溃.xlsx"]
    assert crashed["internal_error"] and crashed["issues"][0]["message"].startswith("内部错误：处理进程意外退出")
    assert rows["good0.xlsx"]["ok"] and rows["good1.xlsx"]["ok"]  # the others were built
    assert not rows["blank.xlsx"]["ok"] and not rows["blank.xlsx"]["internal_error"]
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "out" / "汇总.xlsx").active
    header = [c.value for c in sheet[1]]
    lines = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert "内部错误" in lines[str(inbox / "崩溃.xlsx")][header.index("主要问题")]


def test_unreachable_scheduler_and_missing_dask_are_messages(tmp_path: Path, monkeypatch) -> None:
    import gendisclose.distributed as gd

    inbox = _inbox(tmp_path / "收集")
    monkeypatch.setattr(gd, "CONNECT_TIMEOUT", 1)
    result = runner.invoke(app, ["build", str(inbox), "-o", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "无法连接 Dask 调度器 tcp://127.0.0.1:9" in result.output
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if gendisclose[dask] were not installed
    result = runner.invoke(app, ["build", str(inbox), "-o", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and 'pip install "gendisclose[dask]"' in result.output
    assert not (tmp_path / "out").exists()  # nothing was built or written
