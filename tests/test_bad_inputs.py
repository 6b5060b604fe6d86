"""Every broken workbook of the corpus (``tests/bad_inputs``) through ``validate`` and ``build``.

Each must give: the expected exit code, the expected message at the expected location, no
traceback, nothing written (no output, the input untouched), in bounded time. The two big
cases (100,000 junk rows, a 300 MB zip bomb) also run in a child process under a 1.5 GB
address-space limit, with its peak memory measured.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from bad_inputs import CASES, Case
from typer.testing import CliRunner

from gendisclose.cli import app

ROOT = Path(__file__).resolve().parent.parent
QUICK = [c for c in CASES if not c.slow]
SLOW = [c for c in CASES if c.slow]
ERRORS = [c for c in QUICK if c.exit_code == 1]
#: A path that is not a file is an argument mistake: the CLI answers exit 2 (see test_cli).
CLI_EXIT = {
    "nonexistent_path": (2, "找不到文件或目录"),
    "directory_instead_of_file": (2, "目录中没有 .xlsx 工作簿"),
    "named_pipe_as_workbook": (2, "不是普通文件"),
    "link_to_a_device": (2, "不是普通文件"),
}

LIMIT_SECONDS = 20
LIMIT_ADDRESS_SPACE = 1536 * 1024 * 1024
LIMIT_RSS_MB = 1024


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    return {c.name: c.write(folder) for c in CASES if not c.slow}


@pytest.fixture(scope="session")
def slow_corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("slow")
    return {c.name: c.write(folder) for c in SLOW}


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def _run(args: list[str], cwd: Path, monkeypatch) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: unexpected exception") from result.exception
    return result.exit_code, result.output


def _assert_reported(c: Case, issues: list[dict]) -> None:
    if c.code is None:
        assert issues == [], issues
        return
    hits = [i for i in issues if i["code"] == c.code and i["level"] == c.level]
    assert hits, f"{c.name}: no {c.code}; got {[(i['code'], i['cell'], i['message']) for i in issues]}"
    assert any(c.phrase in i["message"] and i["cell"] == c.where for i in hits), (
        f"{c.name}: want “{c.phrase}” at {c.where}; got {[(i['cell'], i['message']) for i in hits]}"
    )


@pytest.mark.parametrize("c", QUICK, ids=lambda c: c.name)
def test_validate_json_names_the_problem_and_its_cell(c: Case, corpus, tmp_path, monkeypatch):
    path = corpus[c.name]
    before = _digest(path)
    code, output = _run(["validate", str(path), "--format", "json"], tmp_path, monkeypatch)
    assert "Traceback" not in output
    if c.name in CLI_EXIT:
        want, phrase = CLI_EXIT[c.name]
        assert code == want and phrase in output
    else:
        assert code == c.exit_code, output
        _assert_reported(c, json.loads(output)["issues"])
    assert _digest(path) == before
    assert _files(tmp_path) == []


@pytest.mark.parametrize("c", [c for c in QUICK if c.code and c.name not in CLI_EXIT], ids=lambda c: c.name)
def test_validate_text_prints_level_location_and_message(c: Case, corpus, tmp_path, monkeypatch):
    code, output = _run(["validate", str(corpus[c.name])], tmp_path, monkeypatch)
    assert code == c.exit_code and "Traceback" not in output
    where = c.where or "工作簿"
    lines = [line for line in output.splitlines() if f"[{c.level}] {where}：" in line and c.phrase in line]
    assert lines, output


@pytest.mark.parametrize("c", ERRORS, ids=lambda c: c.name)
def test_build_writes_nothing(c: Case, corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    path = corpus[c.name]
    before = _digest(path)
    code, output = _run(["build", str(path), "-o", str(out)], tmp_path, monkeypatch)
    assert "Traceback" not in output
    if c.name in CLI_EXIT:
        assert code == CLI_EXIT[c.name][0]
    else:
        assert code == 1, output
        assert "未生成任何文件" in output and c.phrase in output
    assert _files(out) == []
    assert _files(tmp_path) == (["out"] if out.exists() else [])
    assert _digest(path) == before


def test_every_case_really_differs_from_the_base(corpus):
    from bad_inputs import base_bytes

    base = base_bytes()
    for name, path in corpus.items():
        assert not path.is_file() or path.read_bytes() != base, name


def test_blank_rows_in_the_middle_read_as_the_base_department(corpus):
    from bad_inputs import base_department

    from gendisclose.workbook.reader import read_workbook

    department, issues = read_workbook(corpus["blank_rows_in_the_middle"])
    assert issues == []
    assert department == base_department()


# ---------------------------------------------------------------- big inputs, in a child process

_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from gendisclose.cli import main
sys.argv = ["gendisclose", *sys.argv[1:]]
main()
"""


def _limited(args: list[str], cwd: Path) -> tuple[int, str, float, float]:
    """Run the CLI in a child under the address-space limit: (exit, output, seconds, peak MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD.format(limit=LIMIT_ADDRESS_SPACE), *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    try:
        output = proc.stdout.read().decode("utf-8", "replace")  # type: ignore[union-attr]
        _, status, usage = os.wait4(proc.pid, 0)  # reap it ourselves to get its own rusage
    finally:
        watchdog.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    peak = usage.ru_maxrss / 1024  # KB on Linux
    return proc.returncode, output, elapsed, peak


@pytest.mark.parametrize("c", SLOW, ids=lambda c: c.name)
def test_big_input_is_refused_in_bounded_time_and_memory(c: Case, slow_corpus, tmp_path):
    path = slow_corpus[c.name]
    code, output, seconds, peak_mb = _limited(["validate", str(path), "--format", "json"], tmp_path)
    assert "Traceback" not in output and "MemoryError" not in output, output[-2000:]
    assert code == 1, output[-2000:]
    issues = json.loads(output)["issues"]
    _assert_reported(c, issues)
    assert len(issues) <= 1000, f"{c.name}: {len(issues)} issues would drown the accountant"
    assert seconds < LIMIT_SECONDS, f"{c.name}: {seconds:.1f} s"
    assert peak_mb < LIMIT_RSS_MB, f"{c.name}: {peak_mb:.0f} MB"
    assert _files(tmp_path) == []


@pytest.mark.parametrize("c", SLOW, ids=lambda c: c.name)
def test_big_input_build_writes_nothing(c: Case, slow_corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    start = time.perf_counter()
    code, output = _run(["build", str(slow_corpus[c.name]), "-o", str(out)], tmp_path, monkeypatch)
    assert time.perf_counter() - start < LIMIT_SECONDS
    assert code == 1 and "Traceback" not in output and "未生成任何文件" in output
    assert _files(out) == []


def test_whole_corpus_as_one_batch_in_worker_processes(corpus, tmp_path, monkeypatch):
    """The bureau's loop: a folder of broken workbooks, checked in a process pool; none crashes."""
    folder = next(iter(corpus.values())).parent
    code, output = _run(
        ["validate", str(folder), "--format", "json", "--no-summary", "-j", "2"], tmp_path, monkeypatch
    )
    assert code == 1 and "Traceback" not in output
    files = {Path(f["file"]).stem: f for f in json.loads(output)["files"]}
    expected = {c.name: c for c in QUICK if corpus[c.name].is_file()}
    assert files.keys() == expected.keys()
    for name, result in files.items():
        assert not result["internal_error"], (name, result["issues"])
        _assert_reported(expected[name], result["issues"])
    assert _files(tmp_path) == []


@pytest.mark.parametrize("name", ["password_protected", "formula_without_cached_value", "truncated_zip"])
def test_console_script_answers_in_chinese_without_traceback(name, corpus, tmp_path):
    """Through the installed ``gendisclose`` entry point (its own process, real stdout/stderr)."""
    c = next(c for c in CASES if c.name == name)
    script = Path(sys.executable).with_name("gendisclose")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "gendisclose.cli"]
    for args in (["validate", str(corpus[name])], ["build", str(corpus[name]), "-o", str(tmp_path / "out")]):
        done = subprocess.run([*command, *args], capture_output=True, text=True, cwd=tmp_path, timeout=120)
        output = done.stdout + done.stderr
        assert done.returncode == 1, output
        assert "Traceback" not in output and c.phrase in output
    assert _files(tmp_path) == []
