"""End to end in a real headless browser (Debian's chromium driven by Playwright).

A department opens its link, uploads a broken workbook and sees the error at its cell, uploads
the corrected one, builds and downloads the PDF; the bureau logs in and sees both states
(有错误 and 已生成) and every version. Skipped only where chromium is absent; ``.ci/run``
installs it. With GENDISCLOSE_SCREENSHOTS=DIR the main pages are saved there as PNG (the
README's images in docs/images/ come from that).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

from server_helpers import (  # noqa: E402
    BROKEN_CELL,
    PASSWORD,
    SAMPLE,
    broken_bytes,
    free_port,
    start_server,
    stop_server,
)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _codes(data: Path, *names: str) -> list[str]:
    from gendisclose.server.auth import new_code

    db = sqlite3.connect(data / "gendisclose.db")
    codes = [new_code() for _ in names]
    with db:
        for name, code in zip(names, codes, strict=True):
            db.execute("INSERT INTO departments(name, name_key, code, created_at) VALUES(?,?,?,?)",
                       (name, name, code, time.time()))
    db.close()
    return codes


def test_department_corrects_its_workbook_and_the_bureau_sees_the_states(tmp_path):
    shots = os.environ.get("GENDISCLOSE_SCREENSHOTS")
    data, port = tmp_path / "data", free_port()
    proc = start_server(data, port)
    base = f"http://127.0.0.1:{port}"
    broken, fixed = tmp_path / "预算-初稿.xlsx", tmp_path / "预算-改正.xlsx"
    broken.write_bytes(broken_bytes())
    fixed.write_bytes(SAMPLE.read_bytes())
    try:
        ours, other = _codes(data, "朔州市平鲁区行政审批服务管理局", "测试县测试局")
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            dept = browser.new_page(accept_downloads=True, viewport={"width": 1200, "height": 900})
            dept.set_default_timeout(120_000)  # a bound for a loaded machine, not a target
            dept.goto(f"{base}/d/{ours}")
            assert dept.url == f"{base}/dept"  # the code leaves the address bar
            dept.set_input_files("input[name=workbook]", str(broken))
            dept.click("text=上传并检查")
            dept.wait_for_selector("table.issues")
            assert BROKEN_CELL in dept.inner_text("table.issues")
            assert "不是数字" in dept.inner_text("table.issues")
            if shots:
                dept.screenshot(path=f"{shots}/server-department-errors.png", full_page=True)
            dept.set_input_files("input[name=workbook]", str(fixed))
            dept.click("text=上传并检查")
            dept.wait_for_selector("#summary")
            assert "检查通过" in dept.inner_text("#summary")
            dept.click("text=生成 PDF、DOCX 和网页预览")
            dept.wait_for_selector("text=下载 PDF", timeout=180_000)
            if shots:
                dept.screenshot(path=f"{shots}/server-department-passed.png", full_page=True)
            with dept.expect_download() as pdf:
                dept.click("text=下载 PDF")
            saved = tmp_path / "out.pdf"
            pdf.value.save_as(saved)
            assert saved.read_bytes()[:4] == b"%PDF" and pdf.value.suggested_filename.endswith(".pdf")
            if shots:
                dept.click("text=与上一版（第 1 版）对比")
                dept.wait_for_selector("h1")
                dept.screenshot(path=f"{shots}/server-department-diff.png")

            other_dept = browser.new_page()
            other_dept.set_default_timeout(120_000)
            other_dept.goto(f"{base}/d/{other}")
            other_dept.set_input_files("input[name=workbook]", str(broken))
            other_dept.click("text=上传并检查")
            other_dept.wait_for_selector("table.issues")

            bureau = browser.new_page(viewport={"width": 1400, "height": 900})
            bureau.set_default_timeout(120_000)
            bureau.goto(f"{base}/login")
            bureau.fill("input[name=password]", PASSWORD)
            bureau.click("button:has-text(\"登录\")")
            bureau.wait_for_selector("table.roster")
            rows = {r.inner_text().split("\t")[0].strip(): r.inner_text() for r in bureau.query_selector_all("table.roster tbody tr")}
            assert "已生成" in rows["朔州市平鲁区行政审批服务管理局"]
            assert "有错误" in rows["测试县测试局"]
            if shots:
                bureau.screenshot(path=f"{shots}/server-bureau-roster.png", full_page=True)
            bureau.click("text=朔州市平鲁区行政审批服务管理局")
            versions = bureau.inner_text("table")
            assert "第 1 版" in versions and "第 2 版" in versions and "有错误" in versions and "已生成" in versions
            if shots:
                bureau.screenshot(path=f"{shots}/server-bureau-versions.png", full_page=True)
            browser.close()
    finally:
        stop_server(proc)
