"""Write the standard workbook from the schema: blank (for the bureau to hand out) or filled.

``template_bytes()`` is the blank template; ``template_bytes(department)`` is the same
workbook holding that department's data (sample workbooks, round-trip tests). The bytes are
deterministic: fixed document times and zip entry times, so the same input gives the same
file.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Department, DocumentKind
from ..model_final import FinalDepartment
from ..ooxml import put, workbook_bytes
from .records import department_records
from .records_final import final_department_records
from .schema import (
    CODE_LIST_COLUMNS,
    CODE_LIST_SHEET,
    GENERAL_RULES,
    INSTRUCTIONS_SHEET,
    SHEETS,
    Column,
    FieldSheet,
    Kind,
    TableSheet,
    field_help,
)
from .schema_final import FINAL_GENERAL_RULES, FINAL_SHEETS

#: Rows of a table sheet that carry dropdowns / number validation in the blank template.
VALIDATED_ROWS = 5000

NUMBER_FORMATS = {
    Kind.MONEY: "#,##0.00",
    Kind.INT: "0",
    Kind.CODE: "@",
    Kind.TEXT: "@",
}

_REQUIRED_FILL = PatternFill("solid", fgColor="FFE699")
_OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_FONT = Font(bold=True)
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)


#: (sheets, 填报说明 rules, workbook title) of each kind
KINDS = {
    DocumentKind.BUDGET: (SHEETS, GENERAL_RULES, "部门预算公开标准工作簿"),
    DocumentKind.FINAL_ACCOUNTS: (FINAL_SHEETS, FINAL_GENERAL_RULES, "部门决算公开标准工作簿"),
}


def template_bytes(department: Department | FinalDepartment | None = None, kind: DocumentKind | None = None) -> bytes:
    """The standard workbook of ``kind`` (default: the budget's) as ``.xlsx`` bytes; filled with
    ``department`` when given (its kind then decides)."""
    kind = department.kind if department is not None else (kind or DocumentKind.BUDGET)
    sheets, rules, title = KINDS[kind]
    if department is None:
        records = {}
    elif kind is DocumentKind.FINAL_ACCOUNTS:
        records = final_department_records(department)  # type: ignore[arg-type]
    else:
        records = department_records(department)  # type: ignore[arg-type]
    wb = Workbook()
    wb.remove(wb.active)
    _write_instructions(wb.create_sheet(INSTRUCTIONS_SHEET), sheets, rules, title)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        if isinstance(sheet, TableSheet):
            _write_table_sheet(ws, sheet, records.get(sheet.name, []))
        else:
            _write_field_sheet(ws, sheet, records.get(sheet.name, {}))
    code_rows = _write_code_list(wb.create_sheet(CODE_LIST_SHEET))
    for sheet in sheets:
        if isinstance(sheet, TableSheet):
            _code_dropdowns(wb[sheet.name], sheet, code_rows)
    wb.active = 1 if department is None else 0
    return workbook_bytes(wb, title=title)


# ---------------------------------------------------------------- 代码表 and its dropdowns


def _write_code_list(ws: Worksheet) -> dict[str, int]:
    """The hidden 代码表: 功能科目 (A 编码, B 名称) and 经济科目 (D, E), as text. Returns the last
    row of each code column. Plain values, no formula: the reader never meets a formula of ours."""
    from ..reference import economic_items, function_codes

    lists = {
        "function_code": sorted((c, n) for c, n in function_codes().items() if len(c) == 7),
        "economic_code": [(i.code, i.name) for i in economic_items()],
    }
    heads = {"function_code": ("功能科目编码", "功能科目名称"), "economic_code": ("经济科目编码", "经济科目名称")}
    last = {}
    for key, (code_col, name_col) in CODE_LIST_COLUMNS.items():
        ws[f"{code_col}1"], ws[f"{name_col}1"] = heads[key]
        for row, (code, name) in enumerate(lists[key], start=2):
            put(ws[f"{code_col}{row}"], code)
            ws[f"{code_col}{row}"].number_format = "@"
            put(ws[f"{name_col}{row}"], name)
        ws.column_dimensions[code_col].width = 14
        ws.column_dimensions[name_col].width = 40
        last[key] = len(lists[key]) + 1
    ws.sheet_state = "hidden"
    return last


def _code_dropdowns(ws: Worksheet, sheet: TableSheet, last: dict[str, int]) -> None:
    """A 功能科目编码 / 经济科目编码 column offers the codes of 代码表 (a warning, not a refusal,
    for a code not in the list: a 功能科目 the list lacks may be typed with its name)."""
    for col in sheet.columns:
        if col.key not in CODE_LIST_COLUMNS or col.kind is not Kind.CODE:
            continue
        code_col, _ = CODE_LIST_COLUMNS[col.key]
        dv = DataValidation(type="list", formula1=f"{CODE_LIST_SHEET}!${code_col}$2:${code_col}${last[col.key]}",
                            allow_blank=True)
        dv.errorStyle = "warning"
        dv.errorTitle = col.header[:32]
        dv.error = "这个编码不在代码表中：请核对；确需使用时，请在“名称”列填写科目名称"
        dv.showErrorMessage = True
        letter = sheet.letter(col.key)
        dv.add(f"{letter}{sheet.FIRST_DATA_ROW}:{letter}{VALIDATED_ROWS}")
        ws.add_data_validation(dv)


# ---------------------------------------------------------------- 填报说明


def instruction_rows(sheets: tuple = SHEETS) -> list[tuple[str, str, str, str, str]]:
    """(工作表, 列/项目, 类型, 必填, 说明) for every sheet and column: the 填报说明 table."""
    rows: list[tuple[str, str, str, str, str]] = []
    for sheet in sheets:
        optional = "" if sheet.required else "（可选工作表）"
        rows.append((sheet.name, "", "", "", sheet.help + optional))
        columns = sheet.columns if isinstance(sheet, TableSheet) else sheet.fields
        for col in columns:
            rows.append((sheet.name, col.header, col.type_label, "是" if col.required else "", col.described))
    return rows


def _write_instructions(ws: Worksheet, sheets: tuple = SHEETS, rules: tuple[str, ...] = GENERAL_RULES,
                        title: str = "部门预算公开标准工作簿") -> None:
    ws["A1"] = f"{title} · 填报说明"
    ws["A1"].font = Font(bold=True, size=14)
    row = 3
    for i, rule in enumerate(rules, start=1):
        ws.cell(row, 1, f"{i}. {rule}")
        row += 1
    ws.cell(row + 1, 1, "黄色表头为必填列（项），蓝色表头为选填列（项）。各工作表、各列说明如下：")
    row += 3
    header_row = row
    for col, title in enumerate(("工作表", "列/项目", "类型", "必填", "说明"), start=1):
        cell = ws.cell(header_row, col, title)
        cell.font = _HEADER_FONT
        cell.fill = _OPTIONAL_FILL
        cell.border = _BORDER
    for values in instruction_rows(sheets):
        row += 1
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col, value)
            cell.alignment = _WRAP
            cell.border = _BORDER
            if not values[1]:
                cell.font = _HEADER_FONT
    for letter, width in zip("ABCDE", (20, 26, 14, 6, 90), strict=True):
        ws.column_dimensions[letter].width = width


# ---------------------------------------------------------------- table sheets


def _write_table_sheet(ws: Worksheet, sheet: TableSheet, records: list[dict[str, Any]]) -> None:
    for index, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        _style_header(ws.cell(sheet.HEADER_ROW, index, col.header), col)
        dim = ws.column_dimensions[letter]
        dim.width = col.width
        if col.kind in NUMBER_FORMATS:
            dim.number_format = NUMBER_FORMATS[col.kind]
        if col.long:
            dim.alignment = _WRAP
        validation = _validation(col)
        if validation is not None:
            validation.add(f"{letter}{sheet.FIRST_DATA_ROW}:{letter}{VALIDATED_ROWS}")
            ws.add_data_validation(validation)
    ws.row_dimensions[sheet.HEADER_ROW].height = 36
    ws.freeze_panes = sheet.freeze
    for offset, record in enumerate(records):
        row = sheet.FIRST_DATA_ROW + offset
        for index, col in enumerate(sheet.columns, start=1):
            _write_value(ws.cell(row, index), col, record.get(col.key))


def _style_header(cell: Any, col: Column) -> None:
    cell.font = _HEADER_FONT
    cell.fill = _REQUIRED_FILL if col.required else _OPTIONAL_FILL
    cell.alignment = _HEADER_ALIGN
    cell.border = _BORDER
    help_text = col.described
    if help_text:
        comment = Comment(help_text, "gendisclose")
        comment.width = 300
        comment.height = 120
        cell.comment = comment


# ---------------------------------------------------------------- key–value sheets


def _write_field_sheet(ws: Worksheet, sheet: FieldSheet, values: dict[str, Any]) -> None:
    for index, title in enumerate(sheet.HEADERS, start=1):
        cell = ws.cell(1, index, title)
        cell.font = _HEADER_FONT
        cell.fill = _OPTIONAL_FILL
        cell.alignment = _HEADER_ALIGN
        cell.border = _BORDER
    ws.column_dimensions[sheet.LABEL_COLUMN].width = 28
    ws.column_dimensions[sheet.VALUE_COLUMN].width = max(col.width for col in sheet.fields) + 10
    ws.column_dimensions[sheet.HELP_COLUMN].width = 60
    ws.freeze_panes = "B2"
    for col in sheet.fields:
        row = sheet.row_of(col.key)
        label = ws.cell(row, 1, col.header)
        label.font = _HEADER_FONT
        label.fill = _REQUIRED_FILL if col.required else _OPTIONAL_FILL
        label.border = _BORDER
        label.alignment = Alignment(vertical="top", wrap_text=True)
        value_cell = ws.cell(row, 2)
        value_cell.border = _BORDER
        if col.kind in NUMBER_FORMATS:
            value_cell.number_format = NUMBER_FORMATS[col.kind]
        value_cell.alignment = _WRAP
        _write_value(value_cell, col, values.get(col.key))
        help_cell = ws.cell(row, 3, field_help(col))
        help_cell.alignment = _WRAP
        help_cell.font = Font(color="595959")
        validation = _validation(col)
        if validation is not None:
            validation.add(value_cell.coordinate)
            ws.add_data_validation(validation)


# ---------------------------------------------------------------- cells


def _validation(col: Column) -> DataValidation | None:
    if col.kind in (Kind.ENUM, Kind.BOOL) and col.choices:
        dv = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True)
        dv.error = "请从下拉列表中选择：" + "、".join(col.choices)
    elif col.kind is Kind.MONEY:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "请填不小于 0 的金额（元），最多两位小数"
    elif col.kind is Kind.INT:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "请填不小于 0 的整数"
    else:
        return None
    dv.errorTitle = col.header[:32]
    dv.showErrorMessage = True
    return dv


def _write_value(cell: Any, col: Column, value: Any) -> None:
    if col.kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[col.kind]
    if col.long:
        cell.alignment = _WRAP
    if value is None:
        return
    if col.kind is Kind.BOOL:
        value = "是" if value else "否"
    elif isinstance(value, Enum):
        value = value.value
    put(cell, value)


# ---------------------------------------------------------------- determinism


