"""One worksheet streamed once: the values of its rows and what the eye does not see.

openpyxl's read-only iterator gives values only. A reader that must not count what the
accountant cannot see, nor read as blank what was never calculated, also needs, from the
same pass over the XML:

* which rows are hidden (``hidden``, (almost) zero height, rows hidden by default
  ``zeroHeight``; autofilter and collapsed outlines hide rows this way) and which columns
  (``<col hidden>``, (almost) zero width);
* which values a cell format makes invisible (``;;;``, white on white; given the styles);
* which formula cells carry no cached value, in every form the format allows: a plain
  ``<f>`` without ``<v>``, ``t="str"``, shared-formula children, inline strings, and the cells
  of an array or data-table formula's range (which hold no ``<f>`` of their own);
* which formula cells cached an empty text (``=IF(…,"",…)``).

Elements are matched by namespace, not by prefix, so ``<x:c>`` as the Open XML SDK writes
it reads like ``<c>``. Only rows present in the file are yielded (a gap of empty rows costs
nothing), in file order; a row number that does not increase is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import range_boundaries
from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, VALUE_TAG, WorkSheetParser

_TRUE = ("1", "true")
#: An array formula's range is looked at no wider or deeper than this (a forged ``A1:XFD1048576``).
ARRAY_MAX_COLUMNS = 100
ARRAY_MAX_ROWS = 50_001
#: A row lower than this (points) or a column narrower than this (characters) shows no text.
MIN_ROW_HEIGHT = 3.0
MIN_COLUMN_WIDTH = 1.0


@dataclass
class Row:
    """One ``<row>`` of the sheet: non-empty values by 1-based column, and what is unseen."""

    number: int
    values: dict[int, Any]
    hidden: bool = False
    no_value: set[int] = field(default_factory=set)  # formula cells without a cached value
    empty_text: set[int] = field(default_factory=set)  # formula cells that cached ""
    out_of_order: bool = False  # its number is not above the previous row's
    invisible: dict[int, str] = field(default_factory=dict)  # column → why its format hides it
    formulas: set[int] = field(default_factory=set)  # every formula cell, cached or not
    percent: set[int] = field(default_factory=set)  # number cells whose format shows a percentage
    #: formula cells whose result comes from another workbook or changes by itself: column → why
    unstable: dict[int, str] = field(default_factory=dict)


def _tiny(text: str | None, limit: float) -> bool:
    try:
        return text is not None and float(text) < limit
    except ValueError:
        return False


#: ``[1]Sheet1!A1`` (Excel's index of an external link) or ``'C:\\…\\[预算.xlsx]表'!A1``
_EXTERNAL = re.compile(r"\[\d+\]|\.xls[xmb]?\]", re.IGNORECASE)
_VOLATILE = re.compile(r"\b(?:TODAY|NOW|RAND|RANDBETWEEN)\s*\(", re.IGNORECASE)


def unstable_formula(text: str) -> str:
    """Why a formula's saved result cannot be trusted as the figure to publish, or ``""``."""
    if _EXTERNAL.search(text):
        return "引用了其他工作簿，保存的是上次更新链接时的结果，来源文件改了这里不会跟着变"
    if _VOLATILE.search(text):
        return "用了 TODAY/NOW/RAND 等函数，结果随打开的日期或次数而变"
    return ""


class _Parser(WorkSheetParser):
    """openpyxl's worksheet parser, also noting hidden rows/columns and uncached formulas."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hidden_spans: list[tuple[int, int]] = []
        self.shown_spans: list[tuple[int, int]] = []  # <col> with an explicit non-zero width
        self.arrays: list[tuple[int, int, int, int]] = []  # min_col, min_row, max_col, max_row
        self._no_value: set[int] = set()
        self._empty_text: set[int] = set()
        self._formulas: set[int] = set()
        self._unstable: dict[int, str] = {}
        self._masters: set[tuple[int, int]] = set()
        self.row_hidden = False

    def parse_column_dimensions(self, col: Any) -> None:
        super().parse_column_dimensions(col)
        try:
            span = (int(col.get("min")), int(col.get("max", col.get("min"))))
        except (TypeError, ValueError):
            return
        if col.get("hidden", "").strip().lower() in _TRUE or _tiny(col.get("width"), MIN_COLUMN_WIDTH):
            self.hidden_spans.append(span)
        elif col.get("width") is not None:
            self.shown_spans.append(span)

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell = super().parse_cell(element)
        formula = element.find(FORMULA_TAG)
        if formula is None:
            return cell
        column = cell["column"]
        self._formulas.add(column)
        why = unstable_formula(formula.text or "")
        if why:
            self._unstable[column] = why
        if formula.get("t") in ("array", "dataTable") and formula.get("ref"):
            try:
                min_col, min_row, max_col, max_row = range_boundaries(formula.get("ref"))
            except (TypeError, ValueError):
                min_col = None
            if min_col is not None and max_col is not None and max_row is not None:
                max_col = min(max_col, min_col + ARRAY_MAX_COLUMNS)
                self.arrays.append((min_col, min_row, max_col, min(max_row, ARRAY_MAX_ROWS)))
                self._masters.add((cell["row"], column))
        kind = element.get("t", "n")
        if kind == "inlineStr":
            empty = element.find(INLINE_STRING) is not None
            cached = cell["value"] not in (None, "")
        else:
            value = element.find(VALUE_TAG)
            empty = value is not None and kind == "str"
            cached = value is not None and bool(value.text)
        if not cached:
            (self._empty_text if empty else self._no_value).add(column)
        return cell

    def parse_row(self, row: Any) -> tuple[int, list[dict[str, Any]]]:
        self._no_value, self._empty_text, self._formulas = set(), set(), set()
        self._unstable = {}
        number, cells = super().parse_row(row)
        flag = row.get("hidden", "").strip().lower()
        hidden = flag in _TRUE or _tiny(row.get("ht"), MIN_ROW_HEIGHT)
        fmt = getattr(self, "sheet_format", None)
        if fmt is not None and fmt.zeroHeight and flag not in ("0", "false"):
            hidden = hidden or row.get("ht") is None
        self.row_hidden = hidden
        return number, cells

    def array_cells(self, number: int, present: set[int]) -> set[int]:
        """Columns of row ``number`` inside an array formula's range that hold no value."""
        out: set[int] = set()
        self.arrays = [a for a in self.arrays if a[3] >= number]  # rows ascend: the rest are done
        for min_col, min_row, max_col, max_row in self.arrays:
            if min_row <= number <= max_row:
                out.update(c for c in range(min_col, max_col + 1) if c not in present)
        return {c for c in out if (number, c) not in self._masters}

    def hidden_columns(self, width: int) -> set[int]:
        out = {c for lo, hi in self.hidden_spans for c in range(lo, min(hi, width) + 1)}
        fmt = getattr(self, "sheet_format", None)
        if fmt is not None and fmt.defaultColWidth is not None and fmt.defaultColWidth < MIN_COLUMN_WIDTH:
            shown = {c for lo, hi in self.shown_spans for c in range(lo, min(hi, width) + 1)}
            out |= set(range(1, width + 1)) - shown
        return out


class SheetStream:
    """Rows of a read-only openpyxl worksheet, with the facts above. Iterate once."""

    def __init__(self, ws: Any, invisible: dict[int, tuple[bool, bool, str]] | None = None,
                 percent: set[int] | None = None) -> None:
        """``invisible``: style index → (hides numbers, hides text, why), see
        :func:`.structure.invisible_styles`; ``percent``: the style indices that show a
        percentage (:func:`.hidden.percent_styles`)."""
        self._ws = ws
        self._invisible = invisible or {}
        self._percent = percent or set()
        self._parser: _Parser | None = None
        #: (row, column) of the formula cells with a cached value the reader used (noted by it)
        self.cached_formulas: list[tuple[int, int]] = []
        #: (row, column, why) of the formula cells read whose result is not this workbook's own (external, volatile)
        self.unstable_formulas: list[tuple[int, int, str]] = []

    def hidden_columns(self, width: int) -> set[int]:
        """1-based columns up to ``width`` that are hidden (known once the first row is read)."""
        return self._parser.hidden_columns(width) if self._parser else set()

    def rows(self) -> Iterator[Row]:
        ws = self._ws
        wb = ws.parent
        with ws._get_source() as src:
            parser = self._parser = _Parser(
                src,
                ws._shared_strings,
                data_only=True,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            last = 0
            for number, cells in parser.parse():
                values = {c["column"]: c["value"] for c in cells if c["value"] is not None}
                if parser.arrays:
                    yield from self._array_gap(last, number)
                out_of_order = number <= last
                row = Row(number, values, parser.row_hidden, parser._no_value, parser._empty_text, out_of_order)
                row.formulas = parser._formulas
                row.unstable = parser._unstable
                if parser.arrays:
                    row.no_value |= parser.array_cells(number, set(values))
                if self._invisible:
                    row.invisible = self._hidden_by_format(cells)
                if self._percent:
                    row.percent = {c["column"] for c in cells if c["style_id"] in self._percent
                                   and isinstance(c["value"], int | float) and not isinstance(c["value"], bool)}
                last = max(last, number)
                yield row
            if parser.arrays:
                yield from self._array_gap(last, max(a[3] for a in parser.arrays) + 1)

    def _hidden_by_format(self, cells: list[dict[str, Any]]) -> dict[int, str]:
        out = {}
        for cell in cells:
            hides = self._invisible.get(cell["style_id"])
            value = cell["value"]
            if hides is None or value is None or (isinstance(value, str) and not value.strip()):
                continue
            numbers, text, why = hides
            if (text if isinstance(value, str) else numbers):
                out[cell["column"]] = why
        return out

    def _array_gap(self, last: int, number: int) -> Iterator[Row]:
        """Rows between ``last`` and ``number`` absent from the file but inside an array range."""
        parser = self._parser
        assert parser is not None
        for missing in range(last + 1, number):
            cells = parser.array_cells(missing, set())
            if cells:
                yield Row(missing, {}, no_value=cells)
