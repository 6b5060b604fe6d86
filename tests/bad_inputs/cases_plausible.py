"""Corpus cases: implausible amounts (万元 typed as 元), double counting, contradictions between sheets, empty content (issue 12)."""

from __future__ import annotations

from .cases import ERROR, WARNING, case  # noqa: F401
