"""The marks on the department's own sheets (:mod:`gendisclose.annotate`): a fill made from
each problem cell's own format (a new ``cellXfs`` entry, the original left for every other
cell), and a 批注 (comments part and its VML drawing, created or added to).

XML parts are parsed and written with lxml, which keeps the package's namespace prefixes;
VML, which Excel does not always write as well-formed XML, is only appended to as text.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from lxml import etree

from .annotate_parts import (
    AUTHOR,
    CT_COMMENTS,
    CT_VML,
    FILLS,
    MAIN,
    REL,
    RT,
    Package,
    _xml,
    cell_ref,
    clean,
    parse_ref,
    q,
)


class Styles:
    """styles.xml, growing new cell formats: a cell's own format with a fill, and the few the
    问题清单 uses."""

    def __init__(self, pkg: Package, book: str) -> None:
        self.pkg = pkg
        self.part = next((t for _, rt, t in pkg.rels(book) if rt.endswith("/styles")), None)
        if self.part is None or self.part not in pkg.data:
            self.part = "xl/styles.xml"
            pkg.put(self.part, _MINIMAL_STYLES, "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
            pkg.add_rel(book, RT + "styles", self.part)
        self.root = etree.fromstring(pkg.data[self.part])
        self.xfs = self._section("cellXfs", "xf", before=("cellStyles", "dxfs", "tableStyles", "colors", "extLst"))
        if not len(self.xfs):
            etree.SubElement(self.xfs, q(MAIN, "xf"), numFmtId="0", fontId="0", fillId="0", borderId="0")
        self.fills = self._section("fills", "fill", before=("borders", "cellStyleXfs", "cellXfs"))
        self.fonts = self._section("fonts", "font", before=("fills", "borders", "cellStyleXfs", "cellXfs"))
        self._fill_ids: dict[str, int] = {}
        self._cache: dict[tuple, int] = {}

    def _section(self, name: str, child: str, before: tuple[str, ...]) -> etree._Element:
        found = self.root.find(q(MAIN, name))
        if found is None:
            found = etree.Element(q(MAIN, name))
            later = [el for el in self.root if etree.QName(el).localname in before]
            if later:
                later[0].addprevious(found)
            else:
                self.root.append(found)
            if name == "fills":  # the two fills Excel reserves
                for pattern in ("none", "gray125"):
                    etree.SubElement(etree.SubElement(found, q(MAIN, "fill")), q(MAIN, "patternFill"), patternType=pattern)
        return found

    def _append(self, section: etree._Element, el: etree._Element) -> int:
        section.append(el)
        section.set("count", str(len(section)))
        return len(section) - 1

    def _fill(self, state: str) -> int:
        if state not in self._fill_ids:
            fill = etree.Element(q(MAIN, "fill"))
            pattern = etree.SubElement(fill, q(MAIN, "patternFill"), patternType="solid")
            etree.SubElement(pattern, q(MAIN, "fgColor"), rgb=FILLS[state])
            etree.SubElement(pattern, q(MAIN, "bgColor"), indexed="64")
            self._fill_ids[state] = self._append(self.fills, fill)
        return self._fill_ids[state]

    def _derived(self, base: int, **changes: str) -> int:
        key = (base, tuple(sorted(changes.items())))
        if key not in self._cache:
            source = self.xfs[base] if 0 <= base < len(self.xfs) else self.xfs[0]
            xf = copy.deepcopy(source)
            for attr, value in changes.items():
                xf.set(attr, value)
            self._cache[key] = self._append(self.xfs, xf)
        return self._cache[key]

    def filled(self, base: int, state: str) -> int:
        """The format ``base`` with the fill of ``state`` (错误/警告/已说明)."""
        return self._derived(base, fillId=str(self._fill(state)), applyFill="1")

    def _font(self, bold: bool = False, link: bool = False) -> int:
        key = ("font", bold, link)
        if key not in self._cache:
            font = etree.Element(q(MAIN, "font"))
            if bold:
                etree.SubElement(font, q(MAIN, "b"))
            if link:
                etree.SubElement(font, q(MAIN, "u"))
            etree.SubElement(font, q(MAIN, "sz"), val="11")
            etree.SubElement(font, q(MAIN, "color"), rgb="FF0563C1" if link else "FF000000")
            etree.SubElement(font, q(MAIN, "name"), val="等线")
            self._cache[key] = self._append(self.fonts, font)
        return self._cache[key]

    def _own(self, font: int, wrap: bool = False) -> int:
        key = ("xf", font, wrap)
        if key not in self._cache:
            xf = etree.Element(q(MAIN, "xf"), numFmtId="0", fontId=str(font), fillId="0", borderId="0",
                               xfId="0", applyFont="1")
            if wrap:
                xf.set("applyAlignment", "1")
                etree.SubElement(xf, q(MAIN, "alignment"), vertical="top", wrapText="1")
            self._cache[key] = self._append(self.xfs, xf)
        return self._cache[key]

    def plain(self) -> int:
        return self._own(self._font())

    def header(self) -> int:
        return self._own(self._font(bold=True))

    def link(self) -> int:
        return self._own(self._font(link=True))

    def wrapped(self) -> int:
        return self._own(self._font(), wrap=True)

    def save(self) -> None:
        self.pkg.put(self.part, _xml(self.root))


_MINIMAL_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<styleSheet xmlns="' + MAIN.encode() + b'"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font>'
    b'</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    b'</fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
    b'fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    b'xfId="0"/></cellXfs></styleSheet>'
)

#: children of <worksheet> that come after <legacyDrawing> (ECMA-376 CT_Worksheet)
_AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                 "webPublishItems", "tableParts", "extLst")


class Worksheet:
    """One worksheet part: restyle cells (creating empty ones) and add 批注."""

    def __init__(self, pkg: Package, part: str) -> None:
        self.pkg = pkg
        self.part = part
        self.root = etree.fromstring(pkg.data[part])
        self.data = self.root.find(q(MAIN, "sheetData"))
        if self.data is None:
            self.data = etree.Element(q(MAIN, "sheetData"))
            later = [el for el in self.root if etree.QName(el).localname not in
                     ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols")]
            (later[0].addprevious(self.data) if later else self.root.append(self.data))
        self._number_rows()

    def _number_rows(self) -> None:
        """Give every row and cell its explicit ``r`` (the same cells; insertion needs them)."""
        last_row = 0
        for row in self.data.findall(q(MAIN, "row")):
            r = row.get("r")
            last_row = int(r) if r and r.isdigit() else last_row + 1
            row.set("r", str(last_row))
            last_col = 0
            for c in row.findall(q(MAIN, "c")):
                hit = parse_ref(c.get("r", ""))
                last_col = hit[1] if hit else last_col + 1
                c.set("r", cell_ref(last_row, last_col))

    def _column_style(self, column: int) -> int:
        cols = self.root.find(q(MAIN, "cols"))
        for col in cols if cols is not None else ():
            try:
                if int(col.get("min", "0")) <= column <= int(col.get("max", "0")):
                    return int(col.get("style", "0"))
            except ValueError:
                continue
        return 0

    def restyle(self, row: int, column: int, new_style: Callable[[int], int]) -> None:
        """Set the cell's style to ``new_style(its current style)``; an absent cell is created."""
        row_el = None
        for el in self.data.findall(q(MAIN, "row")):
            n = int(el.get("r"))
            if n == row:
                row_el = el
                break
            if n > row:
                row_el = etree.Element(q(MAIN, "row"), r=str(row))
                el.addprevious(row_el)
                break
        if row_el is None:
            row_el = etree.SubElement(self.data, q(MAIN, "row"), r=str(row))
        ref = cell_ref(row, column)
        cell = None
        for c in row_el.findall(q(MAIN, "c")):
            at = parse_ref(c.get("r"))
            if at and at[1] == column:
                cell = c
                break
            if at and at[1] > column:
                cell = etree.Element(q(MAIN, "c"), r=ref)
                c.addprevious(cell)
                break
        if cell is None:
            cell = etree.SubElement(row_el, q(MAIN, "c"), r=ref)
        if cell.get("s") is not None and cell.get("s").isdigit():
            base = int(cell.get("s"))
        elif row_el.get("customFormat") in ("1", "true") and (row_el.get("s") or "").isdigit():
            base = int(row_el.get("s"))
        else:
            base = self._column_style(column)
        cell.set("s", str(new_style(base)))
        spans = row_el.get("spans")
        if spans and ":" in spans:  # a hint only; keep it covering the new cell
            lo, _, hi = spans.partition(":")
            if lo.isdigit() and hi.isdigit():
                row_el.set("spans", f"{min(int(lo), column)}:{max(int(hi), column)}")

    def add_notes(self, notes: dict[tuple[int, int], str]) -> None:
        """A 批注 at each cell; where the department already has one, the text is added to it."""
        rels = self.pkg.rels(self.part)
        comments_part = next((t for _, rt, t in rels if rt.endswith("/comments")), None)
        legacy = self.root.find(q(MAIN, "legacyDrawing"))
        vml_part = None
        if legacy is not None:
            rid = legacy.get(q(REL, "id"))
            vml_part = next((t for i, _, t in rels if i == rid), None)
        if comments_part is None or comments_part not in self.pkg.data:
            comments_part = self.pkg.free_name("xl/comments/gd_comments%d.xml")
            root = etree.Element(q(MAIN, "comments"), nsmap={None: MAIN})
            etree.SubElement(root, q(MAIN, "authors"))
            etree.SubElement(root, q(MAIN, "commentList"))
            self.pkg.put(comments_part, b"", CT_COMMENTS)
            self.pkg.add_rel(self.part, RT + "comments", comments_part)
        else:
            root = etree.fromstring(self.pkg.data[comments_part])
        authors = root.find(q(MAIN, "authors"))
        names = [a.text for a in authors]
        if AUTHOR not in names:
            etree.SubElement(authors, q(MAIN, "author")).text = AUTHOR
            names.append(AUTHOR)
        author = str(names.index(AUTHOR))
        listing = root.find(q(MAIN, "commentList"))
        existing = {c.get("ref"): c for c in listing}
        new_shapes = []
        for (row, column), text in sorted(notes.items()):
            ref = cell_ref(row, column)
            if ref in existing:
                _append_text(existing[ref], "\n\n" + text)
                continue
            comment = etree.SubElement(listing, q(MAIN, "comment"), ref=ref, authorId=author)
            body = etree.SubElement(comment, q(MAIN, "text"))
            t = etree.SubElement(body, q(MAIN, "t"))
            t.text = clean(text)
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            new_shapes.append((row, column))
        self.pkg.put(comments_part, _xml(root))
        if new_shapes:
            self._add_shapes(vml_part, new_shapes)

    def _add_shapes(self, vml_part: str | None, cells: list[tuple[int, int]]) -> None:
        if vml_part is None or vml_part not in self.pkg.data:
            vml_part = self.pkg.free_name("xl/drawings/gd_vmlDrawing%d.vml")
            block = _free_idmap(self.pkg)
            self.pkg.put(vml_part, _vml_head(block).encode() + b"</xml>")
            self.pkg.ensure_default("vml", CT_VML)
            rid = self.pkg.add_rel(self.part, RT + "vmlDrawing", vml_part)
            legacy = etree.Element(q(MAIN, "legacyDrawing"))
            legacy.set(q(REL, "id"), rid)
            later = [el for el in self.root if etree.QName(el).localname in _AFTER_LEGACY]
            (later[0].addprevious(legacy) if later else self.root.append(legacy))
        text = self.pkg.data[vml_part].decode("utf-8", "surrogateescape")
        ids = [int(n) for n in re.findall(r"_x0000_s(\d+)", text)]
        block = re.search(r'data="(\d+)', text)
        start = max(ids, default=(int(block.group(1)) if block else 1) * 1024) + 1
        shapes = "".join(_vml_shape(start + i, row, column) for i, (row, column) in enumerate(cells))
        if "_x0000_t202" not in text:
            shapes = _SHAPETYPE + shapes
        at = text.rfind("</xml>")
        text = text[:at] + shapes + text[at:] if at >= 0 else text + shapes
        self.pkg.data[vml_part] = text.encode("utf-8", "surrogateescape")

    def save(self) -> None:
        self.pkg.put(self.part, _xml(self.root))


def _append_text(comment: etree._Element, extra: str) -> None:
    body = comment.find(q(MAIN, "text"))
    if body is None:
        body = etree.SubElement(comment, q(MAIN, "text"))
    runs = body.findall(q(MAIN, "r"))
    if runs:
        t = etree.SubElement(etree.SubElement(body, q(MAIN, "r")), q(MAIN, "t"))
        t.text = clean(extra)
    else:
        t = body.find(q(MAIN, "t"))
        if t is None:
            t = etree.SubElement(body, q(MAIN, "t"))
        t.text = clean((t.text or "") + extra)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _free_idmap(pkg: Package) -> int:
    used = [0]
    for name, data in pkg.data.items():
        if name.endswith(".vml"):
            used += [int(n) for n in re.findall(rb'idmap[^>]*data="(\d+)', data)]
    return max(used) + 1


_SHAPETYPE = (
    '<v:shapetype xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
    '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


def _vml_head(block: int) -> str:
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>' + _SHAPETYPE
    )


def _vml_shape(spid: int, row: int, column: int) -> str:
    r, c = row - 1, column - 1
    return (
        f'<v:shape xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        f'xmlns:x="urn:schemas-microsoft-com:office:excel" id="_x0000_s{spid}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:300pt;height:120pt;z-index:1;'
        'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
        '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f'<x:Anchor>{c + 1}, 15, {max(r - 1, 0)}, 10, {c + 6}, 15, {r + 8}, 4</x:Anchor>'
        f'<x:AutoFill>False</x:AutoFill><x:Row>{r}</x:Row><x:Column>{c}</x:Column></x:ClientData></v:shape>'
    )
