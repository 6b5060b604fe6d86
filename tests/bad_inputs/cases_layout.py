"""Corpus cases: text that must stay inside the page and never become a formula (issue 12)."""

from __future__ import annotations

from .cases import ERROR, WARNING, case  # noqa: F401
