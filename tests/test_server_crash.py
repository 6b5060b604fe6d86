"""kill -9 during uploads and a build, then restart: the database and the files agree.

A real server process (``gendisclose serve``) takes concurrent uploads through the API; it is
killed with SIGKILL while they are in flight and while a build runs, then started again on the
same DIR. Every upload that was acknowledged is there, checked, with its file and its hash; no
row names a missing or different file; the interrupted build is done after the restart.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from server_helpers import SAMPLE, broken_bytes, free_port, start_server, stop_server  # noqa: E402


def _consistent(data: Path) -> list[sqlite3.Row]:
    db = sqlite3.connect(data / "gendisclose.db")
    db.row_factory = sqlite3.Row
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT * FROM versions").fetchall()
    for r in rows:
        path = data / "files" / r["sha256"][:2] / r["sha256"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == r["sha256"]
    for o in db.execute("SELECT * FROM outputs").fetchall():
        path = data / "files" / o["sha256"][:2] / o["sha256"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == o["sha256"]
    db.close()
    return rows


def test_kill_during_uploads_and_a_build_loses_nothing_acknowledged(tmp_path):
    data, port = tmp_path / "data", free_port()
    proc = start_server(data, port)
    base = f"http://127.0.0.1:{port}"
    try:
        roster = sqlite3.connect(data / "gendisclose.db")
        now = time.time()
        codes = [f"code-{i:02d}-" + "x" * 20 for i in range(6)]
        with roster:
            for i, code in enumerate(codes):
                roster.execute("INSERT INTO departments(name, name_key, code, created_at) VALUES(?,?,?,?)",
                               (f"单位{i}", f"单位{i}", code, now))
        roster.close()
        sample = SAMPLE.read_bytes()
        built = httpx.post(f"{base}/api/upload?filename=a.xlsx", content=sample,
                           headers={"Authorization": f"Bearer {codes[0]}"}, timeout=30)
        building = int(built.headers["X-Version-Id"])
        assert httpx.post(f"{base}/api/versions/{building}/build", headers={"Authorization": f"Bearer {codes[0]}"},
                          timeout=30).status_code == 202
        acknowledged: list[tuple[int, str]] = []
        stop = threading.Event()

        def uploader(code: str, n: int) -> None:
            while not stop.is_set():
                body = broken_bytes() if n % 2 else sample + b""
                try:
                    r = httpx.post(f"{base}/api/upload?filename=w{n}.xlsx", content=body,
                                   headers={"Authorization": f"Bearer {code}"}, timeout=30)
                except httpx.TransportError:
                    return
                if r.status_code == 200:
                    acknowledged.append((int(r.headers["X-Version-Id"]), hashlib.sha256(body).hexdigest()))

        threads = [threading.Thread(target=uploader, args=(c, n)) for n, c in enumerate(codes[1:])]
        for t in threads:
            t.start()
        end = time.time() + 30
        while len(acknowledged) < 3 and time.time() < end:
            time.sleep(0.05)
        time.sleep(0.2)
        os.kill(proc.pid, signal.SIGKILL)  # the server only, mid-upload and mid-build
        stop.set()
        for t in threads:
            t.join(30)
        stop_server(proc)
        assert acknowledged, "no upload was acknowledged before the kill"
        _consistent(data)
        proc = start_server(data, port)
        end = time.time() + 180  # a bound, not a target: a loaded machine builds slowly
        while time.time() < end:
            rows = {r["id"]: r for r in _consistent(data)}
            if all(r["checked"] for r in rows.values()) and rows[building]["build_state"] == "done":
                break
            time.sleep(0.3)
        for version_id, digest in acknowledged:
            assert rows[version_id]["sha256"] == digest and rows[version_id]["checked"] == 1
        assert all(r["checked"] for r in rows.values())
        assert rows[building]["build_state"] == "done"
        assert not [p for p in (data / "tmp").iterdir()], "scratch left behind"
        pdf = httpx.get(f"{base}/api/versions/{building}/files/pdf", headers={"Authorization": f"Bearer {codes[0]}"})
        assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    finally:
        stop_server(proc)
