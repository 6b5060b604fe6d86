"""The bureau's pages: login, roster and states, every version, build all, profile, downloads."""

from __future__ import annotations

import asyncio

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from ..batch import TOTALS
from .auth import check_password
from .service import STATES, state_of
from .web import MEDIA, Refused, download, form, page, redirect, session, upload_bytes

#: shipped profiles the bureau can choose from the page ("" = the default wording)
PROFILE_CHOICES = ("", "gbt9704")


def _admin(request: Request) -> dict:
    s = session(request)
    if s is None or s["role"] != "admin":
        raise Refused(401, "请先以财政局管理员身份登录")
    return s


async def login_page(request: Request):  # noqa: ANN201
    s = session(request)
    if s and s["role"] == "admin":
        return redirect("/admin")
    if s is None:  # an anonymous session, so the login form has its CSRF token
        resp = redirect("/login", cookie=request.app.state.sessions.make("anon"))
        return resp
    return page(request, "login.html")


async def login(request: Request):  # noqa: ANN201
    data = await form(request)
    app = request.app.state
    password = str(data.get("password") or "")
    ok = await run_in_threadpool(check_password, password, app.service.db.setting("admin_password"))
    if not ok:
        await asyncio.sleep(0.5)  # a little friction against guessing (without blocking others)
        return page(request, "login.html", 403, failed=True)
    return redirect("/admin", cookie=app.sessions.make("admin"))


def _totals(rows: list[dict]) -> dict[str, str]:
    from decimal import Decimal

    sums: dict[str, Decimal] = {}
    for r in rows:
        if r["state"] in ("通过", "已说明", "已生成"):
            for key, _ in TOTALS:
                if r["totals"].get(key):
                    sums[key] = sums.get(key, Decimal(0)) + Decimal(r["totals"][key])
    return {k: f"{v:,.2f}" for k, v in sums.items()}


async def admin_home(request: Request):  # noqa: ANN201
    _admin(request)
    service = request.app.state.service
    rows = service.roster()
    counts = {state: sum(1 for r in rows if r["state"] == state) for state in STATES}
    p = service.progress
    return page(request, "admin.html", rows=rows, counts=counts, totals=TOTALS, sums=_totals(rows),
                progress=p, profile=service.profile, choices=PROFILE_CHOICES,
                base=str(request.base_url).rstrip("/"))


async def admin_department(request: Request):  # noqa: ANN201
    _admin(request)
    db = request.app.state.service.db
    dept = db.department(request.path_params["id"])
    if dept is None:
        raise Refused(404, "没有这个单位")
    versions = db.versions(dept["id"])
    return page(request, "admin_dept.html", dept=dept, versions=versions, state_of=state_of,
                base=str(request.base_url).rstrip("/"))


async def roster_import(request: Request):  # noqa: ANN201
    _admin(request)
    data = await form(request)
    request.app.state.service.import_roster(str(data.get("names") or "")[:100_000])
    return redirect("/admin")


async def admin_upload(request: Request):  # noqa: ANN201
    _admin(request)
    data = await form(request, with_file=True)
    filename, content = await upload_bytes(data.get("workbook"))
    version_id = await run_in_threadpool(request.app.state.service.upload, None, filename, content)
    return redirect(f"/v/{version_id}")


async def code_action(request: Request):  # noqa: ANN201
    _admin(request)
    await form(request)
    service = request.app.state.service
    dept_id = request.path_params["id"]
    if service.db.department(dept_id) is None:
        raise Refused(404, "没有这个单位")
    action = request.path_params["action"]
    if action not in ("renew", "revoke"):
        raise Refused(404, "没有这个操作")
    if action == "renew":
        service.renew_code(dept_id)
    else:
        service.revoke_code(dept_id)
    return redirect(f"/admin/dept/{dept_id}")


async def build_all(request: Request):  # noqa: ANN201
    _admin(request)
    await form(request)
    request.app.state.service.build_all()
    return redirect("/admin")


async def set_profile(request: Request):  # noqa: ANN201
    _admin(request)
    data = await form(request)
    service = request.app.state.service
    choice = str(data.get("profile") or "")
    allowed = {*PROFILE_CHOICES, *([service.default_profile] if service.default_profile else [])}
    if choice not in allowed:
        raise Refused(400, "没有这个配置")
    service.db.set_setting("profile", choice)
    return redirect("/admin")


async def summary(request: Request):  # noqa: ANN201
    _admin(request)
    data = await run_in_threadpool(request.app.state.service.summary_xlsx)
    return download(data, "汇总.xlsx", MEDIA["xlsx"])


async def published(request: Request):  # noqa: ANN201
    _admin(request)
    data = await run_in_threadpool(request.app.state.service.published_zip)
    return download(data, "公开文件.zip", MEDIA["zip"])


ROUTES = [
    Route("/login", login_page),
    Route("/login", login, methods=["POST"]),
    Route("/admin", admin_home),
    Route("/admin/dept/{id:int}", admin_department),
    Route("/admin/dept/{id:int}/{action:str}", code_action, methods=["POST"]),
    Route("/admin/roster", roster_import, methods=["POST"]),
    Route("/admin/upload", admin_upload, methods=["POST"]),
    Route("/admin/build-all", build_all, methods=["POST"]),
    Route("/admin/profile", set_profile, methods=["POST"]),
    Route("/admin/汇总.xlsx", summary),
    Route("/admin/published.zip", published),
]
