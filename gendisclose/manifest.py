"""Build manifest: what a build was made from, so an unchanged workbook is not rebuilt.

``build`` writes one small JSON file per department next to its outputs,
``OUT/.<workbook stem>.manifest.json``::

    {
      "manifest": 1,
      "tool": "gendisclose 0.1.0",
      "input": {"name": "财政局.xlsx", "sha256": "…"},
      "formats": ["docx", "pdf"],
      "outputs": [{"path": "平鲁区财政局2026年部门预算公开.docx", "sha256": "…"}, …],
      "summary": {"部门名称": "…", "警告数": 0, "totals": {…}}
    }

Output paths are relative to ``OUT``. With a profile (``--profile``) the input hash is that of
the workbook and the profile's files together, so a changed profile rebuilds every workbook. The content has no timestamps and its keys are
sorted, so the same build writes the same bytes. A later build of the same workbook is
skipped when the input hash, the tool version and the formats are the same and every
recorded output is still there with its recorded hash (:func:`is_current`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__

MANIFEST_VERSION = 1
TOOL = f"gendisclose {__version__}"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_path(out_dir: Path, key: str) -> Path:
    """``OUT/.<key>.manifest.json`` (hidden, so publishing OUT/*.pdf does not pick it up)."""
    return out_dir / f".{key}.manifest.json"


@dataclass
class Manifest:
    input_name: str
    input_sha256: str
    formats: tuple[str, ...]
    outputs: dict[str, str] = field(default_factory=dict)  # path relative to OUT → sha256
    summary: dict = field(default_factory=dict)
    tool: str = TOOL

    def to_json(self) -> bytes:
        payload = {
            "manifest": MANIFEST_VERSION,
            "tool": self.tool,
            "input": {"name": self.input_name, "sha256": self.input_sha256},
            "formats": list(self.formats),
            "outputs": [{"path": p, "sha256": h} for p, h in sorted(self.outputs.items())],
            "summary": self.summary,
        }
        return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest | None:
        """None for anything that is not a manifest this version understands."""
        try:
            payload = json.loads(data.decode("utf-8"))
            if payload.get("manifest") != MANIFEST_VERSION:
                return None
            return cls(
                input_name=str(payload["input"]["name"]),
                input_sha256=str(payload["input"]["sha256"]),
                formats=tuple(payload["formats"]),
                outputs={str(o["path"]): str(o["sha256"]) for o in payload["outputs"]},
                summary=dict(payload.get("summary") or {}),
                tool=str(payload["tool"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def load(path: Path) -> Manifest | None:
    try:
        return Manifest.from_json(path.read_bytes())
    except OSError:
        return None


def is_current(manifest: Manifest | None, out_dir: Path, input_sha256: str, formats: tuple[str, ...]) -> bool:
    """True when the recorded build is still valid: same input, tool, formats and outputs."""
    if manifest is None or not manifest.outputs:
        return False
    if manifest.input_sha256 != input_sha256 or manifest.tool != TOOL:
        return False
    if tuple(manifest.formats) != tuple(formats):
        return False
    for rel, digest in manifest.outputs.items():
        target = out_dir / rel
        try:
            if sha256_file(target) != digest:
                return False
        except OSError:
            return False
    return True
