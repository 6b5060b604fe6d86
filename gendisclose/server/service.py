"""The server's operations, between the web routes and the database, files and workers.

Upload order (nothing acknowledged is lost): the bytes go to :mod:`.storage` (fsync), then the
version row is committed, then the check runs in a worker and its result is committed, then the
page answers. A crash in between leaves a row marked unchecked, checked again at the next start.
Builds: the version is marked ``queued``, a worker builds, the files go to storage, then one
transaction records them; an interrupted build is queued again at start.
"""

from __future__ import annotations

import io
import json
import queue
import shutil
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..textkey import visible_key
from . import work
from .auth import new_code
from .db import Database
from .jobs import JobFailed, Runner
from .storage import Storage

NOT_SUBMITTED, HAS_ERRORS, EXPLAINED, PASSED, BUILT = "未提交", "有错误", "已说明", "通过", "已生成"
CHECKING = "检查中"
STATES = (NOT_SUBMITTED, HAS_ERRORS, EXPLAINED, PASSED, BUILT)
FINAL_NOT_YET = "kind.final_documents_not_yet"
MAX_NAME = 120


def display_name(filename: str | None) -> str:
    """A user's file name as text to show: its last component, no control characters, bounded."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:MAX_NAME] or "工作簿.xlsx"


def state_of(version) -> str:  # noqa: ANN001 - a versions row or None
    if version is None:
        return NOT_SUBMITTED
    if not version["checked"]:
        return CHECKING
    if not version["ok"] or version["build_state"] == "failed":
        return HAS_ERRORS
    if version["build_state"] == "done":
        return BUILT
    if version["warnings"] and (version["explanation"] or _all_explained(version)):
        return EXPLAINED
    return PASSED


def _all_explained(version) -> bool:  # noqa: ANN001
    """Every warning explained in the workbook itself (its 情况说明: the issue's state 已说明)."""
    issues = json.loads(version["result"] or "{}").get("issues", [])
    warnings = [i for i in issues if i.get("level") == "警告"]
    return bool(warnings) and all(i.get("state") == EXPLAINED for i in warnings)


def issue_payload(error_message: str, filename: str, code: str = "internal") -> dict:
    issue = {"level": "错误", "code": code, "cell": None, "sheet": None, "row": None, "column": None,
             "message": error_message, "related": []}
    return {"file": filename, "ok": False, "errors": 1, "warnings": 0, "issues": [issue]}


@dataclass
class Progress:
    total: int = 0
    done: int = 0
    running: bool = False
    failed: int = 0
    started: float = 0.0
    finished: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Service:
    def __init__(self, root: Path, profile: str | None = None, slots: int = 4, limit: float = 120.0,
                 check_limit: float = 30.0) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.storage = Storage(self.root)
        self.db = Database(self.root / "gendisclose.db")
        self.runner = Runner(slots, limit)
        self.check_limit = check_limit
        self.default_profile = profile
        self.build_fn = work.build
        self.progress = Progress()
        self._queue: queue.Queue[int] = queue.Queue()
        self._builder: threading.Thread | None = None

    # ------------------------------------------------------------ start

    def recover(self) -> None:
        """After a restart: clean scratch space, check what was stored but not checked, and
        queue builds that were interrupted."""
        self.storage.clean_scratch()
        for v in self.db.unchecked():
            self.check_version(v["id"])
        for v in self.db.interrupted_builds():
            self.queue_build(v["id"])

    @property
    def profile(self) -> str | None:
        chosen = self.db.setting("profile")
        if chosen is None:
            return self.default_profile
        return chosen or None

    # ------------------------------------------------------------ roster

    def import_roster(self, text: str) -> list[int]:
        ids = []
        for line in text.splitlines():
            name = "".join(ch for ch in line.strip() if ch.isprintable())[:MAX_NAME]
            if name:
                ids.append(self.db.add_department(name, visible_key(name), new_code()))
        return ids

    def renew_code(self, dept_id: int) -> None:
        self.db.set_code(dept_id, new_code())

    def revoke_code(self, dept_id: int) -> None:
        self.db.set_code(dept_id, None)

    # ------------------------------------------------------------ upload and check

    def upload(self, dept_id: int | None, filename: str, data: bytes) -> int:
        """Store and check one workbook; ``dept_id`` None: the department is the one the
        workbook names (added to the roster if new). Returns the version id."""
        name = display_name(filename)
        digest = self.storage.put(data)
        if dept_id is None:
            checked = self._check(self.storage.path(digest), name)
            dept_name = checked["department"] or Path(name).stem
            dept_id = self.db.add_department(dept_name, visible_key(dept_name), new_code())
            version_id = self.db.add_version(dept_id, name, digest, len(data))
            self._record(version_id, checked)
            return version_id
        version_id = self.db.add_version(dept_id, name, digest, len(data))
        self.check_version(version_id)
        return version_id

    def _check(self, path: Path, name: str) -> dict:
        try:
            return self.runner.run(work.check, str(path), name, self.profile, limit=self.check_limit)
        except JobFailed as exc:
            return {"payload": issue_payload(f"{exc}，请将该工作簿发给维护人员", name), "kind": None,
                    "department": None, "totals": {}, "internal": True}

    def _record(self, version_id: int, checked: dict) -> None:
        payload = dict(checked["payload"])
        payload["totals"] = checked.get("totals") or {}
        self.db.record_check(version_id, payload, checked.get("kind"), checked.get("department"))

    def check_version(self, version_id: int) -> None:
        v = self.db.version(version_id)
        self._record(version_id, self._check(self.storage.path(v["sha256"]), v["filename"]))

    @staticmethod
    def report(version) -> dict:  # noqa: ANN001
        """Exactly ``validate --format json`` of the version."""
        payload = json.loads(version["result"])
        payload.pop("totals", None)
        return payload

    # ------------------------------------------------------------ builds

    def queue_build(self, version_id: int) -> None:
        self.db.set_build(version_id, "queued")
        self._queue.put(version_id)
        if self._builder is None or not self._builder.is_alive():
            self._builder = threading.Thread(target=self._build_loop, daemon=True, name="builds")
            self._builder.start()

    def _build_loop(self) -> None:
        while True:
            try:
                version_id = self._queue.get(timeout=1)
            except queue.Empty:
                return
            self.build_version(version_id)

    def build_version(self, version_id: int) -> None:
        v = self.db.version(version_id)
        if v is None or not v["ok"]:
            return
        profile = self.profile
        self.db.set_build(version_id, "running", profile=profile)
        scratch = self.storage.scratch()
        try:
            built = self.runner.run(self.build_fn, str(self.storage.path(v["sha256"])), str(scratch),
                                    f"v{version_id}", profile)
        except JobFailed as exc:
            built = {"ok": False, "internal": True, "staged": {},
                     "issues": issue_payload(f"生成失败：{exc}", v["filename"])["issues"]}
        try:
            self._record_build(version_id, built, scratch, profile)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _record_build(self, version_id: int, built: dict, scratch: Path, profile: str | None) -> None:
        if built["ok"]:
            outputs = {}
            for rel in sorted(built["staged"]):
                path = scratch / rel
                fmt = path.suffix.lstrip(".").lower()
                outputs[fmt] = (path.name, self.storage.put(path.read_bytes()))
            self.db.set_build(version_id, "done", built["issues"], outputs, profile)
        elif any(i["code"] == FINAL_NOT_YET for i in built["issues"]):
            self.db.set_build(version_id, "not_yet", built["issues"], {}, profile)
        else:
            self.db.set_build(version_id, "failed", built["issues"], {}, profile)

    def buildable(self) -> list:
        """The latest version of every department that passes and is not built yet."""
        out = []
        for d in self.db.departments():
            v = self.db.latest(d["id"])
            if v is not None and state_of(v) in (PASSED, EXPLAINED) and v["build_state"] != "not_yet":
                out.append(v)
        return out

    def build_all(self, jobs: int | None = None) -> bool:
        """Build every department that passes, in the batch's worker pool (in the background)."""
        with self.progress.lock:
            if self.progress.running:
                return False
            versions = self.buildable()
            self.progress.__init__()
            self.progress.total, self.progress.running, self.progress.started = len(versions), True, time.time()
        for v in versions:
            self.db.set_build(v["id"], "queued")
        threading.Thread(target=self._build_all, args=(versions, jobs), daemon=True, name="build-all").start()
        return True

    def _build_all(self, versions: list, jobs: int | None) -> None:
        from functools import partial

        from ..batch import Task, execute

        profile = self.profile
        scratch = self.storage.scratch()
        tasks = []
        for v in versions:
            tasks.append(Task(str(self.storage.path(v["sha256"])), f"v{v['id']}", str(scratch / f"v{v['id']}"),
                              work.BUILD_FORMATS, True, profile))

        def done(result) -> None:  # noqa: ANN001 - DepartmentResult
            version_id = int(result.key[1:])
            built = work._built(result)
            if result.internal_error and "意外退出" in result.issues[0]["message"]:
                built["issues"][0]["message"] = (f"生成失败：处理进程意外退出或超时（{self.runner.limit:g} 秒）")
            self._record_build(version_id, built, scratch / f"v{version_id}", profile)
            with self.progress.lock:
                self.progress.done += 1
                self.progress.failed += 0 if built["ok"] else 1

        try:
            execute(tasks, jobs, on_result=done, worker=partial(work.timed_task, self.runner.limit))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            with self.progress.lock:
                self.progress.running, self.progress.finished = False, time.time()

    # ------------------------------------------------------------ derived files

    def derived(self, key: str, fn, *args) -> dict:  # noqa: ANN001
        """A file made on demand in a worker (annotated workbook, tables), cached by ``key``."""
        digest = self.db.derived_file(key)
        if digest and self.storage.has(digest):
            meta = json.loads(self.db.setting(f"derived-meta:{key}") or "{}")
            return {"ok": True, "data": self.storage.get(digest), **meta}
        try:
            result = self.runner.run(fn, *args)
        except JobFailed as exc:
            return {"ok": False, "message": str(exc)}
        if result.get("ok"):
            meta = {k: v for k, v in result.items() if k not in ("ok", "data")}
            self.db.set_setting(f"derived-meta:{key}", json.dumps(meta, ensure_ascii=False))
            self.db.set_derived(key, self.storage.put(result["data"]))
        return result

    def diff(self, old, new) -> dict:  # noqa: ANN001 - versions rows
        key = f"diff:{old['sha256']}:{new['sha256']}"
        cached = self.db.setting(key)
        if cached:
            return json.loads(cached)
        try:
            result = self.runner.run(work.diff, str(self.storage.path(old["sha256"])),
                                     str(self.storage.path(new["sha256"])))
        except JobFailed as exc:
            return {"failed": str(exc)}
        self.db.set_setting(key, json.dumps(result, ensure_ascii=False))
        return result

    # ------------------------------------------------------------ the bureau's files

    def roster(self) -> list[dict]:
        rows = []
        for d in self.db.departments():
            v = self.db.latest(d["id"])
            result = json.loads(v["result"]) if v is not None and v["result"] else {}
            rows.append({"dept": d, "latest": v, "state": state_of(v), "totals": result.get("totals", {}),
                         "versions": self.db.versions(d["id"])})
        return rows

    def summary_xlsx(self) -> bytes:
        from ..batch import DepartmentResult, summary_workbook

        results = []
        for row in self.roster():
            v = row["latest"]
            if v is None or not v["checked"]:
                continue
            payload = json.loads(v["result"])
            issues = payload["issues"] + (json.loads(v["build_issues"]) if v["build_state"] == "failed" else [])
            errors = sum(1 for i in issues if i["level"] == "错误")
            results.append(DepartmentResult(
                file=f"{row['dept']['name']}/{v['filename']}", key=str(v["id"]), department=v["workbook_name"],
                kind=v["kind"], ok=errors == 0, errors=errors, warnings=len(issues) - errors, issues=issues,
                totals=payload.get("totals", {}),
            ))
        return summary_workbook(results, build=False)

    def published_zip(self) -> bytes:
        """Every built document of every department's latest built version, one folder each."""
        from ..pipeline import safe_file_stem

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for row in self.roster():
                built = self.db.one("SELECT * FROM versions WHERE department_id = ? AND build_state = 'done'"
                                    " ORDER BY seq DESC LIMIT 1", row["dept"]["id"])
                if built is None:
                    continue
                folder = safe_file_stem(row["dept"]["name"])
                for out in self.db.outputs(built["id"]).values():
                    info = zipfile.ZipInfo(f"{folder}/{safe_file_stem(Path(out['filename']).stem)}"
                                           f".{out['fmt']}", date_time=(2020, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(info, self.storage.get(out["sha256"]))
        return buf.getvalue()
