"""One test per kind of workbook mistake: the message (a key phrase) and the exact cell."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook
from test_workbook_helpers import DEPT, field_row, fields, minimal, rows, save

from gendisclose.issues import Level
from gendisclose.workbook import raw, reader, sheets
from gendisclose.workbook.reader import read_workbook
from gendisclose.workbook.schema import BASIC


def only(issues, code=None):
    """The single issue (of ``code``) in ``issues``."""
    found = [i for i in issues if code is None or i.code == code]
    assert len(found) == 1, [str(i) for i in issues]
    return found[0]


def read(wb, tmp_path):
    return read_workbook(save(wb, tmp_path))


def basic_row(**values):
    return {"单位名称": DEPT, "功能科目编码": "2010301", **values}


# ---------------------------------------------------------------- the file itself


def test_missing_file(tmp_path):
    department, issues = read_workbook(tmp_path / "没有这个文件.xlsx")
    assert department is None
    assert "找不到文件" in only(issues).message


def test_directory_instead_of_file(tmp_path):
    assert "文件夹" in only(read_workbook(tmp_path)[1]).message


def test_empty_file(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    assert "空的" in only(read_workbook(path)[1]).message


def test_old_xls_or_password_protected(tmp_path):
    path = tmp_path / "旧.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    message = only(read_workbook(path)[1], "file.not_xlsx").message
    assert ".xls" in message and "密码" in message


def test_csv_renamed_to_xlsx(tmp_path):
    path = tmp_path / "表.xlsx"
    path.write_text("单位名称,金额\n测试局,100\n", encoding="utf-8")
    assert "CSV" in only(read_workbook(path)[1], "file.not_xlsx").message


def test_docx_renamed_to_xlsx(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    path = tmp_path / "文档.xlsx"
    path.write_bytes(buffer.getvalue())
    assert "Word" in only(read_workbook(path)[1], "file.not_xlsx").message


def test_corrupt_zip(tmp_path):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x17" * 300)
    assert "损坏" in only(read_workbook(path)[1], "file.corrupt").message


def test_truncated_workbook(tmp_path):
    data = save(minimal(), tmp_path).read_bytes()
    path = tmp_path / "截断.xlsx"
    path.write_bytes(data[: len(data) // 2])
    department, issues = read_workbook(path)
    assert department is None
    assert "损坏" in only(issues, "file.corrupt").message


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (reader.RATIO_CHECK_FROM + 1024))
    path = tmp_path / "炸弹.xlsx"
    path.write_bytes(buffer.getvalue())
    department, issues = read_workbook(path)
    assert department is None
    assert "过大" in only(issues, "file.too_big").message


# ---------------------------------------------------------------- sheets, columns, fields


def test_missing_required_sheet(tmp_path):
    wb = minimal()
    del wb["收支预算"]
    department, issues = read(wb, tmp_path)
    assert department is None
    issue = only(issues, "sheet.missing")
    assert issue.location.cell == "收支预算" and "缺少工作表“收支预算”" in issue.message


def test_optional_sheet_may_be_deleted(tmp_path):
    wb = minimal()
    del wb["三公经费（项目支出）"]
    department, issues = read(wb, tmp_path)
    assert issues == [] and department is not None


def test_renamed_column(tmp_path):
    wb = minimal()
    wb["收支预算"]["D1"] = "一般公共预算"  # was 当年一般公共预算
    department, issues = read(wb, tmp_path)
    assert department is None
    issue = only(issues, "column.missing")
    assert issue.location.cell == "收支预算!D1"
    assert "缺少列“当年一般公共预算”" in issue.message


def test_missing_field_label(tmp_path):
    wb = minimal()
    wb["基本信息"].cell(field_row(wb, "基本信息", "区县名称"), 1).value = "区县"
    issue = only(read(wb, tmp_path)[1], "field.missing")
    assert issue.location.cell == "基本信息!A4" and "缺少“区县名称”" in issue.message


def test_merged_cells_in_data_area(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", basic_row(), basic_row(功能科目编码="2080505"))
    wb["收支预算"].merge_cells("A2:A3")
    issue = only(read(wb, tmp_path)[1], "cell.merged")
    assert issue.location.cell == "收支预算!A2" and "A2:A3" in issue.message


def test_formula_without_cached_value(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", basic_row(当年一般公共预算="=100+1"))
    issue = only(read(wb, tmp_path)[1], "cell.formula_no_value")
    assert issue.location.cell == "收支预算!D2"
    assert issue.message == "公式没有计算结果，请在 Excel 中打开并保存后再试"


# ---------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("typed", "phrase"),
    [
        ("1,234.56", "千分位逗号"),
        ("１２３", "全角"),
        ("约100", "不是数字"),
        (-5, "负数"),
        ("-5", "负数"),
        (1.234, "最多两位小数"),
        ("12.345", "最多两位小数"),
        (True, "逻辑值"),
    ],
)
def test_bad_money_cell(typed, phrase, tmp_path):
    wb = minimal()
    rows(wb, "收支预算", basic_row(当年单位资金=typed))
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "收支预算!H2"
    assert phrase in issue.message and "当年单位资金" in issue.message


def test_excel_error_value_in_a_cell(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", basic_row(当年一般公共预算="#DIV/0!"))
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "收支预算!D2" and "公式错误值 #DIV/0!" in issue.message


def test_date_in_a_money_cell(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", basic_row(当年一般公共预算=datetime(2026, 1, 1)))
    assert "日期" in only(read(wb, tmp_path)[1]).message


def test_float_noise_is_rounded_to_cents(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", basic_row(当年一般公共预算=1765081.0000000002, 当年单位资金=0.1 + 0.2))
    department, issues = read(wb, tmp_path)
    assert issues == []
    assert str(department.basic_lines[0].current.general) == "1765081.00"
    assert str(department.basic_lines[0].current.unit_funds) == "0.30"


def test_bad_int_enum_and_bool_cells(tmp_path):
    wb = minimal()
    fields(wb, "基本信息", 在编人员数=3.5, 单位性质="行政机关")
    rows(
        wb,
        "项目",
        {
            "项目名称": "物业费",
            "单位名称": DEPT,
            "功能科目编码": "2010301",
            "项目类别": "特定目标类",
            "是否公开绩效目标": "公开",
        },
    )
    issues = read(wb, tmp_path)[1]
    by_cell = {i.location.cell: i.message for i in issues}
    assert "应填整数" in by_cell["基本信息!B10"]
    assert "行政单位、参照公务员法管理事业单位、事业单位" in by_cell["基本信息!B6"]
    assert "只能填“是”或“否”" in by_cell["项目!O2"]


def test_required_cell_empty(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", {"单位名称": DEPT, "当年一般公共预算": 5})
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "收支预算!B2" and "“功能科目编码”必须填写" in issue.message


def test_code_cells(tmp_path):
    wb = minimal()
    fields(wb, "基本信息", 部门代码=8)  # Excel ate the leading zeros
    rows(wb, "收支预算", basic_row(功能科目编码="２０１０３０１"), basic_row(功能科目编码=201030))
    department, issues = read(wb, tmp_path)
    by_cell = {i.location.cell: i.message for i in issues}
    assert "全角数字" in by_cell["收支预算!B2"]
    assert "7 位数字" in by_cell["收支预算!B3"]
    assert len(issues) == 2


def test_department_code_typed_as_number_keeps_leading_zeros(tmp_path):
    wb = minimal()
    fields(wb, "基本信息", 部门代码=8)
    department, issues = read(wb, tmp_path)
    assert issues == [] and department.info.code == "008"


def test_dates_typed_into_text_cells(tmp_path):
    wb = minimal()
    fields(wb, "政府采购与资产", 资产统计截至日期=datetime(2025, 12, 31))
    department, _ = read(wb, tmp_path)
    assert department.assets.as_of == "2025年12月31日"


def test_year_out_of_range(tmp_path):
    wb = minimal()
    fields(wb, "基本信息", 预算年度=26)
    department, issues = read(wb, tmp_path)
    assert department is None
    assert only(issues).location.cell == "基本信息!B5"


# ---------------------------------------------------------------- codes against the reference lists


def test_malformed_function_code_is_an_error(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", basic_row(功能科目编码="2999999"))
    issue = only(read(wb, tmp_path)[1])
    assert issue.level is Level.ERROR and issue.location.cell == "收支预算!B2"
    assert "“2999999”不正确" in issue.message


def test_unknown_function_code_is_a_warning_using_the_typed_name(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", basic_row(功能科目编码="2010398", 功能科目名称="自定义事务"))
    department, issues = read(wb, tmp_path)
    issue = only(issues)
    assert issue.level is Level.WARNING and issue.location.cell == "收支预算!B2"
    assert "2010398" in issue.message and "自定义事务" in issue.message
    assert department.basic_lines[0].function_name == "自定义事务"


def test_unknown_function_code_without_a_name_is_an_error(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", basic_row(功能科目编码="2010398"))
    issue = only(read(wb, tmp_path)[1])
    assert issue.level is Level.ERROR and "没有填写“功能科目名称”" in issue.message


def test_unknown_economic_code(tmp_path):
    wb = minimal()
    rows(wb, "基本支出经济分类", {"单位名称": DEPT, "经济科目编码": "30188", "金额": 10})
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "基本支出经济分类!B2" and "“30188”不在" in issue.message


def test_economic_code_not_allowed_in_basic_expenditure(tmp_path):
    wb = minimal()
    rows(wb, "基本支出经济分类", {"单位名称": DEPT, "经济科目编码": "30902", "金额": 10})
    assert "不能列入基本支出" in only(read(wb, tmp_path)[1]).message


# ---------------------------------------------------------------- rows that clash or dangle


def test_duplicate_basic_line(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", basic_row(当年一般公共预算=1), basic_row(当年一般公共预算=2))
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "收支预算!B3" and "与第 2 行相同" in issue.message
    assert issue.related[0].row == 2


def test_duplicate_economic_line(tmp_path):
    wb = minimal()
    line = {"单位名称": DEPT, "经济科目编码": "30101", "金额": 1}
    rows(wb, "基本支出经济分类", line, line)
    assert only(read(wb, tmp_path)[1], "row.duplicate").location.cell == "基本支出经济分类!B3"


def project(name="物业费", **values):
    return {
        "项目名称": name,
        "单位名称": DEPT,
        "功能科目编码": "2010301",
        "项目类别": "特定目标类",
        "是否公开绩效目标": "否",
        **values,
    }


def test_duplicate_project_name(tmp_path):
    wb = minimal()
    rows(wb, "项目", project(), project())
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "项目!A3" and "项目名称重复" in issue.message


def test_unit_not_in_unit_sheet(tmp_path):
    wb = minimal()
    rows(wb, "单位", {"单位名称": DEPT, "单位性质": "行政单位"})
    rows(wb, "收支预算", basic_row(单位名称="别的单位"))
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "收支预算!A2" and "“别的单位”不在“单位”表中" in issue.message


def test_empty_unit_sheet_means_the_department_itself(tmp_path):
    wb = minimal()
    rows(wb, "项目", project(单位名称="别的单位"))
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "项目!B2" and "“单位”表为空" in issue.message


def test_indicator_for_unknown_project(tmp_path):
    wb = minimal()
    rows(wb, "项目", project())
    rows(
        wb,
        "绩效指标",
        {
            "归属": "物业管理费",
            "期间": "年度",
            "一级指标": "产出指标",
            "二级指标": "数量指标",
            "三级指标": "面积",
            "指标值": "100平方米",
        },
    )
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "绩效指标!A2" and "“物业管理费”不是“项目”表中的项目名称" in issue.message


def test_indicator_levels_must_match(tmp_path):
    wb = minimal()
    rows(
        wb,
        "绩效指标",
        {
            "归属": "部门整体",
            "一级指标": "效益指标",
            "二级指标": "数量指标",
            "三级指标": "人数",
            "指标值": "2人",
        },
    )
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "绩效指标!D2" and "应属于“产出指标”" in issue.message


def test_project_indicator_needs_a_period(tmp_path):
    wb = minimal()
    rows(wb, "项目", project())
    rows(
        wb,
        "绩效指标",
        {
            "归属": "物业费",
            "一级指标": "产出指标",
            "二级指标": "数量指标",
            "三级指标": "面积",
            "指标值": "100平方米",
        },
    )
    issue = only(read(wb, tmp_path)[1])
    assert issue.location.cell == "绩效指标!B2" and "实施期 或 年度" in issue.message


def test_published_project_without_indicators_is_a_warning(tmp_path):
    """Checked by gendisclose.rules (after reading), at the project's name cell."""
    from gendisclose.pipeline import check_workbook

    wb = minimal()
    rows(wb, "项目", project(是否公开绩效目标="是", 本年一般公共预算=100))
    checked = check_workbook(save(wb, tmp_path))
    issue = only(checked.issues, "project.no_indicators")
    assert issue.level is Level.WARNING and issue.location.cell == "项目!A2"


def test_three_public_extra_for_unknown_project(tmp_path):
    wb = minimal()
    rows(
        wb,
        "三公经费（项目支出）",
        {"项目名称": "无此项目", "三公项目": "公务接待费", "资金来源": "一般公共预算", "金额": 100},
    )
    assert only(read(wb, tmp_path)[1]).location.cell == "三公经费（项目支出）!A2"


def test_all_problems_are_reported_at_once(tmp_path):
    wb = minimal()
    fields(wb, "基本信息", 在编人员数="三十")
    rows(wb, "收支预算", basic_row(当年一般公共预算="1,000"), basic_row(功能科目编码="2999999"))
    rows(wb, "项目", project(本年单位资金=-1))
    department, issues = read(wb, tmp_path)
    assert {i.location.cell for i in issues} == {"基本信息!B10", "收支预算!D2", "收支预算!B3", "项目!I2"}


# ---------------------------------------------------------------- bounded work


def test_row_cap(monkeypatch, tmp_path):
    monkeypatch.setattr(sheets, "MAX_DATA_ROWS", 3)
    wb = minimal()
    rows(wb, "年度重点任务", *({"核心职能": f"职能{i}", "重点任务": "任务"} for i in range(5)))
    department, issues = read(wb, tmp_path)
    issue = only(issues)
    assert issue.location.cell == "年度重点任务!第5行" and "超过 3 行" in issue.message
    assert department is None or len(department.overall.key_tasks) == 3


def test_a_row_after_a_long_run_of_empty_rows_is_still_read(tmp_path):
    """Empty rows cost nothing (only rows in the file are visited), so nothing below them is dropped."""
    wb = minimal()
    rows(wb, "年度重点任务", {"核心职能": "甲", "重点任务": "任务"})
    rows(wb, "年度重点任务", {"核心职能": "乙", "重点任务": "任务"}, start=8_000)
    department, issues = read(wb, tmp_path)
    assert issues == [] and [t.core_function for t in department.overall.key_tasks] == ["甲", "乙"]


def test_a_sheet_of_junk_finishes_in_bounded_time(monkeypatch, tmp_path):
    """Junk rows stop at the row cap; sheets written without <dimension> load without a full scan."""
    monkeypatch.setattr(sheets, "MAX_DATA_ROWS", 2_000)
    wb = Workbook(write_only=True)  # writes no <dimension>, like some non-Excel tools
    info = wb.create_sheet("基本信息")
    info.append(["项目", "内容"])
    info.append(["部门名称", DEPT])
    junk = wb.create_sheet("收支预算")
    junk.append([c.header for c in BASIC.columns])
    for i in range(10_000):
        junk.append(["垃圾", f"x{i}", "", "一百"])
    path = tmp_path / "junk.xlsx"
    wb.save(path)
    start = time.perf_counter()
    department, issues = read_workbook(path)
    assert time.perf_counter() - start < 10
    assert department is None
    codes = {i.code for i in issues}
    assert {"sheet.missing", "sheet.too_many_rows", "sheet.too_many_errors"} <= codes
    cap = only(issues, "sheet.too_many_rows")
    assert cap.location.cell == "收支预算!第2002行"
    assert len(issues) < reader.MAX_CELL_ISSUES + 30


def test_issues_are_capped_per_sheet(monkeypatch, tmp_path):
    monkeypatch.setattr(reader, "MAX_CELL_ISSUES", 5)
    monkeypatch.setattr(raw, "MAX_CELL_ISSUES", 5)
    wb = minimal()
    rows(wb, "收支预算", *(basic_row(单位名称=f"单位{i}") for i in range(10)))
    issues = read(wb, tmp_path)[1]
    assert [i.location.cell for i in issues[:5]] == [f"收支预算!A{r}" for r in range(2, 7)]
    assert len(issues) == 6 and "只列出前 5 个" in issues[5].message


def test_a_huge_count_is_refused_at_its_cell():
    """1e300 in an integer cell (在编人员数) read as a 301-digit count used to pass silently."""
    from gendisclose.workbook.cells import parse_int
    from gendisclose.workbook.schema import INFO

    column = next(c for c in INFO.fields if c.kind.name.lower().startswith("int"))
    value, problem = parse_int(column, 1e300)
    assert value is None and "数字过大" in problem
    assert parse_int(column, 28) == (28, None)
