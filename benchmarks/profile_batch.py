"""Where a batch worker's CPU goes, per generated department, stage by stage (issue 7).

    python benchmarks/profile_batch.py --n 40 --work /tmp/gd-bench      # per-stage CPU, one warm process
    python benchmarks/profile_batch.py --n 40 --work /tmp/gd-bench --batch   # + `gendisclose build --jobs 1/2`

Part 1 runs in one process warmed like a forkserver worker (``gendisclose.render.warm``:
caches filled, ``gc.freeze``) and does for each workbook what ``batch.build_one`` does,
timing CPU seconds (``time.process_time``) per stage: 读取, 校验, 生成, 关键数字, PDF, DOCX,
the collection after the document (``gc.collect``), 写出, 清单 (hashes). Measured, never asserted.

Part 2 (``--batch``) times the real command on the same workbooks (a fresh process each, median
of ``--repeat``), with the peak RSS of the largest process of its tree, and projects 1,000.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CLI, generate, measure  # noqa: E402


def stages(paths: list[Path], out: Path) -> dict[str, list[float]]:
    import gendisclose.render.warm  # noqa: F401 - warm like a forkserver worker
    from gendisclose.batch import key_totals
    from gendisclose.pipeline import atomic_write, check_workbook, derive_document
    from gendisclose.render.docx import render_docx
    from gendisclose.render.pdf import render_pdf
    from gendisclose.rules import check_department
    from gendisclose.workbook.reader import read_workbook

    per: dict[str, list[float]] = {}

    def timed(name, fn, *a):
        t = time.process_time()
        value = fn(*a)
        per.setdefault(name, []).append(time.process_time() - t)
        return value

    for path in paths:
        t0 = time.process_time()
        timed("清单 (hash)", lambda p: hashlib.sha256(p.read_bytes()).hexdigest(), path)
        department, _ = timed("读取", read_workbook, path)
        timed("校验", check_department, department)
        document = timed("生成", derive_document, department)
        timed("关键数字", key_totals, department)
        gc.disable()
        pdf = timed("PDF", render_pdf, document)
        docx = timed("DOCX", render_docx, document)
        gc.enable()
        timed("gc.collect", gc.collect)
        for fmt, data in (("pdf", pdf), ("docx", docx)):
            timed("写出", atomic_write, out / f"{path.stem}.{fmt}", data)
        per.setdefault("total", []).append(time.process_time() - t0)
    # sanity: the same workbooks through the real check (not timed)
    assert all(check_workbook(p).ok for p in paths[:2])
    return per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--batch", action="store_true", help="also time `gendisclose build` --jobs 1 and 2")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-stages", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gd-profile-"))
    folder = work / f"n{args.n}"
    generate(folder, args.n)
    paths = sorted(folder.glob("*.xlsx"))[: args.n]

    if not args.skip_stages:
        out = work / "stages-out"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        per = stages(paths, out)
        print(f"CPU seconds per department, one warm process, {len(paths)} departments (mean / median):")
        for name, values in per.items():
            print(f"  {name:<14} {statistics.mean(values):6.3f}  {statistics.median(values):6.3f}")
        total = statistics.mean(per["total"])
        print(f"  → 1,000 at this CPU/department: jobs 1 {total * 1000 / 60:.1f} min, "
              f"jobs 2 (perfect scaling) {total * 500 / 60:.1f} min")

    if args.batch:
        for jobs in (int(j) for j in args.jobs.split(",")):
            walls, peaks = [], []
            for _ in range(args.repeat):
                out = work / f"batch-out-{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                seconds, peak, code, stdout = measure(
                    [*CLI, "build", str(folder), "-o", str(out), "--jobs", str(jobs), "--json", "--force"]
                )
                ok = json.loads(stdout)["passed"] if stdout.strip().startswith("{") else "?"
                walls.append(seconds)
                peaks.append(peak)
                print(f"  build --jobs {jobs}: {seconds:.1f} s, peak {peak:.0f} MB, exit {code}, passed {ok}",
                      flush=True)
            med = statistics.median(walls)
            print(f"build {len(paths)} --jobs {jobs}: median {med:.1f} s ({med / len(paths):.2f} s each), "
                  f"max peak {max(peaks):.0f} MB → 1,000: {med / len(paths) * 1000 / 60:.1f} min")


if __name__ == "__main__":
    main()
