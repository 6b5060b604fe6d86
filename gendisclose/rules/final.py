"""The 决算 identities and input checks (spec §11.4 and ``003.md``), each a named rule.

Every rule takes the 决算 model and its derived tables (exact 元) and returns Issues with the
cells they come from; a true 尾差 of the printed tables (seed 003: J02 2010303 508.32 beside
J03 508.31, J03 20103 1317.78 vs 809.46 + 508.31) is never reported, because nothing here
compares rounded figures.

* :data:`INPUT_RULES` — what the department typed (codes, parts that exceed their whole …);
* :data:`IDENTITY_RULES` — identities between typed facts that can really fail: J01 总计 both
  sides, 年末 = 年初 + 收入 + 使用结余 − 支出 − 结余分配 per 资金性质 (and per 项 for J07),
  J02 财政拨款收入 = J04/J05 per 科目 when there is no 财政拨款结转, J06 = J05 基本支出,
  J09 ≥ the J06 三公 items (30212, 30217, 30231, 31013), 机关运行经费 ≤ J06 公用经费;
* :data:`~.final_guards.GUARD_RULES` — identities true by construction (J01 ↔ J02/J03/J04, hierarchies, row
  sums, J06 groups, J09/J10 totals): ``internal.J…`` errors if the derivation ever breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from ..derive import codes
from ..derive.final_tables import (
    BASIC,
    CLOSING,
    NOT_IN_FINAL,
    OPENING,
    TOTAL,
    FinalTables,
    derive_final_numbers,
)
from ..issues import Issue, Location, error, warning
from ..model import ThreePublicItem
from ..model_final import FISCAL_FUNDING, FinalDepartment, Funding, Grade, IncomeSource
from ..workbook.schema_final import (
    BALANCES,
    CLASSES,
    DETAIL,
    EVALUATIONS,
    INCOME,
    SPENDING,
    SUPPLEMENT,
    THREE_PUBLIC,
)
from ._text import differ, first_location, sheet, wan
from .final_guards import GUARD_RULES
from .final_plausibility import FINAL_PLAUSIBILITY_RULES
from .final_text import NARRATIVE_RULES

ZERO = Decimal("0")
FinalRule = Callable[[FinalDepartment, FinalTables], list[Issue]]


def _at(name: str, located: Iterable[Location | None] = ()) -> Location:
    return first_location(located) or Location(name)


# ---------------------------------------------------------------- inputs


def rule_final_function_codes(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """功能科目: 7 digits of one of the 26 类 that J01/J04 list; unknown 项 need a typed name."""
    issues = []
    records = [(x, INCOME.name, x.function_code) for x in dept.income_lines]
    records += [(x, SPENDING.name, x.function_code) for x in dept.spending_lines]
    records += [(b, BALANCES.name, b.function_code) for b in dept.balances if b.function_code]
    named = {x.function_code for x in (*dept.income_lines, *dept.spending_lines) if x.function_name}
    for record, sheet_name, code in records:
        where = sheet(sheet_name, record.location)
        if len(code) != 7 or not code.isdigit():
            issues.append(error("final.function_code_malformed", f"功能科目编码“{code}”不是 7 位数字（项）", where))
        elif codes.category_of(code) is None or code[:3] in NOT_IN_FINAL:
            issues.append(error(
                "final.category_not_listed",
                f"功能科目编码“{code}”的类“{code[:3]}”不在公开01表、04表的 26 个支出功能分类中，无法列入决算总表",
                where,
            ))
        elif codes.function_name(code) is None and code not in named:
            issues.append(warning("final.function_name_unknown",
                                  f"功能科目编码“{code}”不在科目表中，也没有填写科目名称，表中将只印编码", where))
    return issues


def rule_final_economic_codes(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """J06: known 部门经济科目 款 that can carry 基本支出 (not the 309/311 blocks printed ────)."""
    issues = []
    for line in dept.economic:
        where = sheet(DETAIL.name, line.location)
        item = codes.economic_item(line.economic_code)
        if item is None:
            issues.append(error("final.economic_code_unknown",
                                f"经济科目编码“{line.economic_code}”不是部门预算支出经济分类的款", where))
        elif not item.can_be_basic:
            issues.append(error("final.economic_not_basic",
                                f"经济科目“{line.economic_code} {item.name}”不能列支基本支出（公开06表此行印“────”）", where))
    return issues


def rule_final_class_codes(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    issues = []
    for c in dept.classes:
        if codes.category_of(c.class_code) is None or c.class_code[:3] in NOT_IN_FINAL or len(c.class_code) != 3:
            issues.append(error("final.class_code", f"“{c.class_code}”不是公开表中的支出功能分类类编码（如 201）",
                                sheet(CLASSES.name, c.location)))
    return issues


def rule_final_fund_balances_on_codes(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """J07 prints 政府性基金 结转和结余 per 功能科目: its balance lines need one."""
    return [
        error("final.fund_balance_code",
              "政府性基金预算财政拨款的结转和结余须填写功能科目编码（公开07表按科目列示）",
              sheet(BALANCES.name, b.location))
        for b in dept.balances
        if b.funding is Funding.GOVERNMENT_FUND and not b.function_code and (b.opening or b.closing)
    ]


def rule_final_parts_within_whole(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """其中 figures: 小微企业 ≤ 中小企业 ≤ 政府采购总额; 外事接待 ≤ 国内接待 (amount, 批次, 人次)."""
    issues = []
    p, tp = dept.procurement, dept.three_public
    at_p = sheet(SUPPLEMENT.name, p.location)
    at_t = sheet(THREE_PUBLIC.name, tp.location)
    if p.sme > p.total:
        issues.append(error("final.procurement_sme", differ("授予中小企业合同金额", p.sme, "政府采购支出总额", p.total)
                            + "：其中数不能大于总额", at_p))
    if p.small_micro > p.sme:
        issues.append(error("final.procurement_small_micro", differ("授予小微企业合同金额", p.small_micro,
                                                                   "授予中小企业合同金额", p.sme) + "：其中数不能大于总额", at_p))
    if tp.reception_foreign_affairs > tp.reception_domestic:
        issues.append(error("final.reception_foreign_affairs", differ("外事接待费", tp.reception_foreign_affairs,
                                                                     "国内公务接待费", tp.reception_domestic)
                            + "：外事接待费包含在国内接待费中，不能更多", at_t))
    if tp.foreign_affairs_batches > tp.domestic_batches or tp.foreign_affairs_people > tp.domestic_people:
        issues.append(error("final.reception_counts", "外事接待的批次或人次多于国内接待（外事接待包含在国内接待中）", at_t))
    return issues


def rule_final_three_public_counts(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """Money without its count (or a count without money) in §九（二）: a warning each."""
    tp = dept.three_public
    final = t.three_public_final
    pairs = (  # (item, amount, its cell's key, count label, count, the count's key)
        ("因公出国（境）费", final[ThreePublicItem.OVERSEAS], "final.因公出国（境）费", "团组数", tp.overseas_groups,
         "overseas_groups"),
        ("公务用车购置费", final[ThreePublicItem.VEHICLE_PURCHASE], "final.公务用车购置费", "购置车辆数", tp.vehicles_bought,
         "vehicles_bought"),
        ("公务用车运行维护费", final[ThreePublicItem.VEHICLE_OPERATION], "final.公务用车运行维护费", "公务用车保有量",
         tp.vehicles_held, "vehicles_held"),
        ("国内公务接待费", tp.reception_domestic, "reception_domestic", "接待批次", tp.domestic_batches, "domestic_batches"),
        ("国（境）外公务接待费", tp.reception_abroad, "reception_abroad", "接待批次", tp.abroad_batches, "abroad_batches"),
    )
    issues = []
    for item, amount, amount_key, what, count, count_key in pairs:
        if bool(amount) == bool(count):
            continue
        at_amount = tp.cells.get(amount_key) or sheet(THREE_PUBLIC.name, tp.location)
        at_count = tp.cells.get(count_key) or at_amount
        issues.append(warning("final.three_public_count", f"{item}决算数 {wan(amount)}，但{what}为 {count}：请核对",
                              at_count if count else at_amount, at_amount if count else at_count))
    return issues


def rule_final_agency_operating_units(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """机关运行经费 on a row whose unit kind the department does not have."""
    kinds = {u.kind.value for u in dept.units} or {dept.info.unit_kind.value}
    ao = dept.agency_operating
    at = sheet(SUPPLEMENT.name, ao.location)
    issues = []
    for kind, amount in (("行政单位", ao.administrative), ("参照公务员法管理事业单位", ao.civil_service_managed)):
        if amount and kind not in kinds:
            issues.append(warning("final.agency_operating_kind",
                                  f"填了{kind}的机关运行经费 {wan(amount)}，但“单位”表中没有{kind}", at))
    return issues


def rule_final_evaluations(dept: FinalDepartment, _: FinalTables) -> list[Issue]:
    """自评结果 agrees with the usual band of its 得分 (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差)."""
    issues = []
    for e in dept.evaluations:
        if e.score is not None and e.grade is not None and Grade.of_score(e.score) is not e.grade:
            issues.append(warning(
                "final.evaluation_grade",
                f"项目“{e.name}”得分 {e.score}，按通常标准应为“{Grade.of_score(e.score).value}”，填的是“{e.grade.value}”",
                sheet(EVALUATIONS.name, e.grade_location or e.location),
            ))
    return issues


# ---------------------------------------------------------------- identities between typed facts


def rule_j01_totals_balance(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """J01 总计(31) = 本年收入合计 + 使用结余 + 年初结转和结余 equals 总计(62) = 本年支出合计 + 结余分配 + 年末."""
    if t.income_grand_total == t.expenditure_grand_total:
        return []
    return [error("final.J01_totals",
                  differ("公开01表收入总计（第31行）", t.income_grand_total, "支出总计（第62行）", t.expenditure_grand_total)
                  + "：请核对收入、支出、结转结余、结余使用与分配",
                  _at(BALANCES.name, (b.location for b in dept.balances)),
                  Location(INCOME.name), Location(SPENDING.name))]


def rule_closing_balances(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """年末 = 年初 + 本年收入 − 本年支出 per 资金性质; 非财政拨款 also + 使用结余 − 结余分配."""
    issues = []
    for f in Funding:
        expected = dept.opening(f) + dept.income_of(f) - dept.spending_of(f)
        extra = ""
        if f is Funding.NON_FISCAL:
            expected += dept.reserves_used - dept.surplus_distribution
            extra = "加使用非财政拨款结余和专用结余、减结余分配"
        closing = dept.closing(f)
        if closing != expected:
            issues.append(error(
                "final.closing_balance",
                f"{f.value}：" + differ("年末结转和结余", closing, f"年初加本年收入减本年支出{extra}", expected),
                _at(BALANCES.name, (b.location for b in dept.balances if b.funding is f)),
                Location(INCOME.name), Location(SPENDING.name),
            ))
    return issues


def rule_j07_balances_per_code(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """J07 per 项: 年末 = 年初 + 本年收入 − 本年支出 (政府性基金)."""
    issues = []
    for row in t.j07:
        if row.level != 3:
            continue
        expected = row.get(OPENING) + row.get("income") - row.get(TOTAL)
        if row.get(CLOSING) != expected:
            located = [b.location for b in dept.balances if b.function_code == row.code]
            issues.append(error("final.J07_balance",
                                f"公开07表{row.code}：" + differ("年末结转和结余", row.get(CLOSING), "年初加本年收入减本年支出",
                                                               expected),
                                _at(BALANCES.name, located)))
    return issues


def rule_j02_fiscal_income_equals_spending(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """J02 财政拨款收入 = J04/J05 支出 per 科目 and kind, for a kind with no 结转和结余 at all."""
    issues = []
    spending = {x.function_code: x for x in dept.spending_lines}
    income = {x.function_code: x for x in dept.income_lines}
    for f in FISCAL_FUNDING:
        if any(b.opening or b.closing for b in dept.balances if b.funding is f):
            continue  # carried money may sit on any 科目: the totals are checked by rule_closing_balances
        for code in sorted(set(spending) | set(income)):
            got = income[code].amounts.get(IncomeSource(f.value)) if code in income else ZERO
            spent = spending[code].of_funding(f) if code in spending else ZERO
            if got != spent:
                where = [x.location for x in (income.get(code), spending.get(code)) if x is not None and x.location]
                issues.append(error(
                    "final.J02_vs_J04",
                    f"{code}：" + differ(f"收入决算{f.value}", got, f"支出决算{f.value}", spent)
                    + "（没有该资金的结转和结余时，每个科目的财政拨款收入应等于支出）",
                    where[0] if where else Location(INCOME.name), *where[1:],
                ))
    return issues


def rule_j06_equals_j05_basic(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """J06 人员经费 + 公用经费 = J05 (一般公共预算财政拨款) 基本支出合计."""
    basic = t.j05[0].get(BASIC)
    j06 = t.j06_personnel + t.j06_public
    if basic == j06:
        return []
    return [error("final.J06_vs_J05",
                  differ("基本支出决算明细合计", j06, "一般公共预算财政拨款基本支出", basic, DETAIL.name, SPENDING.name),
                  _at(DETAIL.name, (x.location for x in dept.economic)),
                  _at(SPENDING.name, (x.location for x in dept.spending_lines if x.basic.general)))]


#: J06 items that are part of a “三公” item (30212 is the 因公出国（境）费用 item, 003.md).
THREE_PUBLIC_CODES = (
    ("30212", ThreePublicItem.OVERSEAS),
    ("30217", ThreePublicItem.RECEPTION),
    ("30231", ThreePublicItem.VEHICLE_OPERATION),
    ("31013", ThreePublicItem.VEHICLE_PURCHASE),
)


def rule_j09_covers_j06(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """J09 决算数 (all 财政拨款, basic and project) ≥ the J06 basic item of the same kind."""
    amounts = {r.code: r.amount for r in t.j06 if not r.is_group}
    issues = []
    for code, item in THREE_PUBLIC_CODES:
        basic, final = amounts.get(code, ZERO), t.three_public_final[item]
        if basic > final:
            located = [x.location for x in dept.economic if x.economic_code == code]
            issues.append(error("final.J09_vs_J06",
                                differ(f"公开09表{item.value}决算数", final, f"公开06表{code} {codes.economic_name(code)}", basic)
                                + "：三公经费决算数不能少于基本支出中的同类支出",
                                sheet(THREE_PUBLIC.name, dept.three_public.location), *[x for x in located if x]))
    return issues


def rule_agency_operating_within_public(dept: FinalDepartment, t: FinalTables) -> list[Issue]:
    """机关运行经费 ≤ J06 公用经费 (it is the 行政/参公 units' part of it; warning)."""
    total = dept.agency_operating.total
    if total <= t.j06_public:
        return []
    return [warning("final.agency_operating_vs_public",
                    differ("机关运行经费", total, "公开06表公用经费合计", t.j06_public) + "：机关运行经费一般不超过公用经费，请核对",
                    sheet(SUPPLEMENT.name, dept.agency_operating.location))]


INPUT_RULES: tuple[FinalRule, ...] = (
    rule_final_function_codes,
    rule_final_economic_codes,
    rule_final_class_codes,
    rule_final_fund_balances_on_codes,
    rule_final_parts_within_whole,
    rule_final_three_public_counts,
    rule_final_agency_operating_units,
    rule_final_evaluations,
    *NARRATIVE_RULES,
    *FINAL_PLAUSIBILITY_RULES,
)
IDENTITY_RULES: tuple[FinalRule, ...] = (
    rule_j01_totals_balance,
    rule_closing_balances,
    rule_j07_balances_per_code,
    rule_j02_fiscal_income_equals_spending,
    rule_j06_equals_j05_basic,
    rule_j09_covers_j06,
    rule_agency_operating_within_public,
)
FINAL_RULES = (*INPUT_RULES, *IDENTITY_RULES, *GUARD_RULES)


def check_final(dept: FinalDepartment) -> list[Issue]:
    """Every 决算 rule; the guards only when every 功能科目 is one the summary tables can place."""
    tables = derive_final_numbers(dept)
    issues: list[Issue] = []
    for rule in (*INPUT_RULES, *IDENTITY_RULES):
        issues.extend(rule(dept, tables))
    if not any(i.code in ("final.function_code_malformed", "final.category_not_listed") for i in issues):
        for rule in GUARD_RULES:
            issues.extend(rule(dept, tables))
    return issues
