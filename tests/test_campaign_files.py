"""Issue 12, second campaign (files and messages): situations the first campaign did not try.

Each test is a situation found to fail before its fix: ``tables -o .`` overwriting the very
workbook it read (its name is the tables' name) or any file of the user's; a full disk
leaving some CSV tables written and others not, or reported as 内部错误 by ``build``; Ctrl-C
answered with Python tracebacks.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_batch import department
from test_cli_files import one_chinese_line, run
from typer.testing import CliRunner

from gendisclose.workbook.template import template_bytes

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
NAME = "测试县财政局"
TABLES = f"{NAME}2026年部门预算公开表"


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "收集" / "财政局.xlsx"
    path.parent.mkdir()
    path.write_bytes(template_bytes(department(NAME)))
    return path


# ---------------------------------------------------------------- tables never replace the user's files


def test_tables_into_the_workbooks_folder_never_overwrite_the_workbook_itself(good: Path) -> None:
    """A department names its filled workbook like the tables (…2026年部门预算公开表.xlsx) and runs
    ``tables 它.xlsx -o .``: before, the workbook was replaced by the exported tables (exit 0)."""
    named = good.with_name(f"{TABLES}.xlsx")
    good.rename(named)
    before = named.read_bytes()
    code, output = run(["tables", str(named), "-o", str(named.parent)])
    assert code == 2 and "是要导出的工作簿本身" in one_chinese_line(output)
    assert named.read_bytes() == before


@pytest.mark.parametrize("fmt,name", [("xlsx", f"{TABLES}.xlsx"), ("json", f"{TABLES}.json"), ("csv", f"{TABLES}-T05.csv")])
def test_tables_replace_an_earlier_export_but_not_a_file_of_the_users(fmt: str, name: str, good: Path, tmp_path: Path) -> None:
    out = tmp_path / "表"
    args = ["tables", str(good), "--format", fmt, "-o", str(out)]
    assert run(args)[0] == 0
    good.write_bytes(template_bytes(department(NAME, basic="1800000")))
    assert run(args)[0] == 0  # an earlier export of the tool: replaced
    target = out / name
    target.write_bytes(b"the accountant's own notes")
    others = {p.name: p.read_bytes() for p in out.iterdir()}
    code, output = run(args)
    assert code == 2 and "不是本工具导出的公开表" in one_chinese_line(output) and name in output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == others  # nothing of this run written


def test_a_link_at_a_tables_name_is_refused_and_its_target_untouched(good: Path, tmp_path: Path) -> None:
    victim = tmp_path / "外部.xlsx"
    victim.write_bytes(b"outside")
    out = tmp_path / "表"
    out.mkdir()
    (out / f"{TABLES}.xlsx").symlink_to(victim)
    code, output = run(["tables", str(good), "-o", str(out)])
    assert code == 2 and "未覆盖" in one_chinese_line(output)
    assert victim.read_bytes() == b"outside" and (out / f"{TABLES}.xlsx").is_symlink()


# ---------------------------------------------------------------- a full disk


def _disk_full_after(monkeypatch, n: int) -> None:
    """``os.fsync`` fails with ENOSPC (as a full disk does) from its ``n``-th call on."""
    real = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) >= n:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_a_full_disk_leaves_no_csv_table_written(good: Path, tmp_path: Path, monkeypatch) -> None:
    """13 CSV files: before, the first four stayed when the fifth failed."""
    out = tmp_path / "表"
    _disk_full_after(monkeypatch, 5)
    code, output = run(["tables", str(good), "--format", "csv", "-o", str(out)])
    line = one_chinese_line(output)
    assert code == 2 and "磁盘空间不足" in line and "T05.csv" in line
    assert not out.exists()  # nothing written, and the folder it created removed


def test_a_full_disk_during_build_is_named_not_an_internal_error(good: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "公开"
    _disk_full_after(monkeypatch, 2)  # the DOCX is staged, the PDF is not
    code, output = run(["build", str(good), "-o", str(out), "-j", "1"])
    line = one_chinese_line(output)
    assert code == 2 and "磁盘空间不足" in line and str(out) in line, output
    assert not out.exists() or [p.name for p in out.iterdir()] == []


# ---------------------------------------------------------------- Ctrl-C


def _session_processes(sid: int) -> list[str]:
    done = subprocess.run(["ps", "-eo", "sid=,pid=,args="], capture_output=True, text=True, check=True)
    return [line for line in done.stdout.splitlines() if line.split()[0] == str(sid)]


@pytest.mark.skipif(sys.platform == "win32", reason="a terminal's Ctrl-C to the process group: POSIX")
@pytest.mark.parametrize("how,jobs", [(signal.SIGINT, "2"), (signal.SIGTERM, "2"), (signal.SIGTERM, "1")],
                         ids=["ctrl-c", "term-parallel", "term"])
def test_an_interrupted_build_says_only_interrupted_and_leaves_nothing(how, jobs: str, tmp_path: Path) -> None:
    """Ctrl-C reaches every process of the group: before, each worker (and the forkserver while
    importing) printed a Python traceback, and a forkserver could be left running. SIGTERM (a
    batch runner's timeout) killed the run on the spot, its staging folder left in ``-o``."""
    box = tmp_path / "收集"
    box.mkdir()
    for i in range(4):
        (box / f"{i}.xlsx").write_bytes(template_bytes(department(f"测试县第{i}局")))
    out = tmp_path / "公开"
    child = subprocess.Popen(
        [sys.executable, "-m", "gendisclose", "build", str(box), "-o", str(out), "-j", jobs],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while not (out.is_dir() and any(p.name.startswith(".staging-") for p in out.iterdir())):
        assert time.monotonic() < deadline and child.poll() is None, "the build never started"
        time.sleep(0.05)
    time.sleep(0.5)  # the forkserver importing, workers starting or rendering
    os.killpg(child.pid, how)
    output = child.communicate(timeout=60)[0].decode("utf-8")
    assert child.returncode == 130 and output.strip() == "已中断。", output
    deadline = time.monotonic() + 10
    while _session_processes(child.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session_processes(child.pid) == []
    assert not out.exists() or [p.name for p in out.iterdir() if not p.name.startswith(".")] == []
    assert not out.exists() or not [p for p in out.iterdir() if p.name.startswith(".staging")]


# ---------------------------------------------------------------- long file names


LONG = ("朔州市平鲁区行政审批服务管理局部门预算公开工作簿最终版本请勿修改" * 3)[:82]  # 246 bytes + .xlsx


def _broken(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(template_bytes(department(NAME, basic="1765100.123")))  # 3 decimals: an error
    return path


def test_the_annotated_copy_of_a_workbook_with_a_long_name_fits_a_file_name(tmp_path: Path) -> None:
    """A name the file system allows (≤ 255 bytes) + “.检查结果” was too long: exit 2, no copy."""
    source = _broken(tmp_path / "收集" / f"{LONG}.xlsx")
    code, output = run(["validate", str(source), "--annotate"])
    assert code == 1 and "检查结果：" in output, output
    [copy] = source.parent.glob("*.检查结果.xlsx")
    assert len(copy.name.encode()) <= 255 and copy.name.startswith(LONG[:60])


def test_two_long_names_alike_to_the_cut_get_two_annotated_copies(tmp_path: Path) -> None:
    box = tmp_path / "收集"
    _broken(box / f"{LONG}甲.xlsx")
    _broken(box / f"{LONG}乙.xlsx")
    code, output = run(["validate", str(box), "--annotate-dir", str(tmp_path / "检查结果"), "--no-summary", "-j", "1"])
    assert code == 1, output
    assert len(list((tmp_path / "检查结果").glob("*.检查结果.xlsx"))) == 2


# ---------------------------------------------------------------- names a reader cannot tell apart


def test_department_names_differing_only_in_unicode_composition_are_one_output_name(tmp_path: Path) -> None:
    """``é`` typed as one character and as ``e`` + accent (a name pasted from a Mac, or a PDF):
    before, two outputs whose names look the same (one file on macOS, where the second replaced
    the first); now the same name, so both are refused like any two same-named departments."""
    import unicodedata

    box = tmp_path / "收集"
    box.mkdir()
    composed = "测试县Café局"
    for name, dept in (("a.xlsx", composed), ("b.xlsx", unicodedata.normalize("NFD", composed))):
        (box / name).write_bytes(template_bytes(department(dept)))
    out = tmp_path / "公开"
    code, output = run(["build", str(box), "-o", str(out), "--format", "html", "-j", "1"])
    assert code == 1 and output.count("会生成同名的公开文件") == 2, output
    assert list(out.glob("*.html")) == []


# ---------------------------------------------------------------- JSON on a GBK console


@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
def test_json_output_stays_json_on_a_console_that_cannot_show_every_character(encoding: str, tmp_path: Path) -> None:
    """``validate --format json > 结果.json`` on Chinese Windows: before, an emoji came out as
    ``\\U0001f600`` (no JSON escape), and the bureau's script could not parse the report."""
    from test_cli_files import cli_process

    box = tmp_path / "收集😀"
    box.mkdir()
    name = "测试县😀局"
    (box / "部门😀.xlsx").write_bytes(template_bytes(department(name)))
    (box / "部门•.xlsx").write_bytes(template_bytes(department("测试县•局", basic="1800000")))
    first, second = sorted(box.glob("*.xlsx"))
    for args in (
        ["validate", str(box), "--format", "json", "--no-summary", "-j", "1"],
        ["build", str(box), "-o", str(tmp_path / "公开"), "--format", "html", "--json", "-j", "1"],
        ["diff", str(first), str(second), "--format", "json"],
    ):
        done = cli_process(args, tmp_path, PYTHONIOENCODING=encoding)
        payload = json.loads(done.stdout.decode(encoding))  # before: JSONDecodeError
        assert done.returncode in (0, 1), done.stderr
        assert "😀" in json.dumps(payload, ensure_ascii=False)  # and the character comes back exactly


# ---------------------------------------------------------------- an output open in another program


def test_an_output_open_in_wps_is_named_as_such_and_nothing_changes(good: Path, tmp_path: Path, monkeypatch) -> None:
    """Windows refuses to replace a file another program holds open (WinError 32): the message
    said only 没有写入权限, which the accountant, who may write there, could not act on."""
    from test_output_safety import snapshot

    out = tmp_path / "公开"
    args = ["build", str(good), "-o", str(out), "--format", "docx,html", "-j", "1"]
    assert run(args)[0] == 0
    before = snapshot(out)
    real = os.replace

    def replace(src, dst):
        if Path(src).suffix == ".docx" and ".staging" not in str(src):  # the old DOCX set aside
            exc = PermissionError(errno.EACCES, "Permission denied", str(src))
            exc.winerror = 32
            raise exc
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    code, output = run([*args, "--force"])
    line = one_chinese_line(output)
    assert code == 2 and "正被其他程序打开" in line and ".docx" in line, output
    monkeypatch.setattr(os, "replace", real)
    assert snapshot(out) == before


def test_excels_lock_file_chosen_by_mistake_is_named(tmp_path: Path) -> None:
    """``~$部门.xlsx`` (Excel's lock file while the workbook is open, a user name in 165 bytes)
    dragged onto the tool: before, “无法识别的文件格式”. (A folder's scan skips these files.)"""
    lock = tmp_path / "~$部门.xlsx"
    lock.write_bytes(b"\x05" + "财务科".encode("utf-16-le").ljust(53, b" ") + b"\x00" * 111)
    code, output = run(["validate", str(lock)])
    assert code == 1 and "临时文件（~$ 开头）" in output and "“部门.xlsx”本身" in output, output


def test_a_line_break_typed_in_the_department_name_is_no_part_of_the_file_names(tmp_path: Path) -> None:
    """Alt+Enter in the 部门名称 cell (to wrap a long name): before, the outputs were named
    ``测试县_财政局2026年度部门预算公开.html`` (the break as ``_``)."""
    path = tmp_path / "部门.xlsx"
    path.write_bytes(template_bytes(department("测试县\n财政局")))
    out = tmp_path / "公开"
    code, output = run(["build", str(path), "-o", str(out), "--format", "html", "-j", "1"])
    assert code == 0, output
    assert [p.name for p in out.glob("*.html")] == [f"{NAME}2026年度部门预算公开.html"]
    code, output = run(["tables", str(path), "-o", str(out)])
    assert code == 0 and (out / f"{TABLES}.xlsx").is_file(), output


# ---------------------------------------------------------------- -o on a network share


@pytest.mark.skipif(sys.platform == "win32", reason="flock: POSIX")
@pytest.mark.parametrize("why", [errno.EBADF, errno.ENOLCK], ids=["nfs", "smb"])
def test_an_output_folder_that_cannot_lock_is_still_written(why: int, good: Path, tmp_path: Path, monkeypatch) -> None:
    """``-o`` on the bureau's NFS share: flock on a folder becomes a POSIX lock there, which a
    folder opened for reading cannot take (EBADF); some SMB mounts answer ENOLCK. Before, every
    build into such a folder failed with 无法在输出目录中写入; now it is used unlocked (as on Windows)."""
    import fcntl

    def flock(fd: int, operation: int) -> None:
        raise OSError(why, os.strerror(why))

    monkeypatch.setattr(fcntl, "flock", flock)
    out = tmp_path / "共享" / "公开"
    code, output = run(["build", str(good), "-o", str(out), "--format", "html", "-j", "1"])
    assert code == 0, output
    assert [p.name for p in out.glob("*.html")] == [f"{NAME}2026年度部门预算公开.html"]
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]
