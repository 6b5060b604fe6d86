"""The sheets of an opened workbook → checked raw records with their locations.

The second half of :mod:`.reader` (which handles the file): each standard sheet is found by
name (:func:`.structure.plan_sheets`), streamed once (:class:`.sheetxml.SheetStream`), its
headers matched, and every cell parsed (:mod:`.raw`, :mod:`.cells`). Problems become issues
at their cell; what the accountant cannot see (:mod:`.hidden`) or what no header names is
reported, never silently counted or dropped.

Bounded work: a table sheet is not read past row :data:`MAX_SCAN_ROWS` nor beyond
:data:`MAX_DATA_ROWS` records; a key–value sheet not past row :data:`MAX_FIELD_ROWS`. Only
rows present in the file are visited, so a gap of empty rows costs nothing; rows that are
present but empty (a formatted block) are passed over wherever they are, the XML size limit
of :mod:`.reader` bounding them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from itertools import chain, islice
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from ..issues import Issue, Location, error, warning
from ..textkey import reveal
from .cells import is_blank
from .hidden import (
    HiddenData,
    hidden_sheet_issue,
    invisible_issue,
    invisible_styles,
    percent_issue,
    percent_styles,
)
from .raw import CellCounter, RawFields, RawRow, SheetData, formula_state, parse_into
from .schema import CODE_LIST_SHEET, SHEETS, Column, FieldSheet, Kind, Sheet, TableSheet, field_help
from .sheetxml import Row, SheetStream
from .structure import (
    SheetPlan,
    duplicate_sheet_issue,
    foreign_sheet_issue,
    header_key,
    header_row_below,
    header_row_issue,
    lookalike_header,
    lookalike_issue,
    lookalike_label,
    map_headers,
    missing_hint,
    plan_sheets,
    recalculates_on_load,
    stale_formula_issue,
    unknown_sheet_issue,
    unstable_formula_issue,
)

MAX_DATA_ROWS = 20_000
#: A table sheet is not read past this row (20,000 records fit well before it).
MAX_SCAN_ROWS = 50_000
#: A key–value sheet is not read past this row (it has a few dozen fields).
MAX_FIELD_ROWS = 5_000
ROW_ORDER = "工作表中行的顺序错乱（第 {row} 行出现在第 {last} 行之后），文件可能已损坏。请在 Excel 中打开并另存为后再试"


# ---------------------------------------------------------------- the workbook's sheets


def read_sheets(
    wb: Any, archive: zipfile.ZipFile, issues: list[Issue], schema: tuple[Sheet, ...] = SHEETS
) -> SheetData:
    """The sheets of ``schema`` (the budget's, or the 决算's) read from ``wb``; the others reported."""
    plan = plan_sheets(list(wb.sheetnames), schema)
    invisible = invisible_styles(wb)
    percent = percent_styles(wb)
    recalc = recalculates_on_load(archive)
    out = SheetData()
    for known, other in plan.duplicates:
        issues.append(duplicate_sheet_issue(known, other))
    for sheet in schema:
        actual = plan.actual.get(sheet.name)
        if actual is None:
            _absent(sheet, plan, out, issues)
            continue
        ws = wb[actual]
        xml = _sheet_xml(archive, ws)
        foreign = foreign_sheet_issue(sheet.name, xml)
        if foreign is not None:
            issues.append(foreign)
            out.broken.add(sheet.name)
            _absent(sheet, plan, out, [])
            continue
        merged = _merged_ranges(xml)
        if isinstance(sheet, TableSheet):
            stream = SheetStream(ws, invisible, percent)
            records = out.tables[sheet.name] = _read_table(stream, sheet, merged, issues, out)
            has_data = bool(records)
        else:
            stream = SheetStream(ws, invisible, percent)
            fields = out.fields[sheet.name] = _read_fields(stream, sheet, merged, issues)
            has_data = any(v is not None for v in fields.values.values())
        if stream.unstable_formulas:
            issues.append(unstable_formula_issue(sheet.name, stream.unstable_formulas))
        if recalc and stream.cached_formulas:
            (row, column), count = stream.cached_formulas[0], len(stream.cached_formulas)
            issues.append(stale_formula_issue(sheet.name, row, get_column_letter(column), count))
        state = getattr(ws, "sheet_state", "visible")
        if state in ("hidden", "veryHidden") and has_data:
            issues.append(hidden_sheet_issue(sheet.name, state))
    _other_sheets(wb, plan, {s.name: s for s in schema}, issues)
    return out


def _absent(sheet: Any, plan: SheetPlan, out: SheetData, issues: list[Issue]) -> None:
    if sheet.required:
        out.missing.add(sheet.name)
        issues.append(
            error(
                "sheet.missing",
                f"缺少工作表“{sheet.name}”：请使用标准模板，不要删除或改名工作表{missing_hint(sheet.name, plan)}",
                Location(sheet.name),
            )
        )
    if isinstance(sheet, FieldSheet):
        out.fields[sheet.name] = RawFields(sheet, present=False)
    else:
        out.tables[sheet.name] = []


def _other_sheets(wb: Any, plan: SheetPlan, schema: dict[str, Sheet], issues: list[Issue]) -> None:
    """Look-alike and unknown sheets: never read as data, always said so when they hold some."""
    for name, known, strong in plan.lookalikes:
        standard = schema.get(known)
        if standard is None or (standard.required and known not in plan.actual):
            continue  # 填报说明's copies; a missing required sheet's error names its look-alike
        # below the headers / labels a copy of the standard sheet carries: its data
        columns = (2, 2) if isinstance(standard, FieldSheet) else (1, 16_384)
        first = first_data_cell(wb[name], 2, *columns)
        issues.append(lookalike_issue(name, known, strong, known in plan.actual, first))
    for name in plan.unknown:
        if name == CODE_LIST_SHEET:  # the template's own hidden code list (dropdown source), never data
            continue
        first = first_data_cell(wb[name])
        if first is not None:
            state = getattr(wb[name], "sheet_state", "visible")
            issues.append(unknown_sheet_issue(name, state != "visible", first))


def first_data_cell(ws: Any, min_row: int = 1, min_col: int = 1, max_col: int = 16_384) -> str | None:
    """``C5``: the first cell holding a value or a formula from ``min_row`` on, between
    ``min_col`` and ``max_col`` (None: empty, or a chart sheet)."""
    if not isinstance(ws, ReadOnlyWorksheet):
        return None
    for row in SheetStream(ws).rows():
        if row.number < min_row:
            continue
        columns = [c for c in _filled_columns(row) if min_col <= c <= max_col]
        if columns:
            return f"{get_column_letter(min(columns))}{row.number}"
    return None


def _filled_columns(row: Row) -> list[int]:
    """The columns of ``row`` holding a value or a formula without one."""
    return [c for c, v in row.values.items() if not is_blank(v)] + sorted(row.no_value)


def _sheet_xml(archive: zipfile.ZipFile, ws: Any) -> bytes:
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return b""
    try:
        return archive.read(path.lstrip("/"))
    except KeyError:
        return b""


# any prefix (``<x:mergeCell``), either quote
_MERGE = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\s+ref\s*=\s*["']([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)["']""")


def _merged_ranges(xml: bytes) -> list[tuple[int, int, int, int, str]]:
    """(min_col, min_row, max_col, max_row, ref) of every merged range."""
    out = []
    for match in _MERGE.finditer(xml):
        ref = match.group(1).decode().upper()
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        out.append((min_col, min_row, max_col, max_row, ref))
    return out


def _merge_issues(sheet_name: str, merged: list, max_col: int, issues: list[Issue]) -> None:
    for min_col, min_row, _max_col, _max_row, ref in merged:
        if min_col > max_col:
            continue
        issues.append(
            error(
                "cell.merged",
                f"合并单元格 {ref}：数据区不能合并单元格，请取消合并后每行分别填写",
                Location(sheet_name, min_row, get_column_letter(min_col)),
            )
        )


def _numeric(col: Column) -> bool:
    """A column whose number a percentage format would misstate (amounts, counts, the 自评 得分)."""
    return col.kind in (Kind.MONEY, Kind.INT) or col.key == "score"


def _note_formulas(stream: SheetStream, row: Row, read: set[int]) -> None:
    cached = (row.formulas & read) - row.no_value - row.empty_text
    stream.cached_formulas.extend((row.number, c) for c in sorted(cached))
    stream.unstable_formulas.extend((row.number, c, row.unstable[c]) for c in sorted(read & set(row.unstable)))


def _order_issue(sheet: str, row: Row, last: int) -> Issue:
    return error("sheet.row_order", ROW_ORDER.format(row=row.number, last=last), Location(sheet, row.number))


# ---------------------------------------------------------------- table sheets


def _header(stream: SheetStream, header_row: int) -> tuple[dict[int, Any], Iterator[Row]]:
    """The header row's values and the rows after it."""
    rows = stream.rows()
    first = next(rows, None)
    if first is None:
        return {}, iter(())
    if first.number == header_row:
        return first.values, rows
    return {}, chain([first], rows)


def _read_table(
    stream: SheetStream, sheet: TableSheet, merged: list, issues: list[Issue], out: SheetData
) -> list[RawRow]:
    header, rows = _header(stream, sheet.HEADER_ROW)
    found: list[Issue] = []
    positions = map_headers(header, sheet, found)
    if positions is None and all(i.code == "column.missing" for i in found):
        below = list(islice(rows, 5))
        number = header_row_below([(r.number, r.values) for r in below if r.number <= 6], sheet)
        found = [header_row_issue(sheet, number)] if number else found
    issues.extend(found)
    _merge_issues(sheet.name, merged, max([len(sheet.columns), *header]), issues)
    if positions is None:
        out.broken.add(sheet.name)
        return []
    letters = {key: get_column_letter(c) for key, c in positions.items()}
    read = set(positions.values())
    headers = {positions[col.key]: col.header for col in sheet.columns}
    hidden = HiddenData(sheet, stream.hidden_columns(max(read)) & read, issues)
    unheaded = _Unread(sheet, header, read, issues)
    counter = CellCounter(sheet.name, issues)
    records: list[RawRow] = []
    last = sheet.HEADER_ROW
    for row in rows:
        if row.number > MAX_SCAN_ROWS:  # content below this row, and more may follow
            filled = _filled_columns(row)
            if not filled:  # a formatted but empty row (a whole block of rows styled): nothing to read
                continue
            issues.append(
                error(
                    "sheet.too_many_rows",
                    f"第 {row.number} 行还有内容，表格超过 {MAX_SCAN_ROWS} 行，从这一行起不再读取；"
                    "请删除多余的行（包括远离表格的零散内容）",
                    Location(sheet.name, row.number, get_column_letter(min(filled))),
                )
            )
            break
        if row.number <= last:
            issues.append(_order_issue(sheet.name, row, last))
            continue
        last = row.number
        unheaded.check(row)
        raw = {key: row.values.get(c) for key, c in positions.items()}
        filled = [c for key, c in positions.items() if not is_blank(raw[key]) or c in row.no_value]
        if not filled:
            continue
        if len(records) >= MAX_DATA_ROWS:
            issues.append(
                error(
                    "sheet.too_many_rows",
                    f"数据超过 {MAX_DATA_ROWS} 行，从这一行起不再读取；请删除多余的行",
                    Location(sheet.name, row.number),
                )
            )
            break
        if row.hidden:
            first = min(filled)
            hidden.row(row.number, first, row.values.get(first, "公式"))
        for c in sorted(hidden.hidden_columns.intersection(filled)):
            hidden.column(c, row.number, headers[c], row.values.get(c, "公式"))
        _note_formulas(stream, row, read)
        for c in sorted(read.intersection(row.invisible)):
            counter.add(invisible_issue(sheet.name, row.number, get_column_letter(c), row.invisible[c]))
        for col in sheet.columns:
            if _numeric(col) and positions[col.key] in row.percent and row.values.get(positions[col.key]):
                counter.add(percent_issue(sheet.name, row.number, letters[col.key], col.header,
                                          row.values[positions[col.key]], col.kind is Kind.MONEY))
        record = RawRow(sheet, row.number, {}, letters)
        for col in sheet.columns:
            column = positions[col.key]
            where = (sheet.name, row.number, letters[col.key])
            value, ok = parse_into(col, raw[col.key], where, formula_state(row, column), counter)
            record.values[col.key] = value
            if not ok:
                record.bad.add(col.key)
        records.append(record)
    hidden.finish()
    return records


class _Unread:
    """Data in a column the reader does not read, where that looks unintended: under a blank
    header, or under a header that only resembles a standard one. One warning a column."""

    def __init__(self, sheet: TableSheet, header: dict[int, Any], read: set[int], issues: list[Issue]) -> None:
        self.sheet, self.issues = sheet.name, issues
        self.like: dict[int, str] = {}
        self.skip = set(read)
        for column, value in header.items():
            if column in read or not header_key(value):
                continue
            like = lookalike_header(str(value), sheet)
            if like is None:
                self.skip.add(column)  # the accountant's own column (备注 …): allowed
            else:
                self.like[column] = like

    def check(self, row: Row) -> None:
        for column, value in row.values.items():
            if column in self.skip or is_blank(value):
                continue
            self.skip.add(column)
            letter = get_column_letter(column)
            text = str(value).strip()
            shown = text if len(text) <= 20 else text[:20] + "…"
            like = self.like.get(column)
            if like is None:
                issue = warning(
                    "column.no_header",
                    f"{letter} 列没有表头，但这里有内容（“{shown}”），不会被读取。"
                    "如果是公开数据，请填到对应的列；如果是备注，请在第 1 行写上表头（如“备注”）",
                    Location(self.sheet, row.number, letter),
                )
            else:
                issue = warning(
                    "column.lookalike",
                    f"{letter} 列的表头不是标准表头（很像“{like}”），这一列的内容（如“{shown}”）不会被读取。"
                    f"如果是公开数据，请填到“{like}”列；如果是备注，请把表头改成“备注”",
                    Location(self.sheet, row.number, letter),
                )
            self.issues.append(issue)


# ---------------------------------------------------------------- key–value sheets


def _read_fields(stream: SheetStream, sheet: FieldSheet, merged: list, issues: list[Issue]) -> RawFields:
    by_label = {header_key(col.header): col for col in sheet.fields}
    result = RawFields(sheet)
    counter = CellCounter(sheet.name, issues)
    _merge_issues(sheet.name, merged, 2, issues)
    hidden: HiddenData | None = None
    last = 0
    for row in stream.rows():
        if hidden is None:
            hidden = HiddenData(sheet, stream.hidden_columns(2), issues)
        if row.number > MAX_FIELD_ROWS:  # a key–value sheet has a few dozen fields; the rest is junk
            break
        if row.number <= last:
            issues.append(_order_issue(sheet.name, row, last))
            continue
        last = row.number
        label, raw = row.values.get(1), row.values.get(2)
        if is_blank(label):
            if not is_blank(raw) and row.number > 1:
                issues.append(_no_label(sheet, row.number, raw))
            continue
        col = by_label.get(header_key(label))
        if col is None:
            if not is_blank(raw) and row.number > 1:
                _unknown_label(sheet, row.number, label, issues)
            continue
        if col.key in result.rows:
            issues.append(
                error(
                    "field.duplicate",
                    f"“{col.header}”填了两次（另见第 {result.rows[col.key]} 行），只能保留一行",
                    Location(sheet.name, row.number, sheet.LABEL_COLUMN),
                )
            )
            continue
        result.rows[col.key] = row.number
        where = (sheet.name, row.number, sheet.VALUE_COLUMN)
        value, _ok = parse_into(col, raw, where, formula_state(row, 2), counter)
        result.values[col.key] = value
        if not is_blank(raw) or 2 in row.no_value:
            if row.hidden:
                hidden.row(row.number, 2, raw if raw is not None else "公式")
            for c in sorted(hidden.hidden_columns):
                hidden.column(c, row.number, sheet.HEADERS[c - 1], row.values.get(c, raw))
            _note_formulas(stream, row, {2})
            if 2 in row.invisible:
                counter.add(invisible_issue(sheet.name, row.number, sheet.VALUE_COLUMN, row.invisible[2]))
            if _numeric(col) and 2 in row.percent and raw:
                counter.add(percent_issue(sheet.name, row.number, sheet.VALUE_COLUMN, col.header, raw,
                                          col.kind is Kind.MONEY))
            if _numeric(col) and value == 0 and not isinstance(raw, bool):
                _misplaced(sheet, col, row, issues, zero=True)  # the template's 0 left in B, the figure typed beside it
        else:
            _misplaced(sheet, col, row, issues)
    if hidden is not None:
        hidden.finish()
    for col in sheet.fields:
        if col.key not in result.rows:
            issues.append(
                error(
                    "field.missing",
                    f"缺少“{col.header}”这一项：A 列应有这个名称（标准位置第 {sheet.row_of(col.key)} 行），"
                    "请不要删除或改写模板的项目名称",
                    Location(sheet.name, sheet.row_of(col.key), sheet.LABEL_COLUMN),
                )
            )
    return result


def _unknown_label(sheet: FieldSheet, number: int, label: Any, issues: list[Issue]) -> None:
    """A label that is not the sheet's but looks like one: its value would be lost unseen."""
    like = lookalike_label(str(label), sheet)
    if like is None:
        return  # the accountant's own rows (and junk) are not fields
    issues.append(
        warning(
            "field.lookalike",
            f"A 列的“{reveal(str(label))}”不是本表的项目名称（很像“{like}”），B 列的内容不会被读取。"
            f"请把内容填到“{like}”那一行，并删除这一行",
            Location(sheet.name, number, sheet.LABEL_COLUMN),
        )
    )


def _no_label(sheet: FieldSheet, number: int, raw: Any) -> Issue:
    return warning(
        "field.no_label",
        f"B 列有内容，但 A 列没有项目名称，不会被读取（这里是“{str(raw).strip()[:20]}”）。"
        "请填在对应项目那一行的 B 列",
        Location(sheet.name, number, sheet.VALUE_COLUMN),
    )


def _misplaced(sheet: FieldSheet, col: Column, row: Row, issues: list[Issue], zero: bool = False) -> None:
    """B (内容) is blank — or, with ``zero``, holds 0 — but something other than the template's
    填写说明 (with ``zero``: a number) is typed further right."""
    expected = header_key(field_help(col))
    for column in sorted(row.values):
        value = row.values[column]
        if column < 3 or is_blank(value) or header_key(value) == expected:
            continue
        if zero and (isinstance(value, bool) or not isinstance(value, int | float) or not value):
            continue
        if zero:
            letter = get_column_letter(column)
            issues.append(warning(
                "field.misplaced",
                f"“{col.header}”的内容（B 列）是 0，旁边 {letter} 列却填了 {value}：{letter} 列不会被读取，"
                f"如果 {value} 才是要填的数，请填到 B 列",
                Location(sheet.name, row.number, letter),
            ))
            return
        letter = get_column_letter(column)
        issues.append(
            warning(
                "field.misplaced",
                f"“{col.header}”的内容应填在 B 列（内容），这里（{letter} 列）的“{str(value).strip()[:20]}”不会被读取",
                Location(sheet.name, row.number, letter),
            )
        )
        return


__all__ = ["RawFields", "RawRow", "SheetData", "read_sheets"]
