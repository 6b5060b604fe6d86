"""The parts around the DOCX's text: what python-docx's default template leaves behind, made to
look like a document a Chinese Word 2016+ user saved.

python-docx starts from a template saved by Word 14 for Mac: application "Microsoft Macintosh
Word", ``compatibilityMode`` 14 (Word shows 兼容模式 in the title bar and lays out with Word
2010's rules), East Asian theme language ja-JP with ＭＳ 明朝 in the theme and the font table, a
blank thumbnail, a bibliography customXml part, Word 2010's stylesWithEffects part and 2000-01-01 dates. Here: compatibility mode 15
(Word 2013 and later), theme language zh-CN (the theme's Hans faces), a font table of the faces the document names (宋体, 仿宋_GB2312,
黑体 … with their Windows metadata, so Word substitutes sensibly where one is missing), no
thumbnail, customXml or stylesWithEffects part, and dates that follow from the document (:func:`document_date`).
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import quoteattr

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from ..document import Document
from ..model import DocumentKind
from .docx_xml import child, clean_text

APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>Microsoft Office Word</Application>\
<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><Company></Company><LinksUpToDate>false</LinksUpToDate>\
<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>"""

#: Windows metadata of the faces a Chinese Word writes into its font table:
#: (English name, panose, charset, family, pitch).
KNOWN_FONTS = {
    "宋体": ("SimSun", "02010600030101010101", "86", "auto", "variable"),
    "黑体": ("SimHei", "02010609060101010101", "86", "modern", "fixed"),
    "仿宋": ("FangSong", "02010609060101010101", "86", "modern", "fixed"),
    "仿宋_GB2312": ("FangSong_GB2312", "02010609030101010101", "86", "modern", "fixed"),
    "楷体": ("KaiTi", "02010609060101010101", "86", "modern", "fixed"),
    "楷体_GB2312": ("KaiTi_GB2312", "02010609030101010101", "86", "modern", "fixed"),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "02000000000000000000", "86", "auto", "variable"),
    "微软雅黑": ("Microsoft YaHei", "020B0503020204020204", "86", "swiss", "variable"),
    "等线": ("DengXian", "02010600030101010101", "86", "auto", "variable"),
    "Times New Roman": (None, "02020603050405020304", "00", "roman", "variable"),
    "Calibri": (None, "020F0502020204030204", "00", "swiss", "variable"),
    "Arial": (None, "020B0604020202020204", "00", "swiss", "variable"),
}

#: Word 2010's copy of the styles; Word 2013 and later neither write nor need it.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_FONT_ATTRS = tuple(qn(f"w:{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs"))


def document_date(document: Document) -> dt.datetime:
    """Created/modified date: ``metadata['created']`` when given, else 1 January of the year the
    document is published in (the budget year for 预算; the year after for 决算, which reports on
    a closed year). Fixed, so the same input gives the same bytes."""
    value = document.metadata.get("created")
    if value:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    try:
        year = int(document.metadata.get("year", ""))
    except ValueError:
        year = 2000
    if document.kind is DocumentKind.FINAL_ACCOUNTS:
        year += 1
    return dt.datetime(year, 1, 1, tzinfo=dt.UTC)


def set_core_properties(doc, document: Document) -> None:
    props = doc.core_properties
    created = document_date(document)
    props.title = clean_text(document.metadata.get("title") or " ".join(document.cover))
    props.author = clean_text(document.metadata.get("author", ""))
    props.last_modified_by = props.author
    props.subject = document.kind.value
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.created = created
    modified = document.metadata.get("modified")
    props.modified = dt.datetime.fromisoformat(modified.replace("Z", "+00:00")) if modified else created
    props.last_printed = created
    props.revision = 1


def _parts(doc) -> dict[str, object]:
    """Reltype → part, from the package and the main document part."""
    found = {rel.reltype: rel.target_part for rel in doc.part.package.rels.values() if not rel.is_external}
    found.update({rel.reltype: rel.target_part for rel in doc.part.rels.values() if not rel.is_external})
    return found


def _drop_relationships(rels, reltypes: set[str]) -> None:
    for rid in [rid for rid, rel in rels.items() if rel.reltype in reltypes]:
        rels.pop(rid)


def _font_entry(name: str) -> str:
    alt, panose, charset, family, pitch = KNOWN_FONTS.get(
        name, (None, "02010600030101010101", "86", "auto", "variable") if any(ord(c) > 0x2E80 for c in name)
        else (None, "00000000000000000000", "00", "auto", "variable"))
    alt_xml = f"<w:altName w:val={quoteattr(alt)}/>" if alt else ""
    return (f"<w:font w:name={quoteattr(name)}>{alt_xml}<w:panose1 w:val=\"{panose}\"/>"
            f"<w:charset w:val=\"{charset}\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>")


def _used_fonts(doc) -> list[str]:
    roots = [doc.styles.element, doc.element]
    for section in doc.sections:
        for hf in (section.header, section.footer, section.even_page_footer):
            if not hf.is_linked_to_previous:
                roots.append(hf._element)
    chunks = getattr(doc, "_gendisclose_chunks", None)  # the faces of the body already serialized
    names: set[str] = set(chunks.fonts) if chunks is not None else set()
    for root in roots:
        for fonts in root.iter(qn("w:rFonts")):
            names.update(v for a in _FONT_ATTRS if (v := fonts.get(a)))
    return sorted(names)


def finish_package(doc) -> None:
    """Settings, theme, font table and parts as a Chinese Word 2016+ saves them."""
    settings = doc.settings.element
    compat = child(settings, "w:compat")
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    child(settings, "w:themeFontLang").set(qn("w:eastAsia"), "zh-CN")

    parts = _parts(doc)
    app = parts.get(RT.EXTENDED_PROPERTIES)
    if app is not None:
        app._blob = APP_XML.encode("utf-8")
    font_table = parts.get(RT.FONT_TABLE)
    if font_table is not None:
        entries = "".join(_font_entry(name) for name in _used_fonts(doc))
        font_table._blob = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"{entries}</w:fonts>").encode()
    _drop_relationships(doc.part.package.rels, {RT.THUMBNAIL})
    _drop_relationships(doc.part.rels, {RT.CUSTOM_XML, STYLES_WITH_EFFECTS})

