"""Charts (一般公共预算当年拨款结构图, 三公经费分布图) with matplotlib: SVG for HTML/PDF, PNG for DOCX.

Labels use the packaged Noto Sans SC through ``FontProperties(fname=…)`` (never a system
font); the SVG turns glyphs into paths (``svg.fonttype = 'path'``) so it needs no font at all.
Printed values and shares are the texts the document already holds (``Chart.items``): the
figures only size the wedges and bars. Output is deterministic: fixed ``svg.hashsalt``, no
date or software metadata, and a fresh :class:`~matplotlib.figure.Figure` per chart (no
pyplot global state).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from io import BytesIO

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402

from ..document import Chart  # noqa: E402
from .fonts import face_path  # noqa: E402

#: Sober colours that stay distinct in greyscale print.
PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000", "#a5a5a5",
           "#843c0c", "#375623", "#203864", "#c00000")

RC = {
    "svg.hashsalt": "gendisclose",
    "svg.fonttype": "path",
    "svg.image_inline": True,
    "path.simplify": False,
    "axes.unicode_minus": False,
}

FIGWIDTH = 6.3  # inches; fits the 156 mm text block


def _font(size: float) -> FontProperties:
    return FontProperties(fname=str(face_path("sans")), size=size)


def _label(name: str, value: Decimal, share: str, unit: str) -> str:
    parts = [f"{value}{unit}"]
    if share:
        parts.append(share)
    return f"{name}  " + "，".join(parts)


def _pie(fig: Figure, chart: Chart) -> None:
    values = [float(v) for _, v, _ in chart.items]
    ax = fig.add_axes((0.0, 0.02, 0.42, 0.96))
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(values))]
    wedges, _ = ax.pie(values, colors=colors, startangle=90, counterclock=False,
                       wedgeprops={"linewidth": 0.8, "edgecolor": "white"})
    total = sum(values)
    for wedge, (_, _, share) in zip(wedges, chart.items, strict=True):
        frac = (wedge.theta2 - wedge.theta1) / 360
        if share and frac >= 0.10 and total > 0:
            angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
            ax.text(0.62 * math.cos(angle), 0.62 * math.sin(angle), share, ha="center", va="center",
                    color="white", fontproperties=_font(9))
    ax.set_aspect("equal")
    labels = [_label(name, value, share, chart.unit) for name, value, share in chart.items]
    fig.legend(wedges, labels, loc="center left", bbox_to_anchor=(0.43, 0.5), frameon=False,
               prop=_font(11 if len(labels) <= 8 else 9), handlelength=1.0, handleheight=1.0,
               labelspacing=0.6)


def _bar(fig: Figure, chart: Chart) -> None:
    names = [name for name, _, _ in chart.items]
    values = [float(v) for _, v, _ in chart.items]
    ax = fig.add_axes((0.30, 0.20, 0.50, 0.76))
    positions = list(range(len(values)))[::-1]
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(values))]
    ax.barh(positions, values, color=colors, height=0.6)
    ax.set_yticks(positions, names, fontproperties=_font(10))
    top = max([*values, 0.0]) or 1.0
    ax.set_xlim(min([*values, 0.0]) * 1.1, top * 1.15)
    for pos, value, (_, shown, share) in zip(positions, values, chart.items, strict=True):
        text = f"{shown}{chart.unit}" + (f"（{share}）" if share else "")
        ax.text(max(value, 0.0) + top * 0.01, pos, text, va="center", ha="left", fontproperties=_font(9),
                clip_on=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", labelsize=8)
    for label in ax.get_xticklabels():
        label.set_fontproperties(_font(8))
    ax.set_xlabel(chart.unit, fontproperties=_font(9))


def _figure(chart: Chart) -> Figure:
    values = [v for _, v, _ in chart.items]
    if chart.kind == "pie" and values and all(v >= 0 for v in values) and sum(values) > 0:
        fig = Figure(figsize=(FIGWIDTH, max(3.0, 0.32 * len(values) + 0.6)))
        _pie(fig, chart)
    elif values:
        fig = Figure(figsize=(FIGWIDTH, min(8.0, 0.5 * len(values) + 1.0)))
        _bar(fig, chart)  # a pie cannot show negative or all-zero data: bars can
    else:
        fig = Figure(figsize=(FIGWIDTH, 1.5))
        fig.text(0.5, 0.5, "（无数据）", ha="center", va="center", fontproperties=_font(12))
    return fig


_SVG_ID = re.compile(r'\bid="([A-Za-z_][\w.-]*)"')


def _scope_ids(svg: str, key: str) -> str:
    """Prefix every id (and its references) with the chart key, so two inline SVGs never clash."""
    prefix = re.sub(r"[^\w-]", "_", key) + "-"
    ids = set(_SVG_ID.findall(svg))
    for ident in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{ident}"', f'id="{prefix}{ident}"')
        svg = svg.replace(f"#{ident})", f"#{prefix}{ident})").replace(f'"#{ident}"', f'"#{prefix}{ident}"')
    return svg


def chart_svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element (no XML prolog, no DOCTYPE), deterministic."""
    with rc_context(RC):
        fig = _figure(chart)
        out = BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = out.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg"):]
    return _scope_ids(svg, chart.key)


def chart_png(chart: Chart, dpi: int = 200) -> bytes:
    """The chart as PNG for the DOCX (no date/software metadata), deterministic."""
    with rc_context(RC):
        fig = _figure(chart)
        out = BytesIO()
        fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()
