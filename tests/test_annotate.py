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


@pytest.mark.skipif(not _calc_available(), reason="LibreOffice Calc is not installed")
def test_opens_in_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "ann.xlsx"
    source.write_bytes(annotate_workbook(_rich_workbook(), [ERR, WARN, CROSS]))
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    back = load_workbook(tmp_path / "out" / "ann.xlsx")
    assert back.sheetnames[0] == LIST_SHEET
    d2 = back["收支预算"]["D2"]
    assert d2.comment is not None and "X99.test" in d2.comment.text
    assert d2.fill.fgColor.rgb.endswith(FILLS["错误"][2:])
