"""Read a filled standard workbook: file → checked cells → :class:`~gendisclose.model.Department`.

``read_workbook`` never raises for a user mistake. Every problem (wrong file type, missing
sheet or column, bad cell, duplicate row, dangling reference) becomes an
:class:`~gendisclose.issues.Issue` naming the sheet, row and column, and all are returned at
once. The department is None when it cannot be built at all (no readable 基本信息, a required
sheet missing, not a workbook); otherwise it is built from the rows that could be read, and
the caller must not render it while the issues hold an error.

Bounded work: the file's size and the zip directory are checked before openpyxl parses
anything (zip bombs), sheets are streamed (openpyxl read-only mode) and reading a sheet
stops after :data:`MAX_EMPTY_RUN` consecutive empty rows, :data:`MAX_DATA_ROWS` records or
row :data:`MAX_SCAN_ROWS`.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from ..issues import Issue, Location, error
from ..manifest import NotRegularFile, open_regular
from ..model import Department, DocumentKind
from ..model_final import FinalDepartment
from .assemble import assemble
from .assemble_final import assemble_final
from .cells import is_blank, parse_cell
from .kinds import detect_kind, sheets_for
from .schema import EXCEL_CELL_CHARS, SHEETS, Column, FieldSheet, TableSheet

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 10 * 1024 * 1024  # members smaller than this may compress as well as they like
#: XML that openpyxl parses (sheets, shared strings …), however well or badly it compresses:
#: ~4 s and ~150 MB of memory per 10 MB; the shipped samples hold under 0.5 MB of XML.
MAX_XML_BYTES = 24 * 1024 * 1024
MAX_DATA_ROWS = 20_000
MAX_EMPTY_RUN = 5_000
#: A table sheet is not read past this row: openpyxl yields every row number in a gap, so
#: a few rows spread a few thousand apart would otherwise cost minutes for a tiny file.
MAX_SCAN_ROWS = 50_000
#: A key–value sheet is not read past this row (it has a few dozen fields).
MAX_FIELD_ROWS = 5_000
MAX_CELL_ISSUES = 200  # per sheet; beyond this one summary line
EXTRA_COLUMNS = 30  # user columns beyond the schema that are still searched for headers

NO_CACHED_VALUE = "公式没有计算结果，请在 Excel 中打开并保存后再试"


@dataclass
class RawRow:
    """One non-empty record row of a table sheet: parsed values and where each came from."""

    sheet: TableSheet
    row: int
    values: dict[str, Any]
    letters: dict[str, str]
    bad: set[str] = field(default_factory=set)  # keys whose cell had an error

    def loc(self, key: str | None = None) -> Location:
        if key is None:
            return Location(self.sheet.name, self.row)
        return Location(self.sheet.name, self.row, self.letters.get(key))

    def get(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class RawFields:
    """The values of a key–value sheet and the row each field was found on."""

    sheet: FieldSheet
    values: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    present: bool = True

    def loc(self, key: str) -> Location:
        row = self.rows.get(key)
        if row is None:
            return Location(self.sheet.name)
        return Location(self.sheet.name, row, self.sheet.VALUE_COLUMN)

    def get(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class SheetData:
    """What the sheets gave: records per table sheet, values per key–value sheet."""

    tables: dict[str, list[RawRow]] = field(default_factory=dict)
    fields: dict[str, RawFields] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)  # required sheets not found
    broken: set[str] = field(default_factory=set)  # sheets whose headers could not be matched


def read_workbook(
    path: Path, expected: DocumentKind | None = None
) -> tuple[Department | FinalDepartment | None, list[Issue]]:
    """Read and check ``path``; returns the department (None if it cannot be built) and all issues.

    The kind (预算 / 决算) is told from the sheets the workbook has (:mod:`.kinds`); a mixture of
    both kinds, or another kind than ``expected``, is refused with one clear error.
    """
    issues: list[Issue] = []
    data = _read_file(Path(path), issues)
    if data is None:
        return None, issues
    archive = _open_archive(data, issues)
    if archive is None:
        return None, issues
    try:
        data = _with_dimensions(data, archive)
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files
        issues.append(
            error(
                "file.corrupt",
                f"工作簿已损坏，无法打开（{type(exc).__name__}）。请在 Excel 中打开后另存为 .xlsx 再试",
            )
        )
        archive.close()
        return None, issues
    try:
        kind, kind_issues = detect_kind(wb.sheetnames, expected)
        issues.extend(kind_issues)
        if kind is None:
            return None, issues
        sheets = _read_sheets(wb, archive, issues, sheets_for(kind))
    except Exception as exc:
        issues.append(
            error(
                "file.corrupt",
                f"工作簿内容已损坏，读取中断（{type(exc).__name__}）。请在 Excel 中打开后另存为 .xlsx 再试",
            )
        )
        return None, issues
    finally:
        wb.close()
        archive.close()
    department = (assemble_final if kind is DocumentKind.FINAL_ACCOUNTS else assemble)(sheets, issues)
    return department, _cap_per_sheet(issues)


def _cap_per_sheet(issues: list[Issue]) -> list[Issue]:
    """At most :data:`MAX_CELL_ISSUES` issues per sheet, then one line saying there are more."""
    kept: list[Issue] = []
    counts: dict[str, int] = {}
    for issue in issues:
        sheet = issue.location.sheet if issue.location else ""
        counts[sheet] = counts.get(sheet, 0) + 1
        if not sheet or counts[sheet] <= MAX_CELL_ISSUES or issue.code.startswith("sheet.too_many"):
            kept.append(issue)
        elif counts[sheet] == MAX_CELL_ISSUES + 1 and not any(
            i.code == "sheet.too_many_errors" and i.location and i.location.sheet == sheet for i in issues
        ):
            kept.append(_too_many(sheet))
    return kept


def _too_many(sheet: str) -> Issue:
    return error(
        "sheet.too_many_errors",
        f"本表错误过多，只列出前 {MAX_CELL_ISSUES} 个，请先改正这些再检查",
        Location(sheet),
    )


# ---------------------------------------------------------------- the file


def _read_file(path: Path, issues: list[Issue]) -> bytes | None:
    try:
        if not path.exists():
            issues.append(error("file.missing", f"找不到文件：{path}"))
            return None
        if path.is_dir():
            issues.append(error("file.not_file", f"这是一个文件夹，不是工作簿文件：{path}"))
            return None
        with os.fdopen(open_regular(path), "rb") as fh:  # a pipe or device would block or never end
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                issues.append(
                    error("file.too_big", f"文件太大（{size // 1024 // 1024} MB），标准工作簿不应超过 100 MB")
                )
                return None
            data = fh.read(MAX_FILE_BYTES + 1)
    except NotRegularFile:
        issues.append(error("file.not_file", f"不是普通文件（管道、设备或套接字），不能作为工作簿读取：{path}"))
        return None
    except OSError as exc:
        issues.append(error("file.unreadable", f"无法读取文件：{path}（{exc.strerror or exc}）"))
        return None
    if not data:
        issues.append(error("file.empty", "文件是空的（0 字节），请选择填好的 .xlsx 工作簿"))
        return None
    return data


def _sniff_not_zip(data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "这是旧版 Excel 97-2003 工作簿（.xls），或是设置了打开密码的工作簿。"
            "请在 Excel / WPS 中取消打开密码，并“另存为”Excel 工作簿（.xlsx）后再试"
        )
    if head.startswith(b"%PDF"):
        return "这是 PDF 文件，不是 Excel 工作簿（.xlsx）"
    sample = data[:4096]
    lowered = sample.lower()
    if b"<html" in lowered or b"<!doctype" in lowered:
        return "这是网页（HTML）文件，不是 Excel 工作簿（.xlsx）；请在 Excel 中打开后另存为 .xlsx"
    if lowered.lstrip().startswith(b"{\\rtf"):
        return "这是 RTF 文档，不是 Excel 工作簿（.xlsx）"
    if b"\x00" not in sample:
        return "这是文本文件（如 CSV），不是 Excel 工作簿（.xlsx）；请在 Excel 中打开后“另存为” .xlsx"
    return "不是 Excel 工作簿（.xlsx）：无法识别的文件格式"


def _open_archive(data: bytes, issues: list[Issue]) -> zipfile.ZipFile | None:
    if not data.startswith(b"PK"):
        issues.append(error("file.not_xlsx", _sniff_not_zip(data)))
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        issues.append(
            error("file.corrupt", "文件已损坏（不是完整的 .xlsx 压缩包），请重新保存或重新复制后再试")
        )
        return None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names:
            message = "这是 Excel 二进制工作簿（.xlsb），请“另存为”Excel 工作簿（.xlsx）后再试"
        elif "word/document.xml" in names:
            message = "这是 Word 文档（.docx），不是 Excel 工作簿（.xlsx）"
        elif any(n.startswith("ppt/") for n in names):
            message = "这是 PowerPoint 演示文稿，不是 Excel 工作簿（.xlsx）"
        elif "content.xml" in names:
            message = "这是 OpenDocument（.ods 等）文件，请“另存为”Excel 工作簿（.xlsx）后再试"
        else:
            message = "这是一个压缩包，不是 Excel 工作簿（.xlsx）"
        issues.append(error("file.not_xlsx", message))
        archive.close()
        return None
    total = sum(i.file_size for i in infos)
    suspicious = [
        i
        for i in infos
        if i.file_size > RATIO_CHECK_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1)
    ]
    if total > MAX_UNCOMPRESSED_BYTES or suspicious:
        issues.append(
            error(
                "file.too_big",
                f"工作簿解压后过大（{total // 1024 // 1024} MB，压缩比异常），不像正常的填报表，拒绝读取。"
                "请删除多余的行列或内容后重新保存",
            )
        )
        archive.close()
        return None
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        issues.append(
            error(
                "file.too_big",
                f"工作簿的表格内容解压后过大（{xml // 1024 // 1024} MB），远超标准工作簿的正常大小，拒绝读取。"
                "请删除多余的行、列或内容后重新保存",
            )
        )
        archive.close()
        return None
    return archive


_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_DIMENSION_BEFORE = re.compile(rb"<(?:sheetViews|sheetFormatPr|cols|sheetData)[\s>/]")


def _with_dimensions(data: bytes, archive: zipfile.ZipFile) -> bytes:
    """Give every worksheet a ``<dimension>`` element, in memory.

    openpyxl's read-only loader scans a whole sheet to size it when the element is missing
    (files from some non-Excel writers), which makes a huge sheet slow before reading even
    starts. The reader never relies on the dimension (it resets it and streams rows), so a
    placeholder ``A1`` keeps loading proportional to what is actually read.
    """
    missing = []
    for info in archive.infolist():
        if _SHEET_PART.fullmatch(info.filename):
            with archive.open(info) as member:
                head = member.read(8192)
            if b"<dimension" not in head:
                missing.append(info.filename)
    if not missing:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as patched:
        for info in archive.infolist():
            content = archive.read(info.filename)
            if info.filename in missing:
                found = _DIMENSION_BEFORE.search(content)
                if found:
                    at = found.start()
                    content = content[:at] + b'<dimension ref="A1"/>' + content[at:]
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            patched.writestr(entry, content)
    return out.getvalue()


# ---------------------------------------------------------------- sheets


def _read_sheets(wb: Any, archive: zipfile.ZipFile, issues: list[Issue], schema: tuple = SHEETS) -> SheetData:
    present = {name.strip(): name for name in wb.sheetnames}
    out = SheetData()
    for sheet in schema:
        actual = present.get(sheet.name)
        if actual is None:
            if sheet.required:
                out.missing.add(sheet.name)
                issues.append(
                    error(
                        "sheet.missing",
                        f"缺少工作表“{sheet.name}”：请使用标准模板，不要删除或改名工作表",
                        Location(sheet.name),
                    )
                )
            if isinstance(sheet, FieldSheet):
                out.fields[sheet.name] = RawFields(sheet, present=False)
            else:
                out.tables[sheet.name] = []
            continue
        ws = wb[actual]
        xml = _sheet_xml(archive, ws)
        merged = _merged_ranges(xml)
        formulas = _formula_cells_without_value(xml)
        if isinstance(sheet, TableSheet):
            out.tables[sheet.name] = _read_table(ws, sheet, merged, formulas, issues, out)
        else:
            out.fields[sheet.name] = _read_fields(ws, sheet, merged, formulas, issues)
    return out


def _sheet_xml(archive: zipfile.ZipFile, ws: Any) -> bytes:
    path = getattr(ws, "_worksheet_path", None)
    if not path:
        return b""
    try:
        return archive.read(path.lstrip("/"))
    except KeyError:
        return b""


_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
# Linear on any input: neither part can run past the next "<c" (a lazy ".*?</c>" made a sheet of
# unclosed <c> tags quadratic: 136 KB took 5 s, 1 MB would take minutes).
_CELL = re.compile(rb"<c\s([^<>]*?)(?:/>|>([^<]*(?:<(?!/c>|c[\s/>])[^<]*)*)</c>)")
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_VALUE = re.compile(rb"<v>[^<]+</v>")


def _merged_ranges(xml: bytes) -> list[tuple[int, int, int, int, str]]:
    """(min_col, min_row, max_col, max_row, ref) of every merged range."""
    out = []
    for match in _MERGE.finditer(xml):
        ref = match.group(1).decode()
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        out.append((min_col, min_row, max_col, max_row, ref))
    return out


def _formula_cells_without_value(xml: bytes) -> set[tuple[int, int]]:
    """(row, column) of formula cells that were saved without a calculated value."""
    if not re.search(rb"<f[\s>/]", xml):
        return set()
    out = set()
    for match in _CELL.finditer(xml):
        attrs, body = match.group(1), match.group(2) or b""
        if b"<f" not in body or _VALUE.search(body) or b't="str"' in attrs:
            continue
        ref = _REF.search(attrs)
        if ref:
            out.add((int(ref.group(2)), column_index_from_string(ref.group(1).decode())))
    return out


def _norm_header(value: Any) -> str:
    text = "" if value is None else str(value)
    text = re.sub(r"\s+", "", text).strip("*＊")
    return text.replace("（", "(").replace("）", ")")


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


class _CellCounter:
    """Caps cell-level issues per sheet so a sheet of junk does not drown the report."""

    def __init__(self, sheet: str, issues: list[Issue]) -> None:
        self.sheet, self.issues, self.count = sheet, issues, 0

    def add(self, issue: Issue) -> None:
        self.count += 1
        if self.count <= MAX_CELL_ISSUES:
            self.issues.append(issue)
        elif self.count == MAX_CELL_ISSUES + 1:
            self.issues.append(_too_many(self.sheet))


def _parse_into(
    col: Column, raw: Any, where: tuple[str, int, str], formula: bool, counter: _CellCounter
) -> tuple[Any, bool]:
    """(value, ok) of one cell at ``where`` = (sheet, row, column letter), reporting its problem."""
    if formula and is_blank(raw):
        counter.add(error("cell.formula_no_value", NO_CACHED_VALUE, Location(*where)))
        return None, False
    value, problem = parse_cell(col, raw)
    if problem:
        counter.add(error(f"cell.{col.kind.name.lower()}", f"“{col.header}”{problem}", Location(*where)))
        return None, False
    if value is None and col.required:
        counter.add(error("cell.required", f"“{col.header}”必须填写", Location(*where)))
        return None, False
    limit = col.max_chars or EXCEL_CELL_CHARS
    if isinstance(value, str) and len(value) > limit:
        hint = "这里只填名称，不填说明文字" if col.max_chars else "Excel 的一个单元格最多能存这么多字"
        message = f"“{col.header}”过长：这里有 {len(value)} 个字，最多 {limit} 个字（{hint}）"
        counter.add(error("cell.too_long", message, Location(*where)))
        return None, False
    return value, True


def _read_table(
    ws: Any,
    sheet: TableSheet,
    merged: list,
    formulas: set[tuple[int, int]],
    issues: list[Issue],
    out: SheetData,
) -> list[RawRow]:
    ws.reset_dimensions()
    width = len(sheet.columns) + EXTRA_COLUMNS
    rows = ws.iter_rows(min_row=1, max_col=width, values_only=True)
    header = next(rows, ())
    positions = _map_headers(header, sheet, issues)
    _merge_issues(sheet.name, merged, width, issues)
    if positions is None:
        out.broken.add(sheet.name)
        return []
    letters = {key: get_column_letter(i + 1) for key, i in positions.items()}
    counter = _CellCounter(sheet.name, issues)
    records: list[RawRow] = []
    empty_run = 0
    for row_number, cells in enumerate(rows, start=sheet.FIRST_DATA_ROW):
        if row_number > MAX_SCAN_ROWS:  # content within the last MAX_EMPTY_RUN rows, and more may follow
            issues.append(
                error(
                    "sheet.too_many_rows",
                    f"表格超过 {MAX_SCAN_ROWS} 行，从这一行起不再读取；请删除多余的行（包括夹在中间的零散内容）",
                    Location(sheet.name, row_number),
                )
            )
            break
        raw = {key: (cells[i] if i < len(cells) else None) for key, i in positions.items()}
        blank = all(is_blank(v) for v in raw.values())
        if blank and not (formulas and any((row_number, i + 1) in formulas for i in positions.values())):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        if len(records) >= MAX_DATA_ROWS:
            issues.append(
                error(
                    "sheet.too_many_rows",
                    f"数据超过 {MAX_DATA_ROWS} 行，从这一行起不再读取；请删除多余的行",
                    Location(sheet.name, row_number),
                )
            )
            break
        record = RawRow(sheet, row_number, {}, letters)
        for col in sheet.columns:
            formula = bool(formulas) and (row_number, positions[col.key] + 1) in formulas
            where = (sheet.name, row_number, letters[col.key])
            value, ok = _parse_into(col, raw[col.key], where, formula, counter)
            record.values[col.key] = value
            if not ok:
                record.bad.add(col.key)
        records.append(record)
    return records


def _map_headers(header: tuple, sheet: TableSheet, issues: list[Issue]) -> dict[str, int] | None:
    """Column key → 0-based position, found by header text (columns may be moved)."""
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        name = _norm_header(value)
        if name and name not in found:
            found[name] = index
    positions: dict[str, int] = {}
    missing: list[Column] = []
    for index, col in enumerate(sheet.columns):
        position = found.get(_norm_header(col.header))
        if position is None:
            missing.append(col)
            issues.append(
                error(
                    "column.missing",
                    f"缺少列“{col.header}”：第 1 行应有这个表头（标准位置在 {get_column_letter(index + 1)} 列），"
                    "请不要删除或改写模板的表头",
                    Location(sheet.name, sheet.HEADER_ROW, get_column_letter(index + 1)),
                )
            )
        else:
            positions[col.key] = position
    return None if missing else positions


def _read_fields(
    ws: Any, sheet: FieldSheet, merged: list, formulas: set[tuple[int, int]], issues: list[Issue]
) -> RawFields:
    ws.reset_dimensions()
    by_label = {_norm_header(col.header): col for col in sheet.fields}
    result = RawFields(sheet)
    counter = _CellCounter(sheet.name, issues)
    _merge_issues(sheet.name, merged, 2, issues)
    empty_run = 0
    for row_number, cells in enumerate(ws.iter_rows(min_row=1, max_col=2, values_only=True), start=1):
        if row_number > MAX_FIELD_ROWS:  # a key–value sheet has a few dozen fields; the rest is junk
            break
        label = cells[0] if cells else None
        if is_blank(label):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        col = by_label.get(_norm_header(label))
        if col is None:
            continue
        if col.key in result.rows:
            issues.append(
                error(
                    "field.duplicate",
                    f"“{col.header}”填了两次（另见第 {result.rows[col.key]} 行），只能保留一行",
                    Location(sheet.name, row_number, sheet.LABEL_COLUMN),
                )
            )
            continue
        result.rows[col.key] = row_number
        raw = cells[1] if len(cells) > 1 else None
        where = (sheet.name, row_number, sheet.VALUE_COLUMN)
        value, _ok = _parse_into(col, raw, where, (row_number, 2) in formulas, counter)
        result.values[col.key] = value
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
