"""Corpus cases: issue 12's classes again, new situations (session 4, data).

Cases a second independent campaign could bring: each found to fail (wrong document with exit 0,
a crash, a hang, an unlocated message) before the fix that made it pass.
"""

from __future__ import annotations

from .cases import ERROR, WARNING, case  # noqa: F401
