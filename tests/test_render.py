"""Renderers: HTML (escaping), PDF (text, fonts, sandbox, determinism, layout), DOCX (structure).

The sample document is ``tests/render_fixtures.py``; the PDF is rendered once per module and
once more for the determinism check. PDF text is extracted with pypdf in content order (cell
after cell); where a reader's viewer matters (ActualText), with pypdfium2, Chrome's engine.
pypdf reports Typst's glyph-by-glyph positioning as U+200B, which :func:`squash` drops.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pypdf
import pypdfium2
import pytest
from render_fixtures import (
    HOSTILE,
    HOSTILE_PARAGRAPH,
    LONG_CELL,
    document_texts,
    sample_document,
    table_t9_wide,
)

from gendisclose.document import Cell, Chart, Heading, Paragraph, Table
from gendisclose.ooxml import ZIP_TIME
from gendisclose.render import fonts, pdf
from gendisclose.render.html import render_html, render_html_bytes
from gendisclose.render.typeset import compile_typst, template_source

_WS = re.compile(r"[\s\u200b]+")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


_FOOTER = re.compile(r"^- \d+ -$", re.M)


def body_text(pages: list[str]) -> str:
    """All pages' text without the running footers, whitespace removed."""
    return squash("".join(_FOOTER.sub("", p) for p in pages))


def squash(text: str) -> str:
    """Text without whitespace (PDF extraction breaks lines where the layout wrapped) and without
    the zero-width spaces that let a long unbroken run wrap."""
    return _WS.sub("", text)


@pytest.fixture(scope="module")
def document():
    return sample_document()


@pytest.fixture(scope="module")
def pdf_bytes(document) -> bytes:
    return pdf.render_pdf(document)


def page_texts(data: bytes) -> list[str]:
    pdf = pypdfium2.PdfDocument(data)
    return [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))]


@pytest.fixture(scope="module")
def pdf_pages(pdf_bytes) -> list[str]:
    return [page.extract_text().replace("\u200b", "") for page in pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages]


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
    html = render_html(document)
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


# ---- PDF: content --------------------------------------------------------------------------


def test_pdf_text_contains_every_text_in_order(document, pdf_pages):
    """Cover, headings, paragraphs, table titles and notes in reading order; each table's cells
    after its title (within a table the drawing order of spanned cells is the engine's)."""
    flat = body_text(pdf_pages)
    pos = 0

    def find_in_order(text: str) -> None:
        nonlocal pos
        found = flat.find(squash(text), pos)
        assert found >= 0, f"missing or out of order: {text[:60]!r}"
        pos = found

    for text in document.cover:
        find_in_order(text)
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph) and not _BIDI.search(block.text):
            find_in_order(block.text)
        elif isinstance(block, Chart):
            find_in_order(block.caption)
        elif isinstance(block, Table):
            find_in_order(block.title)
            start = pos
            for row in block.header + block.body:
                for cell in row:
                    if cell.text and not _BIDI.search(cell.text) and cell.text != LONG_CELL:
                        assert flat.find(squash(cell.text), start) >= 0, f"missing cell {cell.text[:60]!r}"
            for note in block.notes:
                assert flat.find(squash(note), start) >= 0, f"missing note {note!r}"


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


def test_pdf_has_a_bookmark_for_every_heading(document, pdf_bytes):
    def titles(items) -> list[str]:  # noqa: ANN001
        out: list[str] = []
        for item in items:
            out.extend(titles(item) if isinstance(item, list) else [item.title])
        return out

    # every heading, and (issue 16) every table the 目录 lists and every performance table, in order
    bookmarks = [squash(t) for t in titles(pypdf.PdfReader(io.BytesIO(pdf_bytes)).outline)]
    expected = []
    for b in document.blocks:
        if isinstance(b, Heading):
            expected.append(squash(b.text))
        elif isinstance(b, Table) and (b.toc_title or b.key.startswith("PERF")):
            expected.append(squash(b.toc_title or b.title))
    assert len(bookmarks) == len(expected)
    assert all(got.startswith(want) for got, want in zip(bookmarks, expected, strict=True)), bookmarks


def test_no_page_is_left_blank(pdf_pages):
    assert [i for i, p in enumerate(pdf_pages) if not squash(_FOOTER.sub("", p))] == []


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
    from fontTools.cffLib import CFFFontSet

    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    base_fonts, glyph_counts = set(), []
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            if name in base_fonts:
                continue
            base_fonts.add(name)
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            stream = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            assert stream is not None, f"{name} is not embedded"
            data = stream.get_object().get_data()
            if descriptor.get("/FontFile3") is not None:
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(data), None)
                glyph_counts.append(len(cff[cff.fontNames[0]].charset))
    # Subsets (a tag "ABCDEF+" before the name) of the two packaged faces, and nothing else.
    assert {re.sub(r"^/?[A-Z]{6}\+|-Identity-H$", "", n) for n in base_fonts} == {"NotoSerifSC-Regular", "NotoSansSC-Regular"}
    assert glyph_counts and max(glyph_counts) < 3000  # cut to the document, not the 30,000-glyph faces
    drawn = {ch for ch in "".join(pdf_pages) if fonts.needs_glyph(ch) and not ch.isspace()}
    assert {ch for ch in drawn if ord(ch) not in fonts.printable()} == set()


def test_no_character_is_drawn_as_tofu(pdf_pages, document):
    """Every character of every text reaches the PDF as itself (a .notdef box extracts as nothing
    or U+FFFD)."""
    assert "\ufffd" not in "".join(pdf_pages)
    assert fonts.unprintable("".join(document_texts(document))) == []


def test_unprintable_names_characters_the_faces_lack():
    assert fonts.unprintable("平鲁区2026年") == []
    assert fonts.unprintable("办公\U0001f600室\U0001f600") == ["\U0001f600"]
    assert fonts.unprintable("\u202e反向\n") == []  # format marks and line breaks are never drawn


# ---- PDF: safety ---------------------------------------------------------------------------


@pytest.mark.parametrize("source", [
    '#read("/etc/passwd")',
    '#read("../../../../etc/passwd")',
    '#image("/etc/passwd")',
    '#json("/proc/self/environ")',
])
def test_typst_sandbox_reads_no_file(source):
    """Even code in a template (user text never is) cannot read a file: the root is empty."""
    import typst

    with pytest.raises(typst.TypstError):
        compile_typst(source.encode(), {})


def test_templates_load_nothing_from_outside():
    """The fixed Typst sources never import, include, read or fetch anything."""
    for name in ("disclosure.typ", "chart.typ"):
        code = template_source(name).decode("utf-8")
        code = "\n".join(line.split("//")[0] for line in code.splitlines())  # comments aside
        for word in ("#import", "#include", "read(", "plugin(", "@preview", "http"):
            assert word not in code, (name, word)
        assert re.search(r"image\(\s*\"", code) is None  # images only from bytes we hand over


def test_user_text_reaches_typst_as_json_strings(document):
    """The payload is plain JSON; the template places its strings as values (see the hostile
    texts, which come out literally in test_hostile_text_comes_out_literally)."""
    data = json.loads(json.dumps(pdf.payload(document), ensure_ascii=False))
    texts = json.dumps(data, ensure_ascii=False)
    for text in HOSTILE[:5]:
        assert json.dumps(text, ensure_ascii=False)[1:-1] in texts


def test_pdf_has_no_external_link_or_action(pdf_bytes):
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                assert action.get_object().get("/S") != "/URI"
    for word in (b"/URI", b"/Launch", b"/JavaScript", b"/GoToR", b"/EmbeddedFile"):
        assert word not in pdf_bytes


# ---- PDF: determinism ----------------------------------------------------------------------


def test_pdf_bytes_are_deterministic(document, pdf_bytes):
    assert pdf.render_pdf(document) == pdf_bytes
    info = pypdf.PdfReader(io.BytesIO(pdf_bytes)).metadata
    # PDF/A requires a date (issue 16): 1 January of the document's year, never the clock
    assert info["/CreationDate"] == info["/ModDate"] == f"D:{pdf.payload(document)['year']}0101000000Z"
    assert info["/Title"] == document.metadata.get("title", " ".join(document.cover))


def test_two_characters_sharing_a_glyph_extract_as_typed():
    """一 (U+4E00) and the Kangxi radical ⼀ (U+2F00) are one glyph in the face; the PDF still
    says which was typed."""
    from gendisclose.document import Document, Paragraph
    from gendisclose.model import DocumentKind

    doc = Document(DocumentKind.BUDGET, ("部门", "2026年度部门预算公开"), "x",
                   (Paragraph("一\u2f00二"),), toc_heading=None)
    assert "一\u2f00二" in "".join(page_texts(pdf.render_pdf(doc)))


# ---- DOCX ----------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def docx_bytes(document) -> bytes:
    from gendisclose.render.docx import render_docx

    return render_docx(document)


@pytest.fixture(scope="module")
def docx_xml(docx_bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def test_docx_bytes_are_deterministic(document, docx_bytes):
    from gendisclose.render.docx import render_docx

    assert render_docx(document) == docx_bytes
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_TIME}


def test_docx_text_contains_every_text_in_order(document, docx_bytes):
    import docx

    d = docx.Document(io.BytesIO(docx_bytes))
    body = d.element.body
    text = squash("".join(t.text or "" for t in body.iter(W + "t")))
    pos = 0
    for item in document_texts(document):
        found = text.find(squash(item), pos)
        assert found >= 0, f"missing or out of order: {item[:60]!r}"
        pos = found


def test_docx_uses_heading_styles_and_a_toc_field_updated_on_open(document, docx_bytes, docx_xml):
    import docx

    d = docx.Document(io.BytesIO(docx_bytes))
    by_style: dict[str, list[str]] = {}
    for p in d.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert "第一部分 概况" in by_style["Heading 1"]
    assert "一、本部门职责" in by_style["Heading 2"]
    assert "（一）一般公共预算当年支出规模变化情况" in by_style["Heading 3"]
    assert "1、办公室" not in by_style.get("Heading 3", [])  # in_toc=False: looks alike, not in 目录
    doc_xml = docx_xml["word/document.xml"]
    assert 'TOC \\o "1-3" \\h \\z \\u' in doc_xml
    # the tables listed in the 目录 enter an update through their title style's outline level
    # (TOC \\u), not TC fields, which LibreOffice's update ignores
    assert "TC " not in doc_xml
    listed = [p for p in d.paragraphs if p.style.name == "GD Listed Table Title"]
    assert [p.text for p in listed][:1] == ["2026年预算收支总表"]
    assert len(listed) == sum(1 for _, _, i in document.toc_entries() if not isinstance(document.blocks[i], Heading))
    assert re.search(r'w:styleId="GDListedTableTitle">.*?<w:outlineLvl w:val="2"/>', docx_xml["word/styles.xml"], re.S)
    assert re.search(r'<w:updateFields w:val="(true|1)"/>', docx_xml["word/settings.xml"])


def test_docx_tables_repeat_headers_keep_rows_and_merge_spans(document, docx_bytes):
    import docx

    d = docx.Document(io.BytesIO(docx_bytes))
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert len(d.tables) == len(tables)
    for model, table in zip(tables, d.tables, strict=True):
        rows = table._tbl.findall(W + "tr")
        assert len(rows) == len(model.header) + len(model.body)
        grid = model.grid()
        for i, tr in enumerate(rows):
            # rows never split, except the one holding the 5,000-character cell (taller than a page)
            long_row = any(c is not None and c.text == LONG_CELL for c in grid[i])
            assert (tr.find(f"{W}trPr/{W}cantSplit") is None) == long_row
            assert (tr.find(f"{W}trPr/{W}tblHeader") is not None) == (i < len(model.header))
        for r in range(len(rows)):
            tcs = rows[r].findall(W + "tc")
            assert sum(int(tc.find(f"{W}tcPr/{W}gridSpan").get(W + "val")) if tc.find(f"{W}tcPr/{W}gridSpan")
                       is not None else 1 for tc in tcs) == model.n_columns
    # T1: 收入 spans two columns, 支出 four.
    t1 = d.tables[0]._tbl.findall(W + "tr")[0]
    spans = [tc.find(f"{W}tcPr/{W}gridSpan").get(W + "val") for tc in t1.findall(W + "tc")]
    assert spans == ["2", "4"]
    # T9: 国有资本经营收入预算 is a vertical merge over header rows 2 and 3.
    t9 = d.tables[1]._tbl.findall(W + "tr")
    assert t9[1].findall(W + "tc")[1].find(f"{W}tcPr/{W}vMerge").get(W + "val") == "restart"
    assert t9[2].findall(W + "tc")[2].find(f"{W}tcPr/{W}vMerge") is not None
    # python-docx sees the merged cell as one cell.
    assert d.tables[0].cell(0, 0)._tc is d.tables[0].cell(0, 1)._tc


def test_docx_names_chinese_windows_fonts(docx_xml):
    styles = docx_xml["word/styles.xml"]
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:eastAsia="黑体"' in styles and 'w:eastAsia="宋体"' in styles
    assert "eastAsiaTheme" not in styles  # a theme font would override w:eastAsia
    doc_xml = docx_xml["word/document.xml"]
    assert 'w:eastAsia="宋体"' in doc_xml  # table runs carry the face too


def test_docx_landscape_sections_footer_page_field_and_charts(document, docx_bytes, docx_xml):
    import docx

    d = docx.Document(io.BytesIO(docx_bytes))
    orient = [s.page_width > s.page_height for s in d.sections]
    assert orient[0] is False and True in orient
    footers = [n for n in docx_xml if n.startswith("word/footer")]
    assert any("PAGE" in docx_xml[n] for n in footers)
    assert d.sections[1].footer.is_linked_to_previous is False
    assert all(s.footer.is_linked_to_previous for s in d.sections[2:])
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        pngs = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    assert len(pngs) == sum(isinstance(b, Chart) for b in document.blocks)
    assert d.core_properties.created.year == 2000 and d.core_properties.revision == 1


def test_docx_builds_a_1200_row_table_quickly(document):
    import time

    from gendisclose.document import Document, num
    from gendisclose.render.docx import render_docx

    big = Table(key="BIG", title="大表", header=((Cell("编码"), Cell("名称"), Cell("合计"), Cell("基本"), Cell("项目")),),
                body=tuple((Cell(f"{i:07d}"), Cell(f"项目{i}"), num("1.00"), num("0.50"), num("0.50"))
                           for i in range(1200)))
    small = Document(kind=document.kind, cover=document.cover, file_stem="x", blocks=(big,))
    start = time.perf_counter()
    data = render_docx(small)
    assert time.perf_counter() - start < 3.0
    assert data.count(b"PK") > 3


# ---- charts --------------------------------------------------------------------------------


def test_chart_markup_escapes_hostile_labels_and_is_deterministic():
    from decimal import Decimal

    from gendisclose.render.charts import chart_png, chart_svg

    chart = Chart("K", "图", "pie", (("--><script>alert(1)</script><!--", Decimal("1"), "50%"),
                                     ("<img src=file:///etc/passwd>", Decimal("1"), "50%")))
    svg = chart_svg(chart)
    assert svg.startswith("<svg") and "<script" not in svg and "<img" not in svg
    assert svg == chart_svg(chart) and chart_png(chart, dpi=50) == chart_png(chart, dpi=50)
    assert "<text" not in svg  # glyphs are paths: the SVG needs no font


def test_charts_handle_zero_and_negative_data():
    from decimal import Decimal

    from gendisclose.render.charts import chart_svg

    for items in ((), (("甲", Decimal("0"), ""),), (("甲", Decimal("-1.00"), "-50%"), ("乙", Decimal("3"), "150%"))):
        assert chart_svg(Chart("Z", "图", "pie", items)).startswith("<svg")


def test_docx_has_no_empty_section_between_consecutive_landscape_tables():
    """A page break between two wide tables must not open an empty portrait section (blank page)."""
    from docx.oxml.ns import qn

    from gendisclose.document import Document, PageBreak, head
    from gendisclose.model import DocumentKind
    from gendisclose.render.docx import build_docx

    def wide(key: str) -> Table:
        return Table(key, title=key, header=(tuple(head(str(i)) for i in range(8)),),
                     body=((Cell("x"),) * 8,), wide=True)

    doc = Document(DocumentKind.BUDGET, cover=("甲",), file_stem="甲",
                   blocks=(wide("A"), PageBreak(), wide("B"), PageBreak(), wide("C")))
    body = build_docx(doc).element.body
    orientations = [s.find(qn("w:pgSz")).get(qn("w:orient")) for s in body.iter(qn("w:sectPr"))]
    # cover/目录 section (portrait) + one landscape section holding the three tables
    assert orientations == [None, "landscape"]
    breaks = [b for b in body.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
    assert len(breaks) >= 2  # the tables still start on new pages


def test_typst_compilers_are_reused_per_thread():
    """One compiler per thread for the life of the process (a fresh one per call let Typst's memo
    cache grow by tens of MB per document in a batch worker)."""
    from gendisclose.render import typeset
    from gendisclose.render.concurrent import ThreadRender

    first = typeset._compiler()
    compile_typst(b"#sys.inputs.data", "一")
    assert typeset._compiler() is first

    def render_thread_compiler() -> bytes:
        return str(id(typeset._compiler())).encode()

    ids = {ThreadRender(render_thread_compiler).result()[0] for _ in range(3)}
    assert len(ids) == 1 and str(id(first)).encode() not in ids
