"""The 决算 workbook through the command line: its template, the kind told from the sheets,
``tables`` exporting J01–J10, batch ``validate`` totals, ``diff`` and ``build`` (not yet: exit 2,
nothing written)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from gendisclose.cli import app
from gendisclose.model import DocumentKind
from gendisclose.model_final import FinalDepartment
from gendisclose.workbook.kinds import BUDGET_ONLY, FINAL_ONLY, detect_kind
from gendisclose.workbook.reader import read_workbook
from gendisclose.workbook.schema import SHEETS
from gendisclose.workbook.schema_final import FINAL_SHEETS

ROOT = Path(__file__).resolve().parent.parent
FINAL = ROOT / "sample_inputs" / "shuocheng-approval-final-2023.xlsx"
BUDGET = ROOT / "sample_inputs" / "pinglu-affairs-2026.xlsx"


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_template_kind_final_writes_the_final_sheets(tmp_path: Path) -> None:
    target = tmp_path / "决算模板.xlsx"
    code, output = _run(["template", "--kind", "final", "-o", str(target)])
    assert code == 0 and "部门决算公开模板" in output
    names = load_workbook(target, read_only=True).sheetnames
    assert names == ["填报说明", *(s.name for s in FINAL_SHEETS), "代码表"]
    dept, issues = read_workbook(target)
    assert dept is None  # blank: 部门名称, 决算年度, 单位性质 are required
    assert sorted(i.location.cell for i in issues) == ["基本信息!B2", "基本信息!B4", "基本信息!B5"]
    assert any("“决算年度”必须填写" in i.message for i in issues)


def test_template_default_is_still_the_budget(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    assert _run(["template", "-o", str(target)])[0] == 0
    assert load_workbook(target, read_only=True).sheetnames == ["填报说明", *(s.name for s in SHEETS), "代码表"]


def test_shared_sheets_have_one_definition() -> None:
    budget = {s.name: s for s in SHEETS}
    final = {s.name: s for s in FINAL_SHEETS}
    shared = budget.keys() & final.keys()
    assert shared == {"基本信息", "单位", "概况文字"}
    assert final["单位"] is budget["单位"]
    info_b = {c.key: c for c in budget["基本信息"].fields}
    for c in final["基本信息"].fields:  # same columns, the year relabelled
        assert c == info_b[c.key] or (c.key == "year" and c.header == "决算年度")


def test_kind_from_the_sheets() -> None:
    assert detect_kind(["基本信息", *BUDGET_ONLY]) == (DocumentKind.BUDGET, [])
    assert detect_kind(["基本信息", *FINAL_ONLY]) == (DocumentKind.FINAL_ACCOUNTS, [])
    kind, issues = detect_kind([*FINAL_ONLY, "项目"])
    assert kind is None and [i.code for i in issues] == ["kind.mixed"]
    kind, issues = detect_kind(BUDGET_ONLY, expected=DocumentKind.FINAL_ACCOUNTS)
    assert kind is None and issues[0].code == "kind.wrong"
    assert "这里需要部门决算公开工作簿，但这是部门预算公开工作簿" in issues[0].message
    assert "--kind final" in issues[0].message


def test_budget_workbook_where_a_final_one_is_expected() -> None:
    dept, issues = read_workbook(BUDGET, expected=DocumentKind.FINAL_ACCOUNTS)
    assert dept is None and [i.code for i in issues] == ["kind.wrong"]
    dept, issues = read_workbook(FINAL, expected=DocumentKind.FINAL_ACCOUNTS)
    assert isinstance(dept, FinalDepartment) and issues == []


def test_tables_exports_j01_to_j10(tmp_path: Path) -> None:
    stem = "朔州市朔城区行政审批服务管理局2023年部门决算公开表"
    for fmt in ("xlsx", "csv", "json"):
        code, output = _run(["tables", str(FINAL), "--format", fmt, "-o", str(tmp_path)])
        assert code == 0, output
    wb = load_workbook(tmp_path / f"{stem}.xlsx", read_only=True)
    assert wb.sheetnames == [f"公开{n:02d}表" for n in range(1, 11)]
    j02 = [[c for c in row] for row in wb["公开02表"].iter_rows(values_only=True)]
    assert any(r[0] == "2010303" and float(r[2]) == 508.32 and float(r[3]) == 508.31 for r in j02)
    payload = json.loads((tmp_path / f"{stem}.json").read_text(encoding="utf-8"))
    assert [t["key"] for t in payload["tables"]] == [f"J{n:02d}" for n in range(1, 11)]
    j03 = next(t for t in payload["tables"] if t["key"] == "J03")
    assert ["2010303", "机关服务", "508.31", "329.91", "178.41", "", "", ""] in j03["body"]
    with (tmp_path / f"{stem}-J10.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert ["工程", "3", "25.08"] in rows and rows[0][0] == "公开10表"


def test_batch_validate_recognises_each_kind(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in (FINAL, BUDGET):
        (folder / path.name).write_bytes(path.read_bytes())
    code, output = _run(["validate", str(folder), "--format", "json", "--no-summary", "-j", "1"])
    assert code == 0, output
    files = {Path(f["file"]).name: f for f in json.loads(output)["files"]}
    final = files[FINAL.name]
    assert final["ok"] and final["department"] == "朔州市朔城区行政审批服务管理局"
    assert final["totals"] == {"income_total": "1322.38", "basic": "607.16", "project": "715.22",
                               "three_public": "0.00", "agency_operating": "25.28"}
    assert (final["kind"], files[BUDGET.name]["kind"]) == ("部门决算公开", "部门预算公开")
    summary = tmp_path / "汇总.xlsx"
    assert _run(["validate", str(folder), "--summary", str(summary), "-j", "1"])[0] == 0
    rows = list(load_workbook(summary)["汇总"].iter_rows(values_only=True))
    assert rows[0][-1] == "公开类型"
    assert {Path(r[0]).name: r[-1] for r in rows[1:] if r[0] and r[0].endswith(".xlsx")} == {FINAL.name: "部门决算公开", BUDGET.name: "部门预算公开"}


def test_diff_of_two_kinds_is_refused(tmp_path: Path) -> None:
    code, output = _run(["diff", str(FINAL), str(BUDGET)])
    assert code == 2 and "两种工作簿不能比较" in output
    code, output = _run(["diff", str(FINAL), str(FINAL)])
    assert code == 0 and "没有差别" in output


def test_typed_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """A 功能科目名称 typed as ``=HYPERLINK(…)`` (an unknown 项, so the typed name is printed) is
    text in the filled workbook and in the exported tables, never a formula."""
    import sys

    sys.path.insert(0, str(ROOT))
    from gendisclose.workbook.template import template_bytes
    from tools.final_sample import final_seed_department

    dept = final_seed_department(ROOT / "tests" / "data" / "seeds" / "003.json")
    evil = '=HYPERLINK("http://x","点")'
    line = dept.income_lines[0].model_copy(update={"function_code": "2010388", "function_name": evil})
    spent = dept.spending_lines[0].model_copy(update={"function_code": "2010388", "function_name": evil})
    dept = dept.model_copy(update={"income_lines": (line, *dept.income_lines[1:]),
                                   "spending_lines": (spent, *dept.spending_lines[1:])})
    path = tmp_path / "evil.xlsx"
    path.write_bytes(template_bytes(dept))
    read, issues = read_workbook(path)
    assert read == dept, [str(i) for i in issues]
    code, output = _run(["tables", str(path), "--format", "xlsx", "-o", str(tmp_path / "out")])
    assert code == 0, output
    exported = next((tmp_path / "out").glob("*.xlsx"))
    for book in (load_workbook(path), load_workbook(exported)):
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == evil]
        assert cells and all(c.data_type == "s" for c in cells)


def test_random_corruptions_never_crash(tmp_path: Path) -> None:
    """Junk in random cells of every 决算 sheet: always issues (with a sheet), never an exception."""
    import io
    import random

    from gendisclose.pipeline import check_workbook

    junk = ["", "abc", -1, 1e20, "１２３", "=1+1", 3.14159, "2010301", "9999999", True, "30901", "201",
            "非财政拨款", 10**16, "\u200b", "99999", 0, "优"]
    rng = random.Random(13)
    base = FINAL.read_bytes()
    for n in range(30):
        wb = load_workbook(io.BytesIO(base))
        for _ in range(3):
            ws = wb[rng.choice(wb.sheetnames[1:])]
            ws.cell(rng.randint(1, 20), rng.randint(1, 20)).value = rng.choice(junk)
        path = tmp_path / f"{n}.xlsx"
        wb.save(path)
        checked = check_workbook(path)
        assert all(i.location is None or i.location.sheet in wb.sheetnames for i in checked.issues)
        if checked.ok:
            from gendisclose.export import derive_any_tables

            assert len(derive_any_tables(checked.department).tables) == 10
