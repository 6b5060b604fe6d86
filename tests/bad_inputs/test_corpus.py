"""The corpus generator itself: enough cases, each really broken, the big ones small on disk."""

from __future__ import annotations

import io
import zipfile

from bad_inputs import CASES, base_bytes, base_department, case_by_name
from gendisclose.workbook.reader import read_workbook


def test_at_least_forty_cases_with_unique_names_and_expectations():
    names = [c.name for c in CASES]
    assert len(names) >= 40
    assert len(set(names)) == len(names)
    for c in CASES:
        assert c.kind in ("workbook", "bytes", "path")
        assert (c.code is None) == (c.phrase == ""), c.name
        assert c.level in ("错误", "警告")


def test_base_workbook_reads_back_exactly_and_cleanly(tmp_path):
    path = tmp_path / "base.xlsx"
    path.write_bytes(base_bytes())
    department, issues = read_workbook(path)
    assert [str(i) for i in issues] == []
    assert department == base_department()


def test_zip_bomb_is_small_on_disk_and_huge_inflated(tmp_path):
    path = case_by_name("zip_bomb").write(tmp_path)
    assert path.stat().st_size < 3 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        assert max(i.file_size for i in z.infolist()) >= 300 * 1024 * 1024


def test_forged_size_member_declares_less_than_it_holds(tmp_path):
    path = case_by_name("forged_member_size").write(tmp_path)
    with zipfile.ZipFile(path) as z:
        big = max(z.infolist(), key=lambda i: i.compress_size)
        assert big.file_size == 4096 and big.compress_size > 4096
