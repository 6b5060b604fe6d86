"""The one place that runs read → validate → derive → render, used by every command.

Each stage is a pure function of the previous stage's output; only :func:`write_outputs`
touches the file system, and it writes atomically (temp file, then rename), so a failed or
interrupted build leaves earlier outputs intact.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .document import Document
from .issues import Issue, error, has_errors, sort_issues
from .model import Department
from .textkey import one_line

if TYPE_CHECKING:
    from .profile import Profile

FORMATS = ("docx", "pdf", "html")

#: PDF engines (``build --pdf-engine``) → the format name the PDF is built under. Typst is the
#: default; ``pdf:weasyprint`` prints the HTML edition with weasyprint (extra
#: ``gendisclose[weasyprint]``). The name travels with the task and is recorded in the manifest,
#: so switching the engine rebuilds; the file is ``.pdf`` either way (:func:`extension`).
PDF_ENGINES = {"typst": "pdf", "weasyprint": "pdf:weasyprint"}


def extension(fmt: str) -> str:
    """The file extension of a format name: ``pdf:weasyprint`` → ``pdf``."""
    return fmt.partition(":")[0]


@dataclass
class Timings:
    """Seconds per stage, in the order they ran."""

    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start


@dataclass
class Checked:
    """A workbook read and checked: the model (None when unreadable) and every issue."""

    source: Path
    department: Department | None
    issues: list[Issue]
    timings: Timings = field(default_factory=Timings)

    @property
    def ok(self) -> bool:
        return self.department is not None and not has_errors(self.issues)


def check_workbook(path: Path, timings: Timings | None = None, profile: Profile | None = None) -> Checked:
    """Read a workbook and run every rule on it; never raises for a user mistake.

    ``profile``: its rule levels make checks errors, warnings or switch them off."""
    from .rules import check_department
    from .workbook.reader import read_workbook

    timings = timings or Timings()
    with timings.stage("读取"):
        department, issues = read_workbook(path)
    if department is not None:
        # Every problem at once: the cross-table rules also run when some cells were bad
        # (the reader builds the department from the readable rows), flagged as provisional.
        read_errors = has_errors(issues)
        with timings.stage("校验"):
            try:
                found = check_department(department, profile.reason_threshold if profile is not None else None)
            except Exception:  # noqa: BLE001 - rules on a partly read workbook
                if not read_errors:
                    raise
                found = []
        if read_errors:
            found = [replace(i, message=i.message + PROVISIONAL) if i.is_error else i for i in found]
        issues = issues + found
    if department is not None and not has_errors(issues):
        issues = issues + _size_issues(department, profile)
    if profile is not None:
        issues = profile.apply_levels(issues)
    if department is not None:
        from .rules.explanations import apply_explanations

        issues = apply_explanations(issues, getattr(department, "explanations", ()))
    return Checked(path, department, sort_issues(issues), timings)


#: Rows (projects and indicators) above which ``validate`` derives the document to tell whether
#: it is too large to build (:func:`size_issue`, ≈ 800 projects; the limit is ≈ 1,800): every
#: problem at once, so a workbook that passes validate is not refused by build for its size.
SIZE_CHECK_ROWS = 8_000


def _size_issues(department: Department, profile: Profile | None) -> list[Issue]:
    rows = len(getattr(department, "projects", ())) + len(getattr(department, "indicators", ()))
    if rows <= SIZE_CHECK_ROWS:
        return []
    from .profile import TemplateProblem

    try:
        document = derive_document(department, profile)
    except TemplateProblem:  # reported by build, with the profile's template named
        return []
    found = size_issue(document, department)
    return [found] if found is not None else []


PROVISIONAL = "（工作簿中还有单元格错误，改正后此项核对结果可能随之变化）"


def derive_document(department: Department, profile: Profile | None = None) -> Document:
    """Model → the whole disclosure as a render-agnostic document."""
    from .derive.document import derive_document as _derive

    return _derive(department, profile)


RENDERERS: dict[str, Callable[[Document], bytes]] = {}


def renderer(fmt: str) -> Callable[[Document], bytes]:
    if fmt == "pdf":
        from .render.pdf import render_pdf

        return render_pdf
    if fmt == "docx":
        return _render_docx
    if fmt == "html":
        from .render.html import render_html_bytes

        return render_html_bytes
    if fmt == PDF_ENGINES["weasyprint"]:
        from .render.pdf_weasyprint import render_pdf as render_weasyprint

        return render_weasyprint
    raise ValueError(f"unknown format {fmt!r}")


def _render_docx(document: Document) -> bytes:
    """The DOCX with the page numbers of the PDF's layout in its 目录: taken from the PDF
    rendered for this document (on the other thread, or before), or laid out for them when no
    PDF is built (:func:`gendisclose.render.pdf.toc_pages`). Asked for after the DOCX's body is
    written, so the DOCX is built while the PDF is laid out."""
    from .render.docx import render_docx
    from .render.pdf import toc_pages

    return render_docx(document, toc_pages=lambda: toc_pages(document))


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


#: File systems limit a name to 255 bytes (UTF-8: 85 Chinese characters); keep room for
#: the extension, a ``-2`` and the temp-file prefix.
MAX_STEM_BYTES = 200


def safe_file_stem(text: str, limit: int = 120) -> str:
    """A file name from user text: no path separators, control or reserved characters; NFC
    (two names a reader cannot tell apart, composed ``é`` and ``e`` + accent, give one name).
    A line break typed in the cell (Alt+Enter, to wrap a long name) is no part of the name:
    dropped next to a Chinese character, one space between two words."""
    text = one_line(text.strip())
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip().strip(".")
    stem = stem.replace("..", "_")
    stem = (stem or "disclosure")[:limit]
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    return stem.rstrip(" .") or "disclosure"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename."""
    atomic_write_all([(path, data)])


def atomic_write_all(outputs: list[tuple[Path, bytes]]) -> None:
    """Write every file, or none: all temp files first (a full disk fails here, before any
    name is touched), then the renames. An OSError names the file it was writing."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in outputs:
            try:
                temps.append((_write_temp(path, data), path))
            except OSError as exc:
                if exc.filename is None:
                    exc.filename = str(path)
                raise
        while temps:
            tmp, path = temps[0]
            os.replace(tmp, path)
            temps.pop(0)
    except BaseException:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise


def _write_temp(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def render_formats(document: Document, formats: tuple[str, ...], timings: Timings | None = None) -> dict[str, bytes]:
    """Every format's bytes, in the order asked; the same bytes as calling each renderer in turn.

    The cyclic garbage collector is paused while rendering and run once at the end (see
    :func:`gendisclose.render.concurrent.collector_paused`). When the PDF and another format
    are asked for, the PDF is laid out on a second thread (Typst releases the GIL) while this
    thread renders the others, unless the document is large: then the PDF comes last, after
    the others' memory is released, so the two peaks do not add up
    (:func:`gendisclose.render.concurrent.render_plan`). The DOCX's 目录 carries the page
    numbers of the PDF's layout (:func:`_render_docx`): the PDF laid out once serves both.
    """
    from .render.concurrent import (
        ThreadRender,
        collector_paused,
        release_after_large,
        release_before_next,
        render_plan,
    )
    from .render.pdf import toc_pages

    timings = timings or Timings()
    rendered: dict[str, bytes] = {}
    side, here, large = render_plan(document, formats)
    with collector_paused():
        pdf_render = renderer("pdf") if side else None
        worker = ThreadRender(lambda: pdf_render(document)) if pdf_render else None
        try:
            if large and "docx" in here and "pdf" not in here:
                with timings.stage("排版 目录页码"):  # the PDF's layout for the DOCX's 目录, before its peak
                    toc_pages(document)
                release_after_large()
            for fmt in here:
                if large and rendered:
                    (release_after_large if list(rendered)[-1] == "pdf" else release_before_next)()
                with timings.stage(f"排版 {fmt.upper()}"):
                    rendered[fmt] = renderer(fmt)(document)
        except BaseException:
            if worker is not None:
                worker.join()  # never leave the thread running behind a failed build
            raise
        if worker is not None:
            rendered[side], seconds = worker.result()
            timings.stages[f"排版 {side.upper()}（并行）"] = seconds
    if large and here and here[-1] == "pdf":
        release_after_large()
    return {fmt: rendered[fmt] for fmt in formats}


def size_issue(document: Document, department: Department) -> Issue | None:
    """An error when the document is too large to lay out within a bounded memory
    (:data:`gendisclose.render.concurrent.MAX_TABLE_CELLS`), found before rendering."""
    from .issues import Location, error
    from .render.concurrent import MAX_TABLE_CELLS, estimated_peak_mb, table_cells
    from .workbook.schema import INDICATORS, PROJECTS

    cells = table_cells(document)
    if cells <= MAX_TABLE_CELLS:
        return None
    return error(
        "document.too_large",
        f"公开文件过大，无法生成：各表共 {cells:,} 个单元格（{PROJECTS.name}表 {len(department.projects):,} 个项目、"
        f"{INDICATORS.name}表 {len(department.indicators):,} 行），超过一次生成的上限 {MAX_TABLE_CELLS:,} 个单元格"
        f"（约 {MAX_TABLE_CELLS // 100:,} 个项目的规模，生成约需 {estimated_peak_mb(MAX_TABLE_CELLS):,} MB 内存）。"
        f"请核实{PROJECTS.name}表和{INDICATORS.name}表中是否有误粘贴或重复的行",
        Location(PROJECTS.name),
        Location(INDICATORS.name),
    )


@dataclass
class Built:
    checked: Checked
    outputs: list[Path] = field(default_factory=list)


def build_workbook(path: Path, out_dir: Path, formats: tuple[str, ...] = ("docx", "pdf"),
                   profile: Profile | None = None) -> Built:
    """Check, derive, render every format in memory, then write them all atomically.

    Nothing is written when any error is found or any renderer fails. ``profile``: the
    bureau's wording, order, page look and rule levels (None: the default).
    """
    from .profile import TemplateProblem

    checked = check_workbook(path, profile=profile)
    built = Built(checked)
    if not checked.ok:
        return built
    assert checked.department is not None
    timings = checked.timings
    with timings.stage("生成"):
        try:
            document = derive_document(checked.department, profile)
        except TemplateProblem as exc:  # a profile template that failed on this workbook's values
            checked.issues.append(error("profile.template", f"配置模板出错，未生成文件：{exc}"))
            return built
    too_large = size_issue(document, checked.department)
    if too_large is not None:
        checked.issues = sort_issues([*checked.issues, too_large])
        return built
    rendered = render_formats(document, formats, timings)
    with timings.stage("写出"):
        outputs = [(out_dir / f"{document.file_stem}.{extension(fmt)}", data) for fmt, data in rendered.items()]
        atomic_write_all(outputs)
        built.outputs.extend(target for target, _ in outputs)
    return built
