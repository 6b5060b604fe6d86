"""Fill the blank standard template cell by cell, so a test shows exactly what was typed.

    wb = blank()
    fields(wb, "基本信息", 部门名称="测试局", 预算年度=2026, 单位性质="行政单位")
    rows(wb, "收支预算", {"单位名称": "测试局", "功能科目编码": "2010301", "当年一般公共预算": 100})
    path = save(wb, tmp_path)

Columns and fields are addressed by their Chinese header, as an accountant would.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from gendisclose.workbook.template import template_bytes

DEPT = "测试县测试局"


def blank() -> Workbook:
    return load_workbook(io.BytesIO(template_bytes()))


def minimal() -> Workbook:
    """The blank template with just the three required 基本信息 fields."""
    wb = blank()
    fields(wb, "基本信息", 部门名称=DEPT, 预算年度=2026, 单位性质="行政单位")
    return wb


def header_columns(wb: Workbook, sheet: str) -> dict[str, int]:
    ws = wb[sheet]
    return {str(c.value): c.column for c in ws[1] if c.value is not None}


def rows(wb: Workbook, sheet: str, *records: dict[str, Any], start: int = 2) -> None:
    """Write records (header → value) from row ``start`` on."""
    ws = wb[sheet]
    columns = header_columns(wb, sheet)
    for offset, record in enumerate(records):
        for header, value in record.items():
            ws.cell(start + offset, columns[header], value)


def fields(wb: Workbook, sheet: str, **values: Any) -> None:
    """Write key–value fields by label (column A) into column B."""
    ws = wb[sheet]
    by_label = {str(ws.cell(r, 1).value): r for r in range(2, ws.max_row + 1)}
    for label, value in values.items():
        ws.cell(by_label[label], 2, value)


def field_row(wb: Workbook, sheet: str, label: str) -> int:
    ws = wb[sheet]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == label)


def save(wb: Workbook, tmp_path: Path, name: str = "填报.xlsx") -> Path:
    path = tmp_path / name
    wb.save(path)
    return path
