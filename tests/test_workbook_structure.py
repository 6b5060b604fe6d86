"""The workbook's structure (sheets, headers, hidden rows/columns, formula forms): what is not
reported as well as what is — the tool's own workbooks and formatting-only changes stay silent."""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

sys.path.insert(0, str(Path(__file__).parent))  # bad_inputs, when run alone

from bad_inputs.base import BASIC, PROJECTS, base_bytes, base_department, open_base, save, sheet_member
from bad_inputs.cases_sheets import _prefixed, _prefixed_with, _replace_cell

from gendisclose.workbook import hidden
from gendisclose.workbook.reader import read_workbook
from gendisclose.workbook.structure import lookalike
from gendisclose.workbook.template import template_bytes

ROOT = Path(__file__).resolve().parent.parent
STRUCTURAL = {
    "row.hidden",
    "column.hidden",
    "sheet.hidden",
    "sheet.unknown",
    "sheet.lookalike",
    "sheet.duplicate",
    "column.duplicate",
    "column.no_header",
    "field.misplaced",
    "field.no_label",
    "cell.formula_no_value",
    "cell.formula_empty",
    "cell.invisible",
    "cell.formula_stale",
    "column.lookalike",
    "field.lookalike",
    "sheet.row_order",
    "file.strict_ooxml",
}


def read_bytes(data: bytes, tmp_path: Path, name: str = "wb.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_workbook(path)


def _calculated(data: bytes) -> bytes:
    """As saved by a program that calculates (no ``fullCalcOnLoad``, which openpyxl writes)."""
    from bad_inputs.base import replace_member

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = z.read("xl/workbook.xml")
    book = book.replace(b' fullCalcOnLoad="1"', b"")
    return replace_member(data, "xl/workbook.xml", [book])


# ---------------------------------------------------------------- silent where nothing is wrong


def test_blank_template_has_no_structural_issue(tmp_path):
    _, issues = read_bytes(template_bytes(), tmp_path)
    assert [str(i) for i in issues if i.code in STRUCTURAL] == []


@pytest.mark.parametrize("sample", sorted((ROOT / "sample_inputs").glob("*.xlsx")), ids=lambda p: p.stem)
def test_shipped_samples_have_no_structural_issue(sample):
    _, issues = read_workbook(sample)
    assert [str(i) for i in issues if i.code in STRUCTURAL] == []


def test_hidden_empty_rows_columns_and_sheets_are_only_formatting(tmp_path):
    wb = open_base()
    ws = wb[BASIC.name]
    for r in range(10, 20):
        ws.row_dimensions[r].hidden = True
    ws["A12"].number_format = "@"  # a styled, empty cell in a hidden row
    ws.column_dimensions["Z"].hidden = True
    wb[PROJECTS.name].column_dimensions[get_column_letter(len(PROJECTS.columns) + 3)].hidden = True
    wb["三公经费（项目支出）"].sheet_state = "hidden"  # the optional sheet, empty
    empty = wb.create_sheet("草稿")
    empty.sheet_state = "veryHidden"
    department, issues = read_bytes(save(wb), tmp_path)
    assert [str(i) for i in issues] == []
    assert department == base_department()


def test_white_font_on_a_dark_fill_and_zero_hiding_formats_are_visible(tmp_path):
    """White on dark blue can be read; ``0;-0;;@`` hides only zeros (a zero is a blank)."""
    from openpyxl.styles import Font, PatternFill

    wb = open_base()
    ws = wb[BASIC.name]
    ws["D2"].font = Font(color="FFFFFF")
    ws["D2"].fill = PatternFill("solid", fgColor="1F4E78")
    ws["D3"].number_format = "0;-0;;@"
    ws["E2"].value = 0
    ws["E2"].number_format = "0;-0;;@"
    department, issues = read_bytes(save(wb), tmp_path)
    assert [str(i) for i in issues] == []
    assert department == base_department()


def test_an_empty_lookalike_copy_is_only_a_warning(tmp_path):
    """Excel's 移动或复制 left an empty 项目 (2) and 上年数与变动原因 (2) (headers, labels, help)."""
    wb = open_base()
    for name in (PROJECTS.name, "上年数与变动原因"):
        copy = wb.copy_worksheet(wb[name])
        copy.title = f"{name} (2)"
        for row in copy.iter_rows(min_row=2, max_col=2 if name != PROJECTS.name else None):
            for cell in row[1:] if name != PROJECTS.name else row:
                cell.value = None
    department, issues = read_bytes(save(wb), tmp_path)
    assert {(i.code, i.level.value, i.location.cell) for i in issues} == {
        ("sheet.lookalike", "警告", "项目 (2)"),
        ("sheet.lookalike", "警告", "上年数与变动原因 (2)"),
    }
    assert department == base_department()


def test_note_column_with_a_header_is_allowed(tmp_path):
    """填报说明 allows the accountant's own columns at the right, if they carry a header."""
    wb = open_base()
    ws = wb[BASIC.name]
    ws["P1"], ws["P2"] = "备注", "含两名退休人员"
    department, issues = read_bytes(save(wb), tmp_path)
    assert issues == [] and department == base_department()


def test_prefixed_namespace_workbook_reads_as_the_base(tmp_path):
    """``<x:c>`` markup (Open XML SDK) holds the same values: none read as blank."""
    data = _prefixed(base_bytes())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"<x:c " in z.read(sheet_member(data, BASIC.name))
    department, issues = read_bytes(data, tmp_path)
    assert [str(i) for i in issues] == []
    assert department == base_department()


def test_formula_with_cached_values_in_every_form_reads_its_values(tmp_path):
    """A t="str" result, an array range and shared children that all carry their values."""
    text = '<c r="C2" t="str"><f>"行政运行"</f><v>行政运行</v></c>'
    master = '<c r="D2"><f t="array" ref="D2:D3">{1765100;200000}</f><v>1765100</v></c>'
    child = '<c r="D3"><v>200000</v></c>'
    edits = [_replace_cell("C2", text), _replace_cell("D2", master), _replace_cell("D3", child)]

    def edit(xml: bytes) -> bytes:
        for one in edits:
            xml = one(xml)
        return xml

    department, issues = read_bytes(_calculated(_prefixed_with(base_bytes(), BASIC.name, edit)), tmp_path)
    assert [str(i) for i in issues] == []
    first, second = department.basic_lines
    assert first.function_name == "行政运行"
    assert first.model_copy(update={"function_name": None}) == base_department().basic_lines[0]
    assert second == base_department().basic_lines[1]


# ---------------------------------------------------------------- reported, bounded


def test_hidden_rows_are_reported_one_by_one_up_to_a_cap(tmp_path):
    wb = open_base()
    ws = wb[PROJECTS.name]
    for r in range(4, 34):
        ws.cell(r, 1, f"旧项目{r}")
        ws.row_dimensions[r].hidden = True
    issues = [i for i in read_bytes(save(wb), tmp_path)[1] if i.code == "row.hidden"]
    assert len(issues) == hidden.MAX_HIDDEN_ISSUES + 1
    assert issues[0].location.cell == "项目!A4"
    assert "共有 30 个隐藏行" in issues[-1].message and issues[-1].location.cell == "项目"


def test_rows_hidden_by_default_zero_height(tmp_path):
    """``<sheetFormatPr zeroHeight="1">``: every row without its own height is hidden."""
    data = base_bytes()
    member = sheet_member(data, BASIC.name)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(member)
    xml = xml.replace(b'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>',
                      b'<sheetFormatPr baseColWidth="8" defaultRowHeight="15" zeroHeight="1"/>')
    from bad_inputs.base import replace_member

    issues = read_bytes(replace_member(data, member, [xml]), tmp_path)[1]
    assert {i.location.cell for i in issues if i.code == "row.hidden"} == {"收支预算!A2", "收支预算!A3"}


def test_forged_huge_array_range_is_bounded(tmp_path):
    """``ref="D2:XFD1048576"`` with no values: refused at its cells, quickly, capped."""
    master = '<c r="D2"><f t="array" ref="D2:XFD1048576">1</f></c>'
    from bad_inputs.cases_sheets import _edit_sheet

    data = _edit_sheet(base_bytes(), BASIC.name, _replace_cell("D2", master))
    start = time.perf_counter()
    _, issues = read_bytes(data, tmp_path)
    assert time.perf_counter() - start < 20
    formula = [i for i in issues if i.code == "cell.formula_no_value"]
    assert formula and formula[0].location.cell == "收支预算!D2"
    assert len(issues) < 300


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("三公经费(项目支出)", ("三公经费（项目支出）", True)),
        ("三公经费 （项目支出）", ("三公经费（项目支出）", True)),
        ("基金与国资收入表", ("基金与国资收入", True)),
        ("项目表", ("项目", True)),
        ("项目 (2)", ("项目", True)),
        ("Sheet收支预算", ("收支预算", True)),
        ("2026年收支预算", ("收支预算", False)),
        ("基金与国资收人", ("基金与国资收入", False)),
        ("收支预算（修改后）", ("收支预算", False)),
        ("项目", None),
        (" 项目 ", None),
        ("Sheet1", None),
        ("汇总", None),
        ("单价", None),
        ("备注", None),
    ],
)
def test_lookalike_sheet_names(name, expected):
    assert lookalike(name) == expected


# ---------------------------------------------------------------- the 决算 workbook, same rules


FINAL_SAMPLE = ROOT / "sample_inputs" / "shuocheng-approval-final-2023.xlsx"


@pytest.mark.skipif(not FINAL_SAMPLE.exists(), reason="no 决算 sample in this tree")
def test_final_workbook_hidden_row_and_lookalike_optional_sheet(tmp_path):
    """The 决算 sample, an evaluation row hidden and 绩效自评 renamed 绩效自评表: both reported."""
    from openpyxl import load_workbook

    wb = load_workbook(FINAL_SAMPLE)
    ws = wb["绩效自评"]
    ws.cell(2, 1, "某项目")
    ws.row_dimensions[2].hidden = True
    _, issues = read_bytes(save(wb), tmp_path)
    assert ("row.hidden", "绩效自评!A2") in {(i.code, i.location.cell) for i in issues}
    ws.row_dimensions[2].hidden = False
    ws.title = "绩效自评表"
    _, issues = read_bytes(save(wb), tmp_path, "renamed.xlsx")
    lookalike = [i for i in issues if i.code == "sheet.lookalike"]
    assert [(i.level.value, i.location.cell) for i in lookalike] == [("错误", "绩效自评表")]
    assert "看起来是“绩效自评”" in lookalike[0].message


def test_a_refused_project_sheet_does_not_cascade_into_one_reference_error_per_row(tmp_path):
    """项目 with its header twice is refused; the indicators and 三公 rows that name its
    projects are not each reported as naming an unknown project (that would bury the one
    real error under dozens)."""
    wb = open_base()
    ws = wb[PROJECTS.name]
    column = ws.max_column + 1
    ws.cell(1, column).value = ws.cell(1, 1).value  # 项目名称 a second time
    department, issues = read_bytes(save(wb), tmp_path)
    codes = {i.code for i in issues}
    assert department is None
    assert "column.duplicate" in codes
    assert not {c for c in codes if c.startswith("ref.")}, codes


def test_a_name_wrapped_with_alt_enter_is_read_as_one_line(tmp_path):
    """Alt+Enter typed to wrap a long 部门名称 or 项目名称 in its cell is no part of the name: the
    cover, captions, 目录 and file name print it on one line (it printed over several)."""
    from openpyxl import load_workbook

    sample = ROOT / "sample_inputs" / "zezhou-approval-2026.xlsx"
    wb = load_workbook(sample)
    info = wb["基本信息"]
    for row in info.iter_rows():
        if row[0].value == "部门名称":
            name = row[1].value
            row[1].value = name[:4] + "\n" + name[4:]
    projects = wb["项目"]
    project = projects["A3"].value
    projects["A3"].value = project[:3] + " \r\n " + project[3:]
    wb.save(tmp_path / "wrapped.xlsx")
    department, issues = read_workbook(tmp_path / "wrapped.xlsx")
    assert department is not None and not [i for i in issues if i.is_error], [str(i) for i in issues]
    assert department.info.name == name
    assert [p.name for p in department.projects].count(project) == 1
    assert not any("\n" in p.name for p in department.projects)
