"""Corpus cases: paths and output folders: what the tool reads and where it writes (issue 12)."""

from __future__ import annotations

from .cases import ERROR, WARNING, case  # noqa: F401
