"""One 收支预算 row or one unit typed in 万元, amounts with extra zeros, salaries no one earns
(issue 12, second campaign; the first campaign's rules are in :mod:`.plausibility`).

* A 收支预算 row ~1/10,000 of the department's other lines (the 养老保险 row typed as 20 on
  收支预算 and on 基本支出经济分类 alike: X13 holds, 表三 prints 0.00);
* one unit of a multi-unit department whose whole money (basic and projects) is ~1/10,000 of
  the other units' — its rows were typed in 万元 (one message for the unit, not one per row);
* a 收支预算 row or project ~1,000 times the median of the other lines and far above last
  year's whole budget: 元 typed with extra zeros (or 分 typed as 元). Without a 上年数 to
  confirm it, a warning;
* 工资福利支出 (301) per 在职 person above what anyone is paid: amounts typed in 分 or with
  extra zeros.

Calibrated on the shipped samples (none fires): their smallest 收支预算 row is 1/88 of the
median of the other lines, their largest line 38 times it, 工资福利 29,571–54,627 元 a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from statistics import median

from ..derive.tables import BudgetTables
from ..issues import Issue, Level, Location
from ..model import BasicLine, Department, Project
from ..textkey import visible_key
from ._text import (
    BASIC_SHEET,
    ECONOMIC_SHEET,
    IN_WAN,
    INFO_SHEET,
    PROJECT_SHEET,
    cell,
    cell_list,
    field_cell,
    yuan,
)
from .plausibility import (
    OUTLIER_CEILING,
    OUTLIER_WARN,
    ZERO,
    _hedge,
    _level,
    _make,
    _source_cells,
    _whole_department_small,
)

#: A line this many times the median of the others is looked at as having extra zeros …
HUGE_RATIO = Decimal("1000")
#: … and is an error when it is also this many times last year's whole budget.
HUGE_VS_PRIOR = Decimal("10")
#: A 收支预算 row or a unit this many times below the others is an error (warning from
#: :data:`~.plausibility.OUTLIER_WARN`): stricter than for projects, since small 基本支出 rows
#: (其他… 项 of a few thousand 元) are real in large departments, and a slip gives ~10,000.
ROW_ERROR = Decimal("3000")
#: 工资福利支出 (301) a person a year above these: warning / error (10 and 50 times the samples' highest).
WAGE_WARN, WAGE_ERROR = Decimal("600000"), Decimal("3000000")


def _total(x: BasicLine | Project) -> Decimal:
    return x.current.total + x.carried.total


def _sheet(x: BasicLine | Project) -> str:
    return PROJECT_SHEET if isinstance(x, Project) else BASIC_SHEET


def _lines(dept: Department) -> list[BasicLine | Project]:
    return [x for x in (*dept.basic_lines, *dept.projects) if _total(x) > 0]


def _median_of_others(lines: list[BasicLine | Project], line: BasicLine | Project) -> Decimal | None:
    others = [_total(x) for x in lines if x is not line]
    return Decimal(median(others)) if others else None


def _units_in_wan(dept: Department) -> dict[str, tuple[Level, Decimal, Decimal]]:
    """visible unit name → (level, the unit's money, the other units' median) for a unit ~1/10,000 of the others."""
    money: dict[str, Decimal] = {}
    for x in _lines(dept):
        money[visible_key(x.unit)] = money.get(visible_key(x.unit), ZERO) + _total(x)
    out = {}
    for unit, amount in money.items():
        others = [v for u, v in money.items() if u != unit]
        if not others or amount >= OUTLIER_CEILING:
            continue
        middle = Decimal(median(others))
        level = _level(middle / amount, ROW_ERROR, OUTLIER_WARN)
        if level is not None:
            out[unit] = (level, amount, middle)
    return out


def rule_unit_in_wan(dept: Department, t: BudgetTables) -> list[Issue]:
    """One unit's rows, all of them, ~1/10,000 of the other units' money."""
    if _whole_department_small(t):
        return []
    issues = []
    for unit, (level, amount, middle) in _units_in_wan(dept).items():
        rows = [x for x in _lines(dept) if visible_key(x.unit) == unit]
        cells = [loc for x in rows for loc, _ in _source_cells(x, _sheet(x))]
        cells += [cell(x, "amount", ECONOMIC_SHEET) for x in dept.economic_lines if visible_key(x.unit) == unit and x.amount]
        issues.append(_make(
            level, "unit.in_wan",
            f"单位“{rows[0].unit}”的全部支出只有 {yuan(amount)}，是其他单位中位数 {yuan(middle)} 的 1/{middle / amount:.0f}："
            f"这个单位的金额（{cell_list(cells)}）{IN_WAN}{_hedge(level)}",
            cells[0], *cells[1:3],
        ))
    return issues


def rule_basic_line_in_wan(dept: Department, t: BudgetTables) -> list[Issue]:
    """One 收支预算 row ~1/10,000 of the department's other lines (its 经济分类 may be in 万元 too)."""
    if _whole_department_small(t):
        return []
    lines = _lines(dept)
    flagged_units = _units_in_wan(dept)
    issues = []
    for x in dept.basic_lines:
        amount = _total(x)
        if not ZERO < amount < OUTLIER_CEILING or visible_key(x.unit) in flagged_units:
            continue
        middle = _median_of_others(lines, x)
        if middle is None:
            continue
        level = _level(middle / amount, ROW_ERROR, OUTLIER_WARN)
        if level is Level.ERROR and len(lines) < 3:
            level = Level.WARNING
        if level is None:
            continue
        cells = [loc for loc, _ in _source_cells(x, BASIC_SHEET)]
        issues.append(_make(
            level, "basic.in_wan",
            f"收支预算“{x.unit} {x.function_code}”一行只有 {yuan(amount)}，是本部门其他 {len(lines) - 1} 行支出的中位数 "
            f"{yuan(middle)} 的 1/{middle / amount:.0f}：{cell_list(cells)}（及基本支出经济分类中对应的金额）{IN_WAN}{_hedge(level)}",
            cells[0], *cells[1:3],
        ))
    return issues


def huge_lines(dept: Department) -> list[tuple[BasicLine | Project, Decimal]]:
    """(line, its multiple of the other lines' median) for lines ≥ :data:`HUGE_RATIO` times it."""
    lines = _lines(dept)
    if len(lines) < 3:
        return []
    out = []
    for x in lines:
        middle = _median_of_others(lines, x)
        if middle and _total(x) / middle >= HUGE_RATIO:
            out.append((x, _total(x) / middle))
    return out


def rule_amount_extra_zeros(dept: Department, _: BudgetTables) -> list[Issue]:
    """A line ~1,000+ times the others' median: extra zeros typed (error when last year's budget confirms it)."""
    prior = dept.prior.expenditure_total
    prior_cell = field_cell(dept.prior, "prior.expenditure_total", "上年数与变动原因")
    issues = []
    for x, ratio in huge_lines(dept):
        amount = _total(x)
        if prior and prior > 0 and amount <= prior * HUGE_VS_PRIOR:
            continue  # as large as last year's budget allows
        level = Level.ERROR if prior and prior > 0 else Level.WARNING
        against = (f"，也是上年预算支出总计 {yuan(prior)}（{prior_cell.cell}）的 {amount / prior:.0f} 倍"
                   if prior and prior > 0 else "")
        what = f"项目“{x.name}”" if isinstance(x, Project) else f"收支预算“{x.unit} {x.function_code}”一行"
        cells = [loc for loc, _ in _source_cells(x, _sheet(x))]
        issues.append(_make(
            level, "amount.extra_zeros",
            f"{what}金额 {yuan(amount)}，是本部门其他各行支出中位数的 {ratio:.0f} 倍{against}："
            f"{cell_list(cells)} 是否多打了 0（或按分填写）？本表金额单位是元{_hedge(level)}",
            cells[0] if cells else cell(x, "name", _sheet(x)), *cells[1:3],
        ))
    return issues


def rule_wages_per_person_too_high(dept: Department, _: BudgetTables) -> list[Issue]:
    """工资福利支出 (301) a 在职 person a year above any salary: typed in 分, or with extra zeros."""
    staff = dept.info.staffing.actual
    lines = [x for x in dept.economic_lines if x.economic_code.startswith("301") and x.amount]
    wages = sum((x.amount for x in lines), ZERO)
    if not staff or not wages or wages / staff < WAGE_WARN:
        return []
    per = (wages / staff).quantize(Decimal("0.01"))
    level = Level.ERROR if per >= WAGE_ERROR else Level.WARNING
    cells = [cell(x, "amount", ECONOMIC_SHEET) for x in lines]
    staff_cells = _staff_cells(dept)
    return [_make(
        level, "amount.wages_too_high",
        f"工资福利支出（301）合计 {yuan(wages)}，按在职人员 {staff} 人（{cell_list(staff_cells)}）计每人每年 {yuan(per)}，"
        f"远高于任何实际工资：{cell_list(cells)} 是否多打了 0（或按分填写）？本表金额单位是元{_hedge(level)}",
        cells[0], *cells[1:3], *staff_cells,
    )]


def _staff_cells(dept: Department) -> list[Location]:
    info = dept.info
    keys: Iterable[str] = ("staffing.on_payroll", "staffing.others")
    return [field_cell(info, k, INFO_SHEET) for k in keys if getattr(info.staffing, k.split(".")[1])]


RULES = (
    rule_unit_in_wan,
    rule_basic_line_in_wan,
    rule_amount_extra_zeros,
    rule_wages_per_person_too_high,
)
