"""Locating the project's own resources: templates, example profiles and packaged fonts.

After ``pip install .`` the top-level ``templates/`` folder sits inside the package as
``gendisclose/templates`` (see ``pyproject.toml``); in an editable checkout it is found
beside the package. Fonts come from the installed ``pylopdf_fonts_zh_cn`` distribution,
never from a system path.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def templates_dir() -> Path:
    packaged = Path(str(resources.files("gendisclose"))) / "templates"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "templates"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("gendisclose templates/ not found: the installation is incomplete")


def template_path(*parts: str) -> Path:
    return templates_dir().joinpath(*parts)


def shipped_profile(name: str) -> Path | None:
    """The example profile ``name`` shipped with the program (``profiles/<name>``), or None.

    Installed: ``gendisclose/profiles`` (force-included like templates/); in a checkout: beside
    the package."""
    for root in (Path(str(resources.files("gendisclose"))) / "profiles",
                 Path(__file__).resolve().parent.parent / "profiles"):
        candidate = root / name
        if name and "/" not in name and "\\" not in name and (candidate / "profile.toml").is_file():
            return candidate
    return None


@cache
def font_path(face: str) -> Path:
    """``serif`` → NotoSerifSC-Regular.otf, ``sans`` → NotoSansSC-Regular.otf."""
    names = {"serif": "NotoSerifSC-Regular.otf", "sans": "NotoSansSC-Regular.otf"}
    path = Path(str(resources.files("pylopdf_fonts_zh_cn"))) / names[face]
    if not path.is_file():
        raise FileNotFoundError(f"CJK font {names[face]} missing: reinstall gendisclose")
    return path
