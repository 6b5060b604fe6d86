"""The ASGI application (Starlette) and ``gendisclose serve``."""

from __future__ import annotations

import getpass
import os
import secrets
import sys
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..resources import template_path
from . import api, routes, routes_admin
from .auth import Sessions, hash_password, secret_key
from .service import Service
from .web import Refused, as_json, environment, error_page

PASSWORD_ENV = "GENDISCLOSE_ADMIN_PASSWORD"


async def _refused(request: Request, exc: Exception) -> Response:
    status, message = (exc.status, exc.message) if isinstance(exc, Refused) else (500, "服务器内部错误，请稍后重试")
    if request.url.path.startswith("/api/"):
        return as_json({"error": message}, status)
    return error_page(request, status, message)


async def _not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    if request.url.path.startswith("/api/"):
        return as_json({"error": "没有这个地址"}, status)
    return error_page(request, status, "没有这个页面" if status == 404 else "请求有误")


def create_app(data: Path, profile: str | None = None, slots: int | None = None, limit: float = 120.0,
               password: str | None = None, recover: bool = True) -> Starlette:
    """The server over ``data``; the admin password is set here at first start."""
    data = Path(data).resolve()
    service = Service(data, profile, slots or min(8, os.cpu_count() or 1) * 2, limit)
    if service.db.setting("admin_password") is None:
        if not password:
            raise SystemExit("首次启动须设置管理员密码")
        service.db.set_setting("admin_password", hash_password(password))
    app = Starlette(
        routes=[*routes.ROUTES, *routes_admin.ROUTES, *api.ROUTES,
                Mount("/static", StaticFiles(directory=str(template_path("server", "static"))), name="static")],
        exception_handlers={Refused: _refused, Exception: _refused, 404: _not_found, 405: _not_found},
    )
    app.state.service = service
    app.state.sessions = Sessions(secret_key(data))
    app.state.env = environment()
    if recover:
        service.recover()
    return app


def first_password(data: Path) -> str | None:
    """The admin password for a first start: ``$GENDISCLOSE_ADMIN_PASSWORD``, typed twice at a
    terminal, or (no terminal) a random one printed once."""
    from .db import Database

    db_path = Path(data) / "gendisclose.db"
    if db_path.exists() and Database(db_path).setting("admin_password") is not None:
        return None
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if sys.stdin.isatty():
        while True:
            first = getpass.getpass("首次启动：请设置财政局管理员密码（至少 8 位）：")
            if len(first) >= 8 and getpass.getpass("再输入一次：") == first:
                return first
            print("两次输入不一致或少于 8 位，请重新输入。")
    generated = secrets.token_urlsafe(12)
    print(f"首次启动：管理员密码已随机生成（只显示这一次）：{generated}", flush=True)
    return generated


def serve(data: Path, host: str = "127.0.0.1", port: int = 8000, profile: str | None = None) -> None:
    import uvicorn

    Path(data).mkdir(parents=True, exist_ok=True)
    app = create_app(data, profile, password=first_password(data))
    print(f"gendisclose serve：http://{host}:{port}/  数据目录 {Path(data).resolve()}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
