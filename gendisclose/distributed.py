"""Builds on an existing Dask cluster (``gendisclose build DIR -o OUT --dask tcp://HOST:PORT``).

The cluster runs the same pure per-workbook function as the process pool,
:func:`gendisclose.batch.build_one` (or :func:`~gendisclose.batch.validate_one`), one task per
workbook; this process (the driver) shows the progress, then places the outputs, writes the
manifests and ``汇总.xlsx`` exactly as after a ``--jobs`` build (the CLI does that with the
results returned here). Only the batch module's public functions are used.

Paths: the workers read the workbooks and write their own ``OUT/.staging-…/`` themselves, so both
must be on a file system every worker sees under the same path; tasks are sent with absolute
paths and each result is given back the path as typed, so the summary and manifests are the
same bytes as a ``--jobs`` build's.

Failure isolation: ``build_one`` never raises, so an error of a workbook is already its row.
A workbook that kills its worker process (a crash in a native library, the OOM killer, the
nanny's memory limit) makes the scheduler retry it on another worker until its
``allowed-failures`` (Dask's default 3) is exhausted, then report ``KilledWorker``. Every task
lost that way — the culprit and any workbook that happened to share the dying worker — is run
again alone; the one that kills a worker again is reported as that workbook's
“内部错误：处理进程意外退出”, the others get their real result.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from .batch import DepartmentResult, build_one, internal_error_result, validate_one

INSTALL_HINT = '未安装 Dask：请先执行  pip install "gendisclose[dask]"  （或去掉 --dask，用本机进程池）'

#: Seconds to wait for the scheduler to answer, and for a first worker to join.
CONNECT_TIMEOUT = 15


class ClusterError(Exception):
    """The cluster cannot be used (message in Chinese, for the user); nothing was built."""


def _worker_version() -> str:
    """Runs on each worker: the gendisclose version it imports."""
    from . import __version__

    return __version__


#: What the process pool's forkserver imports before its workers fork; here each worker imports
#: them once before its first task (``gendisclose.render.warm`` fills the renderers' caches).
WARM_MODULES = (
    "gendisclose.batch",
    "gendisclose.pipeline",
    "gendisclose.workbook.reader",
    "gendisclose.rules",
    "gendisclose.derive.tables",
    "gendisclose.derive.document",
    "gendisclose.render.docx",
    "gendisclose.render.pdf",
    "gendisclose.render.warm",
)


def _warm_worker(building: bool) -> None:
    """Runs on each worker before the tasks: the stages imported once (failures are left to the
    tasks, which report them as their workbook's error)."""
    import importlib

    for name in WARM_MODULES if building else WARM_MODULES[:5]:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112
            continue


def connect(address: str):
    """A client of the scheduler at ``address`` whose workers import this gendisclose version."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(INSTALL_HINT) from None
    from . import __version__

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"无法连接 Dask 调度器 {address}：{exc or type(exc).__name__}") from None
    try:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (TimeoutError, OSError):
            raise ClusterError(f"Dask 集群 {address} 中没有可用的工作进程（等待 {CONNECT_TIMEOUT} 秒）") from None
        try:
            versions = client.run(_worker_version)
        except Exception as exc:  # noqa: BLE001 - e.g. gendisclose not importable on a worker
            raise ClusterError(f"Dask 工作进程无法导入 gendisclose（须在每个节点安装同一版本）：{exc}") from None
        other = {w: v for w, v in versions.items() if v != __version__}
        if other:
            worker, version = sorted(other.items())[0]
            raise ClusterError(f"Dask 工作进程 {worker} 上的 gendisclose 是 {version} 版，本机是 {__version__} 版："
                               "请在每个节点安装同一版本")
    except BaseException:
        client.close()
        raise
    return client


def execute_on_cluster(
    address: str,
    tasks: list,
    on_result: Callable[[DepartmentResult], None] | None = None,
) -> list[DepartmentResult]:
    """Run ``tasks`` (:class:`gendisclose.batch.Task`) on the cluster at ``address``; one
    result per task, in the order given (as :func:`gendisclose.batch.execute`)."""
    client = connect(address)
    try:
        return run_on_client(client, tasks, on_result)
    finally:
        client.close()


def _call(task) -> tuple[Callable, tuple]:  # noqa: ANN001
    """The batch function of ``task`` and its arguments, with absolute paths for the workers."""
    path = str(Path(task.path).absolute())
    if task.out_dir is None:
        return validate_one, (path, task.key, task.profile)
    return build_one, (path, str(Path(task.out_dir).absolute()), task.key, tuple(task.formats), task.force, task.profile)


def run_on_client(client, tasks: list, on_result=None) -> list[DepartmentResult]:  # noqa: ANN001
    """As :func:`execute_on_cluster`, with a connected ``distributed.Client``."""
    emit = on_result or (lambda r: None)
    run_id = uuid.uuid4().hex[:12]
    try:
        client.run(_warm_worker, any(t.out_dir is not None for t in tasks))
    except Exception:  # noqa: BLE001 - a worker that cannot warm up still gets its tasks
        pass
    results: dict[int, DepartmentResult] = {}
    lost = _round(client, tasks, list(range(len(tasks))), results, emit, run_id, 0)
    for n, i in enumerate(lost, start=1):  # alone, so only a workbook that kills a worker by itself is blamed
        if _round(client, tasks, [i], results, emit, run_id, n):
            results[i] = _given_path(tasks[i], internal_error_result(tasks[i].path, tasks[i].key, "处理进程意外退出"))
            emit(results[i])
    return [results[i] for i in range(len(tasks))]


def _given_path(task, result: DepartmentResult) -> DepartmentResult:  # noqa: ANN001
    result.file = task.path  # the path as typed (the worker saw it absolute)
    return result


def _round(client, tasks, indices, results, emit, run_id: str, n: int) -> list[int]:  # noqa: ANN001
    """Submit ``indices``, collect them as they finish; return those lost with a killed worker."""
    from distributed import KilledWorker, as_completed

    futures = {}
    for i in indices:
        function, args = _call(tasks[i])
        # positional arguments only: submit's own key= is the Dask task key
        future = client.submit(function, *args, key=f"gendisclose-{run_id}-{n}-{i}", pure=False, retries=0)
        futures[future] = i
    lost: list[int] = []
    for future in as_completed(list(futures), loop=client.loop):
        i = futures.pop(future)
        try:
            result = future.result()
        except KilledWorker:
            lost.append(i)
            continue
        except Exception as exc:  # noqa: BLE001 - e.g. a result that would not deserialize
            result = internal_error_result(tasks[i].path, tasks[i].key, exc)
        finally:
            future.release()
        results[i] = _given_path(tasks[i], result)
        emit(results[i])
    return sorted(lost)
