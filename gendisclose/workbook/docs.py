"""``docs/workbook.md`` from the schema, so the documentation cannot drift from the workbook.

Regenerate with ``python -m gendisclose.workbook.docs > docs/workbook.md``; a test checks
the committed file is up to date.
"""

from __future__ import annotations

import sys

from .kinds import BUDGET_ONLY, FINAL_ONLY
from .schema import (
    GENERAL_RULES,
    INSTRUCTIONS_SHEET,
    MAX_NAME,
    MAX_PROJECT_NAME,
    MAX_REGION,
    SHEETS,
    FieldSheet,
    TableSheet,
)
from .schema_final import FINAL_GENERAL_RULES, FINAL_SHEETS


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def workbook_markdown() -> str:
    lines = [
        "# 标准填报工作簿 / The standard input workbook",
        "",
        "<!-- Generated from gendisclose/workbook/schema.py by "
        "`python -m gendisclose.workbook.docs > docs/workbook.md`; do not edit by hand. -->",
        "",
        "`gendisclose template -o 模板.xlsx` writes the blank workbook; the department fills it and runs "
        "`gendisclose validate 填好的.xlsx`, which lists every problem at once with its sheet and cell. "
        "The template and the reader are both generated from one schema, so this page, the "
        f"“{INSTRUCTIONS_SHEET}” sheet and the reader always agree.",
        "",
        "## 填报规则",
        "",
        *(f"{i}. {rule}" for i, rule in enumerate(GENERAL_RULES, start=1)),
        "",
        "Two kinds of sheet:",
        "",
        "* **表格**: headers in row 1, one record per row from row 2. Columns are found by their header, "
        "so they may be moved; extra columns are ignored; blank rows are skipped.",
        "* **项目—内容**: one field per row, the label in column A, the value in column B, help in C.",
        "",
        "## 工作表",
        "",
        *_sheets_markdown(SHEETS, "###"),
    ]
    lines += [
        "",
        "## 检查 / What `validate` reports",
        "",
        "Errors (错误, exit code 1) and warnings (警告), each with the sheet and cell:",
        "",
        "* the file: missing, empty, not an .xlsx (old .xls or a password-protected workbook, CSV, "
        "Word document renamed), damaged, or unreasonably large when unzipped;",
        "* a required sheet, column header or field label missing or renamed;",
        "* merged cells in a data area; a formula saved without a calculated value;",
        "* a number cell holding text (thousands separators, full-width digits, words), a negative "
        "amount, more than two decimals, a whole number with decimals, a value outside a dropdown list;",
        f"* a name longer than its limit: 部门名称 and 单位名称 {MAX_NAME}, 项目名称 (also as 归属 or in "
        f"三公经费（项目支出）) {MAX_PROJECT_NAME}, 区县名称 {MAX_REGION} characters (a name is printed whole "
        "on the cover and above each table); long texts (项目概况, 部门职责, 指标 …) have no limit but "
        "Excel's 32,767 characters a cell: a table row taller than a page continues on the next page;",
        "* 功能科目编码 malformed (error) or not in the reference list (warning; the typed 功能科目名称 is "
        "used and must then be filled); 经济科目编码 unknown or not allowed in 基本支出 (error);",
        "* duplicate rows (单位 + 功能科目, 单位 + 经济科目, 项目名称, 单位名称); a 单位名称 not in 单位 "
        "(an empty 单位 sheet means the department alone); an indicator whose 归属 is not a project; a "
        "二级指标 outside its 一级指标; a project indicator without 期间; a published project without "
        "indicators (warning).",
        "",
        "Cross-table identities (T1–T13 totals, 年度资金 = project money, vehicles, …) are checked "
        "afterwards by `gendisclose.rules`.",
        "",
        *_final_markdown(),
    ]
    return "\n".join(lines)


def _sheets_markdown(sheets: tuple, level: str, shared: tuple = ()) -> list[str]:
    """The sheet table, then each sheet's columns (a sheet in ``shared`` only by reference)."""
    lines = ["| 工作表 | 形式 | 必须有 | 内容 |", "|---|---|---|---|"]
    for sheet in sheets:
        shape = "表格" if isinstance(sheet, TableSheet) else "项目—内容"
        lines.append(f"| {sheet.name} | {shape} | {'是' if sheet.required else '否'} | {_cell(sheet.help)} |")
    for sheet in sheets:
        lines += ["", f"{level} {sheet.name}", ""]
        if any(sheet is s for s in shared):
            lines.append("与预算工作簿的同名工作表完全相同（同一个定义）。")
            continue
        lines += [sheet.help, ""]
        if isinstance(sheet, FieldSheet):
            lines += ["| 行 | 项目（A 列） | 类型 | 必填 | 说明 |", "|---|---|---|---|---|"]
            for col in sheet.fields:
                lines.append(
                    f"| {sheet.row_of(col.key)} | {col.header} | {col.type_label} | "
                    f"{'是' if col.required else ''} | {_cell(col.described)} |"
                )
        else:
            lines += ["| 列 | 表头 | 类型 | 必填 | 说明 |", "|---|---|---|---|---|"]
            for col in sheet.columns:
                lines.append(
                    f"| {sheet.letter(col.key)} | {col.header} | {col.type_label} | "
                    f"{'是' if col.required else ''} | {_cell(col.described)} |"
                )
    return lines


def _final_markdown() -> list[str]:
    """The 决算 workbook: its rules, how its kind is told, its sheets."""
    budget_only = "、".join(BUDGET_ONLY)
    final_only = "、".join(FINAL_ONLY)
    return [
        "## 部门决算公开工作簿 / The final-accounts workbook",
        "",
        "`gendisclose template --kind final -o 决算模板.xlsx` writes it (the budget workbook stays the default). "
        "`validate`, `tables`, `diff` and the batch commands tell the kind from the sheets a workbook has — "
        "no option is passed:",
        "",
        f"* budget sheets: {budget_only};",
        f"* 决算 sheets: {final_only};",
        "* shared by both: " + "、".join(s.name for s in FINAL_SHEETS if s.name not in FINAL_ONLY) + ".",
        "",
        "A workbook with sheets of both kinds is refused (`kind.mixed`), so is a workbook of the wrong kind "
        "where one kind is required (`kind.wrong`). `tables` exports 公开01表–公开10表 (J01–J10); `build` says "
        "that 决算 documents are not generated yet and writes nothing (exit code 2).",
        "",
        "### 填报规则（决算）",
        "",
        *(f"{i}. {rule}" for i, rule in enumerate(FINAL_GENERAL_RULES, start=1)),
        "",
        "### 工作表（决算）",
        "",
        *_sheets_markdown(FINAL_SHEETS, "####", shared=SHEETS),
        "",
        "Identities checked by `gendisclose.rules.final` on exact 元 (a 尾差 of the printed tables is never "
        "reported): J01 总计 both sides; 年末 = 年初 + 收入 (+ 使用结余) − 支出 (− 结余分配) per 资金性质 and, "
        "for 政府性基金, per 功能科目; 财政拨款收入 = 支出 per 科目 when there is no 财政拨款结转; 基本支出决算明细 = "
        "一般公共预算财政拨款基本支出; 三公 决算数 ≥ the 经济科目 30212/30217/30231/31013; 机关运行经费 ≤ 公用经费 "
        "(warning); 其中 figures not above their whole.",
        "",
    ]


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(workbook_markdown())
