"""Placing a build's outputs in ``OUT``: only files the tool can prove it wrote are replaced.

Once every worker has reported, :func:`place_outputs` (in the parent) moves each
department's staged files to ``OUT/<file_stem>.<fmt>`` and writes its manifest. Rules:

* A file already at an output's name is replaced only when it is provably this workbook's
  earlier output (its manifest records it with these very bytes, :func:`manifest.owned`), or
  the earlier output of the same workbook content or place, or ``replace=True``
  (``--replace``). A file of someone else, an output edited by hand since, another workbook's
  output of the same name, a folder or a link in the way: the department is refused with a
  one-line message (code ``output.…``) and nothing of it is written.
* Two workbooks of one batch that would give the same file names are both refused.
* All formats of a department move together or not at all (earlier files are set aside in
  the staging folder and put back if any move or the manifest write fails).
* Earlier outputs of the same workbook under other names are deleted only when provably its.

Concurrent builds into one ``OUT`` are serialised while placing (an exclusive ``flock`` on the
``OUT`` folder, POSIX only); each run stages in a private folder, :func:`staging_run`.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import manifest as mf
from .results import CHANGE_SKIPPED, DepartmentResult, file_issue
from .workers import STAGING_PREFIX

LEGACY_STAGING = ".staging"
LOCK_NAME = ".lock"

try:
    import fcntl
except ImportError:  # Windows: no flock; staging folders of killed runs are then left behind
    fcntl = None  # type: ignore[assignment]


# ---------------------------------------------------------------- locking and staging


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder ``out`` (other gendisclose runs wait)."""
    if fcntl is None:
        yield
        return
    fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)  # releases the lock


#: A file system that cannot lock (NFS turns flock into a POSIX lock, which a folder opened
#: for reading cannot take: EBADF; some SMB mounts: ENOLCK): it is used unlocked, as on Windows.
_NO_LOCKS = frozenset(getattr(errno, name) for name in ("EBADF", "ENOLCK", "EOPNOTSUPP", "ENOTSUP", "EINVAL")
                      if hasattr(errno, name))


def _lock(fd: int) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as exc:
        if exc.errno not in _NO_LOCKS:
            raise


@contextmanager
def staging_run(out: Path) -> Iterator[Path]:
    """A private staging folder for one run, ``OUT/.staging-…``, removed when the run ends
    (also on Ctrl-C). While the run lives it holds a lock on ``.lock`` inside it, so other
    runs can tell it from the leftovers of a run that was killed, which are removed here."""
    out.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        remove_stale_staging(out)
        path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        held = None
        if fcntl is not None:
            held = os.open(path / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
            _lock(held)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        if held is not None:
            os.close(held)


def remove_stale_staging(out: Path) -> list[str]:
    """Remove the staging folders of runs that died (their lock is free); returns their names."""
    removed: list[str] = []
    try:
        names = os.listdir(out)
    except OSError:
        return removed
    for name in sorted(names):
        folder = out / name
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                continue
        except OSError:
            continue
        if name == LEGACY_STAGING or (name.startswith(STAGING_PREFIX) and _abandoned(folder)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(name)
    return removed


def _abandoned(folder: Path) -> bool:
    if fcntl is None:
        return False
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:  # no lock file: a worker's own folder (build_one without a run), maybe in use
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


# ---------------------------------------------------------------- placing


def place_outputs(results: list[DepartmentResult], out: Path, *, replace: bool = False) -> None:
    """Move staged outputs into ``OUT`` and write each department's manifest (see the module doc).

    Updates each result: ``outputs`` (paths relative to ``OUT``), or, when its files could not
    be placed, an ``output.…`` error (``ok`` False). Removes the results' staging folders.
    """
    out.mkdir(parents=True, exist_ok=True)
    try:
        with output_lock(out):
            claims = mf.all_manifests(out)
            building = [r for r in results if r.ok and r.file_stem and (r.staged or r.change == CHANGE_SKIPPED)]
            by_stem: dict[str, list[DepartmentResult]] = {}
            for r in building:
                assert r.file_stem is not None
                by_stem.setdefault(r.file_stem.casefold(), []).append(r)
            for r in building:
                assert r.file_stem is not None
                twins = [o.file for o in by_stem[r.file_stem.casefold()] if o is not r]
                if twins:
                    refuse(
                        r,
                        "output.same_name",
                        f"与 {'、'.join(twins)} 会生成同名的公开文件“{r.file_stem}”（部门名称和年度相同），"
                        "本次均未生成；请核对部门名称，同一部门只保留一个工作簿",
                    )
                elif r.staged:
                    _place_one(r, out, claims, replace)
                else:  # skipped: its files are already in place
                    r.outputs = sorted(r.previous)
    finally:
        for r in results:
            _discard_staging(r, out)


def refuse(r: DepartmentResult, code: str, message: str) -> None:
    """Turn a built result into an error: nothing of it is placed."""
    r.ok = False
    r.issues = [*r.issues, file_issue(code, message)]
    r.errors += 1
    r.change = None
    r.outputs = []
    r.staged = {}


def _place_one(r: DepartmentResult, out: Path, claims: dict[str, mf.Manifest], replace: bool) -> None:
    assert r.file_stem is not None and r.staging is not None
    moves = [(out / rel, f"{r.file_stem}{Path(rel).suffix}") for rel in sorted(r.staged)]
    problems: list[tuple[str, str]] = []
    taken: dict[str, set[str]] = {}
    for _, target in moves:
        problem, owner = _may_replace(out, target, r, claims, replace)
        if problem is not None:
            problems.append(problem)
        elif owner is not None and owner != r.key:
            taken.setdefault(owner, set()).add(target)
    if problems:
        refuse(r, problems[0][0], "；".join(msg for _, msg in problems) + "。本工作簿的文件均未写出")
        return
    manifest = mf.Manifest(
        input_name=Path(r.file).name,
        input_sha256=r.input_sha256 or "",
        formats=r.formats,
        outputs={target: r.staged[src.relative_to(out).as_posix()] for src, target in moves},
        summary={
            "department": r.department,
            "file_stem": r.file_stem,
            "warnings": r.warnings,
            "issues": r.issues,
            "totals": r.totals,
        },
        source=r.source,
    )
    try:
        _commit(moves, out, out / r.staging, mf.manifest_path(out, r.key), manifest.to_json())
    except OSError as exc:
        refuse(r, "output.write_failed", f"无法写出输出文件：{describe_os_error(exc)}。本工作簿的文件均未写出")
        return
    for rel, digest in r.previous.items():  # earlier outputs under names no longer produced
        others = any(rel in m.outputs for k, m in claims.items() if k != r.key)
        if rel not in manifest.outputs and not others and mf.owned(out, rel, digest):
            try:
                os.unlink(out / rel)
            except OSError:
                pass
    for key, names in taken.items():
        _release(out, key, claims[key], names)
    claims[r.key] = manifest
    r.outputs = sorted(manifest.outputs)
    r.staged = {}


def _may_replace(
    out: Path, target: str, r: DepartmentResult, claims: dict[str, mf.Manifest], replace: bool
) -> tuple[tuple[str, str] | None, str | None]:
    """(problem as (code, message), or None; the key of the manifest the file belongs to)."""
    path = out / target
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return ("output.blocked", f"无法检查“{target}”：{describe_os_error(exc)}"), None
    if stat.S_ISDIR(mode):
        return ("output.blocked", f"输出目录中已有名为“{target}”的文件夹，占用了要写出的文件名，请移走或改名该文件夹"), None
    if not stat.S_ISREG(mode):
        if replace and stat.S_ISLNK(mode):
            return None, None  # the link itself is replaced, never what it points to
        return ("output.foreign", f"输出目录中已有同名的链接或特殊文件“{target}”，未覆盖；请移走它"), None
    try:
        digest = mf.sha256_file(path)
    except OSError as exc:
        return ("output.blocked", f"无法读取已有的“{target}”：{describe_os_error(exc)}"), None
    owners = [k for k, m in claims.items() if m.outputs.get(target) == digest]
    if r.key in owners:
        return None, r.key
    for k in owners:
        m = claims[k]
        same_input = m.input_sha256 == r.input_sha256 or (m.source is not None and m.source == r.source)
        if same_input or (m.source is None and m.input_name == Path(r.file).name):
            return None, k
    if replace:
        return None, (owners[0] if owners else None)
    if owners:
        m = claims[owners[0]]
        return (
            "output.other_workbook",
            f"“{target}”是由另一个工作簿 {m.source or m.input_name} 生成的（两个工作簿的部门名称和年度相同），"
            "未覆盖；如果本工作簿是它的更正版本，请加 --replace 替换",
        ), None
    if any(target in m.outputs for m in claims.values()):
        return (
            "output.edited",
            f"“{target}”在生成之后被修改过（可能是手工编辑），未覆盖；确认可以替换请加 --replace，或先移走该文件",
        ), None
    return (
        "output.foreign",
        f"输出目录中已有同名文件“{target}”，不是本工具生成的，未覆盖；请移走该文件，或加 --replace 替换",
    ), None


def _commit(moves: list[tuple[Path, str]], out: Path, aside: Path, manifest_file: Path, manifest: bytes) -> None:
    """Move every staged file to its name and write the manifest, or change nothing at all."""
    from ..pipeline import atomic_write

    done: list[tuple[Path, Path | None]] = []
    try:
        for i, (src, target) in enumerate(moves):
            dst = out / target
            backup = None
            if os.path.lexists(dst):
                backup = aside / f".earlier-{i}{dst.suffix}"
                os.replace(dst, backup)
            try:
                os.replace(src, dst)
            except BaseException:
                if backup is not None:
                    os.replace(backup, dst)
                raise
            done.append((dst, backup))
        atomic_write(manifest_file, manifest)
    except BaseException:
        for dst, backup in reversed(done):
            if backup is not None:
                os.replace(backup, dst)
            else:
                dst.unlink(missing_ok=True)
        raise
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)


def _release(out: Path, key: str, manifest: mf.Manifest, names: set[str]) -> None:
    """Another manifest's outputs now belong to this build: drop them from it."""
    from ..pipeline import atomic_write

    manifest.outputs = {p: h for p, h in manifest.outputs.items() if p not in names}
    path = mf.manifest_path(out, key)
    try:
        if manifest.outputs:
            atomic_write(path, manifest.to_json())
        else:
            path.unlink()
    except OSError:
        pass


def _discard_staging(r: DepartmentResult, out: Path) -> None:
    if r.staging and r.staging.split("/")[0].startswith(STAGING_PREFIX):
        folder = mf.inside(out, r.staging)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    r.staging = None


_WHY = {
    "EACCES": "没有写入权限",
    "EPERM": "没有权限",
    "EROFS": "只读的磁盘或文件夹",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "EISDIR": "同名的是一个文件夹",
    "ENOTDIR": "路径中有一段不是文件夹",
    "ENOENT": "找不到",
    "EEXIST": "已存在",
    "ENAMETOOLONG": "文件名太长",
}


#: Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (a PDF open in a reader, a DOCX in WPS)
_IN_USE = (32, 33)


def os_reason(exc: OSError) -> str:
    """Why an OSError happened, in Chinese (from its errno)."""
    import errno

    if getattr(exc, "winerror", None) in _IN_USE:
        return "文件正被其他程序打开（如 WPS、Word 或 PDF 阅读器），请关闭后重试"
    return _WHY.get(errno.errorcode.get(exc.errno or 0, "")) or exc.strerror or str(exc)


def describe_os_error(exc: OSError) -> str:
    """``路径（原因）`` in Chinese for an OSError."""
    why = os_reason(exc)
    return f"{exc.filename}（{why}）" if exc.filename else why
