"""`gendisclose tables`: xlsx / csv / json dumps of the derived tables, exactly as shown."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from builders import DepartmentBuilder
from openpyxl import load_workbook

from gendisclose.derive.tables import derive_tables
from gendisclose.export import export_tables, xlsx_bytes


def department():
    return (
        DepartmentBuilder(name="己局", year=2026)
        .basic("2010301", general="4440")
        .basic("2010350", general="4440")
        .economic("30101", "8880")
        .project("物业费", "2010301", general="130000", unit_funds="5000")
        .build()
    )


def test_xlsx_one_sheet_per_table_laid_out_like_the_published_table(tmp_path):
    dept = department()
    tables = derive_tables(dept)
    [path] = export_tables(tables, dept, tmp_path, "xlsx")
    assert path.name == "己局2026年部门预算公开表.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == ["表一", "表二", "表三", "表四", "表五", "表六", "表七", "表八", "表九", "表十",
                             "表十一", "表十二", "表十三"]
    ws = wb["表三"]
    assert [ws.cell(r, 1).value for r in range(1, 5)] == ["预算公开表3", "2026年预算支出总表", "部门名称：己局", "单位：万元"]
    assert "A5:B5" in {str(m) for m in ws.merged_cells.ranges}  # 项目 spans 科目编码 + 科目名称
    assert "C5:E5" in {str(m) for m in ws.merged_cells.ranges}  # 2026年预算数
    # body: 合计 row, then 201 … ; amounts are numbers of the shown value
    assert ws.cell(7, 1).value == "合计"
    assert ws.cell(7, 3).value == pytest.approx(14.39) and ws.cell(7, 3).number_format == "0.00"
    row_201 = next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == "201")
    assert ws.cell(row_201, 4).value == pytest.approx(0.89)  # 0.444 + 0.444 rounded once
    t7 = wb["表七"]
    assert t7.cell(t7.max_row, 1).value == "注：本表无数据"


def test_xlsx_bytes_are_deterministic():
    tables = derive_tables(department())
    assert xlsx_bytes(tables) == xlsx_bytes(tables)


def test_csv_one_file_per_table_with_bom(tmp_path):
    dept = department()
    paths = export_tables(derive_tables(dept), dept, tmp_path, "csv")
    assert len(paths) == 13 and paths[0].name.endswith("-T01.csv") and paths[-1].name.endswith("-T13.csv")
    data = paths[11].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[:2] == ["预算公开表12,,,,,,", "2026年项目支出预算表（本年预算）,,,,,,"]
    assert "物业费,13.50,13.00,,,,0.50" in lines


def test_json_holds_figures_as_shown(tmp_path):
    dept = department()
    [path] = export_tables(derive_tables(dept), dept, tmp_path, "json")
    payload = json.loads(path.read_text(encoding="utf-8"))
    t1 = payload["tables"][0]
    assert (t1["key"], t1["title"], t1["notes"]) == ("T1", "2026年预算收支总表", ["注：本套报表因取数时四舍五入，部分金额可能存在尾差"])
    assert t1["header"][0] == [{"text": "收入", "colspan": 2}, {"text": "支出", "colspan": 4}]
    t3 = payload["tables"][2]
    assert t3["body"][0] == ["合计", "", "14.39", "0.89", "13.50"]
    assert Decimal(t3["body"][0][2]) == Decimal("14.39")


def test_unknown_format_is_refused(tmp_path):
    dept = department()
    with pytest.raises(ValueError):
        export_tables(derive_tables(dept), dept, tmp_path, "pdf")
    assert list(tmp_path.iterdir()) == []
