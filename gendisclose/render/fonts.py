"""The packaged CJK faces (Noto Serif SC for body text, Noto Sans SC for headings) and cmap checks.

Fonts come only from the installed ``pylopdf_fonts_zh_cn`` wheel (see
:func:`gendisclose.resources.font_path`), never from the system. The PDF embeds subsets of them
(Typst cuts them); the DOCX names the Windows faces (宋体, 仿宋, 黑体) that Word and WPS have.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from ..resources import font_path

FACES = ("serif", "sans")

#: CSS family names used by the HTML (declared by ``@font-face`` in front of the stylesheet).
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
def hb_face(face: str):
    """The packaged face as a HarfBuzz face (memory-mapped file, made once per process)."""
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(face_path(face))))


@cache
def _hb_font(face: str):
    import uharfbuzz as hb

    return hb.Font(hb_face(face))


@cache
def cmap(face: str) -> frozenset[int]:
    """Code points the packaged face maps to a glyph."""
    return frozenset(hb_face(face).unicodes)


def glyph_id(face: str, code_point: int) -> int | None:
    """The packaged face's cmap glyph of ``code_point`` (None when it has none)."""
    return _hb_font(face).get_nominal_glyph(code_point)


def shared_glyphs(face: str, code_points: frozenset[int]) -> list[tuple[int, ...]]:
    """Groups of ``code_points`` drawn with one glyph (``一`` U+4E00 and the Kangxi radical
    ``⼀`` U+2F00, for example). A PDF's ToUnicode map built from the cmap can name only one
    of them, so text extraction would turn one into the other."""
    by_glyph: dict[int, list[int]] = {}
    mapped = cmap(face)
    for cp in sorted(code_points & mapped):
        by_glyph.setdefault(glyph_id(face, cp), []).append(cp)
    return [tuple(cps) for cps in by_glyph.values() if len(cps) > 1]


def needs_glyph(char: str) -> bool:
    """False for characters that are never drawn: controls, format marks (U+202E…), line breaks."""
    return unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp")


@cache
def printable() -> frozenset[int]:
    """Code points both packaged faces draw (body text is serif, headings and header cells sans)."""
    return cmap("serif") & cmap("sans")


def unprintable(text: str) -> list[str]:
    """Characters of ``text`` the PDF could only draw as an empty box (tofu), in order of first
    appearance; ASCII never is."""
    if text.isascii():
        return []
    table = printable()
    return list(dict.fromkeys(ch for ch in text if ord(ch) not in table and needs_glyph(ch) and not ch.isspace()))


def missing_glyphs(text: str, face: str = "serif") -> set[str]:
    """Characters of ``text`` that would show as tofu in ``face``."""
    mapped = cmap(face)
    return {ch for ch in set(text) if needs_glyph(ch) and ord(ch) not in mapped}
