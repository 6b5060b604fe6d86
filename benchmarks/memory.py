"""Peak memory of `gendisclose build` against the size of the department (issue 12): measured,
never asserted.

    python benchmarks/memory.py                    # N = 25, 100, 300, 600 projects (≈ 2–4 min)
    python benchmarks/memory.py --n 25,100,1000    # other sizes
    python benchmarks/memory.py --work /tmp/gd-mem # keep the generated workbooks

A department of N projects is the largest sample (``pinglu-affairs-2026``: 25 projects with
their indicators, 73 pages) with its projects repeated, renamed ``…（2）``, ``…（3）``, until
there are N, each with a copy of its indicators (the 整体绩效 funds no longer match T1: one
warning). Each measurement is a fresh process: the largest resident set (``ru_maxrss``) of
``gendisclose validate X.xlsx``, ``build X.xlsx --format docx``, ``--format pdf`` and the real
``build X.xlsx`` (DOCX + PDF), read from ``RUSAGE_CHILDREN`` of a wrapper process that runs
only that command. "DOCX renderer" is ``render_docx`` alone (no PDF layout for the 目录's page
numbers), in a fresh process that first reads and derives the document: its peak above what the
process held before rendering (Linux: ``VmHWM`` after ``/proc/self/clear_refs``), and its time.
Ratios are against the 25-project build and the 25-project validate of the same run; "MB per 100 projects" is the least-squares slope of the build's peak over N ≥ 100.
Also printed: the table cells of each document and the estimate the build uses to refuse a
document too large to lay out (``gendisclose.render.concurrent.estimated_peak_mb``).

Prints a table and writes ``benchmarks/memory-results.md`` (generated; not committed).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLI = [sys.executable, "-m", "gendisclose.cli"]
BASE_SAMPLE = "pinglu-affairs-2026.xlsx"

# A wrapper that runs one command and prints the largest RSS of what it waited for (KiB on Linux).
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def department_with_projects(n: int):
    """The largest sample's department with its projects repeated to ``n`` (see the module doc)."""
    from tools.make_samples import sample_department

    department = sample_department(BASE_SAMPLE)
    base = department.projects
    by_project: dict[str | None, list] = {}
    for indicator in department.indicators:
        by_project.setdefault(indicator.project, []).append(indicator)
    projects, indicators = [], list(by_project.get(None, []))
    for k in range(n):
        project = base[k % len(base)]
        name = project.name if k < len(base) else f"{project.name}（{k // len(base) + 1}）"
        projects.append(project.model_copy(update={"name": name}))
        indicators += [i.model_copy(update={"project": name}) for i in by_project.get(project.name, [])]
    return department.model_copy(update={"projects": tuple(projects), "indicators": tuple(indicators)})


def workbook(work: Path, n: int) -> Path:
    from gendisclose.workbook.template import template_bytes

    path = work / f"projects-{n:04d}.xlsx"
    if not path.exists():
        path.write_bytes(template_bytes(department_with_projects(n)))
    return path


def table_cells(path: Path) -> int:
    from gendisclose.pipeline import check_workbook, derive_document
    from gendisclose.render.concurrent import table_cells as cells

    checked = check_workbook(path)
    return cells(derive_document(checked.department)) if checked.ok else 0


# The DOCX renderer alone: its peak above the process's size before it (MB) and its seconds.
_DOCX_RENDERER = (
    "import gc, re, sys, time\n"
    "from pathlib import Path\n"
    "from gendisclose.pipeline import check_workbook, derive_document\n"
    "from gendisclose.render.concurrent import collector_paused\n"
    "from gendisclose.render.docx import render_docx\n"
    "document = derive_document(check_workbook(Path(sys.argv[1])).department)\n"
    "def hwm():\n"
    "    return int(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1)) / 1024\n"
    "gc.collect()\n"
    "Path('/proc/self/clear_refs').write_text('5')\n"
    "base, start = hwm(), time.perf_counter()\n"
    "with collector_paused():\n"
    "    render_docx(document, toc_pages=lambda: {})\n"
    "print(hwm() - base, time.perf_counter() - start)\n"
)


def docx_renderer(path: Path) -> tuple[float, float]:
    """(peak MB above the process before rendering, seconds) of ``render_docx`` alone; NaN off Linux."""
    if not Path("/proc/self/clear_refs").exists():
        return float("nan"), float("nan")
    out = subprocess.run([sys.executable, "-c", _DOCX_RENDERER, str(path)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    mb, seconds = out.stdout.split()
    return float(mb), float(seconds)


def peak(command: list[str]) -> tuple[float, float, int]:
    """(peak MB, seconds, exit code) of ``command`` in a fresh process."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    code, kib = out.stdout.split()
    return int(kib) / 1024, seconds, int(code)


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of y over x."""
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", default="25,100,300,600", help="project counts (comma-separated)")
    parser.add_argument("--work", type=Path, default=None, help="keep generated workbooks here (default: temp)")
    args = parser.parse_args()
    ns = sorted({int(x) for x in args.n.split(",")} | {25})
    work = args.work or Path(tempfile.mkdtemp(prefix="gendisclose-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    from gendisclose.render.concurrent import MAX_TABLE_CELLS, OVERLAP_MAX_CELLS, estimated_peak_mb

    rows: list[dict] = []
    try:
        for n in ns:
            path = workbook(work, n)
            out = work / f"out-{n}"
            row = {"n": n, "cells": table_cells(path)}
            row["validate"] = peak([*CLI, "validate", str(path), "-q"])
            row["docx_renderer"] = docx_renderer(path)
            for name, fmt in (("docx", "docx"), ("pdf", "pdf"), ("build", "docx,pdf")):
                shutil.rmtree(out, ignore_errors=True)
                row[name] = peak([*CLI, "build", str(path), "-o", str(out), "--format", fmt, "--force", "-q"])
            pdfs = list(out.glob("*.pdf"))
            row["pdf_mb"] = pdfs[0].stat().st_size / 2**20 if pdfs else float("nan")
            rows.append(row)
            print(f"N={n}: build {row['build'][0]:.0f} MB, {row['build'][1]:.1f} s", flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    base = next(r for r in rows if r["n"] == 25)
    lines = [
        "| projects | table cells | validate MB | DOCX renderer MB above base (s) | DOCX only MB | PDF only MB | "
        "build MB (s) | build / build 25 | build / validate 25 | estimate MB | PDF file MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        b = r["build"]
        failed = [k for k in ("validate", "docx", "pdf", "build") if r[k][2] != 0]
        lines.append(
            f"| {r['n']} | {r['cells']:,} | {r['validate'][0]:.0f} | "
            f"{r['docx_renderer'][0]:.0f} ({r['docx_renderer'][1]:.1f} s) | {r['docx'][0]:.0f} | {r['pdf'][0]:.0f} | "
            f"{b[0]:.0f} ({b[1]:.1f} s) | {b[0] / base['build'][0]:.2f} | {b[0] / base['validate'][0]:.2f} | "
            f"{estimated_peak_mb(r['cells'])} | {r['pdf_mb']:.1f} |" + (f" exit≠0: {failed}" if failed else "")
        )
    big = [(r["n"], r["build"][0]) for r in rows if r["n"] >= 100]
    notes = [
        f"build peak grows {slope(big) * 100:.0f} MB per 100 projects (least squares over N ≥ 100: {big})"
        if len(big) >= 2 else "fewer than two sizes ≥ 100: no slope",
        f"validate peak grows {slope([(r['n'], r['validate'][0]) for r in rows]) * 100:.1f} MB per 100 projects",
        f"formats rendered one after the other above {OVERLAP_MAX_CELLS:,} table cells; "
        f"builds refused above {MAX_TABLE_CELLS:,} cells (estimate {estimated_peak_mb(MAX_TABLE_CELLS):,} MB)",
        f"python {sys.version.split()[0]} on {sys.platform}; peak = ru_maxrss of one fresh process",
    ]
    print()
    print("\n".join(lines))
    for note in notes:
        print("note:", note)
    text = ["# Memory against department size (generated by benchmarks/memory.py)", "", *lines, "",
            *(f"- {n}" for n in notes), ""]
    (ROOT / "benchmarks" / "memory-results.md").write_text("\n".join(text), encoding="utf-8")
    print(f"written: {ROOT / 'benchmarks' / 'memory-results.md'}")


if __name__ == "__main__":
    main()
