"""The accountant's own workbook handed back as the error report (``X.检查结果.xlsx``).

:func:`annotate_workbook` copies the workbook's package part by part and changes only what
the report needs: each problem cell gets a fill (red 错误, yellow 警告, green 已说明) made
from its own style, and a 批注 with the messages and rule codes; a first sheet 问题清单 lists
every issue with a link to its cell; a custom property marks the copy as ours
(:data:`gendisclose.ooxml.OUTPUT_MARK`), so a batch never reads it back as a department's
workbook. Values, styles, dropdowns, hidden sheets, column widths, the department's own
comments and defined names stay as they were — the package is edited directly
(:mod:`gendisclose.annotate_parts`, :mod:`gendisclose.annotate_marks`) rather than re-saved through openpyxl, which drops
what it does not model. Same input, same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from . import annotate_parts as parts
from .annotate_marks import Styles, Worksheet
from .issues import Issue, Location
from .ooxml import ZIP_TIME
from .textkey import visible_key

LIST_SHEET = "问题清单"
OUTPUT_KIND = "检查结果"
OUTPUT_SUFFIX = f".{OUTPUT_KIND}.xlsx"
EXPLAINED = "已说明"

#: how many issues the 问题清单 lists (a workbook with more is a pasted mistake; the rest
#: are still marked at their cells)
MAX_LISTED = 5000


def annotated_name(stem: str) -> str:
    """``X.xlsx`` → ``X.检查结果.xlsx`` (a long ``X`` shortened: a file name holds 255 bytes)."""
    from .pipeline import MAX_STEM_BYTES

    while len(stem.encode("utf-8", "surrogateescape")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    return f"{stem}{OUTPUT_SUFFIX}"


def state(issue: Issue) -> str:
    """错误, 警告 or 已说明 (a warning the department explained in 情况说明)."""
    return issue.state


@dataclass(frozen=True)
class _Sheet:
    name: str
    part: str


def annotate_workbook(source: bytes, issues: list[Issue]) -> bytes:
    """A copy of ``source`` (an .xlsx package) with every issue at its cell and a 问题清单."""
    pkg = parts.Package.read(source)
    book = pkg.workbook_part()
    sheets = [_Sheet(name, part) for name, part in pkg.sheets(book)]
    by_key = {visible_key(s.name): s for s in sheets}
    styles = Styles(pkg, book)

    marks: dict[str, dict[tuple[int, int], list[Issue]]] = defaultdict(lambda: defaultdict(list))
    links: list[tuple[Issue, _Sheet | None, str]] = []
    for issue in issues:
        first: tuple[_Sheet | None, str] | None = None
        for loc in _locations(issue):
            sheet = by_key.get(visible_key(loc.sheet))
            if sheet is None:
                continue
            cell = _cell_of(loc)
            if cell is not None:
                marks[sheet.part][cell].append(issue)
            if first is None:
                first = (sheet, parts.cell_ref(*(cell or (1, _column_number(loc.column) or 1))))
        sheet, ref = first or (None, "A1")
        links.append((issue, sheet, ref))

    for sheet in sheets:
        cells = marks.get(sheet.part)
        if cells:
            _mark_sheet(pkg, sheet, cells, styles)
    _add_list_sheet(pkg, book, links, styles)
    styles.save()
    pkg.mark_output(OUTPUT_KIND)
    return pkg.write(ZIP_TIME)


def _locations(issue: Issue) -> list[Location]:
    seen: list[Location] = []
    for loc in (issue.location, *issue.related):
        if loc is not None and loc not in seen:
            seen.append(loc)
    return seen


_COLUMN = re.compile(r"^[A-Za-z]{1,3}$")


def _column_number(column: str | None) -> int | None:
    if not column or not _COLUMN.match(column):
        return None
    n = 0
    for ch in column.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _cell_of(loc: Location) -> tuple[int, int] | None:
    """(row, column) of a location that names a cell; a whole row is marked at its column A."""
    if loc.row is None or loc.row < 1:
        return None
    column = _column_number(loc.column) if loc.column else 1
    return (loc.row, column) if column else None


def _fill_state(found: list[Issue]) -> str:
    states = {state(i) for i in found}
    for s in ("错误", "警告", EXPLAINED):
        if s in states:
            return s
    return "警告"


def _note(found: list[Issue]) -> str:
    lines = []
    for issue in found:
        line = f"[{state(issue)}] {issue.code}：{issue.message}"
        if issue.explained:
            line += f"\n情况说明：{issue.explanation}"
        lines.append(line)
    return "\n\n".join(lines)


def _mark_sheet(pkg: parts.Package, sheet: _Sheet, cells: dict[tuple[int, int], list[Issue]],
                styles: Styles) -> None:
    ws = Worksheet(pkg, sheet.part)
    notes: dict[tuple[int, int], str] = {}
    for (row, column), found in sorted(cells.items()):
        unique = list(dict.fromkeys(found))
        ws.restyle(row, column, lambda s, st=_fill_state(unique): styles.filled(s, st))
        notes[(row, column)] = _note(unique)
    ws.add_notes(notes)
    ws.save()


def _add_list_sheet(pkg: parts.Package, book: str, links: list[tuple[Issue, _Sheet | None, str]],
                    styles: Styles) -> None:
    header = ("序号", "级别", "规则", "位置", "问题", "情况说明")
    rows: list[list[parts.Cell]] = [[parts.Cell(h, styles.header()) for h in header]]
    hyperlinks: list[tuple[str, str, str]] = []
    for n, (issue, sheet, ref) in enumerate(links[:MAX_LISTED], start=1):
        where = issue.location.cell if issue.location else "工作簿"
        explanation = issue.explanation if issue.explained else ""
        rows.append([
            parts.Cell(n, styles.plain()),
            parts.Cell(state(issue), styles.filled(styles.plain(), state(issue))),
            parts.Cell(issue.code, styles.plain()),
            parts.Cell(where, styles.link() if sheet else styles.plain()),
            parts.Cell(issue.message, styles.wrapped()),
            parts.Cell(explanation, styles.wrapped()),
        ])
        if sheet is not None:
            hyperlinks.append((f"D{n + 1}", f"{parts.quote_sheet(sheet.name)}!{ref}", where))
    if len(links) > MAX_LISTED:
        rows.append([parts.Cell(f"另有 {len(links) - MAX_LISTED} 个问题未列出（已在各单元格标出）", styles.plain())])
    if not links:
        rows.append([parts.Cell("未发现问题。", styles.plain())])
    widths = (6, 8, 28, 22, 80, 40)
    pkg.add_first_sheet(book, _unique_name(pkg, book, LIST_SHEET),
                        parts.sheet_xml(rows, widths, hyperlinks))


def _unique_name(pkg: parts.Package, book: str, wanted: str) -> str:
    taken = {visible_key(name) for name, _ in pkg.sheets(book)}
    name, n = wanted, 2
    while visible_key(name) in taken:
        name, n = f"{wanted}({n})", n + 1
    return name
