"""The annotated workbook (X.检查结果.xlsx): the accountant's own workbook as the error report."""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from bad_inputs.base import base_bytes, open_base
from openpyxl import load_workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from gendisclose.annotate import LIST_SHEET, OUTPUT_KIND, annotate_workbook
from gendisclose.annotate_parts import FILLS
from gendisclose.issues import Location, error, warning
from gendisclose.pipeline import check_workbook


def _saved(wb) -> bytes:  # noqa: ANN001
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rich_workbook() -> bytes:
    """The base workbook with what a re-save could lose: a hidden sheet, a defined name local
    to a sheet, a dropdown, a column width and a comment of the department's own."""
    from openpyxl.comments import Comment

    wb = open_base()
    hidden = wb.create_sheet("备用")
    hidden["A1"] = "内部"
    hidden.sheet_state = "hidden"
    ws = wb["收支预算"]
    ws.column_dimensions["C"].width = 33
    ws["D2"].comment = Comment("本单位自己的批注", "会计")
    dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    dv.add("Z2:Z9")
    ws.add_data_validation(dv)
    wb.defined_names["部门合计"] = DefinedName("部门合计", attr_text="'收支预算'!$D$2:$D$3")
    ws.defined_names["本表区域"] = DefinedName("本表区域", attr_text="'收支预算'!$A$1:$B$2")
    return _saved(wb)


ERR = error("X99.test", "这一格错了", Location("收支预算", 2, "D"))
WARN = warning("X98.test", "这一格可疑", Location("项目", 3, "E"))
CROSS = error("X13.test", "两张表不一致", Location("收支预算", 3, "D"), Location("基本支出经济分类", 4, "D"))


def _zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_problem_cells_filled_with_a_note_and_listed_first() -> None:
    out = annotate_workbook(base_bytes(), [ERR, WARN, CROSS])
    wb = load_workbook(io.BytesIO(out))
    assert wb.sheetnames[0] == LIST_SHEET
    assert wb.sheetnames[1:] == load_workbook(io.BytesIO(base_bytes())).sheetnames
    d2 = wb["收支预算"]["D2"]
    assert d2.fill.fgColor.rgb == FILLS["错误"]
    assert "X99.test" in d2.comment.text and "这一格错了" in d2.comment.text
    e3 = wb["项目"]["E3"]
    assert e3.fill.fgColor.rgb == FILLS["警告"]
    assert "X98.test" in e3.comment.text
    for sheet, ref in (("收支预算", "D3"), ("基本支出经济分类", "D4")):  # every cell that takes part
        cell = wb[sheet][ref]
        assert cell.fill.fgColor.rgb == FILLS["错误"], (sheet, ref)
        assert "两张表不一致" in cell.comment.text
    listing = wb[LIST_SHEET]
    rows = list(listing.iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == ["X99.test", "X98.test", "X13.test"]
    links = {c.coordinate: c.hyperlink.location for row in listing.iter_rows() for c in row if c.hyperlink}
    assert links == {"D2": "'收支预算'!D2", "D3": "'项目'!E3", "D4": "'收支预算'!D3"}


def test_the_cell_keeps_its_own_format_and_value() -> None:
    before = load_workbook(io.BytesIO(base_bytes()))["收支预算"]["D2"]
    after = load_workbook(io.BytesIO(annotate_workbook(base_bytes(), [ERR])))["收支预算"]["D2"]
    assert after.value == before.value
    assert after.number_format == before.number_format
    for part in ("fontId", "borderId", "numFmtId", "alignmentId", "protectionId"):
        assert getattr(after._style, part) == getattr(before._style, part), part
    assert after._style.fillId != before._style.fillId


def test_everything_else_as_it_was() -> None:
    source = _rich_workbook()
    out = annotate_workbook(source, [ERR, WARN])
    wb = load_workbook(io.BytesIO(out))
    assert wb["备用"].sheet_state == "hidden"
    ws = wb["收支预算"]
    assert ws.column_dimensions["C"].width == 33
    assert any(str(dv.sqref) == "Z2:Z9" for dv in ws.data_validations.dataValidation)
    assert "本单位自己的批注" in ws["D2"].comment.text and "X99.test" in ws["D2"].comment.text
    assert wb.defined_names["部门合计"].attr_text == "'收支预算'!$D$2:$D$3"
    assert "本表区域" in ws.defined_names  # a sheet-local name still on its own sheet (index moved by one)
    before, after = _zip(source), _zip(out)
    untouched = [n for n in before if n.startswith("xl/worksheets/") and "sheet" in n]
    changed = {n for n in untouched if before[n] != after[n]}
    sheet_of = dict(_sheet_parts(after))
    marked = {sheet_of["收支预算"], sheet_of["项目"]}
    assert changed <= marked | {posixpath.join(posixpath.dirname(p), "_rels", posixpath.basename(p) + ".rels") for p in marked}
    values = {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in load_workbook(io.BytesIO(source))}
    assert {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in wb if s.title != LIST_SHEET} == values


def _sheet_parts(files: dict[str, bytes]) -> list[tuple[str, str]]:
    from gendisclose.annotate_parts import Package

    pkg = Package(list(files), dict(files))
    return pkg.sheets(pkg.workbook_part())


def test_same_input_same_bytes() -> None:
    source = _rich_workbook()
    assert annotate_workbook(source, [ERR, WARN, CROSS]) == annotate_workbook(source, [ERR, WARN, CROSS])


def test_marked_as_our_output(tmp_path: Path) -> None:
    from gendisclose.batch import own_output_kind

    target = tmp_path / "x.检查结果.xlsx"
    target.write_bytes(annotate_workbook(base_bytes(), [ERR]))
    assert own_output_kind(target) == OUTPUT_KIND
    plain = tmp_path / "x.xlsx"
    plain.write_bytes(base_bytes())
    assert own_output_kind(plain) is None


def test_package_is_consistent() -> None:
    """Excel's own demands, checked structurally: every part has a content type, every
    relationship points at a part, each comments part has its VML drawing and legacyDrawing."""
    out = annotate_workbook(_rich_workbook(), [ERR, WARN, CROSS])
    files = _zip(out)
    types = files["[Content_Types].xml"].decode()
    defaults = set(re.findall(r'Default Extension="([^"]+)"', types))
    overrides = set(re.findall(r'Override PartName="/([^"]+)"', types))
    for name in files:
        if name == "[Content_Types].xml":
            continue
        assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name
    for name, data in files.items():
        if not name.endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(name))
        for target, mode in re.findall(r'Target="([^"]+)"(?: TargetMode="([^"]+)")?', data.decode()):
            if mode == "External":
                continue
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            assert part in files, (name, target)
    for name, data in files.items():
        if name.startswith("xl/worksheets/") and name.endswith(".xml") and b"legacyDrawing" in data:
            rels = files["xl/worksheets/_rels/" + posixpath.basename(name) + ".rels"].decode()
            assert "relationships/comments" in rels and "relationships/vmlDrawing" in rels
    from lxml import etree

    for name, data in files.items():
        if name.endswith((".xml", ".rels", ".vml")):
            etree.fromstring(data)  # well-formed


def test_real_check_of_a_broken_workbook(tmp_path: Path) -> None:
    wb = open_base()
    wb["收支预算"]["D3"] = 999999
    path = tmp_path / "坏.xlsx"
    path.write_bytes(_saved(wb))
    checked = check_workbook(path)
    assert checked.issues
    out = load_workbook(io.BytesIO(annotate_workbook(path.read_bytes(), checked.issues)))
    listed = [r[2] for r in out[LIST_SHEET].iter_rows(min_row=2, values_only=True)]
    assert listed == [i.code for i in checked.issues]


def _calc_available() -> bool:
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    program = Path(soffice).resolve().parent
    return any(program.glob("libsclo.so")) or any(program.glob("libsc*lo.so"))


def _libreoffice_xlsx(source: Path, folder: Path) -> Path:
    """``source`` opened and saved again as .xlsx by LibreOffice Calc."""
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "xlsx", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return folder / source.name


@pytest.mark.skipif(not _calc_available(), reason="LibreOffice Calc is not installed")
def test_opens_in_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "ann.xlsx"
    source.write_bytes(annotate_workbook(_rich_workbook(), [ERR, WARN, CROSS]))
    back = load_workbook(_libreoffice_xlsx(source, tmp_path / "out"))
    assert back.sheetnames[0] == LIST_SHEET
    d2 = back["收支预算"]["D2"]
    assert d2.comment is not None and "X99.test" in d2.comment.text and "本单位自己的批注" in d2.comment.text
    assert d2.fill.fgColor.rgb.endswith(FILLS["错误"][2:])
    assert back["备用"].sheet_state == "hidden"


@pytest.mark.skipif(not _calc_available(), reason="LibreOffice Calc is not installed")
def test_a_workbook_another_program_wrote(tmp_path: Path) -> None:
    """A package not written by openpyxl (shared strings, relative targets, its own styles):
    LibreOffice's own .xlsx, annotated, and opened by LibreOffice again."""
    first = tmp_path / "局.xlsx"
    first.write_bytes(_rich_workbook())
    foreign = _libreoffice_xlsx(first, tmp_path / "lo")
    assert "xl/sharedStrings.xml" in _zip(foreign.read_bytes())
    annotated = tmp_path / "ann.xlsx"
    annotated.write_bytes(annotate_workbook(foreign.read_bytes(), [ERR, WARN, CROSS]))
    for wb in (load_workbook(annotated), load_workbook(_libreoffice_xlsx(annotated, tmp_path / "again"))):
        assert wb.sheetnames[0] == LIST_SHEET
        assert "X98.test" in wb["项目"]["E3"].comment.text
        assert wb["项目"]["E3"].fill.fgColor.rgb.endswith(FILLS["警告"][2:])
        assert wb["收支预算"]["D2"].value == load_workbook(foreign)["收支预算"]["D2"].value


# ---------------------------------------------------------------- 情况说明


def _with_overall_amount(explain: list[tuple[str, str | None, str]] = ()) -> bytes:
    """The base workbook whose 整体绩效 涉及资金 (B8) disagrees with 表一 (a warning), with
    these 情况说明 rows."""
    wb = open_base()
    wb["整体绩效"]["B8"] = 123456
    sheet = wb["情况说明"]
    for row, (rule, cell, text) in enumerate(explain, start=2):
        sheet.cell(row, 1, rule)
        sheet.cell(row, 2, cell)
        sheet.cell(row, 3, text)
    return _saved(wb)


def _checked(tmp_path: Path, data: bytes, name: str = "局.xlsx"):  # noqa: ANN202
    path = tmp_path / name
    path.write_bytes(data)
    return check_workbook(path)


def test_an_explained_warning_is_shown_explained(tmp_path: Path) -> None:
    checked = _checked(tmp_path, _with_overall_amount([("overall.amount", "整体绩效！b8", "只含本级资金")]))
    [issue] = [i for i in checked.issues if i.code == "overall.amount"]
    assert issue.state == "已说明" and issue.explanation == "只含本级资金"
    assert issue.as_dict()["state"] == "已说明" and issue.as_dict()["explanation"] == "只含本级资金"
    assert "已说明" in str(issue) and "只含本级资金" in str(issue)
    assert not [i for i in checked.issues if i.code.startswith("explanation.")]
    wb = load_workbook(io.BytesIO(annotate_workbook((tmp_path / "局.xlsx").read_bytes(), checked.issues)))
    b8 = wb["整体绩效"]["B8"]
    assert b8.fill.fgColor.rgb == FILLS["已说明"] and "只含本级资金" in b8.comment.text
    assert "只含本级资金" in [r[5] for r in wb[LIST_SHEET].iter_rows(min_row=2, values_only=True)]


def test_a_blank_cell_explains_every_warning_of_the_rule(tmp_path: Path) -> None:
    checked = _checked(tmp_path, _with_overall_amount([("overall.amount", None, "属实")]))
    assert [i.state for i in checked.issues if i.code == "overall.amount"] == ["已说明"]


def test_an_explanation_never_silences_an_error(tmp_path: Path) -> None:
    wb = open_base()
    wb["收支预算"]["D3"] = 999999
    wb["情况说明"]["A2"], wb["情况说明"]["C2"] = "X13", "我们认为没错"
    checked = _checked(tmp_path, _saved(wb))
    errors = [i for i in checked.issues if i.code.startswith("X13")]
    assert errors and all(i.is_error and i.state == "错误" and i.explanation is None for i in errors)
    [note] = [i for i in checked.issues if i.code == "explanation.on_error"]
    assert note.location.cell == "情况说明!A2" and not note.is_error


def test_an_explanation_that_matches_nothing_is_a_warning_at_its_row(tmp_path: Path) -> None:
    checked = _checked(tmp_path, _with_overall_amount([("overall.amount", "整体绩效!B9", "填错了格")]))
    assert [i.state for i in checked.issues if i.code == "overall.amount"] == ["警告"]
    [stale] = [i for i in checked.issues if i.code == "explanation.unmatched"]
    assert stale.location.cell == "情况说明!A2" and "整体绩效!B9" in stale.message


# ---------------------------------------------------------------- the command line


def test_validate_annotate_writes_beside_and_never_touches_the_input(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from gendisclose.cli import app

    source = tmp_path / "局.xlsx"
    source.write_bytes(_with_overall_amount([("overall.amount", "整体绩效!B8", "只含本级")]))
    before = source.read_bytes()
    result = CliRunner().invoke(app, ["validate", str(source), "--annotate", "--format", "json"])
    assert result.exit_code == 0, result.output
    target = tmp_path / "局.检查结果.xlsx"
    assert source.read_bytes() == before and target.is_file()
    import json

    payload = json.loads(result.output)
    assert payload["annotated"] == str(target) and payload["explained"] == 1
    assert payload["issues"][0]["state"] == "已说明"
    first = target.read_bytes()
    again = CliRunner().invoke(app, ["validate", str(source), "--annotate"])  # an earlier 检查结果: replaced
    assert again.exit_code == 0 and target.read_bytes() == first and "已说明" in again.output


def test_validate_annotate_refuses_a_file_that_is_not_ours(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from gendisclose.cli import app

    source = tmp_path / "局.xlsx"
    source.write_bytes(_with_overall_amount())
    other = tmp_path / "别的.xlsx"
    other.write_bytes(base_bytes())
    for target in (other, source):
        result = CliRunner().invoke(app, ["validate", str(source), "-o", str(target)])
        assert result.exit_code == 2 and "未覆盖" in result.output
    assert other.read_bytes() == base_bytes()


def test_batch_annotates_each_workbook_with_problems_and_the_summary_links(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from gendisclose.cli import app

    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    (inbox / "好.xlsx").write_bytes(base_bytes())
    (inbox / "说明.xlsx").write_bytes(_with_overall_amount([("overall.amount", "整体绩效!B8", "只含本级")]))
    (inbox / "警告.xlsx").write_bytes(_with_overall_amount())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(inbox), "--annotate", "-j", "1"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "检查结果"
    assert sorted(p.name for p in folder.iterdir()) == ["警告.检查结果.xlsx", "说明.检查结果.xlsx"]
    assert sorted(p.name for p in inbox.iterdir()) == ["好.xlsx", "警告.xlsx", "说明.xlsx"]  # nothing beside
    ws = load_workbook(tmp_path / "汇总.xlsx")["汇总"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2) if r[0].value and r[0].value.endswith(".xlsx")}
    status = list(ws[1]).index(next(c for c in ws[1] if c.value == "状态"))
    assert {Path(k).name: r[status].value for k, r in rows.items()} == {"好.xlsx": "通过", "说明.xlsx": "已说明", "警告.xlsx": "通过"}
    links = {Path(k).name: next((c.hyperlink.target for c in r if c.hyperlink), None) for k, r in rows.items()}
    assert links == {"好.xlsx": None, "说明.xlsx": "检查结果/说明.检查结果.xlsx", "警告.xlsx": "检查结果/警告.检查结果.xlsx"}
    again = CliRunner().invoke(app, ["validate", str(folder), "-j", "1", "--no-summary"])  # never read back
    assert again.exit_code == 2 and "只有本工具生成的" in again.output and "说明.检查结果.xlsx" in again.output


def test_build_annotates_when_it_refuses(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from gendisclose.cli import app

    wb = open_base()
    wb["收支预算"]["D3"] = 999999
    source = tmp_path / "坏.xlsx"
    source.write_bytes(_saved(wb))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(source), "-o", str(out), "--annotate", "--format", "html"])
    assert result.exit_code == 1
    assert (out / "坏.检查结果.xlsx").is_file() and "检查结果" in result.output
    assert not list(out.glob("*.html"))


def test_project_three_public_over_project_money_marks_the_project_cells(tmp_path: Path) -> None:
    from bad_inputs.base import PROJECT_ROWS

    from gendisclose.workbook.schema import PROJECTS, THREE_PUBLIC_EXTRA

    wb = open_base()
    extra = wb[THREE_PUBLIC_EXTRA.name]
    extra.append(["", "公务接待费", "一般公共预算", 500000])
    checked = _checked(tmp_path, _saved(wb))
    [issue] = [i for i in checked.issues if i.code == "three_public.exceeds_projects"]
    column = PROJECTS.letter("current.general")
    cells = {loc.cell for loc in (issue.location, *issue.related)}
    assert {f"{PROJECTS.name}!{column}{row}" for row in PROJECT_ROWS.values()} <= cells
    assert PROJECTS.name not in cells  # no longer the bare sheet


def test_a_cross_table_identity_marks_every_cell_that_takes_part(tmp_path: Path) -> None:
    from bad_inputs.base import BASIC_ROWS, ECONOMIC_ROWS

    from gendisclose.workbook.schema import BASIC, ECONOMIC

    wb = open_base()
    wb[ECONOMIC.name][f"{ECONOMIC.letter('amount')}{ECONOMIC_ROWS['30101']}"] = 1
    path = tmp_path / "坏.xlsx"
    path.write_bytes(_saved(wb))
    checked = check_workbook(path)
    [issue] = [i for i in checked.issues if i.code == "X13.basic_vs_economic"]
    wanted = [(BASIC.name, f"{BASIC.letter('current.general')}{row}") for row in BASIC_ROWS.values()]
    wanted += [(ECONOMIC.name, f"{ECONOMIC.letter('amount')}{row}") for row in ECONOMIC_ROWS.values()]
    out = load_workbook(io.BytesIO(annotate_workbook(path.read_bytes(), checked.issues)))
    for sheet, ref in wanted:
        assert out[sheet][ref].comment is not None and "X13.basic_vs_economic" in out[sheet][ref].comment.text, ref
        assert out[sheet][ref].fill.fgColor.rgb == FILLS["错误"], ref
