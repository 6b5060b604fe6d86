"""The Typst compiler as the renderers use it: fixed template code, data as JSON in
``sys.inputs``, the packaged CJK faces only, an empty project root, no packages.

Every renderer that lays something out with Typst (the PDF, the charts) goes through
:func:`compile_typst`, so the sandbox is defined once: the compiler is given no system font,
no file (the root is an empty private folder), no package directory, and it has no network
code. User text is only ever a JSON string placed as a value by the template, never markup.
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path

from ..resources import font_path, template_path


@cache
def _sandbox() -> tuple[str, str]:
    """(empty project root, folder of the packaged faces): the only places the compiler looks."""
    root = Path(tempfile.mkdtemp(prefix="gendisclose-typst-"))
    return str(root), str(font_path("serif").parent)


@cache
def template_source(*names: str) -> bytes:
    """The named files of ``templates/`` joined into one source (later files use earlier ones)."""
    return b"\n".join(template_path(name).read_bytes() for name in names)


def compile_typst(source: bytes, data: dict, *, fmt: str = "pdf", ppi: float | None = None) -> bytes:
    """Compile fixed ``source`` with ``data`` as ``sys.inputs.data`` (a JSON string)."""
    import typst

    root, fonts = _sandbox()
    options = {"format": fmt, "ppi": ppi} if fmt != "pdf" else {}
    return typst.compile(
        source,
        root=root,
        font_paths=[fonts],
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, separators=(",", ":"))},
        package_path=root,
        package_cache_path=root,
        **options,
    )
