"""Direct edits of an .xlsx package for :mod:`gendisclose.annotate`: parts, relationships,
styles (new cellXfs derived from a cell's own), cells, 批注 (comments part + VML drawing) and a
new first sheet. Every other part is copied byte for byte.

XML parts are parsed and written with lxml, which keeps the package's namespace prefixes
(``mc:Ignorable`` names prefixes that must stay declared); VML, which Excel does not always
write as well-formed XML, is only appended to as text.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree

from .ooxml import OUTPUT_MARK

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
RT = REL + "/"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

#: fills of the three states (ARGB)
FILLS = {"错误": "FFFF7C80", "警告": "FFFFFF66", "已说明": "FFC6EFCE"}
AUTHOR = "gendisclose"

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_CELL_TEXT = 32000


def clean(text: str) -> str:
    """Text an XML part can hold (no control characters), within a cell's limit."""
    text = _BAD_XML.sub("\ufffd", text)
    return text if len(text) <= MAX_CELL_TEXT else text[:MAX_CELL_TEXT] + "…"


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def cell_ref(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def parse_ref(ref: str) -> tuple[int, int] | None:
    hit = _REF.match(ref or "")
    if not hit:
        return None
    n = 0
    for ch in hit.group(1):
        n = n * 26 + ord(ch) - 64
    return int(hit.group(2)), n


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class Package:
    """The parts of a zip package, in their order; new parts are appended."""

    def __init__(self, names: list[str], data: dict[str, bytes]) -> None:
        self.names = names
        self.data = data

    @classmethod
    def read(cls, source: bytes) -> Package:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            names = [i.filename for i in archive.infolist() if not i.is_dir()]
            return cls(names, {n: archive.read(n) for n in names})

    def write(self, date_time: tuple) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in self.names:
                entry = zipfile.ZipInfo(name, date_time=date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                entry.create_system = 0
                dst.writestr(entry, self.data[name])
        return out.getvalue()

    def get(self, name: str) -> bytes | None:
        return self.data.get(name)

    def put(self, name: str, data: bytes, content_type: str | None = None) -> None:
        if name not in self.data:
            self.names.append(name)
        self.data[name] = data
        if content_type is not None:
            self.override(name, content_type)

    def free_name(self, pattern: str) -> str:
        """The first ``pattern % n`` not yet in the package."""
        n = 1
        while pattern % n in self.data:
            n += 1
        return pattern % n

    # -- content types and relationships
    def override(self, name: str, content_type: str) -> None:
        root = etree.fromstring(self.data["[Content_Types].xml"])
        part = "/" + name
        for el in root.findall(q(CT, "Override")):
            if el.get("PartName") == part:
                el.set("ContentType", content_type)
                break
        else:
            etree.SubElement(root, q(CT, "Override"), PartName=part, ContentType=content_type)
        self.data["[Content_Types].xml"] = _xml(root)

    def ensure_default(self, extension: str, content_type: str) -> None:
        root = etree.fromstring(self.data["[Content_Types].xml"])
        if not any(el.get("Extension", "").lower() == extension for el in root.findall(q(CT, "Default"))):
            root.insert(0, etree.Element(q(CT, "Default"), Extension=extension, ContentType=content_type))
            self.data["[Content_Types].xml"] = _xml(root)

    @staticmethod
    def rels_name(part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(Id, Type, target part) of the relationships of ``part`` (internal ones)."""
        data = self.get(self.rels_name(part))
        if data is None:
            return []
        found = []
        for el in etree.fromstring(data).findall(q(PKG_REL, "Relationship")):
            if el.get("TargetMode") == "External":
                continue
            found.append((el.get("Id", ""), el.get("Type", ""), resolve(part, el.get("Target", ""))))
        return found

    def add_rel(self, part: str, rel_type: str, target: str) -> str:
        """Add a relationship from ``part`` to the part ``target``; returns its new Id."""
        name = self.rels_name(part)
        data = self.get(name)
        root = etree.fromstring(data) if data else etree.Element(q(PKG_REL, "Relationships"), nsmap={None: PKG_REL})
        taken = {el.get("Id") for el in root}
        n = 1
        while f"rIdGd{n}" in taken:
            n += 1
        rid = f"rIdGd{n}"
        etree.SubElement(root, q(PKG_REL, "Relationship"), Id=rid, Type=rel_type, Target="/" + target)
        self.put(name, _xml(root))
        return rid

    # -- the workbook
    def workbook_part(self) -> str:
        for _, rel_type, target in self.rels(""):
            if rel_type.endswith("/officeDocument"):
                return target
        return "xl/workbook.xml"

    def sheets(self, book: str) -> list[tuple[str, str]]:
        """(name, part) of each worksheet, in tab order."""
        targets = {rid: target for rid, _, target in self.rels(book)}
        root = etree.fromstring(self.data[book])
        found = []
        for el in root.iter(q(MAIN, "sheet")):
            target = targets.get(el.get(q(REL, "id"), ""))
            if target and target in self.data:
                found.append((el.get("name", ""), target))
        return found

    def add_first_sheet(self, book: str, name: str, xml: bytes) -> None:
        part = self.free_name("xl/worksheets/gd_sheet%d.xml")
        self.put(part, xml, CT_SHEET)
        rid = self.add_rel(book, RT + "worksheet", part)
        root = etree.fromstring(self.data[book])
        sheets = root.find(q(MAIN, "sheets"))
        ids = [int(el.get("sheetId", "0")) for el in sheets if el.get("sheetId", "").isdigit()]
        new = etree.Element(q(MAIN, "sheet"), name=name, sheetId=str(max(ids, default=0) + 1))
        new.set(q(REL, "id"), rid)
        sheets.insert(0, new)
        for view in root.iter(q(MAIN, "workbookView")):
            view.set("activeTab", "0")
            view.set("firstSheet", "0")
        for defined in root.iter(q(MAIN, "definedName")):
            local = defined.get("localSheetId")
            if local is not None and local.isdigit():
                defined.set("localSheetId", str(int(local) + 1))
        self.data[book] = _xml(root)
        for _, sheet_part in self.sheets(book):  # the list is the one selected tab
            if sheet_part != part and b"tabSelected" in self.data[sheet_part]:
                ws = etree.fromstring(self.data[sheet_part])
                for view in ws.iter(q(MAIN, "sheetView")):
                    view.attrib.pop("tabSelected", None)
                self.data[sheet_part] = _xml(ws)

    def mark_output(self, kind: str) -> None:
        """The custom property :data:`OUTPUT_MARK` = ``kind`` in docProps/custom.xml."""
        name = "docProps/custom.xml"
        data = self.get(name)
        if data is None:
            root = etree.Element(q(CUSTOM_NS, "Properties"), nsmap={None: CUSTOM_NS, "vt": VT})
            self.put(name, b"", CT_CUSTOM)
            self.add_rel("", RT + "custom-properties", name)
        else:
            root = etree.fromstring(data)
        for prop in list(root):
            if prop.get("name") == OUTPUT_MARK:
                root.remove(prop)
        pids = [int(p.get("pid", "1")) for p in root if p.get("pid", "").isdigit()]
        prop = etree.SubElement(root, q(CUSTOM_NS, "property"), fmtid=FMTID,
                                pid=str(max(pids, default=1) + 1), name=OUTPUT_MARK)
        etree.SubElement(prop, q(VT, "lpwstr")).text = kind
        self.put(name, _xml(root))


def resolve(source: str, target: str) -> str:
    """The part a relationship of ``source`` points at."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


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


@dataclass(frozen=True)
class Cell:
    value: object
    style: int = 0


def sheet_xml(rows: list[list[Cell]], widths: tuple[int, ...], hyperlinks: list[tuple[str, str, str]]) -> bytes:
    """A worksheet of text and numbers (inline strings: the shared strings stay untouched),
    the header row frozen, with internal hyperlinks (``location``, no relationship)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">',
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>',
    ]
    out += [f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1)]
    out.append("</cols><sheetData>")
    for r, row in enumerate(rows, start=1):
        out.append(f'<row r="{r}">')
        for c, cell in enumerate(row, start=1):
            ref = cell_ref(r, c)
            if isinstance(cell.value, int):
                out.append(f'<c r="{ref}" s="{cell.style}"><v>{cell.value}</v></c>')
            else:
                text = escape(clean(str(cell.value)), {'"': "&quot;"})
                out.append(f'<c r="{ref}" s="{cell.style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        out.append("</row>")
    out.append("</sheetData>")
    if hyperlinks:
        out.append("<hyperlinks>")
        for ref, location, display in hyperlinks:
            loc = escape(clean(location), {'"': "&quot;"})
            shown = escape(clean(display), {'"': "&quot;"})
            out.append(f'<hyperlink ref="{ref}" location="{loc}" display="{shown}"/>')
        out.append("</hyperlinks>")
    out.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
    return "".join(out).encode("utf-8")
