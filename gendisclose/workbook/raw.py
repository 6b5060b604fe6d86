"""Raw records of the sheets (cells parsed, each with its location) and the per-cell step.

:class:`RawRow` / :class:`RawFields` are what :mod:`.sheets` hands :mod:`.assemble`;
:func:`parse_into` turns one cell into its value or an issue at its cell, refusing a formula
that has no cached value; :class:`CellCounter` caps a sheet's cell issues.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..issues import Issue, Location, error, warning
from ..textkey import one_line
from .cells import is_blank, parse_cell
from .schema import EXCEL_CELL_CHARS, Column, FieldSheet, TableSheet
from .sheetxml import Row

MAX_CELL_ISSUES = 200  # per sheet; beyond this one summary line

NO_CACHED_VALUE = "公式没有计算结果，请在 Excel 中打开并保存后再试"
EMPTY_TEXT = "公式的计算结果是空文本，按未填写读取；如果这里应有内容，请检查公式（或在 Excel 中打开并保存后再检查）"


@dataclass
class RawRow:
    """One non-empty record row of a table sheet: parsed values and where each came from."""

    sheet: TableSheet
    row: int
    values: dict[str, Any]
    letters: dict[str, str]
    bad: set[str] = field(default_factory=set)  # keys whose cell had an error

    def loc(self, key: str | None = None) -> Location:
        if key is None:
            return Location(self.sheet.name, self.row)
        return Location(self.sheet.name, self.row, self.letters.get(key))

    def get(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class RawFields:
    """The values of a key–value sheet and the row each field was found on."""

    sheet: FieldSheet
    values: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    present: bool = True

    def loc(self, key: str) -> Location:
        row = self.rows.get(key)
        if row is None:
            return Location(self.sheet.name)
        return Location(self.sheet.name, row, self.sheet.VALUE_COLUMN)

    def get(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class SheetData:
    """What the sheets gave: records per table sheet, values per key–value sheet."""

    tables: dict[str, list[RawRow]] = field(default_factory=dict)
    fields: dict[str, RawFields] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)  # required sheets not found
    broken: set[str] = field(default_factory=set)  # sheets whose headers could not be matched


def too_many(sheet: str) -> Issue:
    return error(
        "sheet.too_many_errors",
        f"本表错误过多，只列出前 {MAX_CELL_ISSUES} 个，请先改正这些再检查",
        Location(sheet),
    )


class CellCounter:
    """Caps cell-level issues per sheet so a sheet of junk does not drown the report."""

    def __init__(self, sheet: str, issues: list[Issue]) -> None:
        self.sheet, self.issues, self.count = sheet, issues, 0

    def add(self, issue: Issue) -> None:
        self.count += 1
        if self.count <= MAX_CELL_ISSUES:
            self.issues.append(issue)
        elif self.count == MAX_CELL_ISSUES + 1:
            self.issues.append(too_many(self.sheet))


def parse_into(
    col: Column, raw: Any, where: tuple[str, int, str], formula: str, counter: CellCounter
) -> tuple[Any, bool]:
    """(value, ok) of one cell at ``where`` = (sheet, row, column letter), reporting its problem.

    ``formula``: "" (none, or cached), "none" (no cached value) or "empty" (cached empty text)."""
    if formula == "none" and is_blank(raw):
        counter.add(error("cell.formula_no_value", NO_CACHED_VALUE, Location(*where)))
        return None, False
    value, problem = parse_cell(col, raw)
    if problem:
        counter.add(error(f"cell.{col.kind.name.lower()}", f"“{col.header}”{problem}", Location(*where)))
        return None, False
    if value is None and col.required:
        counter.add(error("cell.required", f"“{col.header}”必须填写", Location(*where)))
        return None, False
    if col.max_chars and isinstance(value, str):
        value = one_line(value)  # a name wrapped in its cell (Alt+Enter) is one name, printed on one line
    limit = col.max_chars or EXCEL_CELL_CHARS
    if isinstance(value, str) and len(value) > limit:
        hint = "这里只填名称，不填说明文字" if col.max_chars else "Excel 的一个单元格最多能存这么多字"
        message = f"“{col.header}”过长：这里有 {len(value)} 个字，最多 {limit} 个字（{hint}）"
        counter.add(error("cell.too_long", message, Location(*where)))
        return None, False
    if value is None and formula == "empty":
        counter.add(warning("cell.formula_empty", EMPTY_TEXT, Location(*where)))
    return value, True


def formula_state(row: Row, column: int) -> str:
    if column in row.no_value:
        return "none"
    return "empty" if column in row.empty_text else ""
