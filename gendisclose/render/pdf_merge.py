"""PDFs laid out in parts (:mod:`.pdf_parts`) joined into one tagged PDF, written as it goes.

Each part is a complete tagged PDF/A-2b file from Typst (the cover/目录 part also PDF/UA-1). The
join keeps what makes the whole one archival, accessible document: one page tree, one structure
tree (every part's elements under one ``Document`` element, the parent tree renumbered, the
table-header IDs made unique per part), one outline rebuilt from every part's bookmarks with
their heading levels, the 目录's links pointed at their targets in the other parts, and the front
part's catalogue, XMP metadata (its page count corrected), output intent and file ID; objects in
compressed object streams, a cross-reference stream. A part is copied by :class:`.pdf_part.Part`.

Memory: a part's objects are copied out (renumbered) as soon as the part is laid out and the part
is closed; what is kept is the output's bytes and a few numbers per page, heading and table
header. Objects are read with pikepdf (qpdf) and written by :class:`Writer` — never all parts
in memory at once, which a merge in one pikepdf document would need (≈ 2.5 KB per object; a
1,800-project document has ≈ 280,000).
"""

from __future__ import annotations

import zlib
from array import array
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

import pikepdf

from .pdf_part import (
    CATALOG,
    DOCUMENT,
    FIRST_FREE,
    ID_TREE,
    OUTLINES,
    PAGES,
    PARENT_TREE,
    STRUCT_ROOT,
    Part,
    Target,
)

__all__ = ["Target", "Writer"]

#: PDF 1.7, and a comment of four bytes above 127 (the file is binary), as Typst writes it.
HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"

#: Objects (other than streams) per object stream.
OBJECTS_PER_STREAM = 200
@dataclass
class Writer:
    """The joined PDF, written part after part (:meth:`add_part`), finished by :meth:`finish`."""

    out: BytesIO = field(default_factory=lambda: BytesIO(HEADER))
    offset: int = len(HEADER)
    # object number → offset (> 0), -(object stream × 65536 + index + 1) (< 0), or free (0)
    xref: array = field(default_factory=lambda: array("q"))
    next_number: int = FIRST_FREE
    pages: list[int] = field(default_factory=list)  # the body's pages (object numbers), in order
    front_pages: list[int] = field(default_factory=list)  # the cover's and 目录's, first in the file
    heights: list[Decimal] = field(default_factory=list)  # each page's height (MediaBox)
    kids: list[bytes] = field(default_factory=list)  # the Document element's children
    parent_tree: list[tuple[int, bytes]] = field(default_factory=list)
    next_key: int = 0
    ids: list[tuple[bytes, bytes]] = field(default_factory=list)  # table-header IDs (a name tree: sorted)
    outline: list[tuple[int, bytes, bytes]] = field(default_factory=list)  # (level, title, dest)
    role_map: dict[str, str] = field(default_factory=dict)
    front: dict | None = None  # what the catalogue, trailer and links take from the front part
    pending: list[tuple[int, bytes]] = field(default_factory=list)  # objects for the next object stream

    # ---- low-level writing ----

    def _place(self, number: int, where: int) -> None:
        if number >= len(self.xref):
            self.xref.extend(array("q", [0]) * (number + 1 - len(self.xref)))
        self.xref[number] = where

    def _write(self, number: int, body: bytes) -> None:
        """An object written as it is, at the end of the file (a stream; an object stream)."""
        self._place(number, self.offset)
        self.out.seek(self.offset)
        self.offset += self.out.write(b"%d 0 obj\n" % number) + self.out.write(body) + self.out.write(b"\nendobj\n")

    def _emit(self, number: int, body: bytes) -> None:
        """An object other than a stream: kept for the next object stream (compressed: most of the
        file is the structure tree's elements, ≈ 140 bytes of text each)."""
        self.pending.append((number, body))
        if len(self.pending) >= OBJECTS_PER_STREAM:
            self._flush()

    def _flush(self) -> None:
        """The pending objects as one compressed object stream (PDF 1.5)."""
        if not self.pending:
            return
        stream = self.next_number
        self.next_number += 1
        heads, bodies, at = [], [], 0
        for index, (number, body) in enumerate(self.pending):
            heads.append(b"%d %d" % (number, at))
            bodies.append(body)
            at += len(body) + 1
            self._place(number, -(stream * 65536 + index + 1))
        head = b" ".join(heads) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n", 6)
        self.pending = []
        self._write(stream, b"<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\nstream\n%s\nendstream" % (
            len(heads), len(head), len(data), data))

    def add_part(self, data: bytes, *, levels: list[int], lead: int = 0, prefix: str = "",
                 front: bool = False, links: list[Target] | None = None) -> list[int]:
        """Copy one part's objects into the file; returns the indices its pages got.

        ``levels``: the heading level of each of the part's bookmarks, in order (Typst's outline
        nests by them; a part's own outline cannot know the headings of the parts before it).
        ``lead``: blank pages at the part's start to leave out. ``prefix``: makes the part's
        table-header IDs unique in the file. ``front``: the part whose catalogue, metadata and
        ID the file takes (written last: its 目录 needs the other parts' pages); ``links``: the
        target of each of its link annotations, in order."""
        pdf = pikepdf.Pdf.open(BytesIO(data))
        try:
            return Part(self, pdf, levels=levels, lead=lead, prefix=prefix, front=front, links=links).copy()
        finally:
            pdf.close()

    def finish(self) -> bytes:
        """The fixed objects (catalogue, page tree, structure tree, outline), the last object
        stream, the cross-reference stream with the trailer's entries; the file's bytes."""
        assert self.front is not None, "the front part is added before finishing"
        pages = self.front_pages + self.pages
        page_refs = b" ".join(b"%d 0 R" % n for n in pages)
        self._emit(PAGES, b"<</Type/Pages/Count %d/Kids[%s]>>" % (len(pages), page_refs))
        self._emit(DOCUMENT, b"<</Type/StructElem/S/Document/P %d 0 R/K[%s]>>" % (STRUCT_ROOT, b" ".join(self.kids)))
        nums = b" ".join(b"%d %s" % (k, v) for k, v in sorted(self.parent_tree))
        self._emit(PARENT_TREE, b"<</Nums[%s]>>" % nums)
        names = b" ".join(b"%s %s" % (pikepdf.String(k).unparse(), v) for k, v in sorted(self.ids))
        self._emit(ID_TREE, b"<</Names[%s]>>" % names)
        roles = b"".join(b"%s%s" % (pikepdf.Name(k).unparse(), pikepdf.Name(v).unparse())
                         for k, v in sorted(self.role_map.items()))
        self._emit(STRUCT_ROOT, b"<</Type/StructTreeRoot/K[%d 0 R]/ParentTree %d 0 R/ParentTreeNextKey %d"
                                b"/IDTree %d 0 R/RoleMap<<%s>>>>" % (DOCUMENT, PARENT_TREE, self.next_key, ID_TREE, roles))
        catalog = b"<</Type/Catalog/Pages %d 0 R/StructTreeRoot %d 0 R%s" % (PAGES, STRUCT_ROOT, self.front["catalog"])
        if self.outline:
            catalog += b"/Outlines %d 0 R" % OUTLINES
            self._write_outline()
        self._emit(CATALOG, catalog + b">>")
        self._flush()
        # the cross-reference stream (PDF 1.5): type 1 at an offset, type 2 in an object stream
        xref_number = self.next_number
        size = xref_number + 1
        self._place(xref_number, self.offset)
        rows = bytearray(b"\x00\x00\x00\x00\x00\xff\xff")
        xref = self.xref
        for number in range(1, size):
            where = xref[number] if number < len(xref) else 0
            if where > 0:
                rows += b"\x01" + where.to_bytes(4, "big") + b"\x00\x00"
            elif where < 0:
                stream, index = divmod(-where - 1, 65536)
                rows += b"\x02" + stream.to_bytes(4, "big") + index.to_bytes(2, "big")
            else:
                rows += b"\x00\x00\x00\x00\x00\x00\x00"
        data = zlib.compress(bytes(rows), 6)
        start = self.offset
        self._write(xref_number, b"<</Type/XRef/Size %d/W[1 4 2]/Root %d 0 R%s/Filter/FlateDecode/Length %d>>"
                                 b"\nstream\n%s\nendstream" % (size, CATALOG, self.front["trailer"], len(data), data))
        self.out.write(b"startxref\n%d\n%%%%EOF\n" % start)
        out, self.out = self.out, BytesIO()
        return out.getvalue()  # no copy: the buffer becomes the bytes

    def _write_outline(self) -> None:
        """The bookmarks as one tree: each under the nearest earlier one of a lower level, all
        closed (as Typst writes them: a closed item's /Count is minus its children)."""
        numbers = list(range(self.next_number, self.next_number + len(self.outline)))
        self.next_number += len(self.outline)
        parent: list[int] = []
        children: dict[int, list[int]] = {-1: []}
        stack: list[tuple[int, int]] = []  # (level, item index)
        for i, (level, _, _) in enumerate(self.outline):
            while stack and stack[-1][0] >= level:
                stack.pop()
            up = stack[-1][1] if stack else -1
            parent.append(up)
            children.setdefault(up, []).append(i)
            children[i] = []
            stack.append((level, i))
        place = {i: at for kids in children.values() for at, i in enumerate(kids)}
        for i, (_, title, dest) in enumerate(self.outline):
            up = parent[i]
            siblings = children[up]
            at = place[i]
            body = b"<</Title %s/Dest %s/Parent %d 0 R" % (title, dest, numbers[up] if up >= 0 else OUTLINES)
            if at > 0:
                body += b"/Prev %d 0 R" % numbers[siblings[at - 1]]
            if at + 1 < len(siblings):
                body += b"/Next %d 0 R" % numbers[siblings[at + 1]]
            kids = children[i]
            if kids:
                body += b"/First %d 0 R/Last %d 0 R/Count %d" % (numbers[kids[0]], numbers[kids[-1]], -len(kids))
            self._emit(numbers[i], body + b">>")
        top = children[-1]
        self._emit(OUTLINES, b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>" % (
            numbers[top[0]], numbers[top[-1]], len(top)))

