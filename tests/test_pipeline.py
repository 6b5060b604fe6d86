import os
import stat

from gendisclose.pipeline import atomic_write, safe_file_stem


def test_atomic_write_gives_an_ordinary_readable_file(tmp_path):
    target = tmp_path / "sub" / "a.pdf"
    old = os.umask(0o022)
    try:
        atomic_write(target, b"x")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"x"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def test_safe_file_stem_removes_path_separators():
    assert "/" not in safe_file_stem("../../etc/passwd")
    assert "\\" not in safe_file_stem("a\\b")
    assert safe_file_stem("   ") == "disclosure"


def test_cross_table_rules_still_run_when_a_cell_is_bad(tmp_path):
    """All problems at once: a bad cell does not hide a basic-spending mismatch elsewhere."""
    from decimal import Decimal

    from builders import DepartmentBuilder
    from openpyxl import load_workbook

    from gendisclose.pipeline import PROVISIONAL, check_workbook
    from gendisclose.workbook.template import template_bytes

    dept = (
        DepartmentBuilder(name="甲局")
        .basic("2010301", general="1000.00")
        .basic("2080505", general="200.00")
        .economic("30101", "1200.00")
        .build()
    )
    path = tmp_path / "in.xlsx"
    path.write_bytes(template_bytes(dept))
    wb = load_workbook(path)
    ws = wb["收支预算"]
    col = [c.value for c in ws[1]].index("当年一般公共预算") + 1
    ws.cell(3, col).value = "两百"  # a bad cell on the 2080505 row
    ws.cell(2, col).value = 1100  # and a real mismatch with 基本支出经济分类
    wb.save(path)

    checked = check_workbook(path)
    messages = [i.message for i in checked.issues if i.is_error]
    assert any("两百" in m for m in messages)
    mismatch = [m for m in messages if "表六" in m]
    assert mismatch and mismatch[0].endswith(PROVISIONAL)
    assert not checked.ok
    assert checked.department is not None and checked.department.basic_lines[0].current.general == Decimal("1100.00")
