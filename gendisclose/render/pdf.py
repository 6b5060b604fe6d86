"""Document → PDF: the HTML of :mod:`gendisclose.render.html` laid out by weasyprint.

Resources: the only URLs weasyprint may load are our private font URLs
(``gendisclose-font:serif`` / ``gendisclose-font:sans``), served by :class:`ResourceFetcher`
from bytes we produce; every other URL (``file:``, ``http(s):``, ``data:``, relative) is
refused, so nothing a user types can make the renderer read a file or the network. Charts are
inline SVG markup we generate, so they need no fetch either.

Determinism: fixed creation/modification dates (``document.metadata['created']``, default
2000-01-01), the PDF /ID derived from the content, no time-dependent or random field.

Speed, measured before issue 7 (CPU seconds, ``time.process_time``, on the shared 2-core machine
while other sessions ran; weasyprint 70 finds no ``libharfbuzz-subset`` here, so it subsets with
fontTools; our own subsets were then made with fontTools too):

=========================================  =====  ======  =======  =========  =====
fixture (tests/render_fixtures.py, 38 pp.)  fonts  charts  layout   write_pdf  total
=========================================  =====  ======  =======  =========  =====
full faces served (11.6 + 8.3 MB)           0.0    0.65    4.3      8.6        13.6
per-document subsets, ``full_fonts=True``   1.5    0.7     4.0      0.7        6.9
=========================================  =====  ======  =======  =========  =====

The seed re-creation ``sample_inputs/pinglu-approval-2026.xlsx`` (45 pages) takes 2.1 s for
subsets + charts, 2.9 s layout, 0.9 s write_pdf with the subsets. ``write_pdf`` with full
faces spends ~90 % in fontTools subsetting the big CFF fonts; making our own subset costs
~0.8 s (serif) + ~0.6 s (sans) because only ~600 glyphs are cut, and weasyprint then embeds
it as served (``full_fonts``) instead of subsetting again. Also tried: ``desubroutinize`` /
no hinting in our subset (same time), ``uncompressed_pdf``/``optimize_images`` (no effect:
no raster images). The fixture's layout time is dominated by its two 5,000-character
strings (Pango line breaking re-shapes the rest of a paragraph per line).

Speed work of issue 7 (largest sample ``pinglu-affairs-2026.xlsx``, 73 pages, 25 projects;
wall seconds, median of 3, 2-core machine; "before" partly measured while other sessions ran):

=====================================  ===========  ==========  ===========================
stage                                   before       after       what changed
=====================================  ===========  ==========  ===========================
font subsets (2 faces)                  1.5–2.4      0.03        HarfBuzz subsetter (uharfbuzz)
weasyprint CSS (computed styles)        1.2          0.2         UA ``::marker``/note rules scoped
layout (boxes + pages)                  ~4           ~2.3        GC paused (was ~25–30 % of CPU)
write_pdf (draw + serialise)            1.2–2.2      0.9         GC paused
collection after the PDF                (spread)     ~0.5        one ``gc.collect()``
DOCX                                    1.2–1.4      ∥ 0.9–1.2   forked child, beside the PDF
``gendisclose build`` (fresh process)   11.5 (18.7)  5.5–7.2     all of the above
=====================================  ===========  ==========  ===========================

A generated benchmark department (43 pages) in a batch worker: ~2.9–3.3 CPU s before the
collector pause, ~2.6 after. All of it gives the same PDF bytes (checked: the test fixture
and the largest sample are byte-identical with and without the scoped UA sheet and the pause;
page images pixel-identical to the fontTools-subset build). Tried and dropped: higher GC
thresholds instead of the pause (507 MB peak: full collections too rare), ``gc.freeze`` alone
(no gain), removing redundant cell declarations (``vertical-align``/``overflow-wrap`` on
cells are inherited anyway: same bytes, no measurable gain). Left: weasyprint's own layout
(tables and Pango line breaking) and drawing of collapsed borders are most of what remains.

Correctness of the subsets: they are made from every text of the document
(:func:`document_characters`: cover, headings, paragraphs, all cells, captions, notes, the
template's fixed strings, ASCII), so a character the user typed is in the subset by
construction; a test checks the embedded fonts' cmaps against the text extracted from the PDF.
The subsets keep no GSUB substitutions (see :func:`~gendisclose.render.fonts.subset_font_bytes`)
so the cmap-built ToUnicode map extracts exactly what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

from ..document import Chart, Document, Heading, Paragraph, Table
from ..resources import template_path
from .concurrent import collector_paused
from .fonts import FACES, shared_glyphs, subset_font_bytes
from .html import CHART_SCHEME, FONT_SCHEME, STYLESHEET, TEMPLATE, chart_url, render_html

FIXED_DATE = "2000-01-01T00:00:00Z"

# Characters that the layout adds on its own: ASCII (page numbers, "- N -", leaders), the
# full-width punctuation commonly typed, and the typographic quotes.
_ALWAYS = frozenset(range(0x20, 0x7F)) | frozenset(map(ord, "，。、；：？！“”‘’（）《》【】—…·　％－"))


class RefusedURL(ValueError):
    """A URL outside our own resources (weasyprint logs it and renders without it)."""


def _url_fetcher_base():
    from weasyprint.urls import URLFetcher

    return URLFetcher


class ResourceFetcher(_url_fetcher_base()):  # type: ignore[misc]
    """Serves ``gendisclose-font:<face>`` and ``gendisclose-chart:<anchor>`` from memory and
    refuses every other URL."""

    def __init__(self, fonts: dict[str, bytes], charts: dict[str, bytes] | None = None):
        super().__init__(allowed_protocols=(FONT_SCHEME, CHART_SCHEME), allow_redirects=False,
                         fail_on_errors=False)
        self.resources = {f"{FONT_SCHEME}:{face}": (data, "font/otf") for face, data in fonts.items()}
        for url, svg in (charts or {}).items():
            self.resources[url] = (svg, "image/svg+xml")
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):  # noqa: ANN001 - weasyprint's signature
        from weasyprint.urls import URLFetcherResponse

        self.requested.append(url)
        if url in self.resources:
            data, content_type = self.resources[url]
            return URLFetcherResponse(url, data, {"Content-Type": content_type})
        self.refused.append(url)
        raise RefusedURL(f"gendisclose serves only its own resources, not {url[:80]!r}")

    # Never fall back to urllib: ``open`` is how URLFetcher reaches the network/file system.
    def open(self, url, data=None, timeout=None):  # noqa: ANN001
        target = url.full_url if hasattr(url, "full_url") else url
        return self.fetch(target)


def document_characters(document: Document) -> frozenset[int]:
    """Every code point the PDF may draw: all document text, the template's fixed strings."""
    parts: list[str] = [*document.cover, document.toc_heading or "", document.metadata.get("title", "")]
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts.extend(t for t in (block.label, block.title, block.subtitle, block.toc_title) if t)
            parts.extend(block.captions)
            parts.extend(block.notes)
            parts.extend(cell.text for row in block.header + block.body for cell in row)
        elif isinstance(block, Chart):
            parts.append(block.caption)  # the chart itself is paths (no font)
    # Fixed strings in the template and stylesheet (content: "- " …).
    for name in (TEMPLATE, STYLESHEET):
        parts.append(template_path(name).read_text(encoding="utf-8"))
    return frozenset(ord(ch) for part in parts for ch in part) | _ALWAYS


@lru_cache(maxsize=8)
def _subset_fonts(code_points: frozenset[int]) -> dict[str, bytes]:
    return {face: subset_font_bytes(face, code_points) for face in FACES}


def chart_resources(document: Document) -> dict[str, bytes]:
    """SVG bytes of every chart, keyed by the URL the HTML uses for it."""
    from .charts import chart_svg

    return {
        chart_url(f"b{i}"): chart_svg(block).encode("utf-8")
        for i, block in enumerate(document.blocks)
        if isinstance(block, Chart)
    }


def _pdf_date(document: Document, key: str) -> str:
    value = document.metadata.get(key) or document.metadata.get("created") or FIXED_DATE
    dt.datetime.fromisoformat(value.replace("Z", "+00:00"))  # refuse a malformed date early
    return value


#: User-agent rules that match *every* element through a pseudo-element. weasyprint computes a
#: style for each (element, pseudo-element) pair they match: with ~5,000 elements that was a
#: third of the whole CSS step. ``::marker`` is only ever drawn for list items (``li``; our
#: stylesheet makes nothing else ``display: list-item``), and the template never uses
#: footnotes or notes (``float: footnote``), so those rules are scoped to ``li`` / dropped.
_UNIVERSAL_PSEUDO = re.compile(r"^::(marker|footnote-call|footnote-marker|note-call|note-marker|note-callback)\b.*$",
                               re.M)


def _scope_universal_pseudo(match: re.Match) -> str:
    return "li" + match.group(0) if match.group(1) == "marker" else ""


@cache
def _ua_stylesheet():
    """weasyprint's own HTML user-agent stylesheet with the rules above scoped, compiled once per
    process; None when this weasyprint does not expose it as expected (then its own is used)."""
    from weasyprint import CSS
    from weasyprint import html as weasy_html

    text = getattr(weasy_html, "UA", None)
    counter_style = getattr(weasy_html, "UA_COUNTER_STYLE", None)
    if not isinstance(text, str) or counter_style is None or not _UNIVERSAL_PSEUDO.search(text):
        return None
    return CSS(string=_UNIVERSAL_PSEUDO.sub(_scope_universal_pseudo, text), counter_style=counter_style)


@cache
def _html_class():
    """``weasyprint.HTML`` using :func:`_ua_stylesheet` (same output, bytes included: checked by
    tests/test_render.py against weasyprint's own sheet)."""
    from weasyprint import HTML

    if _ua_stylesheet() is None or not hasattr(HTML, "_ua_stylesheets"):
        return HTML

    class DisclosureHTML(HTML):
        def _ua_stylesheets(self, forms=False):  # noqa: ANN001, ANN202 - weasyprint's hook
            return super()._ua_stylesheets(forms) if forms else [_ua_stylesheet()]

    return DisclosureHTML


def layout(document: Document, fetcher: ResourceFetcher | None = None):
    """The weasyprint document (pages laid out), before writing; for tests and timing."""
    from weasyprint.text.fonts import FontConfiguration

    fetcher = fetcher or ResourceFetcher(_subset_fonts(document_characters(document)), chart_resources(document))
    html = _html_class()(string=render_html(document, for_pdf=True), base_url=None, url_fetcher=fetcher)
    font_config = FontConfiguration()
    rendered = html.render(font_config=font_config)
    meta = rendered.metadata
    meta.title = document.metadata.get("title") or " ".join(document.cover)
    meta.created = _pdf_date(document, "created")
    meta.modified = _pdf_date(document, "modified")
    return rendered


def embed_as_served(code_points: frozenset[int]) -> bool:
    """Whether weasyprint may embed our subsets as they are (``full_fonts``).

    Then weasyprint builds the ToUnicode map from the font's cmap, which is exact unless two
    of the document's characters share a glyph; in that rare case let weasyprint subset again
    (slower, ~1.5 s, but its ToUnicode comes from the shaped text).
    """
    return not any(shared_glyphs(face, code_points) for face in FACES)


def render_pdf(document: Document) -> bytes:
    code_points = document_characters(document)
    fetcher = ResourceFetcher(_subset_fonts(code_points), chart_resources(document))
    with collector_paused():
        rendered = layout(document, fetcher)
        # full_fonts: the served fonts are already cut to the document's characters, so weasyprint
        # embeds them as they are instead of subsetting them a second time with fontTools.
        data = rendered.write_pdf(pdf_identifier=True, full_fonts=embed_as_served(code_points))
        del rendered
    return data
