"""Shared by the server tests: an app over a temporary DIR, logging in, forms, workbooks."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bad_inputs.base import open_base, ref, save

from gendisclose.workbook.schema import ECONOMIC

PASSWORD = "bureau-password-1"
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "pinglu-approval-2026.xlsx"
BROKEN_CELL = f"{ECONOMIC.name}!{ref(ECONOMIC, 'amount', 2)}"


def broken_bytes() -> bytes:
    """The corpus's base workbook with text in an amount cell (an error at BROKEN_CELL)."""
    wb = open_base()
    wb[ECONOMIC.name][ref(ECONOMIC, "amount", 2)] = "一百万"
    return save(wb)


def fixed_bytes() -> bytes:
    wb = open_base()
    return save(wb)


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def text(html: str) -> str:
    """The page's text as a reader sees it (tags dropped, spaces collapsed)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def login_admin(client, password: str = PASSWORD):  # noqa: ANN001, ANN201
    page = client.get("/login")
    return client.post("/login", data={"csrf": csrf(page.text), "password": password})


def enter(client, code: str):  # noqa: ANN001, ANN201
    return client.get(f"/d/{code}")


def upload(client, data: bytes, name: str = "工作簿.xlsx", action: str = "/dept/upload"):  # noqa: ANN001, ANN201
    page = client.get("/dept" if action == "/dept/upload" else "/admin")
    return client.post(action, data={"csrf": csrf(page.text)}, files={"workbook": (name, data)})


def wait_build(service, version_id: int, seconds: float = 60):  # noqa: ANN001, ANN201
    end = time.time() + seconds
    while time.time() < end:
        v = service.db.version(version_id)
        if v["build_state"] not in ("queued", "running"):
            return v
        time.sleep(0.1)
    raise AssertionError("build did not finish")


def crash_build(*args) -> dict:  # noqa: ANN002 - a worker that dies like a segfault
    os._exit(11)


def hang_build(*args) -> dict:  # noqa: ANN002 - a worker that never returns
    time.sleep(600)
    return {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int) -> subprocess.Popen:
    """``gendisclose serve`` in a process group of its own; its stderr goes to ``DIR/../server.log``."""
    env = {**os.environ, "GENDISCLOSE_ADMIN_PASSWORD": PASSWORD, "PYTHONPATH": str(ROOT)}
    log = open(Path(data).parent / "server.log", "ab")  # noqa: SIM115 - the child keeps it
    proc = subprocess.Popen(
        [sys.executable, "-m", "gendisclose", "serve", "--data", str(data), "--port", str(port)],
        env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
    )
    log.close()
    end = time.time() + 30
    while time.time() < end:
        try:
            _httpx().get(f"http://127.0.0.1:{port}/", timeout=1)
            return proc
        except _httpx().TransportError:
            if proc.poll() is not None:
                raise AssertionError((Path(data).parent / "server.log").read_text()) from None
            time.sleep(0.1)
    raise AssertionError("server did not start")


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the server and the workers it started
    except ProcessLookupError:
        pass
    proc.wait(10)


def _httpx():  # noqa: ANN202
    import httpx

    return httpx
