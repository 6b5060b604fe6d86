"""Document → PDF, laid out by Typst (the ``typst`` wheel: the compiler in one native library).

The template ``templates/disclosure.typ`` is fixed code; the document reaches it as one JSON
value (:func:`payload`) in ``sys.inputs``. Every text a department typed is a JSON string that
the template places as a value, never as markup, so ``#read("/etc/passwd")`` or ``<img …>``
typed in a cell come out literally. The compiler is given only the packaged CJK faces
(``ignore_system_fonts``), an empty project root and no package directory: it reads no other
file and fetches no package (see :mod:`.typeset`). Charts are drawn inline by the same Typst
function that makes the HTML's SVG and the DOCX's PNG (``templates/chart.typ``).

Layout: long unbroken runs in running text (a URL) get zero-width spaces between their
characters so they wrap instead of running off the page (:func:`breakable`). In cells no
character is added: a run (a 14-digit 填报日期) that does not fit its cell is set smaller, or,
if it still does not fit, broken between characters each set as its own box (the template's
cell-text), so the text layer holds it as typed. Pagination and the archival/accessible PDF
(PDF/A-2b, PDF/UA-1): issue 16, see :func:`payload` and the template's header.

Fonts: Noto Serif SC (body) and Noto Sans SC (headings) from the ``pylopdf-fonts-zh-cn`` wheel;
Typst embeds a subset of each (CFF outlines as they are in the face) with a ToUnicode map from
the shaped text. ``fallback: false``: a character missing from the faces would be drawn as the
face's .notdef box; the workbook reader refuses such characters with their cell before
anything is rendered (:func:`gendisclose.render.fonts.unprintable`).

Determinism: ``date: none`` (no creation date), no timestamp; Typst's PDF /ID derives from the
title, so the same document gives the same bytes in any process (tests/test_determinism.py).

Why Typst (issue 7, measured on the 2-core machine, largest sample ``pinglu-affairs-2026``,
73 pages): weasyprint needed ≈ 4.6 s for this PDF (layout 2.3 s + drawing 0.9 s after every
lever that kept its output: HarfBuzz subsets, a trimmed UA stylesheet, the collector paused),
so ``gendisclose build`` took 5.5–6.7 s against LibreOffice's 2.4–3.0 s for converting our own
DOCX, and 1,000 departments on two cores ≈ 22–23.5 min. Typst lays the same document out in
≈ 0.3 s (the build: 1.6–1.9 s; all figures in the README). It is also a self-contained wheel on
Windows, macOS and Linux, where weasyprint needs Pango/GTK installed on Windows.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from concurrent.futures import Future

from ..document import Chart, Document, Heading, PageBreak, Paragraph, Table
from .charts import CHART_TEMPLATE, chart_data
from .concurrent import table_cells
from .pdf_parts import SPLIT_ABOVE, lay_out_in_parts
from .typeset import PDF_STANDARDS, compile_and_eval, template_source, to_json

TEMPLATE = "disclosure.typ"

_ALIGN = {"left": "l", "center": "c", "right": "r"}

#: A run of characters with no line-break opportunity inside (no space, no CJK character).
_UNBROKEN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\ufe30-\uffef]{%d,}")
_CELL_RUN = re.compile(_UNBROKEN.pattern % 10)
_TEXT_RUN = re.compile(_UNBROKEN.pattern % 30)
ZWSP = "\u200b"


def breakable(text: str, runs: re.Pattern = _TEXT_RUN) -> str:
    """``text`` with a zero-width space between the characters of every long unbroken run, so a
    typed URL or a 5,000-character string wraps instead of running off the page (Typst breaks
    lines only where Unicode allows one)."""
    return runs.sub(lambda m: ZWSP.join(m.group(0)), text)


#: A closing mark after a Han character, or an opening mark before one: set one em wide together.
_PUNCT_PAIR = re.compile(r"[\u4e00-\u9fff][，。、；：？！）》]|[（《][\u4e00-\u9fff]")


def punct_runs(text: str) -> list[str | list[str]]:
    """``text`` cut for the template's full-width punctuation (``full-width-punct``): plain runs
    as strings, each mark with its neighbouring character as a pair."""
    runs: list[str | list[str]] = []
    at = 0
    for m in _PUNCT_PAIR.finditer(text):
        if m.start() > at:
            runs.append(text[at:m.start()])
        runs.append(list(m.group(0)))
        at = m.end()
    if at < len(text):
        runs.append(text[at:])
    return runs


def _cell(c) -> list:  # noqa: ANN001
    row = [c.text, c.colspan, c.rowspan, _ALIGN[c.align.value], c.bold]
    if _CELL_RUN.search(c.text):
        row.append(True)  # a long unbroken run: set smaller, or broken, if it does not fit its cell
    return row


def _cells(rows) -> list[list[list]]:  # noqa: ANN001
    return [[_cell(c) for c in row] for row in rows]


def _block(index: int, block, page_start: bool, wide_mm: float = 156.0) -> dict:  # noqa: ANN001
    base = {"id": f"b{index}", "page_start": page_start}
    match block:
        case Heading():
            return base | {"kind": "heading", "level": max(1, min(block.level, 3)),
                           "text": breakable(block.text)}
        case Paragraph():
            text = breakable(block.text)
            if block.style == "body":
                return base | {"kind": "paragraph", "style": "body", "text": punct_runs(text), "plain": text}
            return base | {"kind": "paragraph", "style": block.style, "text": text}
        case Table():
            return base | {
                "kind": "table", "label": block.label, "title": breakable(block.title),
                "heading": block.heading and breakable(block.heading),
                "subtitle": block.subtitle and breakable(block.subtitle),
                "captions": [breakable(c) for c in block.captions],
                "notes": [breakable(n) for n in block.notes],
                "widths": [round(f, 5) for f in fit_labels(block, wide_mm)],
                "bookmark": None, "whole": _is_small(block),
                "header": _cells(block.header), "body": _cells(block.body),
            }
        case Chart():
            return base | {"kind": "chart", "caption": block.caption, "chart": chart_data(block),
                           "alt": chart_alt(block)}
    raise TypeError(f"unknown block {type(block).__name__}")


#: Points in a millimetre; the em of table text (10.5pt, as the template sets it).
_PT_PER_MM = 72 / 25.4
_TABLE_EM = 10.5
_CELL_INSET_EM = 8 / _TABLE_EM  # the template's cell inset, both sides


def _text_ems(text: str) -> float:
    """The width of ``text`` in ems, from above: a full-width character one em, any other 0.6."""
    return sum(1.0 if ord(ch) > 0x2e7f else 0.6 for ch in text)


def fit_labels(table: Table, width_mm: float) -> list[float]:
    """The table's column fractions, widened where a short label (≤ 8 characters, one column)
    would not fit on one line (`部门基本信/息`), the other columns narrowed in proportion."""
    fractions = list(table.column_fractions())
    total_em = width_mm * _PT_PER_MM / _TABLE_EM
    need = [0.0] * len(fractions)
    for row in table.grid():
        for x, cell in enumerate(row):
            if cell is None or cell.colspan != 1 or not cell.text or len(cell.text) > 8 or "\n" in cell.text:
                continue
            need[x] = max(need[x], (_text_ems(cell.text) + _CELL_INSET_EM + 0.2) / total_em)
    short = [max(f, n) for f, n in zip(fractions, need, strict=True)]
    extra = sum(short) - 1
    if extra <= 0:
        return fractions
    slack = [s - n for s, n in zip(short, need, strict=True)]  # what each column can give up
    room = sum(max(0.0, v) for v in slack)
    if room < extra:
        return fractions  # the labels cannot all fit: keep the profile's widths
    return [s - max(0.0, v) * extra / room for s, v in zip(short, slack, strict=True)]


def _perf_bookmark(table: Table) -> str:
    """A performance table's bookmark: its title, and the project's name (项目名称) if it has one."""
    first = table.body[0] if table.body else ()
    if len(first) > 1 and first[0].text == "项目名称" and first[1].text:
        return f"{table.title}：{first[1].text}"
    return table.title


#: A table of at most this many body rows (an empty 表七 with its 合计 row) follows the table
#: before it on the same page when it fits there, kept whole (the seeds print 表九 and 表十 on one page).
SMALL_TABLE_ROWS = 6


def _is_small(table: Table) -> bool:
    """Few rows, each short enough that the table surely fits well within a page."""
    return len(table.body) <= SMALL_TABLE_ROWS and all(
        len(c.text) <= 40 for row in table.header + table.body for c in row)


def _is_project(table: Table) -> bool:
    return table.key.startswith("PERF_PROJECT")


def _year(document: Document) -> int:
    """The year the PDF gives as its date (PDF/A requires one; a clock would break determinism):
    the document's year, else the first year its cover names, else 1970."""
    year = document.metadata.get("year", "")
    if year.isdigit():
        return int(year)
    found = re.search(r"(?<!\d)(19|20)\d\d(?!\d)", " ".join(document.cover))
    return int(found.group(0)) if found else 1970


def chart_alt(chart: Chart) -> str:
    """The chart's alternative text for assistive tools: its caption and the figures it shows,
    as the legend prints them (name, 万元, share)."""
    items = "；".join(f"{name} {value}{chart.unit}" + (f"，{share}" if share else "")
                     for name, value, share in chart.items)
    return f"{chart.caption}：{items or '无数据'}"


def payload(document: Document) -> dict:
    """The document as the template reads it: blocks grouped into runs of one orientation
    (portrait, or landscape for wide tables), the 目录 entries with their targets.

    Pagination: a heading just before a wide table moves onto the table's landscape page (the
    seeds print 第二部分 with 表一, not alone); consecutive project performance tables follow
    each other on the page instead of each starting a page (the seeds fit 19 in ≈ 28 pages), and
    so does a small table (:data:`SMALL_TABLE_ROWS`) after another table, kept whole.
    Each table the 目录 lists gets a bookmark one level under the heading before it."""
    page = document.page
    portrait_mm = 210 - page.margin_left_mm - page.margin_right_mm
    landscape_mm = 297 - 50  # the template's landscape margins (2.5 cm each side)
    toc_tables = {index: text for level, text, index in document.toc_entries()
                  if isinstance(document.blocks[index], Table)}
    groups: list[dict] = []
    page_start = False
    heading_level = 0
    previous = None
    for index, block in enumerate(document.blocks):
        if isinstance(block, PageBreak):
            page_start = True
            continue
        wide = isinstance(block, Table) and block.wide
        if isinstance(block, Table) and isinstance(previous, Table) and (
                _is_project(block) and _is_project(previous) or _is_small(block) and not wide):
            page_start = False
        moved: list[dict] = []
        if not groups or groups[-1]["wide"] != wide:
            if wide and groups and not page_start:
                last = groups[-1]["blocks"]
                while last and last[-1]["kind"] == "heading":
                    moved.insert(0, last.pop())
                if moved and not last:
                    groups.pop()
                for m in moved:
                    m["page_start"] = False  # the landscape run starts a page anyway
            groups.append({"wide": wide, "blocks": moved})
            page_start = False  # a change of orientation starts a page anyway
        entry = _block(index, block, page_start, landscape_mm if wide else portrait_mm)
        if isinstance(block, Heading):
            heading_level = entry["level"]
        elif isinstance(block, Table) and (index in toc_tables or block.key.startswith("PERF")):
            entry["bookmark"] = {"level": min(heading_level + 1, 6),
                                 "text": toc_tables.get(index) or _perf_bookmark(block)}
        groups[-1]["blocks"].append(entry)
        page_start = False
        previous = block
    meta = document.metadata
    before, after = page.number_affixes
    return {
        "page": {"top": page.margin_top_mm, "bottom": page.margin_bottom_mm, "left": page.margin_left_mm,
                 "right": page.margin_right_mm, "mirror": page.mirror, "body_size": page.body_size_pt,
                 "line_pitch": page.line_pitch_pt, "body_face": page.body_face, "heading_face": page.heading_face,
                 "number_before": before, "number_after": after, "number_size": page.page_number_size_pt,
                 "number_position": page.page_number_position, "header": page.running_header},
        "title": meta.get("title") or " ".join(document.cover) or document.file_stem or "部门公开",
        "year": _year(document),
        "author": [meta["author"]] if meta.get("author") else [],
        "keywords": [k for k in meta.get("keywords", "").replace("，", ",").split(",") if k.strip()],
        "cover": [breakable(line, _CELL_RUN) for line in document.cover],  # large type: a 10-letter run may not fit
        "toc_heading": document.toc_heading,
        "toc": [{"level": level, "text": text, "target": f"b{index}"}
                for level, text, index in document.toc_entries()] if document.toc_heading else [],
        "groups": groups,
    }


def _pages_expression(targets: list[str]) -> str:
    """Typst: the page number of each target as the 目录 prints it (the same ``counter(page)``
    the template's 目录 reads)."""
    if not targets:
        return "()"
    labels = ",".join(f'"{t}"' for t in targets)
    return f"({labels},).map(t => counter(page).at(label(t)).first())"


def _digest(data: str) -> str:
    """The key of a layout in :data:`_pages`: the payload's JSON text, hashed."""
    return hashlib.sha256(data.encode()).hexdigest()


def _lay_out(document: Document, pdf: bool = True) -> bytes | None:
    """Compile the PDF; the 目录's page numbers of this layout go to :data:`_pages` for the DOCX.
    A large document is laid out in parts (:mod:`.pdf_parts`); ``pdf=False``: only for the
    page numbers (a DOCX-only build), the parts not joined."""
    data = payload(document)
    targets = [entry["target"] for entry in data["toc"]]
    source = template_source(CHART_TEMPLATE, TEMPLATE)
    text = to_json(data)
    key = _digest(text)
    if table_cells(document) > SPLIT_ABOVE:
        del text

        def lay_out() -> tuple[bytes | None, dict[str, int]]:
            return lay_out_in_parts(source, data, pdf=pdf)
    else:
        del data  # the payload as JSON text only: the dict is freed before the compile

        def lay_out() -> tuple[bytes | None, dict[str, int]]:
            laid, numbers = compile_and_eval(source, text, _pages_expression(targets), PDF_STANDARDS)
            return laid, dict(zip(targets, numbers, strict=True))
    pending = _pages.claim(key)
    try:
        laid, found = lay_out()
    except BaseException as exc:
        if pending is not None:
            pending.set_exception(exc)
        raise
    if pending is not None:
        pending.set_result({int(t[1:]): int(found[t]) for t in targets})
    return laid


class _PageCache:
    """Page numbers of the last few layouts, by payload digest; a layout under way on another
    thread is waited for instead of repeated (the DOCX asks while the PDF is being laid out)."""

    SIZE = 8

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._futures: OrderedDict[str, Future] = OrderedDict()

    def claim(self, key: str) -> Future | None:
        """A new future to fulfil for ``key``, or None when one exists (done or under way)."""
        with self._lock:
            existing = self._futures.get(key)
            if existing is not None and not (existing.done() and existing.exception() is not None):
                self._futures.move_to_end(key)
                return None
            future: Future = Future()
            self._futures[key] = future
            while len(self._futures) > self.SIZE:
                self._futures.popitem(last=False)
            return future

    def get(self, key: str) -> Future | None:
        with self._lock:
            return self._futures.get(key)


_pages = _PageCache()


def render_pdf(document: Document) -> bytes:
    laid = _lay_out(document)
    assert laid is not None
    return laid


def toc_pages(document: Document) -> dict[int, int]:
    """The page of each 目录 entry in the PDF's layout: block index → the number printed in the
    PDF's 目录 (the body counts from 1). Taken from the PDF rendered for this document when
    there is one (or waited for while it is laid out); otherwise the PDF is laid out for them
    (≈ 0.3–0.8 s) and the PDF itself dropped: the DOCX renderer never lays anything out."""
    if document.toc_heading is None:
        return {}
    key = _digest(to_json(payload(document)))
    future = _pages.get(key)
    if future is None or (future.done() and future.exception() is not None):
        _lay_out(document, pdf=False)
        future = _pages.get(key)
        assert future is not None
    return dict(future.result())
