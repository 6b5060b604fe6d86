"""Outputs are written atomically: a failed, erroneous or killed build never damages earlier outputs.

* a renderer that raises → exit 1, previous outputs byte-identical, no temp files;
* a write that fails half-way (``atomic_write``) → the target untouched, its temp file gone;
* a build whose workbook now has errors → nothing written or removed;
* ``gendisclose build`` killed with SIGKILL while rendering, or while writing → previous
  outputs intact; the next build cleans up and succeeds.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import DepartmentBuilder
from openpyxl import load_workbook
from typer.testing import CliRunner

from gendisclose import pipeline
from gendisclose.cli import app
from gendisclose.pipeline import atomic_write
from gendisclose.workbook.template import template_bytes

ROOT = Path(__file__).resolve().parent.parent
FORMATS = "docx,html"  # the PDF path is covered by test_determinism; these two are fast


def small_department(name: str = "原子县测试局", project: str = "130000.00"):
    return (
        DepartmentBuilder(name=name)
        .basic("2010301", general="1765100.00")
        .economic("30101", "1765100.00")
        .project("办公楼物业费", "2010302", general=project)
        .indicator("办公楼物业费", "数量指标", "物业服务面积", "≥3000平方米")
        .prior_year(income_total="1800000", expenditure_total="1800000", general_current="1800000",
                    agency_operating="1")
        .build()
    )


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) → sha256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _leftovers(folder: Path) -> list[str]:
    return [
        str(p)
        for p in folder.rglob("*")
        if p.name.startswith(".tmp-") or any(part.startswith(".staging") for part in p.relative_to(folder).parts)
    ]


def _build(source: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["build", str(source), "-o", str(out), "--format", FORMATS, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path, dict[str, str]]:
    """A workbook built once into ``out``: (workbook, out, snapshot of out)."""
    source = tmp_path / "部门.xlsx"
    source.write_bytes(template_bytes(small_department()))
    out = tmp_path / "out"
    code, output = _build(source, out)
    assert code == 0, output
    snapshot = _snapshot(out)
    assert {Path(k).suffix for k in snapshot} >= {".docx", ".html"}
    return source, out, snapshot


def test_failing_renderer_leaves_previous_outputs_untouched(built, monkeypatch):
    source, out, before = built
    real = pipeline.renderer

    def renderer(fmt: str):
        if fmt == "html":

            def broken(document):
                raise RuntimeError("renderer crashed half-way")

            return broken
        return real(fmt)

    monkeypatch.setattr(pipeline, "renderer", renderer)
    code, output = _build(source, out, "--force")
    assert code == 1 and "Traceback" not in output
    assert _snapshot(out) == before
    assert _leftovers(out) == []


def test_failed_write_leaves_target_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "公开.docx"
    target.write_bytes(b"previous")

    def fail(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        atomic_write(target, b"new content" * 1000)
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["公开.docx"]


def test_build_with_errors_writes_and_removes_nothing(built):
    source, out, before = built
    wb = load_workbook(source)
    wb["收支预算"]["D2"] = "一百万"
    wb.save(source)
    code, output = _build(source, out)
    assert code == 1 and "未生成任何文件" in output
    assert _snapshot(out) == before
    assert _leftovers(out) == []


# ---------------------------------------------------------------- killed mid-way

_CHILD = r"""
import os, sys, time
from gendisclose import pipeline

stage = sys.argv[1]
if stage == "render":
    real = pipeline.renderer

    def renderer(fmt):
        inner = real(fmt)

        def slow(document):
            data = inner(document)
            print("RENDERING", flush=True)
            time.sleep(60)
            return data

        return slow

    pipeline.renderer = renderer
else:  # stop inside atomic_write, after the temp file is written, before the rename
    real_fsync = os.fsync

    def fsync(fd):
        real_fsync(fd)
        print("WRITING", flush=True)
        time.sleep(60)

    os.fsync = fsync

from gendisclose.cli import main

sys.argv = ["gendisclose", "build", *sys.argv[2:]]
main()
"""


def _kill_when(marker: str, stage: str, source: Path, out: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, stage, str(source), "-o", str(out), "--format", FORMATS, "--force"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    seen = b""
    try:
        while marker.encode() not in seen:
            assert time.monotonic() < deadline, seen.decode("utf-8", "replace")
            line = proc.stdout.readline()  # type: ignore[union-attr]
            assert line or proc.poll() is None, seen.decode("utf-8", "replace")
            seen += line
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("stage,marker", [("render", "RENDERING"), ("write", "WRITING")])
def test_killed_build_leaves_previous_outputs_intact(built, stage, marker):
    source, out, before = built
    # a changed workbook, so the killed build would have replaced the outputs
    source.write_bytes(template_bytes(small_department(project="140000.00")))
    _kill_when(marker, stage, source, out)
    published = {
        k: v
        for k, v in _snapshot(out).items()
        if not k.startswith(".staging") and not Path(k).name.startswith(".tmp-")
    }
    assert published == before
    # the next build cleans up whatever the killed one left and replaces the outputs
    code, output = _build(source, out)
    assert code == 0, output
    assert _leftovers(out) == []
    after = _snapshot(out)
    assert after.keys() == before.keys() and after != before


def test_ctrl_c_mid_build_leaves_previous_outputs_and_no_staging(built):
    """Ctrl-C while rendering: “已中断。”, exit 130, the private staging folder removed at once."""
    source, out, before = built
    source.write_bytes(template_bytes(small_department(project="140000.00")))
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, "render", str(source), "-o", str(out), "--format", FORMATS, "--force"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    seen = b""
    try:
        deadline = time.monotonic() + 60
        while b"RENDERING" not in seen:
            assert time.monotonic() < deadline and proc.poll() is None, seen.decode("utf-8", "replace")
            seen += proc.stdout.readline()  # type: ignore[union-attr]
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    output = (seen + rest).decode("utf-8", "replace")
    assert proc.returncode == 130 and "已中断" in output and "Traceback" not in output, output
    assert _leftovers(out) == []  # no need to wait for the next build to clean up
    assert _snapshot(out) == before
