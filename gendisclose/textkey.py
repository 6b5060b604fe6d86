"""Comparing names as a reader sees them, and showing the differences a reader cannot see.

Two project names, sheet names or headers that print alike are the same thing to the
accountant: ``（`` and ``(``, full- and half-width letters and digits, spaces and invisible
characters (zero-width spaces, BOMs, soft hyphens, directional marks) make no difference on
the page. :func:`visible_key` folds all of that away so duplicates are found; :func:`reveal`
turns a name into text where every such character is visible, for messages.
"""

from __future__ import annotations

import re
import unicodedata

#: Characters that draw nothing but are not category Cf/Cc (those are dropped by category).
_INVISIBLE_EXTRA = {"\u3164", "\u115f", "\u1160", "\uffa0", "\u2800"}

#: Dash and quote variants a reader cannot tell apart in a name.
_FOLD = str.maketrans(
    {
        "—": "-", "–": "-", "－": "-", "‐": "-", "‑": "-", "‒": "-", "―": "-", "−": "-",
        "“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "]", "【": "[", "】": "]",
        "《": "<", "》": ">", "〈": "<", "〉": ">", "、": ",", "。": ".",
    }
)


def is_invisible(char: str) -> bool:
    """A character that prints as nothing (or as plain space) in a disclosure."""
    return char in _INVISIBLE_EXTRA or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")


def visible_key(text: object) -> str:
    """The name as a reader sees it: NFKC (full-width → half-width, （ → (), no spaces or
    invisible characters, dash/quote variants folded, case folded."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).translate(_FOLD)
    return "".join(ch for ch in folded if not is_invisible(ch) and not ch.isspace()).casefold()


#: Sentence punctuation a name may end with by a slip (after :func:`visible_key`'s folding).
_TRAILING = ".,;:!?"


def name_key(text: object) -> str:
    """:func:`visible_key` without the sentence punctuation a name may end with by a slip
    (``办公楼物业费。`` is the project ``办公楼物业费`` to a reader)."""
    return visible_key(text).rstrip(_TRAILING)


def reveal(text: object) -> str:
    """``text`` with every invisible character shown as ⟨U+200B⟩ and full-width ASCII
    punctuation marked, so two names that look alike can be told apart in a message."""
    out = []
    for ch in str(text):
        if ch == " ":
            out.append("␣")
        elif ch.isspace() or is_invisible(ch):
            out.append(f"⟨U+{ord(ch):04X}⟩")
        else:
            out.append(ch)
    return "".join(out)


def differs_invisibly(a: object, b: object) -> bool:
    """Different strings that a reader would take for the same one."""
    return str(a) != str(b) and visible_key(a) == visible_key(b)


_LINE_BREAK = re.compile(r"[ \t]*[\r\n]\s*")


def one_line(text: str) -> str:
    """``text`` with every line break (and the spaces around it) gone, or one space between
    two Latin words or numbers: a name wrapped in its cell with Alt+Enter is one name."""
    def join(m: re.Match) -> str:
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        return " " if (before + after).isascii() and before.isalnum() and after.isalnum() else ""

    return _LINE_BREAK.sub(join, text)
