"""`gendisclose template` and `gendisclose validate` on workbooks, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from test_workbook_helpers import DEPT, minimal, rows, save
from typer.testing import CliRunner

from gendisclose.cli import app
from gendisclose.workbook.docs import workbook_markdown

runner = CliRunner()
DOC = Path(__file__).parent.parent / "docs" / "workbook.md"


def test_docs_are_generated_from_the_schema():
    assert DOC.read_text(encoding="utf-8") == workbook_markdown(), (
        "docs/workbook.md is stale: python -m gendisclose.workbook.docs > docs/workbook.md"
    )


def test_template_command_writes_the_blank_workbook(tmp_path):
    target = tmp_path / "模板.xlsx"
    result = runner.invoke(app, ["template", "-o", str(target)])
    assert result.exit_code == 0, result.output
    from gendisclose.workbook.template import template_bytes

    assert target.read_bytes() == template_bytes()


def test_validate_lists_every_problem_and_exits_1(tmp_path):
    wb = minimal()
    rows(
        wb,
        "收支预算",
        {"单位名称": DEPT, "功能科目编码": "2010301", "当年一般公共预算": "1,000"},
        {"单位名称": "别的单位", "功能科目编码": "2010301"},
    )
    result = runner.invoke(app, ["validate", str(save(wb, tmp_path))])
    assert result.exit_code == 1
    assert "[错误] 收支预算!D2：“当年一般公共预算”数字不要带千分位逗号" in result.output
    assert "[错误] 收支预算!A3：单位“别的单位”" in result.output
    assert "Traceback" not in result.output


def test_validate_json(tmp_path):
    path = tmp_path / "旧.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["ok"] is False and payload["errors"] == 1
    assert payload["issues"][0]["code"] == "file.not_xlsx"


def test_validate_passes_a_clean_workbook(tmp_path):
    result = runner.invoke(app, ["validate", str(save(minimal(), tmp_path))])
    assert result.exit_code == 0, result.output
