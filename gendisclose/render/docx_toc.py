"""The DOCX 目录: a ``TOC`` field whose saved result already lists every entry with its page.

The saved result is what a reader sees until the field is updated: Word asks 是否更新域 on open
(``w:updateFields``); a user who declines it, and LibreOffice and WPS, show the saved result as
it is. So it carries the page numbers, taken from the PDF's layout (the renderer receives them
as a mapping block index → page, :data:`TocPages`; where they come from is the pipeline's
business, see :func:`gendisclose.pipeline.renderer`). Word's and LibreOffice's own pagination of
the DOCX may differ from the PDF's by a page here and there; an update puts theirs.

What an update finds: headings through their outline level (``\\o "1-3"``), the tables listed in
the 目录 through the outline level of their title's style (``\\u``; :data:`LISTED_TABLE_LEVEL`).
An earlier version listed the tables with ``TC`` fields (``\\l``), which LibreOffice's index
update ignores: all 13 表 entries were gone after an update there. After an update a table's
entry reads its title as printed (``2026年预算收支总表``); the saved result reads the 目录
wording of the PDF (``表一2026年预算收支总表``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..document import Document
from .docx_xml import clean_text, field_end, field_start

#: ``\o``: heading styles 1–3; ``\u``: paragraph outline levels (the listed tables' titles);
#: ``\h``: entries are links; ``\z``: no page numbers in Web view.
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'

#: The 目录 level (1-based) of a table listed in it.
LISTED_TABLE_LEVEL = 3

#: The 目录's page of each entry: block index (:meth:`Document.toc_entries`) → page number as
#: printed (the body counts from 1), or a function giving that mapping when it is needed (called
#: after the body is written, so the DOCX can be built while the PDF is laid out).
TocPages = Mapping[int, int] | Callable[[], Mapping[int, int]]

EMPTY_TOC = "（打开文档后更新目录：右键此处选择“更新域”。）"


def add_toc(document: Document, new_paragraph: Callable[[str], object]) -> list[tuple[object, int]]:
    """The TOC field and its saved result, one paragraph per entry (``new_paragraph(style)``
    makes one); returns (paragraph, block index) of each entry for :func:`fill_page_numbers`."""
    entries = [(min(level, 3), text, index) for level, text, index in document.toc_entries()]
    filled = bool(entries)
    entries = entries or [(1, EMPTY_TOC, -1)]
    paragraphs = []
    for i, (level, text, index) in enumerate(entries):
        paragraph = new_paragraph(f"toc {level}")
        if i == 0:
            field_start(paragraph, TOC_INSTRUCTION)
        paragraph.add_run(clean_text(text))
        paragraphs.append((paragraph, index))
    field_end(paragraphs[-1][0])
    return paragraphs if filled else []


def fill_page_numbers(entries: list[tuple[object, int]], pages: TocPages | None) -> None:
    """A tab (the dotted leader of the ``toc N`` styles) and the page after each entry's text,
    before the field's end mark on the last one."""
    if pages is None or not entries:
        return
    mapping = pages() if callable(pages) else pages
    for paragraph, index in entries:
        page = mapping.get(index)
        if page is None:
            continue
        text_run = [r for r in paragraph._p.findall(qn("w:r")) if r.find(qn("w:t")) is not None][-1]
        tab = OxmlElement("w:r")
        tab.append(OxmlElement("w:tab"))
        number = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = str(page)
        number.append(t)
        text_run.addnext(tab)
        tab.addnext(number)
