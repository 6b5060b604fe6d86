"""The ten tables of 第二部分 部门决算表 (J01–J10), derived from the 决算 model (spec §11.3).

Every figure is an exact 元 :class:`~decimal.Decimal`: 类/款/合计 rows, J01/J04 categories,
J06 groups and footers are exact sums of what the department typed. Rounding happens once,
when a figure is shown (:mod:`gendisclose.derive.final_layout`, with
:func:`gendisclose.money.table_amount`), so a 尾差 of the printed tables is never an
inconsistency — seed 003's J02/J03 2010303 (508.32 / 508.31) and J03 20103 (1317.78 vs
809.46 + 508.31) come out of one exact data set.

Shared with the budget tables: :func:`~gendisclose.derive.tables.function_block` (合计 → 类 →
款 → 项 with exact subtotals), the 功能分类 / 经济分类 code lists (:mod:`.codes`) and the
:class:`~gendisclose.derive.table_rows.FunctionRow` / ``CategoryRow`` row types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..document import Table
from ..model import ThreePublicItem
from ..model_final import FISCAL_FUNDING, FinalDepartment, FinalVehicleCategory, Funding, IncomeSource
from ..reference import FunctionCategory, economic_items
from . import codes
from .table_layout import chinese_number
from .table_rows import BASIC, PROJECT, SUBTOTAL, TOTAL, ZERO, CategoryRow, FunctionRow
from .tables import Leaves, _add, function_block

# column keys of the 决算 function blocks
FISCAL = "fiscal"  # J02 财政拨款收入
TO_HIGHER = "to_higher"
OPERATING = "operating"
TO_SUBORDINATE = "to_subordinate"
OPENING = "opening"
INCOME = "income"
CLOSING = "closing"

NON_FISCAL_SOURCES = tuple(s for s in IncomeSource if not s.is_fiscal)
FISCAL_KEYS = tuple(f.value for f in FISCAL_FUNDING)
J02_KEYS = (TOTAL, FISCAL, *(s.value for s in NON_FISCAL_SOURCES))
J03_KEYS = (TOTAL, BASIC, PROJECT, TO_HIGHER, OPERATING, TO_SUBORDINATE)
J05_KEYS = (TOTAL, BASIC, PROJECT)  # J05, J08
J07_KEYS = (OPENING, INCOME, TOTAL, BASIC, PROJECT, CLOSING)
J04_KEYS = (SUBTOTAL, *FISCAL_KEYS)

#: The 支出功能分类 类 that J01/J04 do not list (spec §11.2: the budget's 30 minus these four).
NOT_IN_FINAL = ("209", "227", "230", "233")

THREE_PUBLIC_ORDER = (
    ThreePublicItem.OVERSEAS,
    ThreePublicItem.VEHICLE_PURCHASE,
    ThreePublicItem.VEHICLE_OPERATION,
    ThreePublicItem.RECEPTION,
)


def final_categories() -> tuple[FunctionCategory, ...]:
    """The 26 类 rows of J01/J04 in printed order, numbered 一 … 二十六 afresh."""
    kept = [c for c in codes.CATEGORIES if c.code not in NOT_IN_FINAL]
    return tuple(FunctionCategory(c.code, c.name, f"{chinese_number(i)}、{c.name}") for i, c in enumerate(kept, 1))


@dataclass(frozen=True)
class EconomicCell:
    """One J06 code row: a group (3 digits) or an item (5 digits); ``allowed`` False prints ────."""

    code: str
    name: str
    amount: Decimal
    is_group: bool
    allowed: bool
    personnel: bool


@dataclass(frozen=True)
class FinalTables:
    """All figures of J01–J10 in exact 元, plus their presentation (``tables``)."""

    year: int
    department: str
    # J01
    income: dict[IncomeSource, Decimal]  # rows 1–8
    income_total: Decimal  # 27 本年收入合计
    reserves_used: Decimal  # 28 使用非财政拨款结余和专用结余
    opening_total: Decimal  # 29 年初结转和结余
    income_grand_total: Decimal  # 31 总计
    categories: tuple[CategoryRow, ...]  # the 26 类: 'total' (J01) and 'subtotal' + fiscal kinds (J04)
    expenditure_total: Decimal  # 58 本年支出合计
    surplus_distribution: Decimal  # 59 结余分配
    closing_total: Decimal  # 60 年末结转和结余
    expenditure_grand_total: Decimal  # 62 总计
    # J02 / J03 / J05 / J07 / J08
    j02: tuple[FunctionRow, ...]
    j03: tuple[FunctionRow, ...]
    j05: tuple[FunctionRow, ...]
    j07: tuple[FunctionRow, ...]
    j08: tuple[FunctionRow, ...]
    # J04
    fiscal_income: dict[Funding, Decimal]  # rows 1–3
    fiscal_income_total: Decimal  # 27
    fiscal_opening: dict[Funding, Decimal]  # 29–31 (28 = their sum)
    fiscal_expenditure: dict[str, Decimal]  # 59, keys J04_KEYS
    fiscal_closing: dict[str, Decimal]  # 60, keys J04_KEYS
    # J06
    j06: tuple[EconomicCell, ...]  # every standard code row, in J06 order
    j06_personnel: Decimal  # 人员经费合计
    j06_public: Decimal  # 公用经费合计
    # J09
    three_public_budget: dict[ThreePublicItem, Decimal]
    three_public_final: dict[ThreePublicItem, Decimal]
    # J10
    procurement: dict[str, Decimal]  # 'total', 'goods', 'works', 'services'
    agency_operating: dict[str, Decimal]  # 'administrative', 'civil_service_managed'
    vehicles: dict[FinalVehicleCategory, int]
    vehicle_total: int
    equipment_over_1m: int
    tables: tuple[Table, ...] = field(default=())

    @property
    def fiscal_opening_total(self) -> Decimal:
        return sum(self.fiscal_opening.values(), ZERO)

    @property
    def fiscal_income_grand_total(self) -> Decimal:
        """J04 row 32 总计 = 本年收入合计 + 年初财政拨款结转和结余."""
        return self.fiscal_income_total + self.fiscal_opening_total

    def fiscal_expenditure_grand_total(self, key: str = SUBTOTAL) -> Decimal:
        """J04 row 64 总计 (per column) = 本年支出合计 + 年末财政拨款结转和结余."""
        return self.fiscal_expenditure[key] + self.fiscal_closing[key]

    @staticmethod
    def three_public_cells(amounts: dict[ThreePublicItem, Decimal]) -> tuple[Decimal, ...]:
        """合计, 因公出国（境）费, 公务用车购置及运行维护费 小计, 购置费, 运行维护费, 公务接待费."""
        out, buy, run, rec = (amounts.get(i, ZERO) for i in THREE_PUBLIC_ORDER)
        return (out + buy + run + rec, out, buy + run, buy, run, rec)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


# ---------------------------------------------------------------- function blocks


def _names(dept: FinalDepartment) -> Callable[[str], str]:
    typed: dict[str, str] = {}
    for line in (*dept.income_lines, *dept.spending_lines):
        if line.function_name and line.function_code not in typed:
            typed[line.function_code] = line.function_name

    def name_of(code: str) -> str:
        return codes.function_name(code) or typed.get(code) or code

    return name_of


def _income_leaves(dept: FinalDepartment) -> Leaves:
    leaves: Leaves = {}
    for line in dept.income_lines:
        a = line.amounts
        _add(leaves, line.function_code, TOTAL, a.total)
        _add(leaves, line.function_code, FISCAL, a.fiscal)
        for s in NON_FISCAL_SOURCES:
            _add(leaves, line.function_code, s.value, a.get(s))
    return leaves


def _spending_leaves(dept: FinalDepartment) -> Leaves:
    leaves: Leaves = {}
    for line in dept.spending_lines:
        code = line.function_code
        _add(leaves, code, TOTAL, line.total)
        _add(leaves, code, BASIC, line.basic.total)
        _add(leaves, code, PROJECT, line.project.total)
        _add(leaves, code, TO_HIGHER, line.to_higher)
        _add(leaves, code, OPERATING, line.operating)
        _add(leaves, code, TO_SUBORDINATE, line.to_subordinate)
    return leaves


def _fiscal_leaves(dept: FinalDepartment, funding: Funding) -> Leaves:
    """基本/项目/小计 of one 财政拨款 kind by 项 (J05, J08)."""
    leaves: Leaves = {}
    for line in dept.spending_lines:
        basic, project = line.basic.get(funding), line.project.get(funding)
        _add(leaves, line.function_code, BASIC, basic)
        _add(leaves, line.function_code, PROJECT, project)
        _add(leaves, line.function_code, TOTAL, basic + project)
    return leaves


def _j07_leaves(dept: FinalDepartment) -> Leaves:
    """政府性基金: 年初, 本年收入, 支出 (小计/基本/项目), 年末 by 项."""
    fund = Funding.GOVERNMENT_FUND
    leaves = _fiscal_leaves(dept, fund)
    for line in dept.income_lines:
        _add(leaves, line.function_code, INCOME, line.amounts.get(IncomeSource.GOVERNMENT_FUND))
    for b in dept.balances:
        if b.funding is fund and b.function_code:
            _add(leaves, b.function_code, OPENING, b.opening)
            _add(leaves, b.function_code, CLOSING, b.closing)
    return leaves


def _j07(dept: FinalDepartment, name_of: Callable[[str], str]) -> tuple[FunctionRow, ...]:
    """J07 rows; its 合计 row also counts balances typed without a 功能科目 (a rule reports those)."""
    rows = function_block(_j07_leaves(dept), J07_KEYS, name_of)
    fund = Funding.GOVERNMENT_FUND
    total = dict(rows[0].values)
    total[OPENING] = dept.opening(fund)
    total[CLOSING] = dept.closing(fund)
    return (replace(rows[0], values=total), *rows[1:])


# ---------------------------------------------------------------- J01 / J04 categories


def _categories(j03: tuple[FunctionRow, ...], dept: FinalDepartment) -> tuple[CategoryRow, ...]:
    by_lei = {r.code: r for r in j03 if r.level == 1}
    fiscal: dict[str, dict[str, Decimal]] = {}
    for line in dept.spending_lines:
        row = fiscal.setdefault(line.function_code[:3], {k: ZERO for k in J04_KEYS})
        for f in FISCAL_FUNDING:
            amount = line.basic.get(f) + line.project.get(f)
            row[f.value] += amount
            row[SUBTOTAL] += amount
    out = []
    for cat in final_categories():
        values = {TOTAL: by_lei[cat.code].get(TOTAL) if cat.code in by_lei else ZERO}
        values.update(fiscal.get(cat.code, {k: ZERO for k in J04_KEYS}))
        out.append(CategoryRow(cat, values))
    return tuple(out)


# ---------------------------------------------------------------- J06


def _j06(dept: FinalDepartment) -> tuple[EconomicCell, ...]:
    """Every standard 经济科目 row (groups and items, spec §11.3 J06 order); typed amounts summed."""
    typed: dict[str, Decimal] = {}
    for line in dept.economic:
        typed[line.economic_code] = typed.get(line.economic_code, ZERO) + line.amount
    rows: list[EconomicCell] = []
    items = economic_items()
    for group in dict.fromkeys(i.group_code for i in items):
        members = [i for i in items if i.group_code == group]
        allowed = all(i.can_be_basic for i in members)
        personnel = codes.is_personnel(members[0].code)
        rows.append(EconomicCell(group, codes.economic_group_name(group), sum((typed.get(i.code, ZERO) for i in members), ZERO),
                                 True, allowed, personnel))
        rows += [EconomicCell(i.code, i.name, typed.get(i.code, ZERO), False, i.can_be_basic, personnel) for i in members]
    return tuple(rows)


# ---------------------------------------------------------------- the whole set


def derive_final_numbers(dept: FinalDepartment) -> FinalTables:
    """Every figure of J01–J10 in exact 元 (``tables`` left empty)."""
    name_of = _names(dept)
    j03 = function_block(_spending_leaves(dept), J03_KEYS, name_of)
    income = {s: sum((x.amounts.get(s) for x in dept.income_lines), ZERO) for s in IncomeSource}
    income_total = sum(income.values(), ZERO)
    opening_total = sum((dept.opening(f) for f in Funding), ZERO)
    closing_total = sum((dept.closing(f) for f in Funding), ZERO)
    expenditure_total = j03[0].get(TOTAL)

    fiscal_income = {f: income[IncomeSource(f.value)] for f in FISCAL_FUNDING}
    spent = {f: sum((x.basic.get(f) + x.project.get(f) for x in dept.spending_lines), ZERO) for f in FISCAL_FUNDING}
    closing = {f: dept.closing(f) for f in FISCAL_FUNDING}

    j06 = _j06(dept)
    groups = [r for r in j06 if r.is_group]
    tp = dept.three_public
    procurement = dept.procurement
    return FinalTables(
        year=dept.info.year,
        department=dept.info.name,
        income=income,
        income_total=income_total,
        reserves_used=dept.reserves_used,
        opening_total=opening_total,
        income_grand_total=income_total + dept.reserves_used + opening_total,
        categories=_categories(j03, dept),
        expenditure_total=expenditure_total,
        surplus_distribution=dept.surplus_distribution,
        closing_total=closing_total,
        expenditure_grand_total=expenditure_total + dept.surplus_distribution + closing_total,
        j02=function_block(_income_leaves(dept), J02_KEYS, name_of),
        j03=j03,
        j05=function_block(_fiscal_leaves(dept, Funding.GENERAL), J05_KEYS, name_of),
        j07=_j07(dept, name_of),
        j08=function_block(_fiscal_leaves(dept, Funding.STATE_CAPITAL), J05_KEYS, name_of),
        fiscal_income=fiscal_income,
        fiscal_income_total=sum(fiscal_income.values(), ZERO),
        fiscal_opening={f: dept.opening(f) for f in FISCAL_FUNDING},
        fiscal_expenditure={SUBTOTAL: sum(spent.values(), ZERO), **{f.value: v for f, v in spent.items()}},
        fiscal_closing={SUBTOTAL: sum(closing.values(), ZERO), **{f.value: v for f, v in closing.items()}},
        j06=j06,
        j06_personnel=sum((g.amount for g in groups if g.personnel), ZERO),
        j06_public=sum((g.amount for g in groups if not g.personnel), ZERO),
        three_public_budget={i: tp.budget_of(i) for i in ThreePublicItem},
        three_public_final={i: tp.final_of(i) for i in ThreePublicItem},
        procurement={"total": procurement.total, "goods": procurement.goods, "works": procurement.works,
                     "services": procurement.services},
        agency_operating={"administrative": dept.agency_operating.administrative,
                          "civil_service_managed": dept.agency_operating.civil_service_managed},
        vehicles={c: dept.assets.vehicles.get(c, 0) for c in FinalVehicleCategory},
        vehicle_total=dept.assets.vehicle_total,
        equipment_over_1m=dept.assets.equipment_over_1m,
    )


def derive_final_tables(dept: FinalDepartment) -> FinalTables:
    """决算 model → all figures of J01–J10 (exact 元) and their presentation tables."""
    from .final_layout import layout_final_tables

    numbers = derive_final_numbers(dept)
    return replace(numbers, tables=layout_final_tables(numbers))
