"""The JSON API under ``/api/`` (for other tools; described in the README).

A department authenticates with ``Authorization: Bearer <its code>``; the bureau with
``Authorization: Basic`` (user ``admin``, its password). No cookies, so no CSRF token.
"""

from __future__ import annotations

import base64
import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from .auth import check_password
from .service import display_name, state_of
from .web import MAX_UPLOAD, MEDIA, Refused, as_json, download


def _who(request: Request) -> dict:
    db = request.app.state.service.db
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        dept = db.department_by_code(value.strip())
        if dept is not None:
            return {"role": "dept", "dept": dept["id"]}
    if scheme.lower() == "basic" and value:
        try:
            user, _, password = base64.b64decode(value).decode("utf-8").partition(":")
        except ValueError:
            user, password = "", ""
        if user == "admin" and check_password(password, db.setting("admin_password")):
            return {"role": "admin"}
    raise Refused(401, "需要单位代码（Authorization: Bearer 代码）或管理员密码（Basic）")


def _version(request: Request, who: dict):  # noqa: ANN202
    v = request.app.state.service.db.version(request.path_params["id"])
    if v is None or (who["role"] == "dept" and v["department_id"] != who["dept"]):
        raise Refused(404, "没有这个版本")
    return v


async def _body(request: Request) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_UPLOAD):
        raise Refused(413, f"文件太大：上传的工作簿不能超过 {MAX_UPLOAD // 1024 // 1024} MB")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPLOAD:
            raise Refused(413, f"文件太大：上传的工作簿不能超过 {MAX_UPLOAD // 1024 // 1024} MB")
        chunks.append(chunk)
    return b"".join(chunks)


async def upload(request: Request):  # noqa: ANN201
    """POST /api/upload?filename=… with the workbook as the body → the ``validate --format json``
    report; the new version's id is in the ``X-Version-Id`` header."""
    who = _who(request)
    data = await _body(request)
    filename = display_name(request.query_params.get("filename") or "工作簿.xlsx")
    service = request.app.state.service
    version_id = await run_in_threadpool(service.upload, who.get("dept"), filename, data)
    v = service.db.version(version_id)
    return as_json(service.report(v), headers={"X-Version-Id": str(version_id),
                                               "Location": f"/api/versions/{version_id}"})


def _status(service, v) -> dict:  # noqa: ANN001
    outputs = service.db.outputs(v["id"])
    return {
        "id": v["id"], "department": service.db.department(v["department_id"])["name"], "seq": v["seq"],
        "file": v["filename"], "sha256": v["sha256"], "uploaded_at": v["uploaded_at"], "state": state_of(v),
        "build": v["build_state"], "build_issues": json.loads(v["build_issues"]) if v["build_issues"] else [],
        "files": sorted(outputs), "report": service.report(v) if v["checked"] else None,
    }


async def version(request: Request):  # noqa: ANN201
    who = _who(request)
    service = request.app.state.service
    return as_json(_status(service, _version(request, who)))


async def build(request: Request):  # noqa: ANN201
    """POST /api/versions/{id}/build → 202 and the version's state; poll GET /api/versions/{id}."""
    who = _who(request)
    service = request.app.state.service
    v = _version(request, who)
    if not v["ok"]:
        return as_json({"error": "这个版本有错误，改正后才能生成", "report": service.report(v)}, 409)
    service.queue_build(v["id"])
    return as_json(_status(service, service.db.version(v["id"])), 202)


async def file(request: Request):  # noqa: ANN201
    who = _who(request)
    service = request.app.state.service
    v = _version(request, who)
    out = service.db.outputs(v["id"]).get(request.path_params["fmt"])
    if out is None:
        return as_json({"error": "还没有生成这个文件"}, 404)
    return download(service.storage.get(out["sha256"]), out["filename"], MEDIA[out["fmt"]])


async def roster(request: Request):  # noqa: ANN201
    who = _who(request)
    if who["role"] != "admin":
        raise Refused(403, "只有财政局管理员可以查看")
    rows = request.app.state.service.roster()
    return as_json([{"id": r["dept"]["id"], "name": r["dept"]["name"], "state": r["state"], "totals": r["totals"],
                     "latest": r["latest"]["id"] if r["latest"] is not None else None} for r in rows])


ROUTES = [
    Route("/api/upload", upload, methods=["POST"]),
    Route("/api/versions/{id:int}", version),
    Route("/api/versions/{id:int}/build", build, methods=["POST"]),
    Route("/api/versions/{id:int}/files/{fmt:str}", file),
    Route("/api/roster", roster),
]
