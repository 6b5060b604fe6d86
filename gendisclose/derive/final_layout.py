"""The presentation of J01–J10 (spec §11.2–§11.3): titles, labels, 行次/栏次, fixed rows, notes.

Reads the exact 元 figures of :class:`~gendisclose.derive.final_tables.FinalTables` and rounds
each shown figure once with :func:`gendisclose.money.table_amount` (an exact zero is an empty
cell; a non-zero amount under 50 元 prints ``0.00``). Nothing is summed here except the 总计
rows the format defines as 本年 + 结转 (J04 row 64 per column), which are exact sums too.

行次 are numbered as the standard numbers them: J01 1–62, J04 1–64, J10 1–16 (seed 003 skips 16
in J10; the standard does not). ``────`` marks the J06 rows that cannot carry 基本支出.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..document import Align, Cell, Table, head, num
from ..money import table_amount
from .final_tables import (
    FISCAL_KEYS,
    J02_KEYS,
    J03_KEYS,
    J04_KEYS,
    J05_KEYS,
    J07_KEYS,
    EconomicCell,
    FinalTables,
)
from .table_layout import chinese_number, function_rows
from .table_rows import SUBTOTAL, TOTAL, ZERO

NO_DATA = "说明：本表无数据"
NOT_APPLICABLE = "────"
UNIT_CAPTION = "金额单位：万元"

#: key → (title, fixed 注 line), spec §11.3
TITLES: dict[str, tuple[str, str]] = {
    "J01": ("收入支出决算总表", "注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。"),
    "J02": ("收入决算表", "注：本表反映部门本年度取得的各项收入情况。"),
    "J03": ("支出决算表", "注：本表反映部门本年度各项支出情况。"),
    "J04": ("财政拨款收入支出决算总表",
            "注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。"),
    "J05": ("一般公共预算财政拨款支出决算表", "注：本表反映部门本年度一般公共预算财政拨款支出情况。"),
    "J06": ("一般公共预算财政拨款基本支出决算明细表", "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"),
    "J07": ("政府性基金预算财政拨款收入支出决算表", "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。"),
    "J08": ("国有资本经营预算财政拨款支出决算表", "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。"),
    "J09": ("财政拨款“三公”经费支出决算表",
            "注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，反映按规定程序调整后的预算数；"
            "决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。"),
    "J10": ("部门决算公开相关信息统计表", "注：本表反映部门本年度政府采购、机关运行经费和国有资产占用情况。"),
}

J01_INCOME_ROWS = tuple(f"{chinese_number(i)}、{s}" for i, s in enumerate((
    "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入",
    "经营收入", "附属单位上缴收入", "其他收入"), 1))
J04_INCOME_ROWS = ("一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "三、国有资本经营预算财政拨款")
FISCAL_NAMES = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
VEHICLE_ROWS = ("1.副部（省）级及以上领导用车", "2.主要负责人用车", "3.机要通信用车", "4.应急保障用车", "5.执法执勤用车",
                "6.特种专业技术用车", "7.离退休干部服务用车", "8.其他用车")


def _amount(value: Decimal, bold: bool = False) -> Cell:
    return num(table_amount(value), bold=bold)


def _count(value: int) -> Cell:
    return num(str(value) if value else "")


def _line_no(n: int | str) -> Cell:
    """A 行次 or 栏次 number (centred: not a figure)."""
    return Cell(str(n), align=Align.CENTER)


def _has_figures(body: Sequence[Sequence[Cell]]) -> bool:
    return any(c.text for row in body for c in row if c.align is Align.RIGHT)


def _frame(t: FinalTables, key: str, header: Sequence[Sequence[Cell]], body: Sequence[Sequence[Cell]],
           widths: Sequence[float], *, wide: bool = False, unit_label: str = "部门名称") -> Table:
    title, note = TITLES[key]
    n = int(key[1:])
    return Table(
        key=key,
        title=title,
        header=tuple(tuple(r) for r in header),
        body=tuple(tuple(r) for r in body),
        label=f"公开{n:02d}表",
        toc_title=f"{chinese_number(n)}、{title}",
        captions=(f"{unit_label}：{t.department}", f"{t.year}年度", UNIT_CAPTION),
        notes=(note,) + (() if _has_figures(body) else (NO_DATA,)),
        column_widths=tuple(widths),
        wide=wide,
    )


def _column_numbers(label_span: int, n: int) -> list[Cell]:
    """The 栏次 row of a function table: ``栏次`` over the code/name columns, then 1 … n."""
    return [Cell("栏次", colspan=label_span, align=Align.CENTER), *(_line_no(i) for i in range(1, n + 1))]


# ---------------------------------------------------------------- J01 / J04


def _j01(t: FinalTables) -> Table:
    header = [
        [head("收入", 3), head("支出", 3)],
        [head("项目"), head("行次"), head("金额"), head("项目"), head("行次"), head("金额")],
        [_line_no("栏次"), Cell(""), _line_no(1), _line_no("栏次"), Cell(""), _line_no(2)],
    ]
    left: list[tuple[str, Decimal]] = [(label, t.income[s]) for label, s in zip(J01_INCOME_ROWS, t.income, strict=True)]
    left += [("", ZERO)] * 18
    left += [("本年收入合计", t.income_total), ("使用非财政拨款结余和专用结余", t.reserves_used),
             ("年初结转和结余", t.opening_total), ("", ZERO), ("总计", t.income_grand_total)]
    right: list[tuple[str, Decimal]] = [(c.category.row_text, c.get(TOTAL)) for c in t.categories]
    right += [("本年支出合计", t.expenditure_total), ("结余分配", t.surplus_distribution),
              ("年末结转和结余", t.closing_total), ("", ZERO), ("总计", t.expenditure_grand_total)]
    body = []
    for i, ((l_label, l_value), (r_label, r_value)) in enumerate(zip(left, right, strict=True)):
        body.append((Cell(l_label), _line_no(i + 1), _amount(l_value),
                     Cell(r_label), _line_no(i + 1 + len(left)), _amount(r_value)))
    return _frame(t, "J01", header, body, (3, 0.6, 1.2, 3, 0.6, 1.2), wide=True)


def _j04(t: FinalTables) -> Table:
    header = [
        [head("收入", 3), head("支出", 6)],
        [head("项目"), head("行次"), head("金额"), head("项目"), head("行次"), head("合计"), *(head(n) for n in FISCAL_NAMES)],
        [_line_no("栏次"), Cell(""), _line_no(1), _line_no("栏次"), Cell(""), *(_line_no(i) for i in range(2, 6))],
    ]
    fiscal = list(t.fiscal_income.values())
    opening = list(t.fiscal_opening.values())
    left: list[tuple[str, Decimal]] = list(zip(J04_INCOME_ROWS, fiscal, strict=True))
    left += [("", ZERO)] * 23
    left += [("本年收入合计", t.fiscal_income_total), ("年初财政拨款结转和结余", t.fiscal_opening_total)]
    left += list(zip(FISCAL_NAMES, opening, strict=True))
    left += [("总计", t.fiscal_income_grand_total)]
    blank = {k: ZERO for k in J04_KEYS}
    right: list[tuple[str, dict[str, Decimal]]] = [
        (c.category.row_text, {k: c.get(k) for k in J04_KEYS}) for c in t.categories
    ]
    right += [("本年支出合计", t.fiscal_expenditure), ("年末财政拨款结转和结余", t.fiscal_closing)]
    right += [("", blank)] * 3
    right += [("总计", {k: t.fiscal_expenditure_grand_total(k) for k in J04_KEYS})]
    body = []
    for i, ((l_label, l_value), (r_label, r_values)) in enumerate(zip(left, right, strict=True)):
        body.append((Cell(l_label), _line_no(i + 1), _amount(l_value), Cell(r_label), _line_no(i + 1 + len(left)),
                     *(_amount(r_values[k]) for k in (SUBTOTAL, *FISCAL_KEYS))))
    return _frame(t, "J04", header, body, (2.6, 0.6, 1.1, 2.6, 0.6, 1.1, 1.1, 1.1, 1.1), wide=True)


# ---------------------------------------------------------------- J02 / J03 / J05 / J07 / J08


def _function_table(t: FinalTables, key: str, top: Sequence[Cell], second: Sequence[Cell], rows, keys) -> Table:
    header = [[head("项目", 2), *top], [head("科目代码"), head("科目名称"), *second], _column_numbers(2, len(keys))]
    body = function_rows(rows, keys)
    widths = (1, 2.8, *(1.1,) * len(keys))
    return _frame(t, key, header, body, widths, wide=len(keys) > 5)


def _j02(t: FinalTables) -> Table:
    top = [head(h, rowspan=2) for h in ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                                        "附属单位上缴收入", "其他收入")]
    return _function_table(t, "J02", top, [], t.j02, J02_KEYS)


def _j03(t: FinalTables) -> Table:
    top = [head(h, rowspan=2) for h in ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                                        "对附属单位补助支出")]
    return _function_table(t, "J03", top, [], t.j03, J03_KEYS)


def _j05(t: FinalTables) -> Table:
    second = [head("小计"), head("基本支出"), head("项目支出")]
    return _function_table(t, "J05", [head("本年支出", 3)], second, t.j05, J05_KEYS)


def _j07(t: FinalTables) -> Table:
    top = [head("年初结转和结余", rowspan=2), head("本年收入", rowspan=2), head("本年支出", 3),
           head("年末结转和结余", rowspan=2)]
    second = [head("小计"), head("基本支出"), head("项目支出")]
    return _function_table(t, "J07", top, second, t.j07, J07_KEYS)


def _j08(t: FinalTables) -> Table:
    second = [head("合计"), head("基本支出"), head("项目支出")]
    return _function_table(t, "J08", [head("本年支出", 3)], second, t.j08, J05_KEYS)


# ---------------------------------------------------------------- J06


def _j06_cells(row: EconomicCell | None) -> tuple[Cell, Cell, Cell]:
    if row is None:
        return Cell(""), Cell(""), Cell("")
    amount = Cell(NOT_APPLICABLE, align=Align.CENTER) if not row.allowed else _amount(row.amount, row.is_group)
    return Cell(row.code, bold=row.is_group), Cell(row.name, bold=row.is_group), amount


def _j06_columns(rows: Sequence[EconomicCell]) -> list[list[EconomicCell]]:
    """The four printed column groups: 人员经费; then 公用经费 in three — the 302 block, and the
    rest split so that the third holds as many rows as the table is tall."""
    personnel = [r for r in rows if r.personnel]
    public = [r for r in rows if not r.personnel]
    first_public = [r for r in public if r.code[:3] == "302"]
    rest = [r for r in public if r.code[:3] != "302"]
    height = max(len(personnel), len(first_public), (len(rest) + 1) // 2)
    return [personnel, first_public, rest[:height], rest[height:]]


def _j06(t: FinalTables) -> Table:
    header = [
        [head("人员经费", 3), head("公用经费", 9)],
        [h for _ in range(4) for h in (head("科目代码"), head("科目名称"), head("决算数"))],
    ]
    columns = _j06_columns(t.j06)
    height = max(len(c) for c in columns)
    body = [
        tuple(cell for col in columns for cell in _j06_cells(col[i] if i < len(col) else None))
        for i in range(height)
    ]
    footer = (Cell("人员经费合计", colspan=2, bold=True), _amount(t.j06_personnel, True),
              Cell("公用经费合计", colspan=8, bold=True), _amount(t.j06_public, True))
    return _frame(t, "J06", header, [*body, footer], (0.8, 1.75, 1.1) * 4, wide=True)  # ──── on one line


# ---------------------------------------------------------------- J09 / J10


def _j09(t: FinalTables) -> Table:
    half = [head("合计", rowspan=2), head("因公出国（境）费", rowspan=2), head("公务用车购置及运行维护费", 3),
            head("公务接待费", rowspan=2)]
    sub = [head("小计"), head("公务用车购置费"), head("公务用车运行维护费")]
    header = [[head("预算数", 6), head("决算数", 6)], half + half, sub + sub, [_line_no(i) for i in range(1, 13)]]
    cells = t.three_public_cells(t.three_public_budget) + t.three_public_cells(t.three_public_final)
    body = [tuple(_amount(v) for v in cells)]
    return _frame(t, "J09", header, body, (1,) * 12, wide=True)


def _j10(t: FinalTables) -> Table:
    header = [[head("项目"), head("行次"), head("统计数")]]
    rows: list[tuple[Cell, ...]] = []
    n = 0

    def line(label: str, value: Cell) -> None:
        nonlocal n
        n += 1
        rows.append((Cell(label), _line_no(n), value))

    def section(label: str) -> None:
        rows.append((Cell(label, colspan=3, bold=True),))

    p, a = t.procurement, t.agency_operating
    section("一、政府采购情况")
    for label, k in (("合计", "total"), ("货物", "goods"), ("工程", "works"), ("服务", "services")):
        line(label, _amount(p[k]))
    section("二、机关运行经费")
    line("（一）行政单位", _amount(a["administrative"]))
    line("（二）参照公务员法管理事业单位", _amount(a["civil_service_managed"]))
    section("三、国有资产占用情况")
    line("（一）车辆数合计（辆）", _count(t.vehicle_total))
    for label, count in zip(VEHICLE_ROWS, t.vehicles.values(), strict=True):
        line(label, _count(count))
    line("（二）单价100万元（含）以上设备（不含车辆）", _count(t.equipment_over_1m))
    return _frame(t, "J10", header, rows, (4, 0.8, 1.4), unit_label="单位名称")


def layout_final_tables(t: FinalTables) -> tuple[Table, ...]:
    """J01 … J10 in order."""
    return tuple(b(t) for b in (_j01, _j02, _j03, _j04, _j05, _j06, _j07, _j08, _j09, _j10))


__all__ = ["NO_DATA", "NOT_APPLICABLE", "TITLES", "layout_final_tables"]
