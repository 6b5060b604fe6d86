"""Rendering speed helpers that change nothing in the output: a paused garbage collector, and
the PDF laid out on a second thread while this thread renders the DOCX.

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
