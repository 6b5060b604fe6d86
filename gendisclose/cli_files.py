"""What the command line checks about the user's own files, and how it says what is wrong.

Every situation of the user's files — an output folder that cannot be written, ``-o`` naming a
file, a report that would replace a department's workbook, an unreadable input, a pipe or a
device, a console that cannot show a character, a mistyped argument — is one Chinese line on
stderr and exit 2 (:func:`fail`), checked before any work and with nothing half-written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import typer


def fail(message: str, code: int = 2) -> NoReturn:
    """One Chinese line on stderr, then exit (2: the user's arguments or files)."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


def exists(path: Path) -> bool:
    return os.path.lexists(path)


def same_bytes(path: Path, data: bytes) -> bool:
    from .manifest import sha256_bytes, sha256_file

    try:
        return sha256_file(path) == sha256_bytes(data)
    except OSError:
        return False


def write(path: Path, data: bytes, what: str) -> None:
    """Write atomically, or say in one line why it could not be written (nothing half-written)."""
    from .batch.placement import describe_os_error
    from .pipeline import atomic_write

    try:
        atomic_write(path, data)
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(path)
        fail(f"无法写出{what}：{describe_os_error(exc)}")


def writable_folder(folder: Path, what: str, hint: str = "") -> list[Path]:
    """Create ``folder`` if need be and make sure a file can be written in it (exit 2 if not).

    Returns the folders it created (deepest first), for :func:`_remove_if_empty`.
    """
    import tempfile

    from .batch.placement import os_reason

    if exists(folder) and not folder.is_dir():
        fail(f"{what} {folder} 是一个文件，不是文件夹{hint}")
    created = []
    missing = folder
    while not exists(missing) and missing.parent != missing:
        created.append(missing)
        missing = missing.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"无法创建{what} {folder}（{os_reason(exc)}）{hint}")
    try:
        fd, probe = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        remove_if_empty(created)
        fail(f"{what} {folder} 不能写入文件（{os_reason(exc)}）{hint}")
    return created


def remove_if_empty(folders: list[Path]) -> None:
    """A build that wrote nothing leaves no empty output folder behind either."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def check_report_target(target: Path, hint: str) -> None:
    """A report the tool writes (汇总.xlsx …) replaces only an earlier report of ours."""
    from .batch import own_output_kind

    if target.is_dir():
        fail(f"{target} 是一个文件夹，无法写出汇总表{hint}")
    if exists(target) and (not target.is_file() or target.is_symlink() or own_output_kind(target) is None):
        fail(f"{target} 已存在，且不是本工具生成的汇总表，未覆盖{hint}")
    writable_folder(target.parent, "汇总表所在的文件夹", hint)


def inputs_or_exit(paths: list[Path], exclude: tuple[Path, ...] = (), quiet: bool = False):
    """The workbooks to read (:class:`gendisclose.batch.Inputs`); every file of a folder that
    is not read is named on stderr with why (with ``quiet``: only in the JSON, ``skipped``)."""
    from .batch import InputError, scan_inputs

    try:
        found = scan_inputs(paths, exclude)
    except InputError as exc:
        fail(str(exc))
    if not quiet:
        for path, why in found.skipped[:MAX_SKIPPED_LINES]:
            typer.echo(f"未读取：{path}（{why}）", err=True)
        if len(found.skipped) > MAX_SKIPPED_LINES:
            typer.echo(f"另有 {len(found.skipped) - MAX_SKIPPED_LINES} 个文件未读取。", err=True)
    return found


def skipped_json(found) -> list[dict]:
    return [{"file": str(path), "reason": why} for path, why in found.skipped]


MAX_SKIPPED_LINES = 20


def survive_any_encoding() -> None:
    """Never lose the report to the console's encoding: a GBK console or a ``> 结果.txt`` on
    Chinese Windows cannot encode an emoji or ``•`` the report quotes back; such characters
    are written as ``\\U0001f600`` instead of raising UnicodeEncodeError (rich writes through
    the same streams)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream that cannot be reconfigured: leave it
                pass


def console_json(payload: object) -> str:
    """``payload`` as JSON text that stays valid JSON on this console: a character the console
    cannot encode (an emoji on a GBK console, ``validate --format json > 结果.json`` on Chinese
    Windows) is written as a JSON ``\\uXXXX`` escape, not as the ``\\U0001f600`` that
    :func:`survive_any_encoding` would put there (invalid JSON)."""
    import codecs
    import json

    text = json.dumps(payload, ensure_ascii=False, indent=2)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    try:
        encoder = codecs.getincrementalencoder(encoding)()
    except LookupError:
        return json.dumps(payload, ensure_ascii=True, indent=2)
    out = []
    for ch in text:
        try:
            encoder.encode(ch)
            out.append(ch)
        except UnicodeEncodeError:
            encoder.reset()
            out.append(json.dumps(ch)[1:-1])  # only ever inside a JSON string: the rest is ASCII
    return "".join(out)


def is_usage_error(exc: BaseException) -> bool:
    """typer's own argument errors (its vendored click's UsageError and subclasses)."""
    return any(cls.__name__ == "UsageError" for cls in type(exc).__mro__) and hasattr(exc, "show")


def usage_error(exc) -> None:
    """The argument mistake in one Chinese line."""
    kind = type(exc).__name__
    if kind == "NoArgsIsHelpError":
        exc.show()  # the help text
        return
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "gendisclose"
    param = getattr(exc, "param", None)
    name = "/".join(getattr(param, "opts", None) or []) or ""
    if kind == "MissingParameter":
        what = f"缺少参数 {name if name.startswith('-') else name.upper()}".rstrip()
    elif kind == "NoSuchOption":
        what = f"没有这个选项：{getattr(exc, 'option_name', '')}"
    elif kind == "BadParameter":
        what = f"参数 {name} 的值无效（{getattr(exc, 'message', '')}）"
    else:
        what = f"参数有误（{exc}）"
    typer.echo(f"{what}；用 {command} --help 查看用法", err=True)
