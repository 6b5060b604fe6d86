"""The derived disclosure as a render-agnostic document: what both renderers read.

A :class:`Document` is a cover plus an ordered list of blocks (headings, paragraphs,
tables, charts, page breaks). Every figure in it is already formatted text: a renderer
never computes or rounds anything, it only lays out.

Tables follow the HTML convention for spans: a cell with ``rowspan``/``colspan`` > 1
covers the positions to its right/below, and covered positions are simply *absent* from
the following cells of their rows (exactly as ``<td rowspan>`` works). ``Table.grid()``
expands that into a full rectangle for renderers that need one (DOCX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .model import DocumentKind


class Align(str, Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Cell:
    """One table cell: text already formatted (``4754.23``, ``""`` for an empty amount)."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    align: Align = Align.LEFT
    bold: bool = False


def num(text: str, *, bold: bool = False) -> Cell:
    """An amount cell (right-aligned)."""
    return Cell(text, align=Align.RIGHT, bold=bold)


def head(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    """A header cell (centred, bold)."""
    return Cell(text, colspan=colspan, rowspan=rowspan, align=Align.CENTER, bold=True)


@dataclass(frozen=True)
class Table:
    """A titled table with multi-level header rows (repeated on every page) and body rows.

    ``key`` is stable (``T1`` … ``T13``, ``PERF_OVERALL``, ``PERF_PROJECT_3``).
    ``label`` is the small line above the title (``预算公开表1``); ``title`` the title line;
    ``toc_title`` the 目录 entry (``表一2026年预算收支总表``) or None when not in the 目录;
    ``captions`` the lines between title and grid (``部门名称：…``, ``单位：万元``);
    ``notes`` the lines under it (``注：本表无数据``).
    ``heading``: a section heading printed above the label on the table's own page (the 决算's
    ``一、收入支出决算总表``), a level-2 目录 entry; None for none.
    ``column_widths`` are relative weights, one per grid column. ``wide`` asks for a
    landscape page (or a smaller font) because the table has many columns.
    """

    key: str
    title: str
    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    label: str | None = None
    toc_title: str | None = None
    subtitle: str | None = None
    captions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    column_widths: tuple[float, ...] = ()
    wide: bool = False
    heading: str | None = None

    @property
    def n_columns(self) -> int:
        rows = self.header + self.body
        return max((sum(c.colspan for c in r) for r in rows[:1]), default=0) if rows else 0

    def column_fractions(self) -> tuple[float, ...]:
        """Each grid column's share of the table width (equal shares when no widths are given)."""
        n = self.n_columns
        weights = self.column_widths if len(self.column_widths) == n else (1.0,) * n
        total = sum(weights) or 1.0
        return tuple(w / total for w in weights)

    def grid(self, rows: tuple[tuple[Cell, ...], ...] | None = None) -> list[list[Cell | None]]:
        """Expand span notation into a rectangle; covered positions are None.

        ``rows`` defaults to header + body, laid out together (rowspans may not cross
        from header into body).
        """
        rows = self.header + self.body if rows is None else rows
        width = self.n_columns
        out: list[list[Cell | None]] = [[None] * width for _ in rows]
        taken = [[False] * width for _ in rows]
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while c < width and taken[r][c]:
                    c += 1
                if c >= width:
                    raise ValueError(f"table {self.key}: row {r} is wider than {width} columns")
                out[r][c] = cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if r + dr < len(rows) and c + dc < width:
                            taken[r + dr][c + dc] = True
                c += cell.colspan
        return out


@dataclass(frozen=True)
class Heading:
    """A numbered heading. level 1 = 第N部分, 2 = 一、…, 3 = （一）/1、…"""

    text: str
    level: int
    in_toc: bool = True


@dataclass(frozen=True)
class Paragraph:
    """Running text. style: ``body`` (indented), ``plain`` (no indent), ``note``, ``caption``
    (chart caption, centred), ``signature`` (right-aligned)."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Chart:
    """A chart whose data are the same figures the text prints.

    ``kind``: ``pie`` or ``bar``. ``items``: (label, value in 万元 as shown, share text).
    """

    key: str
    caption: str
    kind: str
    items: tuple[tuple[str, Decimal, str], ...]
    unit: str = "万元"


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | Chart | PageBreak


@dataclass(frozen=True)
class PageStyle:
    """The page look both renderers follow (a profile's ``[page]``; defaults: the seeds' look).

    Portrait margins in mm (GB/T 9704: 天头 37, 订口 28, 版心 156 × 225 mm on A4); ``mirror``
    swaps left and right on even pages (订口 inside). Body text ``body_size`` pt on lines
    ``line_pitch`` pt apart, in the packaged face ``body_face`` (``serif``/``sans``) in the PDF
    and ``docx_body_font`` in the DOCX. ``page_number`` is the footer with ``{n}`` for the
    number (``- {n} -``; GB/T 9704: ``— {n} —``), ``page_number_position`` ``center`` or
    ``outside`` (odd pages right, even pages left). ``running_header``: the line at the top
    of every numbered page (empty: none), already filled in.
    """

    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0
    margin_right_mm: float = 26.0
    mirror: bool = False
    body_size_pt: float = 16.0
    line_pitch_pt: float = 28.0
    body_face: str = "serif"
    heading_face: str = "sans"
    page_number: str = "- {n} -"
    page_number_size_pt: float = 14.0
    page_number_position: str = "center"
    docx_body_font: str = "仿宋_GB2312"
    docx_heading_font: str = "黑体"
    docx_table_font: str = "宋体"
    running_header: str = ""

    def settings(self) -> dict[str, object]:
        """The profile.toml ``[page]`` table (everything but the running header, set per document)."""
        from dataclasses import asdict

        return {k: v for k, v in asdict(self).items() if k != "running_header"}

    @property
    def number_affixes(self) -> tuple[str, str]:
        """(text before, text after) the page number."""
        before, _, after = self.page_number.partition("{n}")
        return before, after


@dataclass(frozen=True)
class Document:
    """The whole disclosure, ready to render.

    ``cover`` lines (department, ``2026年度部门预算公开``); ``file_stem`` is the output file
    name without extension (already sanitised); ``toc_heading`` (``目 录``) or None.
    """

    kind: DocumentKind
    cover: tuple[str, ...]
    file_stem: str
    blocks: tuple[Block, ...]
    toc_heading: str | None = "目 录"
    metadata: dict[str, str] = field(default_factory=dict)
    page: PageStyle = field(default_factory=PageStyle)

    def toc_entries(self) -> list[tuple[int, str, int]]:
        """(level, text, block index) of every heading and table that belongs in the 目录."""
        entries: list[tuple[int, str, int]] = []
        for i, b in enumerate(self.blocks):
            if isinstance(b, Heading) and b.in_toc:
                entries.append((b.level, b.text, i))
            elif isinstance(b, Table) and (b.heading or b.toc_title):
                if b.heading:
                    entries.append((2, b.heading, i))
                if b.toc_title:
                    entries.append((3, b.toc_title, i))
        return entries
