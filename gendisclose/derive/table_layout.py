"""The presentation of T1–T13 (spec §4): titles, header spans, fixed rows, notes.

Reads the exact 元 figures of :class:`~gendisclose.derive.tables.BudgetTables` and rounds each
shown figure once with :func:`gendisclose.money.table_amount` (zero → empty cell). Nothing is
summed here: every figure shown is one the derivation holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..document import Cell, Table, head, num
from ..model import FISCAL_SOURCES, FundingSource
from ..money import table_amount
from .tables import (
    AMOUNT,
    SPLIT_KEYS,
    T1_KEYS,
    T2_KEYS,
    T4_KEYS,
    T12_KEYS,
    T13_KEYS,
    BudgetTables,
    FunctionRow,
    UnitProjects,
)

NO_DATA = "注：本表无数据"
ROUNDING_NOTE = "注：本套报表因取数时四舍五入，部分金额可能存在尾差"
UNIT_CAPTION = "单位：万元"
DEPARTMENT_CAPTION = "部门名称：{dept}"
#: the small line above a title (``{n}``: the table's number); LABELS: tables labelled otherwise
LABEL = "预算公开表{n}"
LABELS = {"T9": "部门公开表9"}
#: the 目录 entry (``{number}``: 一 … 十三; ``{title}``: the title with its year)
TOC_TITLE = "表{number}{title}"
#: tables with 6+ amount-heavy columns: landscape page (or smaller font)
WIDE_TABLES = frozenset({1, 2, 4, 9, 12})

_CHINESE_NUMERALS = "一二三四五六七八九十"

#: (title after the year, label) of T1 … T13, spec §4.0.1 and §4.0.2.
TITLES = {
    "T1": "预算收支总表",
    "T2": "预算收入总表",
    "T3": "预算支出总表",
    "T4": "财政拨款收支总表",
    "T5": "一般公共预算支出预算表（不含上年结转）",
    "T6": "一般公共预算安排基本支出分经济科目表（不含上年结转）",
    "T7": "政府性基金预算收入表（不含上年结转）",
    "T8": "政府性基金预算支出表（不含上年结转）",
    "T9": "国有资本经营预算收支预算表（不含上年结转）",
    "T10": "财政拨款安排“三公”经费支出预算表",
    "T11": "财政拨款安排机关运行经费预算表",
    "T12": "项目支出预算表（本年预算）",
    "T13": "项目支出预算表（上年结转）",
}

T1_INCOME_ROWS = ("一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算", "四、财政专户管理资金", "五、单位资金")
T4_INCOME_ROWS = T1_INCOME_ROWS[:3]


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三 (enough for table numbers)."""
    if n <= 10:
        return _CHINESE_NUMERALS[n - 1]
    if n < 20:
        return "十" + _CHINESE_NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return _CHINESE_NUMERALS[tens - 1] + "十" + (_CHINESE_NUMERALS[ones - 1] if ones else "")


def _amounts(values: Iterable[Decimal]) -> tuple[Cell, ...]:
    return tuple(num(table_amount(v)) for v in values)


def _text(text: str) -> Cell:
    return Cell(text)


def _is_empty(rows: Sequence[Sequence[Cell]]) -> bool:
    """No shown figure in the body (every amount cell empty)."""
    return not any(c.text for row in rows for c in row if c.align.value == "right")


def _frame(
    t: BudgetTables,
    n: int,
    header: Sequence[Sequence[Cell]],
    body: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    notes: Sequence[str] = (),
) -> Table:
    key = f"T{n}"
    title = f"{t.year}年{TITLES[key]}"
    header = tuple(tuple(r) for r in header)
    return Table(
        key=key,
        title=title,
        header=header,
        body=tuple(tuple(r) for r in body),
        label=LABELS.get(key) or LABEL.replace("{n}", str(n)),
        toc_title=TOC_TITLE.replace("{number}", chinese_number(n)).replace("{title}", title),
        captions=(DEPARTMENT_CAPTION.replace("{dept}", t.department), UNIT_CAPTION),
        notes=tuple(notes),
        column_widths=tuple(widths),
        wide=n in WIDE_TABLES,
    )


def _no_data(body: Sequence[Sequence[Cell]]) -> tuple[str, ...]:
    return (NO_DATA,) if _is_empty(body) else ()


def function_rows(rows: Sequence[FunctionRow], keys: Sequence[str]) -> list[tuple[Cell, ...]]:
    """科目编码 | 科目名称 | amounts; the 合计 row has 合计 in the code column and no name."""
    out = []
    for r in rows:
        bold = r.is_total
        first = (Cell("合计", bold=True), Cell("")) if r.is_total else (_text(r.code), _text(r.name))
        out.append(first + tuple(num(table_amount(r.get(k)), bold=bold) for k in keys))
    return out


# ---------------------------------------------------------------- T1 – T5


def _t1(t: BudgetTables) -> Table:
    y = t.year
    header = [
        [head("收入", 2), head("支出", 4)],
        [head("项目"), head(f"{y}年"), head("项目"), head(f"{y}年合计"), head("当年预算安排"), head("上年结转安排")],
    ]
    body = []
    for i, row in enumerate(t.t1_categories):
        if i < len(T1_INCOME_ROWS):
            left = (_text(T1_INCOME_ROWS[i]), num(table_amount(t.income[list(FundingSource)[i]])))
        else:
            left = (Cell(""), Cell(""))
        body.append(left + (_text(row.category.row_text),) + _amounts(row.get(k) for k in T1_KEYS))
    spent = (t.expenditure_total, t.expenditure_current, t.expenditure_carried)
    body += [
        (_text("本年收入合计"), num(table_amount(t.income_current_total)), _text("本年支出合计"), *_amounts(spent)),
        (_text("上年结转"), num(table_amount(t.carry_in)), _text("年终结转"), *_amounts((0, 0, 0))),
        (_text("收入总计"), num(table_amount(t.income_total)), _text("支出总计"), *_amounts(spent)),
    ]
    return _frame(t, 1, header, body, (3, 1.2, 3, 1.2, 1.2, 1.2), (ROUNDING_NOTE,))


def _t2(t: BudgetTables) -> Table:
    header = [
        [head("项目", 2), head("本年收入", 6), head("上年结转", rowspan=2)],
        [head("科目编码"), head("科目名称"), head("合计"), head("一般公共预算"), head("政府性基金"),
         head("国有资本经营预算"), head("财政专户管理资金"), head("单位资金")],
    ]
    body = function_rows(t.t2, T2_KEYS)
    return _frame(t, 2, header, body, (1, 2.6, 1, 1, 1, 1, 1, 1, 1), _no_data(body))


def _split_header(y: int) -> list[list[Cell]]:
    return [
        [head("项目", 2), head(f"{y}年预算数", 3)],
        [head("科目编码"), head("科目名称"), head("合计"), head("基本支出"), head("项目支出")],
    ]


def _t3(t: BudgetTables) -> Table:
    body = function_rows(t.t3, SPLIT_KEYS)
    return _frame(t, 3, _split_header(t.year), body, (1, 3, 1.2, 1.2, 1.2), _no_data(body))


def _t4(t: BudgetTables) -> Table:
    header = [
        [head("收入", 2), head("支出", 5)],
        [head("项目", rowspan=2), head("金额", rowspan=2), head("项目", rowspan=2), head("金额", 4)],
        [head("小计"), head("一般公共预算"), head("政府性基金预算"), head("国有资本经营预算")],
    ]
    body = []
    for i, row in enumerate(t.t4_categories):
        if i < len(T4_INCOME_ROWS):
            left = (_text(T4_INCOME_ROWS[i]), num(table_amount(t.fiscal_income[FISCAL_SOURCES[i]])))
        else:
            left = (Cell(""), Cell(""))
        body.append(left + (_text(row.category.row_text),) + _amounts(row.get(k) for k in T4_KEYS))
    spent = tuple(t.t4_expenditure[k] for k in T4_KEYS)
    empty_right = (Cell(""),) + _amounts((0, 0, 0, 0))
    body.append((_text("本年收入合计"), num(table_amount(t.fiscal_income_total)), _text("本年支出合计"), *_amounts(spent)))
    carry = sum(t.fiscal_carry_in.values(), Decimal(0))
    body.append((_text("上年财政拨款结转"), num(table_amount(carry)), _text("年终结转"), *_amounts((0, 0, 0, 0))))
    for label, source in zip(T4_INCOME_ROWS, FISCAL_SOURCES, strict=True):
        body.append((_text(label), num(table_amount(t.fiscal_carry_in[source])), *empty_right))
    body.append((_text("收入总计"), num(table_amount(t.fiscal_total)), _text("支出总计"), *_amounts(spent)))
    return _frame(t, 4, header, body, (2.4, 1.1, 3, 1.1, 1.1, 1.1, 1.1), _no_data(body))


def _t5(t: BudgetTables) -> Table:
    body = function_rows(t.t5, SPLIT_KEYS)
    return _frame(t, 5, _split_header(t.year), body, (1, 3, 1.2, 1.2, 1.2), _no_data(body))


# ---------------------------------------------------------------- T6 – T9


def _t6(t: BudgetTables) -> Table:
    header = [
        [head("部门预算支出经济科目名称", rowspan=2), head("政府预算支出经济科目名称", rowspan=2), head(f"{t.year}年预算数", 3)],
        [head("合计"), head("人员经费"), head("公用经费")],
    ]
    body = [(Cell("合计", bold=True), Cell(""),
             *(num(table_amount(v), bold=True) for v in (t.t6_total, t.t6_personnel, t.t6_public)))]
    for r in t.t6:
        body.append((Cell(r.name, bold=r.is_group), _text(r.government_name),
                     *(num(table_amount(v), bold=r.is_group) for v in (r.total, r.personnel, r.public))))
    return _frame(t, 6, header, body, (2.6, 2.4, 1.2, 1.2, 1.2), _no_data(body))


def _t7(t: BudgetTables) -> Table:
    header = [
        [head("项目", 2), head("政府性基金收入预算", rowspan=2)],
        [head("收入科目编码"), head("科目名称")],
    ]
    body = function_rows(t.t7, (AMOUNT,))
    return _frame(t, 7, header, body, (1.2, 3, 1.5), _no_data(body))


def _t8(t: BudgetTables) -> Table:
    header = [[head("科目编码"), head("科目名称"), head("合计"), head("基本支出"), head("项目支出")]]
    body = function_rows(t.t8, SPLIT_KEYS)
    return _frame(t, 8, header, body, (1, 3, 1.2, 1.2, 1.2), _no_data(body))


def _t9(t: BudgetTables) -> Table:
    header = [
        [head("国有资本经营预算收入", 3), head("国有资本经营预算支出", 5)],
        [head("项目", 2), head("国有资本经营收入预算", rowspan=2), head("科目编码", rowspan=2), head("科目名称", rowspan=2),
         head("合计", rowspan=2), head("基本支出", rowspan=2), head("项目支出", rowspan=2)],
        [head("收入科目编码"), head("科目名称")],
    ]
    left = function_rows(t.t9_income, (AMOUNT,))
    right = function_rows(t.t9_expenditure, SPLIT_KEYS)
    blank_left = (Cell(""),) * 3
    blank_right = (Cell(""),) * 5
    body = [
        (left[i] if i < len(left) else blank_left) + (right[i] if i < len(right) else blank_right)
        for i in range(max(len(left), len(right)))
    ]
    return _frame(t, 9, header, body, (1, 2, 1.2, 1, 2, 1, 1, 1), _no_data(body))


# ---------------------------------------------------------------- T10 – T13


def _fiscal_cells(amounts: dict[FundingSource, Decimal], bold: bool = False) -> tuple[Cell, ...]:
    values = [amounts.get(s, Decimal(0)) for s in FISCAL_SOURCES]
    return tuple(num(table_amount(v), bold=bold) for v in (sum(values, Decimal(0)), *values))


def _fiscal_header(label: str, y_label: str) -> list[list[Cell]]:
    return [
        [head(label, rowspan=2), head(y_label, 4)],
        [head("合计"), head("一般公共预算"), head("政府性基金预算"), head("国有资本经营预算")],
    ]


def _t10(t: BudgetTables) -> Table:
    body = [(Cell(label, bold=label == "合计"), *_fiscal_cells(v, bold=label == "合计")) for label, v in t.t10_rows()]
    return _frame(t, 10, _fiscal_header("项目", f"{t.year}年预算数"), body, (3, 1.2, 1.2, 1.2, 1.2), _no_data(body))


def _t11(t: BudgetTables) -> Table:
    body = [(Cell("部门合计", bold=True), *_fiscal_cells(t.t11_by_source, bold=True))]
    body += [(_text(unit), *_fiscal_cells(amounts)) for unit, amounts in t.t11]
    # spec §4.11: the header says “2026预算数” (no 年) in every seed
    return _frame(t, 11, _fiscal_header("单位名称", f"{t.year}预算数"), body, (3, 1.2, 1.2, 1.2, 1.2), _no_data(body))


def _project_rows(t: BudgetTables, units: Sequence[UnitProjects], values: dict[str, Decimal],
                  keys: Sequence[str]) -> list[tuple[Cell, ...]]:
    if not units:
        return []
    body = [(Cell(t.department, bold=True), *(num(table_amount(values[k]), bold=True) for k in keys))]
    for unit in units:
        body.append((Cell(unit.unit, bold=True), *(num(table_amount(unit.get(k)), bold=True) for k in keys)))
        body += [(_text(p.name), *_amounts(p.get(k) for k in keys)) for p in unit.projects]
    return body


def _t12(t: BudgetTables) -> Table:
    header = [
        [head("项目名称", rowspan=2), head("合计", rowspan=2), head(f"{t.year}年财政拨款", 3),
         head("财政专户管理资金", rowspan=2), head("单位资金", rowspan=2)],
        [head("一般公共预算"), head("政府性基金预算"), head("国有资本经营预算")],
        [head(str(i)) for i in range(1, 8)],
    ]
    body = _project_rows(t, t.t12, t.t12_values, T12_KEYS)
    return _frame(t, 12, header, body, (4, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1), _no_data(body))


def _t13(t: BudgetTables) -> Table:
    header = [
        [head("项目名称", rowspan=2), head("合计", rowspan=2), head(f"{t.year}年财政拨款", 3)],
        [head("一般公共预算"), head("政府性基金预算"), head("国有资本经营预算")],
        [head(str(i)) for i in range(1, 6)],
    ]
    body = _project_rows(t, t.t13, t.t13_values, T13_KEYS)
    return _frame(t, 13, header, body, (4, 1.2, 1.2, 1.2, 1.2), _no_data(body))


def layout_tables(t: BudgetTables, texts: dict | None = None) -> tuple[Table, ...]:
    """T1 … T13 in order; ``texts``: a profile's ``[tables]`` (titles, labels, 注 lines)."""
    builders = (_t1, _t2, _t3, _t4, _t5, _t6, _t7, _t8, _t9, _t10, _t11, _t12, _t13)
    tables = tuple(b(t) for b in builders)
    return tables if texts is None else tuple(retitle(table, t, texts) for table in tables)


def retitle(table: Table, t: BudgetTables, texts: dict) -> Table:
    """``table`` with the title, label, 目录 entry, captions and 注 lines of ``texts``."""
    from dataclasses import replace

    from ..profile.settings import fill

    n = int(table.key[1:])
    title = f"{t.year}年{texts['titles'][table.key]}"
    notes = {NO_DATA: texts["no_data"], ROUNDING_NOTE: texts["rounding_note"]}
    return replace(
        table,
        title=title,
        label=texts["labels"].get(table.key) or fill(texts["label"], n=n),
        toc_title=fill(texts["toc_title"], number=chinese_number(n), title=title),
        captions=(fill(texts["department_caption"], dept=t.department), texts["unit_caption"]),
        notes=tuple(notes.get(note, note) for note in table.notes),
    )


__all__ = [
    "NO_DATA",
    "ROUNDING_NOTE",
    "TITLES",
    "chinese_number",
    "function_rows",
    "layout_tables",
]
