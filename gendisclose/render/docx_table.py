"""DOCX tables, written straight into the XML (one ``w:tr`` per row, built from
:meth:`Table.grid`), never through ``table.cell(r, c)``, which re-walks the table per call.

Rows do not split (``w:cantSplit``; a row too tall for two thirds of a page may, see
:func:`_splittable_rows`), and rows that belong together stay on one page as in the PDF
(:func:`_kept_with_next`): the rows under a merged (rowspan) cell — the 效益指标 block of a
绩效目标表 —, a group row (bold first cell: T6's 资本性支出) with its first item, the header with
the first body row, and the last row with the one before it, so no page holds a table's last row
alone. Word keeps a row with the next when its paragraphs have ``w:keepNext``; a block estimated
taller than two thirds of a page is not kept together (it could not be).
"""

from __future__ import annotations

import copy
import math
import unicodedata

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..document import Align, Cell, PageStyle, Table
from .docx_xml import (
    child,
    clean_text,
    set_cant_split,
    set_cell_properties,
    set_east_asian_font,
    set_keep_next,
    set_repeat_header,
)


def _cell_widths(table: Table, text_width: int) -> list[int]:
    n = table.n_columns
    weights = table.column_widths if len(table.column_widths) == n else (1.0,) * n
    total = sum(weights) or 1.0
    return [int(text_width * w / total) for w in weights]


def _origins(grid: list[list[Cell | None]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Covered grid position → the position of the cell that spans it."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None and (cell.rowspan > 1 or cell.colspan > 1):
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if (dr or dc) and r + dr < len(grid):
                            covered[(r + dr, c + dc)] = (r, c)
    return covered


#: 宋体 五号 in a table: one line ≈ 1.3 em (single spacing) of 10.5pt; cell margins 108 twips a side.
_TABLE_EM_TWIPS = 210
_TABLE_LINE_TWIPS = 273
_CELL_MARGINS_TWIPS = 216


def _estimated_height(text: str, width_twips: int) -> int:
    """A generous estimate of the height (twips) ``text`` takes in a table cell ``width_twips``
    wide: a wide (CJK, full-width) character one em, any other half an em."""
    per_line = max((width_twips - _CELL_MARGINS_TWIPS) / _TABLE_EM_TWIPS, 1.0)
    lines = 0
    for line in text.split("\n"):
        ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in line)
        lines += max(1, math.ceil(ems / per_line))
    return lines * _TABLE_LINE_TWIPS


def _splittable_rows(grid: list[list[Cell | None]], widths: list[int], text_height: int) -> set[int]:
    """Rows that may break across pages: those under a cell whose text would take more than two
    thirds of a page. Every other row keeps ``w:cantSplit`` (rows never split, as in the seeds);
    a row holding a 3,000-character 部门职责 cannot fit a page, and a viewer then cuts it off
    at the page's bottom. The estimate is rough and generous (nothing measures for us here),
    hence the margin: no row of the samples is affected (their longest, an 858-character
    部门职责, is estimated at half a page)."""
    rows: set[int] = set()
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None and cell.text:
                width = sum(widths[c:c + cell.colspan])
                if _estimated_height(cell.text, width) > text_height * 2 // 3:
                    rows.update(range(r, min(r + cell.rowspan, len(grid))))
    return rows


class RunFormats:
    """Prebuilt ``w:rPr``/``w:pPr`` elements, deep-copied per cell (much faster than the API)."""

    def __init__(self, doc, page: PageStyle, text_style: str, header_style: str):
        ids = doc._gendisclose_style_ids
        self.rpr = {}
        for header in (False, True):
            for bold in (False, True):
                rpr = OxmlElement("w:rPr")
                set_east_asian_font(rpr, page.docx_heading_font if header else page.docx_table_font)
                if bold:
                    child(rpr, "w:b")
                self.rpr[(header, bold)] = rpr
        self.ppr = {}
        for header in (False, True):
            for align in Align:
                for keep in (False, True):
                    ppr = OxmlElement("w:pPr")
                    child(ppr, "w:pStyle").set(qn("w:val"), ids[header_style if header else text_style])
                    if keep:
                        set_keep_next(ppr)
                    child(ppr, "w:jc").set(qn("w:val"), {"left": "left", "center": "center", "right": "right"}[align.value])
                    self.ppr[(header, align, keep)] = ppr


def _cell_paragraph(cell: Cell | None, header: bool, formats: RunFormats, keep: bool = False):
    p = OxmlElement("w:p")
    align = cell.align if cell is not None else Align.LEFT
    p.append(copy.deepcopy(formats.ppr[(header, align, keep)]))
    if cell is not None and cell.text:
        lines = clean_text(cell.text).split("\n")
        r = OxmlElement("w:r")
        r.append(copy.deepcopy(formats.rpr[(header, bool(cell.bold) and not header)]))
        for i, line in enumerate(lines):
            if i:
                r.append(OxmlElement("w:br"))
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = line
            r.append(t)
        p.append(r)
    return p


def _row_heights(grid: list[list[Cell | None]], widths: list[int]) -> list[int]:
    """Estimated height of each row (twips): its tallest single-row cell; a merged cell's
    excess over its rows goes to its last row (as the PDF's template measures)."""
    heights = [_TABLE_LINE_TWIPS] * len(grid)
    spans = []
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            h = _estimated_height(cell.text, sum(widths[c:c + cell.colspan])) if cell.text else _TABLE_LINE_TWIPS
            if cell.rowspan > 1:
                spans.append((r, min(r + cell.rowspan, len(grid)), h))
            else:
                heights[r] = max(heights[r], h)
    for start, end, h in spans:
        have = sum(heights[start:end])
        if h > have:
            heights[end - 1] += h - have
    return heights


def _kept_with_next(table: Table, grid: list[list[Cell | None]], widths: list[int], text_height: int) -> set[int]:
    """Rows (grid indices) kept on the page of the next row (``w:keepNext``), added in this
    order while each run of rows kept together stays within two thirds of a page (estimated):
    the header rows, the last body row's predecessor (never a last row alone), each group row
    (its first cell bold, more rows follow) with its first item, then the rows under each
    merged cell but its last, smallest first (the 效益指标 block, then the 年度绩效指标 block
    around it). A block that would make a run taller is left free: it could not be kept."""
    n = len(grid)
    n_header = len(table.header)
    heights = _row_heights(grid, widths)
    limit = text_height * 2 // 3
    kept: set[int] = set()

    def keep(rows: range) -> None:
        trial = kept | set(rows)
        start, end = rows.start, rows.stop
        while start - 1 in trial:
            start -= 1
        while end in trial:
            end += 1
        if sum(heights[start:end + 1]) <= limit:
            kept.update(rows)

    for r in range(min(n_header, n - 1)):
        keep(range(r, r + 1))
    if n - n_header >= 2:
        keep(range(n - 2, n - 1))
    if table.notes and n >= 1:  # a note never without its table's last row (a header row when no body)
        keep(range(n - 1, n))
    for r in range(n_header, n - 1):
        first = grid[r][0]
        if first is not None and first.bold and first.rowspan == 1 and first.text:
            keep(range(r, r + 1))
    spans = sorted({(r, min(r + cell.rowspan, n)) for r, row in enumerate(grid) for cell in row
                    if cell is not None and cell.rowspan > 1 and r >= n_header}, key=lambda s: (s[1] - s[0], s[0]))
    for start, end in spans:
        keep(range(start, end - 1))
    return kept


def add_table(doc, table: Table, text_width: int, text_height: int, formats: RunFormats, chunks=None) -> None:
    """The table at the end of ``doc``'s body; with ``chunks`` (:class:`.docx_stream.Chunks`) its
    rows are serialized as they are written, so a table of any length takes bounded memory."""
    widths = _cell_widths(table, text_width)
    grid = table.grid()
    covered = _origins(grid)
    n_header = len(table.header)
    splittable = _splittable_rows(grid, widths, text_height)
    kept = _kept_with_next(table, grid, widths, text_height) - splittable

    docx_table = doc.add_table(rows=0, cols=len(widths))
    docx_table.style = doc.styles["Table Grid"]
    docx_table.autofit = False
    tbl = docx_table._tbl
    tblpr = tbl.tblPr
    tblw = child(tblpr, "w:tblW")
    tblw.set(qn("w:w"), str(sum(widths)))
    tblw.set(qn("w:type"), "dxa")
    child(tblpr, "w:tblLayout").set(qn("w:type"), "fixed")
    child(tblpr, "w:jc").set(qn("w:val"), "center")
    for gridcol, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        gridcol.set(qn("w:w"), str(w))

    for r, row in enumerate(grid):
        header = r < n_header
        keep = r in kept
        tr = OxmlElement("w:tr")
        if r not in splittable:
            set_cant_split(tr)
        if header:
            set_repeat_header(tr)
        c = 0
        while c < len(row):
            cell = row[c]
            if cell is None:
                origin = covered.get((r, c))
                if origin is None:  # a ragged row: fill the gap with an empty cell
                    tc = OxmlElement("w:tc")
                    set_cell_properties(tc, widths[c], 1, None)
                    tc.append(_cell_paragraph(None, header, formats, keep))
                    tr.append(tc)
                    c += 1
                    continue
                source = grid[origin[0]][origin[1]]
                assert source is not None
                if origin[1] == c and origin[0] < r:  # continue a vertical merge
                    tc = OxmlElement("w:tc")
                    set_cell_properties(tc, sum(widths[c:c + source.colspan]), source.colspan, "continue")
                    tc.append(_cell_paragraph(None, header, formats, keep))
                    tr.append(tc)
                    c += source.colspan
                else:  # covered by a colspan already written
                    c += 1
                continue
            span = min(cell.colspan, len(row) - c)
            tc = OxmlElement("w:tc")
            set_cell_properties(tc, sum(widths[c:c + span]), span, "restart" if cell.rowspan > 1 else None)
            tc.append(_cell_paragraph(cell, header, formats, keep))
            tr.append(tc)
            c += span
        tbl.append(tr)
        if chunks is not None:
            chunks.row(tbl, len(row))


