"""Rule levels: a profile's ``[rules]`` makes a check an error, a warning or switches it off.

Which codes may be relaxed (made a warning or switched off) is decided here, once:

* never the program's own identities (``internal.*``): they guard the derivation itself;
* never the file and cell checks (``file.*``, ``sheet.*``, ``column.*``, ``field.*``, ``cell.*``,
  ``row.*``, ``model.*``, ``code.*``, ``ref.*``, ``function.code_malformed``, ``info.year``): they
  mean the workbook could not be read as the standard one, so the figures would be wrong;
* never ``profile.*`` (the profile's own templates).

Every other check (the plausibility and consistency rules of :mod:`gendisclose.rules`, the
warnings of the reader) may be set to 错误, 警告 or 关闭; a protected code may only be set
to 错误 (what it already is). A code the program does not know is refused, so a misspelt code
never silently does nothing. :data:`KNOWN` is the list; ``tests/test_profile.py`` checks that
every code the source raises is in it.
"""

from __future__ import annotations

from dataclasses import replace

from ..issues import Issue, Level

ERROR, WARNING, OFF = "错误", "警告", "关闭"
VALUES = {ERROR: ERROR, WARNING: WARNING, OFF: OFF, "error": ERROR, "warning": WARNING, "off": OFF}

PROTECTED_PREFIXES = ("internal.", "file.", "sheet.", "column.", "field.", "cell.", "row.", "model.",
                      "code.", "ref.", "profile.")
PROTECTED_CODES = frozenset({"function.code_malformed", "info.year"})

#: every code a profile may name (the relaxable checks; protected codes are recognised by prefix)
KNOWN = frozenset({
    "amount.negative", "assets.equipment", "assets.vehicles_over_quota", "assets.vehicles_sum",
    "economic.code_unknown", "economic.government_name_unknown", "economic.not_basic",
    "function.category_unknown", "function.code", "function.name_unknown",
    "fund_income.source", "fund_income.vs_spending",
    "final.measures_missing", "final.reason_missing",
    "indicator.half_filled", "indicator.level", "indicator.level1", "indicator.level2",
    "indicator.period_ignored", "indicator.period_missing", "indicator.project_unknown",
    "overall.amount", "prior.missing", "procurement.exceeds_budget", "procurement.negative",
    "project.annual_funds_mismatch", "project.annual_funds_missing", "project.duplicate",
    "project.funds_negative", "project.implementation_below_annual", "project.no_indicators",
    "project.one_year_funds_differ", "project.zero", "staffing.over_quota",
    "three_public.exceeds_projects", "three_public.negative", "three_public.non_fiscal",
    "unit.not_listed",
})


def protected(code: str) -> bool:
    return code.startswith(PROTECTED_PREFIXES) or code in PROTECTED_CODES


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
