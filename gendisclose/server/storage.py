"""Content-addressed files under ``DIR/files``: a file's name is the SHA-256 of its bytes.

A user's file name never becomes a path: every stored file is found by its hash, which is
checked to be 64 hex digits before it is joined to the folder, so nothing outside ``DIR`` can
be named. Writes are atomic and durable (temp file, fsync, rename, fsync of the folder) and
happen before the database records the hash, so an acknowledged upload is on disk.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

_HEX = re.compile(r"[0-9a-f]{64}")


class Storage:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.files = self.root / "files"
        self.tmp = self.root / "tmp"
        self.files.mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(parents=True, exist_ok=True)

    def path(self, digest: str) -> Path:
        """The file of ``digest`` (ValueError unless it is a SHA-256 in hex)."""
        if not isinstance(digest, str) or not _HEX.fullmatch(digest):
            raise ValueError("not a sha256 digest")
        return self.files / digest[:2] / digest

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return digest

    def get(self, digest: str) -> bytes:
        return self.path(digest).read_bytes()

    def has(self, digest: str) -> bool:
        try:
            p = self.path(digest)
        except ValueError:
            return False
        return p.is_file() and hashlib.sha256(p.read_bytes()).hexdigest() == digest

    def scratch(self) -> Path:
        """A private temporary folder inside ``DIR/tmp`` (for builds)."""
        return Path(tempfile.mkdtemp(prefix="job-", dir=self.tmp))

    def clean_scratch(self) -> None:
        """Remove what a crashed run left in ``DIR/tmp`` and half-written files (at start)."""
        import shutil

        for p in self.tmp.iterdir():
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        for p in self.files.glob("*/.tmp-*"):
            p.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
