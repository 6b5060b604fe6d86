"""Corpus cases: text that must stay inside the page and never become a formula (issue 12)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook, load_workbook

from gendisclose.workbook.schema import EXCEL_CELL_CHARS, MAX_NAME, MAX_PROJECT_NAME, MAX_REGION, UNITS

from .base import (
    INDICATORS,
    INFO,
    PROJECT_A,
    PROJECT_ROWS,
    PROJECTS,
    field_ref,
    ref,
    replace_member,
    save,
    where,
)
from .cases import ERROR, WARNING, case  # noqa: F401

#: A paragraph pasted where a name belongs (the name, then its description, many times over).
PASTED = "测试县测试局负责全县行政审批、政务服务和公共资源交易管理等工作，内设办公室、审批股等。"


@case("workbook", "cell.too_long", f"最多 {MAX_NAME} 个字", where(INFO, field_ref(INFO, "name")))
def department_name_is_a_paragraph(wb: Workbook) -> None:
    """基本信息 部门名称 holds 500 characters: the cover and every table's title lines could not
    hold it (a name, not a paragraph)."""
    wb[INFO.name][field_ref(INFO, "name")] = (PASTED * 20)[:500]


@case("workbook", "cell.too_long", f"最多 {MAX_NAME} 个字", where(UNITS, "A2"))
def unit_name_is_a_paragraph(wb: Workbook) -> None:
    """单位 单位名称 of 61 characters: one over the limit."""
    wb[UNITS.name]["A2"] = (PASTED * 2)[: MAX_NAME + 1]


@case("workbook", "cell.too_long", f"最多 {MAX_PROJECT_NAME} 个字",
      where(PROJECTS, ref(PROJECTS, "name", PROJECT_ROWS[PROJECT_A])))
def project_name_with_its_description(wb: Workbook) -> None:
    """项目名称 followed by the project's whole description (2,000 characters) in the same cell."""
    cell = ref(PROJECTS, "name", PROJECT_ROWS[PROJECT_A])
    wb[PROJECTS.name][cell] = f"{PROJECT_A}：" + (PASTED * 60)[:2000]


@case("workbook", "cell.too_long", f"最多 {MAX_PROJECT_NAME} 个字", where(INDICATORS, ref(INDICATORS, "owner", 2)))
def indicator_project_name_is_a_paragraph(wb: Workbook) -> None:
    """绩效指标 归属 (the project an indicator belongs to) of 300 characters."""
    wb[INDICATORS.name][ref(INDICATORS, "owner", 2)] = (PASTED * 10)[:300]


@case("workbook", "cell.too_long", f"最多 {MAX_REGION} 个字", where(INFO, field_ref(INFO, "region")))
def region_is_a_sentence(wb: Workbook) -> None:
    """区县名称 (printed in the unbreakable title of every 项目支出绩效目标表) of 2,000 characters."""
    wb[INFO.name][field_ref(INFO, "region")] = (PASTED * 60)[:2000]


@case("bytes", "cell.too_long", f"最多 {EXCEL_CELL_CHARS} 个字", where(PROJECTS, ref(PROJECTS, "overview", PROJECT_ROWS[PROJECT_A])))
def overview_longer_than_an_excel_cell(data: bytes) -> bytes:
    """项目概况 of 40,000 characters, more than one Excel cell holds (another program wrote the
    file; openpyxl and Excel cut a longer text at 32,767). Long texts have no limit of their
    own: up to 32,767 characters they run onto further pages."""
    marker = "OVERVIEW-PLACEHOLDER"
    wb = load_workbook(io.BytesIO(data))
    wb[PROJECTS.name][ref(PROJECTS, "overview", PROJECT_ROWS[PROJECT_A])] = marker
    saved = save(wb)
    with zipfile.ZipFile(io.BytesIO(saved)) as z:
        [(member, xml)] = [(n, x) for n in z.namelist() if marker in (x := z.read(n).decode("utf-8", "replace"))]
    return replace_member(saved, member, [xml.replace(marker, (PASTED * 1000)[:40_000]).encode()])
