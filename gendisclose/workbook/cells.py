"""One cell value (as openpyxl gives it) → a typed value, or a Chinese message saying why not.

Each parser returns ``(value, None)`` or ``(None, message)``; a blank cell is ``(None, None)``.
Messages say what was found and what is expected; the caller adds the cell location.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl.cell.cell import ERROR_CODES

from ..render.fonts import unprintable
from ..textkey import reveal, visible_key
from .schema import Column, DateStyle, Kind

CENT = Decimal("0.01")
#: A float within this of a whole cent is float noise (``0.1 + 0.2``), not a third decimal.
FLOAT_NOISE = Decimal("0.000001")
#: Larger amounts are certainly a typing slip (and beyond what Decimal quantizes safely).
MAX_AMOUNT = Decimal("1e15")
#: no count the workbook asks for (人数, 车辆, 单位数, 年度 …) comes near this
MAX_COUNT = 10**9

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋　", "0123456789.,-+ ")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
#: ``765100,5``: a comma before one or two final digits is a decimal comma, not a thousands separator
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d{1,2}", re.ASCII)

Parsed = tuple[Any, str | None]

#: Excel's escape of a character in cell text (``_x000D_`` = CR, ``_x0001_`` = U+0001).
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Characters XML 1.0 (so DOCX) cannot hold; tab and line feed are fine.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_cell(col: Column, raw: Any) -> Parsed:
    """Typed value of ``raw`` for ``col`` (blank → ``(None, None)``)."""
    if is_blank(raw):
        return None, None
    if isinstance(raw, str) and raw.strip() in ERROR_CODES:
        return None, f"是公式错误值 {raw.strip()}：请修正公式，或直接填写内容"
    parser = _PARSERS[col.kind]
    return parser(col, raw)


def _shown(raw: Any) -> str:
    text = str(raw)
    return text if len(text) <= 40 else text[:40] + "…"


def _not_a_number(raw: Any, what: str, example: str) -> str:
    """Why a text cell is not a number: full-width digits, thousands separators, or other text."""
    text = str(raw).strip()
    if isinstance(raw, bool):
        return f"这里是逻辑值 {raw}，应填{what}，如 {example}"
    if isinstance(raw, (datetime, date, time)):
        return f"这里是日期/时间 {raw}，应填{what}，如 {example}"
    half = text.translate(_FULL_WIDTH)
    if half != text and _NUMBER.fullmatch(half.replace(",", "").replace(" ", "")):
        return f"含全角字符：这里是“{_shown(text)}”，应填半角数字 {half.replace(',', '').replace(' ', '')}"
    if _DECIMAL_COMMA.fullmatch(text):
        return f"小数点要用“.”：这里是文本“{_shown(text)}”，如果是小数应填 {text.replace(',', '.')}"
    if "," in text and _NUMBER.fullmatch(text.replace(",", "")):
        return f"数字不要带千分位逗号：这里是文本“{_shown(text)}”，应填数字 {text.replace(',', '')}"
    if reveal(text) != text.replace(" ", "␣"):
        return f"含有看不见的字符：这里是“{_shown(reveal(text))}”，请删除后重新输入数字（应填{what}，如 {example}）"
    return f"“{_shown(text)}”不是数字，应填{what}，如 {example}"


def parse_money(col: Column, raw: Any) -> Parsed:
    """元 amount: a number or numeric text, ≥ 0, at most two decimals → Decimal quantized to 0.01."""
    what, example = "金额（元，最多两位小数）", "1234.56"
    if isinstance(raw, bool) or not isinstance(raw, (int, float, Decimal, str)):
        return None, _not_a_number(raw, what, example)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return None, f"这里是 {raw}，应填{what}"
        amount = Decimal(repr(raw))
        noise = True
    elif isinstance(raw, str):
        text = raw.strip()
        if not _NUMBER.fullmatch(text):
            return None, _not_a_number(raw, what, example)
        amount = Decimal(text)
        noise = False
    else:
        amount = Decimal(raw)
        noise = False
    if amount < 0:
        return None, f"金额不能为负数：这里是 {_shown(raw)}，应填不小于 0 的金额（元）"
    if amount >= MAX_AMOUNT:
        return None, f"金额过大：这里是 {_shown(raw)}（单位是元），请检查"
    cents = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if cents != amount and not (noise and abs(cents - amount) <= FLOAT_NOISE):
        return None, f"金额最多两位小数（到分）：这里是 {_shown(raw)}，应为如 {cents} 的金额"
    return (cents if cents else abs(cents)), None  # “-0” is 0.00, never −0.00


def parse_int(col: Column, raw: Any) -> Parsed:
    what, example = "不小于 0 的整数", "12"
    if isinstance(raw, bool) or not isinstance(raw, (int, float, Decimal, str)):
        return None, _not_a_number(raw, what, example)
    if isinstance(raw, str):
        text = raw.strip()
        if not _INTEGER.fullmatch(text):
            if _NUMBER.fullmatch(text):
                return None, f"应填整数：这里是 {text}"
            return None, _not_a_number(raw, what, example)
        value = int(text)
    elif isinstance(raw, float):
        if not math.isfinite(raw) or abs(raw - round(raw)) > 1e-9:
            return None, f"应填整数：这里是 {raw}"
        value = int(round(raw))
    else:
        if Decimal(raw) != Decimal(raw).to_integral_value():
            return None, f"应填整数：这里是 {raw}"
        value = int(raw)
    if value < 0:
        return None, f"不能为负数：这里是 {value}，应填{what}"
    if value >= MAX_COUNT:
        return None, f"数字过大：这里是 {_shown(raw)}，请检查（应填{what}，如 {example}）"
    return value, None


def _as_text(col: Column, raw: Any) -> str:
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and math.isfinite(raw) and raw == int(raw):
        return str(int(raw))
    if isinstance(raw, datetime) and col.date_style is DateStyle.DIGITS14:
        return raw.strftime("%Y%m%d%H%M%S")
    if isinstance(raw, (datetime, date)):
        day = raw.date() if isinstance(raw, datetime) else raw
        if col.date_style is DateStyle.CHINESE:
            return f"{day.year}年{day.month}月{day.day}日"
        return day.isoformat()
    return str(raw).strip()


def parse_text(col: Column, raw: Any) -> Parsed:
    """Text as typed; Excel's ``_xHHHH_`` escapes decoded; XML-invalid control characters and
    characters the PDF's faces cannot draw (an emoji, a character outside Noto SC) refused.

    A control character typed or pasted into a cell is stored by Excel as ``_x0001_``; let
    through, it would make the DOCX unreadable, so it is reported here with its cell.
    """
    text = _XML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), _as_text(col, raw))
    text = text.replace("\r\n", "\n").replace("\r", "")
    bad = sorted(set(_XML_INVALID.findall(text)))
    if bad:
        shown = "、".join(f"U+{ord(ch):04X}" for ch in bad)
        return None, f"含有不可见的控制字符（{shown}），请删除后重新输入（常见于从网页或其他系统粘贴的文字）"
    if text.strip() and not visible_key(text):
        if col.required:
            return None, f"只有看不见的字符（{reveal(text)}），等于没有填写：请删除后填写内容"
        return None, None
    missing = unprintable(text)
    if missing:
        shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in missing[:5]) + ("等" if len(missing) > 5 else "")
        return None, f"含有公开文件的字体无法显示的字符{shown}，请删除或改用常用字（如表情符号、生僻字）"
    return (text or None), None


def parse_code(col: Column, raw: Any) -> Parsed:
    """Digits only, ``digits`` long; a number that lost its leading zeros is padded back."""
    text = _as_text(col, raw).replace(" ", "")
    if isinstance(raw, (int, float)) and col.zero_pad and col.digits:
        text = text.zfill(col.digits)
    expected = f"{col.digits} 位数字" if col.digits else "数字"
    if not text.isascii() or not text.isdigit():
        half = text.translate(_FULL_WIDTH)
        if half.isascii() and half.isdigit():
            return None, f"编码含全角数字：这里是“{_shown(text)}”，应为半角{expected}，如 {half}"
        return None, f"编码应为{expected}：这里是“{_shown(text)}”"
    if col.digits and len(text) != col.digits:
        return None, f"编码应为{expected}：这里是“{text}”（{len(text)} 位）"
    return text, None


def _norm_choice(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def parse_enum(col: Column, raw: Any) -> Parsed:
    text = _as_text(col, raw)
    wanted = _norm_choice(text)
    for choice in col.choices:
        if _norm_choice(choice) == wanted:
            return choice, None
    return None, f"只能从下拉列表中选择（{'、'.join(col.choices)}）：这里是“{_shown(text)}”"


def parse_bool(col: Column, raw: Any) -> Parsed:
    if isinstance(raw, bool):
        return raw, None
    text = _as_text(col, raw)
    if text in ("是", "Y", "y", "TRUE", "True", "true"):
        return True, None
    if text in ("否", "N", "n", "FALSE", "False", "false"):
        return False, None
    return None, f"只能填“是”或“否”：这里是“{_shown(text)}”"


_PARSERS = {
    Kind.MONEY: parse_money,
    Kind.INT: parse_int,
    Kind.TEXT: parse_text,
    Kind.CODE: parse_code,
    Kind.ENUM: parse_enum,
    Kind.BOOL: parse_bool,
}
