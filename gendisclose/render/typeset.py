"""The Typst compiler as the renderers use it: fixed template code, data as JSON in
``sys.inputs``, the packaged CJK faces only, an empty project root, no packages.

Every renderer that lays something out with Typst (the PDF, the charts) goes through
:func:`compile_typst`, so the sandbox is defined once: the compiler is given no system font,
no file (the root is an empty private folder), no package directory, and it has no network
code. User text is only ever a JSON string placed as a value by the template, never markup.
"""

from __future__ import annotations

import atexit
import json
import tempfile
import threading
from functools import cache
from pathlib import Path

from ..resources import font_path, template_path


@cache
def _sandbox() -> tuple[str, str]:
    """(empty project root, folder of the packaged faces): the only places the compiler looks."""
    root = Path(tempfile.mkdtemp(prefix="gendisclose-typst-"))
    atexit.register(_remove_empty, root)  # one per process; left behind only by a killed process
    return str(root), str(font_path("serif").parent)


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


@cache
def template_source(*names: str) -> bytes:
    """The named files of ``templates/`` joined into one source (later files use earlier ones)."""
    return b"\n".join(template_path(name).read_bytes() for name in names)


_local = threading.local()


def _compiler():
    """This thread's compiler, made on first use (never in a process that will fork: see
    :mod:`.warm`). A long-lived ``typst.Compiler`` trims Typst's memo cache after each compile;
    one-off ``typst.compile`` calls never do, so a batch worker grew ≈ 37 MB per document
    (measured: 163 → 522 MB over 10 compiles of the largest sample; with one compiler it stays
    flat). Thread-local because a compiler serves one call at a time."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        import typst

        root, fonts = _sandbox()
        compiler = _local.compiler = typst.Compiler(
            b"", root=root, font_paths=[fonts], ignore_system_fonts=True,
            package_path=root, package_cache_path=root,
        )
    return compiler


def compile_typst(source: bytes, data: dict, *, fmt: str = "pdf", ppi: float | None = None) -> bytes:
    """Compile fixed ``source`` with ``data`` as ``sys.inputs.data`` (a JSON string)."""
    options = {"format": fmt, "ppi": ppi} if fmt != "pdf" else {}
    return _compiler().compile(
        input=source,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, separators=(",", ":"))},
        **options,
    )
