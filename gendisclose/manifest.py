"""Build manifest: what a build was made from and which files it wrote.

``build`` writes one small JSON file per workbook next to its outputs,
``OUT/.<key>.manifest.json``. The key names the workbook by its file stem *and* its place
(:func:`workbook_key`), so two departments that both send ``部门预算公开模板.xlsx`` from two
folders have two manifests and never take each other's outputs for their own::

    {
      "manifest": 2,
      "tool": "gendisclose 0.1.0",
      "input": {"name": "财政局.xlsx", "sha256": "…", "source": "/…/收集/财政局.xlsx"},
      "formats": ["docx", "pdf"],
      "outputs": [{"path": "平鲁区财政局2026年部门预算公开.docx", "sha256": "…"}, …],
      "summary": {"department": "…", "warnings": 0, "totals": {…}}
    }

Output paths are relative to ``OUT``. With a profile (``--profile``) the input hash is that of
the workbook and the profile's files together, so a changed profile rebuilds every workbook. The content has no timestamps and its keys are
sorted, so the same build writes the same bytes. A later build of the same workbook is
skipped when the input hash, the tool version and the formats are the same and every
recorded output is still there with its recorded hash (:func:`is_current`).

A manifest is only a claim, and anyone can put one into ``OUT``: a recorded output counts as
the tool's own only when :func:`owned` proves it — a plain relative name inside ``OUT`` (no
``..``, no absolute path, no symbolic link on the way), a regular file, holding exactly the
bytes the manifest recorded. Nothing is replaced or deleted on a manifest's word alone; a
manifest that is not valid JSON of this shape is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import __version__

MANIFEST_VERSION = 2
TOOL = f"gendisclose {__version__}"
#: a manifest is a few KB (the issues of one department); anything far bigger is not ours
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
SUFFIX = ".manifest.json"


class NotRegularFile(OSError):
    """A path that is a pipe, a device, a socket or a folder where a file was expected."""


def open_regular(path: Path) -> int:
    """Open ``path`` for reading without ever blocking; only a regular file is accepted.

    A named pipe or a device (``/dev/zero``, ``/dev/stdin``) would block ``open()`` or never
    end; ``O_NONBLOCK`` makes the open return at once and ``fstat`` then refuses it.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):  # a socket cannot even be opened
        raise NotRegularFile(f"不是普通文件：{path}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(f"不是普通文件：{path}")
    except BaseException:
        os.close(fd)
        raise
    return fd


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_id(path: Path) -> str:
    """The workbook's place, as compared between builds (absolute, case-folded where the OS does)."""
    return os.path.normcase(os.path.abspath(path))


def workbook_key(path: Path, stem: str) -> str:
    """``<stem>.<12 hex of the workbook's place>``: one key per workbook file, stable across runs."""
    return f"{stem}.{sha256_bytes(source_id(path).encode('utf-8', 'surrogateescape'))[:12]}"


def manifest_path(out_dir: Path, key: str) -> Path:
    """``OUT/.<key>.manifest.json`` (hidden, so publishing OUT/*.pdf does not pick it up)."""
    return out_dir / f".{key}{SUFFIX}"


@dataclass
class Manifest:
    input_name: str
    input_sha256: str
    formats: tuple[str, ...]
    outputs: dict[str, str] = field(default_factory=dict)  # path relative to OUT → sha256
    summary: dict = field(default_factory=dict)
    tool: str = TOOL
    source: str | None = None  # source_id of the workbook (None in version-1 manifests)

    def to_json(self) -> bytes:
        payload = {
            "manifest": MANIFEST_VERSION,
            "tool": self.tool,
            "input": {"name": self.input_name, "sha256": self.input_sha256, "source": self.source},
            "formats": list(self.formats),
            "outputs": [{"path": p, "sha256": h} for p, h in sorted(self.outputs.items())],
            "summary": self.summary,
        }
        return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest | None:
        """None for anything that is not a manifest this version understands (1 or 2)."""
        try:
            payload = json.loads(data.decode("utf-8"))
            if payload.get("manifest") not in (1, MANIFEST_VERSION):
                return None
            source = payload["input"].get("source")
            outputs = {str(o["path"]): str(o["sha256"]) for o in payload["outputs"]}
            return cls(
                input_name=str(payload["input"]["name"]),
                input_sha256=str(payload["input"]["sha256"]),
                formats=tuple(str(f) for f in payload["formats"]),
                outputs=outputs,
                summary=dict(payload.get("summary") or {}),
                tool=str(payload["tool"]),
                source=None if source is None else str(source),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def load(path: Path) -> Manifest | None:
    """The manifest at ``path``; None when missing, not a regular file (a symbolic link, a
    pipe …), too big or not a manifest."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        with os.fdopen(open_regular(path), "rb") as fh:
            data = fh.read(MAX_MANIFEST_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_MANIFEST_BYTES:
        return None
    return Manifest.from_json(data)


def all_manifests(out_dir: Path) -> dict[str, Manifest]:
    """Every readable manifest in ``out_dir``: key → manifest (sorted by key)."""
    found: dict[str, Manifest] = {}
    try:
        names = sorted(os.listdir(out_dir))
    except OSError:
        return found
    for name in names:
        if name.startswith(".") and name.endswith(SUFFIX) and len(name) > len(SUFFIX) + 1:
            manifest = load(out_dir / name)
            if manifest is not None:
                found[name[1 : -len(SUFFIX)]] = manifest
    return found


def inside(out_dir: Path, rel: str) -> Path | None:
    """``OUT/rel`` when ``rel`` is a plain relative name inside ``OUT``, else None.

    Refused: absolute paths, drive letters, backslashes, ``..`` or ``.`` parts, and any
    folder on the way that is a symbolic link (or not a folder).
    """
    if not rel or "\\" in rel or ":" in rel or "\x00" in rel:
        return None
    pure = PurePosixPath(rel)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in rel.split("/")):
        return None
    folder = out_dir
    for part in pure.parts[:-1]:
        folder = folder / part
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return None
        except OSError:
            return None
    return out_dir / pure


def owned(out_dir: Path, rel: str, digest: str) -> bool:
    """True when ``OUT/rel`` is provably the file a manifest recorded (see the module doc)."""
    target = inside(out_dir, rel)
    if target is None:
        return False
    try:
        if not stat.S_ISREG(os.lstat(target).st_mode):
            return False
        return sha256_file(target) == digest
    except OSError:
        return False


def is_current(manifest: Manifest | None, out_dir: Path, input_sha256: str, formats: tuple[str, ...]) -> bool:
    """True when the recorded build is still valid: same input, tool, formats and outputs."""
    if manifest is None or not manifest.outputs:
        return False
    if manifest.input_sha256 != input_sha256 or manifest.tool != TOOL:
        return False
    if tuple(manifest.formats) != tuple(formats):
        return False
    return all(owned(out_dir, rel, digest) for rel, digest in manifest.outputs.items())
