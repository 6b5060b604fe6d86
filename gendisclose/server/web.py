"""What every route shares: templates (autoescaped), the session, CSRF, uploads, file answers."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..resources import template_path
from .auth import COOKIE, SESSION_SECONDS, code_fingerprint

#: the largest upload accepted (the reader's own checks for zip bombs and oversized XML follow)
MAX_UPLOAD = 20 * 1024 * 1024

HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none';"
                               " form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(template_path("server"))),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["when"] = lambda t: time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t)) if t else ""
    env.filters["short"] = lambda h: (h or "")[:12]
    return env


def session(request: Request) -> dict | None:
    """The signed session, or None; a department session only while its code is current."""
    app = request.app.state
    data = app.sessions.read(request.cookies.get(COOKIE))
    if data is None or data["role"] != "dept":
        return data
    dept = app.service.db.department(data.get("dept") or 0)
    if dept is None or dept["revoked_at"] or code_fingerprint(dept["code"]) != data.get("code"):
        return None
    return data


def page(request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
    app = request.app.state
    s = session(request)
    html = app.env.get_template(template).render(
        request=request, session=s, csrf=app.sessions.csrf(s), **values)
    return HTMLResponse(html, status, headers=HEADERS)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status, message=message)


def redirect(url: str, cookie: str | None = None, clear: bool = False) -> RedirectResponse:
    resp = RedirectResponse(url, 303, headers=HEADERS)
    if cookie:
        resp.set_cookie(COOKIE, cookie, max_age=SESSION_SECONDS, httponly=True, samesite="lax")
    if clear:
        resp.delete_cookie(COOKIE)
    return resp


async def form(request: Request, with_file: bool = False):  # noqa: ANN201 - FormData
    """The posted form, after the size cap and the CSRF check."""
    s = session(request)
    length = request.headers.get("content-length")
    if length is None:
        raise Refused(411, "请求缺少长度，无法接收")
    if not length.isdigit() or int(length) > MAX_UPLOAD + 64 * 1024:
        raise Refused(413, f"文件太大：上传的工作簿不能超过 {MAX_UPLOAD // 1024 // 1024} MB")
    data = await request.form(max_files=1 if with_file else 0, max_fields=20)
    if not request.app.state.sessions.csrf_ok(s, data.get("csrf")):
        raise Refused(403, "页面已过期或来源不明（CSRF 校验未通过），请刷新页面后重试")
    return data


async def upload_bytes(upload) -> tuple[str, bytes]:  # noqa: ANN001 - UploadFile
    if upload is None or isinstance(upload, str) or not getattr(upload, "filename", None):
        raise Refused(400, "请先选择要上传的工作簿文件（.xlsx）")
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise Refused(413, f"文件太大：上传的工作簿不能超过 {MAX_UPLOAD // 1024 // 1024} MB")
    return upload.filename, data


def download(data: bytes, filename: str, media: str, inline: bool = False) -> Response:
    """A file answer; the name is sent as RFC 5987 text, never used as a path."""
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    ascii_name = filename if all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in filename) else f"download.{suffix}"
    disposition = "inline" if inline else "attachment"
    headers = dict(HEADERS)
    headers["Content-Disposition"] = f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    if inline:  # our own escaped HTML preview, but still: no script, nothing fetched
        headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return Response(data, media_type=media, headers=headers)


MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "zip": "application/zip",
    "json": "application/json",
}


def as_json(value, status: int = 200, headers: dict | None = None) -> Response:  # noqa: ANN001
    body = json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")
    return Response(body, status, media_type="application/json", headers={**HEADERS, **(headers or {})})
