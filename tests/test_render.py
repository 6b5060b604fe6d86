"""Renderers: HTML (escaping), PDF (text, fonts, fetcher, determinism, layout), DOCX (structure).

The sample document is ``tests/render_fixtures.py``; the PDF is rendered once per module
(about 6 s) and once more for the determinism check.
"""

from __future__ import annotations

import builtins
import io
import re
import unicodedata
from pathlib import Path

import pypdf
import pytest
from render_fixtures import (
    HOSTILE,
    HOSTILE_PARAGRAPH,
    LONG_CELL,
    document_texts,
    sample_document,
    table_t9_wide,
)

from gendisclose.document import Chart, Table
from gendisclose.render import fonts, pdf
from gendisclose.render.html import render_html, render_html_bytes

_WS = re.compile(r"\s+")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


_FOOTER = re.compile(r"^- \d+ -$", re.M)


def body_text(pages: list[str]) -> str:
    """All pages' text without the running footers, whitespace removed."""
    return squash("".join(_FOOTER.sub("", p) for p in pages))


def squash(text: str) -> str:
    """Text without whitespace (PDF extraction breaks lines where the layout wrapped)."""
    return _WS.sub("", text)


@pytest.fixture(scope="module")
def document():
    return sample_document()


@pytest.fixture(scope="module")
def pdf_bytes(document) -> bytes:
    return pdf.render_pdf(document)


@pytest.fixture(scope="module")
def pdf_pages(pdf_bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages]


# ---- fonts ---------------------------------------------------------------------------------


def test_every_character_of_the_fixture_has_a_glyph(document):
    text = "".join(document_texts(document))
    assert fonts.missing_glyphs(text, "serif") == set()
    assert fonts.missing_glyphs(text, "sans") == set()


def test_missing_glyphs_ignores_format_marks_and_reports_tofu():
    assert fonts.missing_glyphs("\u202e中\n") == set()
    assert fonts.missing_glyphs("中\U0001f600") == {"\U0001f600"}


# ---- HTML ----------------------------------------------------------------------------------


def test_html_escapes_user_text(document):
    html = render_html(document, for_pdf=False)
    assert "<script>" not in html and "<img src=file" not in html and "<div style=" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=file:///etc/passwd&gt;" in html
    assert "{{ 7*7 }}" in html and "{% for %}" in html  # user text is a value, never a template


def test_standalone_html_inlines_charts_and_references_no_file(document):
    html = render_html_bytes(document).decode("utf-8")
    assert html.count("<svg") == sum(isinstance(b, Chart) for b in document.blocks)
    assert "gendisclose-font:" not in html and "gendisclose-chart:" not in html
    assert "file:" not in html.replace("file:///etc/passwd", "")
    assert 'local("Noto Serif SC")' in html or "local('Noto Serif SC')" in html


def test_pdf_html_references_only_private_urls(document):
    html = render_html(document, for_pdf=True)
    urls = set(re.findall(r'(?:src|href)="([^"#][^"]*)"', html)) | set(re.findall(r'url\("([^"]+)"\)', html))
    assert urls and all(u.startswith(("gendisclose-font:", "gendisclose-chart:")) for u in urls), urls


# ---- PDF: content --------------------------------------------------------------------------


def test_pdf_text_contains_every_text_in_order(document, pdf_pages):
    flat = body_text(pdf_pages)
    pos = 0
    for text in document_texts(document):
        if _BIDI.search(text) or text == LONG_CELL:
            continue  # shaped right-to-left / split over pages: checked in their own tests
        needle = squash(text)
        found = flat.find(needle, pos)
        assert found >= 0, f"missing or out of order: {text[:60]!r}"
        pos = found


def test_a_cell_taller_than_a_page_is_printed_whole(pdf_pages):
    """The 5,000-character cell runs over several pages (a repeated header may interrupt it)."""
    header = squash("".join(c.text for row in table_t9_wide().header for c in row))
    assert squash(LONG_CELL) in body_text(pdf_pages).replace(header, "")


def test_every_table_title_and_heading_is_in_the_pdf(document, pdf_pages):
    flat = squash("".join(pdf_pages))
    for block in document.blocks:
        if isinstance(block, Table):
            assert squash(block.title) in flat


def test_hostile_text_comes_out_literally(pdf_pages):
    flat = squash("".join(pdf_pages))
    for text in HOSTILE[:5]:
        assert squash(text) in flat
    assert squash(HOSTILE_PARAGRAPH) in flat
    # U+202E makes what follows right-to-left; the characters are all drawn.
    assert "本文向反" in flat or "反向文本" in flat


def test_page_numbers_start_at_part_one_and_toc_points_at_them(document, pdf_pages):
    assert "- 1 -" in pdf_pages[2] and "第一部分" in pdf_pages[2]
    assert not re.search(r"- \d+ -", pdf_pages[0] + pdf_pages[1])  # cover, 目录: no number
    toc = pdf_pages[1]
    part3 = re.search(r"第三部分.*?(\d+)\s*$", toc, re.M)
    assert part3, toc
    page_no = int(part3.group(1))
    assert squash("第三部分") in squash(pdf_pages[page_no + 1]) and f"- {page_no} -" in pdf_pages[page_no + 1]


def test_long_table_repeats_its_header_on_every_page(pdf_pages):
    header = squash("科目编码科目名称合计人员经费公用经费")
    pages = [p for p in pdf_pages if "经济科目名称第" in p]
    assert len(pages) >= 3
    assert all(header in squash(p) for p in pages)


def test_wide_tables_sit_on_landscape_pages(pdf_bytes, pdf_pages):
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    for i, text in enumerate(pdf_pages):
        box = reader.pages[i].mediabox
        landscape = box.width > box.height
        if "2026年预算收支总表" in text and "预算公开表1" in text:
            assert landscape
        if "第一部分" in text and "- 1 -" in text:
            assert not landscape


def test_pdf_embeds_our_cjk_faces_covering_every_extracted_character(pdf_bytes, pdf_pages):
    from fontTools.ttLib import TTFont

    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    base_fonts, covered = set(), set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            base_fonts.add(str(font["/BaseFont"]))
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            data = descriptor["/FontFile3"].get_object().get_data()
            covered |= set(TTFont(io.BytesIO(data)).getBestCmap())
    assert any("Serif" in name for name in base_fonts) and any("Sans" in name for name in base_fonts)
    drawn = {ch for ch in "".join(pdf_pages) if fonts.needs_glyph(ch) and not ch.isspace()}
    assert {ch for ch in drawn if ord(ch) not in covered} == set()


# ---- PDF: safety ---------------------------------------------------------------------------


def test_fetcher_refuses_everything_but_our_resources():
    fetcher = pdf.ResourceFetcher({"serif": b"font"}, {"gendisclose-chart:b1": b"<svg/>"})
    assert fetcher.fetch("gendisclose-font:serif").read() == b"font"
    assert fetcher.fetch("gendisclose-chart:b1").read() == b"<svg/>"
    for url in ("file:///etc/passwd", "http://example.com/x.png", "https://example.com/",
                "data:text/plain,hi", "gendisclose-font:../../etc/passwd", "/etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6


def test_markup_reaching_weasyprint_cannot_read_files(monkeypatch):
    """Even if a template bug let markup through, the fetcher stops it and no file is opened."""
    from weasyprint import HTML

    opened: list[str] = []
    real_open = builtins.open

    def spy_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    fetcher = pdf.ResourceFetcher({})
    html = ('<p>x</p><img src="file:///etc/passwd"><div style="background:url(file:///etc/passwd)">y</div>'
            '<link rel="stylesheet" href="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">')
    HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    assert not [p for p in opened if "passwd" in p]
    assert "file:///etc/passwd" in fetcher.refused
    assert all(not u.startswith(("gendisclose-font:", "gendisclose-chart:")) for u in fetcher.refused)


def test_rendering_the_fixture_requests_only_our_resources(document, monkeypatch):
    requested: list[str] = []
    real_fetch = pdf.ResourceFetcher.fetch

    def spy(self, url, headers=None):
        requested.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(pdf.ResourceFetcher, "fetch", spy)
    pdf.layout(document)
    assert requested
    assert all(u.startswith(("gendisclose-font:", "gendisclose-chart:")) for u in requested), requested


# ---- PDF: determinism ----------------------------------------------------------------------


def test_pdf_bytes_are_deterministic(document, pdf_bytes):
    pdf._subset_fonts.cache_clear()  # the font subsets too must come out the same
    assert pdf.render_pdf(document) == pdf_bytes
    info = pypdf.PdfReader(io.BytesIO(pdf_bytes)).metadata
    assert info["/CreationDate"].startswith("D:2000") and info["/ModDate"].startswith("D:2000")


def test_subset_fallback_when_two_characters_share_a_glyph():
    assert pdf.embed_as_served(frozenset(map(ord, "一二三")))
    assert not pdf.embed_as_served(frozenset(map(ord, "一\u2f00")))  # 一 and the Kangxi radical ⼀


def test_document_characters_cover_every_text(document):
    chars = pdf.document_characters(document)
    for text in document_texts(document):
        assert {ord(c) for c in text} <= chars
    assert unicodedata.name(chr(0x202E)) and 0x202E in chars
    assert Path(fonts.face_path("serif")).is_file()
