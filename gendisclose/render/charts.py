"""Charts (一般公共预算当年拨款结构图, 三公经费分布图), drawn by Typst from ``templates/chart.typ``.

One drawing for every format: the PDF template draws the chart inline (real text in the
packaged Noto Sans SC), the standalone HTML gets it as SVG, the DOCX as a 200-dpi PNG, both
compiled from the same function. Printed values and shares are the texts the document already
holds (``Chart.items``); the figures only size the wedges and bars. Deterministic: the same
chart gives the same bytes.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..document import Chart
from .typeset import compile_typst, template_source

CHART_TEMPLATE = "chart.typ"

#: Compiles one chart on a page exactly its size.
_STANDALONE = b"""
#set page(width: auto, height: auto, margin: 0.2cm, fill: white)
#chart(json(bytes(sys.inputs.data)))
"""


def chart_kind(chart: Chart) -> str:
    """``pie`` when the data can be a pie (no negative value, a positive total); ``bar`` for
    other data (a pie cannot show negative or all-zero figures); ``empty`` without items."""
    values = [v for _, v, _ in chart.items]
    if not values:
        return "empty"
    if chart.kind == "pie" and all(v >= 0 for v in values) and sum(values, Decimal(0)) > 0:
        return "pie"
    return "bar"


def chart_data(chart: Chart) -> dict:
    """What ``chart(c)`` in chart.typ reads."""
    return {
        "kind": chart_kind(chart),
        "unit": chart.unit,
        "items": [[name, str(value), share] for name, value, share in chart.items],
    }


_SVG_ID = re.compile(r'\bid="([A-Za-z_][\w.-]*)"')


def _scope_ids(svg: str, key: str) -> str:
    """Prefix every id (and its references) with the chart key, so two inline SVGs in one HTML
    page never clash (Typst names its glyph symbols and clip paths the same way in each)."""
    prefix = re.sub(r"[^\w-]", "_", key) + "-"
    ids = set(_SVG_ID.findall(svg))
    if not ids:
        return svg
    pattern = re.compile(r'(id="|#)(' + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r')(?=["\)])')
    return pattern.sub(lambda m: m.group(1) + prefix + m.group(2), svg)


def chart_svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element (no XML prolog), deterministic."""
    svg = compile_typst(template_source(CHART_TEMPLATE) + _STANDALONE, chart_data(chart), fmt="svg").decode("utf-8")
    return _scope_ids(svg[svg.index("<svg"):], chart.key)


def chart_png(chart: Chart, dpi: int = 200) -> bytes:
    """The chart as PNG for the DOCX, deterministic."""
    return compile_typst(template_source(CHART_TEMPLATE) + _STANDALONE, chart_data(chart), fmt="png", ppi=dpi)
