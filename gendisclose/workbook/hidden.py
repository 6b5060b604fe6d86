"""What the eye cannot see is never counted silently.

Data in a hidden row, column or sheet, or in a cell whose format draws nothing (``;;;``,
white on white, a 1-point font), would reach the disclosure while the accountant checking the
workbook sees an empty cell. Each is refused at its first cell, with what to do. Formatting
alone (hidden empty rows, a hidden empty sheet) is fine.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils import get_column_letter

from ..issues import Issue, Location, error
from .schema import Sheet

#: Hidden rows (or columns) with data reported one by one per sheet, then one line for the rest.
MAX_HIDDEN_ISSUES = 20


def hidden_sheet_issue(name: str, state: str) -> Issue:
    if state == "veryHidden":
        how = "被设为“深度隐藏”（Excel 的“取消隐藏”里也看不到）"
        fix = "请用 gendisclose template 生成新模板，把核对过的数据复制进去"
    else:
        how = "被隐藏了"
        fix = "请右键工作表标签 →“取消隐藏”，核对其中的内容（不需要的行请删除）"
    return error(
        "sheet.hidden",
        f"工作表“{name}”{how}，但其中有内容，会被计入公开数据。{fix}",
        Location(name),
    )


# ---------------------------------------------------------------- hidden rows and columns


class HiddenData:
    """Reports data in hidden rows and columns of one sheet: each row / column once, capped."""

    def __init__(self, sheet: Sheet, hidden_columns: set[int], issues: list[Issue]) -> None:
        self.sheet, self.hidden_columns, self.issues = sheet.name, hidden_columns, issues
        self.rows = 0
        self.columns_seen: set[int] = set()

    def row(self, number: int, column: int, value: Any) -> None:
        """Row ``number`` is hidden and holds ``value`` at ``column`` (its first cell with data)."""
        self.rows += 1
        if self.rows <= MAX_HIDDEN_ISSUES:
            letter = get_column_letter(column)
            self.issues.append(
                error(
                    "row.hidden",
                    f"第 {number} 行是隐藏行（或行高接近 0），但有内容（{letter}{number}：“{_short(value)}”），会被计入公开数据。"
                    "请取消隐藏后核对，或删除不需要的行",
                    Location(self.sheet, number, letter),
                )
            )

    def column(self, column: int, number: int, header: str, value: Any) -> None:
        """Column ``column`` (headed ``header``) is hidden and holds ``value`` on row ``number``."""
        if column in self.columns_seen:
            return
        self.columns_seen.add(column)
        letter = get_column_letter(column)
        self.issues.append(
            error(
                "column.hidden",
                f"{letter} 列（“{header}”）是隐藏列（或列宽接近 0），但有内容（{letter}{number}：“{_short(value)}”），"
                "会被计入公开数据。请取消隐藏后核对，或删除不需要的内容",
                Location(self.sheet, number, letter),
            )
        )

    def finish(self) -> None:
        if self.rows > MAX_HIDDEN_ISSUES:
            self.issues.append(
                error(
                    "row.hidden",
                    f"本表共有 {self.rows} 个隐藏行有内容（上面只列出前 {MAX_HIDDEN_ISSUES} 个）。"
                    "请选中全表 → 右键 →“取消隐藏”，核对后删除不需要的行",
                    Location(self.sheet),
                )
            )


# ---------------------------------------------------------------- cells the format makes invisible

_FORMAT_TAG = re.compile(r"\[[^\]]*\]")


def _blank_section(section: str) -> bool:
    """A number-format section that draws nothing (``;;;``) or draws in white (``[White]0``)."""
    if re.search(r"\[(?:white|color ?2)\]", section, re.IGNORECASE):
        return True
    return not _FORMAT_TAG.sub("", section).strip()


def _white(color: Any) -> bool:
    if color is None:
        return False
    kind, value = getattr(color, "type", None), getattr(color, "value", None)
    if kind == "rgb" and isinstance(value, str):
        return value.upper().endswith("FFFFFF")
    if kind == "theme":
        return value == 0 and (getattr(color, "tint", 0) or 0) >= 0  # theme 0: 背景 1 (white)
    if kind == "indexed":
        return value in (1, 9)  # white in the default palette
    return False


def _plain_fill(fill: Any) -> bool:
    """No fill, or a white one: a white font on it cannot be seen."""
    if fill is None:
        return True
    if not hasattr(fill, "patternType"):  # a gradient: something is drawn behind the text
        return False
    pattern = fill.patternType
    if pattern in (None, "none"):
        return True
    return pattern == "solid" and _white(getattr(fill, "fgColor", None))


def _rgb(color: Any) -> str | None:
    value = getattr(color, "value", None) if getattr(color, "type", None) == "rgb" else None
    return value.upper()[-6:] if isinstance(value, str) else None


def _font_hides(font: Any, fill: Any) -> str:
    if font is None:
        return ""
    size = getattr(font, "sz", None)
    if size is not None and size < 3:
        return f"字号 {size:g} 磅，小得看不见"
    color = getattr(font, "color", None)
    if _white(color) and _plain_fill(fill):
        return "白色字体，在白色背景上看不见"
    if getattr(fill, "patternType", None) == "solid":
        ink, paper = _rgb(color), _rgb(getattr(fill, "fgColor", None))
        if ink is not None and ink == paper:
            return "字体颜色与填充颜色相同"
    return ""


def invisible_styles(wb: Any) -> dict[int, tuple[bool, bool, str]]:
    """Cell style index → (hides numbers, hides text, why) for styles that make a value invisible:
    a number format with an empty section (``;;;``) or a white font on no (or a white) fill."""
    styles = getattr(wb, "_cell_styles", None) or []
    formats = list(getattr(wb, "_number_formats", None) or [])
    fonts = list(getattr(wb, "_fonts", None) or [])
    fills = list(getattr(wb, "_fills", None) or [])
    out: dict[int, tuple[bool, bool, str]] = {}
    for index, style in enumerate(styles):
        custom = style.numFmtId - 164
        fmt = formats[custom] if 0 <= custom < len(formats) else ""
        sections = fmt.split(";") if isinstance(fmt, str) and ";" in fmt else []
        numbers = bool(sections) and _blank_section(sections[0])
        text = len(sections) >= 4 and _blank_section(sections[3])
        if numbers or text:
            out[index] = (numbers, text, f"数字格式“{fmt}”不显示内容")
            continue
        font = fonts[style.fontId] if style.fontId < len(fonts) else None
        fill = fills[style.fillId] if style.fillId < len(fills) else None
        why = _font_hides(font, fill)
        if why:
            out[index] = (True, True, why)
    return out


#: Built-in number formats that show a number as a percentage (0%, 0.00%).
_PERCENT_IDS = {9, 10}


def _shows_percent(fmt: str) -> bool:
    """A number format whose first section shows ``%`` (outside quotes and ``\\`` escapes)."""
    first = re.sub(r'"[^"]*"|\\.', "", fmt).split(";")[0]
    return "%" in first


def percent_styles(wb: Any) -> set[int]:
    """Cell style indices whose number format shows a number as a percentage (0.3 shown as 30%)."""
    formats = list(getattr(wb, "_number_formats", None) or [])
    out = set()
    for index, style in enumerate(getattr(wb, "_cell_styles", None) or []):
        custom = style.numFmtId - 164
        fmt = formats[custom] if 0 <= custom < len(formats) else ""
        if style.numFmtId in _PERCENT_IDS or (isinstance(fmt, str) and _shows_percent(fmt)):
            out.add(index)
    return out


def percent_issue(sheet: str, row: int, letter: str, header: str, value: Any, money: bool = True) -> Issue:
    """A money (or count, score) cell showing a percentage: what is counted (0.3 元) is not what
    is seen (30%)."""
    if money:
        said = f"“{header}”是金额（元），这个单元格却设成了百分比格式，显示为“{_percent(value)}”，计入的却是 {value} 元："
        fix = "是不是把比率填进了金额栏？请填写以元为单位的金额，并把单元格格式改为“数值”"
    else:
        said = f"“{header}”这个单元格设成了百分比格式，显示为“{_percent(value)}”，读到的却是 {value}："
        fix = f"请直接填写数字（如显示的 {_percent(value).rstrip('%')}），并把单元格格式改为“数值”"
    return error("cell.money_percent", said + fix, Location(sheet, row, letter))


def _percent(value: Any) -> str:
    try:
        return f"{float(value) * 100:g}%"
    except (TypeError, ValueError):
        return str(value)


def invisible_issue(sheet: str, row: int, letter: str, why: str) -> Issue:
    return error(
        "cell.invisible",
        f"这个单元格有内容，但被单元格格式隐藏了（{why}），看起来是空的，却会被计入公开数据。"
        "请清除该单元格的格式（开始 → 清除 → 清除格式）后核对",
        Location(sheet, row, letter),
    )


def _short(value: Any) -> str:
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text if len(text) <= 20 else text[:20] + "…"
