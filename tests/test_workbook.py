"""The standard workbook: blank template, filled template, and reading it back."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from builders import DepartmentBuilder
from openpyxl import load_workbook
from test_workbook_helpers import DEPT, fields, minimal, rows, save

from gendisclose.model import (
    Assets,
    IndicatorPeriod,
    KeyTask,
    OverallPerformance,
    PriorYear,
    Reasons,
    ThreePublicItem,
    UnitKind,
    VehicleCategory,
)
from gendisclose.workbook.reader import read_workbook
from gendisclose.workbook.schema import SHEETS, TableSheet
from gendisclose.workbook.template import template_bytes

SEEDS = Path(__file__).parent / "data" / "seeds"


def _read_bytes(data: bytes, tmp_path: Path):
    path = tmp_path / "wb.xlsx"
    path.write_bytes(data)
    return read_workbook(path)


# ---------------------------------------------------------------- blank template


def test_blank_template_has_every_sheet_header_and_format():
    wb = load_workbook(io.BytesIO(template_bytes()))
    assert wb.sheetnames == ["填报说明", *(s.name for s in SHEETS), "代码表"]
    basic = wb["收支预算"]
    assert [c.value for c in basic[1]][:4] == ["单位名称", "功能科目编码", "功能科目名称", "当年一般公共预算"]
    assert basic.freeze_panes == "C2"
    assert basic.column_dimensions["B"].number_format == "@"  # codes keep leading zeros
    assert basic.column_dimensions["D"].number_format == "#,##0.00"
    assert basic["A1"].comment is not None
    lists = [dv.formula1 for dv in wb["单位"].data_validations.dataValidation]
    assert '"行政单位,参照公务员法管理事业单位,事业单位"' in lists
    assert wb["基本信息"]["A2"].value == "部门名称"
    assert "一行一段" in "".join(str(c.value) for row in wb["填报说明"].iter_rows() for c in row if c.value)


def test_template_bytes_are_deterministic():
    assert template_bytes() == template_bytes()
    dept = DepartmentBuilder().basic("2010301", general="100").build()
    assert template_bytes(dept) == template_bytes(dept)
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_blank_template_reads_as_missing_required_fields(tmp_path):
    department, issues = _read_bytes(template_bytes(), tmp_path)
    assert department is None
    cells = {i.location.cell for i in issues}
    assert {"基本信息!B2", "基本信息!B5", "基本信息!B6"} <= cells
    assert all("必须填写" in i.message for i in issues)


# ---------------------------------------------------------------- round trip


def _full_department():
    return (
        DepartmentBuilder(name="测试县测试局", code="008")
        .unit("测试县测试局", "行政单位")
        .unit("测试县测试中心", "事业单位")
        .basic("2010301", general="1765081.00", carried_unit_funds="12.30")
        .basic("2010350", unit="测试县测试中心", general="500000", special_account="0.01")
        .economic("30101", "1574060.00")
        .economic("30201", "1000.50", unit="测试县测试中心")
        .project("12345热线服务费", "2010301", general="130000", category="特定目标类")
        .project(
            "档案管护",
            "2010350",
            unit="测试县测试中心",
            category="其他运转类",
            publish=False,
            carried_general="800000",
        )
        .indicator("12345热线服务费", "数量指标", "热线工作经费", "13万元", period="实施期")
        .indicator("12345热线服务费", "服务对象满意度", "群众满意度", "≥95%", period="年度")
        .indicator(None, "时效指标", "预算执行", "及时", period=None)
        .three_public_extra("公务接待费", "3000")
        .prior_year(
            income_total="4983000",
            agency_operating="326000",
            three_public={ThreePublicItem.RECEPTION: Decimal("5000.00")},
        )
        .procure(goods="19100", services="30000")
        .with_(
            reasons=Reasons(income="人员增加", three_public_items={ThreePublicItem.RECEPTION: "接待减少"}),
            assets=Assets(
                as_of="2025年12月31日",
                vehicle_quota=2,
                vehicle_actual=1,
                vehicles={VehicleCategory.LAW_ENFORCEMENT: 1, VehicleCategory.OTHER: 0},
                office_area="460.84",
                equipment_over_500k=3,
            ),
            overall=OverallPerformance(
                strategic_goal="打造一流营商环境",
                social_insurance_fund=Decimal("0"),
                units_total=1,
                amount_reporting=Decimal("5199900.00"),
                key_tasks=(KeyTask(core_function="政务服务", tasks="（一）深化改革"),),
            ),
        )
        .build()
    )


def test_round_trip_builder_department(tmp_path):
    department = _full_department()
    got, issues = _read_bytes(template_bytes(department), tmp_path)
    assert issues == []
    assert got == department
    assert got.projects[1].publish_targets is False
    assert got.indicators[2].project is None and got.indicators[0].period is IndicatorPeriod.IMPLEMENTATION
    assert got.basic_lines[0].location.cell == "收支预算!第2行"


@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_round_trip_seed(seed, tmp_path):
    make_samples = pytest.importorskip("tools.make_samples")
    department = make_samples.seed_department(SEEDS / f"{seed}.json")
    got, issues = _read_bytes(template_bytes(department), tmp_path)
    assert [i for i in issues if i.is_error] == []
    assert got == department


def test_filled_by_hand_in_blank_template(tmp_path):
    wb = minimal()
    fields(wb, "基本信息", 部门代码="008", 在编人员数=34, 其他人员数=35)
    rows(
        wb,
        "概况文字",
        {"部分": "本部门职责", "内容": "（一）贯彻执行……"},
        {"部分": "机构设置情况", "类型": "小标题", "内容": "1、办公室"},
        {"部分": "其他说明", "内容": "无"},
    )
    rows(
        wb,
        "收支预算",
        {
            "单位名称": DEPT,
            "功能科目编码": "2010301",
            "当年一般公共预算": 1765081,
            "上年结转单位资金": "12.5",
        },
    )
    rows(wb, "基本支出经济分类", {"单位名称": DEPT, "经济科目编码": "30101", "金额": 1574060.0})
    rows(
        wb,
        "项目",
        {
            "项目名称": "物业费",
            "单位名称": DEPT,
            "功能科目编码": "2010301",
            "项目类别": "特定目标类",
            "本年一般公共预算": 130000,
            "是否公开绩效目标": "否",
            "年度市县(区)财政资金": 130000,
        },
    )
    fields(wb, "上年数与变动原因", 上年预算收入总计=4983000, 收入变动原因="人员增加")
    fields(wb, "政府采购与资产", 政府采购货物预算=19100, 领导用车=0)
    department, issues = read_workbook(save(wb, tmp_path))
    assert issues == []
    assert department.info.code == "008" and department.info.staffing.actual == 69
    assert [u.name for u in department.units] == [DEPT]  # empty 单位 sheet: the department itself
    assert department.units[0].kind is UnitKind.ADMINISTRATIVE
    assert department.info.organisation[0].is_heading
    assert department.notes.other[0].text == "无"
    line = department.basic_lines[0]
    assert line.current.general == Decimal("1765081.00") and line.carried.unit_funds == Decimal("12.50")
    assert department.economic_lines[0].amount == Decimal("1574060.00")
    project = department.projects[0]
    assert project.publish_targets is False and project.implementation_funds is None
    assert project.annual_funds.local == Decimal("130000")
    assert department.prior == PriorYear(income_total=Decimal("4983000"))
    assert department.assets.vehicles == {VehicleCategory.LEADERSHIP: 0}


def test_blank_rows_in_the_middle_are_skipped(tmp_path):
    wb = minimal()
    rows(wb, "收支预算", {"单位名称": DEPT, "功能科目编码": "2010301", "当年一般公共预算": 1})
    rows(wb, "收支预算", {"单位名称": DEPT, "功能科目编码": "2080505", "当年一般公共预算": 2}, start=9)
    department, issues = read_workbook(save(wb, tmp_path))
    assert issues == []
    assert [(line.function_code, line.location.row) for line in department.basic_lines] == [
        ("2010301", 2),
        ("2080505", 9),
    ]


def test_columns_may_be_moved_and_extra_columns_added(tmp_path):
    wb = minimal()
    ws = wb["单位"]
    ws["A1"], ws["B1"], ws["C1"] = "单位性质", "备注", "单位名称"
    ws["A2"], ws["B2"], ws["C2"] = "事业单位", "自己的备注", DEPT
    department, issues = read_workbook(save(wb, tmp_path))
    assert issues == []
    assert department.units[0].kind is UnitKind.INSTITUTION


def test_every_table_sheet_has_unique_headers():
    for sheet in SHEETS:
        columns = sheet.columns if isinstance(sheet, TableSheet) else sheet.fields
        headers = [c.header for c in columns]
        assert len(headers) == len(set(headers)), sheet.name
