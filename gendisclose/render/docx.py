"""Document → DOCX with python-docx: the file the department edits in Word/WPS before sign-off.

Real Word structure: Heading 1/2/3 styles (navigation pane, TOC), a ``TOC`` field that Word
updates on open (``w:updateFields``) with its saved result already holding every entry and its
page (:mod:`.docx_toc`), real tables whose header rows repeat, whose rows do not split and whose
blocks of rows stay together (:mod:`.docx_table`), merged cells, a footer ``PAGE`` field,
landscape sections for wide tables, charts as 200 dpi PNG. Every raw-XML edit goes through
:mod:`.docx_xml`, which puts each element at its schema position; the package around the text
(settings, font table, properties) is finished in :mod:`.docx_package`.

Fonts: Word/WPS on Chinese Windows have 仿宋_GB2312/仿宋, 宋体, 黑体 but no Noto faces, so
the styles and runs name those (``w:eastAsia``): 仿宋_GB2312 for running text (GB/T 9704),
宋体 for table text, 黑体 for headings, titles and table headers.

Memory: bounded whatever the department's size (issue 12): every 2,000 table cells the finished
body leaves python-docx's tree as compressed text, spliced back when the zip is written
(:mod:`.docx_stream`); the bytes are those of the whole tree.

Determinism: core dates from the document (:func:`.docx_package.document_date`), revision 1,
and the zip rewritten with fixed entry timestamps; python-docx itself stamps each zip entry
with the current time.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from ..document import Chart, Document, Heading, PageBreak, PageStyle, Paragraph, Table
from ..ooxml import stable_package
from .docx_package import finish_package, set_core_properties
from .docx_stream import CHUNK_CELLS, Chunks
from .docx_table import RunFormats, add_table
from .docx_toc import LISTED_TABLE_LEVEL, TocPages, add_toc, fill_page_numbers
from .docx_xml import (
    add_field,
    child,
    clean_text,
    set_east_asian_font,
    set_first_line_chars,
    set_language,
    set_outline_level,
    set_update_fields,
)
from .fonts import DOCX_BODY_FONT

A4 = (Cm(21.0), Cm(29.7))
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}  # GB/T 9704
WIDE_MARGINS = {"top": Cm(2.8), "bottom": Cm(2.6), "left": Cm(2.5), "right": Cm(2.5)}

# Style names (paragraph styles we add; Heading 1–3 and Normal are Word's built-ins).
BODY = "Normal"
PLAIN = "GD Plain"
NOTE = "GD Note"
SIGNATURE = "GD Signature"
MINOR_HEADING = "GD Minor Heading"  # looks like Heading 3, not in the 目录
COVER = "GD Cover"
TOC_HEADING = "TOC Heading"
TABLE_LABEL = "GD Table Label"
TABLE_TITLE = "GD Table Title"
LISTED_TABLE_TITLE = "GD Listed Table Title"  # a table title in the 目录
TABLE_SUBTITLE = "GD Table Subtitle"
TABLE_CAPTION = "GD Table Caption"
TABLE_NOTE = "GD Table Note"
TABLE_TEXT = "GD Table Text"
TABLE_HEADER = "GD Table Header"
CHART = "GD Chart"
CHART_CAPTION = "Caption"

PARAGRAPH_STYLES = {"body": BODY, "plain": PLAIN, "note": NOTE, "caption": CHART_CAPTION, "signature": SIGNATURE}


# ---- styles --------------------------------------------------------------------------------


def _paragraph_style(doc, name: str, *, base: str = "Normal", east_asia: str = DOCX_BODY_FONT,
                     size: float = 16, align=None, indent_chars: int = 0, before: float = 0,
                     after: float = 0, line: float | None = None, bold: bool = False,
                     keep_next: bool = False, outline: int | None = None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles[base]
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    set_east_asian_font(rpr, east_asia)
    set_language(rpr)
    pf = style.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = Pt(line) if line is not None else 1.0  # exact points, or single spacing
    pf.keep_with_next = keep_next
    pf.widow_control = True
    set_first_line_chars(style.element.get_or_add_pPr(), indent_chars)
    if outline is not None:
        set_outline_level(style.element.get_or_add_pPr(), outline)
    return style


def _setup_styles(doc, page: PageStyle) -> None:
    body_font, heading_font, table_font = page.docx_body_font, page.docx_heading_font, page.docx_table_font
    size, line = page.body_size_pt, page.line_pitch_pt
    # No theme fonts anywhere: a theme attribute wins over the explicit w:eastAsia face.
    for fonts in doc.styles.element.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
    # Document defaults: explicit faces instead of the template's theme fonts.
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_east_asian_font(rpr_default, body_font)
    set_language(rpr_default)

    # Running text: 仿宋 三号, 28pt lines, two-character first-line indent.
    _paragraph_style(doc, BODY, east_asia=body_font, size=size, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                     indent_chars=200, line=line)
    _paragraph_style(doc, PLAIN, east_asia=body_font, size=size, align=WD_ALIGN_PARAGRAPH.JUSTIFY, line=line)
    _paragraph_style(doc, NOTE, east_asia=body_font, size=12, line=20, before=3)
    _paragraph_style(doc, SIGNATURE, east_asia=body_font, size=size, align=WD_ALIGN_PARAGRAPH.RIGHT, line=line,
                     before=12)
    _paragraph_style(doc, CHART_CAPTION, east_asia=body_font, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _paragraph_style(doc, CHART, east_asia=body_font, size=10.5, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, keep_next=True)
    # Headings: 黑体; part titles 二号 centred, the others 三号 indented like body text.
    _paragraph_style(doc, "Heading 1", east_asia=heading_font, size=22, align=WD_ALIGN_PARAGRAPH.CENTER,
                     before=12, after=12, keep_next=True, outline=0)
    _paragraph_style(doc, "Heading 2", east_asia=heading_font, size=size, indent_chars=200, line=line,
                     before=6, keep_next=True, outline=1)
    _paragraph_style(doc, "Heading 3", east_asia=heading_font, size=size, indent_chars=200, line=line,
                     keep_next=True, outline=2)
    _paragraph_style(doc, MINOR_HEADING, east_asia=heading_font, size=size, indent_chars=200, line=line,
                     keep_next=True)
    _paragraph_style(doc, COVER, east_asia=heading_font, size=26, align=WD_ALIGN_PARAGRAPH.CENTER,
                     after=24)
    _paragraph_style(doc, TOC_HEADING, east_asia=heading_font, size=22, align=WD_ALIGN_PARAGRAPH.CENTER,
                     after=12)
    # Tables: 宋体 五号; headers 黑体.
    _paragraph_style(doc, TABLE_LABEL, east_asia=table_font, size=10.5, before=6, keep_next=True)
    _paragraph_style(doc, TABLE_TITLE, east_asia=heading_font, size=16, align=WD_ALIGN_PARAGRAPH.CENTER,
                     after=4, keep_next=True)
    _paragraph_style(doc, LISTED_TABLE_TITLE, base=TABLE_TITLE, east_asia=heading_font, size=16,
                     align=WD_ALIGN_PARAGRAPH.CENTER, after=4, keep_next=True, outline=LISTED_TABLE_LEVEL - 1)
    _paragraph_style(doc, TABLE_SUBTITLE, east_asia=table_font, size=12, align=WD_ALIGN_PARAGRAPH.CENTER,
                     after=4, keep_next=True)
    _paragraph_style(doc, TABLE_CAPTION, east_asia=table_font, size=10.5, keep_next=True)
    _paragraph_style(doc, TABLE_NOTE, east_asia=table_font, size=10.5, before=3, after=6)
    _paragraph_style(doc, TABLE_TEXT, east_asia=table_font, size=10.5)
    _paragraph_style(doc, TABLE_HEADER, east_asia=heading_font, size=10.5, align=WD_ALIGN_PARAGRAPH.CENTER)
    # 目录 entries (Word fills them when it updates the field).
    for level in (1, 2, 3):
        style = _paragraph_style(doc, f"toc {level}", east_asia=heading_font if level == 1 else body_font,
                                 size=14 if level < 3 else 12, line=24)
        style.paragraph_format.left_indent = Pt(14 * (level - 1))
        tabs = style.paragraph_format.tab_stops
        if not len(tabs):
            from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

            tabs.add_tab_stop(Cm(15.6), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


# ---- page setup ----------------------------------------------------------------------------


def _page(section, *, landscape: bool, page: PageStyle | None = None) -> None:
    width, height = A4
    margins = WIDE_MARGINS if landscape else MARGINS if page is None else {
        "top": Mm(page.margin_top_mm), "bottom": Mm(page.margin_bottom_mm),
        "left": Mm(page.margin_left_mm), "right": Mm(page.margin_right_mm)}
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin, section.bottom_margin = margins["top"], margins["bottom"]
    section.left_margin, section.right_margin = margins["left"], margins["right"]
    section.footer_distance = Cm(2.0 if not landscape else 1.4)


def _text_width_twips(section) -> int:
    return int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips


def _text_height_twips(section) -> int:
    return int((section.page_height - section.top_margin - section.bottom_margin) / 635)


def _page_number_footer(section, page: PageStyle) -> None:
    """Footer ``- PAGE -`` centred (宋体 四号), numbering restarted at 1 for the body; with
    ``page_number_position = "outside"`` odd pages right and even pages left, one character in."""
    outside = page.page_number_position == "outside"
    footers = [(section.footer, WD_ALIGN_PARAGRAPH.RIGHT if outside else WD_ALIGN_PARAGRAPH.CENTER)]
    if outside:
        footers.append((section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
    before, after = page.number_affixes
    points = page.page_number_size_pt
    for footer, alignment in footers:
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        if outside:
            paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Pt(points)
        rpr = OxmlElement("w:rPr")
        set_east_asian_font(rpr, page.docx_table_font)
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), str(round(points * 2)))
        rpr.append(size)
        paragraph.add_run(before).font.size = Pt(points)
        add_field(paragraph, "PAGE", "1", rpr)
        paragraph.add_run(after).font.size = Pt(points)
    if page.running_header:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(page.running_header).font.size = Pt(10.5)
    pg = child(section._sectPr, "w:pgNumType")
    pg.set(qn("w:start"), "1")


# ---- blocks --------------------------------------------------------------------------------


def _styled_paragraph(doc, style: str):
    """A new paragraph with ``style`` set by id (python-docx's lookup by name scans every style)."""
    paragraph = doc.add_paragraph()
    paragraph._p.style = doc._gendisclose_style_ids[style]
    return paragraph


def _add_paragraph(doc, text: str, style: str):
    paragraph = _styled_paragraph(doc, style)
    lines = clean_text(text).split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def _add_table_block(doc, table: Table, text_width: int, text_height: int, formats: RunFormats,
                     chunks: Chunks | None) -> None:
    if table.heading:  # a section heading on the table's page (决算: 一、收入支出决算总表), in the 目录
        _add_paragraph(doc, table.heading, "Heading 2")
    if table.label:
        _add_paragraph(doc, table.label, TABLE_LABEL)
    # A table listed in the 目录: its title's style has an outline level (TOC \u, see .docx_toc).
    _add_paragraph(doc, table.title, LISTED_TABLE_TITLE if table.toc_title else TABLE_TITLE)
    if table.subtitle:
        _add_paragraph(doc, table.subtitle, TABLE_SUBTITLE)
    for i, caption in enumerate(table.captions):
        p = _add_paragraph(doc, caption, TABLE_CAPTION)
        if i == len(table.captions) - 1 and len(table.captions) > 1:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_table(doc, table, text_width, text_height, formats, chunks)
    for note in table.notes:
        _add_paragraph(doc, note, TABLE_NOTE)
    if chunks is not None:
        chunks.after_table()


def _add_chart(doc, chart: Chart) -> None:
    from .charts import chart_png

    paragraph = _styled_paragraph(doc, CHART)
    paragraph.add_run().add_picture(BytesIO(chart_png(chart)), width=Cm(15))
    _add_paragraph(doc, chart.caption, CHART_CAPTION)


def _add_cover_and_toc(doc, document: Document) -> list:
    for _ in range(6):
        _styled_paragraph(doc, COVER)
    for i, line in enumerate(document.cover):
        p = _add_paragraph(doc, line, COVER)
        if i == len(document.cover) - 1:
            for run in p.runs:
                run.font.size = Pt(30)
    if document.toc_heading is None:
        return []
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _add_paragraph(doc, document.toc_heading, TOC_HEADING)
    return add_toc(document, lambda style: _styled_paragraph(doc, style))


def _body_sections(document: Document) -> Iterable[tuple[bool, list]]:
    """Consecutive blocks grouped by orientation: (landscape, blocks).

    A page break has no orientation of its own: it stays in the current group, so a page break
    between two landscape tables never opens an empty portrait section (a blank page in Word).
    Headings right before a wide table go with it onto its landscape page: 第二部分 heads 表一's
    page instead of standing alone on a portrait one.
    """
    group: list = []
    landscape = False
    for block in document.blocks:
        if isinstance(block, PageBreak) and group:
            group.append(block)
            continue
        wide = isinstance(block, Table) and block.wide
        if group and wide != landscape:
            moved: list = []
            if wide:
                while group and isinstance(group[-1], Heading):
                    moved.insert(0, group.pop())
            if group:
                yield landscape, group
            group = moved
        landscape = wide
        group.append(block)
    if group:
        yield landscape, group


def build_docx(document: Document, toc_pages: TocPages | None = None, *, chunk_cells: int | None = None):
    """The python-docx document (for tests); :func:`render_docx` gives the bytes.

    ``chunk_cells``: the body serialized every so many table cells and kept out of the tree
    (:mod:`.docx_stream`; the tree then holds placeholders, :func:`render_docx` expands them);
    None: the whole body in the tree."""
    doc = new_docx()
    page = document.page
    _setup_styles(doc, page)
    set_update_fields(doc.settings.element)
    if page.page_number_position == "outside":
        doc.settings.odd_and_even_pages_header_footer = True
    if page.mirror:
        child(doc.settings.element, "w:mirrorMargins")
    doc._gendisclose_style_ids = {s.name: s.style_id for s in doc.styles}
    formats = RunFormats(doc, page, TABLE_TEXT, TABLE_HEADER)

    first = doc.sections[0]
    _page(first, landscape=False, page=page)
    toc = _add_cover_and_toc(doc, document)
    chunks = doc._gendisclose_chunks = Chunks(doc.element, chunk_cells) if chunk_cells else None

    for landscape, blocks in _body_sections(document):
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape=landscape, page=page)
        text_width = _text_width_twips(section)
        text_height = _text_height_twips(section)
        previous_break = True  # a section starts on a new page already
        for position, block in enumerate(blocks):
            match block:
                case Heading(text=text, level=level, in_toc=in_toc):
                    style = f"Heading {min(level, 3)}" if in_toc else MINOR_HEADING
                    _add_paragraph(doc, text, style)
                case Paragraph(text=text, style=style):
                    if style == "signature" and position and isinstance(blocks[position - 1], Paragraph):
                        doc.paragraphs[-1].paragraph_format.keep_with_next = True  # never the 落款 alone
                    _add_paragraph(doc, text, PARAGRAPH_STYLES.get(style, BODY))
                case Table():
                    _add_table_block(doc, block, text_width, text_height, formats, chunks)
                case Chart():
                    _add_chart(doc, block)
                case PageBreak():
                    if not previous_break and position < len(blocks) - 1:
                        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            previous_break = isinstance(block, PageBreak)
    _footers(doc, page)
    fill_page_numbers(toc, toc_pages)
    set_core_properties(doc, document)
    finish_package(doc)
    return doc


def _footers(doc, page: PageStyle) -> None:
    """No number on the cover/目录 section; ``- PAGE -`` from 第一部分 on, starting at 1.

    Done after all sections exist: python-docx moves footer references forward when it adds a
    section, so footers set earlier would end up on the wrong section.
    """
    sections = list(doc.sections)
    for i, section in enumerate(sections):
        section._sectPr.remove_all("w:pgNumType")
        if i == 1:
            _page_number_footer(section, page)
        elif i > 1:
            section.footer.is_linked_to_previous = True
            section.even_page_footer.is_linked_to_previous = True
            section.header.is_linked_to_previous = True


def render_docx(document: Document, toc_pages: TocPages | None = None, *,
                chunk_cells: int | None = CHUNK_CELLS) -> bytes:
    """The DOCX; ``toc_pages``: the 目录's page numbers (see :mod:`.docx_toc`), none when None.
    Memory stays bounded whatever the document's size: the body is kept out of python-docx's
    tree every ``chunk_cells`` table cells and written into the zip piece by piece
    (:mod:`.docx_stream`); the bytes are the same as with the whole tree."""
    doc = build_docx(document, toc_pages, chunk_cells=chunk_cells)
    out = BytesIO()
    doc.save(out)
    chunks = doc._gendisclose_chunks
    return stable_package(out.getvalue(), core_dates=False,
                          expand={"word/document.xml": chunks.expand} if chunks is not None else None)
