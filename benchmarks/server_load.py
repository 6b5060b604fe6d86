"""Load test of ``gendisclose serve`` on loopback: 50 departments uploading at once. Measured, not asserted
(except that nothing is lost or mixed up).

    python benchmarks/server_load.py                 # 50 departments × 2 uploads
    python benchmarks/server_load.py --departments 20 --rounds 1

A server process is started on 127.0.0.1 over a fresh DIR; 50 departments are put on its roster;
each uploads its own workbook (the sample with its own department name, so every file differs)
through ``POST /api/upload`` from its own thread, all at once, ``--rounds`` times. Then:

* nothing lost: every upload answered 200, one version per upload in the database, each file
  on disk with its SHA-256;
* nothing mixed up: each answer's version belongs to the uploading department, holds exactly the
  bytes it sent and names that department's own workbook name;
* latency of upload → issues reported (p50, p95, max), wall time;
* server memory: peak RSS (VmHWM) of the server process and the sum over its worker processes
  sampled during the run.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "pinglu-approval-2026.xlsx"


def workbook(name: str) -> bytes:
    from openpyxl import load_workbook

    from gendisclose.workbook.schema import INFO

    wb = load_workbook(SAMPLE)
    wb[INFO.name][f"{INFO.VALUE_COLUMN}{INFO.row_of('name')}"] = name
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """Every descendant of ``pid`` (from /proc, without starting a process)."""
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids += [int(x) for x in task.read_text().split()]
        except OSError:
            pass
    return kids + [g for k in kids for g in _tree(k)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--departments", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    data = Path(tempfile.mkdtemp(prefix="gendisclose-load-")) / "data"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "GENDISCLOSE_ADMIN_PASSWORD": "load-test-password", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "gendisclose", "serve", "--data", str(data), "--port", str(port)],
                              env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        names = [f"测试县第{i:02d}局" for i in range(args.departments)]
        from gendisclose.server.auth import new_code

        codes = [new_code() for _ in names]
        db = sqlite3.connect(data / "gendisclose.db")
        with db:
            for name, code in zip(names, codes, strict=True):
                db.execute("INSERT INTO departments(name, name_key, code, created_at) VALUES(?,?,?,?)",
                           (name, name, code, time.time()))
        ids = {code: db.execute("SELECT id FROM departments WHERE code = ?", (code,)).fetchone()[0] for code in codes}
        db.close()
        bodies = {code: workbook(name) for code, name in zip(codes, names, strict=True)}
        # warm the worker server once (its first start imports the pipeline)
        httpx.post(f"{base}/api/upload?filename=warm.xlsx", content=bodies[codes[0]],
                   headers={"Authorization": f"Bearer {codes[0]}"}, timeout=60)
        latencies: list[float] = []
        answers: list[tuple[str, int, int]] = []  # code, status, version id
        peak = {"server": 0, "workers": 0}
        done = threading.Event()

        def sample_memory() -> None:
            while not done.is_set():
                peak["server"] = max(peak["server"], _rss_kb(server.pid))
                peak["workers"] = max(peak["workers"], sum(_rss_kb(p) for p in _tree(server.pid)))
                time.sleep(0.25)

        barrier = threading.Barrier(len(codes))

        def department(code: str) -> None:
            with httpx.Client(timeout=120) as client:
                for _ in range(args.rounds):
                    barrier.wait()
                    start = time.perf_counter()
                    r = client.post(f"{base}/api/upload?filename=预算.xlsx", content=bodies[code],
                                    headers={"Authorization": f"Bearer {code}"})
                    latencies.append(time.perf_counter() - start)
                    answers.append((code, r.status_code, int(r.headers.get("X-Version-Id", 0))))

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        wall = time.perf_counter()
        threads = [threading.Thread(target=department, args=(c,)) for c in codes]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall
        done.set()
        hwm = _rss_kb(server.pid, "VmHWM")

        db = sqlite3.connect(data / "gendisclose.db")
        db.row_factory = sqlite3.Row
        problems = []
        for code, status, version_id in answers:
            row = db.execute("SELECT * FROM versions WHERE id = ?", (version_id,)).fetchone()
            if status != 200 or row is None:
                problems.append(f"lost: status {status}")
                continue
            digest = hashlib.sha256(bodies[code]).hexdigest()
            stored = (data / "files" / row["sha256"][:2] / row["sha256"]).read_bytes()
            if row["department_id"] != ids[code] or row["sha256"] != digest or hashlib.sha256(stored).hexdigest() != digest:
                problems.append(f"mixed: version {version_id}")
            if row["workbook_name"] != names[codes.index(code)]:
                problems.append(f"mixed name: version {version_id}: {row['workbook_name']}")
        count = db.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
        db.close()
        lat = sorted(latencies)
        p95 = lat[min(len(lat) - 1, int(round(0.95 * len(lat))) - 1)]
        print(f"{args.departments} departments × {args.rounds} rounds = {len(answers)} uploads at once "
              f"(each round all together), {os.cpu_count()} CPUs")
        print(f"  lost or mixed: {len(problems)}{' — ' + '; '.join(problems[:5]) if problems else ''}")
        print(f"  versions in the database: {count} (expected {len(answers) + 1} with the warm-up)")
        print(f"  upload → issues: p50 {statistics.median(lat):.2f} s, p95 {p95:.2f} s, max {lat[-1]:.2f} s; "
              f"wall {wall:.1f} s ({len(answers) / wall:.1f} uploads/s)")
        print(f"  server memory: peak RSS {hwm / 1024:.0f} MB (server process); "
              f"workers together at most {peak['workers'] / 1024:.0f} MB")
        if problems or count != len(answers) + 1:
            sys.exit(1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


if __name__ == "__main__":
    main()
