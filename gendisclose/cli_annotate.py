"""``--annotate``: where the command line writes the annotated copies (X.检查结果.xlsx) and
what it refuses to replace.

One workbook: beside the input (or ``-o``). A batch: one per workbook with problems, in the
folder ``--annotate-dir`` (default ``检查结果/`` in the current folder, like the summary, so
nothing beside the departments' files is touched); ``build`` writes them into its output
folder. A copy replaces only an earlier 检查结果 of ours (:data:`gendisclose.annotate.OUTPUT_KIND`);
the input itself is only ever read.
"""

from __future__ import annotations

from pathlib import Path

import typer

from .annotate import OUTPUT_KIND, annotate_workbook, annotated_name
from .cli_files import exists, fail, writable_folder, write
from .issues import Issue, Level, Location

DEFAULT_DIR = Path(OUTPUT_KIND)


def beside(workbook: Path) -> Path:
    return workbook.with_name(annotated_name(workbook.stem))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def refusal(target: Path, inputs: list[Path] | tuple[Path, ...] = ()) -> str | None:
    """Why ``target`` may not be written (None: it may)."""
    from .batch import own_output_kind

    if any(_same_file(target, p) for p in inputs):
        return f"{target} 是要检查的工作簿本身，未覆盖；请换一个文件名（-o）"
    if target.is_dir():
        return f"{target} 是一个文件夹；请用 -o 指定检查结果的文件名，如 -o 检查结果.xlsx"
    if exists(target) and (not target.is_file() or target.is_symlink() or own_output_kind(target) != OUTPUT_KIND):
        return f"{target} 已存在，且不是本工具生成的检查结果，未覆盖；请移走它，或用 -o 指定其他文件名"
    return None


def check_target(target: Path, inputs: list[Path] | tuple[Path, ...] = ()) -> None:
    """Exit 2 before any work when ``target`` may not be written."""
    why = refusal(target, inputs)
    if why:
        fail(why)
    writable_folder(target.parent, "检查结果所在的文件夹", "；请用 -o 指定其他位置")


def write_annotated(workbook: Path, issues: list[Issue], target: Path) -> bool:
    """Write the annotated copy of ``workbook``; False (and one line on stderr) when the
    workbook cannot be read as a package (a corrupt file: its issues are printed anyway)."""
    try:
        source = workbook.read_bytes()
        data = annotate_workbook(source, issues)
    except OSError as exc:
        typer.echo(f"未写出检查结果：无法读取 {workbook}（{exc.strerror or exc}）", err=True)
        return False
    except Exception:  # noqa: BLE001 - a package we cannot edit: no copy, the report stands
        typer.echo(f"未写出检查结果：{workbook} 不是可以标注的 .xlsx 工作簿", err=True)
        return False
    write(target, data, "检查结果")
    return True


# ---------------------------------------------------------------- a batch's issue dicts


def location_of(text: str | None) -> Location | None:
    """The :class:`Location` a cell text (``收支预算!F12``, ``收支预算!第12行``, ``收支预算!F列``,
    ``收支预算``) names."""
    import re

    if not text:
        return None
    sheet, bang, rest = text.rpartition("!")
    if not bang:
        return Location(text)
    if hit := re.fullmatch(r"([A-Z]{1,3})(\d+)", rest):
        return Location(sheet, int(hit.group(2)), hit.group(1))
    if hit := re.fullmatch(r"第(\d+)行", rest):
        return Location(sheet, int(hit.group(1)))
    if hit := re.fullmatch(r"([A-Z]{1,3})列", rest):
        return Location(sheet, None, hit.group(1))
    return Location(text)


def issue_of(d: dict) -> Issue:
    """An :class:`Issue` back from its :meth:`Issue.as_dict` (what a batch worker reports)."""
    location = Location(d["sheet"], d.get("row"), d.get("column")) if d.get("sheet") else None
    related = tuple(loc for loc in (location_of(c) for c in d.get("related") or ()) if loc is not None)
    return Issue(Level(d["level"]), d["code"], d["message"], location, related, d.get("explanation"))


def batch_names(results: list) -> dict[str, str]:
    """A file name per result (``X.检查结果.xlsx``; two workbooks named alike get their keys)."""
    names: dict[str, int] = {}
    for r in results:
        name = annotated_name(Path(r.file).stem).casefold()
        names[name] = names.get(name, 0) + 1
    return {r.file: annotated_name(Path(r.file).stem if names[annotated_name(Path(r.file).stem).casefold()] == 1
                                   else r.key) for r in results}


def annotate_results(results: list, folder: Path) -> list[Path]:
    """An annotated copy of each workbook with problems, in ``folder``; sets each result's
    ``annotated`` (the path written, which the summary links to).
    A name taken by a file that is not ours is skipped with one line on stderr."""
    wanted = [r for r in results if r.issues and not r.internal_error]
    if not wanted:
        return []
    writable_folder(folder, "检查结果文件夹", "；请用 --annotate-dir 指定其他位置")
    names = batch_names(wanted)
    written = []
    inputs = [Path(r.file) for r in results]
    for r in wanted:
        target = folder / names[r.file]
        why = refusal(target, inputs)
        if why:
            typer.echo(f"未写出检查结果：{why}", err=True)
            continue
        if write_annotated(Path(r.file), [issue_of(d) for d in r.issues], target):
            written.append(target)
            r.annotated = str(target)
    return written
