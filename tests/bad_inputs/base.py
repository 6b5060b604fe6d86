"""The valid workbook every broken one starts from, and small helpers to break it.

The base department is small but touches every sheet a corruption aims at: two 基本支出
lines, three 经济科目 lines that add up to the 一般公共预算 basic money, two projects with
indicators, a listed unit, vehicles, prior-year figures, 职责, 整体绩效 goals, a 年度重点任务
and a 部门整体 indicator (so a valid workbook gives no warning at all).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from functools import cache

from builders import DepartmentBuilder
from openpyxl import Workbook, load_workbook

from gendisclose.model import Assets, Department, VehicleCategory
from gendisclose.workbook.schema import (
    ASSETS,
    BASIC,
    ECONOMIC,
    INDICATORS,
    INFO,
    PROJECTS,
    FieldSheet,
    TableSheet,
)
from gendisclose.workbook.template import template_bytes

DEPT_NAME = "测试县测试局"
PROJECT_A = "办公楼物业费"
PROJECT_B = "信息化运维"

#: rows of the base workbook (the template writes records in order from row 2)
BASIC_ROWS = {"2010301": 2, "2080505": 3}
ECONOMIC_ROWS = {"30101": 2, "30201": 3, "30108": 4}
PROJECT_ROWS = {PROJECT_A: 2, PROJECT_B: 3}


def base_department() -> Department:
    return (
        DepartmentBuilder(name=DEPT_NAME)
        .unit(DEPT_NAME, "行政单位")
        .basic("2010301", general="1765100.00")
        .basic("2080505", general="200000.00")
        .economic("30101", "1000000.00")
        .economic("30201", "765100.00")
        .economic("30108", "200000.00")
        .project(PROJECT_A, "2010302", general="130000.00")
        .project(PROJECT_B, "2010350", general="56000.50", carried_general="1000.00")
        .indicator(PROJECT_A, "数量指标", "物业服务面积", "≥3000平方米")
        .indicator(PROJECT_A, "服务对象满意度", "满意度", "≥95%")
        .indicator(PROJECT_B, "时效指标", "系统可用时间", "≥99%")
        .described()
        .prior_year(
            income_total="2000000.00",
            expenditure_total="2000000.00",
            general_current="2000000.00",
            agency_operating="700000.00",
        )
        .with_(
            assets=Assets(
                vehicle_quota=2,
                vehicle_actual=2,
                vehicles={VehicleCategory.LEADERSHIP: 0, VehicleCategory.LAW_ENFORCEMENT: 2},
            )
        )
        .build()
    )


@cache
def base_bytes() -> bytes:
    """The valid base workbook (deterministic bytes)."""
    return template_bytes(base_department())


def open_base() -> Workbook:
    return load_workbook(io.BytesIO(base_bytes()))


def save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def col(sheet: TableSheet, key: str) -> str:
    """Column letter of ``key`` in the standard layout."""
    return sheet.letter(key)


def ref(sheet: TableSheet, key: str, row: int) -> str:
    """``D2``: the cell of ``key`` on ``row``."""
    return f"{sheet.letter(key)}{row}"


def field_ref(sheet: FieldSheet, key: str) -> str:
    """``B5``: the value cell of a key–value field in the standard layout."""
    return f"{sheet.VALUE_COLUMN}{sheet.row_of(key)}"


def where(sheet: TableSheet | FieldSheet, cell: str) -> str:
    """The location text an Issue prints: ``收支预算!D2``."""
    return f"{sheet.name}!{cell}"


def sheet_member(data: bytes, sheet_name: str) -> str:
    """Zip member name of a worksheet (``xl/worksheets/sheet5.xml``)."""
    wb = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return wb[sheet_name]._worksheet_path.lstrip("/")  # type: ignore[attr-defined]
    finally:
        wb.close()


def replace_member(data: bytes, member: str, chunks: Iterable[bytes], level: int = 6) -> bytes:
    """A copy of the zip ``data`` whose ``member`` holds the streamed ``chunks`` instead.

    Streams through ``ZipFile.open(…, "w")``, so a member of hundreds of MB never sits in
    memory; only the compressed archive does.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst,
    ):
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info.filename))
                continue
            target = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            target.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(target, "w", force_zip64=True) as fh:
                for chunk in chunks:
                    fh.write(chunk)
    return out.getvalue()


def sheet_prefix(data: bytes, member: str) -> bytes:
    """The worksheet XML up to and including ``<sheetData>`` (root element and its settings)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(member)
    start = xml.index(b"<sheetData")
    end = xml.index(b">", start) + 1
    return xml[:start] + b"<sheetData>" if xml[end - 2 : end] == b"/>" else xml[:end]


def header_row(sheet: TableSheet) -> bytes:
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    cells = "".join(
        f'<c r="{get_column_letter(i + 1)}1" t="inlineStr"><is><t>{escape(c.header)}</t></is></c>'
        for i, c in enumerate(sheet.columns)
    )
    return f'<row r="1">{cells}</row>'.encode()


def rows_xml(rows: Iterator[str]) -> Iterator[bytes]:
    """Batch many small row strings into ~1 MB chunks."""
    batch: list[str] = []
    size = 0
    for row in rows:
        batch.append(row)
        size += len(row)
        if size > 1 << 20:
            yield "".join(batch).encode()
            batch, size = [], 0
    if batch:
        yield "".join(batch).encode()


__all__ = [
    "ASSETS",
    "BASIC",
    "BASIC_ROWS",
    "DEPT_NAME",
    "ECONOMIC",
    "ECONOMIC_ROWS",
    "INDICATORS",
    "INFO",
    "PROJECTS",
    "PROJECT_A",
    "PROJECT_B",
    "PROJECT_ROWS",
    "base_bytes",
    "base_department",
    "col",
    "field_ref",
    "header_row",
    "open_base",
    "ref",
    "replace_member",
    "rows_xml",
    "save",
    "sheet_member",
    "sheet_prefix",
    "where",
]
