"""Document → HTML through jinja2 (the first half of the PDF, and the standalone HTML output).

Every user text reaches the page through jinja2's autoescape: a typed ``<img src=…>`` is
text, never markup, and ``{{ 7*7 }}`` is never evaluated (templates are fixed files; user text
is only ever a value). The only markup that is not escaped is the chart SVG, which
:mod:`gendisclose.render.charts` generates itself (its labels are escaped by matplotlib).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..document import Cell, Chart, Document, Heading, PageBreak, Paragraph, Table
from ..resources import template_path, templates_dir
from .fonts import CSS_FAMILY

TEMPLATE = "disclosure.html.j2"
STYLESHEET = "disclosure.css"

#: Font URLs in the stylesheet: only :mod:`gendisclose.render.pdf`'s fetcher resolves them.
FONT_SCHEME = "gendisclose-font"
#: Chart images in the PDF's HTML: ``gendisclose-chart:<anchor>``, also served by that fetcher.
CHART_SCHEME = "gendisclose-chart"

#: Standalone HTML names installed faces instead (no file is referenced).
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
    """A chart: inline SVG markup (standalone HTML) or a private URL (PDF, see pdf.py)."""

    anchor: str
    chart: Chart
    svg: Markup
    src: str


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
    n = table.n_columns
    weights = table.column_widths if len(table.column_widths) == n else (1.0,) * n
    total = sum(weights) or 1.0
    return tuple(round(100 * w / total, 3) for w in weights)


def chart_url(anchor: str) -> str:
    return f"{CHART_SCHEME}:{anchor}"


def block_views(document: Document, chart_svg: Callable[[Chart], str] | None) -> list[BlockView]:
    """One view per block; ``chart_svg`` None means charts are referenced by URL (PDF)."""
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
                svg = Markup(chart_svg(block)) if chart_svg else Markup("")
                chart = ChartView(anchor, block, svg, chart_url(anchor))
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


def stylesheet(*, for_pdf: bool) -> str:
    """The CSS; for the PDF the faces are declared with our private font URLs."""
    css = template_path(STYLESHEET).read_text(encoding="utf-8")
    if for_pdf:
        faces = "".join(
            f'@font-face {{ font-family: "{family}"; src: url("{FONT_SCHEME}:{face}"); }}\n'
            for face, family in CSS_FAMILY.items()
        )
    else:
        # Standalone HTML: fonts by name only (the reader's browser picks an installed face).
        faces = "".join(
            f'@font-face {{ font-family: "{CSS_FAMILY[face]}"; src: {", ".join(f"local({n!r})" for n in names)}; }}\n'
            for face, names in LOCAL_FACES.items()
        )
    return faces + css


def render_html(document: Document, *, for_pdf: bool) -> str:
    from .charts import chart_svg

    template = environment().get_template(TEMPLATE)
    return template.render(
        document=document,
        title=document.metadata.get("title") or " ".join(document.cover),
        toc=[(level, text, f"b{index}") for level, text, index in document.toc_entries()],
        blocks=block_views(document, None if for_pdf else chart_svg),
        css=Markup(stylesheet(for_pdf=for_pdf)),
        cell_classes=cell_classes,
        for_pdf=for_pdf,
    )


def render_html_bytes(document: Document) -> bytes:
    """Standalone HTML (charts inline as SVG, fonts referenced by name only), UTF-8."""
    return render_html(document, for_pdf=False).encode("utf-8")
