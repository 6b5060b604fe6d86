"""Direct edits of an .xlsx package for :mod:`gendisclose.annotate`: parts, content types,
relationships, the workbook's sheet list, the output mark and the new first sheet; the marks
on the department's own sheets are :mod:`gendisclose.annotate_marks`. Every part not named
here is copied byte for byte.

XML parts are parsed and written with lxml, which keeps the package's namespace prefixes
(``mc:Ignorable`` names prefixes that must stay declared); VML, which Excel does not always
write as well-formed XML, is only appended to as text.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
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
