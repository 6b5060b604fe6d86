"""Money and its display: the one place where amounts are rounded and formatted.

Amounts live in 元 as :class:`~decimal.Decimal` with two decimals. Every shown figure is
rounded **once**, half-up (四舍五入), from the exact 元 value to 万元 with two decimals.
Percentages are the half-up rounding to 0.01 of the exact quotient of the *shown* 万元
figures (spec §1.4: that is how the seeds' percentages reproduce).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal("0")
CENT = Decimal("0.01")
TEN_THOUSAND = Decimal("10000")


def yuan(value: str | int | Decimal) -> Decimal:
    """Make a 元 amount (the one helper for literals): ``yuan("1765081.00")``."""
    try:
        d = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError) as exc:  # pragma: no cover - programming error
        raise ValueError(f"not an amount: {value!r}") from exc
    return d.quantize(CENT, rounding=ROUND_HALF_UP)


def to_wan(amount_yuan: Decimal) -> Decimal:
    """元 → 万元, rounded half-up to two decimals (the displayed value)."""
    return (amount_yuan / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)


def _with_separator(d: Decimal) -> str:
    return f"{d:,.2f}"


def table_amount(amount_yuan: Decimal | None) -> str:
    """A table cell (T1–T13): ``4754.23``; zero or absent → empty cell; no separator."""
    if amount_yuan is None or amount_yuan == ZERO:
        return ""
    return f"{to_wan(amount_yuan):.2f}"


def text_amount(amount_yuan: Decimal | None, *, separator: bool = True) -> str:
    """An amount in running text (第三部分): ``1,118.07`` (or ``1118.07``); zero → ``0``."""
    if amount_yuan is None or amount_yuan == ZERO:
        return "0"
    wan = to_wan(amount_yuan)
    if wan == ZERO:
        return "0.00"
    return _with_separator(wan) if separator else f"{wan:.2f}"


def wan_amount(amount_yuan: Decimal | None) -> str:
    """万元 with two decimals, ``0.00`` for zero (整体支出绩效目标申报表 cells)."""
    return f"{to_wan(amount_yuan or ZERO):.2f}"


def percent_value(part_yuan: Decimal, whole_yuan: Decimal) -> Decimal | None:
    """Share of the displayed figures, in percent, half-up to 0.01; None when whole is 0."""
    whole = to_wan(whole_yuan)
    if whole == ZERO:
        return None
    return (to_wan(part_yuan) / whole * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(part_yuan: Decimal, whole_yuan: Decimal) -> str:
    """``79.19%``; a zero part (or zero whole) → ``0%`` as in every seed."""
    if part_yuan == ZERO:
        return "0%"
    value = percent_value(part_yuan, whole_yuan)
    if value is None:
        return "0%"
    return f"{value:.2f}%"


def whole_percent(part_yuan: Decimal, whole_yuan: Decimal) -> str:
    """A share as a whole percent, half-up (§十 2 ``占部门（单位）项目支出总额的100%``); zero → ``0%``."""
    if part_yuan == ZERO:
        return "0%"
    whole = to_wan(whole_yuan)
    if whole == ZERO:
        return "0%"
    value = (to_wan(part_yuan) / whole * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{value}%"


def change_rate(current_yuan: Decimal, prior_yuan: Decimal) -> Decimal | None:
    """|current − prior| / prior in percent, from the displayed figures; None if prior is 0."""
    prior = to_wan(prior_yuan)
    if prior == ZERO:
        return None
    diff = abs(to_wan(current_yuan) - prior)
    return (diff / prior * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def perf_yuan(amount_yuan: Decimal | None) -> str:
    """Project performance table money in 元: ``104,450.4``, ``130,000``, zero → ``0``."""
    if amount_yuan is None or amount_yuan == ZERO:
        return "0"
    d = amount_yuan.quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{d:,.2f}".rstrip("0").rstrip(".")
    return text
