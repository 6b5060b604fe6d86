"""The server's state: SQLite in ``DIR/gendisclose.db`` (WAL, synchronous=FULL).

Schema changes are numbered migrations (``PRAGMA user_version``), applied at start in one
transaction each. Every write is a short transaction; a row is committed only after the file it
names is on disk (:mod:`.storage`), so after a crash the database never points at a missing file.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MIGRATIONS: tuple[str, ...] = (
    # 1: the roster, every uploaded version, the built files, settings
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE departments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        code TEXT UNIQUE,
        revoked_at REAL,
        created_at REAL NOT NULL
    );
    CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        department_id INTEGER NOT NULL REFERENCES departments(id),
        seq INTEGER NOT NULL,
        uploaded_at REAL NOT NULL,
        filename TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        checked INTEGER NOT NULL DEFAULT 0,
        ok INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        warnings INTEGER NOT NULL DEFAULT 0,
        kind TEXT,
        workbook_name TEXT,
        result TEXT,
        explanation TEXT,
        build_state TEXT,
        build_issues TEXT,
        profile TEXT,
        UNIQUE (department_id, seq)
    );
    CREATE TABLE outputs (
        version_id INTEGER NOT NULL REFERENCES versions(id),
        fmt TEXT NOT NULL,
        filename TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (version_id, fmt)
    );
    CREATE TABLE derived (
        key TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL
    );
    CREATE INDEX versions_by_department ON versions(department_id, seq);
    """,
)


class Database:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._write = threading.Lock()
        self.migrate()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    def migrate(self) -> None:
        conn = self._conn()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.tx() as c:
                for statement in script.split(";"):
                    if statement.strip():
                        c.execute(statement)
                c.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        with self._write:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        return self._conn().execute(sql, args).fetchall()

    def one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        return self._conn().execute(sql, args).fetchone()

    # ------------------------------------------------------------ settings

    def setting(self, key: str) -> str | None:
        row = self.one("SELECT value FROM settings WHERE key = ?", key)
        return row["value"] if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.tx() as c:
            c.execute("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                      (key, value, value))

    # ------------------------------------------------------------ departments

    def department(self, dept_id: int) -> sqlite3.Row | None:
        return self.one("SELECT * FROM departments WHERE id = ?", dept_id)

    def department_by_code(self, code: str) -> sqlite3.Row | None:
        return self.one("SELECT * FROM departments WHERE code = ? AND revoked_at IS NULL", code)

    def department_by_key(self, key: str) -> sqlite3.Row | None:
        return self.one("SELECT * FROM departments WHERE name_key = ?", key)

    def add_department(self, name: str, key: str, code: str | None) -> int:
        with self.tx() as c:
            row = c.execute("SELECT id FROM departments WHERE name_key = ?", (key,)).fetchone()
            if row:
                return row["id"]
            cur = c.execute("INSERT INTO departments(name, name_key, code, created_at) VALUES(?, ?, ?, ?)",
                            (name, key, code, time.time()))
            return int(cur.lastrowid)

    def set_code(self, dept_id: int, code: str | None) -> None:
        with self.tx() as c:
            c.execute("UPDATE departments SET code = ?, revoked_at = ? WHERE id = ?",
                      (code, None if code else time.time(), dept_id))

    def departments(self) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM departments ORDER BY name_key")

    # ------------------------------------------------------------ versions

    def add_version(self, dept_id: int, filename: str, digest: str, size: int) -> int:
        with self.tx() as c:
            seq = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM versions WHERE department_id = ?",
                            (dept_id,)).fetchone()[0]
            cur = c.execute(
                "INSERT INTO versions(department_id, seq, uploaded_at, filename, sha256, size) VALUES(?,?,?,?,?,?)",
                (dept_id, seq, time.time(), filename, digest, size),
            )
            return int(cur.lastrowid)

    def record_check(self, version_id: int, payload: dict, kind: str | None, name: str | None) -> None:
        with self.tx() as c:
            c.execute(
                "UPDATE versions SET checked = 1, ok = ?, errors = ?, warnings = ?, kind = ?, workbook_name = ?,"
                " result = ? WHERE id = ?",
                (int(payload["ok"]), payload["errors"], payload["warnings"], kind, name,
                 json.dumps(payload, ensure_ascii=False), version_id),
            )

    def version(self, version_id: int) -> sqlite3.Row | None:
        return self.one("SELECT * FROM versions WHERE id = ?", version_id)

    def versions(self, dept_id: int) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM versions WHERE department_id = ? ORDER BY seq DESC", dept_id)

    def latest(self, dept_id: int) -> sqlite3.Row | None:
        return self.one("SELECT * FROM versions WHERE department_id = ? ORDER BY seq DESC LIMIT 1", dept_id)

    def previous(self, version: sqlite3.Row) -> sqlite3.Row | None:
        return self.one("SELECT * FROM versions WHERE department_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1",
                        version["department_id"], version["seq"])

    def unchecked(self) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM versions WHERE checked = 0 ORDER BY id")

    def explain(self, version_id: int, text: str) -> None:
        with self.tx() as c:
            c.execute("UPDATE versions SET explanation = ? WHERE id = ?", (text, version_id))

    def set_build(self, version_id: int, state: str | None, issues: list | None = None,
                  outputs: dict[str, tuple[str, str]] | None = None, profile: str | None = None) -> None:
        """Record a build's state; ``outputs`` (fmt → (file name, sha256)) replace the old ones."""
        with self.tx() as c:
            c.execute("UPDATE versions SET build_state = ?, build_issues = ?, profile = ? WHERE id = ?",
                      (state, json.dumps(issues, ensure_ascii=False) if issues is not None else None,
                       profile, version_id))
            if outputs is not None:
                c.execute("DELETE FROM outputs WHERE version_id = ?", (version_id,))
                for fmt, (name, digest) in outputs.items():
                    c.execute("INSERT INTO outputs(version_id, fmt, filename, sha256) VALUES(?,?,?,?)",
                              (version_id, fmt, name, digest))

    def outputs(self, version_id: int) -> dict[str, sqlite3.Row]:
        return {r["fmt"]: r for r in self.all("SELECT * FROM outputs WHERE version_id = ?", version_id)}

    def interrupted_builds(self) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM versions WHERE build_state IN ('queued', 'running') ORDER BY id")

    # ------------------------------------------------------------ derived files (annotated, diff)

    def derived_file(self, key: str) -> str | None:
        row = self.one("SELECT sha256 FROM derived WHERE key = ?", key)
        return row["sha256"] if row else None

    def set_derived(self, key: str, digest: str) -> None:
        with self.tx() as c:
            c.execute("INSERT OR REPLACE INTO derived(key, sha256) VALUES(?, ?)", (key, digest))
