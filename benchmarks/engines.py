"""The optional engines of issue 14, measured (never asserted by the tests):

    python benchmarks/engines.py            # PDF engines on every sample; 40 departments --jobs 2 vs --dask
    python benchmarks/engines.py --n 100    # more departments
    python benchmarks/engines.py --skip-dask / --skip-pdf

1. PDF engines: each sample's PDF rendered once by Typst (the default) and once by weasyprint
   (the HTML edition printed, ``--pdf-engine weasyprint``) in this process, both engines warmed
   on another document first (wall and CPU seconds; Typst's layout uses a second thread, so its
   CPU can exceed its wall time), and ``gendisclose build --format pdf`` in a fresh process with
   each engine (median of ``--runs``, start-up included).
2. Dask: the same generated departments (``benchmarks/run.py``'s generator) built with
   ``--jobs 2`` and with ``--dask`` on a local cluster of 2 worker processes × 1 thread on
   127.0.0.1 (started here; its start-up time is reported separately, as a real cluster is
   already running). Both builds must give identical files (checked).

Prints a Markdown table and writes ``benchmarks/engines-results.md`` (generated; not committed).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
CLI = [sys.executable, "-m", "gendisclose.cli"]


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _timed(fn) -> tuple[float, float, object]:  # noqa: ANN001
    """(wall s, CPU s of this process, result) of one ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _pages(data: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def _cli_seconds(args: list[str], runs: int = 3) -> float:
    walls = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run([*CLI, *args, "-o", out], check=True, capture_output=True)
            walls.append(time.perf_counter() - start)
    return _median(walls)


def bench_pdf(rows: list[str], runs: int) -> None:
    """Each engine warmed once on a small document of its own, then each sample rendered once by
    each: Typst's compiler memoises layouts between compiles, so rendering the same document
    twice in one process would measure its cache, not its layout."""
    import dataclasses

    from gendisclose.document import Heading, Paragraph
    from gendisclose.pipeline import check_workbook, derive_document
    from gendisclose.render import pdf, pdf_weasyprint

    documents = {}
    for path in sorted((ROOT / "sample_inputs").glob("*.xlsx")):
        checked = check_workbook(path)
        documents[path] = derive_document(checked.department) if checked.ok else None
    warm = next(d for d in documents.values() if d is not None)
    warm = dataclasses.replace(warm, cover=("预热",), blocks=(Heading("预热", 1), Paragraph("预热文本。")))
    pdf.render_pdf(warm), pdf_weasyprint.render_pdf(warm)

    rows += ["| sample | pages Typst / weasyprint | Typst render (wall / CPU) | weasyprint render (wall / CPU) | "
             f"CPU ratio | `build --format pdf` Typst (median of {runs}) | `… --pdf-engine weasyprint` |",
             "|---|---|---|---|---|---|---|"]
    for path, document in documents.items():
        if document is None:
            rows.append(f"| {path.stem} | (has errors: not built) | | | | | |")
            continue
        tw, tc, typst_bytes = _timed(lambda d=document: pdf.render_pdf(d))
        ww, wc, weasy_bytes = _timed(lambda d=document: pdf_weasyprint.render_pdf(d))
        build_t = _cli_seconds(["build", str(path), "--format", "pdf"], runs)
        build_w = _cli_seconds(["build", str(path), "--format", "pdf", "--pdf-engine", "weasyprint"], runs)
        rows.append(f"| {path.stem} | {_pages(typst_bytes)} / {_pages(weasy_bytes)} | {tw:.2f} / {tc:.2f} s | "
                    f"{ww:.2f} / {wc:.2f} s | {wc / tc:.1f}× | {build_t:.2f} s | {build_w:.2f} s |")
        print(rows[-1], flush=True)


def _tree(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def bench_dask(rows: list[str], n: int, formats: str) -> None:
    from distributed import LocalCluster
    from run import generate

    work = Path(tempfile.mkdtemp(prefix="gendisclose-engines-"))
    try:
        source = work / "in"
        generate(source, n)
        start = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=":0", silence_logs=40)
        cluster_start = time.perf_counter() - start
        try:
            timings = {}
            for label, extra in (("--jobs 2", ["-j", "2"]), ("--dask (2 workers × 1 thread)",
                                                            ["--dask", cluster.scheduler_address])):
                out = work / label.split()[0].strip("-")
                start = time.perf_counter()
                subprocess.run([*CLI, "build", str(source), "-o", str(out), "--format", formats, "-q", *extra],
                               check=True, capture_output=True)
                timings[label] = (time.perf_counter() - start, out)
            (t_jobs, out_jobs), (t_dask, out_dask) = timings.values()
            same = _tree(out_jobs) == _tree(out_dask)
        finally:
            cluster.close()
        rows += ["", f"{n} generated departments, `--format {formats}`, fresh `gendisclose` process each:", "",
                 "| how | wall | per department |", "|---|---|---|"]
        for label, (seconds, _) in timings.items():
            rows.append(f"| `{label}` | {seconds:.1f} s | {seconds / n:.2f} s |")
        rows.append(f"| local cluster start (once; not in the row above) | {cluster_start:.1f} s | |")
        rows.append(f"\nOutputs identical (PDF, DOCX, manifests, 汇总.xlsx): {'yes' if same else 'NO'}")
        print("\n".join(rows[-8:]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="departments for the Dask comparison")
    parser.add_argument("--formats", default="docx,pdf")
    parser.add_argument("--runs", type=int, default=3, help="fresh-process builds per sample and engine")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    rows: list[str] = [f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start.", ""]
    if not args.skip_pdf:
        bench_pdf(rows, args.runs)
    if not args.skip_dask:
        bench_dask(rows, args.n, args.formats)
    rows.append(f"\nLoad average {os.getloadavg()[0]:.1f} at the end.")
    text = "\n".join(rows) + "\n"
    (ROOT / "benchmarks" / "engines-results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
