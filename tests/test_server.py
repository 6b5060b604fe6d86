"""gendisclose serve: routes, authentication, CSRF, isolation, hostile text, crash-isolated builds.

Starlette's TestClient drives the app in-process; checks and builds run in worker processes as
in production. The browser test is tests/test_server_browser.py; the kill -9 test
tests/test_server_crash.py.
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile

import pytest

pytest.importorskip("starlette")
pytest.importorskip("itsdangerous")

from server_helpers import (  # noqa: E402
    BROKEN_CELL,
    PASSWORD,
    SAMPLE,
    broken_bytes,
    crash_build,
    csrf,
    enter,
    fixed_bytes,
    hang_build,
    login_admin,
    text,
    upload,
    wait_build,
)

with warnings.catch_warnings():  # Starlette asks for httpx2; httpx is what it documents today
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402
from test_hostile import LITERALS, SCRIPT  # noqa: E402

from gendisclose.server import web  # noqa: E402
from gendisclose.server.app import create_app  # noqa: E402


@pytest.fixture
def app(tmp_path):
    return create_app(tmp_path / "data", password=PASSWORD, slots=4, limit=60)


@pytest.fixture
def admin(app):
    client = TestClient(app)
    assert login_admin(client).url.path == "/admin"
    return client


def department(app, name: str = "测试县测试局") -> tuple[TestClient, dict]:
    service = app.state.service
    [dept_id] = service.import_roster(name)
    row = service.db.department(dept_id)
    client = TestClient(app)
    assert enter(client, row["code"]).url.path == "/dept"
    return client, row


def test_pages_need_a_login(app):
    client = TestClient(app)
    for path in ("/admin", "/dept", "/admin/汇总.xlsx", "/admin/published.zip", "/v/1"):
        r = client.get(path)
        assert r.status_code == 401, path
    assert client.get("/d/not-a-code-at-all").status_code == 404


def test_admin_password_is_checked_and_stored_hashed(app):
    client = TestClient(app)
    assert login_admin(client, "wrong password").status_code == 403
    assert client.get("/admin").status_code == 401
    assert login_admin(client).url.path == "/admin"
    stored = app.state.service.db.setting("admin_password")
    assert stored.startswith("scrypt$") and PASSWORD not in stored


def test_every_form_needs_its_sessions_csrf_token(app, admin):
    assert admin.post("/admin/roster", data={"names": "甲局"}).status_code == 403
    assert admin.post("/admin/roster", data={"names": "甲局", "csrf": "0" * 64}).status_code == 403
    other = TestClient(app)
    login_admin(other)
    foreign = csrf(other.get("/admin").text)  # another session's token is no token
    assert admin.post("/admin/roster", data={"names": "甲局", "csrf": foreign}).status_code == 403
    assert app.state.service.db.departments() == []
    ok = admin.post("/admin/roster", data={"names": "甲局", "csrf": csrf(admin.get("/admin").text)})
    assert ok.status_code == 200 and [d["name"] for d in app.state.service.db.departments()] == ["甲局"]
    dept, _ = department(app, "乙局")
    assert dept.post("/dept/upload", files={"workbook": ("a.xlsx", fixed_bytes())}).status_code == 403


def test_upload_reports_every_problem_at_its_cell_and_the_api_gives_validate_json(app, tmp_path):
    from typer.testing import CliRunner

    from gendisclose.cli import app as cli

    dept, row = department(app)
    r = upload(dept, broken_bytes(), "预算.xlsx")
    assert r.url.path.startswith("/v/")
    assert BROKEN_CELL in r.text and "不是数字" in r.text and "有错误" in r.text
    api = TestClient(app).post("/api/upload?filename=预算.xlsx", content=broken_bytes(),
                               headers={"Authorization": f"Bearer {row['code']}"})
    assert api.status_code == 200
    path = tmp_path / "预算.xlsx"
    path.write_bytes(broken_bytes())
    cli_json = json.loads(CliRunner().invoke(cli, ["validate", str(path), "--format", "json"]).stdout)
    cli_json["file"] = "预算.xlsx"
    assert api.json() == cli_json
    version = app.state.service.db.version(int(api.headers["X-Version-Id"]))
    assert version["department_id"] == row["id"] and version["seq"] == 2


def test_departments_see_only_their_own_submissions(app):
    a, row_a = department(app, "甲局")
    b, row_b = department(app, "乙局")
    workbook = broken_bytes()
    va = int(upload(a, workbook).url.path.rsplit("/", 1)[1])
    for path in (f"/v/{va}", f"/v/{va}/diff", f"/v/{va}/file/workbook", f"/v/{va}/file/annotated"):
        assert b.get(path).status_code == 404, path
    assert a.get(f"/v/{va}/file/workbook").content == workbook
    api = TestClient(app)
    assert api.get(f"/api/versions/{va}", headers={"Authorization": f"Bearer {row_b['code']}"}).status_code == 404
    assert api.get(f"/api/versions/{va}", headers={"Authorization": f"Bearer {row_a['code']}"}).status_code == 200
    assert "甲局" not in b.get("/dept").text
    assert b.get("/admin").status_code == 401 and b.get("/api/roster").status_code == 401


def test_a_revoked_code_ends_the_link_and_its_sessions(app, admin):
    dept, row = department(app)
    assert dept.get("/dept").status_code == 200
    token = csrf(admin.get(f"/admin/dept/{row['id']}").text)
    assert admin.post(f"/admin/dept/{row['id']}/revoke", data={"csrf": token}).status_code == 200
    assert dept.get("/dept").status_code == 401
    assert enter(TestClient(app), row["code"]).status_code == 404
    api = TestClient(app).post("/api/upload", content=fixed_bytes(), headers={"Authorization": f"Bearer {row['code']}"})
    assert api.status_code == 401
    admin.post(f"/admin/dept/{row['id']}/renew", data={"csrf": token})
    new = app.state.service.db.department(row["id"])["code"]
    assert new != row["code"] and len(new) >= 32 and enter(TestClient(app), new).url.path == "/dept"


def test_hostile_names_are_shown_as_text_and_never_become_paths(app, admin, tmp_path):
    names = [f"局{text}" for text in LITERALS]
    admin.post("/admin/roster", data={"names": "\n".join(names), "csrf": csrf(admin.get("/admin").text)})
    dept, _ = department(app, names[3])  # the <script> one
    hostile_file = f"../../../{SCRIPT}{{{{ 7*7 }}}}.xlsx"
    r = upload(dept, broken_bytes(), hostile_file)
    page = admin.get("/admin").text
    for html in (page, r.text, dept.get("/dept").text):
        assert SCRIPT not in html and "<img src=file" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    stored = app.state.service.db.all("SELECT filename FROM versions")[0]["filename"]
    assert stored == "script>{{ 7*7 }}.xlsx"  # the last component only (after </), kept as text
    data = tmp_path / "data"
    assert not list(tmp_path.glob("**/*script*")), "a user's name became a file"
    assert {p.name for p in data.iterdir()} <= {"files", "tmp", "gendisclose.db", "gendisclose.db-wal",
                                                  "gendisclose.db-shm", "secret.key"}


def test_uploads_are_capped_and_checked_before_parsing(app, monkeypatch):
    dept, _ = department(app)
    monkeypatch.setattr(web, "MAX_UPLOAD", 10_000)
    r = upload(dept, b"PK" + b"\0" * 20_000)
    assert r.status_code == 413 and "文件太大" in r.text
    monkeypatch.undo()
    r = upload(dept, b"%PDF-1.7 not a workbook")
    assert "PDF 文件" in r.text
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024 // 10))
    r = upload(dept, bomb.getvalue())
    assert "过大" in r.text
    versions = app.state.service.db.all("SELECT errors, result FROM versions ORDER BY id")
    assert len(versions) == 2 and all(v["errors"] == 1 for v in versions)  # the refused one is not stored
    assert "file.too_big" in versions[1]["result"]


def test_no_file_outside_data_is_served(app, admin):
    for path in ("/static/../gendisclose.db", "/static/%2e%2e/secret.key", "/v/1/file/..%2f..%2fsecret.key",
                 "/static/../../pyproject.toml"):
        r = admin.get(path)
        assert r.status_code == 404 and b"scrypt" not in r.content and b"[project]" not in r.content, path
    with pytest.raises(ValueError):
        app.state.service.storage.path("../secret.key")


def test_a_crashing_or_hanging_build_costs_only_its_own_submission(tmp_path):
    app = create_app(tmp_path / "data", password=PASSWORD, limit=2)
    service = app.state.service
    a, _ = department(app, "甲局")
    b, _ = department(app, "乙局")
    va = int(upload(a, fixed_bytes()).url.path.rsplit("/", 1)[1])
    vb = int(upload(b, fixed_bytes()).url.path.rsplit("/", 1)[1])
    for fn, reason in ((crash_build, "意外退出"), (hang_build, "超时")):
        service.build_fn = fn
        service.queue_build(va)
        v = wait_build(service, va, 30)
        assert v["build_state"] == "failed" and reason in v["build_issues"]
        assert "生成没有成功" in a.get(f"/v/{va}").text and reason in a.get(f"/v/{va}").text
    assert service.db.version(vb)["build_state"] is None  # the other department's version is untouched
    assert b.get("/dept").status_code == 200 and "通过" in b.get(f"/v/{vb}").text


def test_department_flow_diff_build_all_summary_and_zip(app, admin):
    dept, row = department(app)
    first = upload(dept, broken_bytes())
    second = upload(dept, SAMPLE.read_bytes(), "改正后.xlsx")
    vid = int(second.url.path.rsplit("/", 1)[1])
    assert "检查通过" in second.text
    diff = dept.get(f"/v/{vid}/diff")
    assert diff.status_code == 200 and "填报内容" in diff.text
    annotated = dept.get(f"/v/{int(first.url.path.rsplit('/', 1)[1])}/file/annotated")
    assert annotated.status_code == 200 and annotated.content[:2] == b"PK"
    roster = admin.get("/admin").text
    assert "通过 1 ·" in text(roster)
    admin.post("/admin/build-all", data={"csrf": csrf(roster)})
    v = wait_build(app.state.service, vid, 180)
    assert v["build_state"] == "done"
    for what, head in (("pdf", b"%PDF"), ("docx", b"PK"), ("tables", b"PK"), ("html-preview", b"<!")):
        r = dept.get(f"/v/{vid}/file/{what}")
        assert r.status_code == 200 and r.content.lstrip()[:4].startswith(head[:2]), what
    assert "已生成 1 ·" in text(admin.get("/admin").text)
    from openpyxl import load_workbook

    summary = load_workbook(io.BytesIO(admin.get("/admin/汇总.xlsx").content))
    assert summary["汇总"].cell(2, 3).value == "通过" and "改正后.xlsx" in summary["汇总"].cell(2, 1).value
    names = zipfile.ZipFile(io.BytesIO(admin.get("/admin/published.zip").content)).namelist()
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["docx", "html", "pdf"]
    api = TestClient(app).get(f"/api/versions/{vid}/files/pdf", headers={"Authorization": f"Bearer {row['code']}"})
    assert api.status_code == 200 and api.content[:4] == b"%PDF"


def test_a_restart_checks_what_was_stored_but_not_checked(tmp_path):
    app = create_app(tmp_path / "data", password=PASSWORD)
    service = app.state.service
    [dept_id] = service.import_roster("甲局")
    digest = service.storage.put(broken_bytes())
    vid = service.db.add_version(dept_id, "a.xlsx", digest, 1)  # the crash came before the check
    again = create_app(tmp_path / "data")
    v = again.state.service.db.version(vid)
    assert v["checked"] == 1 and v["errors"] >= 1 and BROKEN_CELL in v["result"]


def test_an_explained_warning_is_shown_as_explained_and_the_bureau_can_upload_itself(app, admin):
    from server_helpers import ROOT

    affairs = (ROOT / "sample_inputs" / "pinglu-affairs-2026.xlsx").read_bytes()  # one warning, no error
    dept, row = department(app, "平鲁区机关事务")
    page = upload(dept, affairs)
    vid = int(page.url.path.rsplit("/", 1)[1])
    assert "警告" in page.text and "项目!A10" in page.text
    assert app.state.service.roster()[0]["state"] == "通过"
    dept.post(f"/v/{vid}/explain", data={"csrf": csrf(page.text), "explanation": "已核实：<b>跨年</b>合同"})
    assert app.state.service.roster()[0]["state"] == "已说明"
    shown = dept.get(f"/v/{vid}").text
    assert "已核实：&lt;b&gt;跨年&lt;/b&gt;合同" in shown and "<b>跨年" not in shown
    r = upload(admin, SAMPLE.read_bytes(), "收到的.xlsx", action="/admin/upload")
    assert r.status_code == 200 and "检查通过" in r.text
    names = [d["name"] for d in app.state.service.db.departments()]
    assert "朔州市平鲁区行政审批服务管理局" in names  # grown from the submission
