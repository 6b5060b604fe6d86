"""The workers: one workbook in, a small picklable :class:`DepartmentResult` out; never raises.

Each department is a pure function of its workbook. :func:`validate_one` reads and checks;
:func:`build_one` also renders, into a staging folder of its own inside ``OUT`` (nothing
outside ``OUT`` is written), and reports the staged files and their hashes;
:func:`gendisclose.batch.placement.place_outputs` (in the parent, once every result is in)
moves them into place. Anything unexpected becomes an error of that file ("内部错误：…"),
so one broken workbook never stops the others.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .. import manifest as mf
from .results import (
    CHANGE_NEW,
    CHANGE_SKIPPED,
    CHANGE_UPDATED,
    DepartmentResult,
    _issue_counts,
    error_result,
    internal_error_result,
    key_totals,
)

STAGING_PREFIX = ".staging-"
#: Why writing into the output folder fails that is the folder's fault, never the workbook's
#: (a full disk, a quota, a read-only or vanished folder): the build is refused in Chinese.
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO,
                             errno.EFBIG, errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG})

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
    from ..profile import load_profile

    return load_profile(folder)


def validate_one(path: str, key: str | None = None, profile: str | None = None) -> DepartmentResult:
    """Check one workbook (读取 + 校验) and compute its key totals. Never raises."""
    key = key or Path(path).stem
    try:
        from ..pipeline import check_workbook

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
    staging: str | None = None,
) -> DepartmentResult:
    """Build one workbook into a staging folder unless its manifest says it is current.

    ``profile`` is a profile folder (None: the default). ``staging`` is the run's private folder inside ``OUT`` (the command line makes one per
    run, :func:`gendisclose.batch.placement.staging_run`); without it the worker makes its own,
    ``OUT/.staging-…``. Bytes in, files out: the result names the staged files and their
    hashes; ``place_outputs`` moves them into place. Never raises.
    """
    from ..pipeline import safe_file_stem

    key = safe_file_stem(key or Path(path).stem)
    try:
        return _build_one(Path(path), Path(out_dir), key, tuple(formats), force, profile, staging)
    except Exception as exc:  # noqa: BLE001
        return internal_error_result(path, key, exc)


def _build_one(
    path: Path,
    out: Path,
    key: str,
    formats: tuple[str, ...],
    force: bool,
    profile_dir: str | None,
    staging: str | None,
) -> DepartmentResult:
    from ..pipeline import build_workbook

    start = time.perf_counter()
    profile = _profile(profile_dir)
    try:
        digest = mf.sha256_file(path)
    except mf.NotRegularFile:
        return error_result(str(path), key, "file.not_file", f"不是普通文件（管道、设备或套接字）：{path}")
    except OSError as exc:
        return error_result(str(path), key, "file.unreadable", f"无法读取文件：{path}（{exc.strerror or exc}）")
    if profile is not None:  # a changed profile makes every workbook's build out of date
        digest = mf.sha256_bytes(f"{digest}+profile:{profile.fingerprint}".encode())
    source = mf.source_id(path)
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
            source=source,
        )
    if staging is None:
        out.mkdir(parents=True, exist_ok=True)
        where = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    else:
        where = Path(staging) / key
        if where.exists():  # a retry after a crashed worker
            shutil.rmtree(where, ignore_errors=True)
    try:
        built = build_workbook(path, where, formats, profile)
    except OSError as exc:
        shutil.rmtree(where, ignore_errors=True)
        if exc.errno not in _STORAGE_ERRNOS or not _under(exc.filename, out):
            raise
        from .placement import os_reason

        return error_result(str(path), key, "output.write_failed",
                            f"无法在输出目录 {out} 中写出文件（{os_reason(exc)}）。本工作簿的文件均未写出")
    except BaseException:
        shutil.rmtree(where, ignore_errors=True)
        raise
    result = _from_checked(str(path), key, built.checked, with_totals=True)
    result.input_sha256 = digest
    result.formats = formats
    result.previous = previous
    result.source = source
    if built.checked.ok:
        result.file_stem = built.outputs[0].stem if built.outputs else None
        result.staged = {p.relative_to(out).as_posix(): mf.sha256_file(p) for p in built.outputs}
        result.staging = where.relative_to(out).as_posix()
        result.change = CHANGE_UPDATED if old is not None else CHANGE_NEW
    else:
        shutil.rmtree(where, ignore_errors=True)
    return result


def _under(filename: str | bytes | None, folder: Path) -> bool:
    """Whether the file an OSError names lies in ``folder`` (the error is about the output)."""
    if filename is None:
        return False
    try:
        return Path(os.fsdecode(filename)).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class Task:
    """One unit of work sent to a worker process: a workbook path and what to do with it."""

    path: str
    key: str
    out_dir: str | None = None  # None → validate only
    formats: tuple[str, ...] = ("docx", "pdf")
    force: bool = False
    profile: str | None = None  # a profile folder (None: the default)
    staging: str | None = None  # the run's private staging folder inside out_dir


def run_task(task: Task) -> DepartmentResult:
    """The worker entry point (module level, so it pickles by reference)."""
    if task.out_dir is None:
        return validate_one(task.path, task.key, task.profile)
    return build_one(task.path, task.out_dir, task.key, task.formats, task.force, task.profile, task.staging)
