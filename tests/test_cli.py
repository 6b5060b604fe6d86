"""The command line: exit codes, JSON, batch over a folder, and never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_batch import department
from typer.testing import CliRunner

from gendisclose.cli import app
from gendisclose.workbook.template import template_bytes

runner = CliRunner()


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "财政局.xlsx"
    path.write_bytes(template_bytes(department("测试县财政局")))
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "空白.xlsx"
    path.write_bytes(template_bytes())
    return path


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_validate_single_file_exit_codes(good: Path, bad: Path) -> None:
    ok = runner.invoke(app, ["validate", str(good)])
    assert ok.exit_code == 0, ok.output
    assert f"{good}：" in ok.output
    failed = runner.invoke(app, ["validate", str(bad)])
    assert failed.exit_code == 1 and "[错误]" in failed.output
    no_traceback(failed)


def test_validate_single_json(bad: Path) -> None:
    result = runner.invoke(app, ["validate", str(bad), "--format", "json"])
    payload = json.loads(result.output)
    assert result.exit_code == 1
    assert payload["file"] == str(bad) and payload["ok"] is False and payload["errors"] >= 1
    assert {"level", "code", "cell", "message"} <= set(payload["issues"][0])


def test_missing_file_and_empty_folder_are_messages_not_tracebacks(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["validate", str(tmp_path / "无.xlsx")])
    assert missing.exit_code == 2 and "找不到" in missing.output
    no_traceback(missing)
    empty = tmp_path / "空目录"
    empty.mkdir()
    for cmd in (["validate", str(empty)], ["build", str(empty), "-o", str(tmp_path / "out")]):
        result = runner.invoke(app, cmd)
        assert result.exit_code == 2 and "没有 .xlsx" in result.output
        no_traceback(result)
    missing_diff = runner.invoke(app, ["diff", str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx")])
    assert missing_diff.exit_code == 2
    no_traceback(missing_diff)


def test_validate_folder_json_and_summary(good: Path, bad: Path, tmp_path: Path) -> None:
    summary = tmp_path / "报告" / "汇总.xlsx"
    result = runner.invoke(
        app, ["validate", str(tmp_path), "--jobs", "1", "--format", "json", "--summary", str(summary)]
    )
    assert result.exit_code == 1, result.output
    payload = json.loads(result.output)
    assert (payload["total"], payload["passed"], payload["failed"]) == (2, 1, 1)
    assert [Path(f["file"]).name for f in payload["files"]] == ["空白.xlsx", "财政局.xlsx"]
    rows = list(load_workbook(summary)["汇总"].iter_rows(min_row=2, max_row=3, values_only=True))
    assert [r[2] for r in rows] == ["有错误", "通过"]


def test_validate_folder_text_default_summary_in_cwd(good: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", str(tmp_path), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "共 1 个工作簿：通过 1 个，有错误 0 个" in result.output
    assert (tmp_path / "汇总.xlsx").is_file()
    again = runner.invoke(app, ["validate", str(tmp_path), "-j", "1"])  # its own summary is not an input
    assert "共 1 个工作簿" in again.output


def test_build_folder_then_skip(good: Path, bad: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = runner.invoke(app, ["build", str(good), str(bad), "-o", str(out), "--format", "html", "-j", "1"])
    assert first.exit_code == 1, first.output
    assert "财政局.xlsx：新生成" in first.output and "有错误 1 个" in first.output
    assert (out / "汇总.xlsx").is_file() and len(list(out.glob("*.html"))) == 1
    second = runner.invoke(app, ["build", str(good), "-o", str(out), "--format", "html"])
    assert second.exit_code == 0 and "未变化，跳过" in second.output
    forced = runner.invoke(app, ["build", str(good), "-o", str(out), "--format", "html", "--force"])
    assert forced.exit_code == 0 and "已生成：" in forced.output and "用时：" in forced.output


def test_build_single_with_errors_writes_nothing(bad: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(bad), "-o", str(out), "--format", "html"])
    assert result.exit_code == 1 and "存在错误，未生成任何文件。" in result.output
    assert not list(out.glob("*.html")) if out.exists() else True


def test_diff_command(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(template_bytes(department("测试县财政局", basic="1765100")))
    b.write_bytes(template_bytes(department("测试县财政局", basic="1800000")))
    text = runner.invoke(app, ["diff", str(a), str(b)])
    assert text.exit_code == 1 and "收支预算!D2" in text.output
    as_json = runner.invoke(app, ["diff", str(a), str(b), "--format", "json"])
    assert json.loads(as_json.output)["cells"]
    xlsx = runner.invoke(app, ["diff", str(a), str(b), "--format", "xlsx", "-o", str(tmp_path / "d.xlsx")])
    assert xlsx.exit_code == 1 and (tmp_path / "d.xlsx").is_file()
    same = runner.invoke(app, ["diff", str(a), str(a)])
    assert same.exit_code == 0 and "没有差别" in same.output
