"""What a worker process does for the server: the batch's own workers, called on stored files.

Each function takes paths and plain values and returns plain (picklable) values; it runs in a
process of its own (:mod:`.jobs`), so a workbook that crashes or hangs the reader or a renderer
costs only its own submission. Nothing here decides a rule: it is the pipeline, the batch
workers, :mod:`gendisclose.diff`, :mod:`gendisclose.export` and :mod:`gendisclose.annotate`.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

#: what the server builds for a department: DOCX, PDF and the HTML preview (tables: on demand)
BUILD_FORMATS = ("docx", "pdf", "html")


def check(path: str, filename: str, profile: str | None) -> dict:
    """``validate --format json`` of one workbook, plus the department's name and kind."""
    from ..batch import validate_one

    r = validate_one(path, Path(filename).stem or "workbook", profile)
    payload = {
        "file": filename,
        "ok": r.ok,
        "errors": r.errors,
        "warnings": r.warnings,
        "explained": sum(1 for i in r.issues if i.get("explanation")),
        "issues": r.issues,
        "annotated": None,  # the CLI's field: the server offers the annotated copy as a download
    }
    return {"payload": payload, "kind": r.kind, "department": r.department, "totals": r.totals,
            "internal": r.internal_error}


def build(path: str, out_dir: str, key: str, profile: str | None) -> dict:
    """Build DOCX, PDF and HTML into ``out_dir`` (a scratch folder inside DIR)."""
    from ..batch import build_one

    r = build_one(path, out_dir, key, BUILD_FORMATS, True, profile)
    return _built(r)


def _built(r) -> dict:  # noqa: ANN001 - DepartmentResult
    return {"ok": r.ok and bool(r.staged), "issues": r.issues, "staged": dict(r.staged),
            "totals": r.totals, "internal": r.internal_error}


def timed_task(limit: float, task):  # noqa: ANN001, ANN201 - batch Task → DepartmentResult
    """The batch worker with a time limit: past ``limit`` seconds the process ends itself, which the
    batch pool reports as that one file's failure (and only that file's)."""
    from ..batch import run_task

    watchdog = threading.Timer(limit, os._exit, (70,))
    watchdog.daemon = True
    watchdog.start()
    try:
        return run_task(task)
    finally:
        watchdog.cancel()


def tables(path: str, profile: str | None) -> dict:
    """The 公开表 as one .xlsx (the ``tables`` command's xlsx), or the issues that stop it."""
    from ..export import derive_any_tables, file_stem, xlsx_bytes
    from ..pipeline import check_workbook

    loaded = _profile(profile)
    checked = check_workbook(Path(path), profile=loaded)
    if not checked.ok:
        return {"ok": False, "issues": [i.as_dict() for i in checked.issues]}
    texts = loaded.tables if loaded else None
    t = derive_any_tables(checked.department, texts)
    return {"ok": True, "name": file_stem(t, checked.department) + ".xlsx", "data": xlsx_bytes(t)}


def annotated(path: str, profile: str | None, explanation: str | None = None) -> dict:
    """The workbook with every problem marked at its cell (:func:`gendisclose.annotate.annotate_workbook`);
    the department's explanation given on the web page makes its warnings 已说明."""
    from dataclasses import replace

    from ..annotate import annotate_workbook
    from ..pipeline import check_workbook

    issues = list(check_workbook(Path(path), profile=_profile(profile)).issues)
    if explanation:
        issues = [i if i.is_error or i.explanation else replace(i, explanation=explanation) for i in issues]
    return {"ok": True, "data": annotate_workbook(Path(path).read_bytes(), issues)}


def diff(old: str, new: str) -> dict:
    """The ``diff`` report between two stored versions (cells, figures, sentences)."""
    from ..diff import diff_workbooks

    return diff_workbooks(Path(old), Path(new)).as_dict()


def _profile(folder: str | None):  # noqa: ANN202
    if folder is None:
        return None
    from ..profile import load_profile

    return load_profile(folder)
