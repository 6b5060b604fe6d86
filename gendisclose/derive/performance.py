"""绩效目标表: the 整体支出绩效目标申报表 and one 项目支出绩效目标表 per project (spec §8).

Both are grids built with :class:`~gendisclose.document.Cell` spans; they are printed inline
in 第三部分 §十 after the 项目绩效目标 paragraph. Their money comes from the derived tables
(T1 收入总计 and income rows, T3 基本/项目) or, for a project, from its 年度资金 input, which
``gendisclose.rules`` (``rule_project_annual_funds_match``) cross-checks against T12/T13.

Titles and the fixed 一级/二级 indicator skeleton (§8.3) are standard text, kept in
``templates/budget/performance.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from ..document import Align, Cell, Table, head
from ..model import (
    INDICATOR_LEVELS,
    Department,
    FundingSource,
    Indicator,
    IndicatorPeriod,
    LevelFunds,
    Project,
)
from ..money import ZERO, perf_yuan, wan_amount
from ..resources import template_path
from .tables import BASIC, PROJECT, TOTAL, BudgetTables

OVERALL_KEY = "PERF_OVERALL"


@cache
def standard() -> dict[str, Any]:
    """The standard strings of the performance tables (titles, skeleton)."""
    with template_path("budget", "performance.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _label(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, align=Align.CENTER)


def _text(text: str | None, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text or "", colspan=colspan, rowspan=rowspan, align=Align.LEFT)


def _money(text: str, colspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, align=Align.RIGHT)


def _count(value: int | None, unit: str) -> str:
    return "" if value is None else f"{value}{unit}"


def department_label(department: Department) -> str:
    """``008-朔州市平鲁区行政审批服务管理局`` (部门名称 / 主管部门及代码)."""
    info = department.info
    return f"{info.code}-{info.name}" if info.code else info.name


# ---------------------------------------------------------------- indicator hierarchy


@dataclass(frozen=True)
class IndicatorGroup:
    """One 二级指标 of the skeleton with the 三级 rows typed for it (possibly none)."""

    level1: str
    level2: str
    rows: tuple[Indicator, ...]


def indicator_groups(indicators: Sequence[Indicator]) -> list[IndicatorGroup]:
    """The full §8.3 skeleton in fixed order, each 二级 with its indicators in input order.

    Labels are normalised through the aliases of the standard (``可持续发展影响`` →
    ``可持续影响``); a 二级 outside the skeleton is kept, after the skeleton rows of its 一级
    (or in a trailing block for an unknown 一级), so nothing typed is lost.
    """
    std = standard()
    l1_alias: dict[str, str] = std["level1_aliases"]
    l2_alias: dict[str, str] = std["level2_aliases"]
    order: list[tuple[str, str]] = [(l1, l2) for l1, l2s in INDICATOR_LEVELS.items() for l2 in l2s]
    known_l2 = {l2: l1 for l1, l2 in order}
    found: dict[tuple[str, str], list[Indicator]] = {key: [] for key in order}
    for ind in indicators:
        l2 = l2_alias.get(ind.level2.strip(), ind.level2.strip())
        l1 = known_l2.get(l2) or l1_alias.get(ind.level1.strip(), ind.level1.strip())
        key = (l1, l2)
        if key not in found:
            found[key] = []
            last_of_l1 = max((i for i, k in enumerate(order) if k[0] == l1), default=len(order) - 1)
            order.insert(last_of_l1 + 1, key)
        found[key].append(ind)
    return [IndicatorGroup(l1, l2, tuple(found[(l1, l2)])) for l1, l2 in order]


def _blocks(groups: list[IndicatorGroup]) -> list[tuple[str, list[IndicatorGroup]]]:
    blocks: list[tuple[str, list[IndicatorGroup]]] = []
    for g in groups:
        if blocks and blocks[-1][0] == g.level1:
            blocks[-1][1].append(g)
        else:
            blocks.append((g.level1, [g]))
    return blocks


def _overall_indicator_rows(indicators: Sequence[Indicator]) -> list[list[Cell]]:
    """Rows ``一级 | 二级 | 三级 | 指标值`` with merged 一级/二级 cells (no leading block column)."""
    rows: list[list[Cell]] = []
    for level1, groups in _blocks(indicator_groups(indicators)):
        height = sum(max(len(g.rows), 1) for g in groups)
        first_of_block = True
        for g in groups:
            k = max(len(g.rows), 1)
            for i in range(k):
                row: list[Cell] = []
                if first_of_block:
                    row.append(_label(level1, rowspan=height))
                    first_of_block = False
                if i == 0:
                    row.append(_label(g.level2, rowspan=k))
                ind = g.rows[i] if i < len(g.rows) else None
                row += [_text(ind.level3 if ind else ""), _text(ind.value if ind else "")]
                rows.append(row)
    return rows


def _project_indicator_rows(indicators: Sequence[Indicator]) -> list[list[Cell]]:
    """Rows ``一级 | 二级 三级 值 (实施期) | 二级 三级 值 (年度)``: both sides on the one skeleton.

    An indicator typed without a period counts for both sides. A 二级 takes as many rows as
    its longer side; its label is merged over them on both sides (spec D15: no repeated
    label on continuation rows).
    """
    left = [i for i in indicators if i.period in (IndicatorPeriod.IMPLEMENTATION, None)]
    right = [i for i in indicators if i.period in (IndicatorPeriod.ANNUAL, None)]
    left_groups = {(g.level1, g.level2): g.rows for g in indicator_groups(left)}
    right_groups = {(g.level1, g.level2): g.rows for g in indicator_groups(right)}
    merged = indicator_groups(list(left) + list(right))  # the union of both skeletons, in order
    rows: list[list[Cell]] = []
    for level1, groups in _blocks(merged):
        sizes = [
            max(len(left_groups.get((level1, g.level2), ())), len(right_groups.get((level1, g.level2), ())), 1)
            for g in groups
        ]
        first_of_block = True
        for g, k in zip(groups, sizes, strict=True):
            lrows = left_groups.get((level1, g.level2), ())
            rrows = right_groups.get((level1, g.level2), ())
            for i in range(k):
                row: list[Cell] = []
                if first_of_block:
                    row.append(_label(level1, rowspan=sum(sizes)))
                    first_of_block = False
                for side in (lrows, rrows):
                    if i == 0:
                        row.append(_label(g.level2, rowspan=k))
                    ind = side[i] if i < len(side) else None
                    row += [_text(ind.level3 if ind else ""), _text(ind.value if ind else "")]
                rows.append(row)
    return rows


# ---------------------------------------------------------------- 整体支出绩效目标申报表


def overall_performance_table(department: Department, tables: BudgetTables) -> Table:
    """县(区)级预算部门(单位)整体支出绩效目标申报表 (spec §8.1), five grid columns."""
    std = standard()
    info = department.info
    staff = info.staffing
    overall = department.overall
    t3 = tables.t3_total
    income = tables.income

    def src(source: FundingSource) -> str:
        return wan_amount(income.get(source, ZERO))

    duties = overall.duties or "".join(b.text for b in info.duties)
    body: list[list[Cell]] = [
        [_label("部门基本信息", rowspan=5), _label("部门名称"), _text(department_label(department), colspan=3)],
        [
            _label("内设职能部门数"),
            _text(_count(staff.internal_departments, "个")),
            _label("所属预算单位数"),
            _text(_count(staff.subordinate_units, "个")),
        ],
        [
            _label("核定的人员编制数", rowspan=3),
            _text(_count(staff.authorised, "人"), rowspan=3),
            _label("实际在职人员总数"),
            _text(_count(staff.actual, "人")),
        ],
        [_label("其中:在编人员数"), _text(_count(staff.on_payroll, "人"))],
        [_label("其他人员数"), _text(_count(staff.others, "人"))],
        [_label("部门职责"), _text(duties, colspan=4)],
        [_label("部门战略目标"), _text(overall.strategic_goal, colspan=4)],
        [
            _label("年度预算情况", rowspan=8),
            _label("按资金来源划分"),
            _label("资金总额(万元)"),
            _label("按资金方向划分"),
            _label("资金总额(万元)"),
        ],
        [
            _label("合计"),
            _money(wan_amount(tables.income_total)),
            _label("合计"),
            _money(wan_amount(tables.income_total)),
        ],
        [
            _label("其中:一般公共预算资金"),
            _money(src(FundingSource.GENERAL)),
            _label("其中:基本支出"),
            _money(wan_amount(t3.get(BASIC))),
        ],
        [
            _label("政府性基金预算资金"),
            _money(src(FundingSource.GOVERNMENT_FUND)),
            _label("项目支出"),
            _money(wan_amount(t3.get(PROJECT))),
        ],
        [_label("国有资本经营预算资金"), _money(src(FundingSource.STATE_CAPITAL)), _text("", colspan=2, rowspan=4)],
        [_label("社会保险基金预算资金"), _money(wan_amount(overall.social_insurance_fund))],
        [_label("专户管理资金"), _money(src(FundingSource.SPECIAL_ACCOUNT))],
        [_label("单位资金"), _money(src(FundingSource.UNIT_FUNDS))],
    ]
    tasks = overall.key_tasks
    body.append([_label("年度重点任务", rowspan=1 + max(len(tasks), 1)), _label("核心职能"), _label("重点任务", colspan=3)])
    if tasks:
        body += [[_text(t.core_function), _text(t.tasks, colspan=3)] for t in tasks]
    else:
        body.append([_text(""), _text("", colspan=3)])
    body.append([_label("年度绩效目标"), _text(overall.annual_goal, colspan=4)])
    ind_rows = _overall_indicator_rows([i for i in department.indicators if i.project is None])
    body.append(
        [
            _label("年度绩效指标", rowspan=1 + len(ind_rows)),
            head("一级指标"),
            head("二级指标"),
            head("三级指标"),
            head("指标值"),
        ]
    )
    body += ind_rows
    return Table(
        key=OVERALL_KEY,
        title=std["overall_title"],
        subtitle=std["overall_subtitle"].format(year=info.year),
        header=(),
        body=tuple(tuple(r) for r in body),
        column_widths=(1.2, 1.6, 1.6, 1.8, 1.4),
    )


# ---------------------------------------------------------------- 项目支出绩效目标表


def project_funds(project: Project, amount: Decimal) -> tuple[LevelFunds, LevelFunds]:
    """(实施期, 年度) 项目资金 in 元. Missing input → the project's amount as 市县(区)财政资金
    (every seed's money is all 市县(区)); a missing 实施期 repeats the 年度 figures."""
    annual = project.annual_funds or LevelFunds(local=amount)
    implementation = project.implementation_funds or annual
    return implementation, annual


_FUND_ROWS = (
    ("其中:中央财政资金", "central"),
    ("省级财政资金", "provincial"),
    ("市县(区)财政资金", "local"),
    ("单位自筹", "self_raised"),
    ("其他资金", "other"),
)


def _fund_text(funds: LevelFunds, attr: str) -> str:
    value: Decimal = getattr(funds, attr)
    if attr == "other" and value == ZERO:
        return ""  # 其他资金 is an empty cell when zero (all seeds)
    return perf_yuan(value)


def project_performance_table(department: Department, project: Project, tables: BudgetTables, number: int = 1) -> Table:
    """{region}县(区)级预算部门(单位)项目支出绩效目标表 (spec §8.2), eight grid columns.

    ``number`` makes the key (``PERF_PROJECT_3``): the position in T12 order.
    """
    std = standard()
    info = department.info
    amount = project_amounts(tables).get((project.unit, project.name), project.total)
    implementation, annual = project_funds(project, amount)
    body: list[list[Cell]] = [
        [_label("项目名称", colspan=2), _text(project.name, colspan=6)],
        [
            _label("主管部门及代码", colspan=2),
            _text(department_label(department), colspan=2),
            _label("实施单位"),
            _text(project.implementing_unit or project.unit, colspan=3),
        ],
        [
            _label("项目属性", colspan=2),
            _text(project.attribute, colspan=2),
            _label("项目期"),
            _text(project.period, colspan=3),
        ],
        [
            _label("项目资金(元)", colspan=2, rowspan=6),
            _label("实施期资金总额:", colspan=2),
            _money(perf_yuan(implementation.total)),
            _label("年度资金总额:", colspan=2),
            _money(perf_yuan(annual.total)),
        ],
    ]
    for label, attr in _FUND_ROWS:
        body.append(
            [
                _label(label, colspan=2),
                _money(_fund_text(implementation, attr)),
                _label(label, colspan=2),
                _money(_fund_text(annual, attr)),
            ]
        )
    for label, value in (
        ("项目概况", project.overview),
        ("立项依据", project.basis),
        ("项目设立必要性", project.necessity),
        ("保证项目实施的制度、措施", project.safeguards),
        ("项目实施计划", project.plan),
    ):
        body.append([_label(label, colspan=2), _text(value, colspan=6)])
    body += [
        [_label("总体目标", colspan=2, rowspan=2), _label("实施期目标", colspan=3), _label("年度目标", colspan=3)],
        [_text(project.goal_implementation, colspan=3), _text(project.goal_annual, colspan=3)],
    ]
    ind_rows = _project_indicator_rows([i for i in department.indicators if i.project == project.name])
    body.append(
        [_label("绩效指标", rowspan=1 + len(ind_rows))]
        + [head(t) for t in ("一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值")]
    )
    body += ind_rows
    body.append(
        [
            _label("负责人:"),
            _text(project.responsible_person),
            _label("经办人:"),
            _text(project.handler),
            _label("联系电话:"),
            _text(project.phone),
            _label("填报日期:"),
            _text(project.fill_date),
        ]
    )
    return Table(
        key=f"PERF_PROJECT_{number}",
        title=std["project_title"].format(region=info.region or ""),
        subtitle=std["project_subtitle"].format(year=info.year),
        header=(),
        body=tuple(tuple(r) for r in body),
        column_widths=(0.8, 1.0, 1.2, 1.6, 1.0, 1.2, 1.6, 1.0),
        wide=True,
    )


# ---------------------------------------------------------------- which projects, in which order


def project_amounts(tables: BudgetTables) -> dict[tuple[str, str], Decimal]:
    """(unit, project name) → its T12 + T13 合计 in 元 (the figure the tables print)."""
    out: dict[tuple[str, str], Decimal] = {}
    for block in list(tables.t12) + list(tables.t13):
        for row in block.projects:
            key = (row.unit, row.name)
            out[key] = out.get(key, ZERO) + row.get(TOTAL)
    return out


def published_projects(department: Department, tables: BudgetTables) -> list[Project]:
    """Projects whose 绩效目标 are published, in T12 order, then T13-only projects (spec D9)."""
    by_key = {(p.unit, p.name): p for p in department.projects}
    seen: list[tuple[str, str]] = []
    for block in list(tables.t12) + list(tables.t13):
        for row in block.projects:
            key = (row.unit, row.name)
            if key not in seen:
                seen.append(key)
    ordered = [by_key[k] for k in seen if k in by_key]
    ordered += [p for p in department.projects if (p.unit, p.name) not in seen]
    return [p for p in ordered if p.publish_targets]


def performance_tables(department: Department, tables: BudgetTables, texts: dict | None = None) -> list[Table]:
    """The 整体 table, then one project table per published project (spec §8 order).

    ``texts``: a profile's ``[performance]`` titles and subtitles (None: performance.json's)."""
    out = [overall_performance_table(department, tables)]
    out += [
        project_performance_table(department, p, tables, n)
        for n, p in enumerate(published_projects(department, tables), start=1)
    ]
    if texts is None:
        return out
    from dataclasses import replace

    from ..profile.settings import fill

    info = department.info
    fields = {"year": info.year, "region": info.region or ""}
    return [
        replace(t, title=fill(texts["overall_title" if i == 0 else "project_title"], **fields),
                subtitle=fill(texts["overall_subtitle" if i == 0 else "project_subtitle"], **fields))
        for i, t in enumerate(out)
    ]

