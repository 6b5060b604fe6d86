"""Shared by the server tests: an app over a temporary DIR, logging in, forms, workbooks."""

from __future__ import annotations

import os
import re
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
