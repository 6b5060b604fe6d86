"""A profile: how a bureau's disclosure looks and reads, as files (docs/profile.md).

A profile is a folder with ``profile.toml`` (wording of headings, parts and their order, table
titles and labels, glossary, cover and running-header lines, page look, rule levels) and any
section templates it overrides (``budget/sections/NN.j2``); whatever it does not name is the
default (``templates/budget/``, the seeds' format).

This module is the one loader: it reads and checks every profile file before any workbook is
read (:func:`load_profile`), and hands the rest of the program a :class:`Profile` of plain
values and compiled templates. The derivation receives it as a parameter and does no I/O of
its own; ``None`` there means :func:`default_profile` (loaded once per process, cached).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from ..document import PageStyle
from .levels import apply_levels, check_level, normalise
from .settings import KINDS, check_parts, default_settings, fill, locate, merge, read_toml
from .wording import TemplateProblem, Wording

#: the environment variable a bureau sets once instead of passing --profile every time
ENV_VAR = "GENDISCLOSE_PROFILE"
PROFILE_FILE = "profile.toml"

__all__ = ["ENV_VAR", "PROFILE_FILE", "Profile", "TemplateProblem", "apply_levels", "default_profile",
           "fill", "load_profile", "profile_from_env"]

_FACES = ("serif", "sans")
_POSITIONS = ("center", "outside")
_RANGES = {"margin_top_mm": (5, 80), "margin_bottom_mm": (5, 80), "margin_left_mm": (5, 80),
           "margin_right_mm": (5, 80), "body_size_pt": (8, 26), "line_pitch_pt": (8, 60),
           "page_number_size_pt": (6, 26)}


@dataclass(frozen=True)
class Profile:
    """Everything a build needs from a profile, checked. ``source`` is None for the default."""

    kind: str
    settings: dict[str, Any]
    wording: Wording = field(compare=False, repr=False)
    source: Path | None = None
    fingerprint: str = ""

    @property
    def name(self) -> str:
        return self.settings["profile"]["name"]

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.settings["document"]["parts"])

    @property
    def standard(self) -> dict[str, Any]:
        """The texts in the shape of ``headings.json`` (what the derivation reads)."""
        s = self.settings
        doc = s["document"]
        return {**{k: doc[k] for k in ("cover", "toc_heading", "file_stem")}, **s["headings"],
                "charts": s["charts"], "fixed_sentences": s["fixed_sentences"]}

    @property
    def tables(self) -> dict[str, Any]:
        return self.settings["tables"]

    @property
    def performance(self) -> dict[str, Any]:
        return self.settings["performance"]

    @property
    def glossary(self) -> tuple[str, ...]:
        return tuple(self.settings["glossary"]["lines"])

    @property
    def rules(self) -> dict[str, str]:
        return self.settings["rules"]

    @property
    def reason_threshold(self) -> Decimal:
        """``checks.reason_threshold``: the share of the prior figure a change must reach to need its
        变动原因 (rule ``reason.missing``)."""
        return Decimal(str(self.settings["checks"]["reason_threshold"]))

    def page(self, **fields: Any) -> PageStyle:
        """The page look, with the running header filled in for one document."""
        header = fill(self.settings["document"]["running_header"], **fields)
        return PageStyle(**self.settings["page"], running_header=header)

    def apply_levels(self, issues: list) -> list:
        return apply_levels(issues, self.rules)


def _check_page(page: dict[str, Any], shown: str, lines: list[str]) -> None:
    def complain(key: str, message: str) -> None:
        raise TemplateProblem(shown, locate(lines, ("page", key)), f"“page.{key}”{message}")

    for key, (low, high) in _RANGES.items():
        if not low <= page[key] <= high:
            complain(key, f"应在 {low} 到 {high} 之间")
    if page["line_pitch_pt"] < page["body_size_pt"]:
        complain("line_pitch_pt", "（行距）不能小于正文字号 body_size_pt")
    for key in ("body_face", "heading_face"):
        if page[key] not in _FACES:
            complain(key, "只能是 \"serif\"（宋体类，Noto Serif SC）或 \"sans\"（黑体类，Noto Sans SC）：PDF 只嵌入随程序安装的字体")
    if page["page_number_position"] not in _POSITIONS:
        complain("page_number_position", "只能是 \"center\"（居中）或 \"outside\"（单页居右、双页居左）")
    if page["page_number"].count("{n}") != 1:
        complain("page_number", "须含一个 {n}（页码），如 \"- {n} -\"")


def _fingerprint(folder: Path) -> str:
    """A hash of every file of the profile (so a changed profile rebuilds unchanged workbooks)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _load(folder: Path | None, kind: str) -> Profile:
    if kind not in KINDS:
        raise TemplateProblem(str(folder or "profile"), None, f"不支持的文档类型“{kind}”；可用：{'、'.join(KINDS)}")
    settings = default_settings(kind)
    if folder is None:
        return Profile(kind, settings, Wording(kind))
    if not folder.is_dir():
        raise TemplateProblem(str(folder), None, "找不到配置目录（--profile 或 GENDISCLOSE_PROFILE 应指向含 profile.toml 的文件夹）")
    toml_path = folder / PROFILE_FILE
    if not toml_path.is_file():
        raise TemplateProblem(str(folder), None, f"配置目录中没有 {PROFILE_FILE}（可用 gendisclose profile init 目录 生成一份）")
    shown = str(toml_path)
    given, lines = read_toml(toml_path)
    declared = given.get("profile", {}).get("kind", kind) if isinstance(given.get("profile"), dict) else kind
    if declared != kind:
        raise TemplateProblem(shown, locate(lines, ("profile", "kind")),
                              f"此配置用于“{declared}”，不能用于“{kind}”")
    settings = merge(settings, given, shown, lines)
    check_parts(settings, kind, shown, lines)
    _check_page(settings["page"], shown, lines)
    if not 0 < settings["checks"]["reason_threshold"] <= 10:
        raise TemplateProblem(shown, locate(lines, ("checks", "reason_threshold")),
                              "“checks.reason_threshold”应大于 0、不超过 10（0.2 表示变动达上年的 20%）")
    for code, value in settings["rules"].items():
        complaint = check_level(code, value)
        if complaint:
            raise TemplateProblem(shown, locate(lines, ("rules", code)), complaint)
    settings["rules"] = normalise(settings["rules"])
    return Profile(kind, settings, Wording(kind, folder), folder, _fingerprint(folder))


@cache
def _cached(folder: str | None, kind: str) -> Profile:
    return _load(Path(folder) if folder is not None else None, kind)


def load_profile(folder: Path | str | None = None, kind: str = "budget") -> Profile:
    """The profile in ``folder`` (None: the default; a bare name that is no folder: the shipped
    example of that name, e.g. ``gbt9704``), checked; a :class:`TemplateProblem` naming the file
    and line of its first mistake. Cached per process (batch workers load it once)."""
    if folder is not None and not Path(folder).is_dir():
        from ..resources import shipped_profile

        folder = shipped_profile(str(folder)) or folder  # ``--profile gbt9704``: a shipped example
    key = str(Path(folder).resolve()) if folder is not None else None
    return _cached(key, kind)


def default_profile(kind: str = "budget") -> Profile:
    return load_profile(None, kind)


def profile_from_env() -> str | None:
    return os.environ.get(ENV_VAR) or None
