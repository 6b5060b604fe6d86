"""Wording rules of 第三部分: the small choices every sentence makes.

增加/减少 (amount verb) and 增长/下降 (rate verb) by the sign of the change, ``与上年持平``
when nothing changed, a missing prior year that simply drops the comparison, ``0万元`` and
``占0%`` for zeros, lists joined with ``、`` and closed with ``等``. Every change is computed
from the *shown* 万元 figures (spec §1.4), so a reader who subtracts the printed numbers gets
the printed difference.

Amounts come in 元 (``Decimal``); formatting is delegated to :mod:`gendisclose.money`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..money import TEN_THOUSAND, ZERO, change_rate, percent, text_amount, to_wan

UNCHANGED = "与上年持平"  # spec D7: not observed in the seeds


def amount(value: Decimal | None, *, separator: bool = True) -> str:
    """``1,118.07万元`` / ``1118.07万元``; zero or absent → ``0万元``."""
    return f"{text_amount(value, separator=separator)}万元"


def share(part: Decimal, whole: Decimal) -> str:
    """``占79.19%``; a zero part → ``占0%``."""
    return f"占{percent(part, whole)}"


def amount_verb(difference: Decimal) -> str:
    """增加 for a rise, 减少 for a fall (the amount verb)."""
    return "增加" if difference > ZERO else "减少"


def rate_verb(difference: Decimal) -> str:
    """增长 for a rise, 下降 for a fall (the rate verb)."""
    return "增长" if difference > ZERO else "下降"


@dataclass(frozen=True)
class Change:
    """A change between a current and a prior-year amount, both in 元, on the shown figures.

    ``difference`` is in 元 but equals the difference of the two displayed 万元 figures.
    """

    current: Decimal
    prior: Decimal

    @property
    def difference(self) -> Decimal:
        return (to_wan(self.current) - to_wan(self.prior)) * TEN_THOUSAND

    @property
    def unchanged(self) -> bool:
        return self.difference == ZERO

    @property
    def magnitude(self) -> Decimal:
        return abs(self.difference)

    @property
    def rate(self) -> Decimal | None:
        """|Δ| / prior in percent, two decimals; None when the prior year is 0."""
        return change_rate(self.current, self.prior)

    def amount_text(self, *, separator: bool = False) -> str:
        """``增加21.69万元`` (change amounts carry no separator in §一/§五 by default)."""
        return f"{amount_verb(self.difference)}{amount(self.magnitude, separator=separator)}"

    def rate_text(self) -> str | None:
        """``增长4.35%``; None when there is no rate (prior year 0)."""
        rate = self.rate
        if rate is None:
            return None
        return f"{rate_verb(self.difference)}{rate:.2f}%"


def change(current: Decimal, prior: Decimal | None) -> Change | None:
    """The change to describe, or None when the prior year is not given."""
    if prior is None:
        return None
    return Change(current, prior)


def compared_with_prior(
    current: Decimal,
    prior: Decimal | None,
    *,
    subject: str = "上年",
    with_rate: bool = True,
    separator: bool = False,
    unchanged: str = UNCHANGED,
) -> str | None:
    """The comparison clause: ``比上年增加21.69万元，增长4.35%``.

    * unchanged → ``与上年持平``;
    * prior year missing → None (the caller drops the clause, the sentence still reads);
    * prior year 0 → the amount only (a growth rate over nothing is meaningless).

    ``subject`` is what is compared with: ``上年`` or ``2025年预算``.
    """
    found = change(current, prior)
    if found is None:
        return None
    if found.unchanged:
        return unchanged
    text = f"比{subject}{found.amount_text(separator=separator)}"
    rate = found.rate_text() if with_rate else None
    return f"{text}，{rate}" if rate else text


def listing(items: Iterable[str], *, sep: str = "、", tail: str = "等") -> str:
    """``办公费、印刷费等`` — items in the given order, closed with 等."""
    return sep.join(items) + tail


def clause(text: str | None) -> str:
    """A free-text reason trimmed of its own closing punctuation (so ``。；`` never appears)."""
    if not text:
        return ""
    return text.strip().rstrip("。；;，,. ")


def joined(*parts: str | None, sep: str = "，") -> str:
    """Join the non-empty parts of a sentence."""
    return sep.join(p for p in parts if p)
