"""Row types and the :class:`BudgetTables` record of T1–T13 (exact 元); built by
:mod:`gendisclose.derive.tables`, shown by :mod:`gendisclose.derive.table_layout`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..document import Table
from ..model import FISCAL_SOURCES, FundingSource, ProjectCategory, ThreePublicItem
from .codes import FunctionCategory

ZERO = Decimal("0")

# column keys of the function blocks
TOTAL = "total"
BASIC = "basic"
PROJECT = "project"
CARRIED = "carried"
CURRENT = "current"
SUBTOTAL = "subtotal"
AMOUNT = "amount"

SOURCE_KEYS = tuple(s.value for s in FundingSource)
FISCAL_KEYS = tuple(s.value for s in FISCAL_SOURCES)
T2_KEYS = (TOTAL, *SOURCE_KEYS, CARRIED)
SPLIT_KEYS = (TOTAL, BASIC, PROJECT)  # T3, T5, T8, T9 right half
T1_KEYS = (TOTAL, CURRENT, CARRIED)
T4_KEYS = (SUBTOTAL, *FISCAL_KEYS)
T12_KEYS = (TOTAL, *SOURCE_KEYS)
T13_KEYS = (TOTAL, *FISCAL_KEYS)  # printed columns of T13 ('total' still covers every source)
T10_ROWS = ("因公出国（境）费", "公务接待费", "公务用车购置及运行费", "①公务用车购置费", "②公务用车运行维护费", "合计")


# ---------------------------------------------------------------- row types


@dataclass(frozen=True)
class FunctionRow:
    """A row of a function-classification block (T2, T3, T5, T8, T9) or of T7's income rows."""

    code: str  # '' for the 合计 row, else 3/5/7 digits
    name: str
    level: int  # 0 合计, 1 类, 2 款, 3 项
    values: dict[str, Decimal]

    @property
    def is_total(self) -> bool:
        return self.level == 0

    def get(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)


@dataclass(frozen=True)
class CategoryRow:
    """T1/T4: one of the 30 fixed expenditure categories (always all 30)."""

    category: FunctionCategory
    values: dict[str, Decimal]

    def get(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)


@dataclass(frozen=True)
class EconomicRow:
    """T6: a group row (工资福利支出 …) or an item row (基本工资 …)."""

    code: str
    name: str
    government_name: str  # '' on group rows
    is_group: bool
    personnel: Decimal  # 人员经费
    public: Decimal  # 公用经费

    @property
    def total(self) -> Decimal:
        return self.personnel + self.public


@dataclass(frozen=True)
class ProjectRow:
    """T12/T13: one project's current-year (T12) or carried (T13) money by source."""

    name: str
    unit: str
    category: ProjectCategory
    values: dict[str, Decimal]  # 'total' + the five source values

    def get(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)


@dataclass(frozen=True)
class UnitProjects:
    """T12/T13: a unit row and its projects in input order."""

    unit: str
    values: dict[str, Decimal]
    projects: tuple[ProjectRow, ...]

    def get(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)


@dataclass(frozen=True)
class BudgetTables:
    """All figures of T1–T13 in exact 元, plus their presentation (``tables``)."""

    year: int
    department: str
    # T1 income side
    income: dict[FundingSource, Decimal]  # 本年收入 rows 一–五 (current year)
    income_current_total: Decimal  # 本年收入合计
    carry_in: Decimal  # 上年结转 (all sources)
    carry_in_by_source: dict[FundingSource, Decimal]
    income_total: Decimal  # 收入总计
    # T1 expenditure side
    expenditure_current: Decimal  # Σ 当年预算安排
    expenditure_carried: Decimal  # Σ 上年结转安排
    expenditure_total: Decimal  # 支出总计 (年终结转 is always empty in a budget)
    t1_categories: tuple[CategoryRow, ...]  # keys 'total', 'current', 'carried'
    t2: tuple[FunctionRow, ...]  # keys 'total', each FundingSource.value, 'carried'
    t3: tuple[FunctionRow, ...]  # keys 'total', 'basic', 'project' (all sources, incl. carry-over)
    # T4 财政拨款
    fiscal_income: dict[FundingSource, Decimal]  # rows 一–三 (current)
    fiscal_carry_in: dict[FundingSource, Decimal]  # 上年财政拨款结转 sub-rows
    fiscal_income_total: Decimal  # 本年收入合计
    fiscal_total: Decimal  # 收入总计
    t4_categories: tuple[CategoryRow, ...]  # keys 'subtotal' + the three fiscal source values
    t4_expenditure: dict[str, Decimal]  # 本年支出合计 = 支出总计, same keys
    t5: tuple[FunctionRow, ...]  # 一般公共预算 current year: 'total', 'basic', 'project'
    t6: tuple[EconomicRow, ...]  # group rows and item rows in code order
    t6_total: Decimal
    t6_personnel: Decimal
    t6_public: Decimal
    t7: tuple[FunctionRow, ...]  # 政府性基金 income by 收入科目, key 'amount'
    t8: tuple[FunctionRow, ...]  # 政府性基金 current spending: 'total', 'basic', 'project'
    t9_income: tuple[FunctionRow, ...]  # 国有资本经营 income, key 'amount'
    t9_expenditure: tuple[FunctionRow, ...]  # 国有资本经营 current spending
    t10: dict[ThreePublicItem, dict[FundingSource, Decimal]]  # fiscal sources only
    t10_total: Decimal
    t11: tuple[tuple[str, dict[FundingSource, Decimal]], ...]  # (unit, amounts), 行政/参公 only
    t11_total: Decimal
    t11_by_source: dict[FundingSource, Decimal]  # 部门合计 row
    t12: tuple[UnitProjects, ...]
    t12_values: dict[str, Decimal]  # 'total' + the five source values
    t13: tuple[UnitProjects, ...]
    t13_values: dict[str, Decimal]
    tables: tuple[Table, ...] = field(default=())  # the presentation: T1 … T13 in order

    # -- conveniences for 第三部分 and the rules

    @property
    def t3_total(self) -> FunctionRow:
        return self.t3[0]

    @property
    def t5_total(self) -> FunctionRow:
        return self.t5[0]

    def t10_item(self, item: ThreePublicItem) -> Decimal:
        return sum(self.t10[item].values(), ZERO)

    @property
    def t10_vehicle(self) -> Decimal:
        """公务用车购置及运行费 = ① + ②."""
        return self.t10_item(ThreePublicItem.VEHICLE_PURCHASE) + self.t10_item(ThreePublicItem.VEHICLE_OPERATION)

    def t10_rows(self) -> tuple[tuple[str, dict[FundingSource, Decimal]], ...]:
        """The six printed rows of T10 with their amounts by fiscal source (spec §4.10)."""

        def plus(*items: ThreePublicItem) -> dict[FundingSource, Decimal]:
            return {s: sum((self.t10[i][s] for i in items), ZERO) for s in FISCAL_SOURCES}

        purchase, operation = ThreePublicItem.VEHICLE_PURCHASE, ThreePublicItem.VEHICLE_OPERATION
        return (
            (T10_ROWS[0], self.t10[ThreePublicItem.OVERSEAS]),
            (T10_ROWS[1], self.t10[ThreePublicItem.RECEPTION]),
            (T10_ROWS[2], plus(purchase, operation)),
            (T10_ROWS[3], self.t10[purchase]),
            (T10_ROWS[4], self.t10[operation]),
            (T10_ROWS[5], plus(*ThreePublicItem)),
        )

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)
