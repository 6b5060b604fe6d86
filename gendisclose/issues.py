"""Issues: the one error type. Collected as values, never raised at the user.

Every problem found in a workbook (a bad cell, a missing sheet, two tables that disagree)
becomes an :class:`Issue` carrying its level, a stable code, a Chinese message and the
location(s) it comes from. Stages return lists of issues; the CLI prints them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Level(str, Enum):
    """Severity. 错误 blocks a build; 警告 is reported but does not."""

    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, order=True)
class Location:
    """Where a fact came from: a sheet, and optionally a 1-based row and a column letter."""

    sheet: str
    row: int | None = None
    column: str | None = None

    @property
    def cell(self) -> str:
        """``收支预算!F12``, ``收支预算!12`` (whole row), ``收支预算!F`` (column) or ``收支预算``."""
        if self.row is not None and self.column:
            return f"{self.sheet}!{self.column}{self.row}"
        if self.row is not None:
            return f"{self.sheet}!第{self.row}行"
        if self.column:
            return f"{self.sheet}!{self.column}列"
        return self.sheet

    def __str__(self) -> str:
        return self.cell


@dataclass(frozen=True)
class Issue:
    """One problem. ``code`` is stable (for tooling); ``message`` is for the accountant."""

    level: Level
    code: str
    message: str
    location: Location | None = None
    related: tuple[Location, ...] = field(default=())
    #: the department's own explanation of a warning (sheet 情况说明): the warning is 已说明
    explanation: str | None = None

    @property
    def explained(self) -> bool:
        """A warning the department explained (an explanation never makes an error right)."""
        return not self.is_error and bool(self.explanation)

    @property
    def state(self) -> str:
        """错误, 警告 or 已说明."""
        return "已说明" if self.explained else self.level.value

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level.value,
            "code": self.code,
            "cell": self.location.cell if self.location else None,
            "sheet": self.location.sheet if self.location else None,
            "row": self.location.row if self.location else None,
            "column": self.location.column if self.location else None,
            "message": self.message,
            "related": [loc.cell for loc in self.related],
            "state": self.state,
            "explanation": self.explanation if self.explained else None,
        }

    def __str__(self) -> str:
        where = self.location.cell if self.location else "工作簿"
        text = f"[{self.state}] {where}：{self.message}"
        return text + f"（情况说明：{self.explanation}）" if self.explained else text


def error(code: str, message: str, location: Location | None = None, *related: Location) -> Issue:
    return Issue(Level.ERROR, code, message, location, tuple(related))


def warning(code: str, message: str, location: Location | None = None, *related: Location) -> Issue:
    return Issue(Level.WARNING, code, message, location, tuple(related))


def has_errors(issues: list[Issue] | tuple[Issue, ...]) -> bool:
    return any(i.is_error for i in issues)


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Errors first, then by sheet/row/column, then code: a stable order for output."""

    def key(i: Issue) -> tuple:
        loc = i.location
        return (
            0 if i.is_error else 1,
            loc.sheet if loc else "",
            loc.row if loc and loc.row is not None else 0,
            loc.column or "" if loc else "",
            i.code,
            i.message,
        )

    return sorted(issues, key=key)
