"""The small XML helpers of the DOCX renderer: every raw-XML edit goes through one of these.

python-docx covers styles, paragraphs and sections; for what it lacks (header-row repeat,
East Asian faces, fields, cell merges, settings) we edit its ``oxml`` elements here, and always
through :func:`child`, which inserts a new element at its position in the ECMA-376 sequence of
its parent (:data:`SEQUENCES`). Word repairs, or silently drops, elements out of sequence (a
``w:ind`` after ``w:jc`` may lose the two-character first-line indent), and Word for the web
opens such a file read-only; ``tests/test_docx_schema.py`` checks every part of every sample.
"""

from __future__ import annotations

import copy
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .fonts import DOCX_LATIN_FONT

# ---- ECMA-376 Part 1 (Transitional) child sequences of the elements we write into -------------

#: CT_PPr (pPrBase + rPr, sectPr, pPrChange), §17.3.1.26.
PPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
       "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
       "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
       "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
       "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
       "sectPr", "pPrChange")
#: CT_RPr / CT_ParaRPr (EG_RPrBase), §17.3.2.28; a paragraph mark's rPr starts with ins/del.
RPR = ("ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps",
       "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof",
       "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
       "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
       "eastAsianLayout", "specVanish", "oMath", "rPrChange")
#: CT_TblPr, §17.4.60.
TBLPR = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
         "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
         "tblLook", "tblCaption", "tblDescription", "tblPrChange")
#: CT_TrPr: a choice in any order in the schema; this is the order Word writes.
TRPR = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
        "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange")
#: CT_TcPr, §17.4.70.
TCPR = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
        "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
        "tcPrChange")
#: CT_SectPr, §17.6.17 (header/footer references first, in any order among themselves).
SECTPR = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
          "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
          "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")
#: CT_Settings, §17.15.1.78.
SETTINGS = ("writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
            "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
            "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
            "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
            "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
            "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
            "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
            "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
            "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
            "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength",
            "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting",
            "bookFoldPrinting", "bookFoldPrintingSheets", "drawingGridHorizontalSpacing",
            "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
            "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
            "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
            "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
            "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema",
            "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
            "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
            "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
            "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
            "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
            "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
            "decimalSymbol", "listSeparator")
#: CT_Style, §17.7.4.17.
STYLE = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
         "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid",
         "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")

#: parent tag (``w:…``) → its children's local names in schema order.
SEQUENCES: dict[str, tuple[str, ...]] = {
    "w:pPr": PPR, "w:rPr": RPR, "w:tblPr": TBLPR, "w:trPr": TRPR, "w:tcPr": TCPR, "w:sectPr": SECTPR,
    "w:settings": SETTINGS, "w:style": STYLE,
    "w:tbl": ("bookmarkStart", "tblPr", "tblGrid", "tr"), "w:tr": ("tblPrEx", "trPr", "tc"),
}

_W = qn("w:pPr").partition("}")[0] + "}"
#: Namespaces whose elements share the Word namespace's sequences (m:mathPr, sl:schemaLibrary).
_SEQUENCED_NAMESPACES = (_W, "{http://schemas.openxmlformats.org/officeDocument/2006/math}",
                         "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}")


def _rank(sequence: tuple[str, ...], tag: str) -> int | None:
    """The position of ``tag`` (Clark notation) in ``sequence``; None for an extension element
    (w14:, w15: …: they follow the schema's elements) or an unknown name."""
    namespace, _, local = tag.rpartition("}")
    if namespace + "}" not in _SEQUENCED_NAMESPACES:
        return None
    try:
        return sequence.index(local)
    except ValueError:
        return None


def out_of_order(parent) -> list[str]:
    """The children of ``parent`` that stand before one that must precede them (local names);
    empty when ``parent`` has no known sequence or its children follow it."""
    sequence = SEQUENCES.get(_prefixed(parent.tag))
    if sequence is None:
        return []
    found, highest = [], -1
    for element in parent:
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        rank = _rank(sequence, element.tag)
        if rank is None:
            if element.tag.startswith(_W):
                found.append(element.tag.rpartition("}")[2])  # a Word element the schema does not allow here
            continue
        if rank < highest:
            found.append(element.tag.rpartition("}")[2])
        highest = max(highest, rank)
    return found


def _prefixed(tag: str) -> str:
    return "w:" + tag[len(_W):] if tag.startswith(_W) else tag


def child(parent, tag: str):
    """The existing ``tag`` child of ``parent``, or a new one inserted at its schema position."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    sequence = SEQUENCES.get(_prefixed(parent.tag))
    rank = None if sequence is None else _rank(sequence, element.tag)
    if rank is not None:
        for i, sibling in enumerate(parent):
            other = _rank(sequence, sibling.tag) if isinstance(sibling.tag, str) else None
            if other is not None and other > rank:
                parent.insert(i, element)
                return element
            if other is None and isinstance(sibling.tag, str) and not sibling.tag.startswith(_W):
                parent.insert(i, element)  # extension elements (w14:, w15:) come last
                return element
    parent.append(element)
    return element


def remove(parent, tag: str) -> None:
    for element in parent.findall(qn(tag)):
        parent.remove(element)


# ---- run and paragraph properties ---------------------------------------------------------------


def set_east_asian_font(rpr, east_asia: str, latin: str = DOCX_LATIN_FONT) -> None:
    """``w:rFonts`` with explicit faces; theme fonts removed (they would win over ``w:eastAsia``)."""
    fonts = child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def set_language(rpr) -> None:
    lang = child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")  # Latin text: English (as Chinese Word writes it)
    lang.set(qn("w:eastAsia"), "zh-CN")


def set_on(parent, tag: str) -> None:
    """An on/off property switched on, written as Word writes it: the bare element."""
    child(parent, tag).attrib.pop(qn("w:val"), None)


def set_repeat_header(tr) -> None:
    """Mark a table row as a header row, repeated at the top of every page (``w:tblHeader``)."""
    set_on(child(tr, "w:trPr"), "w:tblHeader")


def set_cant_split(tr) -> None:
    """Keep a table row on one page (``w:cantSplit``)."""
    set_on(child(tr, "w:trPr"), "w:cantSplit")


def set_keep_next(ppr) -> None:
    """Keep the paragraph on the page of the next one (``w:keepNext``): in a table, the row
    stays with the next row."""
    set_on(ppr, "w:keepNext")


def set_first_line_chars(ppr, chars_x100: int) -> None:
    """First-line indent in characters × 100 (``200`` = two characters); 0 clears it."""
    ind = child(ppr, "w:ind")
    ind.set(qn("w:firstLineChars"), str(chars_x100))
    ind.set(qn("w:firstLine"), "0" if chars_x100 == 0 else str(chars_x100 * 16 * 20 // 100))


def set_outline_level(ppr, level: int) -> None:
    """Outline level 0–8 (Heading 1 = 0): the navigation pane, and a 目录 built from outline levels."""
    child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def set_update_fields(settings_element) -> None:
    """Ask Word to update fields (the 目录) when the file is opened."""
    child(settings_element, "w:updateFields").set(qn("w:val"), "true")


def set_cell_properties(tc, width_twips: int, colspan: int, vmerge: str | None) -> None:
    tcpr = child(tc, "w:tcPr")
    w = child(tcpr, "w:tcW")
    w.set(qn("w:w"), str(width_twips))
    w.set(qn("w:type"), "dxa")
    if colspan > 1:
        child(tcpr, "w:gridSpan").set(qn("w:val"), str(colspan))
    if vmerge:
        child(tcpr, "w:vMerge").set(qn("w:val"), vmerge)
    child(tcpr, "w:vAlign").set(qn("w:val"), "center")


# ---- fields -------------------------------------------------------------------------------------


def _field_run(paragraph, child_element, rpr=None) -> None:
    r = OxmlElement("w:r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    r.append(child_element)
    paragraph._p.append(r)


def _fld_char(kind: str):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")
    return char


def field_start(paragraph, instruction: str, rpr=None) -> None:
    """``begin`` + instruction + ``separate``: what follows (possibly several paragraphs) is the
    field's cached result, up to :func:`field_end`."""
    _field_run(paragraph, _fld_char("begin"), rpr)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    _field_run(paragraph, instr, rpr)
    _field_run(paragraph, _fld_char("separate"), rpr)


def field_end(paragraph, rpr=None) -> None:
    _field_run(paragraph, _fld_char("end"), rpr)


def add_field(paragraph, instruction: str, placeholder: str = "", rpr=None) -> None:
    """A complex field (``PAGE``, ``TOC …``) with an optional cached result."""
    field_start(paragraph, instruction, rpr)
    if placeholder:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = placeholder
        _field_run(paragraph, t, rpr)
    field_end(paragraph, rpr)


# Characters XML 1.0 cannot hold (python-docx would raise): dropped from user text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)
