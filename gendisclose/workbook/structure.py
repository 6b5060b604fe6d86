"""The workbook's structure as the accountant sees it: which sheet is which, which column is
which.

Nothing here reads a value as data. It decides, from names and layout, what the reader may
count: a sheet whose name only looks like a standard one (``三公经费(项目支出)``,
``基金与国资收入表``) is never read in its place and is reported with both names; a header
that appears twice makes its column unknowable. A Strict Open XML package, whose parts
openpyxl cannot see at all, is refused as a whole. What the eye cannot see (hidden rows,
columns, sheets, invisible formats) is :mod:`.hidden`'s.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from openpyxl.utils import get_column_letter

from ..issues import Issue, Location, error, warning
from ..textkey import reveal, visible_key
from .schema import INSTRUCTIONS_SHEET, SHEETS, Column, FieldSheet, Sheet, TableSheet

STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_MESSAGE = (
    "该文件是“Strict Open XML 电子表格”格式，本工具无法读取。"
    "请在 Excel 中打开，另存为“Excel 工作簿(*.xlsx)”后再试"
)


def strict_issue(archive: zipfile.ZipFile) -> Issue | None:
    """One file-level error when the package is Strict Open XML (its parts use purl.oclc.org)."""
    try:
        with archive.open("xl/workbook.xml") as member:
            head = member.read(4096)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, EOFError):
        return None
    if STRICT_NAMESPACE in head:
        return error("file.strict_ooxml", STRICT_MESSAGE)
    return None


_RECALC = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?calcPr\b[^>]*\bfullCalcOnLoad\s*=\s*["'](?:1|true)["']""")


def recalculates_on_load(archive: zipfile.ZipFile) -> bool:
    """workbook.xml asks for a full recalculation on opening (``fullCalcOnLoad``): what programs
    that write formulas without calculating them set, so the cached results are not to be trusted
    (XlsxWriter stores 0 for every formula)."""
    try:
        with archive.open("xl/workbook.xml") as member:
            return bool(_RECALC.search(member.read(1 << 20)))
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False


def stale_formula_issue(sheet: str, row: int, letter: str, count: int) -> Issue:
    return warning(
        "cell.formula_stale",
        f"本表有 {count} 个公式单元格（第一个在这里），但工作簿是由不计算公式的程序生成的（要求打开时重新计算），"
        "保存的计算结果可能不对（如全部为 0）。请在 Excel / WPS 中打开并保存后再检查",
        Location(sheet, row, letter),
    )


def unstable_formula_issue(sheet: str, cells: list[tuple[int, int, str]]) -> Issue:
    """Formulas whose saved result is not a figure of this workbook (an external link, TODAY())."""
    from openpyxl.utils import get_column_letter

    row, column, why = cells[0]
    more = f"（本表共 {len(cells)} 个这样的公式，第一个在这里）" if len(cells) > 1 else ""
    return warning(
        "cell.formula_external",
        f"这个单元格的公式{why}{more}：公开的数字应当就是本工作簿里核对过的数。请把公式改为数值"
        "（复制 → 选择性粘贴 → 数值）后再检查",
        Location(sheet, row, get_column_letter(column)),
    )


_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)([^>]*)>")
MAIN_NAMESPACE = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def foreign_sheet_issue(name: str, xml: bytes) -> Issue | None:
    """A worksheet part whose root is not SpreadsheetML (a Strict or foreign namespace): openpyxl
    would read it as empty, so a sheet's data would vanish without a word."""
    root = _ROOT.search(xml[:65536])
    if not xml or (root is not None and MAIN_NAMESPACE in root.group(2)):
        return None
    if root is not None and STRICT_NAMESPACE in root.group(2):
        return error("file.strict_ooxml", STRICT_MESSAGE, Location(name))
    return error(
        "sheet.unreadable",
        f"工作表“{name}”不是标准格式的 Excel 工作表（无法识别其内容的格式），其中的内容无法读取。"
        "请在 Excel 中打开，另存为“Excel 工作簿(*.xlsx)”后再试",
        Location(name),
    )


# ---------------------------------------------------------------- sheet names


def _core(name: str) -> str:
    """A sheet name reduced to its words: as a reader sees it, without punctuation, digits,
    Excel's copy suffix ``(2)`` or a trailing 表 / 工作表 / sheet."""
    key = visible_key(name)
    key = "".join(ch for ch in key if unicodedata.category(ch)[0] not in "PSZN")
    for affix in ("工作表", "sheet", "表"):
        if key.endswith(affix) and len(key) > len(affix):
            key = key[: -len(affix)]
        if key.startswith(affix) and len(key) > len(affix):
            key = key[len(affix) :]
    return key


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (names are short)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@cache
def _known(schema: tuple[Sheet, ...]) -> dict[str, str]:
    """Standard sheet name → its core, for the sheets of ``schema`` and 填报说明."""
    return {name: _core(name) for name in (*(s.name for s in schema), INSTRUCTIONS_SHEET)}


def _resembles(core: str, known_core: str) -> int | None:
    """Edit distance when ``core`` is a close edit of ``known_core`` or one holds the other."""
    if len(known_core) < 4:
        return None
    distance = _distance(core, known_core)
    close = distance <= (1 if len(known_core) < 8 else 2)
    inside = known_core in core or (len(core) >= 4 and core in known_core)
    return distance if close or inside else None


def _closest(name: str, cores: dict[str, str]) -> tuple[str, bool] | None:
    core = _core(name)
    if not core:
        return None
    best: tuple[int, str] | None = None
    for known, known_core in cores.items():
        if core == known_core:
            return known, True
        distance = _resembles(core, known_core)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, known)
    return (best[1], False) if best else None


def lookalike(name: str, schema: tuple[Sheet, ...] = SHEETS) -> tuple[str, bool] | None:
    """(standard sheet ``name`` looks like, strong) — strong when they differ only by what a
    reader does not see or does not weigh (width of brackets, spaces, punctuation, 表, a copy
    number); weak for a close edit or one name inside the other. None: not a look-alike."""
    known = _known(schema)
    if name.strip() in known:
        return None
    return _closest(name, known)


def lookalike_label(label: str, sheet: FieldSheet) -> str | None:
    """The field label of ``sheet`` that ``label`` (not itself a label) looks like."""
    match = _closest(label, {col.header: _core(col.header) for col in sheet.fields})
    return match[0] if match else None


def lookalike_header(header: str, sheet: TableSheet) -> str | None:
    """The column header of ``sheet`` that ``header`` (not itself one) looks like."""
    match = _closest(header, {col.header: _core(col.header) for col in sheet.columns})
    return match[0] if match else None


@dataclass
class SheetPlan:
    """Which workbook sheet is read as which standard sheet, and what the others are."""

    actual: dict[str, str] = field(default_factory=dict)  # standard name → sheet to read
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (standard, second sheet)
    lookalikes: list[tuple[str, str, bool]] = field(default_factory=list)  # (sheet, standard, strong)
    unknown: list[str] = field(default_factory=list)


def plan_sheets(names: list[str], schema: tuple[Sheet, ...] = SHEETS) -> SheetPlan:
    """Match the workbook's sheet names to the standard ones of ``schema`` (surrounding spaces
    ignored)."""
    plan = SheetPlan()
    standard = _known(schema)
    for name in names:
        known = name.strip() if name.strip() in standard else None
        if known is not None:
            first = plan.actual.get(known)
            if first is None:
                plan.actual[known] = name
            elif name == known:  # the exact name wins; the other is the duplicate
                plan.duplicates.append((known, first))
                plan.actual[known] = name
            else:
                plan.duplicates.append((known, name))
            continue
        match = lookalike(name, schema)
        if match is not None:
            plan.lookalikes.append((name, *match))
        else:
            plan.unknown.append(name)
    return plan


def _both(a: str, b: str) -> str:
    return f"“{reveal(a)}”与“{reveal(b)}”"


def _difference(name: str, known: str) -> str:
    """``（差别：这里是“(”“)”，标准名称是“（”“）”）``: the characters only one of the names has."""

    def only_in(text: str, other: str) -> str:
        left = Counter(text) - Counter(other)
        out = []
        for ch in text:
            if left[ch] > 0:
                left[ch] -= 1
                out.append(ch)
        return "".join(f"“{reveal(ch)}”" for ch in out)

    extra, lacking = only_in(name, known), only_in(known, name)
    if extra and lacking:
        shown = f"这里是{extra}，标准名称是{lacking}"
    elif extra:
        shown = f"这里多了{extra}"
    else:
        shown = f"这里少了{lacking}" if lacking else ""
    return f"（差别：{shown}）" if shown and len(shown) <= 60 else ""


def duplicate_sheet_issue(known: str, other: str) -> Issue:
    return error(
        "sheet.duplicate",
        f"有两个工作表都是“{known}”：{_both(known, other)}（名称只差空格），无法确定应读哪一个。"
        "请删除或合并其中一个",
        Location(other),
    )


def lookalike_issue(name: str, known: str, strong: bool, known_present: bool, has_data: str | None) -> Issue:
    """The issue for sheet ``name`` that looks like standard sheet ``known``.

    ``has_data`` is the first cell holding something (None: the sheet is empty)."""
    seen = f"工作表“{reveal(name)}”不是标准工作表名称，看起来是“{known}”{_difference(name, known)}"
    where = f"（如 {has_data} 有内容）" if has_data else ""
    if known_present:
        text = (
            f"{seen}，但“{known}”已经存在：{_both(name, known)}只能保留一个，"
            f"本表内容{where}不会被读取。请把数据并入“{known}”后删除本表"
        )
        if strong and has_data:
            return error("sheet.lookalike", text, Location(name))
        return warning("sheet.lookalike", text, Location(name))
    text = f"{seen}。本工具只读取名为“{known}”的工作表，本表内容{where}不会被读取：请把工作表改名为“{known}”"
    if has_data:
        return error("sheet.lookalike", text, Location(name))
    return warning("sheet.lookalike", text, Location(name))


def missing_hint(known: str, plan: SheetPlan) -> str:
    """``（工作簿里有“项目表”，是否改了名？…）`` when a look-alike of a missing sheet exists."""
    alikes = [name for name, standard, _ in plan.lookalikes if standard == known]
    if not alikes:
        return ""
    listed = "、".join(f"“{reveal(a)}”" for a in alikes)
    return f"（工作簿里有 {listed}，看起来是改了名：请改回“{known}”）"


def unknown_sheet_issue(name: str, hidden: bool, first: str) -> Issue:
    what = "隐藏的工作表" if hidden else "工作表"
    return warning(
        "sheet.unknown",
        f"{what}“{reveal(name)}”不是标准工作表，其中的内容（如 {first}）不会被读取；"
        "如果它是公开数据，请填到对应的标准工作表中",
        Location(name),
    )


# ---------------------------------------------------------------- headers


def header_key(value: Any) -> str:
    """A header as a reader sees it (the ``*`` some templates add for required columns dropped)."""
    return visible_key(value).strip("*")


def map_headers(header: dict[int, Any], sheet: TableSheet, issues: list[Issue]) -> dict[str, int] | None:
    """Column key → 1-based column, found by header text (columns may be moved).

    None when a column is missing or appears twice (which of the two is meant is unknowable)."""
    found: dict[str, list[int]] = {}
    for column in sorted(header):
        key = header_key(header[column])
        if key:
            found.setdefault(key, []).append(column)
    positions: dict[str, int] = {}
    broken = False
    standard = {header_key(col.header) for col in sheet.columns}
    rewritten = {
        lookalike_header(str(header[c]), sheet): c for c in sorted(header, reverse=True) if header_key(header[c]) not in standard
    }
    for index, col in enumerate(sheet.columns):
        columns = found.get(header_key(col.header), [])
        if not columns:
            broken = True
            like = rewritten.get(col.header)
            hint = "" if like is None else f"（{get_column_letter(like)} 列的表头是“{reveal(header[like])}”，是否改写了？）"
            issues.append(
                error(
                    "column.missing",
                    f"缺少列“{col.header}”：第 1 行应有这个表头（标准位置在 {get_column_letter(index + 1)} 列），"
                    f"请不要删除或改写模板的表头{hint}",
                    Location(sheet.name, sheet.HEADER_ROW, get_column_letter(index + 1)),
                )
            )
        elif len(columns) > 1:
            broken = True
            issues.extend(_duplicate_header(sheet, col, columns, header))
        else:
            positions[col.key] = columns[0]
    return None if broken else positions


def header_row_below(rows: list[tuple[int, dict[int, Any]]], sheet: TableSheet) -> int | None:
    """The row among ``rows`` (number, values) that holds most of the sheet's headers, if any."""
    standard = {header_key(col.header) for col in sheet.columns}
    for number, values in rows:
        if 2 * len(standard & {header_key(v) for v in values.values()}) >= len(standard):
            return number
    return None


def header_row_issue(sheet: TableSheet, number: int) -> Issue:
    return error(
        "sheet.header_row",
        f"表头应在第 1 行，但在第 {number} 行：请删除表头上面的 {number - 1} 行（如标题行），"
        "不要在表头上方插入内容",
        Location(sheet.name, number),
    )


def _duplicate_header(sheet: TableSheet, col: Column, columns: list[int], header: dict[int, Any]) -> list[Issue]:
    letters = [get_column_letter(c) for c in columns]
    shown = "、".join(f"{letter} 列“{reveal(header[c])}”" for letter, c in zip(letters, columns, strict=True))
    return [
        error(
            "column.duplicate",
            f"“{col.header}”这一列出现了 {len(columns)} 次（{shown}），无法确定应读哪一列。"
            "请删除多余的一列，或把它的表头改成别的名称（如“备注”）",
            Location(sheet.name, sheet.HEADER_ROW, letter),
        )
        for letter in letters
    ]
