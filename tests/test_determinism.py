"""Identical input → identical bytes: DOCX and PDF built twice, the second time in another process.

The second process runs with a different ``PYTHONHASHSEED``, so any output that depended on
set or dict-of-str iteration order, the clock, a random id or the temp path would differ.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import DepartmentBuilder

from gendisclose.pipeline import build_workbook
from gendisclose.workbook.template import template_bytes

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("docx", "pdf")


def small_department():
    return (
        DepartmentBuilder(name="确定县测试局")
        .unit("确定县测试局", "行政单位")
        .unit("确定县测试中心", "事业单位")
        .basic("2010301", general="1765100.00")
        .basic("2080505", unit="确定县测试中心", general="200000.00", unit_funds="3000.00")
        .economic("30101", "1000000.00")
        .economic("30201", "765100.00")
        .economic("30108", "200000.00", unit="确定县测试中心")
        .project("办公楼物业费", "2010302", general="130000.00")
        .project("信息化运维", "2010350", unit="确定县测试中心", general="56000.50", carried_general="1000")
        .indicator("办公楼物业费", "数量指标", "物业服务面积", "≥3000平方米")
        .indicator("信息化运维", "服务对象满意度", "满意度", "≥95%")
        .three_public_extra("公务接待费", "2000.00")
        .prior_year(
            income_total="2000000",
            expenditure_total="2000000",
            general_current="1900000",
            agency_operating="700000",
        )
        .build()
    )


def _hashes(outputs: list[Path]) -> dict[str, str]:
    return {p.suffix: hashlib.sha256(p.read_bytes()).hexdigest() for p in outputs}


_CHILD = """
import hashlib, json, sys
from pathlib import Path
from gendisclose.pipeline import build_workbook
built = build_workbook(Path(sys.argv[1]), Path(sys.argv[2]), ("docx", "pdf"))
print(json.dumps({p.suffix: hashlib.sha256(p.read_bytes()).hexdigest() for p in built.outputs}))
"""


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("det") / "部门.xlsx"
    path.write_bytes(template_bytes(small_department()))
    return path


def test_two_builds_give_identical_bytes(workbook, tmp_path):
    """One build here, one in a child process with another hash seed and output folder."""
    first = build_workbook(workbook, tmp_path / "a", FORMATS)
    assert first.checked.ok, [str(i) for i in first.checked.issues]
    assert {p.suffix for p in first.outputs} == {".docx", ".pdf"}

    # another process, another hash seed, another output folder
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(workbook), str(tmp_path / "c")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345"},
        timeout=300,
        check=True,
    )
    assert json.loads(child.stdout.strip().splitlines()[-1]) == _hashes(first.outputs)


def test_template_and_input_bytes_do_not_depend_on_the_run():
    assert template_bytes(small_department()) == template_bytes(small_department())
