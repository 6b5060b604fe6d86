"""Amounts typed in 万元 where the workbook wants 元 — the most common slip (issue 12).

A workbook typed in 万元 is well-formed: every cell is a number, every identity holds, and
the disclosure comes out ÷10,000 (表一 519.99万元 printed as 0.05万元), or 第三部分 prints
“增长1039880.00%” when only 上年数 were typed in 万元. Nothing in a single cell betrays it;
what does is a figure set against something it cannot be that far from:

* the whole department's spending against its staff (a department with people spends more
  than a few thousand 元 a year; 工资福利 301 cannot be a few 元 a person);
* a figure against its 上年数 (a ratio of ~10,000 either way);
* one row against the rest (a project of 12.5 元 beside projects of 10⁵–10⁷ 元; 政府采购 or
  三公 of a few 元 in a department spending millions; 基金 income ~1/10,000 of its spending).

Ratios of ≥ 1,000 (or amounts no real budget has) are errors; ≥ 100 or so, warnings. Every
issue names the cells holding the typed values and says :data:`~._text.IN_WAN`. The 分 of an
amount are no signal (a 万元 figure with two decimals looks like any 元 figure) and not used.
Calibrated on the shipped samples (none fires there): their smallest project is 1/117 of
the median of their other lines, 政府采购 ≥ 0.9% of spending, 三公 lines ≥ 12,000 元, 工资福利
≥ 29,000 元 a person, current/上年 between 0.6 and 1.8.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from statistics import median

from ..derive import codes
from ..derive.tables import TOTAL, BudgetTables
from ..derive.wording import change
from ..issues import Issue, Level, Location, error, warning
from ..model import BasicLine, Department, FundingSource, Project, ThreePublicItem
from ._text import (
    ASSETS_SHEET,
    BASIC_SHEET,
    ECONOMIC_SHEET,
    EXTRA_SHEET,
    FUND_INCOME_SHEET,
    IN_WAN,
    INFO_SHEET,
    OVERALL_SHEET,
    PRIOR_SHEET,
    PROJECT_SHEET,
    cell,
    cell_list,
    field_cell,
    yuan,
)

ZERO = Decimal("0")
WAN = Decimal("10000")

#: A department with staff spends more than this in a year (a single salary is more).
SMALL_DEPARTMENT = Decimal("10000")
#: 工资福利支出 (301) a person a year below this is no salary at all (< 420 元 a month).
MIN_WAGE_PER_PERSON = Decimal("5000")
#: Ratio to 上年数 (either way) that is an error; a warning from :data:`PRIOR_WARN`.
PRIOR_ERROR, PRIOR_WARN = Decimal("1000"), Decimal("100")
#: A project this many times below the median of the other lines: error / warning.
OUTLIER_ERROR, OUTLIER_WARN = Decimal("1000"), Decimal("300")
#: Only amounts below this are looked at as possible 万元 outliers.
OUTLIER_CEILING = Decimal("10000")


# ---------------------------------------------------------------- the typed cells


def _source_cells(record: BasicLine | Project, sheet_name: str, *, source: FundingSource | None = None,
                  carried: bool = True) -> Iterator[tuple[Location, Decimal]]:
    """(cell, amount) of each non-zero 资金来源 amount of a 收支预算 or 项目 row."""
    parts = ("current", "carried") if carried else ("current",)
    for part in parts:
        for field, amount in getattr(record, part).model_dump().items():
            if amount and (source is None or field == _FIELD[source]):
                yield cell(record, f"{part}.{field}", sheet_name), amount


_FIELD = {
    FundingSource.GENERAL: "general",
    FundingSource.GOVERNMENT_FUND: "government_fund",
    FundingSource.STATE_CAPITAL: "state_capital",
    FundingSource.SPECIAL_ACCOUNT: "special_account",
    FundingSource.UNIT_FUNDS: "unit_funds",
}


def _spending_cells(dept: Department, source: FundingSource | None = None, carried: bool = True) -> list[Location]:
    cells = [loc for x in dept.basic_lines for loc, _ in _source_cells(x, BASIC_SHEET, source=source, carried=carried)]
    cells += [loc for p in dept.projects for loc, _ in _source_cells(p, PROJECT_SHEET, source=source, carried=carried)]
    return cells


def _whole_department_small(t: BudgetTables) -> bool:
    return ZERO < t.expenditure_total < SMALL_DEPARTMENT


def _make(level: Level, code: str, message: str, where: Location, *related: Location) -> Issue:
    return (error if level is Level.ERROR else warning)(code, message, where, *related)


def _level(ratio: Decimal, error_at: Decimal, warn_at: Decimal) -> Level | None:
    if ratio >= error_at:
        return Level.ERROR
    if ratio >= warn_at:
        return Level.WARNING
    return None


def _hedge(level: Level) -> str:
    return "" if level is Level.ERROR else "（如确为实际金额，可忽略本警告）"


# ---------------------------------------------------------------- rules


def rule_department_total_in_wan(dept: Department, t: BudgetTables) -> list[Issue]:
    """The whole department spends less than a few thousand 元: every amount is in 万元.

    An error when 在职人员 are typed (people cost more than that); a warning otherwise.
    """
    if not _whole_department_small(t):
        return []
    cells = _spending_cells(dept)
    staff = dept.info.staffing.actual
    people = f"，而在职人员有 {staff} 人" if staff else ""
    level = Level.ERROR if staff else Level.WARNING
    message = (
        f"全部门支出总计只有 {yuan(t.expenditure_total)}{people}：金额{IN_WAN}"
        f"（按万元理解应为 {yuan(t.expenditure_total * WAN)}）。请把 {cell_list(cells)} 改为以元为单位的金额"
        + _hedge(level)
    )
    where = cells[0] if cells else Location(BASIC_SHEET)
    return [_make(level, "amount.in_wan_total", message, where, *cells[1:4])]


def rule_wages_per_person_in_wan(dept: Department, _: BudgetTables) -> list[Issue]:
    """工资福利支出 (301) a 在职 person a year far below any real salary."""
    staff = dept.info.staffing.actual
    lines = [x for x in dept.economic_lines if x.economic_code.startswith("301") and x.amount]
    wages = sum((x.amount for x in lines), ZERO)
    if not staff or not wages or wages / staff >= MIN_WAGE_PER_PERSON:
        return []
    per = (wages / staff).quantize(Decimal("0.01"))
    cells = [cell(x, "amount", ECONOMIC_SHEET) for x in lines]
    info = dept.info
    staff_cells = [field_cell(info, k, INFO_SHEET) for k in ("staffing.on_payroll", "staffing.others")
                   if getattr(info.staffing, k.split(".")[1])]
    return [error(
        "amount.in_wan_wages",
        f"工资福利支出（301）合计 {yuan(wages)}，按在职人员 {staff} 人（{cell_list(staff_cells)}）计每人每年只有 "
        f"{yuan(per)}，远低于任何实际工资：金额{IN_WAN}。请核对 {cell_list(cells)}",
        cells[0], *cells[1:3], *staff_cells,
    )]


def _prior_pairs(dept: Department, t: BudgetTables) -> Iterator[tuple[str, str, Decimal | None, Decimal, list[Location]]]:
    """(label, 上年数 key, 上年数, 本年数, cells the 本年数 comes from)."""
    spending = _spending_cells(dept)
    yield "预算收入总计", "prior.income_total", dept.prior.income_total, t.income_total, spending
    yield "预算支出总计", "prior.expenditure_total", dept.prior.expenditure_total, t.expenditure_total, spending
    general = _spending_cells(dept, FundingSource.GENERAL, carried=False)
    yield "一般公共预算当年支出", "prior.general_current", dept.prior.general_current, t.t5_total.get(TOTAL), general
    agency = [cell(x, "amount", ECONOMIC_SHEET) for x in dept.economic_lines
              if x.amount and not codes.is_personnel(x.economic_code)
              and dept.unit_kind(x.unit).has_agency_operating_costs]
    yield "机关运行经费", "prior.agency_operating", dept.prior.agency_operating, t.t11_total, agency
    for item in ThreePublicItem:
        cells = [cell(x, "amount", ECONOMIC_SHEET) for x in dept.economic_lines
                 if x.amount and codes.three_public_item(x.economic_code) is item]
        cells += [cell(x, "amount", EXTRA_SHEET) for x in dept.three_public_extra if x.item is item and x.amount]
        yield item.value, f"prior.three_public.{item.value}", dept.prior.three_public.get(item), t.t10_item(item), cells


def rule_prior_year_in_wan(dept: Department, t: BudgetTables) -> list[Issue]:
    """A figure ≈ 1/10,000 of its 上年数, or the 上年数 ≈ 1/10,000 of the figure (either was typed in 万元)."""
    if _whole_department_small(t):
        return []  # everything is small: rule_department_total_in_wan says it once
    from .plausibility_lines import huge_lines  # a line with extra zeros is reported there, not here

    huge = sum((x.current.total + x.carried.total for x, _ in huge_lines(dept)), ZERO)
    issues = []
    for label, key, prior, current, cells in _prior_pairs(dept, t):
        if not prior or not current or prior < 0 or current < 0:
            continue
        prior_cell = field_cell(dept.prior, key, PRIOR_SHEET)
        level = _level(current / prior, PRIOR_ERROR, PRIOR_WARN)
        if level is not None and huge and (current - huge) / prior < PRIOR_WARN:
            continue
        if level is not None:
            found = change(current, prior)
            rate = found.rate_text() if found is not None else None
            printed = f"，第三部分会写出“{rate}”" if rate else ""
            issues.append(_make(
                level, "prior.in_wan",
                f"上年{label} {yuan(prior)}只有本年 {yuan(current)} 的 1/{current / prior:.0f}{printed}："
                f"上年数{IN_WAN}{_hedge(level)}",
                prior_cell, *cells[:1],
            ))
            continue
        level = _level(prior / current, PRIOR_ERROR, PRIOR_WARN)
        if level is not None and cells:
            issues.append(_make(
                level, "amount.in_wan_vs_prior",
                f"本年{label} {yuan(current)}只有上年 {yuan(prior)}（{prior_cell.cell}）的 1/{prior / current:.0f}："
                f"{cell_list(cells)} 的金额{IN_WAN}{_hedge(level)}",
                cells[0], *cells[1:3], prior_cell,
            ))
    return issues


def _line_total(x: BasicLine | Project) -> Decimal:
    return x.current.total + x.carried.total


def rule_project_in_wan(dept: Department, t: BudgetTables) -> list[Issue]:
    """One project row ~1/10,000 of the department's other lines (收支预算 rows and projects).

    Compared with the larger of two medians — the other projects', the 收支预算 rows' — so a
    whole 项目 sheet typed in 万元 is caught against the 基本支出 too.
    """
    if _whole_department_small(t):
        return []
    basic = [_line_total(x) for x in dept.basic_lines if _line_total(x) > 0]
    projects = [p for p in dept.projects if p.total > 0]
    issues = []
    for p in dept.projects:
        amount = p.total
        if not ZERO < amount < OUTLIER_CEILING:
            continue
        other_projects = [q.total for q in projects if q is not p]
        others = basic + other_projects
        if not others:
            continue
        middle = max(Decimal(median(group)) for group in (basic, other_projects, others) if group)
        level = _level(middle / amount, OUTLIER_ERROR, OUTLIER_WARN)
        if level is Level.ERROR and len(others) < 2:
            level = Level.WARNING
        if level is None:
            continue
        cells = [loc for loc, _ in _source_cells(p, PROJECT_SHEET)]
        issues.append(_make(
            level, "project.in_wan",
            f"项目“{p.name}”金额只有 {yuan(amount)}，是本部门其他 {len(others)} 行支出（收支预算与项目）的中位数 "
            f"{yuan(middle)} 的 1/{middle / amount:.0f}：{cell_list(cells)} 的金额{IN_WAN}{_hedge(level)}",
            cells[0] if cells else cell(p, "name", PROJECT_SHEET), *cells[1:3],
        ))
    return issues


def rule_basic_vs_economic_in_wan(dept: Department, _: BudgetTables) -> list[Issue]:
    """收支预算 (一般公共预算当年基本支出) and 基本支出经济分类 ~10,000 apart: one sheet is in 万元."""
    basic_cells = _spending_cells(dept, FundingSource.GENERAL, carried=False)
    basic_cells = [loc for loc in basic_cells if loc.sheet == BASIC_SHEET]
    basic = sum((x.current.general for x in dept.basic_lines), ZERO)
    economic = sum((x.amount for x in dept.economic_lines), ZERO)
    if basic <= 0 or economic <= 0:
        return []
    economic_cells = [cell(x, "amount", ECONOMIC_SHEET) for x in dept.economic_lines if x.amount]
    sides = (("收支预算一般公共预算当年基本支出合计", basic, basic_cells, "基本支出经济分类合计", economic),
             ("基本支出经济分类合计", economic, economic_cells, "收支预算一般公共预算当年基本支出合计", basic))
    for label, small, cells, other_label, large in sides:
        if cells and large / small >= PRIOR_ERROR:
            return [error(
                "amount.in_wan_basic_vs_economic",
                f"{label} {yuan(small)}只有{other_label} {yuan(large)} 的 1/{large / small:.0f}："
                f"{cell_list(cells)} 的金额{IN_WAN}",
                cells[0], *cells[1:3],
            )]
    return []


def rule_project_funds_in_wan(dept: Department, _: BudgetTables) -> list[Issue]:
    """项目资金 (实施期 / 年度) of the performance table ~1/10,000 of the project's money."""
    issues = []
    for p in dept.projects:
        for prefix, label, funds in (("annual_funds", "年度资金", p.annual_funds),
                                     ("implementation_funds", "实施期资金", p.implementation_funds)):
            if funds is None or funds.total <= 0 or p.total <= 0 or p.total / funds.total < PRIOR_ERROR:
                continue
            cells = [cell(p, f"{prefix}.{f}", PROJECT_SHEET) for f, v in funds.model_dump().items() if v]
            issues.append(error(
                "project.funds_in_wan",
                f"项目“{p.name}”的{label}总额 {yuan(funds.total)}只有项目金额 {yuan(p.total)} 的 "
                f"1/{p.total / funds.total:.0f}：{cell_list(cells)} 的金额{IN_WAN}",
                cells[0] if cells else cell(p, "name", PROJECT_SHEET), *cells[1:3],
            ))
    return issues


def rule_overall_amount_in_wan(dept: Department, t: BudgetTables) -> list[Issue]:
    """整体绩效 编报整体绩效涉及资金 ~1/10,000 of 表一收入总计."""
    amount = dept.overall.amount_reporting
    if not amount or amount <= 0 or t.income_total <= 0 or t.income_total / amount < PRIOR_ERROR:
        return []
    where = field_cell(dept.overall, "amount_reporting", OVERALL_SHEET)
    return [warning(
        "overall.amount_in_wan",
        f"编报整体绩效涉及资金 {yuan(amount)}只有表一收入总计 {yuan(t.income_total)} 的 "
        f"1/{t.income_total / amount:.0f}：{where.cell} 的金额{IN_WAN}{_hedge(Level.WARNING)}",
        where,
    )]


def _tiny(amount: Decimal, spending: Decimal, error_below: Decimal) -> Level | None:
    """A part of the budget that a ×10,000 would still leave within the spending, and tiny."""
    if amount <= 0 or spending <= 0:
        return None
    if amount < error_below and amount * WAN <= spending:
        return Level.ERROR
    if amount < error_below * 10 and amount * 1000 < spending:
        return Level.WARNING
    return None


def rule_procurement_in_wan(dept: Department, t: BudgetTables) -> list[Issue]:
    """政府采购 货物/工程/服务 of a few 元 while the department spends millions."""
    if _whole_department_small(t):
        return []
    issues = []
    p = dept.procurement
    for key, label, amount in (("procurement.goods", "货物", p.goods), ("procurement.works", "工程", p.works),
                               ("procurement.services", "服务", p.services)):
        level = _tiny(amount, t.expenditure_total, Decimal("1000"))
        if level is not None:
            where = field_cell(p, key, ASSETS_SHEET)
            issues.append(_make(
                level, "procurement.in_wan",
                f"政府采购{label}预算只有 {yuan(amount)}，不到表一支出总计 {yuan(t.expenditure_total)} 的千分之一："
                f"{where.cell} 的金额{IN_WAN}{_hedge(level)}",
                where,
            ))
    return issues


def rule_three_public_in_wan(dept: Department, t: BudgetTables) -> list[Issue]:
    """A 三公 amount (经济科目 or 三公经费（项目支出）) of a few 元 while the department spends millions."""
    if _whole_department_small(t):
        return []
    rows = [(x, ECONOMIC_SHEET, codes.three_public_item(x.economic_code)) for x in dept.economic_lines]
    rows += [(x, EXTRA_SHEET, x.item) for x in dept.three_public_extra]
    issues = []
    for record, sheet_name, item in rows:
        if item is None:
            continue
        level = _tiny(record.amount, t.expenditure_total, Decimal("100"))
        if level is not None:
            where = cell(record, "amount", sheet_name)
            issues.append(_make(
                level, "three_public.in_wan",
                f"{item.value} {yuan(record.amount)}，而本部门支出总计 {yuan(t.expenditure_total)}："
                f"{where.cell} 的金额{IN_WAN}{_hedge(level)}",
                where,
            ))
    return issues


def rule_fund_income_in_wan(dept: Department, t: BudgetTables) -> list[Issue]:
    """政府性基金 / 国有资本经营 income ~1/10,000 of the spending of that source, or the other way round."""
    issues = []
    spent_by = {FundingSource.GOVERNMENT_FUND: t.t8[0].get(TOTAL), FundingSource.STATE_CAPITAL: t.t9_expenditure[0].get(TOTAL)}
    for source, spent in spent_by.items():
        lines = [x for x in dept.fund_income if x.source is source and x.amount]
        income = sum((x.amount for x in lines), ZERO)
        if not income or not spent or income < 0 or spent < 0:
            continue
        income_cells = [cell(x, "amount", FUND_INCOME_SHEET) for x in lines]
        spent_cells = _spending_cells(dept, source, carried=False)
        level = _level(spent / income, PRIOR_ERROR, PRIOR_WARN)
        if level is not None:
            issues.append(_make(
                level, "fund_income.in_wan",
                f"{source.value}收入 {yuan(income)}只有该来源支出 {yuan(spent)} 的 1/{spent / income:.0f}："
                f"{cell_list(income_cells)} 的金额{IN_WAN}{_hedge(level)}",
                income_cells[0], *income_cells[1:3],
            ))
            continue
        level = _level(income / spent, PRIOR_ERROR, PRIOR_WARN)
        if level is not None and spent_cells and not _whole_department_small(t):
            issues.append(_make(
                level, "fund_income.spending_in_wan",
                f"{source.value}支出 {yuan(spent)}只有该来源收入 {yuan(income)}（{cell_list(income_cells)}）的 "
                f"1/{income / spent:.0f}：{cell_list(spent_cells)} 的金额{IN_WAN}{_hedge(level)}",
                spent_cells[0], *spent_cells[1:3],
            ))
    return issues


RULES = (
    rule_department_total_in_wan,
    rule_wages_per_person_in_wan,
    rule_prior_year_in_wan,
    rule_project_in_wan,
    rule_basic_vs_economic_in_wan,
    rule_project_funds_in_wan,
    rule_overall_amount_in_wan,
    rule_procurement_in_wan,
    rule_three_public_in_wan,
    rule_fund_income_in_wan,
)
