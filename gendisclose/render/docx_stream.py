"""The DOCX body in bounded memory: finished parts of ``word/document.xml`` kept as compressed
text instead of a python-docx (lxml) tree, and spliced back when the package is written.

python-docx holds the whole document as an lxml tree, ≈ 7 KB a table cell: a 300-project
department (31,000 cells) took ≈ 215 MB to render, 1,000 projects ≈ 620 MB (issue 12, Scale).
Here the renderer builds with python-docx as before, but every :data:`CHUNK_CELLS` table cells
the finished elements are serialized, zlib-compressed (≈ 1/20 of the text) and replaced in the
tree by a placeholder comment (:func:`placeholder`): the rows of a large table as they are
written (:meth:`Chunks.row`), and the body's finished blocks after a table
(:meth:`Chunks.after_table`). When the package is written (:func:`gendisclose.ooxml.stable_package`)
the document part python-docx saved — the small remaining tree with its placeholders — is
expanded back into the zip entry piece by piece (:meth:`Chunks.expand`), one chunk
decompressed at a time, so the whole ``document.xml`` (≈ 40 MB for 1,000 projects) is never in
memory as a tree, nor even as text.

What stays in the tree, because the renderer edits it after the body is written: everything
before the body (cover and 目录, whose entries get their page numbers last), the paragraphs
that carry a section's ``w:sectPr`` (python-docx's ``doc.sections`` finds the sections through
them, and the footers are set through those) and the body's own ``w:sectPr``, and whatever was
written since the last table (``doc.paragraphs[-1]`` of the 落款's keep-with-next is never a
table's). The font table names every face of the document: the faces of the serialized parts
are collected before they leave the tree (:attr:`Chunks.fonts`).

The text is the one python-docx would have written: each element is serialized where it stands
(the same prefixes), without the root's namespace declarations lxml repeats on it, and deflate's
output does not depend on how its input is split, so the DOCX is byte-identical to an unchunked
render (``tests/test_docx_stream.py``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from docx.oxml.ns import qn
from lxml import etree

#: Table cells written between two serializations: ≈ 14 MB of python-docx tree at most
#: (a table's rows, or the blocks since the last serialization).
CHUNK_CELLS = 2_000

_PLACEHOLDER = re.compile(rb"<!--gendisclose-chunk (\d+)-->")
_START_TAG = re.compile(rb'<[^\s/>]+(?:\s+[^\s=/>]+="[^"]*")*\s*/?>')
_NSDECL = re.compile(rb' xmlns:([^\s=]+)="([^"]*)"')
_FONT_ATTRS = tuple(qn(f"w:{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs"))
_RFONTS = qn("w:rFonts")
_SECTPR = qn("w:sectPr")
_PPR = qn("w:pPr")
_TR = qn("w:tr")


def placeholder(index: int) -> etree._Comment:
    """The comment standing for chunk ``index`` in the tree. No user text can produce it in
    the serialized XML: ``<`` in text and attributes is always escaped."""
    return etree.Comment(f"gendisclose-chunk {index}")


def _kept(element) -> bool:
    """Elements a later step of the renderer still finds or edits in the tree."""
    if not isinstance(element.tag, str):  # a placeholder (comment)
        return True
    if element.tag == _SECTPR:
        return True
    ppr = element.find(_PPR)
    return ppr is not None and ppr.find(_SECTPR) is not None


def _faces(element) -> set[str]:
    return {v for fonts in element.iter(_RFONTS) for a in _FONT_ATTRS if (v := fonts.get(a))}


class Chunks:
    """The serialized parts of one document's body (see the module docstring); made when the
    body starts: what the body holds then (cover, 目录) stays in the tree."""

    def __init__(self, document_element, limit: int = CHUNK_CELLS):
        self.limit = limit
        self.fonts: set[str] = set()
        self._root = document_element
        self._body_start = len(document_element.body) - 1  # what is there stays; sectPr is last
        # The root's declarations, which lxml repeats on an element serialized on its own.
        self._inherited = {(p.encode(), u.encode()) for p, u in document_element.nsmap.items() if p}
        self._data: list[bytes] = []  # compressed text of each chunk
        self._sizes: list[int] = []  # its length expanded (with the chunks it holds)
        self.pending = 0  # cells written since the body was last serialized
        self._rows = 0  # cells of the current table's rows not serialized

    def row(self, tbl, cells: int) -> None:
        """After a row of ``cells`` cells is appended to ``tbl``: the table's rows so far
        serialized when they reach the limit (a table of 1,800 projects' 项目支出 has 13,000)."""
        self.pending += cells
        self._rows += cells
        if self._rows >= self.limit:
            first = next(i for i, e in enumerate(tbl) if e.tag == _TR)  # the rows after the last chunk
            self._replace(tbl, first, len(tbl))
            self._rows = 0  # (still pending for the body: the table's own elements are not)

    def after_table(self) -> None:
        """After a table block: the body's finished elements serialized when the cells written
        since the last time reach the limit."""
        self._rows = 0  # the next row is another table's
        if self.pending < self.limit:
            return
        self.pending = 0
        body = self._root.body
        kept = [i for i, e in enumerate(body) if i >= self._body_start and _kept(e)]
        runs, start = [], self._body_start
        for i in kept:
            runs.append((start, i))
            start = i + 1
        shift = 0
        for start, stop in runs:
            shift += self._replace(body, start - shift, stop - shift)

    def _replace(self, parent, start: int, stop: int) -> int:
        """``parent``'s children ``start:stop`` → one chunk and its placeholder; returns how
        many children fewer ``parent`` has.

        Serialized in place (lxml repeats the root's namespace declarations on the first tag,
        :meth:`_serialized` drops them) and deleted by index with no Python proxy left on them,
        so lxml frees them at once (moving them to another tree, or ``remove``, would first
        make their namespaces self-contained, node by node)."""
        if start >= stop:
            return 0
        text = b"".join(self._serialized(e) for e in parent[start:stop])
        index = len(self._data)
        self._sizes.append(self._expanded_size(text))
        self._data.append(zlib.compress(text, 1))
        parent.insert(start, placeholder(index))
        del parent[start + 1:stop + 1]
        return stop - start - 1

    def _serialized(self, element) -> bytes:
        """``element`` as it reads inside the document: the root's namespace declarations that
        lxml adds to its first tag removed (its own are kept)."""
        self.fonts |= _faces(element)
        text = etree.tostring(element, encoding="UTF-8")
        tag = _START_TAG.match(text)
        if tag is None:
            raise AssertionError(f"unexpected serialization of a DOCX element: {text[:80]!r}")
        head = _NSDECL.sub(lambda m: b"" if (m.group(1), m.group(2)) in self._inherited else m.group(0), tag.group(0))
        return head + text[tag.end():]

    def _expanded_size(self, text: bytes) -> int:
        return len(text) + sum(self._sizes[int(m.group(1))] - len(m.group(0)) for m in _PLACEHOLDER.finditer(text))

    def expand(self, part: bytes) -> tuple[int, Iterator[bytes]]:
        """The saved document part with every placeholder replaced by its chunk: (its length,
        its pieces), the chunks decompressed one at a time."""
        return self._expanded_size(part), self._pieces(part)

    def _pieces(self, text: bytes) -> Iterator[bytes]:
        at = 0
        for match in _PLACEHOLDER.finditer(text):
            yield text[at:match.start()]
            yield from self._pieces(zlib.decompress(self._data[int(match.group(1))]))
            at = match.end()
        yield text[at:]
