"""Rendering speed helpers that change nothing in the output: a paused garbage collector, and
the DOCX rendered in a forked child while this process renders the PDF.

Both are measured (see :mod:`gendisclose.render.pdf`'s docstring): the collector pause saves
~25–30 % of the PDF's CPU; the forked DOCX takes the DOCX (~1.3 s for the largest sample) off
the wall time of a single build on a machine with a second core. The child computes exactly
what the parent would (same code, same document, same bytes) and hands the bytes back through
a pipe; it never writes a file, so :func:`gendisclose.pipeline.build_workbook` still writes
nothing unless every format rendered.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a document is laid out and written, one at the end.

    weasyprint builds millions of short-lived objects with reference cycles (boxes point at
    their parents); with the default thresholds the collector ran again and again over the
    growing heap, ~25–30 % of the PDF's CPU time. One collection afterwards frees the same
    garbage (peak memory of the largest sample 283 MB instead of 258 MB). Nested use collects
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


def can_fork_a_renderer() -> bool:
    """A second renderer process helps only for one build in a top-level process on Linux with
    two or more usable cores; batch workers (children of the pool) already use every core."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    if multiprocessing.parent_process() is not None:
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2


class ChildRender:
    """``render()`` running in a forked child; :meth:`result` returns its bytes and seconds."""

    def __init__(self, render: Callable[[], bytes]):
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: render, send, and leave without running any exit handler
            status = 0
            try:
                os.close(read_fd)
                gc.disable()  # the child exits right after: nothing to collect
                start = time.perf_counter()
                try:
                    payload = (True, render(), time.perf_counter() - start)
                except BaseException as exc:  # noqa: BLE001 - sent to the parent, raised there
                    try:
                        pickle.dumps(exc)
                        payload = (False, exc, 0.0)
                    except Exception:  # noqa: BLE001
                        payload = (False, RuntimeError(f"{type(exc).__name__}: {exc}"), 0.0)
                data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_fd, "wb") as out:
                    out.write(data)
            except BaseException:  # noqa: BLE001
                status = 1
            finally:
                os._exit(status)
        os.close(write_fd)
        self.pid = pid
        self.read_fd = read_fd

    def result(self) -> tuple[bytes, float]:
        with os.fdopen(self.read_fd, "rb") as src:
            data = src.read()
        _, status = os.waitpid(self.pid, 0)
        if not data:
            raise RuntimeError(f"渲染子进程意外退出（状态 {status}）")
        ok, value, seconds = pickle.loads(data)
        if not ok:
            raise value
        return value, seconds

    def cancel(self) -> None:
        import signal

        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.close(self.read_fd)
        except OSError:
            pass
        os.waitpid(self.pid, 0)
