"""What changed between two versions of a department's workbook (更正前后对比).

Two layers, both reported:

* **typed cells** (填报内容): the two models are compared record by record. Each sheet's
  records are taken in the schema's own keys (:func:`~gendisclose.workbook.records.department_records`,
  the same values the template writes) and matched by their natural key — unit + 功能科目 for
  收支预算, unit + 经济科目 for 基本支出经济分类, the project name, an indicator's
  (归属, 期间, 二级, 三级), a key–value field by its name. Changed fields point at their cell in
  the *new* workbook (the record's row, the schema's column); added/removed records at their row.
* **derived results** (公开内容): both disclosures are derived; every shown table cell that
  changed (table, row label, column header, old → new) and every 第三部分 sentence that
  changed (old / new) is listed.

When either workbook has errors the report says so and still compares whatever could be read.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from .document import Align, Cell, Heading, Paragraph, Table
from .issues import Issue, Location
from .model import Department
from .model_final import FinalDepartment

# ---------------------------------------------------------------- result types


@dataclass
class CellChange:
    """One typed value that differs. ``change``: 新增 / 删除 / 修改."""

    sheet: str
    record: str  # the record's natural key as text (``单位=… 功能科目=2010301``)
    field: str  # the column header / field label
    old: str
    new: str
    change: str
    cell: str | None = None  # in the new workbook (the old one for 删除)


@dataclass
class TableChange:
    table: str  # T1 … / the table title
    row: str
    column: str
    old: str
    new: str


@dataclass
class SentenceChange:
    section: str
    old: str
    new: str


@dataclass
class WorkbookDiff:
    old_file: str
    new_file: str
    old_errors: list[str] = field(default_factory=list)
    new_errors: list[str] = field(default_factory=list)
    cells: list[CellChange] = field(default_factory=list)
    tables: list[TableChange] = field(default_factory=list)
    sentences: list[SentenceChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be compared, and why
    comparable: bool = True  # False: a budget and a 决算 workbook (nothing can be compared)

    @property
    def empty(self) -> bool:
        return not (self.cells or self.tables or self.sentences)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------- typed cells

#: table sheet → the record keys that identify a record (natural key)
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "单位": ("name",),
    "收支预算": ("unit", "function_code"),
    "基本支出经济分类": ("unit", "economic_code"),
    "项目": ("name",),
    "绩效指标": ("owner", "period", "level2", "level3"),
    "三公经费（项目支出）": ("project", "item", "source"),
    "基金与国资收入": ("source", "code"),
    "概况文字": ("part", "#"),  # paragraphs: by part and position in it
    "年度重点任务": ("#",),
    # 决算 sheets
    "收入决算": ("function_code",),
    "支出决算": ("function_code",),
    "结转结余": ("funding", "function_code"),
    "基本支出决算明细": ("economic_code",),
    "年初预算与上年决算": ("class_code",),
    "绩效自评": ("name",),
}

#: names the tool fills from codes: not typed, so not reported as typed changes
DERIVED_KEYS = {"function_name", "economic_name", "class_name"}


def _show(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _model_rows(dept: Department) -> dict[str, list[Location | None]]:
    """The location of each record, in the order department_records lists them."""
    if isinstance(dept, FinalDepartment):
        return {
            "单位": [u.location for u in dept.units],
            "概况文字": [t.location for t in (*dept.info.duties, *dept.info.organisation)],
            "收入决算": [x.location for x in dept.income_lines],
            "支出决算": [x.location for x in dept.spending_lines],
            "结转结余": [x.location for x in dept.balances],
            "基本支出决算明细": [x.location for x in dept.economic],
            "年初预算与上年决算": [x.location for x in dept.classes],
            "绩效自评": [x.location for x in dept.evaluations],
        }
    info, notes = dept.info, dept.notes
    texts = (*info.duties, *info.organisation, *notes.purchase_catalogue, *notes.other)
    return {
        "单位": [u.location for u in dept.units],
        "概况文字": [t.location for t in texts],
        "收支预算": [x.location for x in dept.basic_lines],
        "基本支出经济分类": [x.location for x in dept.economic_lines],
        "项目": [x.location for x in dept.projects],
        "绩效指标": [x.location for x in dept.indicators],
        "三公经费（项目支出）": [x.location for x in dept.three_public_extra],
        "基金与国资收入": [x.location for x in dept.fund_income],
    }


def _keyed(
    sheet: str, records: list[dict], locations: list[Location | None]
) -> dict[tuple, tuple[dict, Location | None]]:
    names = NATURAL_KEYS.get(sheet, ("#",))
    out: dict[tuple, tuple[dict, Location | None]] = {}
    seen: Counter[tuple] = Counter()
    position: Counter[Any] = Counter()
    for i, rec in enumerate(records):
        group = rec.get("part") if "part" in names else None
        position[group] += 1
        key = tuple(position[group] if n == "#" else _show(rec.get(n)) for n in names)
        seen[key] += 1
        if seen[key] > 1:  # a duplicate key (itself an error in the workbook): keep both apart
            key = (*key, f"第{seen[key]}条")
        out[key] = (rec, locations[i] if i < len(locations) else None)
    return out


def _key_text(sheet_obj: Any, sheet: str, key: tuple) -> str:
    names = NATURAL_KEYS.get(sheet, ("#",))
    parts = []
    for n, v in zip(names, key, strict=False):
        if n == "#":
            parts.append(f"第{v}条")
        else:
            parts.append(f"{_header(sheet_obj, n)}={v}")
    parts.extend(str(v) for v in key[len(names) :])
    return "，".join(parts)


def _header(sheet_obj: Any, key: str) -> str:
    cols = getattr(sheet_obj, "columns", None) or getattr(sheet_obj, "fields", ())
    for c in cols:
        if c.key == key:
            return c.header
    return key


def _cell_of(sheet_obj: Any, key: str, loc: Location | None) -> str | None:
    from .workbook.schema import FieldSheet, TableSheet

    if isinstance(sheet_obj, FieldSheet):
        try:
            return f"{sheet_obj.name}!{sheet_obj.VALUE_COLUMN}{sheet_obj.row_of(key)}"
        except StopIteration:
            return sheet_obj.name
    if loc is None or loc.row is None:
        return None
    if isinstance(sheet_obj, TableSheet):
        try:
            return f"{sheet_obj.name}!{sheet_obj.letter(key)}{loc.row}"
        except StopIteration:
            pass
    return Location(loc.sheet, loc.row).cell


def diff_models(old: Department, new: Department) -> list[CellChange]:
    """Every typed value that differs, sheet by sheet in workbook order."""
    from .workbook.kinds import sheets_for
    from .workbook.records import department_records
    from .workbook.records_final import final_department_records

    records = final_department_records if isinstance(new, FinalDepartment) else department_records
    old_recs, new_recs = records(old), records(new)  # type: ignore[arg-type]
    old_rows, new_rows = _model_rows(old), _model_rows(new)
    changes: list[CellChange] = []
    for sheet_obj in sheets_for(new.kind):
        name = sheet_obj.name
        a, b = old_recs.get(name), new_recs.get(name)
        if isinstance(a, dict) or isinstance(b, dict):  # key–value sheet
            a, b = a or {}, b or {}
            for key in _ordered_keys(a, b):
                if key in DERIVED_KEYS or a.get(key) == b.get(key):
                    continue
                kind = (
                    "修改"
                    if a.get(key) not in (None, "") and b.get(key) not in (None, "")
                    else ("新增" if a.get(key) in (None, "") else "删除")
                )
                changes.append(
                    CellChange(
                        name,
                        "",
                        _header(sheet_obj, key),
                        _show(a.get(key)),
                        _show(b.get(key)),
                        kind,
                        _cell_of(sheet_obj, key, None),
                    )
                )
            continue
        ka = _keyed(name, a or [], old_rows.get(name, []))
        kb = _keyed(name, b or [], new_rows.get(name, []))
        for key in [*kb, *(k for k in ka if k not in kb)]:
            label = _key_text(sheet_obj, name, key)
            if key not in ka:
                rec, loc = kb[key]
                changes.append(
                    CellChange(
                        name,
                        label,
                        "（整行）",
                        "（无）",
                        "新增一行",
                        "新增",
                        Location(name, loc.row).cell if loc and loc.row else None,
                    )
                )
                continue
            if key not in kb:
                rec, loc = ka[key]
                where = f"原{Location(name, loc.row).cell}" if loc and loc.row else None
                changes.append(CellChange(name, label, "（整行）", "原有一行", "（已删除）", "删除", where))
                continue
            (ra, _), (rb, loc) = ka[key], kb[key]
            for fkey in _ordered_keys(ra, rb):
                if fkey in DERIVED_KEYS or ra.get(fkey) == rb.get(fkey):
                    continue
                changes.append(
                    CellChange(
                        name,
                        label,
                        _header(sheet_obj, fkey),
                        _show(ra.get(fkey)),
                        _show(rb.get(fkey)),
                        "修改",
                        _cell_of(sheet_obj, fkey, loc),
                    )
                )
    return changes


def _ordered_keys(a: dict, b: dict) -> list[str]:
    return [*a, *(k for k in b if k not in a)]


# ---------------------------------------------------------------- derived tables and text


def _column_headers(table: Table) -> list[str]:
    """One label per grid column: the header cells above it, joined with ／."""
    width = table.n_columns
    labels: list[list[str]] = [[] for _ in range(width)]
    if not table.header:
        return [f"第{i + 1}列" for i in range(width)]
    grid = table.grid(table.header)
    for row in grid:
        for c, cell in enumerate(row):
            if cell is None:  # covered by a span: the spanning cell already labelled it
                continue
            for dc in range(cell.colspan):
                if c + dc < width and cell.text and cell.text not in labels[c + dc]:
                    labels[c + dc].append(cell.text)
    return ["／".join(x) or f"第{i + 1}列" for i, x in enumerate(labels)]


def _row_label(cells: list[Cell | None]) -> str:
    words = [c.text.strip() for c in cells if c is not None and c.align is not Align.RIGHT and c.text.strip()]
    return " ".join(words) or "（无名称行）"


def _table_rows(table: Table) -> dict[str, list[Cell | None]]:
    rows: dict[str, list[Cell | None]] = {}
    seen: Counter[str] = Counter()
    try:
        grid = table.grid(table.body)
    except ValueError:
        grid = [list(r) for r in table.body]
    for cells in grid:
        label = _row_label(cells)
        seen[label] += 1
        rows[label if seen[label] == 1 else f"{label}（第{seen[label]}行）"] = cells
    return rows


def diff_tables(old: list[Table], new: list[Table]) -> list[TableChange]:
    """Every shown cell that differs, table by table (matched by key), row by row (by label)."""
    changes: list[TableChange] = []
    old_by_key = {t.key: t for t in old}
    for tn in new:
        to = old_by_key.get(tn.key)
        name = f"{tn.key} {tn.title}".strip()
        if to is None:
            changes.append(TableChange(name, "（整表）", "", "（无）", "新增"))
            continue
        headers = _column_headers(tn)
        ro, rn = _table_rows(to), _table_rows(tn)
        for label in [*rn, *(k for k in ro if k not in rn)]:
            a, b = ro.get(label), rn.get(label)
            width = max(len(a or []), len(b or []))
            for c in range(width):
                ca = a[c] if a and c < len(a) else None
                cb = b[c] if b and c < len(b) else None
                ta = ca.text if ca else ""
                tb = cb.text if cb else ""
                if ta == tb or (
                    ca is not None
                    and ca.align is not Align.RIGHT
                    and cb is not None
                    and cb.align is not Align.RIGHT
                ):
                    continue  # label cells are the key, not a change
                col = headers[c] if c < len(headers) else f"第{c + 1}列"
                changes.append(TableChange(name, label, col, ta or "（空）", tb or "（空）"))
    for to in old:
        if to.key not in {t.key for t in new}:
            changes.append(TableChange(f"{to.key} {to.title}", "（整表）", "", "原有", "（已删除）"))
    return changes


_SENTENCE = re.compile(r"[^。；！？]*[。；！？]|[^。；！？]+$")


def part3_sentences(blocks: tuple) -> list[tuple[str, str]]:
    """(section heading, sentence) of the parts written from the figures, in order: 第三部分
    (both kinds) and the 决算's 第五部分 附件 (its 预算支出进度 and grades)."""
    out: list[tuple[str, str]] = []
    inside = False
    section = "第三部分"
    for b in blocks:
        if isinstance(b, Heading):
            if b.level == 1:
                inside = "第三部分" in b.text or "第五部分" in b.text
                section = b.text
            elif inside:
                section = b.text
            continue
        if inside and isinstance(b, Paragraph):
            for s in _SENTENCE.findall(b.text):
                if s.strip():
                    out.append((section, s.strip()))
    return out


def diff_sentences(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[SentenceChange]:
    a = [s for _, s in old]
    b = [s for _, s in new]
    changes: list[SentenceChange] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        n = max(i2 - i1, j2 - j1)
        for k in range(n):
            old_s = a[i1 + k] if i1 + k < i2 else ""
            new_s = b[j1 + k] if j1 + k < j2 else ""
            section = new[j1 + k][0] if j1 + k < j2 else old[i1 + k][0]
            changes.append(SentenceChange(section, old_s or "（无）", new_s or "（已删除）"))
    return changes


# ---------------------------------------------------------------- the whole comparison


def _derived(dept: Department) -> tuple[list[Table], list[tuple[str, str]], list[str]]:
    """Shown tables and 第三部分 sentences of a department, with notes on what failed."""
    notes: list[str] = []
    tables: list[Table] = []
    sentences: list[tuple[str, str]] = []
    try:
        from .pipeline import derive_document

        document = derive_document(dept)
        tables = [b for b in document.blocks if isinstance(b, Table)]
        sentences = part3_sentences(document.blocks)
    except ImportError:
        notes.append("文档生成模块尚不可用：只比较公开表，不比较第三部分文字")
        if isinstance(dept, FinalDepartment):
            from .derive.final_tables import derive_final_tables

            return list(derive_final_tables(dept).tables), sentences, notes
        from .derive.tables import derive_tables

        tables = list(derive_tables(dept).tables)
    return tables, sentences, notes


def _errors(issues: list[Issue]) -> list[str]:
    return [str(i) for i in issues if i.is_error]


def diff_workbooks(old_path: Path, new_path: Path) -> WorkbookDiff:
    """Read both workbooks and compare them; never raises for a problem in a workbook."""
    from .pipeline import check_workbook

    old_c, new_c = check_workbook(old_path), check_workbook(new_path)
    result = WorkbookDiff(str(old_path), str(new_path), _errors(old_c.issues), _errors(new_c.issues))
    if old_c.department is None or new_c.department is None:
        which = "原工作簿" if old_c.department is None else "新工作簿"
        result.notes.append(f"{which}无法读取，无法比较内容")
        return result
    if old_c.department.kind is not new_c.department.kind:
        result.notes.append(
            f"原工作簿是{old_c.department.kind.value}工作簿，新工作簿是{new_c.department.kind.value}工作簿：两种工作簿不能比较"
        )
        result.comparable = False
        return result
    result.cells = diff_models(old_c.department, new_c.department)
    derived = []
    for label, checked in (("原工作簿", old_c), ("新工作簿", new_c)):
        try:
            tables, sentences, notes = _derived(checked.department)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - a workbook with errors may not derive
            result.notes.append(
                f"{label}有错误，无法生成公开表和文字，只比较填报内容（{type(exc).__name__}）"
            )
            return result
        derived.append((tables, sentences))
        result.notes.extend(n for n in notes if n not in result.notes)
    (ta, sa), (tb, sb) = derived
    result.tables = diff_tables(ta, tb)
    result.sentences = diff_sentences(sa, sb)
    return result


# ---------------------------------------------------------------- presentation


def format_text(d: WorkbookDiff) -> str:
    lines = [f"对比：{d.old_file} → {d.new_file}"]
    for label, errs in (("原工作簿", d.old_errors), ("新工作簿", d.new_errors)):
        if errs:
            lines.append(f"注意：{label}有 {len(errs)} 个错误（下面仍比较能读出的内容）：")
            lines.extend(f"  {e}" for e in errs[:10])
            if len(errs) > 10:
                lines.append(f"  …… 另有 {len(errs) - 10} 个")
    lines.extend(f"注意：{n}" for n in d.notes)
    if not d.comparable:
        return "\n".join(lines)
    if d.empty:
        lines.append("两个工作簿的填报内容和公开内容没有差别。")
        return "\n".join(lines)
    lines.append("")
    lines.append(f"一、填报内容的变化（{len(d.cells)} 处）")
    sheet = None
    for c in d.cells:
        if c.sheet != sheet:
            sheet = c.sheet
            lines.append(f"  【{sheet}】")
        where = f"{c.cell} " if c.cell else ""
        what = f"{c.record}，{c.field}" if c.record else c.field
        if c.change == "修改":
            lines.append(f"    {where}{what}：{c.old} → {c.new}")
        else:
            lines.append(f"    {where}{c.change}：{c.record or c.field}")
    lines.append("")
    lines.append(f"二、公开表格中变化的数字（{len(d.tables)} 处）")
    table = None
    for t in d.tables:
        if t.table != table:
            table = t.table
            lines.append(f"  【{table}】")
        lines.append(f"    {t.row}｜{t.column}：{t.old} → {t.new}")
    lines.append("")
    lines.append(f"三、第三部分说明中变化的句子（{len(d.sentences)} 句）")
    for s in d.sentences:
        lines.append(f"  【{s.section}】")
        lines.append(f"    原：{s.old}")
        lines.append(f"    新：{s.new}")
    return "\n".join(lines)


def diff_workbook_bytes(d: WorkbookDiff) -> bytes:
    """The report as a workbook: 填报内容 / 公开表格 / 第三部分 sheets (deterministic bytes)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .ooxml import append_row, workbook_bytes

    wb = Workbook()
    sheets = (
        (
            "填报内容",
            ["工作表", "单元格", "记录", "项目", "变化", "原值", "新值"],
            [[c.sheet, c.cell or "", c.record, c.field, c.change, c.old, c.new] for c in d.cells],
        ),
        (
            "公开表格",
            ["表", "行", "列", "原值", "新值"],
            [[t.table, t.row, t.column, t.old, t.new] for t in d.tables],
        ),
        ("第三部分", ["部分", "原句", "新句"], [[s.section, s.old, s.new] for s in d.sentences]),
        (
            "说明",
            ["项目", "内容"],
            [
                ["原工作簿", d.old_file],
                ["新工作簿", d.new_file],
                *(["原工作簿错误", e] for e in d.old_errors),
                *(["新工作簿错误", e] for e in d.new_errors),
                *(["注意", n] for n in d.notes),
            ],
        ),
    )
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        append_row(ws, header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(ws, row)
        for i, _ in enumerate(header):
            ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = (
                60 if title == "第三部分" and i else 22
            )
        ws.freeze_panes = "A2"
    return workbook_bytes(wb, output_kind="对比表")
