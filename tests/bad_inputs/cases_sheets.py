"""Corpus cases: hidden data, duplicate headers, look-alike sheet names, formulas without values, file formats (issue 12)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from copy import copy
from xml.etree import ElementTree

from openpyxl import Workbook
from openpyxl.styles import Font

from gendisclose.workbook.schema import FUND_INCOME, INFO, PRIOR, THREE_PUBLIC_EXTRA  # noqa: I001

from .base import (
    BASIC,
    BASIC_ROWS,
    ECONOMIC,
    ECONOMIC_ROWS,
    PROJECT_A,
    PROJECT_ROWS,
    PROJECTS,
    field_ref,
    ref,
    replace_member,
    sheet_member,
    where,
)
from .cases import ERROR, WARNING, case

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
D2 = ref(BASIC, "current.general", BASIC_ROWS["2010301"])
D3 = ref(BASIC, "current.general", BASIC_ROWS["2080505"])
THREE = THREE_PUBLIC_EXTRA.name  # 三公经费（项目支出）


def _copy_row(ws, source: int, target: int) -> None:
    for cell in ws[source]:
        ws.cell(target, cell.column, cell.value)._style = copy(cell._style)


def _three_public_row(ws) -> None:
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = PROJECT_A, "公务接待费", "一般公共预算", 1000


def _fund_income_row(ws) -> None:
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = "政府性基金预算", "1030148", "国有土地使用权出让收入", 50000


def _edit_sheet(data: bytes, sheet: str, edit: Callable[[bytes], bytes]) -> bytes:
    member = sheet_member(data, sheet)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(member)
    changed = edit(xml)
    assert changed != xml, f"{sheet}: the edit changed nothing"
    return replace_member(data, member, [changed])


def _replace_cell(cell: str, new: str) -> Callable[[bytes], bytes]:
    """An edit replacing the ``<c r="D2" …>…</c>`` element by ``new``."""
    pattern = re.compile(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % cell.encode())

    def edit(xml: bytes) -> bytes:
        assert pattern.search(xml), cell
        return pattern.sub(new.encode(), xml, count=1)

    return edit


# ================================================================ hidden data


@case("workbook", "row.hidden", "隐藏行", where(PROJECTS, "A4"))
def obsolete_project_in_hidden_row(wb: Workbook) -> None:
    """Last year's project left in a hidden row of 项目 (the accountant sees two projects)."""
    ws = wb[PROJECTS.name]
    _copy_row(ws, PROJECT_ROWS[PROJECT_A], 4)
    ws["A4"] = "旧办公楼维修"
    ws.row_dimensions[4].hidden = True


@case("workbook", "row.hidden", "取消隐藏后核对", where(BASIC, "A3"))
def row_hidden_by_autofilter(wb: Workbook) -> None:
    """An autofilter on 收支预算 hides the 2080505 line: Excel shows one line, the file holds two."""
    ws = wb[BASIC.name]
    ws.auto_filter.ref = "A1:M3"
    ws.auto_filter.add_filter_column(1, ["2010301"])
    ws.row_dimensions[3].hidden = True


@case("workbook", "row.hidden", "隐藏行", where(ECONOMIC, "A4"))
def row_in_collapsed_outline(wb: Workbook) -> None:
    """An outline group collapsed over 基本支出经济分类 row 4 (30108)."""
    ws = wb[ECONOMIC.name]
    ws.row_dimensions.group(ECONOMIC_ROWS["30108"], ECONOMIC_ROWS["30108"], outline_level=1, hidden=True)


@case("bytes", "row.hidden", "隐藏行", where(BASIC, "A3"))
def row_of_zero_height(data: bytes) -> bytes:
    """Row 3 of zero height (``ht="0"``, not flagged hidden): still invisible."""
    return _edit_sheet(data, BASIC.name, lambda xml: xml.replace(b'<row r="3">', b'<row r="3" ht="0" customHeight="1">'))


@case("workbook", "row.hidden", "隐藏行", where(PRIOR, field_ref(PRIOR, "prior.income_total")))
def hidden_field_row(wb: Workbook) -> None:
    """The 上年预算收入总计 row of 上年数与变动原因 hidden with its figure in it."""
    wb[PRIOR.name].row_dimensions[PRIOR.row_of("prior.income_total")].hidden = True


@case("workbook", "column.hidden", "隐藏列", where(BASIC, D2))
def hidden_money_column(wb: Workbook) -> None:
    """当年一般公共预算 (D) hidden on 收支预算: its money is counted, nobody sees it."""
    wb[BASIC.name].column_dimensions["D"].hidden = True


@case("workbook", "cell.invisible", "白色字体", where(BASIC, D3))
def amount_in_white_font(wb: Workbook) -> None:
    """The 2080505 amount coloured white: the cell looks empty, the money is counted."""
    wb[BASIC.name][D3].font = Font(color="FFFFFF")


@case("workbook", "cell.invisible", "不显示内容", where(PRIOR, field_ref(PRIOR, "prior.expenditure_total")))
def amount_hidden_by_number_format(wb: Workbook) -> None:
    """上年预算支出总计 formatted ``;;;``: Excel shows nothing."""
    wb[PRIOR.name][field_ref(PRIOR, "prior.expenditure_total")].number_format = ";;;"


@case("workbook", "sheet.hidden", "被隐藏了", THREE)
def hidden_optional_sheet_with_data(wb: Workbook) -> None:
    ws = wb[THREE]
    _three_public_row(ws)
    ws.sheet_state = "hidden"


@case("workbook", "sheet.hidden", "深度隐藏", FUND_INCOME.name)
def very_hidden_sheet_with_data(wb: Workbook) -> None:
    """veryHidden: not even listed by Excel's 取消隐藏."""
    ws = wb[FUND_INCOME.name]
    _fund_income_row(ws)
    ws.sheet_state = "veryHidden"


@case("workbook", "sheet.unknown", "不会被读取", "旧数据", level=WARNING)
def hidden_unknown_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet("旧数据")
    ws["A1"], ws["B1"] = "去年的项目", 120000
    ws.sheet_state = "hidden"


# ================================================================ columns


@case("workbook", "column.duplicate", "无法确定应读哪一列", where(BASIC, "N1"))
def same_header_twice(wb: Workbook) -> None:
    """A second 当年一般公共预算 column at the right (a corrected copy): which one is meant?"""
    ws = wb[BASIC.name]
    ws["N1"], ws["N2"], ws["N3"] = "当年一般公共预算", 1765000, 200000


@case("workbook", "column.duplicate", "U+200B", where(PROJECTS, "A1"))
def same_header_with_invisible_character(wb: Workbook) -> None:
    """A column headed 项目名称 + zero-width space placed before the real one."""
    ws = wb[PROJECTS.name]
    ws.insert_cols(1)
    ws["A1"], ws["A2"] = "项目名称\u200b", "别的项目"


@case("workbook", "column.no_header", "没有表头", where(BASIC, "O2"), level=WARNING)
def data_under_no_header(wb: Workbook) -> None:
    """An amount typed to the right of the last column, under no header: read by nobody."""
    wb[BASIC.name]["O2"] = 50000


@case("workbook", "column.lookalike", "很像“当年一般公共预算”", where(BASIC, "N2"), level=WARNING)
def corrected_amounts_in_a_lookalike_column(wb: Workbook) -> None:
    """A column 当年一般公共预算（调整后） added with corrected amounts: not a standard header."""
    ws = wb[BASIC.name]
    ws["N1"], ws["N2"] = "当年一般公共预算（调整后）", 1700000


@case("workbook", "cell.invisible", "与填充颜色相同", where(BASIC, D3))
def amount_in_the_fill_colour(wb: Workbook) -> None:
    """Yellow text on a yellow fill."""
    from openpyxl.styles import PatternFill

    wb[BASIC.name][D3].font = Font(color="FFFF00")
    wb[BASIC.name][D3].fill = PatternFill("solid", fgColor="FFFF00")


@case("workbook", "sheet.header_row", "请删除表头上面的 1 行", where(PROJECTS, "第2行"))
def title_row_above_the_headers(wb: Workbook) -> None:
    """A title row inserted above the headers of 项目: one clear error, not one per column."""
    ws = wb[PROJECTS.name]
    ws.insert_rows(1)
    ws["A1"] = "2026年项目支出预算表"


@case("workbook", "column.missing", "是否改写了", where(BASIC, "D1"))
def header_rewritten_with_its_unit(wb: Workbook) -> None:
    """当年一般公共预算 rewritten as 当年一般公共预算（元）: the error names the rewritten header."""
    wb[BASIC.name]["D1"] = "当年一般公共预算（元）"


# ================================================================ sheet names


@case("workbook", "sheet.lookalike", "看起来是“三公经费（项目支出）”", "三公经费(项目支出)")
def optional_sheet_with_half_width_parentheses(wb: Workbook) -> None:
    ws = wb[THREE]
    _three_public_row(ws)
    ws.title = "三公经费(项目支出)"


@case("workbook", "sheet.lookalike", "看起来是“基金与国资收入”", "基金与国资收入表")
def optional_sheet_with_table_suffix(wb: Workbook) -> None:
    ws = wb[FUND_INCOME.name]
    _fund_income_row(ws)
    ws.title = "基金与国资收入表"


@case("workbook", "sheet.lookalike", "看起来是“基金与国资收入”", "基金与国资收人")
def optional_sheet_with_typo(wb: Workbook) -> None:
    """收人 for 收入: one character off."""
    ws = wb[FUND_INCOME.name]
    _fund_income_row(ws)
    ws.title = "基金与国资收人"


@case("workbook", "sheet.lookalike", "只能保留一个", "三公经费 (项目支出)")
def optional_sheet_twice(wb: Workbook) -> None:
    """The real 三公 sheet (empty) and a look-alike copy holding the data."""
    ws = wb.copy_worksheet(wb[THREE])
    ws.title = "三公经费 (项目支出)"
    _three_public_row(ws)


@case("workbook", "sheet.missing", "项目⟨U+200B⟩", PROJECTS.name)
def required_sheet_with_invisible_character(wb: Workbook) -> None:
    """项目 renamed with a zero-width space: the missing-sheet error names the look-alike."""
    wb[PROJECTS.name].title = "项目\u200b"


@case("workbook", "sheet.duplicate", "无法确定应读哪一个", "项目 ")
def same_sheet_twice_with_space(wb: Workbook) -> None:
    """A copy named 项目 + space, holding a third project."""
    ws = wb.copy_worksheet(wb[PROJECTS.name])
    ws.title = "项目 "
    ws["A4"] = "第三个项目"


@case("workbook", "sheet.unknown", "不会被读取", "补充数据", level=WARNING)
def unknown_sheet_with_data(wb: Workbook) -> None:
    ws = wb.create_sheet("补充数据")
    ws["C5"] = "另一个项目 30000"


# ================================================================ key–value sheets


@case("workbook", "field.misplaced", "应填在 B 列", where(PRIOR, f"C{PRIOR.row_of('reasons.income')}"), level=WARNING)
def field_value_in_help_column(wb: Workbook) -> None:
    """收入变动原因 typed over the 填写说明 (C) instead of 内容 (B)."""
    wb[PRIOR.name][f"C{PRIOR.row_of('reasons.income')}"] = "人员增加"


@case("workbook", "field.no_label", "没有项目名称", where(INFO, "B45"), level=WARNING)
def field_value_without_label(wb: Workbook) -> None:
    wb[INFO.name]["B45"] = "联系电话 0356-1234567"


@case("workbook", "field.lookalike", "很像“上年预算收入总计”", where(PRIOR, "A60"), level=WARNING)
def field_label_lookalike(wb: Workbook) -> None:
    """A corrected figure typed on a new row whose label only resembles the real one."""
    ws = wb[PRIOR.name]
    ws["A60"], ws["B60"] = "上年预算收入总计（调整后）", 2100000


# ================================================================ formulas without a cached value


@case("bytes", "cell.formula_no_value", "公式没有计算结果", where(BASIC, D2))
def text_formula_without_value(data: bytes) -> bytes:
    """``t="str"`` formula cell with no ``<v>`` (a writer that does not calculate)."""
    new = f'<c r="{D2}" t="str"><f>TEXT(1765100,"0")</f></c>'
    return _edit_sheet(data, BASIC.name, _replace_cell(D2, new))


@case("bytes", "cell.formula_no_value", "公式没有计算结果", where(BASIC, D3))
def array_formula_range_without_values(data: bytes) -> bytes:
    """An array formula over D2:D3: D2 has its value, D3 (no ``<f>`` of its own) has none."""
    master = f'<c r="{D2}"><f t="array" ref="{D2}:{D3}">{{1765100;200000}}</f><v>1765100</v></c>'
    edit_master = _replace_cell(D2, master)
    edit_child = _replace_cell(D3, f'<c r="{D3}"/>')
    return _edit_sheet(data, BASIC.name, lambda xml: edit_child(edit_master(xml)))


@case("bytes", "cell.formula_empty", "空文本", where(BASIC, "C2"), level=WARNING)
def formula_cached_as_empty_text(data: bytes) -> bytes:
    """``=IF(…,"",…)`` in 功能科目名称, cached as empty text: read as not filled, said so."""
    new = '<c r="C2" t="str"><f>IF(B2="","","行政运行")</f><v></v></c>'
    return _edit_sheet(data, BASIC.name, _replace_cell("C2", new))


@case("bytes", "cell.formula_stale", "不计算公式的程序", where(BASIC, D2), level=WARNING)
def formula_results_written_by_a_non_calculating_writer(data: bytes) -> bytes:
    """XlsxWriter's way: every formula stored with a dummy result and ``fullCalcOnLoad="1"``."""
    new = f'<c r="{D2}"><f>SUM(E2:H2)+1765100</f><v>1765100</v></c>'
    edited = _edit_sheet(data, BASIC.name, _replace_cell(D2, new))
    with zipfile.ZipFile(io.BytesIO(edited)) as z:
        book = z.read("xl/workbook.xml")
    book = re.sub(rb"<calcPr[^>]*/>", b"", book).replace(b"</workbook>", b'<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
    return replace_member(edited, "xl/workbook.xml", [book])


def _prefixed(data: bytes, edit: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """Every SpreadsheetML part rewritten with an ``x:`` prefix (``<x:c><x:f>``), as the Open
    XML SDK writes; ``edit(member, xml)`` may change a worksheet first."""
    ElementTree.register_namespace("x", MAIN)
    ElementTree.register_namespace("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if edit is not None and info.filename.startswith("xl/worksheets/sheet"):
                body = edit(info.filename, body)
            if info.filename.endswith(".xml") and MAIN.encode() in body[:400]:
                root = ElementTree.fromstring(body)
                body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
                assert b"<x:" in body
            dst.writestr(info, body)
    return out.getvalue()


def _prefixed_with(data: bytes, sheet: str, edit: Callable[[bytes], bytes]) -> bytes:
    member = sheet_member(data, sheet)
    return _prefixed(data, lambda name, xml: edit(xml) if name == member else xml)


@case("bytes", "cell.formula_no_value", "公式没有计算结果", where(BASIC, D2))
def prefixed_namespace_formula_without_value(data: bytes) -> bytes:
    new = f'<c r="{D2}"><f>SUM(E2:H2)+1765100</f></c>'
    return _prefixed_with(data, BASIC.name, _replace_cell(D2, new))


@case("bytes", "cell.formula_no_value", "公式没有计算结果", where(BASIC, D3))
def prefixed_shared_formula_without_values(data: bytes) -> bytes:
    """A shared formula over D2:D3 in ``x:`` markup: the master has its value, the child none."""
    master = f'<c r="{D2}"><f t="shared" ref="{D2}:{D3}" si="0">1765100+0*E2</f><v>1765100</v></c>'
    edit_master = _replace_cell(D2, master)
    edit_child = _replace_cell(D3, f'<c r="{D3}"><f t="shared" si="0"/></c>')
    return _prefixed_with(data, BASIC.name, lambda xml: edit_child(edit_master(xml)))


@case("bytes", "cell.formula_no_value", "公式没有计算结果", where(BASIC, "A2"))
def prefixed_inline_string_formula_without_value(data: bytes) -> bytes:
    new = '<c r="A2" t="inlineStr"><f>"测试县"&amp;"测试局"</f></c>'
    return _prefixed_with(data, BASIC.name, _replace_cell("A2", new))


@case("bytes", "cell.merged", "合并单元格 A2:A3", where(BASIC, "A2"))
def prefixed_namespace_merged_cells(data: bytes) -> bytes:
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>')

    return _prefixed_with(data, BASIC.name, edit)


# ================================================================ file format


@case("bytes", "file.strict_ooxml", "Strict Open XML", None)
def strict_open_xml(data: bytes) -> bytes:
    """Excel's “Strict Open XML 电子表格” save: every namespace under purl.oclc.org."""
    mapping = {
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
            b"http://purl.oclc.org/ooxml/officeDocument/relationships"
        ),
        b"http://schemas.openxmlformats.org/drawingml/2006/main": b"http://purl.oclc.org/ooxml/drawingml/main",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            for old, new in mapping.items():
                body = body.replace(old, new)
            dst.writestr(info, body)
    return out.getvalue()


@case("bytes", "sheet.unreadable", "无法读取", THREE)
def optional_sheet_in_a_foreign_namespace(data: bytes) -> bytes:
    """The optional 三公 sheet, holding a row, written in another namespace: openpyxl saw it empty."""
    foreign = b"http://example.com/not-spreadsheetml"

    def edit(xml: bytes) -> bytes:
        end = xml.index(b"</sheetData>")
        row = (
            '<row r="2"><c r="A2" t="inlineStr"><is><t>办公楼物业费</t></is></c>'
            '<c r="B2" t="inlineStr"><is><t>公务接待费</t></is></c>'
            '<c r="C2" t="inlineStr"><is><t>一般公共预算</t></is></c><c r="D2"><v>1000</v></c></row>'
        ).encode()
        xml = xml[:end] + row + xml[end:]
        return xml.replace(MAIN.encode(), foreign, 1)

    return _edit_sheet(data, THREE, edit)


@case("bytes", "sheet.row_order", "行的顺序", where(BASIC, "第2行"))
def rows_out_of_order(data: bytes) -> bytes:
    """Row 3 written before row 2 (a hand-made or damaged file): openpyxl dropped row 2."""

    def edit(xml: bytes) -> bytes:
        row2 = re.search(rb'<row r="2".*?</row>', xml)
        row3 = re.search(rb'<row r="3".*?</row>', xml)
        assert row2 and row3
        return xml[: row2.start()] + row3.group(0) + row2.group(0) + xml[row3.end() :]

    return _edit_sheet(data, BASIC.name, edit)


__all__ = ["ERROR", "WARNING"]
