"""diff: what a correction changed — typed cells (with their cell), derived figures and sentences."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from test_batch import department

from gendisclose.diff import diff_workbook_bytes, diff_workbooks, format_text
from gendisclose.workbook.template import template_bytes


def pair(tmp_path: Path, old, new) -> tuple[Path, Path]:
    a, b = tmp_path / "原.xlsx", tmp_path / "新.xlsx"
    a.write_bytes(template_bytes(old))
    b.write_bytes(template_bytes(new))
    return a, b


def test_changed_amount_cell_figures_and_sentence(tmp_path: Path) -> None:
    old, new = pair(
        tmp_path, department("测试县财政局", basic="1765100"), department("测试县财政局", basic="1800000")
    )
    d = diff_workbooks(old, new)

    basic = [c for c in d.cells if c.sheet == "收支预算"]
    assert len(basic) == 1
    assert basic[0].cell == "收支预算!D2" and basic[0].change == "修改"
    assert (basic[0].old, basic[0].new) == ("1,765,100.00", "1,800,000.00")
    assert "功能科目编码=2010301" in basic[0].record
    assert any(c.sheet == "基本支出经济分类" and c.cell == "基本支出经济分类!D2" for c in d.cells)

    t3 = [
        t for t in d.tables if t.table.startswith("T3 ") and t.row == "合计" and t.column.endswith("基本支出")
    ]
    assert [(t.old, t.new) for t in t3] == [("176.51", "180.00")]
    assert any("基本支出176.51万元" in s.old and "基本支出180.00万元" in s.new for s in d.sentences)

    text = format_text(d)
    assert "收支预算!D2" in text and "1,765,100.00 → 1,800,000.00" in text and "第三部分" in text


def test_added_project_and_identical_workbooks(tmp_path: Path) -> None:
    base = department("测试县财政局")
    old, new = pair(
        tmp_path,
        base,
        base.model_copy(
            update={"projects": (*base.projects, base.projects[0].model_copy(update={"name": "新增项目"}))}
        ),
    )
    d = diff_workbooks(old, new)
    added = [c for c in d.cells if c.sheet == "项目" and c.change == "新增"]
    assert len(added) == 1 and "新增项目" in added[0].record and added[0].cell == "项目!第3行"
    assert diff_workbooks(old, old).empty


def test_broken_workbook_is_reported_not_raised(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    good.write_bytes(template_bytes(department("测试县财政局")))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    d = diff_workbooks(good, bad)
    assert d.new_errors and d.notes and d.empty
    assert "新工作簿有 1 个错误" in format_text(d)


def test_xlsx_report(tmp_path: Path) -> None:
    old, new = pair(
        tmp_path, department("测试县财政局", project="130000"), department("测试县财政局", project="150000")
    )
    data = diff_workbook_bytes(diff_workbooks(old, new))
    out = tmp_path / "变化.xlsx"
    out.write_bytes(data)
    wb = load_workbook(out)
    assert wb.sheetnames == ["填报内容", "公开表格", "第三部分", "说明"]
    assert any(r[1] == "项目!E2" for r in wb["填报内容"].iter_rows(min_row=2, values_only=True))
    assert data == diff_workbook_bytes(diff_workbooks(old, new))
