"""Build manifests: an unchanged workbook is skipped, a changed one rebuilt and reported."""

from __future__ import annotations

import json
from pathlib import Path

from test_batch import department

from gendisclose.batch import CHANGE_NEW, CHANGE_SKIPPED, CHANGE_UPDATED, Task, execute, place_outputs
from gendisclose.manifest import TOOL, Manifest, is_current, manifest_path, sha256_file
from gendisclose.workbook.template import template_bytes


def build(path: Path, out: Path, force: bool = False, formats=("html",), replace: bool = False):
    [result] = execute([Task(str(path), path.stem, str(out), formats, force)], jobs=1)
    place_outputs([result], out, replace=replace)
    return result


def test_unchanged_is_skipped_changed_is_rebuilt(tmp_path: Path) -> None:
    wb, out = tmp_path / "财政局.xlsx", tmp_path / "out"
    wb.write_bytes(template_bytes(department("测试县财政局")))

    first = build(wb, out)
    assert first.ok and first.change == CHANGE_NEW
    manifest_file = manifest_path(out, "财政局")
    recorded = manifest_file.read_bytes()

    again = build(wb, out)
    assert again.change == CHANGE_SKIPPED and again.outputs == first.outputs
    assert again.totals == first.totals and again.department == "测试县财政局"
    assert manifest_file.read_bytes() == recorded  # untouched

    forced = build(wb, out, force=True)
    assert forced.change == CHANGE_UPDATED
    assert manifest_file.read_bytes() == recorded  # same input, same outputs → same bytes (no timestamps)

    wb.write_bytes(template_bytes(department("测试县财政局", basic="1800000")))
    changed = build(wb, out)
    assert changed.change == CHANGE_UPDATED and changed.totals["basic"] == "180.00"
    data = json.loads(manifest_file.read_text("utf-8"))
    assert data["input"]["sha256"] == sha256_file(wb)
    assert data["tool"] == TOOL and data["formats"] == ["html"]
    assert [o["path"] for o in data["outputs"]] == changed.outputs


def test_missing_output_forces_a_rebuild_an_edited_one_is_kept_unless_replace(tmp_path: Path) -> None:
    wb, out = tmp_path / "财政局.xlsx", tmp_path / "out"
    wb.write_bytes(template_bytes(department("测试县财政局")))
    first = build(wb, out)
    (out / first.outputs[0]).write_text("edited by hand")
    refused = build(wb, out)  # not provably ours any more: the accountant's edits are kept
    assert not refused.ok and refused.issues[-1]["code"] == "output.edited"
    assert "--replace" in refused.issues[-1]["message"]
    assert (out / first.outputs[0]).read_text() == "edited by hand"
    assert build(wb, out, replace=True).change == CHANGE_UPDATED
    (out / first.outputs[0]).unlink()
    assert build(wb, out).change == CHANGE_UPDATED
    assert build(wb, out).change == CHANGE_SKIPPED


def test_other_formats_are_not_current(tmp_path: Path) -> None:
    m = Manifest("a.xlsx", "abc", ("docx",), {"x.docx": "0"})
    assert not is_current(m, tmp_path, "abc", ("docx", "pdf"))
    assert not is_current(m, tmp_path, "other", ("docx",))
    assert Manifest.from_json(m.to_json()) == m
    assert Manifest.from_json(b"{not json") is None
