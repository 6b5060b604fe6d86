"""One part of a large document's PDF copied into the joined file (:mod:`.pdf_merge`): its
objects renumbered as they are written, its pages, structure elements, parent-tree and ID-tree
entries and bookmarks handed to the writer, references to what the joined file replaces (the
part's page tree, structure tree root, Document element) pointed at the joined file's own.

Objects are read with pikepdf (qpdf) and written as the text qpdf gives, with every reference
shifted by a regular expression that passes over strings whole; only pages, annotations and the
front part's metadata are rebuilt key by key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import pikepdf

if TYPE_CHECKING:
    from .pdf_merge import Writer

# Fixed object numbers of the joined file.
CATALOG, PAGES, STRUCT_ROOT, PARENT_TREE, OUTLINES, DOCUMENT, ID_TREE = range(1, 8)
FIRST_FREE = 8

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

_NPAGES = re.compile(rb"(<xmpTPg:NPages>)\d+(</xmpTPg:NPages>)")
#: A literal string (qpdf escapes every parenthesis and backslash in one), a hex string, or an
#: indirect reference (group 1, 2): what :meth:`Part.renumber` looks at.
_TOKEN = re.compile(rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f\s]*>|(?<![\w.+-])(\d+) (\d+) R(?![\w])", re.S)
_ID = re.compile(rb"(/ID \()(?=[^()\\]*\))")
_HEADERS = re.compile(rb"/Headers \[[^\]]*\]")
_HEADER_ID = re.compile(rb"\(([^()\\]*\))")


class Part:
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
        for key, value in _tree(tree.get("/ParentTree"), "/Nums"):
            w.parent_tree.append((int(key) + self.key_offset, self.ser(value)))
        w.next_key = self.key_offset + int(tree.get("/ParentTreeNextKey", 0))
        for name, value in _tree(tree.get("/IDTree"), "/Names"):
            w.ids.append((self.prefix.encode() + bytes(name), self.ser(value)))
        for k, v in (tree.get("/RoleMap") or {}).items():
            w.role_map.setdefault(k, str(v))

    def join_outline(self) -> None:
        items = list(_outline_items(self.pdf.Root.get("/Outlines")))
        if len(items) != len(self.levels):
            raise ValueError(f"a part has {len(items)} bookmarks but {len(self.levels)} headings")
        names = self.pdf.Root.get("/Names")
        dests = {bytes(k): v for k, v in _tree(names.get("/Dests") if names is not None else None, "/Names")}
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


def _tree(node, entries: str):  # noqa: ANN001, ANN202
    """(key, value) of a number tree (``entries`` "/Nums") or a name tree ("/Names"), in order."""
    if node is None:
        return
    pairs = node.get(entries)
    if pairs is not None:
        for i in range(0, len(pairs), 2):
            yield pairs[i], pairs[i + 1]
    for kid in node.get("/Kids", ()):
        yield from _tree(kid, entries)


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
