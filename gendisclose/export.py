"""Dump the derived tables for checking (``gendisclose tables``): xlsx, csv or json.

The budget's thirteen (T1–T13) or the 决算's ten (J01–J10, sheets and files named 公开01表 …),
whichever kind the workbook is.

Figures are exactly those the documents print (the ``Table`` texts, 万元 with two decimals,
empty for zero); nothing is recomputed here. xlsx: one sheet per table laid out like the
published table (label, title, captions, merged header cells, amounts as numbers formatted
``0.00``, notes), with fixed document and zip-entry times so the bytes are reproducible.
csv: one UTF-8-with-BOM file per table (Excel opens it as Chinese); a text field that starts
like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading apostrophe, so Excel shows
it as text and never evaluates it (the usual CSV-injection defence); numbers are never
altered (``-12.50`` stays as it is). json: one file with all
tables, figures as strings. Every file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

from .derive.final_tables import FinalTables, derive_final_tables
from .derive.table_layout import chinese_number
from .derive.tables import BudgetTables, derive_tables
from .document import Align, Cell, Table
from .model import Department
from .model_final import FinalDepartment
from .ooxml import put, workbook_bytes
from .pipeline import atomic_write_all, safe_file_stem

FORMATS = ("xlsx", "csv", "json")


def file_stem(tables: BudgetTables | FinalTables, department: Department | FinalDepartment) -> str:
    """``朔州市…局2026年部门预算公开表`` (``…2023年部门决算公开表``): the output name without extension."""
    return safe_file_stem(f"{department.info.name}{tables.year}年{department.kind.value}表")


def derive_any_tables(department: Department | FinalDepartment, texts=None) -> BudgetTables | FinalTables:  # noqa: ANN001
    """The tables of the department's kind: T1–T13 of a budget, J01–J10 of a 决算 (``texts``:
    a profile's table titles and labels for the budget tables; None = the default)."""
    if isinstance(department, FinalDepartment):
        return derive_final_tables(department)
    return derive_tables(department, texts)


def _file_key(table: Table) -> str:
    """``T01`` … ``T13``; ``J01`` … ``J10``."""
    return table.key if table.key.startswith("J") else f"T{int(table.key[1:]):02d}"


def _is_amount(cell: Cell) -> bool:
    return cell.align is Align.RIGHT


def _grid_texts(table: Table) -> list[list[str]]:
    """Header + body as a rectangle of texts ('' where a span covers the position)."""
    return [[c.text if c is not None else "" for c in row] for row in table.grid()]


# ---------------------------------------------------------------- csv


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?")


def csv_field(text: str) -> str:
    """``text`` as a CSV field Excel will not evaluate: ``'`` before a formula-like start."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    width = table.n_columns
    lines: list[list[str]] = []
    if table.label:
        lines.append([table.label])
    lines.append([table.title])
    lines += [[c] for c in table.captions]
    lines += _grid_texts(table)
    lines += [[n] for n in table.notes]
    for line in lines:
        writer.writerow([csv_field(f) for f in line] + [""] * (width - len(line)))
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


# ---------------------------------------------------------------- json


def _cell_json(cell: Cell) -> dict[str, object]:
    out: dict[str, object] = {"text": cell.text}
    if cell.colspan > 1:
        out["colspan"] = cell.colspan
    if cell.rowspan > 1:
        out["rowspan"] = cell.rowspan
    return out


def _json_bytes(tables: BudgetTables | FinalTables) -> bytes:
    payload = {
        "department": tables.department,
        "year": tables.year,
        "unit": "万元",
        "tables": [
            {
                "key": t.key,
                "label": t.label,
                "title": t.title,
                "toc_title": t.toc_title,
                "captions": list(t.captions),
                "header": [[_cell_json(c) for c in row] for row in t.header],
                "body": [[c.text for c in row] for row in t.body],
                "notes": list(t.notes),
            }
            for t in tables.tables
        ],
    }
    return (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ---------------------------------------------------------------- xlsx


def sheet_name(table: Table) -> str:
    """``表一`` … ``表十三``; ``公开01表`` … ``公开10表`` (short, valid Excel sheet names)."""
    if table.key.startswith("J"):
        return f"公开{table.key[1:]}表"
    return f"表{chinese_number(int(table.key[1:]))}"


def _write_sheet(ws, table: Table) -> None:  # ws: openpyxl Worksheet
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    width = table.n_columns
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    row = 1
    if table.label:
        put(ws.cell(row, 1), table.label)
        row += 1
    put(ws.cell(row, 1), table.title).font = Font(bold=True, size=14)
    ws.cell(row, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    row += 1
    for caption in table.captions:
        put(ws.cell(row, 1), caption)
        row += 1

    grid_top = row
    rows = table.header + table.body
    grid = table.grid()
    for r, expanded in enumerate(grid):
        for c, cell in enumerate(expanded):
            target = ws.cell(grid_top + r, c + 1)
            target.border = border
            if cell is None:
                continue
            is_header = r < len(table.header)
            if not is_header and _is_amount(cell) and cell.text:
                target.value = Decimal(cell.text)
                target.number_format = "0.00"
            else:
                put(target, cell.text or None)
            target.alignment = Alignment(horizontal=cell.align.value, vertical="center", wrap_text=True)
            if cell.bold:
                target.font = Font(bold=True)
            if cell.colspan > 1 or cell.rowspan > 1:
                ws.merge_cells(start_row=grid_top + r, start_column=c + 1,
                               end_row=grid_top + r + cell.rowspan - 1, end_column=c + cell.colspan)
    row = grid_top + len(rows)
    for note in table.notes:
        put(ws.cell(row, 1), note)
        row += 1

    weights = table.column_widths or (1.0,) * width
    for i, w in enumerate(weights, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(10 * w, 1)
    ws.freeze_panes = ws.cell(grid_top + len(table.header), 1)



def xlsx_bytes(tables: BudgetTables | FinalTables) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in tables.tables:
        _write_sheet(wb.create_sheet(sheet_name(table)), table)
    return workbook_bytes(wb, output_kind="公开表格")


# ---------------------------------------------------------------- entry point


def export_tables(
    tables: BudgetTables | FinalTables, department: Department | FinalDepartment, out_dir: Path, fmt: str
) -> list[Path]:
    """Write the tables in ``fmt`` (``xlsx``, ``csv`` or ``json``) under ``out_dir``, all or none;
    return the paths."""
    outputs = table_outputs(tables, department, out_dir, fmt)
    atomic_write_all(outputs)
    return [path for path, _ in outputs]


def table_outputs(
    tables: BudgetTables | FinalTables, department: Department | FinalDepartment, out_dir: Path, fmt: str
) -> list[tuple[Path, bytes]]:
    """The files :func:`export_tables` writes: (path, bytes) in ``fmt``."""
    stem = file_stem(tables, department)
    out_dir = Path(out_dir)
    if fmt == "xlsx":
        return [(out_dir / f"{stem}.xlsx", xlsx_bytes(tables))]
    if fmt == "json":
        return [(out_dir / f"{stem}.json", _json_bytes(tables))]
    if fmt == "csv":
        return [(out_dir / f"{stem}-{_file_key(t)}.csv", _csv_bytes(t)) for t in tables.tables]
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


_MAX_EARLIER = 64 << 20  # bytes of an earlier export read to recognise it


def exported_before(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` is an earlier export of these tables (so it may be replaced):
    the workbook marked 公开表格, the same JSON keys, or a CSV whose first line (the table's
    label) is the new file's; never a link, a department's workbook or anything else."""
    from .batch import own_output_kind

    try:
        if path.is_symlink() or not path.is_file():
            return False
        if path.suffix == ".xlsx":
            return own_output_kind(path) == "公开表格"
        with open(path, "rb") as fh:
            head = fh.read(_MAX_EARLIER + 1)
        if path.suffix == ".csv":
            return head.split(b"\r\n", 1)[0] == data.split(b"\r\n", 1)[0]
        payload = json.loads(head.decode("utf-8")) if len(head) <= _MAX_EARLIER else None
        return isinstance(payload, dict) and set(payload) == set(json.loads(data.decode("utf-8")))
    except (OSError, ValueError):
        return False
