"""Rendering speed helpers that change nothing in the output: a paused garbage collector, and
the PDF laid out on a second thread while this thread renders the DOCX.

The Typst compiler releases the GIL while it works (measured: a Python loop on the main thread
kept ~90 % of its speed during a compile), so a plain thread overlaps the PDF with python-docx
without a second process: nothing is forked (forking a process whose Typst thread pool has
started is unsafe), nothing is pickled, and the bytes are the ones a sequential render gives.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


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


class ThreadRender:
    """``render()`` running on a thread; :meth:`result` returns its bytes and seconds (or
    raises what it raised)."""

    def __init__(self, render: Callable[[], bytes]):
        self._outcome: tuple[bool, object, float] | None = None

        def run() -> None:
            start = time.perf_counter()
            try:
                self._outcome = (True, render(), time.perf_counter() - start)
            except BaseException as exc:  # noqa: BLE001 - re-raised by result()
                self._outcome = (False, exc, 0.0)

        self._thread = threading.Thread(target=run, name="gendisclose-render", daemon=True)
        self._thread.start()

    def join(self) -> None:
        self._thread.join()

    def result(self) -> tuple[bytes, float]:
        self._thread.join()
        assert self._outcome is not None
        ok, value, seconds = self._outcome
        if not ok:
            raise value  # type: ignore[misc]
        return value, seconds  # type: ignore[return-value]


def overlap_helps() -> bool:
    """A second render thread pays off when the process has a spare core (always true for one
    build on a desktop; a batch worker on a busy machine loses nothing by it either)."""
    try:
        import os

        return len(os.sched_getaffinity(0)) >= 2 if sys.platform.startswith("linux") else (os.cpu_count() or 1) >= 2
    except (AttributeError, OSError):
        return False
