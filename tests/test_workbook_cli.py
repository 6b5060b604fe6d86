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


def test_the_code_columns_offer_the_hidden_code_list_and_the_reader_ignores_it(tmp_path) -> None:
    """功能科目编码 / 经济科目编码 cells: a dropdown from the hidden 代码表 (code, name); values only
    (no formula for the reader to meet), and a workbook with it reads as before (issue 17)."""
    import io

    from openpyxl import load_workbook

    from gendisclose.reference import economic_items, function_codes
    from gendisclose.workbook.reader import read_workbook
    from gendisclose.workbook.schema import BASIC, CODE_LIST_SHEET, ECONOMIC, PROJECTS
    from gendisclose.workbook.template import template_bytes

    data = template_bytes()
    wb = load_workbook(io.BytesIO(data))
    codes = wb[CODE_LIST_SHEET]
    assert codes.sheet_state == "hidden"
    listed = {codes[f"A{r}"].value: codes[f"B{r}"].value for r in range(2, codes.max_row + 1) if codes[f"A{r}"].value}
    assert listed["2010301"] == function_codes()["2010301"] and len(listed) > 500
    assert all(isinstance(c, str) and not c.startswith("=") for c in listed)
    assert codes["D2"].value == economic_items()[0].code and codes["E2"].value == economic_items()[0].name
    for sheet, key, column in ((BASIC, "function_code", "A"), (PROJECTS, "function_code", "A"), (ECONOMIC, "economic_code", "D")):
        letter = sheet.letter(key)
        [dv] = [d for d in wb[sheet.name].data_validations.dataValidation if CODE_LIST_SHEET in (d.formula1 or "")]
        assert dv.formula1.startswith(f"{CODE_LIST_SHEET}!${column}$2:") and f"{letter}2" in str(dv.sqref)
        assert dv.errorStyle == "warning"  # a code not in the list may still be typed (with its name)
    path = tmp_path / "模板.xlsx"
    path.write_bytes(data)
    _, issues = read_workbook(path)
    assert not [i for i in issues if CODE_LIST_SHEET in str(i)]
