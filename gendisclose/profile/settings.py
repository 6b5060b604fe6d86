"""``profile.toml``: read, checked against the default, merged over it.

The default settings are built from the data files of ``templates/<kind>/`` (headings.json,
glossary.txt, performance.json), the table texts of :mod:`gendisclose.derive.table_layout`
and the page look of :class:`gendisclose.document.PageStyle`. A profile may name any subset
of those keys; a key the default does not have, a value of the wrong type, a placeholder
that does not exist (``{部门}`` instead of ``{dept}``) or a part name that does not exist is a
:class:`~gendisclose.profile.wording.TemplateProblem` naming ``profile.toml`` and the line.
"""

from __future__ import annotations

import json
import re
import string
import tomllib
from pathlib import Path
from typing import Any

from .wording import TemplateProblem

#: the parts of a 部门预算公开, by the names a profile uses in ``document.parts``
BUDGET_PARTS = ("概况", "预算报表", "情况说明", "名词解释")
#: the parts of a 部门决算公开 (spec §11.1)
FINAL_PARTS = ("概况", "决算报表", "情况说明", "名词解释", "附件")
PARTS = {"budget": BUDGET_PARTS, "final": FINAL_PARTS}
KINDS = tuple(PARTS)

#: placeholders each text may use (by its key path; the first matching prefix wins)
_FIELDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("headings.part", frozenset({"number", "year", "dept"})),
    ("tables.label", frozenset({"n"})),
    ("tables.toc_title", frozenset({"number", "title"})),
    ("tables.department_caption", frozenset({"dept"})),
    ("performance.project_title", frozenset({"region", "year"})),
    ("page.page_number", frozenset({"n"})),
    ("document.", frozenset({"dept", "year"})),
    ("performance.", frozenset({"year"})),
    ("", frozenset()),
)
#: free-form tables: any key (checked elsewhere: rule codes)
_OPEN = ("rules",)


def default_settings(kind: str = "budget") -> dict[str, Any]:
    """Every setting of the default profile, as nested dicts (the shape ``profile.toml`` has)."""
    from ..derive import table_layout as tl
    from ..document import PageStyle
    from ..resources import template_path

    std = json.loads(template_path(kind, "headings.json").read_text(encoding="utf-8"))
    perf_path = template_path(kind, "performance.json")  # the budget's 绩效目标表 titles (no 决算 one)
    perf = json.loads(perf_path.read_text(encoding="utf-8")) if perf_path.is_file() else {}
    glossary = template_path(kind, "glossary.txt").read_text(encoding="utf-8")
    page = PageStyle()
    return {
        "profile": {"name": "默认", "kind": kind},
        "document": {
            "parts": list(PARTS[kind]),
            "cover": std["cover"],
            "toc_heading": std["toc_heading"],
            "file_stem": std["file_stem"],
            "running_header": std.get("running_header", ""),
        },
        "headings": {k: std[k] for k in std if k.startswith("part")} | {"sections": std["sections"],
                                                                       "in_toc": std["in_toc"]},
        "charts": std["charts"],
        "fixed_sentences": std["fixed_sentences"],
        "tables": {
            "titles": dict(tl.TITLES),
            "labels": dict(tl.LABELS),
            "label": tl.LABEL,
            "toc_title": tl.TOC_TITLE,
            "department_caption": tl.DEPARTMENT_CAPTION,
            "unit_caption": tl.UNIT_CAPTION,
            "no_data": tl.NO_DATA,
            "rounding_note": tl.ROUNDING_NOTE,
        },
        "performance": {k: perf[k] for k in ("overall_title", "overall_subtitle", "project_title",
                                             "project_subtitle") if k in perf},
        "glossary": {"lines": [line for line in glossary.splitlines() if line.strip()]},
        "page": page.settings(),
        "checks": {"reason_threshold": 0.2},
        "rules": {},
    }


# ---------------------------------------------------------------- reading


_TOML_LINE = re.compile(r"at line (\d+)")


def read_toml(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The parsed file and its lines (for locating keys); a TemplateProblem when unreadable."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateProblem(shown, None, f"无法读取配置文件（须是 UTF-8 文本）：{exc}") from None
    try:
        return tomllib.loads(text), text.splitlines()
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        raise TemplateProblem(shown, int(found.group(1)) if found else None,
                              f"TOML 格式错误：{exc}（字符串要加英文双引号，键和值之间用 =）") from None


_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)\s*=")


def _unquote(key: str) -> str:
    return key[1:-1] if key[:1] in "\"'" else key


def locate(lines: list[str], path: tuple[str, ...]) -> int | None:
    """1-based line of the key ``path`` (table headers then ``key =``), or of its table."""
    table: tuple[str, ...] = ()
    best = None
    for number, line in enumerate(lines, start=1):
        header = _HEADER.match(line)
        if header:
            table = tuple(_unquote(p.strip()) for p in header.group(1).split("."))
            if table == path:
                best = best or number
            continue
        key = _KEY.match(line)
        if key and table + (_unquote(key.group(1)),) == path:
            return number
    if best is None and len(path) > 1:
        return locate(lines, path[:-1])
    return best


def _allowed_fields(dotted: str) -> frozenset[str]:
    return next(fields for prefix, fields in _FIELDS if dotted.startswith(prefix))


def check_placeholders(text: str, dotted: str) -> str | None:
    """A Chinese complaint about ``text``'s ``{…}`` placeholders, or None when they are fine."""
    allowed = _allowed_fields(dotted)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return "花括号不成对（要印出花括号请写 {{ 或 }}）"
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            names = "、".join("{" + f + "}" for f in sorted(allowed)) or "（无）"
            return f"不认识的占位符“{{{name}}}”；这里可用：{names}"
    return None


def fill(text: str, **values: Any) -> str:
    """``text`` with its ``{name}`` placeholders replaced (no attribute access, no format spec)."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(str(values[name]))
    return "".join(out)


def merge(default: dict[str, Any], given: dict[str, Any], shown: str, lines: list[str],
          prefix: tuple[str, ...] = ()) -> dict[str, Any]:
    """``default`` with ``given`` laid over it; every key and value type checked."""
    out = dict(default)
    for key, value in given.items():
        path = prefix + (key,)
        dotted = ".".join(path)
        line = locate(lines, path)
        if prefix[:1] and prefix[0] in _OPEN:
            out[key] = value
            continue
        if key not in default:
            known = "、".join(default) or "（无）"
            raise TemplateProblem(shown, line, f"不认识的设置“{dotted}”；{'.'.join(prefix) or '顶层'}可用：{known}")
        base = default[key]
        if isinstance(base, dict):
            if not isinstance(value, dict):
                raise TemplateProblem(shown, line, f"“{dotted}”应是一个表（[{dotted}]）")
            out[key] = merge(base, value, shown, lines, path) if key not in _OPEN else dict(value)
            continue
        out[key] = _typed(base, value, dotted, shown, line)
    return out


def _typed(base: Any, value: Any, dotted: str, shown: str, line: int | None) -> Any:
    if isinstance(base, bool) or isinstance(value, bool):
        ok = isinstance(base, bool) and isinstance(value, bool)
        kind = "true 或 false"
    elif isinstance(base, (int, float)):
        ok = isinstance(value, (int, float))
        kind = "数字"
    elif isinstance(base, list):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        kind = "字符串列表（如 [\"甲\", \"乙\"]）"
    else:
        ok = isinstance(value, str)
        kind = "字符串（用英文双引号括起）"
    if not ok:
        raise TemplateProblem(shown, line, f"“{dotted}”应是{kind}")
    for text in value if isinstance(value, list) else [value] if isinstance(value, str) else []:
        complaint = check_placeholders(text, dotted)
        if complaint:
            raise TemplateProblem(shown, line, f"“{dotted}”：{complaint}")
    return value


def check_parts(settings: dict[str, Any], kind: str, shown: str, lines: list[str]) -> None:
    parts = settings["document"]["parts"]
    line = locate(lines, ("document", "parts"))
    known = PARTS[kind]
    for part in parts:
        if part not in known:
            raise TemplateProblem(shown, line, f"没有“{part}”这一部分；可用：{'、'.join(known)}")
    if not parts:
        raise TemplateProblem(shown, line, "至少要有一个部分")
    if len(set(parts)) != len(parts):
        raise TemplateProblem(shown, line, "同一部分不能出现两次")
    sections = settings["headings"]["sections"]
    for key in settings["headings"]["in_toc"]:
        if key not in sections:
            raise TemplateProblem(shown, locate(lines, ("headings", "in_toc")),
                                  f"目录中的“{key}”不是第三部分的标题键；可用：{'、'.join(sections)}")
