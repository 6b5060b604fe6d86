"""The DOCX body kept out of python-docx's tree (issue 12, Scale; gendisclose/render/docx_stream.py):
a render that serializes the body every few cells gives the bytes of one that keeps the whole
tree, and the tree then holds only a bounded part of the document.

Memory itself is measured by ``benchmarks/memory.py``, never asserted here.
"""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from gendisclose.document import Cell, Chart, Document, Heading, PageBreak, Paragraph, Table, head, num
from gendisclose.model import DocumentKind
from gendisclose.ooxml import stable_package
from gendisclose.pipeline import check_workbook, derive_document
from gendisclose.render import docx_stream
from gendisclose.render.docx import build_docx, render_docx

SAMPLES = Path(__file__).resolve().parent.parent / "sample_inputs"
PLACEHOLDER = "<!--gendisclose-chunk 0-->"


@pytest.fixture(scope="module")
def sample():
    checked = check_workbook(SAMPLES / "synthetic-multi-unit-2026.xlsx")
    assert checked.ok
    return derive_document(checked.department)


def _table(key: str, rows: int, *, wide: bool = False, notes=()) -> Table:
    columns = 8 if wide else 4
    header = (tuple(head(f"列{c}") for c in range(columns)),)
    body = []
    for r in range(rows):
        if r % 7 == 0:  # a merged cell over three rows: its continuations may land in a later chunk
            body.append((Cell(f"类{r}", rowspan=3, bold=True), *(num(f"{r}.{c:02d}") for c in range(1, columns))))
        elif r % 7 in (1, 2):
            body.append((*(num(f"{r}.{c:02d}") for c in range(1, columns)),))
        else:
            body.append((Cell(f"项目{r}\n第二行", colspan=2), *(num(f"{r}.{c:02d}") for c in range(2, columns))))
    return Table(key, title=f"表{key}", header=header, body=tuple(body), wide=wide, notes=notes, toc_title=f"表{key}")


@pytest.fixture(scope="module")
def synthetic(sample):
    """Portrait and landscape tables in turn (sections), a table far longer than a chunk,
    paragraphs and a 落款 right after a table, a chart, and text that reads like a placeholder."""
    blocks: list = [Heading("第一部分", 1), Paragraph(PLACEHOLDER)]
    for k in range(12):
        blocks += [Heading(f"表{k}", 2), _table(f"T{k}", 5 + 9 * k, wide=k % 3 == 2, notes=(f"注：{k}",)), PageBreak()]
    blocks += [_table("LONG", 400), Paragraph("说明一"), Paragraph("单位名称", style="signature"),
               Chart("C", "图一", "pie", (("甲", Decimal("1"), "50%"), ("乙", Decimal("1"), "50%"))),
               _table("END", 3, wide=True), Paragraph("说明二"), Paragraph("2026年1月", style="signature")]
    return Document(DocumentKind.BUDGET, cover=("某部门", "2026年部门预算"), file_stem="x", blocks=tuple(blocks),
                    page=sample.page)


def _parents_of_chunks(monkeypatch) -> list[str]:
    parents: list[str] = []
    real = docx_stream.Chunks._replace

    def spy(self, parent, start, stop):
        if start < stop:
            parents.append(parent.tag)
        return real(self, parent, start, stop)

    monkeypatch.setattr(docx_stream.Chunks, "_replace", spy)
    return parents


@pytest.fixture(scope="module")
def whole(synthetic) -> bytes:
    return render_docx(synthetic, chunk_cells=None)


@pytest.mark.parametrize("limit", [1, 40, 300])
def test_a_chunked_render_has_the_bytes_of_a_whole_tree(synthetic, whole, monkeypatch, limit):
    parents = _parents_of_chunks(monkeypatch)
    assert render_docx(synthetic, chunk_cells=limit) == whole
    # rows of a table and blocks of the body were both kept out of the tree
    assert qn("w:tbl") in parents and qn("w:body") in parents


def test_a_sample_renders_the_same_bytes_in_small_chunks(sample):
    pages = {index: 2 + i for i, (_, _, index) in enumerate(sample.toc_entries())}
    whole = render_docx(sample, toc_pages=pages, chunk_cells=None)
    assert render_docx(sample, toc_pages=pages, chunk_cells=50) == whole
    assert render_docx(sample, toc_pages=pages) == whole  # the default chunk size


def test_the_tree_keeps_a_bounded_part_of_the_body(synthetic):
    limit = 40
    cells = sum(len(row) for b in synthetic.blocks if isinstance(b, Table) for row in (*b.header, *b.body))
    whole = build_docx(synthetic).element.body
    chunked = build_docx(synthetic, chunk_cells=limit).element.body
    assert len(list(whole.iter(qn("w:tc")))) >= cells
    assert len(list(chunked.iter(qn("w:tc")))) < 2 * limit  # what came after the last chunk
    # what later steps edit is still there: every section's sectPr, the cover and the 目录
    assert len(list(chunked.iter(qn("w:sectPr")))) == len(list(whole.iter(qn("w:sectPr")))) > 2
    first_break = next(i for i, e in enumerate(whole) if e.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None)
    assert [etree.tostring(e) for e in list(chunked)[:first_break + 1]] == \
        [etree.tostring(e) for e in list(whole)[:first_break + 1]]


def test_the_chunked_docx_opens_whole(synthetic):
    data = render_docx(synthetic, chunk_cells=40)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    assert b"gendisclose-chunk 0-->" not in xml.replace(b"&lt;!--gendisclose-chunk 0--&gt;", b"")
    d = open_docx(io.BytesIO(data))
    assert len(d.tables) == sum(isinstance(b, Table) for b in synthetic.blocks)
    assert len(d.tables[-2].rows) == 1 + 400  # the long table, whose rows went out in several chunks
    assert PLACEHOLDER in [p.text for p in d.paragraphs]  # user text stays text
    # the 落款 keeps the paragraph before it on its page, also right after a chunk was serialized
    texts = [p for p in d.paragraphs if p.text == "说明一"]
    assert texts and texts[0].paragraph_format.keep_with_next


def test_a_package_entry_written_in_pieces_is_the_entry_written_at_once():
    text = b"".join(b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % (i * 7919 % 10007) for i in range(60_000))

    def package(document_xml: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("word/document.xml", document_xml)
            z.writestr("other.xml", b"<x/>")
        return buffer.getvalue()

    cuts = [0, 5, 70_000, 70_001, 900_000, len(text)]
    pieces = [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    in_pieces = stable_package(package(b"<skeleton/>"), expand={"word/document.xml": lambda _: (len(text), iter(pieces))})
    assert in_pieces == stable_package(package(text))
    with zipfile.ZipFile(io.BytesIO(in_pieces)) as z:
        assert z.read("word/document.xml") == text and z.read("other.xml") == b"<x/>"
