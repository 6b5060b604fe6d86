"""Dump the 13 derived tables for checking (``gendisclose tables``): xlsx, csv or json.

Figures are exactly those the documents print (the ``Table`` texts, 万元 with two decimals,
empty for zero); nothing is recomputed here. xlsx: one sheet per table laid out like the
published table (label, title, captions, merged header cells, amounts as numbers formatted
``0.00``, notes), with fixed document and zip-entry times so the bytes are reproducible.
csv: one UTF-8-with-BOM file per table (Excel opens it as Chinese). json: one file with all
tables, figures as strings. Every file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from .derive.table_layout import chinese_number
from .derive.tables import BudgetTables
from .document import Align, Cell, Table
from .model import Department
from .ooxml import workbook_bytes
from .pipeline import atomic_write, safe_file_stem

FORMATS = ("xlsx", "csv", "json")


def file_stem(tables: BudgetTables, department: Department) -> str:
    """``朔州市…局2026年部门预算公开表``: the output name without extension."""
    return safe_file_stem(f"{department.info.name}{tables.year}年部门预算公开表")


def _is_amount(cell: Cell) -> bool:
    return cell.align is Align.RIGHT


def _grid_texts(table: Table) -> list[list[str]]:
    """Header + body as a rectangle of texts ('' where a span covers the position)."""
    return [[c.text if c is not None else "" for c in row] for row in table.grid()]


# ---------------------------------------------------------------- csv


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
        writer.writerow(line + [""] * (width - len(line)))
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


# ---------------------------------------------------------------- json


def _cell_json(cell: Cell) -> dict[str, object]:
    out: dict[str, object] = {"text": cell.text}
    if cell.colspan > 1:
        out["colspan"] = cell.colspan
    if cell.rowspan > 1:
        out["rowspan"] = cell.rowspan
    return out


def _json_bytes(tables: BudgetTables) -> bytes:
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
    """``表一`` … ``表十三`` (short, valid Excel sheet names)."""
    return f"表{chinese_number(int(table.key[1:]))}"


def _write_sheet(ws, table: Table) -> None:  # ws: openpyxl Worksheet
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    width = table.n_columns
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    row = 1
    if table.label:
        ws.cell(row, 1, table.label)
        row += 1
    ws.cell(row, 1, table.title).font = Font(bold=True, size=14)
    ws.cell(row, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    row += 1
    for caption in table.captions:
        ws.cell(row, 1, caption)
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
                target.value = cell.text or None
            target.alignment = Alignment(horizontal=cell.align.value, vertical="center", wrap_text=True)
            if cell.bold:
                target.font = Font(bold=True)
            if cell.colspan > 1 or cell.rowspan > 1:
                ws.merge_cells(start_row=grid_top + r, start_column=c + 1,
                               end_row=grid_top + r + cell.rowspan - 1, end_column=c + cell.colspan)
    row = grid_top + len(rows)
    for note in table.notes:
        ws.cell(row, 1, note)
        row += 1

    weights = table.column_widths or (1.0,) * width
    for i, w in enumerate(weights, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(10 * w, 1)
    ws.freeze_panes = ws.cell(grid_top + len(table.header), 1)



def xlsx_bytes(tables: BudgetTables) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in tables.tables:
        _write_sheet(wb.create_sheet(sheet_name(table)), table)
    return workbook_bytes(wb, output_kind="公开表格")


# ---------------------------------------------------------------- entry point


def export_tables(tables: BudgetTables, department: Department, out_dir: Path, fmt: str) -> list[Path]:
    """Write the tables in ``fmt`` (``xlsx``, ``csv`` or ``json``) under ``out_dir``; return the paths."""
    stem = file_stem(tables, department)
    out_dir = Path(out_dir)
    if fmt == "xlsx":
        outputs = [(out_dir / f"{stem}.xlsx", xlsx_bytes(tables))]
    elif fmt == "json":
        outputs = [(out_dir / f"{stem}.json", _json_bytes(tables))]
    elif fmt == "csv":
        outputs = [(out_dir / f"{stem}-T{int(t.key[1:]):02d}.csv", _csv_bytes(t)) for t in tables.tables]
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    for path, data in outputs:
        atomic_write(path, data)
    return [path for path, _ in outputs]
