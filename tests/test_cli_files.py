"""What the command line reads and the messages about the user's own files (issue 12).

Each situation a hurried accountant meets — an output folder that cannot be written, ``-o``
naming a file, a pipe or a device as input, a GBK console … — gives one Chinese line and
exit 2, writes nothing, and never hangs or shows 内部错误 / an English error.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from test_batch import department
from typer.testing import CliRunner

from gendisclose.cli import app
from gendisclose.ooxml import workbook_bytes
from gendisclose.workbook.template import template_bytes

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
ENGLISH = re.compile(r"\b(Error|Usage|Invalid|Traceback|Permission|denied|No such)\b")


def run(args: list[str], cwd: Path | None = None, monkeypatch=None) -> tuple[int, str]:
    if cwd is not None:
        monkeypatch.chdir(cwd)
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def one_chinese_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert not ENGLISH.search(lines[0]) and "内部错误" not in lines[0], lines[0]
    return lines[0]


def cli_process(args: list[str], cwd: Path, timeout: float = 60, stdin=subprocess.DEVNULL, **env: str):
    return subprocess.run(
        [sys.executable, "-c", "from gendisclose.cli import main; main()", *args],
        cwd=cwd,
        stdin=stdin,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "收集" / "财政局.xlsx"
    path.parent.mkdir()
    path.write_bytes(template_bytes(department("测试县财政局")))
    return path


@pytest.fixture
def read_only(tmp_path: Path):
    """A folder nothing can be written in (chmod; as root, a read-only bind mount)."""
    folder = tmp_path / "只读"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    done = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("no way to make a read-only folder here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


# ---------------------------------------------------------------- its own outputs, other formats


def test_build_into_the_input_folder_twice_never_reads_its_own_outputs(good: Path, tmp_path: Path) -> None:
    box = good.parent
    (box / "教育局.xlsx").write_bytes(template_bytes(department("测试县教育局")))
    args = ["build", str(box), "-o", str(box), "--format", "html", "-j", "1"]
    first = run(args)
    assert first[0] == 0 and "共 2 个工作簿" in first[1], first[1]
    assert run(["tables", str(good), "--format", "xlsx", "-o", str(box)])[0] == 0  # exported tables, too
    code, output = run(args)
    assert code == 0 and "共 2 个工作簿：通过 2 个" in output, output  # not its 汇总.xlsx
    assert "（本工具生成的公开表格）" in output  # the exported tables are named as not read
    assert run(["validate", str(box), "--no-summary", "-j", "1"])[1].count("（本工具生成的汇总表）") == 1


def test_a_summary_written_before_reports_were_marked_is_recognised(good: Path) -> None:
    wb = Workbook()
    wb.active.title = "汇总"
    wb.create_sheet("问题清单")
    (good.parent / "旧汇总.xlsx").write_bytes(workbook_bytes(wb))
    code, output = run(["validate", str(good.parent), "--no-summary", "-j", "1"])
    assert code == 0 and "共 1 个工作簿" in output and "旧汇总.xlsx（本工具生成的汇总表）" in output


def test_every_file_of_a_folder_not_read_as_xlsx_is_named(good: Path, tmp_path: Path) -> None:
    box = good.parent
    shutil.copy(good, box / "宏.xlsm")  # read like .xlsx (macros never run)
    (box / "旧版.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (box / "金山.et").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (box / "导出.csv").write_text("部门,金额\n财政局,100\n", "utf-8")
    (box / "说明.pdf").write_bytes(b"%PDF-1.7")
    code, output = run(["validate", str(box), "-j", "1", "--summary", str(tmp_path / "汇总.xlsx")])
    assert code == 1, output
    assert "共 5 个工作簿：通过 2 个，有错误 3 个" in output
    for name, phrase in (("旧版.xls", ".xls"), ("金山.et", ".xls"), ("导出.csv", "CSV")):
        block = output.split(f"{box / name}：")[1].split("共")[0]
        assert "[错误]" in block and phrase in block, (name, block)
    assert output.split(f"{box / '宏.xlsm'}：")[1].split("共 ")[1].startswith("0 个错误")
    assert f"未读取：{box / '说明.pdf'}（不是工作簿）" in output
    rows = list(load_workbook(tmp_path / "汇总.xlsx")["汇总"].iter_rows(min_row=2, max_row=6, values_only=True))
    assert sorted(Path(r[0]).name for r in rows if r[2] == "有错误") == ["导出.csv", "旧版.xls", "金山.et"]


# ---------------------------------------------------------------- output folders


def test_output_that_is_a_file(good: Path, tmp_path: Path) -> None:
    target = tmp_path / "公开"
    target.write_bytes(b"a file")
    code, output = run(["build", str(good), "-o", str(target), "--format", "html"])
    assert code == 2 and "是一个文件，不是文件夹" in one_chinese_line(output)
    assert target.read_bytes() == b"a file"


def test_output_folder_not_writable(good: Path, read_only: Path) -> None:
    for out in (read_only, read_only / "公开"):
        code, output = run(["build", str(good), "-o", str(out), "--format", "html"])
        assert code == 2 and str(out) in one_chinese_line(output), output
    assert list(read_only.iterdir()) == []


def test_read_only_current_folder_for_the_default_summary(good: Path, read_only: Path, monkeypatch) -> None:
    other = good.parent / "教育局.xlsx"
    other.write_bytes(template_bytes(department("测试县教育局")))
    code, output = run(["validate", str(good), str(other), "-j", "1"], read_only, monkeypatch)
    line = one_chinese_line(output)
    assert code == 2 and "汇总表" in line and "--summary" in line and "--no-summary" in line


def test_report_paths_never_overwrite_a_department_workbook(good: Path, tmp_path: Path, monkeypatch) -> None:
    other = good.parent / "教育局.xlsx"
    other.write_bytes(template_bytes(department("测试县教育局")))
    before = good.read_bytes()
    code, output = run(["validate", str(other), "--summary", str(good)])
    assert code == 2 and "不是本工具生成的汇总表" in one_chinese_line(output)
    code, output = run(["diff", str(other), str(good), "-o", str(good)])
    assert code == 2 and "未覆盖" in one_chinese_line(output)
    code, output = run(["template", "-o", str(good)])  # the filled workbook has the template's name
    assert code == 2 and "已填写" in one_chinese_line(output)
    assert good.read_bytes() == before
    assert run(["template", "-o", str(tmp_path / "模板.xlsx")])[0] == 0
    assert run(["template", "-o", str(tmp_path / "模板.xlsx")])[0] == 0  # the same blank template again


# ---------------------------------------------------------------- inputs


def test_an_unreadable_input(good: Path, tmp_path: Path, monkeypatch) -> None:
    if os.geteuid() != 0:
        good.chmod(0)
    else:  # root reads everything: the permission error the accountant gets, simulated
        real = os.open

        def refuse(path, flags, *args, **kwargs):
            if Path(path) == good:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    for args in (["validate", str(good)], ["build", str(good), "-o", str(tmp_path / "公开")]):
        code, output = run(args)
        assert code == 2 and "没有读取权限" in one_chinese_line(output), output
    assert not (tmp_path / "公开").exists()


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "dev_stdin", "socket"])
def test_a_pipe_device_or_socket_as_input_is_refused_at_once(kind: str, tmp_path: Path) -> None:
    if kind == "fifo":
        path = tmp_path / "管道.xlsx"
        os.mkfifo(path)
    elif kind == "socket":
        import socket

        path = tmp_path / "s.xlsx"
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
    else:
        path = Path("/dev/zero" if kind == "dev_zero" else "/dev/stdin")
    for args in (["validate", str(path)], ["build", str(path), "-o", str(tmp_path / "公开")], ["diff", str(path), str(path)]):
        writer = subprocess.Popen(["sleep", "30"], stdout=subprocess.PIPE) if kind == "dev_stdin" else None
        try:
            done = cli_process(args, tmp_path, timeout=30, stdin=writer.stdout if writer else subprocess.DEVNULL)
        finally:
            if writer is not None:
                writer.kill()
                writer.wait()
        output = (done.stdout + done.stderr).decode("utf-8")
        assert done.returncode == 2, output
        assert "不是普通文件" in one_chinese_line(output)
    assert not (tmp_path / "公开").exists()


# ---------------------------------------------------------------- console encodings


@pytest.mark.parametrize("name,escaped", [("测试县😀局", "\\U0001f600"), ("测试县•财政局", "\\u2022")])
def test_output_survives_a_gbk_console(name: str, escaped: str, tmp_path: Path) -> None:
    """``validate X.xlsx > 结果.txt`` on Chinese Windows: stdout is GBK, the report must get through."""
    path = tmp_path / "部门.xlsx"
    path.write_bytes(template_bytes(department(name)))
    quoted = "😀" in name  # the font check quotes an emoji back; a • passes and is only in file names
    for args in (["validate", str(path)], ["validate", str(path), "--format", "json"], ["build", str(path), "-o", "公开", "--format", "html"]):
        done = cli_process(args, tmp_path, PYTHONIOENCODING="gbk")
        output = (done.stdout + done.stderr).decode("gbk")
        assert done.returncode == (1 if quoted else 0), output
        assert "内部错误" not in output and "UnicodeEncodeError" not in output
        # JSON gets the JSON escape (\ud83d\ude00, see test_campaign_files), text the Python one
        shown = escaped if "json" not in args else json.dumps(escaped.encode().decode("unicode_escape"))[1:-1]
        assert shown in output or (args[0] == "validate" and not quoted), output
        assert "共" in output or '"issues"' in output


def test_a_file_name_that_is_not_utf8_is_named_and_not_read(good: Path, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in a name (a zip unpacked on Linux): no report could hold it."""
    shutil.copy(good, good.parent / os.fsdecode(b"\xb2\xc6\xd5\xfe.xlsx"))  # 财政 in GBK
    done = cli_process(["validate", str(good.parent), "-j", "1", "--summary", str(tmp_path / "汇总.xlsx")], tmp_path)
    output = (done.stdout + done.stderr).decode("utf-8")
    assert done.returncode == 0, output
    assert "\\udcb2\\udcc6\\udcd5\\udcfe.xlsx（文件名中有无法识别的字符" in output and "共 1 个工作簿" in output


def test_argument_mistakes_are_one_chinese_line(good: Path, tmp_path: Path) -> None:
    """typer's own messages (Missing argument, No such option, Invalid value) are English."""
    for args, phrase in (
        (["build"], "缺少参数 INPUTS"),
        (["build", str(good), "--bogus"], "没有这个选项：--bogus"),
        (["build", str(good), "-j", "二"], "参数 --jobs/-j 的值无效"),
    ):
        done = cli_process(args, tmp_path)
        output = (done.stdout + done.stderr).decode("utf-8")
        assert done.returncode == 2 and output.strip().startswith(phrase) and "--help" in output, output
        assert len(output.strip().splitlines()) == 1, output
