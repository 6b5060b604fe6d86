"""A large document's PDF laid out in parts and joined (issue 12, Scale: memory bounded whatever
the department's size). The largest sample is cut into parts with small limits, so every
mechanism of the join runs in seconds: the joined file must be one well-formed, tagged PDF with
the same text, bookmarks and 目录 page numbers the one-piece layout has (the page numbers shifted
only by the pages each part break adds), links that reach their targets, unique table-header IDs,
one parent tree covering every page, mirrored margins on the right side of every page, and the
same bytes on every run. Memory itself is measured by ``benchmarks/memory.py``, never here."""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from gendisclose.pipeline import check_workbook, derive_document
from gendisclose.profile import load_profile
from gendisclose.render import pdf, pdf_parts
from gendisclose.render.concurrent import table_cells
from gendisclose.render.pdf import payload, render_pdf, toc_pages

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "pinglu-affairs-2026.xlsx"  # 25 projects, ≈ 3,600 table cells


@pytest.fixture(scope="module")
def department():
    checked = check_workbook(SAMPLE)
    assert checked.ok, [str(i) for i in checked.issues if i.is_error]
    return checked.department


@pytest.fixture(scope="module")
def document(department):
    return derive_document(department)


def _in_parts(monkeypatch, part_cells: int = 700) -> None:
    monkeypatch.setattr(pdf_parts, "PART_CELLS", part_cells)
    monkeypatch.setattr(pdf, "SPLIT_ABOVE", 1000)


@pytest.fixture(scope="module")
def whole(document) -> bytes:
    return render_pdf(document)


@pytest.fixture(scope="module")
def joined(document) -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        _in_parts(mp)
        return render_pdf(document)


def _texts(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    return [doc[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(doc))]


def _outline(data: bytes) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    with pikepdf.open(BytesIO(data)) as p:
        def walk(item, depth):  # noqa: ANN001
            while item is not None:
                out.append((depth, str(item.Title)))
                if "/First" in item:
                    walk(item.First, depth + 1)
                item = item.get("/Next")
        walk(p.Root.Outlines.First, 0)
    return out


def test_the_parts_are_cut_at_block_boundaries_never_after_a_heading(document):
    groups = payload(document)["groups"]
    parts = pdf_parts.split_groups(groups, 700)
    assert len(parts) >= 4
    blocks = [b for g in groups for b in g["blocks"]]
    assert [b["id"] for part in parts for g in part for b in g["blocks"]] == [b["id"] for b in blocks]
    for part in parts[:-1]:
        assert part[-1]["blocks"][-1]["kind"] != "heading"
    for part in parts:  # a part holds its limit, and at most the one block that crossed it
        cells = [pdf_parts.block_cells(b) for g in part for b in g["blocks"]]
        assert sum(cells[:-1]) < 700
    # a group cut in two keeps its orientation in both parts
    wide = {b["id"]: g["wide"] for g in groups for b in g["blocks"]}
    assert all(wide[b["id"]] == g["wide"] for part in parts for g in part for b in g["blocks"])


def test_a_small_document_is_laid_out_in_one_piece(document, whole):
    assert table_cells(document) <= pdf_parts.SPLIT_ABOVE
    with pikepdf.open(BytesIO(whole)) as p:  # Typst's own file: its named destinations are there
        assert "/Names" in p.Root


def test_the_joined_file_is_one_well_formed_tagged_pdf(joined):
    with pikepdf.open(BytesIO(joined)) as p:
        assert p.check_pdf_syntax() == []
        root = p.Root
        assert root.Lang == "zh-CN" and root.MarkInfo.Marked
        tree = root.StructTreeRoot
        assert len(tree.K) == 1 and tree.K[0].S == "/Document"
        # every page and annotation's key in the parent tree, each once
        keys = [int(pg.obj.StructParents) for pg in p.pages]
        keys += [int(a.StructParent) for pg in p.pages for a in pg.obj.get("/Annots", ())]
        nums = tree.ParentTree.Nums
        tree_keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert sorted(keys) == sorted(tree_keys) == list(range(len(keys)))
        assert int(tree.ParentTreeNextKey) == len(keys)
        # every page's marked content belongs to elements of this file, on this page
        for key, value in zip(tree_keys, [nums[i] for i in range(1, len(nums), 2)], strict=True):
            if isinstance(value, pikepdf.Array):
                assert all(v is None or v.Type == "/StructElem" for v in value), key
        # table-header IDs: unique, and every /Headers entry names one
        names = tree.IDTree.Names
        ids = [bytes(names[i]) for i in range(0, len(names), 2)]
        assert len(ids) == len(set(ids)) > 0 and ids == sorted(ids)
        headers = set()
        for obj in p.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TD":
                for attrs in obj.get("/A", ()):
                    headers |= {bytes(h) for h in attrs.get("/Headers", ())}
        assert headers and headers <= set(ids)
        # the metadata: the page count of the whole, PDF/A-2b and PDF/UA-1 declared
        xmp = root.Metadata.read_bytes()
        assert b"<xmpTPg:NPages>%d</xmpTPg:NPages>" % len(p.pages) in xmp
        assert b"pdfaid:part>2<" in xmp and b"pdfuaid:part>1<" in xmp


def test_the_joined_file_says_what_the_one_piece_layout_says(whole, joined):
    a, b = _texts(whole), _texts(joined)
    assert len(a) <= len(b) < len(a) + 8  # a part starts a page
    # the same characters (a table broken at another row reads its row-spanning labels in another
    # order), without the page numbers
    drop_numbers = re.compile(r"\.{3,}\s*\d+|- \d+ -|\s+")
    assert Counter(drop_numbers.sub("", "".join(a))) == Counter(drop_numbers.sub("", "".join(b)))
    assert _outline(whole) == _outline(joined)


def test_the_toc_numbers_are_the_pages_the_targets_are_on(document, joined):
    with pytest.MonkeyPatch.context() as mp:
        _in_parts(mp)
        numbers = toc_pages(document)
    texts = _texts(joined)
    with pikepdf.open(BytesIO(joined)) as p:
        index = {pg.objgen: i for i, pg in enumerate(p.pages)}
        links = [a for pg in p.pages[:4] for a in pg.obj.get("/Annots", ()) if a.Subtype == "/Link"]
        entries = document.toc_entries()
        assert len(links) == len(entries) == len(numbers)
        for link, (_, text, block) in zip(links, entries, strict=True):
            target = index[link.Dest[0].objgen]
            assert str(link.Contents) == f"页 {numbers[block]}"
            # the target page prints that number, and the entry's text is on it
            printed = re.sub(r"\s", "", texts[target])
            if not document.blocks[block].__class__.__name__ == "Table" or not document.blocks[block].wide:
                assert f"-{numbers[block]}-" in printed, (text, target)
            title = re.sub(r"\s", "", text)[-8:]
            assert title in printed, (text, target)


def test_the_docx_page_numbers_come_from_the_parts_without_joining_them(document, monkeypatch):
    _in_parts(monkeypatch)
    joined_calls = []
    monkeypatch.setattr(pdf_parts.Writer, "finish", lambda self: joined_calls.append(1) or b"")
    pdf._pages.__init__()  # no layout cached from other tests
    numbers = toc_pages(document)
    assert joined_calls == [] and numbers and min(numbers.values()) == 1


def test_the_joined_file_is_the_same_bytes_every_time(document, joined):
    with pytest.MonkeyPatch.context() as mp:
        _in_parts(mp)
        assert render_pdf(document) == joined


def _left_edges(data: bytes) -> list[float | None]:
    """Each portrait page's leftmost character (pt), None for landscape or empty pages."""
    doc = pdfium.PdfDocument(data)
    edges: list[int | None] = []
    for i in range(len(doc)):
        page = doc[i]
        textpage = page.get_textpage()
        boxes = [textpage.get_charbox(k) for k in range(textpage.count_chars())]
        xs = [b[0] for b in boxes if b[2] > b[0]]
        edges.append(min(xs) if xs and page.get_size()[0] < 700 else None)
    return edges


def test_mirrored_margins_stay_on_their_side_across_part_breaks(department):
    """GB/T 9704 (the ``gbt9704`` profile) mirrors the margins: the 订口 alternates sides, by a
    page's place in the file. The one-piece layout gives the left edges of right-hand and of
    left-hand pages (text, a table, an indented line: each at its side's margin plus the same
    offsets); every page of the joined file must have one of its own side's edges."""
    document = derive_document(department, load_profile(ROOT / "profiles" / "gbt9704"))
    assert document.page.mirror
    whole = _left_edges(render_pdf(document))
    with pytest.MonkeyPatch.context() as mp:
        _in_parts(mp)
        joined = _left_edges(render_pdf(document))
    sides = [{e for e in whole[2 + side::2] if e is not None} for side in (0, 1)]  # body pages
    near = lambda e, edges: any(abs(e - x) <= 0.3 for x in edges)  # noqa: E731
    assert not any(near(e, sides[1]) for e in sides[0])  # the sides' edges differ
    for i, edge in enumerate(joined[2:]):
        if edge is not None:
            assert near(edge, sides[i % 2]), (i + 2, edge, sides)


def test_a_table_larger_than_a_part_is_cut_in_pieces_between_row_spans(document):
    tables = [b for g in payload(document)["groups"] for b in g["blocks"] if b["kind"] == "table"]
    cut = 0
    for table in tables:
        pieces = pdf_parts.table_pieces(table, 100)
        assert [row for p in pieces for row in p["body"]] == table["body"]
        assert len({p["id"] for p in pieces}) == len(pieces) and pieces[0]["id"] == table["id"]
        assert [p.get("continued", False) for p in pieces] == [False] + [True] * (len(pieces) - 1)
        assert all(p["bookmark"] is None for p in pieces[1:])
        assert [p["notes"] for p in pieces] == [[]] * (len(pieces) - 1) + [table["notes"]]
        start = 0
        for piece in pieces[:-1]:  # no row-spanning cell reaches past a piece's end
            end = start + len(piece["body"])
            assert all(y + cell[2] <= end for y in range(start, end) for cell in table["body"][y])
            start = end
        if len(pieces) > 1:
            cut += 1
            spans = any(cell[2] > 1 for row in table["body"] for cell in row)
            cut += 100 * spans  # a table with row spans was cut too
    assert cut > 100


def test_a_table_in_pieces_prints_each_row_once_and_its_title_once(document):
    whole_pdf = render_pdf(document)
    with pytest.MonkeyPatch.context() as mp:
        _in_parts(mp, part_cells=100)
        joined_pdf = render_pdf(document)
    assert _outline(whole_pdf) == _outline(joined_pdf)  # a piece adds no bookmark
    whole, joined = _texts(whole_pdf), _texts(joined_pdf)
    # no empty page: a part that starts with a landscape table (or its continued piece) gets none
    assert all(page.strip() for page in whole)
    assert [i for i, page in enumerate(joined) if not page.strip()] == []
    flat = lambda pages: re.sub(r"\s", "", "".join(pages))  # noqa: E731
    a, b = flat(whole), flat(joined)
    titles = {t.title for t in document.blocks if t.__class__.__name__ == "Table"}
    for title in titles:  # a continued piece repeats no title
        key = re.sub(r"\s", "", title)
        assert a.count(key) == b.count(key), title
    for block in document.blocks:
        if block.__class__.__name__ == "Table":
            for row in block.body:
                for cell in row:
                    text = re.sub(r"\s", "", cell.text)
                    if len(text) >= 6:
                        assert text in b, text


def test_a_final_accounts_document_in_parts_loses_nothing():
    """The 决算 (its tables carry their own section headings): laid out in small parts and pieces,
    every character of the one-piece layout is there (a piece repeats only its header rows), the
    same bookmarks, no empty page, well-formed."""
    checked = check_workbook(ROOT / "sample_inputs" / "shuocheng-approval-final-2023.xlsx")
    assert checked.ok
    document = derive_document(checked.department)
    whole = render_pdf(document)
    with pytest.MonkeyPatch.context() as mp:
        _in_parts(mp, part_cells=150)
        mp.setattr(pdf, "SPLIT_ABOVE", 100)
        joined = render_pdf(document)
    assert _outline(whole) == _outline(joined)
    drop_numbers = re.compile(r"\.{3,}\s*\d+|- \d+ -|\s+")
    a = Counter(drop_numbers.sub("", "".join(_texts(whole))))
    b = Counter(drop_numbers.sub("", "".join(_texts(joined))))
    assert a - b == Counter()
    assert all(page.strip() for page in _texts(joined))
    with pikepdf.open(BytesIO(joined)) as p:
        assert p.check_pdf_syntax() == [] and len(p.pages) > len(pdfium.PdfDocument(whole))
