"""Model-level checks of what the department typed (spec §12.3), each a named rule."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from ..derive import codes
from ..derive.tables import BudgetTables
from ..issues import Issue, Location, error, warning
from ..model import INDICATOR_LEVELS, Department, LevelFunds, Project, SourceAmounts, ThreePublicItem
from ._text import (
    ASSETS_SHEET,
    BASIC_SHEET,
    ECONOMIC_SHEET,
    INDICATOR_SHEET,
    INFO_SHEET,
    OVERALL_SHEET,
    PRIOR_SHEET,
    PROJECT_SHEET,
    both,
    cell_list,
    field_cell,
    sheet,
    wan,
    yuan,
)

ZERO = Decimal("0")



def rule_function_codes_known(dept: Department, _: BudgetTables) -> list[Issue]:
    """功能科目: 7 digits of one of the 30 类 (else T1/T4 lose the money); unknown 项 need a name."""
    issues = []
    items = [(x, BASIC_SHEET, x.function_code) for x in dept.basic_lines]
    items += [(p, PROJECT_SHEET, p.function_code) for p in dept.projects]
    for record, sheet_name, code in items:
        where = sheet(sheet_name, record.location)
        if len(code) != 7 or not code.isdigit():
            issues.append(error("function.code_malformed", f"功能科目编码“{code}”不是 7 位数字（项）", where))
        elif codes.category_of(code) is None:
            issues.append(error(
                "function.category_unknown",
                f"功能科目编码“{code}”的类“{code[:3]}”不在表一/表四的 30 个支出功能分类中，无法列入收支总表",
                where,
            ))
        elif codes.function_name(code) is None and not getattr(record, "function_name", None):
            issues.append(warning(
                "function.name_unknown",
                f"功能科目编码“{code}”不在科目表中，也没有填写科目名称，表中将只印编码",
                where,
            ))
    return issues


def rule_economic_codes_valid(dept: Department, _: BudgetTables) -> list[Issue]:
    """经济科目: known 部门预算支出经济分类 款 that may carry 基本支出 (not the 309/311 blocks)."""
    issues = []
    for line in dept.economic_lines:
        where = sheet(ECONOMIC_SHEET, line.location)
        item = codes.economic_item(line.economic_code)
        if item is None:
            issues.append(error(
                "economic.code_unknown", f"经济科目编码“{line.economic_code}”不是部门预算支出经济分类的款", where
            ))
        elif not codes.can_be_basic(line.economic_code):
            issues.append(error(
                "economic.not_basic",
                f"经济科目“{line.economic_code} {item.name}”不能安排基本支出（{item.group_name}只用于项目支出）",
                where,
            ))
        elif not line.government_name and not codes.government_name(line.economic_code, dept.unit_kind(line.unit)):
            issues.append(warning(
                "economic.government_name_unknown",
                f"经济科目“{line.economic_code} {item.name}”没有对应的政府预算支出经济科目名称，请在本行填写",
                where,
            ))
    return issues


def rule_units_listed(dept: Department, _: BudgetTables) -> list[Issue]:
    """Every unit named on a line is on the 单位 sheet (its kind drives T6 and T11)."""
    listed = {u.name for u in dept.units}
    issues = []
    seen: set[str] = set()
    records = [(x, BASIC_SHEET) for x in dept.basic_lines] + [(x, ECONOMIC_SHEET) for x in dept.economic_lines]
    records += [(p, PROJECT_SHEET) for p in dept.projects]
    for record, sheet_name in records:
        if record.unit not in listed and record.unit not in seen:
            seen.add(record.unit)
            issues.append(warning(
                "unit.not_listed",
                f"单位“{record.unit}”不在“单位”表中，按部门性质（{dept.info.unit_kind.value}）处理",
                sheet(sheet_name, record.location),
            ))
    return issues


def _negative(amounts: SourceAmounts | LevelFunds) -> bool:
    return any(v < 0 for v in amounts.model_dump().values() if isinstance(v, Decimal))


def rule_amounts_not_negative(dept: Department, _: BudgetTables) -> list[Issue]:
    issues = []
    for line in dept.basic_lines:
        if _negative(line.current) or _negative(line.carried):
            issues.append(error("amount.negative", "收支预算金额不能为负数", sheet(BASIC_SHEET, line.location)))
    for line in dept.economic_lines:
        if line.amount < 0:
            issues.append(error("amount.negative", "经济分类金额不能为负数", sheet(ECONOMIC_SHEET, line.location)))
    for p in dept.projects:
        if _negative(p.current) or _negative(p.carried):
            issues.append(error("amount.negative", f"项目“{p.name}”的金额不能为负数", sheet(PROJECT_SHEET, p.location)))
    return issues


def rule_project_names_unique(dept: Department, _: BudgetTables) -> list[Issue]:
    counts = Counter(p.name for p in dept.projects)
    return [
        error("project.duplicate", f"项目名称“{p.name}”重复：绩效指标按名称归属，名称必须唯一",
              sheet(PROJECT_SHEET, p.location))
        for p in dept.projects if counts[p.name] > 1
    ]


def rule_project_has_money(dept: Department, _: BudgetTables) -> list[Issue]:
    return [
        warning("project.zero", f"项目“{p.name}”本年预算和上年结转都为 0，不会列入表十二、表十三",
                sheet(PROJECT_SHEET, p.location))
        for p in dept.projects if p.total == ZERO
    ]


def rule_project_annual_funds_match(dept: Department, _: BudgetTables) -> list[Issue]:
    """项目支出绩效目标表 年度资金总额 = the project's money (本年预算 + 上年结转), exact 元 (P13)."""
    issues = []
    for p in dept.projects:
        where = sheet(PROJECT_SHEET, p.location)
        if p.annual_funds is None:
            if p.publish_targets:
                issues.append(warning("project.annual_funds_missing",
                                      f"项目“{p.name}”未填年度资金，绩效目标表的年度资金总额将取项目金额", where))
            continue
        if p.annual_funds.total != p.total:
            issues.append(error(
                "project.annual_funds_mismatch",
                f"项目“{p.name}”绩效目标表年度资金总额 {both(p.annual_funds.total)}与项目金额（表十二/表十三）"
                f"{both(p.total)}不一致，相差 {yuan(abs(p.annual_funds.total - p.total))}",
                where,
            ))
    return issues


def rule_project_funds_not_negative(dept: Department, _: BudgetTables) -> list[Issue]:
    """实施期资金 and 年度资金 ≥ 0; 实施期 total not below the 年度 total (warning)."""
    issues = []
    for p in dept.projects:
        where = sheet(PROJECT_SHEET, p.location)
        for label, funds in (("实施期资金", p.implementation_funds), ("年度资金", p.annual_funds)):
            if funds is not None and _negative(funds):
                issues.append(error("project.funds_negative", f"项目“{p.name}”的{label}不能为负数", where))
        if p.implementation_funds is not None and p.annual_funds is not None:
            impl, annual = p.implementation_funds.total, p.annual_funds.total
            if impl < annual:
                issues.append(warning(
                    "project.implementation_below_annual",
                    f"项目“{p.name}”实施期资金总额 {both(impl)}小于年度资金总额 {both(annual)}",
                    where,
                ))
    return issues


_ONE_YEAR_PERIODS = {"1年", "1", "一年", "1年期"}


def _is_one_year(p: Project) -> bool:
    """项目期 1年, or 项目属性 一次性项目(1年结束)."""
    period = (p.period or "").replace(" ", "")
    return period in _ONE_YEAR_PERIODS or "1年结束" in (p.attribute or "")


def rule_one_year_project_funds_equal(dept: Department, _: BudgetTables) -> list[Issue]:
    """A one-year project has one year: its 实施期资金 should equal its 年度资金 (seed 004 物业管理费)."""
    issues = []
    for p in dept.projects:
        if p.implementation_funds is None or p.annual_funds is None or not _is_one_year(p):
            continue
        impl, annual = p.implementation_funds.total, p.annual_funds.total
        if impl != annual:
            issues.append(warning(
                "project.one_year_funds_differ",
                f"项目“{p.name}”项目期为1年，但实施期资金总额 {both(impl)}与年度资金总额 {both(annual)}不同，请核实",
                sheet(PROJECT_SHEET, p.location),
            ))
    return issues


def rule_indicators_canonical(dept: Department, _: BudgetTables) -> list[Issue]:
    """一级/二级 labels are the canonical ones of spec §8.3 and the 二级 belongs to its 一级."""
    names = {p.name for p in dept.projects}
    issues = []
    for ind in dept.indicators:
        where = sheet(INDICATOR_SHEET, ind.location)
        owner = f"项目“{ind.project}”" if ind.project else "部门整体"
        if ind.project is not None and ind.project not in names:
            issues.append(error("indicator.project_unknown", f"绩效指标归属的项目“{ind.project}”不在“项目”表中", where))
        if ind.level1 not in INDICATOR_LEVELS:
            issues.append(error("indicator.level1", f"{owner}的一级指标“{ind.level1}”不是"
                                f"{'、'.join(INDICATOR_LEVELS)}之一", where))
        elif ind.level2 not in INDICATOR_LEVELS[ind.level1]:
            issues.append(error("indicator.level2", f"{owner}的二级指标“{ind.level2}”不属于一级指标“{ind.level1}”"
                                f"（应为{'、'.join(INDICATOR_LEVELS[ind.level1])}之一）", where))
    return issues


def rule_published_projects_have_indicators(dept: Department, _: BudgetTables) -> list[Issue]:
    with_indicators = {i.project for i in dept.indicators}
    return [
        warning("project.no_indicators", f"项目“{p.name}”公开绩效目标，但没有填写绩效指标",
                sheet(PROJECT_SHEET, p.location))
        for p in dept.projects if p.publish_targets and p.total and p.name not in with_indicators
    ]


def rule_vehicles_add_up(dept: Department, _: BudgetTables) -> list[Issue]:
    """公务用车: the seven categories sum to 实有 (seed 002 prints 实有2辆 with all categories 0)."""
    a = dept.assets
    listed = sum(a.vehicles.values())
    issues = []
    actual = a.location or Location(ASSETS_SHEET)
    if listed != a.vehicle_actual:
        categories = [field_cell(a, f"assets.vehicles.{c.value}", ASSETS_SHEET) for c in a.vehicles]
        issues.append(error(
            "assets.vehicles_sum",
            f"公务用车实有数 {a.vehicle_actual} 辆与七类车辆之和 {listed} 辆不一致",
            actual, *[c for c in categories if c.row is not None][:7],
        ))
    if a.vehicle_actual > a.vehicle_quota:
        issues.append(warning("assets.vehicles_over_quota",
                              f"公务用车实有数 {a.vehicle_actual} 辆超过编制数 {a.vehicle_quota} 辆"
                              f"（{field_cell(a, 'assets.vehicle_quota', ASSETS_SHEET).cell}）",
                              actual, field_cell(a, "assets.vehicle_quota", ASSETS_SHEET)))
    return issues


def rule_equipment_counts(dept: Department, _: BudgetTables) -> list[Issue]:
    """100万元以上通用设备 are also 50万元以上: count ≤."""
    a = dept.assets
    if a.equipment_over_1m > a.equipment_over_500k:
        over_500k = field_cell(a, "assets.equipment_over_500k", ASSETS_SHEET)
        return [error("assets.equipment",
                      f"100万元以上通用设备 {a.equipment_over_1m} 台（套）多于50万元以上通用设备 "
                      f"{a.equipment_over_500k} 台（套）（{over_500k.cell}，后者包含前者）",
                      field_cell(a, "assets.equipment_over_1m", ASSETS_SHEET), over_500k)]
    return []


def rule_staffing(dept: Department, _: BudgetTables) -> list[Issue]:
    s = dept.info.staffing
    if s.on_payroll is not None and s.authorised is not None and s.on_payroll > s.authorised:
        authorised = field_cell(dept.info, "staffing.authorised", INFO_SHEET)
        return [warning("staffing.over_quota",
                        f"在编人员数 {s.on_payroll} 人多于核定编制数 {s.authorised} 人（{authorised.cell}），请核实",
                        field_cell(dept.info, "staffing.on_payroll", INFO_SHEET), authorised)]
    return []


def rule_procurement(dept: Department, t: BudgetTables) -> list[Issue]:
    """政府采购: no negative parts; the total cannot exceed the whole budget (支出总计)."""
    p = dept.procurement
    parts = {"procurement.goods": p.goods, "procurement.works": p.works, "procurement.services": p.services}
    issues = []
    for key, amount in parts.items():
        if amount < 0:
            issues.append(error("procurement.negative", "政府采购预算不能为负数", field_cell(p, key, ASSETS_SHEET)))
    if p.total > t.expenditure_total:
        cells = [field_cell(p, key, ASSETS_SHEET) for key, amount in parts.items() if amount]
        issues.append(error(
            "procurement.exceeds_budget",
            f"政府采购预算合计 {wan(p.total)}（货物+工程+服务，{cell_list(cells)}）大于表一支出总计 "
            f"{wan(t.expenditure_total)}",
            *(cells or [Location(ASSETS_SHEET)]),
        ))
    return issues


def rule_overall_amount(dept: Department, t: BudgetTables) -> list[Issue]:
    """§十 1 涉及资金 = 表一收入总计 when given (seeds 000/002 print other figures)."""
    amount = dept.overall.amount_reporting
    if amount is not None and amount and amount != t.income_total:
        return [warning("overall.amount",
                        f"整体绩效“编报整体绩效涉及资金” {both(amount)}与表一收入总计 {both(t.income_total)}不一致",
                        field_cell(dept.overall, "amount_reporting", OVERALL_SHEET))]
    return []


def rule_prior_year_given(dept: Department, t: BudgetTables) -> list[Issue]:
    """Prior-year figures that 第三部分 compares with: missing → the text omits the change."""
    prior = dept.prior
    wanted = [
        ("上年预算收入总计", "prior.income_total", prior.income_total),
        ("上年预算支出总计", "prior.expenditure_total", prior.expenditure_total),
        ("上年一般公共预算当年支出", "prior.general_current", prior.general_current),
    ]
    if t.t11:
        wanted.append(("上年机关运行经费", "prior.agency_operating", prior.agency_operating))
    for item in ThreePublicItem:
        if item not in prior.three_public or prior.three_public[item] is None:
            if t.t10_item(item):
                wanted.append((f"上年{item.value}", f"prior.three_public.{item.value}", None))
    return [
        warning("prior.missing", f"未填{label}，第三部分将不写与上年相比的增减变化", field_cell(prior, key, PRIOR_SHEET))
        for label, key, value in wanted if value is None
    ]


RULES = (
    rule_function_codes_known,
    rule_economic_codes_valid,
    rule_units_listed,
    rule_amounts_not_negative,
    rule_project_names_unique,
    rule_project_has_money,
    rule_project_annual_funds_match,
    rule_project_funds_not_negative,
    rule_one_year_project_funds_equal,
    rule_indicators_canonical,
    rule_published_projects_have_indicators,
    rule_vehicles_add_up,
    rule_equipment_counts,
    rule_staffing,
    rule_procurement,
    rule_overall_amount,
    rule_prior_year_given,
)
