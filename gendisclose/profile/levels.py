"""Rule levels: a profile's ``[rules]`` makes a check an error, a warning or switches it off.

Which codes may be relaxed (made a warning or switched off) is decided by the catalogue of
rules, :mod:`gendisclose.rules.catalogue`, once: a rule it marks *structural* (the file, sheet,
column and cell checks, the reading of codes and references, the kind of workbook, the
program's own ``internal.*`` identities, a document too large, the profile's own templates) may
only be set to 错误; every other rule in the catalogue may be set to 错误, 警告 or 关闭. A code
the catalogue does not know is refused, so a misspelt code never silently does nothing.
``tests/test_catalogue.py`` checks that every code the source raises is in the catalogue.
"""

from __future__ import annotations

from dataclasses import replace

from ..issues import Issue, Level
from ..rules.catalogue import CATALOGUE

ERROR, WARNING, OFF = "错误", "警告", "关闭"
VALUES = {ERROR: ERROR, WARNING: WARNING, OFF: OFF, "error": ERROR, "warning": WARNING, "off": OFF}

#: codes protected even if the catalogue missed them (a guard, not the list: the catalogue is)
PROTECTED_PREFIXES = ("internal.", "file.", "sheet.", "column.", "field.", "cell.", "row.", "model.",
                      "ref.", "kind.", "profile.")

#: every code a profile may relax (the catalogue's rules that are not structural)
KNOWN = frozenset(r.code for r in CATALOGUE if not r.structural)
#: the catalogue's structural rules (a profile may only set them to 错误)
PROTECTED_CODES = frozenset(r.code for r in CATALOGUE if r.structural)


def protected(code: str) -> bool:
    return code in PROTECTED_CODES or (code not in KNOWN and code.startswith(PROTECTED_PREFIXES))


def check_level(code: str, value: object) -> str | None:
    """A Chinese complaint about ``code = value`` in ``[rules]``, or None when it may be set."""
    if not isinstance(value, str) or value.strip().lower() not in VALUES:
        return f"“{code}”的级别应是 \"错误\"、\"警告\" 或 \"关闭\""
    level = VALUES[value.strip().lower()]
    if protected(code):
        if level != ERROR:
            return f"“{code}”是文件、单元格格式或内部校验的检查，不能降为{level}"
        return None
    if code not in KNOWN:
        return f"不认识的检查代码“{code}”（代码见 validate --format json 输出中的 code）"
    return None


def normalise(rules: dict[str, str]) -> dict[str, str]:
    return {code: VALUES[value.strip().lower()] for code, value in rules.items()}


def apply_levels(issues: list[Issue], rules: dict[str, str]) -> list[Issue]:
    """``issues`` with each level the profile sets (关闭: dropped). Protected codes untouched."""
    if not rules:
        return issues
    out = []
    for issue in issues:
        level = rules.get(issue.code)
        if level is None or protected(issue.code):
            out.append(issue)
        elif level == ERROR:
            out.append(replace(issue, level=Level.ERROR))
        elif level == WARNING:
            out.append(replace(issue, level=Level.WARNING))
    return out
