"""Where a build writes: nothing outside ``-o`` is ever touched, no workbook's outputs are lost
to another's, concurrent builds all succeed, and a build writes all its files or none (issue 12).

Every test uses real files: a file outside the output folder whose bytes are compared, real
subprocesses for concurrent builds.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_batch import department
from typer.testing import CliRunner

from gendisclose.batch import unique_keys
from gendisclose.cli import app
from gendisclose.workbook.template import template_bytes

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
TEMPLATE_NAME = "部门预算公开模板.xlsx"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): digest(p) for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()
    }


def build(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["build", *args, "--format", "html", "-j", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "内部错误" not in result.output
    return result.exit_code, result.output


def workbook(folder: Path, name: str, department_name: str, basic: str = "1765100") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(template_bytes(department(department_name, basic=basic)))
    return path


def plant_manifest(out: Path, source: Path, outputs: dict[str, str]) -> None:
    """A manifest claiming ``outputs`` for ``source``, under every name a build might look for it."""
    payload = {
        "manifest": 1,
        "tool": "gendisclose 0.0.0",
        "input": {"name": source.name, "sha256": "0" * 64},
        "formats": ["html"],
        "outputs": [{"path": p, "sha256": h} for p, h in outputs.items()],
        "summary": {},
    }
    out.mkdir(parents=True, exist_ok=True)
    for key, version in ((unique_keys([source])[source], 2), (source.stem, 1)):  # the names of now and then
        payload["manifest"] = version
        (out / f".{key}.manifest.json").write_text(json.dumps(payload, ensure_ascii=False), "utf-8")


# ---------------------------------------------------------------- 1. planted manifests


@pytest.fixture
def precious(tmp_path: Path) -> Path:
    """A file of the accountant's, outside the output folder."""
    path = tmp_path / "重要文件.docx"
    path.write_bytes(b"PK\x03\x04 the accountant's own document " * 100)
    return path


def _planted_paths(tmp_path: Path, out: Path, precious: Path) -> dict[str, str]:
    outside = tmp_path / "外部目录"
    outside.mkdir()
    (outside / "另一个.docx").write_bytes(precious.read_bytes())
    (out / "链接目录").symlink_to(outside, target_is_directory=True)
    (out / "链接.docx").symlink_to(precious)
    return {
        "relative": "../重要文件.docx",
        "absolute": str(precious),
        "dotted": "./../重要文件.docx",
        "linked_folder": "链接目录/另一个.docx",
        "linked_file": "链接.docx",
    }


@pytest.mark.parametrize("how", ["relative", "absolute", "dotted", "linked_folder", "linked_file"])
def test_a_planted_manifest_never_touches_a_file_outside_the_output(how, tmp_path: Path, precious: Path) -> None:
    source = workbook(tmp_path / "收集", "财政局.xlsx", "测试县财政局")
    out = tmp_path / "公开"
    out.mkdir()
    rel = _planted_paths(tmp_path, out, precious)[how]
    target = precious if how != "linked_folder" else tmp_path / "外部目录" / "另一个.docx"
    before = digest(target)
    plant_manifest(out, source, {rel: before})
    for extra in ((), ("--force",), ("--replace",)):
        code, output = build(str(source), "-o", str(out), *extra)
        assert code == 0, output
        assert target.is_file() and digest(target) == before, f"{how} {extra}: outside file changed"
    assert digest(precious) == before


def test_a_corrupt_manifest_is_ignored(tmp_path: Path) -> None:
    source = workbook(tmp_path / "收集", "财政局.xlsx", "测试县财政局")
    out = tmp_path / "公开"
    code, _ = build(str(source), "-o", str(out))
    assert code == 0
    [manifest] = out.glob(".*.manifest.json")
    bad = [
        b"\xff\xfe not json",
        b'{"manifest": 2, "outputs": "x"}',
        json.dumps({"manifest": 2, "tool": 1, "input": [], "formats": 3, "outputs": [{"path": None}]}).encode(),
        b"[]",
    ]
    for data in bad:
        manifest.write_bytes(data)
        code, output = build(str(source), "-o", str(out), "--replace")
        assert code == 0, output
        assert json.loads(manifest.read_text("utf-8"))["manifest"] == 2  # rewritten
    manifest.unlink()
    manifest.mkdir()  # a folder where the manifest goes: refused, nothing half-placed
    before = snapshot(out)
    code, output = build(str(source), "-o", str(out), "--force", "--replace")
    assert code == 2 and "无法写出" in output
    assert snapshot(out) == before


def test_a_manifest_that_is_a_pipe_does_not_hang_the_build(tmp_path: Path) -> None:
    source = workbook(tmp_path / "收集", "财政局.xlsx", "测试县财政局")
    out = tmp_path / "公开"
    out.mkdir()
    for key in (source.stem, unique_keys([source])[source]):
        os.mkfifo(out / f".{key}.manifest.json")
    done = cli_process(["build", str(source), "-o", str(out), "--format", "html"], tmp_path, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


# ---------------------------------------------------------------- 2. two workbooks, one name


def test_two_departments_sending_the_same_file_name_keep_both_outputs(tmp_path: Path) -> None:
    first = workbook(tmp_path / "教育局发来", TEMPLATE_NAME, "测试县教育局")
    second = workbook(tmp_path / "卫健委发来", TEMPLATE_NAME, "测试县卫健委")
    out = tmp_path / "公开"
    assert build(str(first), "-o", str(out))[0] == 0
    after_first = snapshot(out)
    assert build(str(second), "-o", str(out))[0] == 0
    htmls = sorted(p.name for p in out.glob("*.html"))
    assert htmls == ["测试县卫健委2026年度部门预算公开.html", "测试县教育局2026年度部门预算公开.html"]
    kept = {k: v for k, v in snapshot(out).items() if k in after_first}
    assert kept == after_first  # the first's files and manifest untouched
    code, output = build(str(first), "-o", str(out))
    assert code == 0 and "未变化，跳过" in output  # each still knows its own outputs


def test_another_workbook_with_the_same_department_is_refused_unless_replace(tmp_path: Path) -> None:
    first = workbook(tmp_path / "一", TEMPLATE_NAME, "测试县财政局")
    second = workbook(tmp_path / "二", TEMPLATE_NAME, "测试县财政局", basic="1800000")
    out = tmp_path / "公开"
    assert build(str(first), "-o", str(out))[0] == 0
    before = snapshot(out)
    code, output = build(str(second), "-o", str(out))
    assert code == 2 and "另一个工作簿" in output and str(first) in output and "--replace" in output
    assert len(output.strip().splitlines()) == 1
    assert snapshot(out) == before
    code, output = build(str(second), "-o", str(out), "--replace")
    assert code == 0, output
    assert len(list(out.glob(".*.manifest.json"))) == 1  # the first's claim was handed over
    code, output = build(str(first), "-o", str(out))  # and now the first is the other one
    assert code == 2 and str(second) in output


def test_a_file_not_written_by_the_tool_is_never_replaced(tmp_path: Path) -> None:
    source = workbook(tmp_path / "收集", "财政局.xlsx", "测试县财政局")
    out = tmp_path / "公开"
    out.mkdir()
    mine = out / "测试县财政局2026年度部门预算公开.html"
    mine.write_text("去年手工做的版本", "utf-8")
    code, output = build(str(source), "-o", str(out))
    assert code == 2 and "不是本工具生成的" in output
    assert mine.read_text("utf-8") == "去年手工做的版本"
    assert [p.name for p in out.iterdir()] == [mine.name]
    assert build(str(source), "-o", str(out), "--replace")[0] == 0
    assert mine.read_text("utf-8") != "去年手工做的版本"


# ---------------------------------------------------------------- 3. concurrent builds


def cli_process(args: list[str], cwd: Path, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from gendisclose.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )


def _cli_child(args: list[str], log: str) -> None:
    """A forked child: the command line as its own process, output to ``log``."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = sys.stdout
    sys.argv = ["gendisclose", *args]
    from gendisclose.cli import main

    try:
        main()
    finally:
        sys.stdout.flush()


def test_sixteen_concurrent_builds_into_one_folder_all_succeed(tmp_path: Path) -> None:
    """16 processes at once: 8 departments (all sending 部门预算公开模板.xlsx) and 8 more builds of one."""
    import multiprocessing

    sources = [workbook(tmp_path / f"部门{i}", TEMPLATE_NAME, f"测试县第{i}局") for i in range(8)]
    sources += [sources[0]] * 8
    out = tmp_path / "公开"
    ctx = multiprocessing.get_context("fork")  # forked from this warm process: 16 builds in seconds
    children = [
        ctx.Process(
            target=_cli_child,
            args=(["build", str(s), "-o", str(out), "--format", "html", "--force", "-j", "1"], str(tmp_path / f"{i}.log")),
        )
        for i, s in enumerate(sources)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(300)
    logs = [(tmp_path / f"{i}.log").read_text("utf-8") for i in range(len(children))]
    failures = [(c.exitcode, log) for c, log in zip(children, logs, strict=True) if c.exitcode != 0]
    assert failures == []
    assert sorted(p.name for p in out.glob("*.html")) == sorted(f"测试县第{i}局2026年度部门预算公开.html" for i in range(8))
    assert [p.name for p in out.iterdir() if p.name.startswith((".staging", ".tmp-"))] == []
    assert len(list(out.glob(".*.manifest.json"))) == 8


def test_a_killed_runs_staging_folder_is_removed_by_the_next_run_a_live_one_is_not(tmp_path: Path) -> None:
    from gendisclose.batch import remove_stale_staging, staging_run

    out = tmp_path / "公开"
    out.mkdir()
    dead = out / ".staging-dead"
    dead.mkdir()
    (dead / ".lock").write_bytes(b"")  # nobody holds it any more
    (dead / "half.pdf").write_bytes(b"%PDF half")
    with staging_run(out) as live:
        assert not dead.exists()
        (live / "x").write_bytes(b"in use")
        assert remove_stale_staging(out) == []  # another run must not take the live one away
        assert (live / "x").exists()
    assert not live.exists()


# ---------------------------------------------------------------- 5. all formats or none


def test_a_folder_blocking_one_format_writes_no_format(tmp_path: Path) -> None:
    source = workbook(tmp_path / "收集", "财政局.xlsx", "测试县财政局")
    out = tmp_path / "公开"
    (out / "测试县财政局2026年度部门预算公开.html").mkdir(parents=True)
    result = runner.invoke(app, ["build", str(source), "-o", str(out), "--format", "docx,html"])
    assert result.exit_code == 2, result.output
    assert "已有名为“测试县财政局2026年度部门预算公开.html”的文件夹" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert sorted(p.name for p in out.iterdir()) == ["测试县财政局2026年度部门预算公开.html"]
    assert list((out / "测试县财政局2026年度部门预算公开.html").iterdir()) == []


def test_a_failed_move_puts_the_earlier_outputs_back(tmp_path: Path, monkeypatch) -> None:
    source = workbook(tmp_path / "收集", "财政局.xlsx", "测试县财政局")
    out = tmp_path / "公开"
    args = ["build", str(source), "-o", str(out), "--format", "docx,html"]
    assert runner.invoke(app, args).exit_code == 0
    before = snapshot(out)
    source.write_bytes(template_bytes(department("测试县财政局", basic="1800000")))
    real = os.replace
    moved: list[str] = []
    failed: list[str] = []

    def replace(src, dst):
        if Path(dst).suffix == ".html" and ".staging" in str(src) and ".staging" not in str(dst) and not failed:
            failed.append(str(dst))
            raise OSError(28, "No space left on device", str(dst))
        moved.append(str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "磁盘空间不足" in result.output, result.output
    assert any(m.endswith(".docx") for m in moved)  # the DOCX had been moved in, then put back
    monkeypatch.setattr(os, "replace", real)
    assert snapshot(out) == before
