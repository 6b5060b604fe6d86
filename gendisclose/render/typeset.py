"""The Typst compiler as the renderers use it: fixed template code, data as JSON in
``sys.inputs``, the packaged CJK faces only, an empty project root, no packages.

Every renderer that lays something out with Typst (the PDF, the charts) goes through
:func:`compile_typst`, so the sandbox is defined once: the compiler is given no system font,
no file (the root is a private folder holding only our template code), no package directory, and it has no network
code. User text is only ever a JSON string placed as a value by the template, never markup.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import hashlib
import json
import sys
import tempfile
import threading
from functools import cache
from pathlib import Path

from ..resources import font_path, template_path


@cache
def _sandbox() -> tuple[str, str]:
    """(private project root, folder of the packaged faces): the only places the compiler looks.
    The root holds nothing but our template code (:func:`_source_file`)."""
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

#: glibc's ``mallopt`` parameter and the fixed threshold (its default starting value).
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 128 * 1024


@cache
def _libc():
    """glibc, or None (another platform or C library)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


@cache
def tune_allocator() -> bool:
    """On Linux with glibc, keep large blocks (≥ 128 KiB) in their own mappings, returned to the
    system when freed. By default glibc raises that threshold each time such a block is freed
    (up to 32 MiB), after which Typst's large buffers land in the heap between small objects,
    stay resident as fragments and the peak varies from run to run: measured, PDF of a
    300-project department alone 452–513 MB by default, 411 MB every run with the threshold
    fixed; same bytes, no measurable CPU cost. Other platforms have other allocators: nothing is
    changed there. True when applied."""
    libc = _libc()
    return libc is not None and bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def release_memory() -> None:
    """Give freed heap pages back to the system (glibc ``malloc_trim``) so the next stage's
    peak does not stack on the previous stage's garbage. A no-op elsewhere."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def _compiler():
    """This thread's compiler, made on first use (never in a process that will fork: see
    :mod:`.warm`). A long-lived ``typst.Compiler`` trims Typst's memo cache after each compile;
    one-off ``typst.compile`` calls never do, so a batch worker grew ≈ 37 MB per document
    (measured: 163 → 522 MB over 10 compiles of the largest sample; with one compiler it stays
    flat). Thread-local because a compiler serves one call at a time."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        import typst

        tune_allocator()
        root, fonts = _sandbox()
        compiler = _local.compiler = typst.Compiler(
            b"", root=root, font_paths=[fonts], ignore_system_fonts=True,
            package_path=root, package_cache_path=root,
        )
    return compiler


#: typst-py ages Typst's memo cache once per compile and drops what 10 compiles have not used.
_MEMO_AGE = 10


def forget_compiles() -> None:
    """Drop what earlier compiles left in Typst's memo cache (process-wide), by compiling an
    empty document as many times as the cache keeps entries: ≈ 2 ms each. After a large
    document the cache holds ≈ 100 MB (300 projects) that the next documents of a batch would
    otherwise pile on until ten compiles have passed (measured: a batch of a 300-project and
    three small departments peaked at 556–563 MB without this, 436–439 MB with it)."""
    compiler = _compiler()
    for _ in range(_MEMO_AGE + 1):
        compiler.compile(input=b"", sys_inputs={"data": "{}"}, format="svg")


def to_json(data: dict) -> str:
    """``data`` as the JSON text the templates read (compact, characters as they are)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _source_file(source: bytes) -> Path:
    """``source`` as a file in the sandbox root, named by its digest (written once per process).

    typst-py evaluates an expression (:func:`compile_and_eval`) only against a compile whose
    input was a file: bytes given as the input are forgotten after the compile. The file is our
    fixed template code; user data still reaches it only as JSON in ``sys.inputs``."""
    root, _ = _sandbox()
    path = Path(root) / f"main-{hashlib.sha256(source).hexdigest()[:16]}.typ"
    with _source_lock:
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(source)
            tmp.replace(path)
            atexit.register(path.unlink, missing_ok=True)
    return path


_source_lock = threading.Lock()


def compile_and_eval(source: bytes, data: str, expression: str,
                     pdf_standards: tuple[str, ...] = ()) -> tuple[bytes, object]:
    """The PDF of ``source`` with ``data``, and the value (decoded JSON) of a Typst
    ``expression`` evaluated against that same layout (``counter(page).at(<label>)`` …), at
    the cost of ≈ 1 ms after the compile: the layout is Typst's memoized one."""
    compiler = _compiler()
    pdf = compiler.compile(input=_source_file(source), sys_inputs={"data": data},
                           pdf_standards=list(pdf_standards))
    return pdf, json.loads(compiler.eval(expression, format="json"))


#: The PDF declares PDF/A-2b (archival) and PDF/UA-1 (tagged, accessible): Typst checks both
#: while exporting and refuses a document that breaks them (a missing title, language, alt text).
PDF_STANDARDS = ("a-2b", "ua-1")


def compile_typst(source: bytes, data: dict | str, *, fmt: str = "pdf", ppi: float | None = None,
                  pdf_standards: tuple[str, ...] = ()) -> bytes:
    """Compile fixed ``source`` with ``data`` as ``sys.inputs.data`` (a JSON string; ``data``
    may already be that text, see :func:`to_json`, so a large dict need not stay alive while
    Typst works). ``pdf_standards``: what the PDF declares and Typst checks (:data:`PDF_STANDARDS`)."""
    options = {"format": fmt, "ppi": ppi} if fmt != "pdf" else {"pdf_standards": list(pdf_standards)}
    return _compiler().compile(
        input=source,
        sys_inputs={"data": data if isinstance(data, str) else to_json(data)},
        **options,
    )
