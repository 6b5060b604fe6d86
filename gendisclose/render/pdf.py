"""Document → PDF, laid out by Typst (the ``typst`` wheel: the compiler in one native library).

The template ``templates/disclosure.typ`` is fixed code; the document reaches it as one JSON
value (:func:`payload`) in ``sys.inputs``. Every text a department typed is a JSON string that
the template places as a value, never as markup, so ``#read("/etc/passwd")`` or ``<img …>``
typed in a cell come out literally. The compiler is given only the packaged CJK faces
(``ignore_system_fonts``), an empty project root and no package directory: it reads no other
file and fetches no package (see :mod:`.typeset`). Charts are drawn inline by the same Typst
function that makes the HTML's SVG and the DOCX's PNG (``templates/chart.typ``).

Layout: long unbroken runs (a URL, a 14-digit date in a narrow cell) get zero-width spaces
between their characters so they wrap instead of running off the page (:func:`breakable`; in
cells only when the text does not fit, decided by the template).

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
from .typeset import compile_and_eval, template_source, to_json

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


def _cell(c) -> list:  # noqa: ANN001
    row = [c.text, c.colspan, c.rowspan, _ALIGN[c.align.value], c.bold]
    if _CELL_RUN.search(c.text):
        row.append(breakable(c.text, _CELL_RUN))  # used only if the text does not fit its cell
    return row


def _cells(rows) -> list[list[list]]:  # noqa: ANN001
    return [[_cell(c) for c in row] for row in rows]


def _block(index: int, block, page_start: bool) -> dict:  # noqa: ANN001
    base = {"id": f"b{index}", "page_start": page_start}
    match block:
        case Heading():
            return base | {"kind": "heading", "level": max(1, min(block.level, 3)),
                           "text": breakable(block.text)}
        case Paragraph():
            return base | {"kind": "paragraph", "style": block.style, "text": breakable(block.text)}
        case Table():
            return base | {
                "kind": "table", "label": block.label, "title": breakable(block.title),
                "heading": block.heading and breakable(block.heading),
                "subtitle": block.subtitle and breakable(block.subtitle),
                "captions": [breakable(c) for c in block.captions],
                "notes": [breakable(n) for n in block.notes],
                "widths": [round(f, 5) for f in block.column_fractions()],
                "header": _cells(block.header), "body": _cells(block.body),
            }
        case Chart():
            return base | {"kind": "chart", "caption": block.caption, "chart": chart_data(block)}
    raise TypeError(f"unknown block {type(block).__name__}")


def payload(document: Document) -> dict:
    """The document as the template reads it: blocks grouped into runs of one orientation
    (portrait, or landscape for wide tables), the 目录 entries with their targets."""
    groups: list[dict] = []
    page_start = False
    for index, block in enumerate(document.blocks):
        if isinstance(block, PageBreak):
            page_start = True
            continue
        wide = isinstance(block, Table) and block.wide
        if not groups or groups[-1]["wide"] != wide:
            groups.append({"wide": wide, "blocks": []})
            page_start = False  # a change of orientation starts a page anyway
        groups[-1]["blocks"].append(_block(index, block, page_start))
        page_start = False
    meta = document.metadata
    page = document.page
    before, after = page.number_affixes
    return {
        "page": {"top": page.margin_top_mm, "bottom": page.margin_bottom_mm, "left": page.margin_left_mm,
                 "right": page.margin_right_mm, "mirror": page.mirror, "body_size": page.body_size_pt,
                 "line_pitch": page.line_pitch_pt, "body_face": page.body_face, "heading_face": page.heading_face,
                 "number_before": before, "number_after": after, "number_size": page.page_number_size_pt,
                 "number_position": page.page_number_position, "header": page.running_header},
        "title": meta.get("title") or " ".join(document.cover),
        "author": [meta["author"]] if meta.get("author") else [],
        "keywords": [k for k in meta.get("keywords", "").replace("，", ",").split(",") if k.strip()],
        "cover": list(document.cover),
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


def _lay_out(document: Document) -> bytes:
    """Compile the PDF; the 目录's page numbers of this layout go to :data:`_pages` for the DOCX."""
    # The payload as JSON text first: the dict (≈ 10 MB for 300 projects) is freed before the
    # compile instead of living through it.
    data = payload(document)
    targets = [entry["target"] for entry in data["toc"]]
    data = to_json(data)
    key = hashlib.sha256(data.encode()).hexdigest()
    pending = _pages.claim(key)
    try:
        pdf, numbers = compile_and_eval(template_source(CHART_TEMPLATE, TEMPLATE), data, _pages_expression(targets))
    except BaseException as exc:
        if pending is not None:
            pending.set_exception(exc)
        raise
    if pending is not None:
        pending.set_result({int(t[1:]): int(n) for t, n in zip(targets, numbers, strict=True)})
    return pdf


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
    return _lay_out(document)


def toc_pages(document: Document) -> dict[int, int]:
    """The page of each 目录 entry in the PDF's layout: block index → the number printed in the
    PDF's 目录 (the body counts from 1). Taken from the PDF rendered for this document when
    there is one (or waited for while it is laid out); otherwise the PDF is laid out for them
    (≈ 0.3–0.8 s) and the PDF itself dropped: the DOCX renderer never lays anything out."""
    if document.toc_heading is None:
        return {}
    key = hashlib.sha256(to_json(payload(document)).encode()).hexdigest()
    future = _pages.get(key)
    if future is None or (future.done() and future.exception() is not None):
        _lay_out(document)
        future = _pages.get(key)
        assert future is not None
    return dict(future.result())
