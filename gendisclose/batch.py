"""Many workbooks at once: the finance bureau's check-and-build loop (批量检查与生成).

Each department is a pure function of its workbook: :func:`validate_one` and
:func:`build_one` take a path and return a small picklable :class:`DepartmentResult`
(status, counts, issues as dicts, key totals in 万元, outputs, timings). They never raise:
anything unexpected becomes an error of that file ("内部错误：…"), so one broken workbook
never stops the others. :func:`execute` runs them in a process pool (``forkserver`` on
Linux, ``spawn`` elsewhere); a worker that dies outright (a crash, the OOM killer) breaks
the pool, and the files it took down are retried in a fresh pool and, if need be, one by
one in their own process.

``build_one`` writes its outputs under ``OUT/.staging/<key>/``; :func:`place_outputs`
(in the parent, once every result is in) moves them to ``OUT/<file_stem>.<fmt>``, or to
``OUT/<workbook stem>/…`` for departments whose file names would collide, and writes each
department's manifest (:mod:`gendisclose.manifest`).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from . import manifest as mf
from .ooxml import append_row, workbook_bytes

STATUS_OK = "通过"
STATUS_ERRORS = "有错误"
CHANGE_NEW = "新生成"
CHANGE_UPDATED = "已更新"
CHANGE_SKIPPED = "未变化，跳过"

#: key totals of the summary, in order: (key, column header)
TOTALS = (
    ("income_total", "收入总计（万元）"),
    ("basic", "基本支出（万元）"),
    ("project", "项目支出（万元）"),
    ("three_public", "“三公”经费（万元）"),
    ("agency_operating", "机关运行经费（万元）"),
)

STAGING = ".staging"


# ---------------------------------------------------------------- inputs


class InputError(Exception):
    """A command-line input that is not there (message in Chinese, for the user)."""


def collect_inputs(args: Iterable[Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """Files and directories → the workbooks to process, in a stable order.

    A directory means its ``*.xlsx`` (not recursive), skipping Excel lock files (``~$…``),
    hidden files and anything in ``exclude`` (the summary we are about to write).
    A named file is taken as given, whatever its extension (the reader will say what is
    wrong with it). Raises :class:`InputError` for a missing path or an empty directory.
    """
    skip = {p.resolve() for p in exclude}
    found: list[Path] = []
    for arg in args:
        if arg.is_dir():
            members = sorted(
                p
                for p in arg.iterdir()
                if p.is_file()
                and p.suffix.lower() == ".xlsx"
                and not p.name.startswith(("~$", "."))
                and p.resolve() not in skip
            )
            if not members:
                raise InputError(f"目录中没有 .xlsx 工作簿：{arg}")
            found.extend(members)
        elif arg.exists():
            found.append(arg)
        else:
            raise InputError(f"找不到文件或目录：{arg}")
    seen: set[Path] = set()
    unique = []
    for p in found:
        r = p.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(p)
    return unique


def unique_keys(paths: list[Path]) -> dict[Path, str]:
    """A distinct key per workbook (its file stem; ``stem-2`` … when two share a stem).

    The key names the manifest and the sub-folder used when output names collide.
    Assigned in sorted path order, so the same inputs get the same keys every run.
    """
    from .pipeline import safe_file_stem

    keys: dict[Path, str] = {}
    used: Counter[str] = Counter()
    for p in sorted(paths, key=lambda q: (q.name, str(q))):
        base = safe_file_stem(p.stem)
        used[base.casefold()] += 1
        n = used[base.casefold()]
        keys[p] = base if n == 1 else f"{base}-{n}"
    return keys


# ---------------------------------------------------------------- result


@dataclass
class DepartmentResult:
    """What one worker reports about one workbook (small and picklable)."""

    file: str
    key: str
    department: str | None = None
    kind: str | None = None  # 部门预算公开 / 部门决算公开, told from the workbook's sheets
    ok: bool = False
    errors: int = 0
    warnings: int = 0
    issues: list[dict] = field(default_factory=list)
    totals: dict[str, str] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)  # build: paths relative to OUT
    change: str | None = None  # build: 新生成 / 已更新 / 未变化，跳过
    timings: dict[str, float] = field(default_factory=dict)
    internal_error: bool = False
    # build internals, used by place_outputs
    input_sha256: str | None = None
    file_stem: str | None = None
    formats: tuple[str, ...] = ()
    staged: dict[str, str] = field(default_factory=dict)  # staged path (relative to OUT) → sha256
    previous: dict[str, str] = field(default_factory=dict)  # old manifest outputs

    @property
    def status(self) -> str:
        return STATUS_OK if self.ok else STATUS_ERRORS

    def public_dict(self) -> dict:
        """The JSON form (no build internals)."""
        d = asdict(self)
        for k in ("staged", "previous", "input_sha256", "file_stem", "formats"):
            d.pop(k)
        d["status"] = self.status
        return d


def _issue_counts(issues: list[dict]) -> tuple[int, int]:
    errors = sum(1 for i in issues if i.get("level") == "错误")
    return errors, len(issues) - errors


def error_result(file: str, key: str, code: str, message: str, *, internal: bool = False) -> DepartmentResult:
    """A result with one workbook-level error and nothing else."""
    issue = {
        "level": "错误",
        "code": code,
        "cell": None,
        "sheet": None,
        "row": None,
        "column": None,
        "message": message,
        "related": [],
    }
    return DepartmentResult(file=file, key=key, errors=1, issues=[issue], internal_error=internal)


def internal_error_result(file: str, key: str, exc: BaseException | str) -> DepartmentResult:
    """The result for a workbook the tool itself failed on: an error, never a traceback."""
    what = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    message = f"内部错误：{what}，请将该工作簿发给维护人员"
    return error_result(file, key, "internal", message, internal=True)


# ---------------------------------------------------------------- key totals


def _wan(amount: Decimal | None) -> str:
    from .money import wan_amount

    return wan_amount(amount)


def key_totals(department) -> dict[str, str]:
    """收入总计, 基本支出, 项目支出, 三公, 机关运行经费 in 万元 (two decimals), from the tables' figures."""
    from .derive.tables import derive_numbers
    from .model import DocumentKind

    if department.kind is DocumentKind.FINAL_ACCOUNTS:
        return _final_key_totals(department)
    numbers = derive_numbers(department)
    t3 = numbers.t3_total
    values = {
        "income_total": numbers.income_total,
        "basic": t3.get("basic"),
        "project": t3.get("project"),
        "three_public": numbers.t10_total,
        "agency_operating": numbers.t11_total,
    }
    return {k: _wan(v) for k, v in values.items()}


def _final_key_totals(department) -> dict[str, str]:
    """The same key totals of a 决算: J01 总计, J03 基本/项目支出, J09 决算数 合计, J10 机关运行经费."""
    from .derive.final_tables import derive_final_numbers

    t = derive_final_numbers(department)
    values = {
        "income_total": t.income_grand_total,
        "basic": t.j03[0].get("basic"),
        "project": t.j03[0].get("project"),
        "three_public": t.three_public_cells(t.three_public_final)[0],
        "agency_operating": department.agency_operating.total,
    }
    return {k: _wan(v) for k, v in values.items()}


# ---------------------------------------------------------------- workers


def _from_checked(file: str, key: str, checked, with_totals: bool) -> DepartmentResult:
    issues = [i.as_dict() for i in checked.issues]
    errors, warnings = _issue_counts(issues)
    result = DepartmentResult(
        file=file,
        key=key,
        department=checked.department.info.name if checked.department is not None else None,
        kind=checked.department.kind.value if checked.department is not None else None,
        ok=checked.ok,
        errors=errors,
        warnings=warnings,
        issues=issues,
        timings=dict(checked.timings.stages),
    )
    if with_totals and checked.ok:
        start = time.perf_counter()
        result.totals = key_totals(checked.department)
        result.timings["关键数字"] = time.perf_counter() - start
    return result


def _profile(folder: str | None):  # noqa: ANN202 - Profile | None
    """The profile a task names (loaded once per worker process; checked by the CLI first)."""
    if folder is None:
        return None
    from .profile import load_profile

    return load_profile(folder)


def validate_one(path: str, key: str | None = None, profile: str | None = None) -> DepartmentResult:
    """Check one workbook (读取 + 校验) and compute its key totals. Never raises."""
    key = key or Path(path).stem
    try:
        from .pipeline import check_workbook

        loaded = _profile(profile)
        checked = check_workbook(Path(path), profile=loaded) if loaded else check_workbook(Path(path))
        return _from_checked(path, key, checked, with_totals=True)
    except Exception as exc:  # noqa: BLE001 - contain everything: one workbook never stops the batch
        return internal_error_result(path, key, exc)


def build_one(
    path: str,
    out_dir: str,
    key: str | None = None,
    formats: tuple[str, ...] = ("docx", "pdf"),
    force: bool = False,
    profile: str | None = None,
) -> DepartmentResult:
    """Build one workbook into ``OUT/.staging/<key>/`` unless its manifest says it is current.

    Bytes in, files out: the result names the staged files and their hashes;
    :func:`place_outputs` moves them into place. Never raises.
    """
    key = key or Path(path).stem
    try:
        return _build_one(Path(path), Path(out_dir), key, tuple(formats), force, profile)
    except Exception as exc:  # noqa: BLE001
        return internal_error_result(path, key, exc)


def _build_one(path: Path, out: Path, key: str, formats: tuple[str, ...], force: bool,
               profile_dir: str | None = None) -> DepartmentResult:
    from .pipeline import build_workbook

    start = time.perf_counter()
    profile = _profile(profile_dir)
    try:
        digest = mf.sha256_file(path)
    except OSError as exc:
        return error_result(str(path), key, "unreadable", f"无法读取文件：{exc.strerror or exc}")
    if profile is not None:  # a changed profile makes every workbook's build out of date
        digest = mf.sha256_bytes(f"{digest}+profile:{profile.fingerprint}".encode())
    old = mf.load(mf.manifest_path(out, key))
    previous = dict(old.outputs) if old else {}
    if not force and mf.is_current(old, out, digest, formats):
        assert old is not None
        s = old.summary
        return DepartmentResult(
            file=str(path),
            key=key,
            department=s.get("department"),
            ok=True,
            warnings=int(s.get("warnings", 0)),
            issues=list(s.get("issues", [])),
            totals=dict(s.get("totals", {})),
            outputs=sorted(old.outputs),
            change=CHANGE_SKIPPED,
            timings={"核对清单": time.perf_counter() - start},
            input_sha256=digest,
            file_stem=s.get("file_stem"),
            formats=formats,
            previous=previous,
        )
    staging = out / STAGING / key
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
    built = build_workbook(path, staging, formats, profile)
    result = _from_checked(str(path), key, built.checked, with_totals=True)
    result.input_sha256 = digest
    result.formats = formats
    result.previous = previous
    if built.checked.ok:
        result.file_stem = built.outputs[0].stem if built.outputs else None
        result.staged = {p.relative_to(out).as_posix(): mf.sha256_file(p) for p in built.outputs}
        result.change = CHANGE_UPDATED if old is not None else CHANGE_NEW
    return result


@dataclass(frozen=True)
class Task:
    """One unit of work sent to a worker process: a workbook path and what to do with it."""

    path: str
    key: str
    out_dir: str | None = None  # None → validate only
    formats: tuple[str, ...] = ("docx", "pdf")
    force: bool = False
    profile: str | None = None  # a profile folder (None: the default)


def run_task(task: Task) -> DepartmentResult:
    """The worker entry point (module level, so it pickles by reference)."""
    if task.out_dir is None:
        return validate_one(task.path, task.key, task.profile)
    return build_one(task.path, task.out_dir, task.key, task.formats, task.force, task.profile)


# ---------------------------------------------------------------- the pool

#: modules the forkserver imports once, so each forked worker starts warm
PRELOAD_VALIDATE = (
    "gendisclose.batch",
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
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(building)) as pool:
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
    return sorted(crashed)


# ---------------------------------------------------------------- placing build outputs


def place_outputs(results: list[DepartmentResult], out: Path) -> None:
    """Move staged outputs into ``OUT`` and write each department's manifest.

    A department goes to ``OUT/<file_stem>.<fmt>`` unless another department of this batch
    (or one recorded by an earlier build's manifest in ``OUT``) has the same file stem;
    then each of them goes to ``OUT/<workbook stem>/``. Outputs an earlier build of the
    same workbook left under other names are removed. Updates ``result.outputs``.
    """
    ours = {r.key for r in results}
    claimed_elsewhere: set[str] = set()
    for path in out.glob(".*.manifest.json"):
        key = path.name[1 : -len(".manifest.json")]
        other = mf.load(path)
        if key not in ours and other is not None:
            claimed_elsewhere.update(rel.casefold() for rel in other.outputs)

    building = [r for r in results if r.ok and r.file_stem and (r.staged or r.change == CHANGE_SKIPPED)]
    stems = Counter(r.file_stem.casefold() for r in building if r.file_stem)
    for r in building:
        assert r.file_stem is not None
        fmts = [Path(p).suffix for p in (r.staged or r.previous)]
        collide = stems[r.file_stem.casefold()] > 1 or any(
            f"{r.file_stem}{suffix}".casefold() in claimed_elsewhere for suffix in fmts
        )
        folder = f"{r.key}/" if collide else ""
        if r.staged:
            sources = r.staged
        else:  # skipped: move only if its place changed
            sources = r.previous
        moved: dict[str, str] = {}
        for rel, digest in sorted(sources.items()):
            target = f"{folder}{r.file_stem}{Path(rel).suffix}"
            if rel != target:
                (out / target).parent.mkdir(parents=True, exist_ok=True)
                os.replace(out / rel, out / target)
            moved[target] = digest
        for rel, digest in r.previous.items():
            if rel not in moved and (out / rel).is_file():
                try:
                    if mf.sha256_file(out / rel) == digest:
                        (out / rel).unlink()
                except OSError:
                    pass
        r.outputs = sorted(moved)
        if r.staged or moved.keys() != r.previous.keys():
            manifest = mf.Manifest(
                input_name=Path(r.file).name,
                input_sha256=r.input_sha256 or "",
                formats=r.formats,
                outputs=moved,
                summary={
                    "department": r.department,
                    "file_stem": r.file_stem,
                    "warnings": r.warnings,
                    "issues": r.issues,
                    "totals": r.totals,
                },
            )
            from .pipeline import atomic_write

            atomic_write(mf.manifest_path(out, r.key), manifest.to_json())
        r.staged = {}
    staging = out / STAGING
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)


# ---------------------------------------------------------------- summary


@dataclass
class BatchSummary:
    results: list[DepartmentResult]

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.ok)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.results if r.change == CHANGE_SKIPPED)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "total": len(self.results),
            "passed": self.passed,
            "failed": self.failed,
            "skipped": self.skipped,
            "files": [r.public_dict() for r in self.results],
        }


def sort_results(results: list[DepartmentResult]) -> list[DepartmentResult]:
    return sorted(results, key=lambda r: (Path(r.file).name, r.file))




def summary_workbook(results: list[DepartmentResult], *, build: bool) -> bytes:
    """汇总.xlsx: one row per department (sorted by file name), and every issue on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    header = ["文件", "部门名称", "状态", "错误数", "警告数", *(h for _, h in TOTALS)]
    if build:
        header += ["输出文件", "本次"]
    header += ["主要问题", "公开类型"]
    append_row(ws, header)
    bold = Font(bold=True)
    red = PatternFill("solid", fgColor="FFF2CC")
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in sort_results(results):
        first = [
            i["message"] if not i.get("cell") else f"{i['cell']}：{i['message']}"
            for i in r.issues
            if i["level"] == "错误"
        ][:3]
        row = [r.file, r.department or "", r.status, r.errors, r.warnings]
        row += [float(r.totals[k]) if r.totals.get(k) else None for k, _ in TOTALS]
        if build:
            row += ["\n".join(r.outputs), r.change or ""]
        row += ["\n".join(first), r.kind or ""]
        append_row(ws, row)
        if not r.ok:
            for cell in ws[ws.max_row]:
                cell.fill = red
        for cell in ws[ws.max_row][5 : 5 + len(TOTALS)]:
            cell.number_format = "#,##0.00"
    widths = [28, 28, 8, 8, 8] + [14] * len(TOTALS) + ([40, 12] if build else []) + [60, 14]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = w
    ws.freeze_panes = "B2"
    n = len(results)
    passed = sum(1 for r in results if r.ok)
    ws.append([])
    append_row(ws, [f"共 {n} 个工作簿：通过 {passed} 个，有错误 {n - passed} 个"])

    detail = wb.create_sheet("问题清单")
    append_row(detail, ["文件", "部门名称", "级别", "位置", "代码", "说明"])
    for cell in detail[1]:
        cell.font = bold
    for r in sort_results(results):
        for i in r.issues:
            append_row(
                detail, [r.file, r.department or "", i["level"], i.get("cell") or "", i["code"], i["message"]]
            )
    for letter, w in zip("ABCDEF", (28, 28, 6, 18, 24, 80), strict=True):
        detail.column_dimensions[letter].width = w
    detail.freeze_panes = "A2"
    return workbook_bytes(wb)
