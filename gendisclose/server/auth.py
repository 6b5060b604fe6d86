"""Who is asking: the bureau (one admin password) or a department (its code).

* The admin password is set at first start and kept only as a ``hashlib.scrypt`` hash with a
  random salt; it is compared in constant time.
* A department's code is ``secrets.token_urlsafe(24)`` (192 bits): unguessable; the bureau can
  revoke it (the old link and every session made with it stop working) and issue a new one.
* Sessions are signed cookies (``itsdangerous``, the key in ``DIR/secret.key``, 0600):
  ``{"role": "admin"|"dept", "dept": id, "code": a fingerprint of the code, "sid": random}``;
  a department session is checked against the current code on every request.
* CSRF: every form carries ``csrf`` = HMAC(key, sid); a POST without the session's token is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "gendisclose_session"
SESSION_SECONDS = 12 * 3600
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt, digest = stored.split("$")
    candidate = hash_password(password, bytes.fromhex(salt)).split("$")[2]
    return hmac.compare_digest(candidate, digest)


def new_code() -> str:
    return secrets.token_urlsafe(24)


def code_fingerprint(code: str | None) -> str:
    return hashlib.sha256((code or "").encode()).hexdigest()[:16]


def secret_key(root: Path) -> bytes:
    """The signing key, created once (0600) in ``DIR``."""
    path = root / "secret.key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
            fh.flush()
            os.fsync(fh.fileno())
    return path.read_bytes()


class Sessions:
    def __init__(self, key: bytes) -> None:
        self.key = key
        self.serializer = URLSafeTimedSerializer(key, salt="gendisclose-session")

    def make(self, role: str, dept: int | None = None, code: str | None = None) -> str:
        return self.serializer.dumps(
            {"role": role, "dept": dept, "code": code_fingerprint(code) if code else None,
             "sid": secrets.token_urlsafe(16)}
        )

    def read(self, cookie: str | None) -> dict | None:
        if not cookie:
            return None
        try:
            data = self.serializer.loads(cookie, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        return data if isinstance(data, dict) and data.get("role") in ("admin", "dept", "anon") else None

    def csrf(self, session: dict | None) -> str:
        sid = (session or {}).get("sid") or ""
        return hmac.new(self.key, f"csrf:{sid}".encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: dict | None, token: str | None) -> bool:
        return bool(session) and bool(token) and hmac.compare_digest(self.csrf(session), str(token))
