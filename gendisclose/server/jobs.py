"""Running work in processes of its own, with a time limit.

:func:`run` forks one process per call (from the forkserver, which has imported the pipeline
once, so a check starts warm), waits at most ``limit`` seconds and kills it after; a crash or a
hang becomes a :class:`JobFailed`, never the server's problem. At most ``slots`` run at once.
"Build all" goes through the batch's own pool (:func:`gendisclose.batch.execute`) with the
same time limit (:func:`gendisclose.server.work.timed_task`).
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable
from typing import Any


class JobFailed(Exception):
    """The worker crashed or ran out of time; ``str()`` is the Chinese reason."""


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux"):
        from ..batch import PRELOAD_BUILD

        ctx = multiprocessing.get_context("forkserver")
        # the CLI too: a child of `gendisclose serve` imports its main module (gendisclose.__main__)
        ctx.set_forkserver_preload([*PRELOAD_BUILD, "gendisclose.server.work", "gendisclose.diff", "gendisclose.cli"])
        return ctx
    return multiprocessing.get_context("spawn")


def _child(conn, fn: Callable, args: tuple) -> None:  # noqa: ANN001
    try:
        conn.send(("ok", fn(*args)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as this job's failure
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class Runner:
    def __init__(self, slots: int, limit: float) -> None:
        self.slots = threading.BoundedSemaphore(max(1, slots))
        self.limit = limit
        self.ctx = _context()

    def run(self, fn: Callable, *args: Any, limit: float | None = None) -> Any:
        limit = self.limit if limit is None else limit
        with self.slots:
            parent, child = self.ctx.Pipe(duplex=False)
            proc = self.ctx.Process(target=_child, args=(child, fn, args), daemon=True)
            proc.start()
            child.close()
            try:
                if not parent.poll(limit):
                    raise JobFailed(f"处理超时（超过 {limit:g} 秒），已停止")
                try:
                    status, value = parent.recv()
                except EOFError:
                    raise JobFailed("处理进程意外退出") from None
            finally:
                if proc.is_alive():
                    proc.kill()
                proc.join(5)
                parent.close()
        if status != "ok":
            raise JobFailed(f"内部错误：{value}")
        return value
