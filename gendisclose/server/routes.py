"""The pages: a department's (its link, its uploads, its files) and the versions both roles see."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.routing import Route

from . import work
from .service import FINAL_NOT_YET, display_name, state_of
from .web import MEDIA, Refused, download, error_page, form, page, redirect, session, upload_bytes


def _dept_session(request: Request) -> dict:
    s = session(request)
    if s is None or s["role"] != "dept":
        raise Refused(401, "请使用财政局发给本单位的链接进入")
    return s


def version_for(request: Request, version_id: int):  # noqa: ANN201 - a versions row
    """The version, if the session may see it: the bureau any, a department only its own."""
    s = session(request)
    v = request.app.state.service.db.version(version_id)
    if s is None or s["role"] not in ("admin", "dept"):
        raise Refused(401, "请先登录")
    if v is None or (s["role"] == "dept" and v["department_id"] != s["dept"]):
        raise Refused(404, "没有这个版本")
    return v


async def home(request: Request):  # noqa: ANN201
    s = session(request)
    if s and s["role"] == "dept":
        return redirect("/dept")
    if s and s["role"] == "admin":
        return redirect("/admin")
    return page(request, "home.html")


async def enter(request: Request):  # noqa: ANN201
    """``/d/<code>``: a department's link; the code becomes a session and leaves the address bar."""
    app = request.app.state
    code = request.path_params["code"]
    dept = app.service.db.department_by_code(code) if 10 <= len(code) <= 100 else None
    if dept is None:
        return error_page(request, 404, "链接无效或已被财政局撤销，请向财政局索取新的链接")
    return redirect("/dept", cookie=app.sessions.make("dept", dept["id"], dept["code"]))


async def dept_home(request: Request):  # noqa: ANN201
    s = _dept_session(request)
    db = request.app.state.service.db
    dept = db.department(s["dept"])
    versions = db.versions(dept["id"])
    return page(request, "dept.html", dept=dept, versions=versions, state=state_of(versions[0] if versions else None))


async def dept_upload(request: Request):  # noqa: ANN201
    s = _dept_session(request)
    data = await form(request, with_file=True)
    filename, content = await upload_bytes(data.get("workbook"))
    service = request.app.state.service
    from starlette.concurrency import run_in_threadpool

    version_id = await run_in_threadpool(service.upload, s["dept"], filename, content)
    return redirect(f"/v/{version_id}")


async def version_page(request: Request):  # noqa: ANN201
    v = version_for(request, request.path_params["id"])
    service = request.app.state.service
    db = service.db
    previous = db.previous(v)
    report = service.report(v) if v["checked"] else None
    build_issues = json.loads(v["build_issues"]) if v["build_issues"] else []
    latest = db.latest(v["department_id"])
    return page(request, "version.html", v=v, dept=db.department(v["department_id"]), report=report,
                previous=previous, state=state_of(v), outputs=db.outputs(v["id"]), build_issues=build_issues,
                is_latest=latest["id"] == v["id"], final_not_yet=v["build_state"] == "not_yet",
                final_code=FINAL_NOT_YET)


async def version_explain(request: Request):  # noqa: ANN201
    v = version_for(request, request.path_params["id"])
    data = await form(request)
    text = "".join(ch for ch in str(data.get("explanation") or "") if ch.isprintable() or ch == "\n")[:2000]
    request.app.state.service.db.explain(v["id"], text.strip())
    return redirect(f"/v/{v['id']}")


async def version_build(request: Request):  # noqa: ANN201
    v = version_for(request, request.path_params["id"])
    await form(request)
    if not v["ok"]:
        raise Refused(409, "这个版本有错误，改正后才能生成")
    request.app.state.service.queue_build(v["id"])
    return redirect(f"/v/{v['id']}")


async def version_diff(request: Request):  # noqa: ANN201
    v = version_for(request, request.path_params["id"])
    service = request.app.state.service
    previous = service.db.previous(v)
    if previous is None:
        return error_page(request, 404, "这是第一次上传，没有可以对比的上一版本")
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(service.diff, previous, v)
    return page(request, "diff.html", v=v, previous=previous, d=result)


async def version_file(request: Request):  # noqa: ANN201
    v = version_for(request, request.path_params["id"])
    what = request.path_params["what"]
    service = request.app.state.service
    from starlette.concurrency import run_in_threadpool

    path = str(service.storage.path(v["sha256"]))
    if what == "workbook":
        return download(service.storage.get(v["sha256"]), display_name(v["filename"]), MEDIA["xlsx"])
    if what == "annotated":
        from hashlib import sha256

        note = v["explanation"] or ""
        key = f"annotated:{v['sha256']}:{service.profile}:{sha256(note.encode()).hexdigest()[:16]}"
        r = await run_in_threadpool(service.derived, key, work.annotated, path, service.profile, note or None)
        if not r["ok"]:
            return error_page(request, 409, r.get("message") or "无法生成带批注的工作簿")
        from ..annotate import annotated_name

        stem = display_name(v["filename"]).rsplit(".", 1)[0]
        return download(r["data"], annotated_name(stem), MEDIA["xlsx"])
    if what == "tables":
        r = await run_in_threadpool(service.derived, f"tables:{v['sha256']}:{service.profile}",
                                    work.tables, path, service.profile)
        if not r["ok"]:
            return error_page(request, 409, r.get("message") or "工作簿有错误，改正后才能导出公开表")
        return download(r["data"], r["name"], MEDIA["xlsx"])
    out = service.db.outputs(v["id"]).get(what.removesuffix("-preview"))
    if out is None:
        return error_page(request, 404, "还没有生成这个文件")
    data = service.storage.get(out["sha256"])
    return download(data, out["filename"], MEDIA[out["fmt"]], inline=what == "html-preview")


async def logout(request: Request):  # noqa: ANN201
    await form(request)
    return redirect("/", clear=True)


ROUTES = [
    Route("/", home),
    Route("/d/{code}", enter),
    Route("/dept", dept_home),
    Route("/dept/upload", dept_upload, methods=["POST"]),
    Route("/v/{id:int}", version_page),
    Route("/v/{id:int}/explain", version_explain, methods=["POST"]),
    Route("/v/{id:int}/build", version_build, methods=["POST"]),
    Route("/v/{id:int}/diff", version_diff),
    Route("/v/{id:int}/file/{what:str}", version_file),
    Route("/logout", logout, methods=["POST"]),
]
