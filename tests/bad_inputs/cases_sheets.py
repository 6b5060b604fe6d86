"""Corpus cases: hidden data, duplicate headers, look-alike sheet names, formulas without values, file formats (issue 12)."""

from __future__ import annotations

from .cases import ERROR, WARNING, case  # noqa: F401
