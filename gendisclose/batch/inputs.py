"""What a batch reads: the workbooks named on the command line or found in a folder.

A folder means its workbooks, not recursively:

* ``.xlsx``, and ``.xlsm`` read exactly like ``.xlsx`` (the reader takes the cells' values;
  macros are never run — openpyxl cannot run them);
* every other spreadsheet-like file (``.xls``, ``.et``, ``.csv``, ``.ods`` …) is read too, so
  the reader says what it is and how to save it as ``.xlsx``: a department that sent one is
  listed as 有错误, never silently left out;
* skipped and said so (:attr:`Inputs.skipped`): reports the tool itself wrote (汇总表, 对比表,
  导出的表格 — marked in ``docProps/custom.xml``, see :data:`gendisclose.ooxml.OUTPUT_MARK`),
  files that are not spreadsheets (PDF, DOCX …), pipes, devices, unreadable entries;
* skipped silently: Excel/WPS lock files (``~$…``), hidden files, sub-folders.

A file named on the command line must be a readable regular file (a named pipe or a device
would hang the reader): anything else is an :class:`InputError`, a one-line Chinese message.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import manifest as mf
from ..ooxml import OUTPUT_MARK

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
#: read so that the reader explains them (old Excel, WPS, text, OpenDocument, templates …)
SPREADSHEET_SUFFIXES = frozenset(
    {".xls", ".xlsb", ".xlt", ".xltx", ".xltm", ".et", ".ett", ".csv", ".tsv", ".ods", ".numbers"}
)


class InputError(Exception):
    """A command-line input that cannot be used (message in Chinese, for the user)."""


@dataclass
class Inputs:
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (path, why it was not read)


def scan_inputs(args: Iterable[Path], exclude: Iterable[Path] = ()) -> Inputs:
    """Files and folders → the workbooks to process (stable order) and what was left out, why.

    ``exclude`` are files about to be written (the summary): skipped silently. Raises
    :class:`InputError` for a path that is missing, unreadable or not a regular file, and a
    folder with nothing to read.
    """
    skip = {_resolved(p) for p in exclude}
    found = Inputs()
    for arg in args:
        kind = _kind(arg)
        if kind == "dir":
            _scan_folder(arg, skip, found)
        else:
            check_input_file(arg)
            if not _decodable(arg):
                raise InputError(f"文件名中有无法识别的字符（不是 UTF-8 编码）：{_shown(arg)}；请给文件改名后再试")
            what = own_output_kind(arg)
            if what is not None:
                raise InputError(f"{arg} 是本工具生成的{what}，不是部门填报的工作簿")
            found.files.append(arg)
    seen: set[Path] = set()
    unique = []
    for p in found.files:
        r = _resolved(p)
        if r not in seen:
            seen.add(r)
            unique.append(p)
    found.files = unique
    return found


def collect_inputs(args: Iterable[Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """The workbooks of :func:`scan_inputs` (without the list of what was skipped)."""
    return scan_inputs(args, exclude).files


def _resolved(p: Path) -> Path:
    try:
        return p.resolve()
    except (OSError, RuntimeError):
        return p.absolute()


def _kind(path: Path) -> str:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"找不到文件或目录：{path}") from None
    except PermissionError:
        raise InputError(f"无法读取：{path}（没有访问权限）") from None
    except OSError as exc:
        raise InputError(f"无法读取：{path}（{exc.strerror or exc}）") from None
    return "dir" if stat.S_ISDIR(mode) else "file"


def check_input_file(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` is a regular file this process can read."""
    try:
        os.close(mf.open_regular(path))
    except FileNotFoundError:
        raise InputError(f"找不到文件或目录：{path}") from None
    except PermissionError:
        raise InputError(f"无法读取文件：{path}（没有读取权限）") from None
    except mf.NotRegularFile:
        raise InputError(
            f"{path} 不是普通文件（是管道、设备或套接字），不能作为工作簿读取；请指定保存在磁盘上的 .xlsx 文件"
        ) from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{path}（{exc.strerror or exc}）") from None


def _scan_folder(folder: Path, skip: set[Path], found: Inputs) -> None:
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        why = "没有访问权限" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise InputError(f"无法读取目录：{folder}（{why}）") from None
    members: list[Path] = []
    own: list[Path] = []
    for name in names:
        p = folder / name
        if name.startswith(("~$", ".")) or _resolved(p) in skip:
            continue
        if not _decodable(p):
            found.skipped.append((Path(_shown(p)), "文件名中有无法识别的字符，请改名后再试"))
            continue
        try:
            mode = os.stat(p).st_mode
        except OSError:
            found.skipped.append((p, "无法读取（链接失效或没有权限）"))
            continue
        if stat.S_ISDIR(mode):
            continue
        suffix = p.suffix.lower()
        if not stat.S_ISREG(mode):
            if suffix in WORKBOOK_SUFFIXES | SPREADSHEET_SUFFIXES:
                found.skipped.append((p, "不是普通文件（管道、设备或套接字）"))
            continue
        if suffix in WORKBOOK_SUFFIXES:
            what = own_output_kind(p)
            if what is not None:
                found.skipped.append((p, f"本工具生成的{what}"))
                own.append(p)
                continue
            members.append(p)
        elif suffix in SPREADSHEET_SUFFIXES:
            members.append(p)
        else:
            found.skipped.append((p, "不是工作簿"))
    if not members:
        extra = f"（只有本工具生成的 {'、'.join(p.name for p in own)}）" if own else ""
        raise InputError(f"目录中没有 .xlsx 工作簿：{folder}{extra}")
    found.files.extend(members)


def _decodable(path: Path) -> bool:
    """False for a name with bytes that are not UTF-8 (Linux keeps them as surrogates, which no
    report, JSON or workbook can hold)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(path: Path) -> str:
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


_MARK = re.compile(
    rb'<property[^>]*name="' + re.escape(OUTPUT_MARK.encode()) + rb'"[^>]*>\s*<vt:lpwstr[^>]*>([^<]*)<'
)
_SHEET_NAMES = re.compile(rb'<sheet\b[^>]*\bname="([^"]*)"')
#: sheets of a summary written before reports were marked
_LEGACY_SUMMARY = [b"\xe6\xb1\x87\xe6\x80\xbb", "问题清单".encode()]
_MAX_PART = 1 << 20


def own_output_kind(path: Path) -> str | None:
    """What report of ours ``path`` is ("汇总" …), or None for anything else (a department's
    workbook, the blank template, an unreadable file)."""
    try:
        with os.fdopen(mf.open_regular(path), "rb") as fh, zipfile.ZipFile(fh) as archive:
            names = set(archive.namelist())
            if "docProps/custom.xml" in names and archive.getinfo("docProps/custom.xml").file_size < _MAX_PART:
                hit = _MARK.search(archive.read("docProps/custom.xml"))
                if hit:
                    return hit.group(1).decode("utf-8", "replace") or "文件"
            if "xl/workbook.xml" in names and archive.getinfo("xl/workbook.xml").file_size < _MAX_PART:
                sheets = _SHEET_NAMES.findall(archive.read("xl/workbook.xml"))
                if sheets == _LEGACY_SUMMARY:
                    return "汇总表"
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
        return None
    return None


def unique_keys(paths: list[Path]) -> dict[Path, str]:
    """A distinct key per workbook: its file stem and its place (:func:`manifest.workbook_key`).

    The key names the workbook's manifest and its staging folder. The same file gets the same
    key every run; two files that share a name in two folders get two keys.
    """
    from ..pipeline import safe_file_stem

    keys: dict[Path, str] = {}
    for p in sorted(paths, key=lambda q: (q.name, str(q))):
        keys[p] = mf.workbook_key(_resolved(p), safe_file_stem(p.stem, limit=60))
    return keys
