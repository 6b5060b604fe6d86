"""Document → standalone HTML through jinja2 (``--format html``: for a portal page or a browser).

Every user text reaches the page through jinja2's autoescape: a typed ``<img src=…>`` is
text, never markup, and ``{{ 7*7 }}`` is never evaluated (templates are fixed files; user text
is only ever a value). The only markup that is not escaped is the chart SVG, which
:mod:`gendisclose.render.charts` compiles with Typst (its labels are drawn as glyph outlines,
so no typed text is ever SVG markup). Fonts are named, never referenced as files: the reader's
browser uses an installed face (Noto/Source Han, else 宋体/黑体).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..document import Cell, Chart, Document, Heading, PageBreak, PageStyle, Paragraph, Table
from ..resources import template_path, templates_dir
from .fonts import CSS_FAMILY

TEMPLATE = "disclosure.html.j2"
STYLESHEET = "disclosure.css"

#: Installed faces the HTML names (no file is referenced).
LOCAL_FACES = {
    "serif": ("Noto Serif SC", "NotoSerifSC-Regular", "Source Han Serif SC", "SimSun", "宋体"),
    "sans": ("Noto Sans SC", "NotoSansSC-Regular", "Source Han Sans SC", "SimHei", "黑体"),
}


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(enabled_extensions=("html", "j2", "html.j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


@dataclass(frozen=True)
class TableView:
    """A table as the template lays it out: rows with their cells, column widths in %."""

    anchor: str
    table: Table
    widths: tuple[float, ...]


@dataclass(frozen=True)
class ChartView:
    """A chart as inline SVG markup (ours, see charts.py)."""

    anchor: str
    chart: Chart
    svg: Markup


@dataclass(frozen=True)
class BlockView:
    """``page_start``: a PageBreak came before this block. PageBreak is not rendered as an
    element of its own: an empty element between two landscape tables would get a portrait
    page of its own (named pages break before and after), i.e. a blank page."""

    kind: str  # heading | paragraph | table | chart
    anchor: str
    block: object
    table: TableView | None = None
    chart: ChartView | None = None
    page_start: bool = False


def _widths(table: Table) -> tuple[float, ...]:
    return tuple(round(100 * f, 3) for f in table.column_fractions())


def block_views(document: Document, chart_svg: Callable[[Chart], str]) -> list[BlockView]:
    """One view per block."""
    views: list[BlockView] = []
    page_start = False
    for i, block in enumerate(document.blocks):
        anchor = f"b{i}"
        match block:
            case Heading():
                view = BlockView("heading", anchor, block, page_start=page_start)
            case Paragraph():
                view = BlockView("paragraph", anchor, block, page_start=page_start)
            case Table():
                view = BlockView("table", anchor, block, table=TableView(anchor, block, _widths(block)),
                                 page_start=page_start)
            case Chart():
                # Our own generated markup (see charts.py), never user text.
                chart = ChartView(anchor, block, Markup(chart_svg(block)))
                view = BlockView("chart", anchor, block, chart=chart, page_start=page_start)
            case PageBreak():
                page_start = True
                continue
            case _:
                raise TypeError(f"unknown block {type(block).__name__}")
        views.append(view)
        page_start = False
    return views


def cell_classes(cell: Cell) -> str:
    classes = [f"al-{cell.align.value}"]
    if cell.bold:
        classes.append("b")
    return " ".join(classes)


def stylesheet(faces: str | None = None) -> str:
    """The CSS, with the faces declared by name only (the browser picks an installed face),
    or by the ``@font-face`` rules ``faces`` (the weasyprint PDF: packaged fonts, see
    :mod:`.pdf_weasyprint`)."""
    css = template_path(STYLESHEET).read_text(encoding="utf-8")
    if faces is None:
        faces = "".join(
            f'@font-face {{ font-family: "{CSS_FAMILY[face]}"; src: {", ".join(f"local({n!r})" for n in names)}; }}\n'
            for face, names in LOCAL_FACES.items()
        )
    return faces + css


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: every character but letters and digits as a hex escape,
    so no quote, backslash or ``</style>`` typed in a name can leave the string."""
    return '"' + "".join(ch if ch.isalnum() else f"\\{ord(ch):x} " for ch in text) + '"'


def page_rules(page: PageStyle) -> str:
    """The document's page-number format and running header (a profile's, the 决算's ``-5-``) as
    ``@page`` rules after the stylesheet's; the named page ``front`` (cover, 目录) shows neither."""
    before, after = page.number_affixes
    number = f"content: {css_string(before)} counter(page) {css_string(after)};"
    header = (f"@top-center {{ content: {css_string(page.running_header)}; font-size: 10.5pt; "
              "vertical-align: bottom; border-bottom: 0.4pt solid #000; padding-bottom: 2pt; }"
              if page.running_header else "")
    rules = "".join(f"@page{name} {{ @bottom-center {{ {number} }} {header} }}\n" for name in ("", " wide"))
    return rules + "@page front { @top-center { content: none; border: none; } @bottom-center { content: none; } }\n"


def render_html(document: Document, *, faces: str | None = None) -> str:
    from .charts import chart_svg

    template = environment().get_template(TEMPLATE)
    return template.render(
        document=document,
        title=document.metadata.get("title") or " ".join(document.cover),
        toc=[(level, text, f"b{index}") for level, text, index in document.toc_entries()],
        blocks=block_views(document, chart_svg),
        css=Markup(stylesheet(faces) + page_rules(document.page)),
        cell_classes=cell_classes,
    )


def render_html_bytes(document: Document) -> bytes:
    """Standalone HTML (charts inline as SVG, fonts referenced by name only), UTF-8."""
    return render_html(document).encode("utf-8")
