"""PDFs laid out in parts (:mod:`.pdf_parts`) joined into one tagged PDF, written as it goes.

Each part is a complete PDF/A-2b + PDF/UA-1 file from Typst. The join keeps what makes the whole
one archival, accessible document: one page tree, one structure tree (every part's elements under
one ``Document`` element, the parent tree renumbered, the table-header IDs made unique per part),
one outline rebuilt from every part's bookmarks with their heading levels, the 目录's links
pointed at their targets in the other parts, and the first part's catalogue, XMP metadata (its
page count corrected), output intent and file ID.

Memory: a part's objects are copied out (renumbered) as soon as the part is laid out and the part
is closed; what is kept is the output's bytes and a few numbers per page, heading and table
header. Objects are read with pikepdf (qpdf) and written by :class:`Writer` — never all parts
in memory at once, which a merge in one pikepdf document would need (≈ 2.5 KB per object; a
1,800-project document has ≈ 280,000).
"""

from __future__ import annotations

import re
import zlib
from array import array
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

import pikepdf

#: PDF 1.7, and a comment of four bytes above 127 (the file is binary), as Typst writes it.
HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"

#: Objects (other than streams) per object stream.
OBJECTS_PER_STREAM = 200

# Fixed object numbers of the joined file.
CATALOG, PAGES, STRUCT_ROOT, PARENT_TREE, OUTLINES, DOCUMENT, ID_TREE, DESTS = range(1, 9)
_FIRST_FREE = 9


def _number(value) -> bytes:  # noqa: ANN001
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return str(value).encode()
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (text or "0").encode()


@dataclass
class Target:
    """Where a 目录 entry's target is: its page in the joined file and its height on the page."""

    page: int  # index in the joined file's page list
    x: float
    y: float  # from the top of the page, in pt
    number: int  # the page number printed (the body counts from 1)


@dataclass
class Writer:
    """The joined PDF, written part after part (:meth:`add_part`), finished by :meth:`finish`."""

    out: BytesIO = field(default_factory=lambda: BytesIO(HEADER))
    offset: int = len(HEADER)
    # object number → offset (> 0), -(object stream × 65536 + index + 1) (< 0), or free (0)
    xref: array = field(default_factory=lambda: array("q"))
    next_number: int = _FIRST_FREE
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
            return _Part(self, pdf, levels=levels, lead=lead, prefix=prefix, front=front, links=links).copy()
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


_NPAGES = re.compile(rb"(<xmpTPg:NPages>)\d+(</xmpTPg:NPages>)")
#: A literal string (qpdf escapes every parenthesis and backslash in one), a hex string, or an
#: indirect reference (group 1, 2): what :meth:`_Part.renumber` looks at.
_TOKEN = re.compile(rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f\s]*>|(?<![\w.+-])(\d+) (\d+) R(?![\w])", re.S)
_ID = re.compile(rb"(/ID \()(?=[^()\\]*\))")
_HEADERS = re.compile(rb"/Headers \[[^\]]*\]")
_HEADER_ID = re.compile(rb"\(([^()\\]*\))")


class _Part:
    """One part being copied: its object numbers shifted, its pages and structure joined.

    Only what the joined file reaches is copied: serialising an object queues the objects it
    refers to (:meth:`ref`), starting from the kept pages, the structure tree's elements, its
    parent-tree and ID-tree values, the bookmarks' destinations and (front part) the catalogue's
    metadata and output intent. The part's catalogue, page tree, structure tree root, Document
    element, outline and name trees are replaced by the joined file's own."""

    def __init__(self, writer: Writer, pdf: pikepdf.Pdf, *, levels: list[int], lead: int, prefix: str,
                 front: bool, links: list[Target] | None):
        self.w, self.pdf, self.levels, self.prefix, self.is_front = writer, pdf, levels, prefix, front
        self.base = writer.next_number - 1
        writer.next_number += int(pdf.trailer.Size) - 1
        self.key_offset = writer.next_key
        root = pdf.Root
        tree = root.StructTreeRoot
        documents = list(tree.K)
        if len(documents) != 1 or documents[0].get("/S") != "/Document" or "/Pg" in documents[0]:
            raise ValueError("a part's structure tree is not one Document element")
        self.document = documents[0]
        self.fixed = {root.Pages.objgen: PAGES, tree.objgen: STRUCT_ROOT, self.document.objgen: DOCUMENT}
        pages = [p.obj for p in pdf.pages]
        self.refused = {root.objgen} | {p.objgen for p in pages[:lead]}  # never referred to by what is kept
        self.kept = pages[lead:]
        self.queued: set[tuple[int, int]] = set()
        self.queue: list = []
        self.links: dict[tuple[int, int], Target] = {}
        if front:
            annotations = [a for p in self.kept for a in p.get("/Annots", ()) if a.get("/Subtype") == "/Link"]
            if len(annotations) != len(links or ()):
                raise ValueError(f"the front part has {len(annotations)} links for {len(links or ())} 目录 entries")
            self.links = {a.objgen: t for a, t in zip(annotations, links or (), strict=True)}

    # ---- serialising with shifted numbers ----

    def ref(self, num: int, gen: int = 0) -> bytes:
        fixed = self.fixed.get((num, gen))
        if fixed is not None:
            return b"%d 0 R" % fixed
        if (num, gen) in self.refused:
            raise ValueError(f"a kept object refers to a left-out one {(num, gen)}")
        if (num, gen) not in self.queued:
            self.queued.add((num, gen))
            self.queue.append((num, gen))
        return b"%d 0 R" % (self.base + num)

    def renumber(self, text: bytes) -> bytes:
        """PDF syntax (as qpdf writes it) with every reference shifted (and queued); strings
        are passed over whole, so a typed “12 0 R” in a text stays as it is."""
        return _TOKEN.sub(self._token, text)

    def _token(self, m: re.Match) -> bytes:
        if m.group(1) is None:
            return m.group(0)
        return self.ref(int(m.group(1)), int(m.group(2)))

    def ser(self, obj) -> bytes:  # noqa: ANN001
        """A value as PDF syntax; an indirect object as a reference (queued to be copied)."""
        if not isinstance(obj, pikepdf.Object):
            return b"null" if obj is None else _number(obj)
        return self.renumber(obj.unparse(resolved=False))

    def unique_ids(self, text: bytes) -> bytes:
        """A structure element's table-header IDs (its /ID, the IDs its /Headers name) made
        unique in the joined file: each part numbers its tables from 1."""
        if not self.prefix:
            return text
        text = _ID.sub(lambda m: m.group(1) + self.prefix.encode(), text)
        return _HEADERS.sub(lambda m: _HEADER_ID.sub(lambda h: b"(" + self.prefix.encode() + h.group(1), m.group(0)),
                            text)

    def ser_dict(self, items, replace: dict[str, bytes]) -> bytes:  # noqa: ANN001
        parts = [b"<<"]
        for key, value in items:
            if key not in replace:
                parts += [pikepdf.Name(key).unparse(), b" ", self.ser(value)]
        parts += [pikepdf.Name(k).unparse() + b" " + v for k, v in replace.items()]
        parts.append(b">>")
        return b"".join(parts)

    # ---- the copy ----

    def copy(self) -> list[int]:
        w = self.w
        first_page = len(w.pages)
        for page in self.kept:
            if self.is_front:
                w.front_pages.append(self.base + page.objgen[0])
            else:
                w.pages.append(self.base + page.objgen[0])
                w.heights.append(Decimal(page.MediaBox[3]) - Decimal(page.MediaBox[1]))
            self.ref(*page.objgen)
        self.drain()
        self.join_structure()
        self.join_outline()
        if self.is_front:
            self.take_front()
        self.drain()
        return list(range(first_page, len(w.pages)))

    def drain(self) -> None:
        while self.queue:
            self.copy_object(self.pdf.get_object(self.queue.pop()))

    def copy_object(self, obj) -> None:  # noqa: ANN001
        """One object, renumbered; pages, annotations and the front's metadata adjusted."""
        number = self.base + obj.objgen[0]
        if isinstance(obj, pikepdf.Stream):
            kind = obj.stream_dict.get("/Type")
            if kind == "/Metadata" and self.is_front:
                count = b"%d" % (len(self.w.pages) + len(self.w.front_pages))
                raw = _NPAGES.sub(lambda m: m.group(1) + count + m.group(2), obj.read_bytes())
                items = [(k, v) for k, v in obj.stream_dict.items() if k not in ("/Filter", "/DecodeParms")]
                head = self.ser_dict(items, {"/Length": b"%d" % len(raw)})
            else:
                raw = obj.read_raw_bytes()
                head = self.ser_dict(obj.stream_dict.items(), {"/Length": b"%d" % len(raw)})
            self.w._write(number, head + b"\nstream\n" + raw + b"\nendstream")
            return
        text = obj.unparse(resolved=True)
        if b"/StructParent" in text or b"/Type /Page" in text:  # a page, an annotation: adjusted
            replace: dict[str, bytes] = {}
            if obj.get("/Type") == "/Page":
                replace["/Parent"] = b"%d 0 R" % PAGES
                if "/StructParents" in obj:
                    replace["/StructParents"] = b"%d" % (int(obj.StructParents) + self.key_offset)
            elif "/StructParent" in obj:
                replace["/StructParent"] = b"%d" % (int(obj.StructParent) + self.key_offset)
                target = self.links.get(obj.objgen)
                if target is not None:
                    replace.update(self.link(target))
            if replace:
                self.w._emit(number, self.ser_dict(obj.items(), replace))
                return
        text = self.renumber(text)
        if b"/ID (" in text or b"/Headers [ (" in text:
            text = self.unique_ids(text)
        self.w._emit(number, text)

    def link(self, target: Target) -> dict[str, bytes]:
        """A 目录 link pointed at its target in the joined file (the front part links to page 1)."""
        y = self.w.heights[target.page] - Decimal(str(round(target.y, 3)))
        dest = b"[%d 0 R/XYZ %s %s 0]" % (self.w.pages[target.page], _number(Decimal(str(round(target.x, 3)))),
                                          _number(y))
        return {"/Dest": dest, "/Contents": pikepdf.String(f"页 {target.number}").unparse()}

    def join_structure(self) -> None:
        w = self.w
        for kid in self.document.K:
            w.kids.append(self.ser(kid))
        tree = self.pdf.Root.StructTreeRoot
        for key, value in _number_tree(tree.get("/ParentTree")):
            w.parent_tree.append((key + self.key_offset, self.ser(value)))
        w.next_key = self.key_offset + int(tree.get("/ParentTreeNextKey", 0))
        for name, value in _name_tree(tree.get("/IDTree")):
            w.ids.append((self.prefix.encode() + bytes(name), self.ser(value)))
        for k, v in (tree.get("/RoleMap") or {}).items():
            w.role_map.setdefault(k, str(v))

    def join_outline(self) -> None:
        items = list(_outline_items(self.pdf.Root.get("/Outlines")))
        if len(items) != len(self.levels):
            raise ValueError(f"a part has {len(items)} bookmarks but {len(self.levels)} headings")
        names = self.pdf.Root.get("/Names")
        dests = {bytes(k): v for k, v in _name_tree(names.get("/Dests") if names is not None else None)}
        for level, item in zip(self.levels, items, strict=True):
            dest = item.get("/Dest")
            if dest is None and "/A" in item:
                dest = item.A.get("/D")
            if isinstance(dest, pikepdf.String):
                dest = dests[bytes(dest)]
            self.w.outline.append((level, self.ser(item.Title), self.ser(dest)))

    def take_front(self) -> None:
        root = self.pdf.Root
        catalog = b"".join(pikepdf.Name(k).unparse() + b" " + self.ser(v) for k, v in root.items()
                           if k not in ("/Type", "/Pages", "/StructTreeRoot", "/Outlines", "/Names"))
        trailer = b"".join(pikepdf.Name(k).unparse() + b" " + self.ser(v) for k, v in self.pdf.trailer.items()
                           if k in ("/Info", "/ID"))
        self.w.front = {"catalog": catalog, "trailer": trailer}


def _number_tree(node):  # noqa: ANN001, ANN202
    """(key, value) of a number tree, in order."""
    if node is None:
        return
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums), 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", ()):
        yield from _number_tree(kid)


def _name_tree(node):  # noqa: ANN001, ANN202
    """(key, value) of a name tree, in order."""
    if node is None:
        return
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names), 2):
            yield names[i], names[i + 1]
    for kid in node.get("/Kids", ()):
        yield from _name_tree(kid)


def _outline_items(outlines):  # noqa: ANN001, ANN202
    """Every outline item, depth first (the document order of the headings)."""
    if outlines is None:
        return
    stack = []
    item = outlines.get("/First")
    while item is not None or stack:
        if item is None:
            item = stack.pop().get("/Next")
            continue
        yield item
        if "/First" in item:
            stack.append(item)
            item = item.First
        else:
            item = item.get("/Next")
