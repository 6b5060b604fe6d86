"""Rendering speed and memory helpers that change nothing in the output: a paused garbage
collector, the PDF laid out on a second thread while this thread renders the DOCX, and for a
large document the formats one after the other instead (:func:`render_plan`).

The Typst compiler releases the GIL while it works (measured: a Python loop on the main thread
kept ~90 % of its speed during a compile), so a thread overlaps the PDF with python-docx without
a second process: nothing is forked (forking a process whose Typst threads have started is
unsafe), nothing is pickled, and the bytes are the ones a sequential render gives.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from functools import cache

from ..document import Document, Table
from .typeset import forget_compiles, release_memory


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a document is rendered, one collection at the end.

    The renderers build many short-lived objects with reference cycles (python-docx's element
    proxies, lxml trees); with the default thresholds the collector runs again and again over
    the growing heap. One collection afterwards frees the same garbage. Nested use collects
    once, at the outermost level.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


@cache
def _render_thread() -> ThreadPoolExecutor:
    """One long-lived render thread per process: its Typst compiler (thread-local, see
    :func:`.typeset._compiler`) is reused from build to build, so Typst's memo cache is trimmed
    instead of growing with every document."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="gendisclose-render")


class ThreadRender:
    """``render()`` running on the render thread; :meth:`result` returns its bytes and seconds
    (or raises what it raised)."""

    def __init__(self, render: Callable[[], bytes]):
        def timed() -> tuple[bytes, float]:
            start = time.perf_counter()
            return render(), time.perf_counter() - start

        self._future = _render_thread().submit(timed)

    def join(self) -> None:
        wait([self._future])

    def result(self) -> tuple[bytes, float]:
        return self._future.result()


#: Table cells above which a document's formats are rendered one after the other (the PDF first when
#: a DOCX is built: its 目录 takes the PDF's page numbers; otherwise last).
#: Side by side the two renderers' peaks add up; one after the other the peak is the larger one's.
#: Both are bounded now (issue 12): the PDF is laid out in parts above this size
#: (:mod:`.pdf_parts`), the DOCX written in compressed chunks (:mod:`.docx_stream`). The largest
#: sample has 3,600 cells; 10,000 (≈ 85 projects) keeps the overlap, and its speed, for every
#: usual department.
OVERLAP_MAX_CELLS = 10_000


#: The largest document a build lays out, in table cells (≈ 1,800 projects, ≈ 3,000 pages).
#: What still grows with the department is the workbook, the model and the document in memory
#: and the output files (≈ 1 KB a table cell, :func:`estimated_peak_mb`); the renderers are
#: bounded. The workbook reader accepts 20,000 rows a sheet: beyond this limit a build refuses,
#: before rendering, instead of passing 400 MB (a limit that leaves every real department far
#: below: the largest sample is 50 times smaller).
MAX_TABLE_CELLS = 180_000


def estimated_peak_mb(cells: int) -> int:
    """Peak memory of a build (DOCX + PDF) of a document with ``cells`` table cells, in MB
    (``benchmarks/memory.py`` on Linux, session 4: 31,000 cells 210 MB, 101,600 cells 280 MB,
    171,900 cells 332 MB)."""
    return 180 + cells // 1000


def table_cells(document: Document) -> int:
    """Cells in the document's tables: the measure of how much memory its rendering needs."""
    return sum(len(row) for b in document.blocks if isinstance(b, Table) for row in (*b.header, *b.body))


def render_plan(document: Document, formats: tuple[str, ...]) -> tuple[str | None, list[str], bool]:
    """(format rendered on the side thread or None, formats rendered here in this order, whether
    the document is large). A large document is rendered one format after the other with the
    PDF last (first when a DOCX is built: its 目录 needs the PDF's page numbers; Typst's memo
    cache is dropped after it), each after the previous one's garbage is collected and handed back
    (:func:`release_before_next`): its peak is the larger of the renderers' instead of their
    sum."""
    if table_cells(document) > OVERLAP_MAX_CELLS:
        if "docx" in formats:  # the DOCX's 目录 takes its page numbers from the PDF's layout
            return None, sorted(formats, key=lambda f: f != "pdf"), True
        return None, sorted(formats, key=lambda f: f == "pdf"), True
    side = "pdf" if "pdf" in formats and len(formats) > 1 and overlap_helps() else None
    return side, [f for f in formats if f != side], False


def release_after_large() -> None:
    """After a large document: forget Typst's memo cache of it and hand the pages back, so the
    next documents of a batch (in this process or a pool worker) start from a small heap
    instead of piling on it."""
    forget_compiles()
    release_memory()


def release_before_next() -> None:
    """Collect the cyclic garbage now (the collector is paused while rendering) and give the
    freed pages back, so the next renderer starts from a small heap."""
    gc.collect()
    release_memory()


def overlap_helps() -> bool:
    """A second render thread pays off for one build in a top-level process with a spare core.
    Batch workers (children of the pool) render one format after the other: the pool already
    keeps every core busy, and one thread per worker keeps ``--jobs`` an honest core count."""
    import multiprocessing
    import os

    if multiprocessing.parent_process() is not None:
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2
