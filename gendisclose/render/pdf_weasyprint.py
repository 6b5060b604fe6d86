"""Document → PDF by printing the HTML edition with weasyprint (``build --pdf-engine weasyprint``).

For bureaus that publish the HTML edition (:mod:`.html`, ``templates/disclosure.html.j2`` and
``disclosure.css``) and style it with CSS: the PDF is that page printed, so a change to the
stylesheet shows in both. The page design is the stylesheet's ``@page`` rules, the same as the
Typst PDF (``templates/disclosure.typ``): A4, GB/T 9704 margins, "- N -" centred in the footer,
no number on the cover and 目录, landscape pages for wide tables, table headers repeated.
The default engine stays Typst (measured ≈ 10× faster, and a self-contained wheel on Windows,
where weasyprint needs Pango installed): see the README.

The same guarantees as the Typst PDF:

- Fonts: the packaged Noto Serif SC / Noto Sans SC only (:func:`gendisclose.resources.font_path`),
  declared with ``@font-face`` under private URLs (``gendisclose-font:serif``) that only
  :class:`PackagedFetcher` resolves. We cut a subset of each face to the document's characters
  ourselves (HarfBuzz, ~20 ms, where weasyprint's fontTools subsetting of the 11 MB CFF faces
  took seconds) and weasyprint embeds it as served.
- Every character drawable: the workbook reader already refuses, at its cell, any character the
  packaged faces cannot draw (:func:`gendisclose.render.fonts.unprintable`), so the fallback
  names in the stylesheet (``serif``) are never used for a glyph.
- User text is never fetched: it is autoescaped text in the HTML (a typed ``<img src=…>`` or
  ``url(…)`` is characters, not markup), and the fetcher serves only the packaged fonts and
  the packaged images under ``templates/`` by their private URLs and refuses every other URL
  (``file:``, ``http(s):``, ``data:``, relative), without ever falling back to urllib.
- Deterministic bytes: no creation or modification date, the PDF /ID derived from the content.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..document import Chart, Document, Heading, Paragraph, Table
from ..resources import font_path, template_path, templates_dir
from .concurrent import collector_paused
from .fonts import CSS_FAMILY, FACES, cmap, hb_face, shared_glyphs
from .html import STYLESHEET, TEMPLATE, render_html

#: ``gendisclose-font:serif`` / ``gendisclose-font:sans``: the packaged faces (cut to the document).
FONT_SCHEME = "gendisclose-font"
#: ``gendisclose-image:<name>``: an image file shipped under ``templates/`` (none is used today;
#: a bureau's stylesheet may name one).
IMAGE_SCHEME = "gendisclose-image"
_IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}

INSTALL_HINT = '未安装 weasyprint：请先执行  pip install "gendisclose[weasyprint]"  （或改用默认的 Typst 引擎）'

# Characters the layout adds on its own: ASCII (page numbers, "- N -", leaders) and the
# full-width punctuation of the template.
_ALWAYS = frozenset(range(0x20, 0x7F)) | frozenset(map(ord, "，。、；：？！“”‘’（）《》【】—…·　％－"))


def unavailable() -> str | None:
    """None when weasyprint can be used here; else the Chinese message saying what to install."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return INSTALL_HINT
    except OSError as exc:  # the Python package is there, its Pango library is not
        return (f"weasyprint 已安装，但缺少它需要的系统库（{exc}）：Debian/Ubuntu 上执行 "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0，Windows 上见 weasyprint 安装说明；"
                "或改用默认的 Typst 引擎")
    return None


class RefusedURL(ValueError):
    """A URL that is not one of the packaged resources (weasyprint logs it and draws nothing)."""


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class PackagedFetcher(URLFetcher):
        """Serves the fonts and packaged images by their private URLs; refuses everything else.

        ``requested`` and ``refused`` record every URL asked for (for the tests).
        """

        def __init__(self, fonts: dict[str, bytes]):
            super().__init__(allowed_protocols=(FONT_SCHEME, IMAGE_SCHEME), allow_redirects=False,
                             fail_on_errors=False)
            self.fonts = fonts
            self.requested: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):  # noqa: ANN001 - weasyprint's signature
            from weasyprint.urls import URLFetcherResponse

            self.requested.append(url)
            found = _packaged(url, self.fonts)
            if found is None:
                self.refused.append(url)
                raise RefusedURL(f"gendisclose serves only its packaged fonts and images, not {url[:80]!r}")
            data, content_type = found
            return URLFetcherResponse(url, data, {"Content-Type": content_type})

        # Never fall back to urllib: ``open`` is how URLFetcher reaches files and the network.
        def open(self, url, data=None, timeout=None):  # noqa: ANN001
            return self.fetch(url.full_url if hasattr(url, "full_url") else url)

        __call__ = fetch

    return PackagedFetcher


def packaged_fetcher(fonts: dict[str, bytes]):
    """A fetcher serving ``fonts`` (face → bytes) and the packaged images, refusing all else."""
    return _fetcher_class()(fonts)


_IMAGE_NAME = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.[a-z]+")


def _packaged(url: str, fonts: dict[str, bytes]) -> tuple[bytes, str] | None:
    scheme, _, name = url.partition(":")
    if scheme == FONT_SCHEME and name in fonts:
        return fonts[name], "font/otf"
    if scheme == IMAGE_SCHEME and _IMAGE_NAME.fullmatch(name):
        path = templates_dir() / name
        kind = _IMAGE_TYPES.get(path.suffix.lower())
        if kind and path.is_file() and path.resolve().is_relative_to(templates_dir().resolve()):
            return path.read_bytes(), kind
    return None


def fetcher_for(document: Document):
    """The fetcher for ``document``: the packaged faces cut to its characters, and the images."""
    code_points = document_characters(document)
    return packaged_fetcher({face: subset_font(face, code_points) for face in FACES})


def font_faces() -> str:
    """``@font-face`` rules naming the packaged faces by their private URLs."""
    return "".join(
        f'@font-face {{ font-family: "{family}"; src: url("{FONT_SCHEME}:{face}"); }}\n'
        for face, family in CSS_FAMILY.items()
    )


def document_characters(document: Document) -> frozenset[int]:
    """Every code point the PDF may draw: all document text and the template's fixed strings."""
    parts: list[str] = [*document.cover, document.toc_heading or "", document.metadata.get("title", "")]
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts.extend(t for t in (block.heading, block.label, block.title, block.subtitle, block.toc_title) if t)
            parts.extend(block.captions)
            parts.extend(block.notes)
            parts.extend(cell.text for row in block.header + block.body for cell in row)
        elif isinstance(block, Chart):
            parts.append(block.caption)  # the chart itself is paths (glyph outlines), no font
    for name in (TEMPLATE, STYLESHEET):
        parts.append(template_path(name).read_text(encoding="utf-8"))
    return frozenset(ord(ch) for part in parts for ch in part) | _ALWAYS


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


@lru_cache(maxsize=4)
def subset_font(face: str, code_points: frozenset[int]) -> bytes:
    """The packaged face cut to ``code_points`` (HarfBuzz's subsetter), as OpenType bytes.

    CFF outlines stay as in the face. Only ``kern`` is kept of the layout features: no GSUB
    substitution, so every glyph drawn is the cmap glyph of one character and the ToUnicode map
    weasyprint builds from the cmap extracts exactly the text. Deterministic.
    """
    import uharfbuzz as hb

    font_path(face)  # a clear message if the font wheel is incomplete
    plan = hb.SubsetInput()
    plan.unicode_set.update(sorted(code_points & cmap(face)))
    features = plan.layout_feature_tag_set
    features.clear()
    features.add(_tag("kern"))
    plan.name_id_set.add_range(0, 0x7FFF)
    plan.name_lang_id_set.add_range(0, 0xFFFF)
    plan.drop_table_tag_set.add(_tag("DSIG"))
    plan.flags = hb.SubsetFlags.NOTDEF_OUTLINE
    return bytes(hb.subset(hb_face(face), plan).blob.data)


#: weasyprint's user-agent rules that match every element through a pseudo-element
#: (``::marker``, footnote/note calls); weasyprint computes a style for each pair. Only ``li``
#: draws a marker in our template and it uses no footnotes, so they are scoped or dropped
#: (measured in session 1: the CSS step 1.2 s → 0.2 s on the largest sample, same bytes).
_UNIVERSAL_PSEUDO = re.compile(
    r"^::(marker|footnote-call|footnote-marker|note-call|note-marker|note-callback)\b.*$", re.M)


@cache
def _html_class():
    from weasyprint import CSS, HTML
    from weasyprint import html as weasy_html

    text = getattr(weasy_html, "UA", None)
    counter_style = getattr(weasy_html, "UA_COUNTER_STYLE", None)
    if not isinstance(text, str) or counter_style is None or not _UNIVERSAL_PSEUDO.search(text):
        return HTML
    sheet = CSS(string=_UNIVERSAL_PSEUDO.sub(lambda m: "li" + m.group(0) if m.group(1) == "marker" else "",
                                             text), counter_style=counter_style)

    class DisclosureHTML(HTML):
        def _ua_stylesheets(self, forms=False):  # noqa: ANN001, ANN202 - weasyprint's hook
            return super()._ua_stylesheets(forms) if forms else [sheet]

    return DisclosureHTML


def print_html(html: str, fetcher, *, full_fonts: bool = True) -> bytes:  # noqa: ANN001
    """``html`` laid out and written by weasyprint with ``fetcher`` and no dates."""
    from weasyprint.text.fonts import FontConfiguration

    with collector_paused():
        rendered = _html_class()(string=html, base_url=None, url_fetcher=fetcher).render(
            font_config=FontConfiguration())
        rendered.metadata.created = None
        rendered.metadata.modified = None
        # full_fonts: the served faces are already cut to the document, embed them as they are.
        return rendered.write_pdf(pdf_identifier=True, full_fonts=full_fonts)


def render_pdf(document: Document, fetcher=None) -> bytes:  # noqa: ANN001
    """The HTML edition of ``document`` printed by weasyprint (``fetcher``: for the tests)."""
    problem = unavailable()
    if problem:
        raise RuntimeError(problem)
    code_points = document_characters(document)
    fetcher = fetcher or fetcher_for(document)
    # When two characters of the document share a glyph (一 and ⼀), a cmap-built ToUnicode map
    # could name only one: then weasyprint subsets again and maps from the shaped text.
    as_served = not any(shared_glyphs(face, code_points) for face in FACES)
    return print_html(render_html(document, faces=font_faces()), fetcher, full_fonts=as_served)
