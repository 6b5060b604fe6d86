"""汇总.xlsx: one row per department and every issue on a second sheet."""

from __future__ import annotations

import os
from pathlib import Path

from ..ooxml import append_row, workbook_bytes
from .results import TOTALS, DepartmentResult, sort_results

#: the mark every workbook the tool writes carries (docProps/custom.xml), so it is never read
#: back as a department's workbook (see :func:`gendisclose.batch.inputs.own_output_kind`)
SUMMARY_KIND = "汇总表"


def summary_workbook(results: list[DepartmentResult], *, build: bool, link_base: Path | None = None) -> bytes:
    """汇总.xlsx: one row per department (sorted by file name), and every issue on a second sheet.

    With ``--annotate`` a column 检查结果 links to each annotated copy (relative to
    ``link_base``, the summary's folder, so the folders can be moved together)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    header = ["文件", "部门名称", "状态", "错误数", "警告数", *(h for _, h in TOTALS)]
    if build:
        header += ["输出文件", "本次"]
    header += ["主要问题", "公开类型"]
    annotated = any(r.annotated for r in results)
    if annotated:
        header.append("检查结果")
    append_row(ws, header)
    bold = Font(bold=True)
    red = PatternFill("solid", fgColor="FFF2CC")
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in sort_results(results):
        first = [
            i["message"] if not i.get("cell") else f"{i['cell']}：{i['message']}"
            for i in r.issues
            if i["level"] == "错误"
        ][:3]
        row = [r.file, r.department or "", r.status, r.errors, r.warnings]
        row += [float(r.totals[k]) if r.totals.get(k) else None for k, _ in TOTALS]
        if build:
            row += ["\n".join(r.outputs), r.change or ""]
        row += ["\n".join(first), r.kind or ""]
        if annotated:
            row.append(Path(r.annotated).name if r.annotated else "")
        append_row(ws, row)
        if r.annotated:
            ws.cell(ws.max_row, len(row)).hyperlink = _link(Path(r.annotated), link_base)
            ws.cell(ws.max_row, len(row)).style = "Hyperlink"
        if not r.ok:
            for cell in ws[ws.max_row]:
                cell.fill = red
        for cell in ws[ws.max_row][5 : 5 + len(TOTALS)]:
            cell.number_format = "#,##0.00"
    widths = [28, 28, 8, 8, 8] + [14] * len(TOTALS) + ([40, 12] if build else []) + [60, 14] + ([36] if annotated else [])
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = w
    ws.freeze_panes = "B2"
    n = len(results)
    passed = sum(1 for r in results if r.ok)
    ws.append([])
    append_row(ws, [f"共 {n} 个工作簿：通过 {passed} 个，有错误 {n - passed} 个"])

    detail = wb.create_sheet("问题清单")
    append_row(detail, ["文件", "部门名称", "级别", "位置", "代码", "说明", "情况说明"])
    for cell in detail[1]:
        cell.font = bold
    for r in sort_results(results):
        for i in r.issues:
            append_row(
                detail, [r.file, r.department or "", i.get("state") or i["level"], i.get("cell") or "", i["code"],
                         i["message"], i.get("explanation") or ""]
            )
    for letter, w in zip("ABCDEFG", (28, 28, 6, 18, 24, 80, 40), strict=True):
        detail.column_dimensions[letter].width = w
    detail.freeze_panes = "A2"
    for sheet in (ws, detail):
        _text_only(sheet)
    return workbook_bytes(wb, output_kind=SUMMARY_KIND)


def _link(target: Path, base: Path | None) -> str:
    """A relative link (``检查结果/X.检查结果.xlsx``) with forward slashes, as Excel and WPS read it."""
    try:
        rel = os.path.relpath(target, base) if base is not None else str(target)
    except ValueError:  # another drive on Windows
        rel = str(target.resolve())
    return Path(rel).as_posix()


def _text_only(ws) -> None:
    """User text is only ever text: openpyxl takes a string beginning with ``=`` for a formula;
    the summary holds no formula of its own, so every such cell is stored as a string."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
