"""The packaged CJK faces (Noto Serif SC for body text, Noto Sans SC for headings) and cmap checks.

Fonts come only from the installed ``pylopdf_fonts_zh_cn`` wheel (see
:func:`gendisclose.resources.font_path`), never from the system. The PDF embeds them; the DOCX
names the Windows faces (宋体, 仿宋, 黑体) that Word and WPS have.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from io import BytesIO
from pathlib import Path

from ..resources import font_path

FACES = ("serif", "sans")

#: CSS family names used by the HTML/PDF (declared by ``@font-face`` in the template).
CSS_FAMILY = {"serif": "GD Noto Serif SC", "sans": "GD Noto Sans SC"}

#: East Asian faces named in the DOCX (present on Chinese Windows; Word/WPS substitute otherwise).
DOCX_BODY_FONT = "仿宋_GB2312"
DOCX_TABLE_FONT = "宋体"
DOCX_HEADING_FONT = "黑体"
DOCX_LATIN_FONT = "Times New Roman"


def face_path(face: str) -> Path:
    """Path of a packaged face: ``serif`` or ``sans``."""
    if face not in FACES:
        raise ValueError(f"unknown font face {face!r}")
    return font_path(face)


@cache
def glyph_names(face: str) -> dict[int, str]:
    """The packaged face's cmap: code point → glyph name."""
    from fontTools.ttLib import TTFont

    with TTFont(face_path(face), lazy=True) as font:
        return dict(font.getBestCmap())


@cache
def cmap(face: str) -> frozenset[int]:
    """Code points the packaged face maps to a glyph."""
    return frozenset(glyph_names(face))


def shared_glyphs(face: str, code_points: frozenset[int]) -> list[tuple[int, ...]]:
    """Groups of ``code_points`` drawn with one glyph (``一`` U+4E00 and the Kangxi radical
    ``⼀`` U+2F00, for example). A PDF's ToUnicode map built from the cmap can name only one
    of them, so text extraction would turn one into the other."""
    by_glyph: dict[str, list[int]] = {}
    names = glyph_names(face)
    for cp in sorted(code_points):
        if cp in names:
            by_glyph.setdefault(names[cp], []).append(cp)
    return [tuple(cps) for cps in by_glyph.values() if len(cps) > 1]


def needs_glyph(char: str) -> bool:
    """False for characters that are never drawn: controls, format marks (U+202E…), line breaks."""
    return unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp")


def missing_glyphs(text: str, face: str = "serif") -> set[str]:
    """Characters of ``text`` that would show as tofu in ``face``."""
    mapped = cmap(face)
    return {ch for ch in set(text) if needs_glyph(ch) and ord(ch) not in mapped}


def subset_font_bytes(face: str, code_points: frozenset[int]) -> bytes:
    """The face cut down to ``code_points`` (plus what their layout needs), as OpenType bytes.

    Glyph outlines stay CFF with their hints. Only the ``kern`` feature is kept: no GSUB
    substitution (ligatures such as ``fi``, contextual digit forms), so every glyph drawn is the
    cmap glyph of one character and a ToUnicode map built from the cmap extracts the text
    exactly. CJK text uses no substitution in horizontal layout.
    """
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["kern"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["DSIG"]
    font = subset.load_font(str(face_path(face)), options, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points & cmap(face)))
    subsetter.subset(font)
    out = BytesIO()
    font.save(out)
    return out.getvalue()
