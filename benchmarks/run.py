"""Benchmarks for the finance bureau's workflow: measured, never asserted.

    python benchmarks/run.py            # full: validate and build 100 and 1,000 (about 30–40 min on 2 cores)
    python benchmarks/run.py --quick    # validate 20 and 100, build 6 (a few minutes)

Prints a table and writes ``benchmarks/results.md`` (generated; not committed).

1. The largest sample (``sample_inputs/pinglu-affairs-2026.xlsx``) built stage by stage
   (读取, 校验, 生成, 排版 DOCX, 排版 PDF), and, when ``soffice``/``libreoffice`` is on PATH,
   the ratio against ``libreoffice --headless --convert-to pdf`` of our own DOCX; the same for
   the 决算 sample (``sample_inputs/shuocheng-approval-final-2023.xlsx``, seed 003), same targets.
2. Batch throughput and peak memory of ``gendisclose validate`` / ``build`` over generated
   departments with ``--jobs 1`` and ``--jobs 2``; each run is a fresh process, its peak
   RSS is the largest ``ru_maxrss`` of its process tree (``RUSAGE_CHILDREN`` of a wrapper).
3. ``validate`` time per workbook.

Targets (issue 7): build of the largest sample faster than LibreOffice converting the same
DOCX; validate < 0.3 s per workbook; peak memory per worker < 400 MB; 1,000 departments
built in < 20 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # DepartmentBuilder
LARGEST = ROOT / "sample_inputs" / "pinglu-affairs-2026.xlsx"
FINAL = ROOT / "sample_inputs" / "shuocheng-approval-final-2023.xlsx"
CLI = [sys.executable, "-m", "gendisclose.cli"]


# ---------------------------------------------------------------- generated departments


def generated_department(i: int):
    """A plausible department: 2 units, 6 basic lines, 8 economic lines, 6 projects with indicators."""
    from builders import DepartmentBuilder

    name = f"基准县第{i:04d}局"
    sub = f"{name}事务中心"
    b = DepartmentBuilder(name=name).unit(name, "行政单位").unit(sub, "事业单位")
    scale = Decimal(1 + i % 7)
    basics = {"2010301": 1765100, "2080505": 180000, "2101101": 90000, "2210201": 120000}
    for code, amount in basics.items():
        b.basic(code, unit=name, general=str(amount * scale))
    b.basic("2010350", unit=sub, general=str(400000 * scale))
    b.basic("2080506", unit=sub, general=str(40000 * scale))
    econ = {"30101": 0.40, "30102": 0.10, "30103": 0.15, "30108": 0.08, "30112": 0.05, "30113": 0.07}
    main_total = sum(basics.values()) * scale
    allotted = Decimal(0)
    for k, (code, share) in enumerate(econ.items()):
        amount = (main_total * Decimal(str(share))).quantize(Decimal("1")) if k < len(econ) - 1 else None
        if amount is None:
            amount = main_total - allotted - Decimal(50000) * scale
        allotted += amount
        b.economic(code, str(amount), unit=name)
    b.economic("30201", str(Decimal(50000) * scale), unit=name)
    b.economic("30101", str(Decimal(440000) * scale), unit=sub)
    for p in range(6):
        pname = f"{name}专项{p + 1}"
        b.project(
            pname,
            "2010399" if p % 2 else "2010302",
            unit=name if p < 4 else sub,
            general=str(50000 * (p + 1)),
        )
        b.indicator(pname, "数量指标", "完成事项数", f"≥{p + 3}项")
        b.indicator(pname, "服务对象满意度", "群众满意度", "≥95%")
    prior = str(Decimal(2600000) * scale)
    b.prior_year(
        income_total=prior,
        expenditure_total=prior,
        general_current=prior,
        agency_operating=str(Decimal(50000) * scale),
    )
    return b.build()


def _write_one(args: tuple[Path, int]) -> None:
    from gendisclose.workbook.template import template_bytes

    path, i = args
    path.write_bytes(template_bytes(generated_department(i)))


def generate(folder: Path, n: int) -> None:
    from concurrent.futures import ProcessPoolExecutor

    folder.mkdir(parents=True, exist_ok=True)
    todo = [
        (folder / f"dept{i:04d}.xlsx", i) for i in range(n) if not (folder / f"dept{i:04d}.xlsx").exists()
    ]
    with ProcessPoolExecutor() as pool:
        list(pool.map(_write_one, todo, chunksize=16))


# ---------------------------------------------------------------- measuring a command


def _tree_peak_mb(root: int) -> float:
    """Largest VmHWM (peak RSS) among ``root`` and its descendants right now (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        for child, parent in parents.items():
            if parent == p and child not in tree:
                tree.add(child)
                frontier.append(child)
    peak = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
    return peak / 1024


def measure(cmd: list[str]) -> tuple[float, float, int, str]:
    """(seconds, peak MB of the largest single process in the tree, exit code, stdout) of a fresh run.

    The peak is sampled from /proc (VmHWM of every descendant, the forkserver's workers
    included) every 0.2 s; ``RUSAGE_CHILDREN`` would miss workers forked by the forkserver.
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, _tree_peak_mb(proc.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    return seconds, peak, proc.returncode, stdout


# ---------------------------------------------------------------- 1. the largest sample


def bench_largest(rows: list[tuple[str, str, str]], notes: list[str], sample: Path = LARGEST,
                  group: str = "1 largest sample") -> None:
    """One sample stage by stage, ``build`` in a fresh process and LibreOffice on our DOCX."""
    from gendisclose.pipeline import Timings, check_workbook, derive_document, renderer

    LARGEST = sample  # noqa: N806 - the sample measured
    if not LARGEST.exists():
        notes.append(f"{LARGEST.name} 不存在：跳过单个样例的分阶段计时")
        return
    timings = Timings()
    start = time.perf_counter()
    checked = check_workbook(LARGEST, timings)
    if not checked.ok:
        notes.append(f"{LARGEST.name} 有错误，无法生成：{[str(i) for i in checked.issues if i.is_error][:3]}")
        return
    with timings.stage("生成"):
        document = derive_document(checked.department)
    docx_bytes = None
    for fmt in ("docx", "pdf"):
        try:
            render = renderer(fmt)
        except ImportError:
            notes.append(f"{fmt.upper()} 渲染模块尚不可用：跳过")
            continue
        with timings.stage(f"排版 {fmt.upper()}"):
            data = render(document)
        if fmt == "docx":
            docx_bytes = data
    total = time.perf_counter() - start
    for stage, seconds in timings.stages.items():
        rows.append((group, stage, f"{seconds:.2f} s"))
    rows.append((group, "in-process total, one after the other", f"{total:.2f} s"))
    # What a user waits for: `gendisclose build` in a fresh process (imports included; the PDF
    # is laid out on a second thread while the DOCX renders). Median of 3.
    with tempfile.TemporaryDirectory() as tmp:
        walls = []
        for _ in range(3):
            seconds, peak, code, _ = measure([*CLI, "build", str(LARGEST), "-o", tmp, "--force", "-q"])
            walls.append(seconds)
        cli = sorted(walls)[1]
    rows.append((group, "`gendisclose build` fresh process (median of 3)",
                 f"{cli:.2f} s, peak {peak:.0f} MB, exit {code}"))

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if docx_bytes is None:
        return
    if office is None:
        notes.append("LibreOffice 未安装（apt-get install -y libreoffice-writer）：跳过与 LibreOffice 的比较")
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.docx"
        src.write_bytes(docx_bytes)
        profile = Path(tmp) / "profile"
        cmd = [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        subprocess.run(cmd, capture_output=True, check=False)  # warm-up: first start creates the profile
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        lo = time.perf_counter() - t
    rows.append((group, "LibreOffice DOCX→PDF alone", f"{lo:.2f} s"))
    rows.append((group, "ratio `gendisclose build` / LibreOffice", f"{cli / lo:.2f} (target < 1)"))
    rows.append((group, "ratio in-process sequential / LibreOffice", f"{total / lo:.2f}"))


# ---------------------------------------------------------------- 2. and 3. batches


def bench_batches(rows, notes, validate_ns: list[int], build_ns: list[int], formats: str, work: Path) -> None:
    for n in validate_ns:
        folder = work / f"n{n}"
        t = time.perf_counter()
        generate(folder, n)
        notes.append(f"生成 {n} 个部门工作簿用时 {time.perf_counter() - t:.1f} s（不计入下表）")
        per_jobs = {}
        for jobs in (1, 2):
            seconds, peak, code, _ = measure(
                [*CLI, "validate", str(folder), "--jobs", str(jobs), "-q", "--no-summary"]
            )
            per_jobs[jobs] = seconds
            rows.append(
                (
                    f"2 validate {n}",
                    f"--jobs {jobs}",
                    f"{seconds:.1f} s, {n / seconds:.1f}/s, peak {peak:.0f} MB, exit {code}",
                )
            )
            if jobs == 1:
                rows.append(
                    (
                        "3 validate per workbook",
                        f"{n} workbooks, --jobs 1",
                        f"{seconds / n:.3f} s (incl. start-up)",
                    )
                )
        rows.append((f"2 validate {n}", "speed-up jobs 2 / jobs 1", f"{per_jobs[1] / per_jobs[2]:.2f}×"))

    for build_n in build_ns:
        source = work / f"n{min(n for n in validate_ns if n >= build_n)}"
        _bench_build(rows, notes, source, build_n, formats, work)


def _bench_build(rows, notes, source: Path, build_n: int, formats: str, work: Path) -> None:
    inputs = sorted(source.glob("*.xlsx"))[:build_n]
    sub = work / f"build{build_n}"
    sub.mkdir(exist_ok=True)
    for p in inputs:
        if not (sub / p.name).exists():
            shutil.copy(p, sub / p.name)
    per_jobs = {}
    for jobs in (1, 2):
        out = work / f"out{build_n}-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, peak, code, stdout = measure(
            [*CLI, "build", str(sub), "-o", str(out), "--format", formats, "--jobs", str(jobs), "--json"]
        )
        per_jobs[jobs] = seconds
        _note_failures(notes, f"build --jobs {jobs}", stdout)
        rows.append(
            (
                f"2 build {build_n} ({formats})",
                f"--jobs {jobs}",
                f"{seconds:.1f} s ({seconds / 60:.1f} min), {seconds / build_n:.2f} s each, "
                f"peak {peak:.0f} MB, exit {code}",
            )
        )
    rows.append(
        (f"2 build {build_n} ({formats})", "speed-up jobs 2 / jobs 1", f"{per_jobs[1] / per_jobs[2]:.2f}×")
    )
    if build_n != 1000:
        minutes = per_jobs[2] / build_n * 1000 / 60
        rows.append(
            (
                "2 build 1,000 (extrapolated)",
                f"--jobs 2, linear from {build_n}",
                f"{minutes:.1f} min (target < 20)",
            )
        )
    seconds, _, _, stdout = measure(
        [*CLI, "build", str(sub), "-o", str(work / f"out{build_n}-2"), "--format", formats, "-j", "2", "--json"]
    )
    skipped = json.loads(stdout)["skipped"] if stdout.strip().startswith("{") else "?"
    rows.append(
        (f"2 rebuild {build_n} unchanged", "--jobs 2 (manifest skip)", f"{seconds:.1f} s, skipped {skipped}")
    )


def _note_failures(notes: list[str], what: str, stdout: str) -> None:
    try:
        payload = json.loads(stdout)
    except ValueError:
        notes.append(f"{what}: 输出不是 JSON")
        return
    for f in payload["files"]:
        if not f["ok"]:
            notes.append(
                f"{what}: {Path(f['file']).name} 失败：{f['issues'][0]['message'][:200] if f['issues'] else ''}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes (a few minutes)")
    parser.add_argument("--formats", default="docx,pdf", help="build formats (default docx,pdf)")
    parser.add_argument(
        "--work", type=Path, default=None, help="keep generated workbooks here (default: temp)"
    )
    args = parser.parse_args()
    validate_ns = [20, 100] if args.quick else [100, 1000]
    build_ns = [6] if args.quick else [100, 1000]

    from gendisclose.pipeline import FORMATS, renderer

    formats = []
    for fmt in args.formats.split(","):
        try:
            renderer(fmt)
            formats.append(fmt)
        except (ImportError, ValueError):
            pass
    rows: list[tuple[str, str, str]] = []
    notes: list[str] = [f"机器：{os.cpu_count()} 核，Python {sys.version.split()[0]}"]
    if formats != args.formats.split(","):
        notes.append(f"可用的输出格式只有 {formats or '（无）'}（{FORMATS} 中其余的渲染模块尚不可用）")
    bench_largest(rows, notes)
    bench_largest(rows, notes, FINAL, "1 决算 sample")
    work = args.work or Path(tempfile.mkdtemp(prefix="gendisclose-bench-"))
    try:
        bench_batches(rows, notes, validate_ns, build_ns, ",".join(formats) or "html", work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    width = max(len(r[0]) + len(r[1]) for r in rows) + 4
    print()
    for r in rows:
        print(f"{r[0]} · {r[1]}".ljust(width), r[2])
    for n in notes:
        print("note:", n)
    lines = [
        "# Benchmark results (generated by benchmarks/run.py)",
        "",
        "| benchmark | case | result |",
        "|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += ["", *(f"- {n}" for n in notes), ""]
    (ROOT / "benchmarks" / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"written: {ROOT / 'benchmarks' / 'results.md'}")


if __name__ == "__main__":
    main()
