"""The process pool: run tasks in worker processes; a worker that dies only costs its own file.

A worker that dies outright (a crash, the OOM killer) breaks the pool; the files it took down
are retried in a fresh pool and, if need be, one by one in their own process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from .results import DepartmentResult, internal_error_result
from .workers import Task, run_task

#: modules the forkserver imports once, so each forked worker starts warm
PRELOAD_VALIDATE = (
    "gendisclose.batch",
    "gendisclose.batch.workers",
    "gendisclose.pipeline",
    "gendisclose.workbook.reader",
    "gendisclose.rules",
    "gendisclose.derive.tables",
)
PRELOAD_BUILD = (
    *PRELOAD_VALIDATE,
    "gendisclose.derive.document",
    "gendisclose.render.docx",
    "gendisclose.render.pdf",
    "gendisclose.render.warm",  # fills the renderers' caches, then gc.freeze() (see its docstring)
)


def _context(building: bool) -> multiprocessing.context.BaseContext:
    """``forkserver`` on Linux (workers fork from a warm server that has imported the stages);
    ``spawn`` elsewhere. The first batch of a process fixes the preload list."""
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(PRELOAD_BUILD if building else PRELOAD_VALIDATE))
        return ctx
    return multiprocessing.get_context("spawn")


#: Build workers are recycled: a fresh pool (fresh workers forked from the warm forkserver) every
#: ``RECYCLE_AFTER`` documents per worker. Measured (issue 7): a build worker's resident memory
#: grows ~0.35 MB per document and is never given back (184 MB after 1 document, 227 MB after
#: 120), which over 500 documents per worker would take it past the 400 MB target.
#: ``ProcessPoolExecutor(max_tasks_per_child=…)`` would recycle without the short wait at each
#: pool boundary, but deadlocks on Python 3.11–3.13 when tasks are queued ahead (cpython
#: gh-115634), which is how :func:`_run_pool` submits them.
RECYCLE_AFTER = 100


def default_jobs() -> int:
    return os.cpu_count() or 1


Worker = Callable[[Task], DepartmentResult]


def execute(
    tasks: list[Task],
    jobs: int | None = None,
    on_result: Callable[[DepartmentResult], None] | None = None,
    worker: Worker = run_task,
) -> list[DepartmentResult]:
    """Run every task; return one result per task, in the order given.

    ``jobs <= 1`` runs in this process (no pool). Otherwise a process pool of
    ``min(jobs, len(tasks))`` workers. A worker process that dies takes the pool down with
    every unfinished task; those are run again in a fresh pool, and when a round makes no
    progress, one by one in a pool of their own, so only the culprit is reported
    ("内部错误：处理进程意外退出"). Builds run in successive pools of ``jobs * RECYCLE_AFTER``
    tasks, so no worker renders more than ``RECYCLE_AFTER`` documents (see there).
    """
    jobs = default_jobs() if jobs is None else jobs
    emit = on_result or (lambda r: None)
    results: dict[int, DepartmentResult] = {}
    if jobs <= 1 or len(tasks) <= 1:
        for i, task in enumerate(tasks):
            results[i] = _safe_call(worker, task)
            emit(results[i])
        return [results[i] for i in range(len(tasks))]

    building = any(t.out_dir is not None for t in tasks)
    chunk = max(1, jobs * RECYCLE_AFTER) if building else len(tasks)
    for start in range(0, len(tasks), chunk):
        _execute_pooled(tasks, list(range(start, min(start + chunk, len(tasks)))), jobs, worker, results, emit)
    return [results[i] for i in range(len(tasks))]


def _execute_pooled(
    tasks: list[Task],
    pending: list[int],
    jobs: int,
    worker: Worker,
    results: dict[int, DepartmentResult],
    emit: Callable[[DepartmentResult], None],
) -> None:
    """Run ``pending`` in pools (retrying what a dead worker took down); fills ``results``."""
    isolate = False
    while pending:
        if isolate:
            for i in pending:
                crashed = _run_pool(tasks, [i], 1, worker, results, emit)
                for j in crashed:
                    results[j] = internal_error_result(tasks[j].path, tasks[j].key, "处理进程意外退出")
                    emit(results[j])
            break
        crashed = _run_pool(tasks, pending, min(jobs, len(pending)), worker, results, emit)
        progressed = len(crashed) < len(pending)
        pending = crashed
        isolate = not progressed


def _safe_call(worker: Worker, task: Task) -> DepartmentResult:
    try:
        return worker(task)
    except Exception as exc:  # noqa: BLE001 - a worker must never take the batch down
        return internal_error_result(task.path, task.key, exc)


def ignore_interrupt() -> None:
    """A worker's initializer: Ctrl-C is the parent's to handle (:func:`_stop`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Block SIGINT in this thread while processes are started (POSIX): a child inherits the
    mask, so a Ctrl-C in the forkserver's first second (it imports the stages) cannot print a
    traceback there; here it arrives, as KeyboardInterrupt, once the block is lifted."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = block(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, old)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool at once: the workers are terminated first (a worker still starting would
    otherwise fail, with a traceback, on the queues shut down under it), nothing queued starts."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def _run_pool(
    tasks: list[Task],
    indices: list[int],
    jobs: int,
    worker: Worker,
    results: dict[int, DepartmentResult],
    emit: Callable[[DepartmentResult], None],
) -> list[int]:
    """Run ``indices`` in one pool; return the indices lost to a broken pool."""
    crashed: list[int] = []
    building = any(tasks[i].out_dir is not None for i in indices)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(building), initializer=ignore_interrupt) as pool:
        try:
            with _interrupt_deferred():  # the forkserver and the workers start with Ctrl-C blocked
                futures: dict[Future, int] = {pool.submit(_safe_call, worker, tasks[i]): i for i in indices}
            remaining = set(futures)
            while remaining:
                done, remaining = wait(remaining, return_when=FIRST_COMPLETED)
                for fut in done:
                    i = futures[fut]
                    try:
                        results[i] = fut.result()
                    except BrokenProcessPool:
                        crashed.append(i)
                        continue
                    except Exception as exc:  # noqa: BLE001 - e.g. a result that would not unpickle
                        results[i] = internal_error_result(tasks[i].path, tasks[i].key, exc)
                    emit(results[i])
        except KeyboardInterrupt:  # Ctrl-C: the workers ignore it; stop them, queue and all
            _stop(pool)
            raise
    return sorted(crashed)

