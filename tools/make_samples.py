"""Build the shipped sample workbooks (``sample_inputs/``) from the seed data.

    python tools/make_samples.py            # (re)write every sample
    python tools/make_samples.py --check    # fail if a committed sample differs from a fresh build

Three samples re-create published disclosures from their structured seeds
(``tests/data/seeds/NNN.json``, solved 元 amounts that reproduce every printed figure);
:func:`seed_department` is the faithful seed → model conversion the golden tests also use.
The fourth, :func:`synthetic_department`, is a made-up county department that exercises
what the seeds never do: several units of all three kinds, every funding source,
上年结转, 政府性基金 and 国有资本经营 income, non-zero 三公 and 机关运行经费.

The seed JSON files do not share one schema (each was written from its own document), so
the readers below accept the few spellings each field has (``overview`` / ``项目概况`` …).
Facts a seed records that the model cannot hold are listed in :data:`UNHELD_FACTS` (and in
``sample_inputs/README.md``); none of them is a typed figure of the disclosure.

Samples are deterministic: the same model always gives the same bytes (``template_bytes``
writes fixed document and zip-entry times); ``--check`` proves the committed files are fresh.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from gendisclose.model import (
    Assets,
    BasicLine,
    BudgetUnit,
    Department,
    DepartmentInfo,
    EconomicLine,
    FundingSource,
    Indicator,
    IndicatorPeriod,
    KeyTask,
    LevelFunds,
    OtherNotes,
    OverallPerformance,
    PriorYear,
    Procurement,
    Project,
    ProjectCategory,
    Reasons,
    SourceAmounts,
    Staffing,
    TextBlock,
    ThreePublicItem,
    UnitKind,
    VehicleCategory,
)
from gendisclose.money import TEN_THOUSAND, to_wan, yuan

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
SAMPLES = ROOT / "sample_inputs"

#: the folder of samples that show errors (a newcomer's ``build sample_inputs/*.xlsx`` skips it)
WITH_ERRORS = "with-errors"
AS_PUBLISHED_002 = f"{WITH_ERRORS}/zezhou-approval-2026-as-published.xlsx"

#: sample file (relative to sample_inputs/) → seed id (None: the synthetic department)
SAMPLE_FILES: dict[str, str | None] = {
    "pinglu-approval-2026.xlsx": "000",
    "zezhou-approval-2026.xlsx": "002",  # corrected: its 2 公务用车 counted as 其他公务用车 (CORRECTIONS)
    AS_PUBLISHED_002: "002",  # as published: 实有 2 辆 but every category 0 (assets.vehicles_sum)
    "pinglu-affairs-2026.xlsx": "004",
    "synthetic-multi-unit-2026.xlsx": None,
    "shuocheng-approval-final-2023.xlsx": "003",  # the 决算 seed (tools/final_sample.py)
}

#: The one 决算 seed: converted by tools/final_sample.py into the 决算 model, written as a 决算 workbook.
FINAL_SEED = "003"

#: What each seed records that the model has no place for (kept here so it is said once).
UNHELD_FACTS: dict[str, tuple[str, ...]] = {
    "000": (
        "performance-table project names (half-width `(…)`, 全日制 project spelled differently): "
        "the model keeps one name per project, the T12 name",
        "performance-table print order (全日制 → 12345 → 13710 → 残疾人 → 档案): spec D9 prints in T12 order",
        "prior-year 基本支出 366.00 / 项目支出 132.30 and the itemised changes of §一: "
        "only inside the department's reason text",
        "整体表 年度预算 项目支出 108.21 (a derived figure, not typed; we print 108.22)",
        "§十 1 short subject `行政审批服务管理局` and its amount 108.22 (derived sentence)",
        "整体表 部门职责 differs from Part 1 only by typos: kept as typed in OverallPerformance.duties",
        "truncated/shifted printed cells (level3_printed, level1_printed): the completed labels are used",
    ),
    "002": (
        "the illegible 整体支出绩效目标申报表 (no staffing, no 整体 indicators)",
        "page-2 variants of three performance tables (second_page.fields_differing_from_page_1)",
        "performance-table print order: spec D9 prints in T12 order",
        "prior-year 基本/项目 split (not stated in the seed either)",
        "§十 1 printed 1758.49 (a derived figure; the tables give 1758.48)",
        "招标评审相关经费: one 年度 时效指标 row whose 三级 and 指标值 were lost in the extraction "
        "(kept with empty 三级/指标值)",
        "the two non-budget 下属事业单位 named in a 项目概况 (text only)",
    ),
    "004": (
        "performance-table names that differ from T12 (`纪委院`, the cut-off 104.10 name)",
        "performance-table print order: spec D9 prints in T12 order",
        "§七 reason for the combined 公务用车购置及运行费 row (the model has reasons per item; "
        "it is the same text as 公务用车运行维护费's)",
        "§十 2 printed counts: 25 published (only 19 tables are printed; publish flag = table printed) and 56%",
        "Part 1 staffing detail (领导职数, 离退休, 遗属 counts): only inside the organisation text",
    ),
    "003": (
        "the printed punctuation of the texts (`purpose_printed`, `connector_printed`: `主要用于:无。`, "
        "`主要原因落实…`): the tool writes the standard form, tests/test_golden_final_text.py names each deviation",
        "the self-evaluated projects' 二级项目 level and their 功能科目 (not printed): 项目支出 is typed per 项 "
        "on 支出决算, the 12 self-evaluations are not tied to it (715.22 vs 支付金额 652.22, 003.md)",
        "which 项 the 18 J06 items sit on (not printed, not determinable): J06 is typed department-wide",
        "the J10 行次 17 of the extraction (the standard's 16, which we print)",
    ),
}

SOURCE_NAMES: dict[str, FundingSource] = {s.value: s for s in FundingSource}
SOURCE_NAMES["政府性基金"] = FundingSource.GOVERNMENT_FUND

THREE_PUBLIC_NAMES: dict[str, ThreePublicItem] = {
    "因公出国（境）费": ThreePublicItem.OVERSEAS,
    "公务接待费": ThreePublicItem.RECEPTION,
    "公务用车购置费": ThreePublicItem.VEHICLE_PURCHASE,
    "公务用车运行维护费": ThreePublicItem.VEHICLE_OPERATION,
}

STAFFING_KEYS = {
    "internal_departments": "内设职能部门数",
    "subordinate_units": "所属预算单位数",
    "authorised": "核定的人员编制数",
    "on_payroll": "在编人员数",
    "others": "其他人员数",
}


# ---------------------------------------------------------------- small readers


def _get(d: dict | None, *keys: str, default: Any = None) -> Any:
    """The first of ``keys`` present (and not None) in ``d``."""
    if not d:
        return default
    for k in keys:
        if k in d and d[k] is not None:
            return d[k]
    return default


def _money(value: str | None) -> Decimal:
    return yuan(value) if value not in (None, "") else yuan("0")


def _money_or_none(value: str | None) -> Decimal | None:
    return None if value is None else yuan(value)


def _sources(block: dict | None) -> tuple[SourceAmounts, SourceAmounts]:
    """``{source: {当年, 上年结转}}`` or ``{source: amount}`` → (current, carried)."""
    current: dict[FundingSource, Decimal] = {}
    carried: dict[FundingSource, Decimal] = {}
    for name, value in (block or {}).items():
        source = SOURCE_NAMES[name]
        if isinstance(value, dict):
            current[source] = _money(value.get("当年"))
            carried[source] = _money(value.get("上年结转"))
        else:
            current[source] = _money(value)
    return SourceAmounts.of(current), SourceAmounts.of(carried)


def _level_funds(block: dict | None) -> LevelFunds | None:
    if not block:
        return None

    def pick(*names: str) -> Decimal:
        return _money(_get(block, *names))

    return LevelFunds(
        central=pick("中央财政资金"),
        provincial=pick("省级财政资金"),
        local=pick("市县(区)财政资金", "市县（区）财政资金"),
        self_raised=pick("单位自筹"),
        other=pick("其他资金"),
    )


def _blocks(items: Iterable[Any] | None) -> tuple[TextBlock, ...]:
    """Paragraph strings or ``{"kind": "heading"|"paragraph", "text": …}`` records."""
    out = []
    for item in items or ():
        if isinstance(item, str):
            out.append(TextBlock(text=item))
        else:
            out.append(TextBlock(text=item["text"], is_heading=item.get("kind") == "heading"))
    return tuple(out)


def _paragraphs(*values: Any) -> tuple[TextBlock, ...]:
    """Strings and lists of strings → paragraphs, in order, skipping None."""
    out: list[TextBlock] = []
    for v in values:
        if v is None:
            continue
        out.extend(TextBlock(text=s) for s in ([v] if isinstance(v, str) else v))
    return tuple(out)


def _wan_to_yuan(value: str | None) -> Decimal | None:
    if value is None:
        return None
    return yuan(Decimal(value.replace(",", "")) * TEN_THOUSAND)


# ---------------------------------------------------------------- the conversion


def _info(seed: dict) -> DepartmentInfo:
    d = seed["department"]
    staffing_src = d.get("staffing") or {}
    staffing = Staffing(**{field: staffing_src.get(key) for field, key in STAFFING_KEYS.items()})
    return DepartmentInfo(
        name=d["name"],
        code=d.get("code"),
        region=d.get("region"),
        year=int(d["year"]),
        unit_kind=UnitKind(d["unit_kind"]),
        duties=_blocks(d.get("duties")),
        organisation=_blocks(d.get("organisation")),
        staffing=staffing,
    )


def _basic_lines(seed: dict, unit: str) -> tuple[BasicLine, ...]:
    lines = []
    for line in seed["budget_lines"]:
        current, carried = _sources(line.get("basic"))
        if current.total == 0 and carried.total == 0:
            continue  # a 项 with 项目支出 only: its money is typed on the projects
        lines.append(
            BasicLine(
                unit=line.get("unit", unit),
                function_code=line["code"],
                function_name=line.get("name"),
                current=current,
                carried=carried,
            )
        )
    return tuple(lines)


def _economic_lines(seed: dict, unit: str) -> tuple[EconomicLine, ...]:
    return tuple(
        EconomicLine(
            unit=item.get("unit", unit),
            economic_code=item["code"],
            amount=yuan(item["amount"]),
            government_name=_government_name_override(
                item["code"], item.get("政府预算支出经济科目名称"), UnitKind(seed["department"]["unit_kind"])
            ),
        )
        for item in seed["economic_items"]
    )


def _government_name_override(code: str, printed: str | None, kind: UnitKind) -> str | None:
    """Keep the printed 政府预算 name only where the reference mapping gives another one."""
    if printed is None:
        return None
    try:
        from gendisclose.reference import government_economic_name  # type: ignore[attr-defined]
    except ImportError:  # the reference mapping is not there: keep every printed name
        return printed
    try:
        derived = government_economic_name(code, kind)
    except (KeyError, ValueError):
        return printed
    return None if derived == printed else printed


def _project(p: dict, unit: str) -> Project:
    pt = p.get("performance_table") or {}
    current, carried = _sources(p["amounts"])
    carried_total = p.get("上年结转")
    if carried_total not in (None, "0.00"):  # 004 records 上年结转 as one total per project
        raise ValueError(f"{p['name']}: 上年结转 {carried_total} without a funding source")
    funds = _get(pt, "funds", "项目资金") or {}
    goals = _get(pt, "overall_goal", "总体目标") or {}
    return Project(
        name=p["name"],
        unit=p.get("unit") or unit,
        function_code=p["function_code"],
        category=ProjectCategory(p["category"]),
        current=current,
        carried=carried,
        publish_targets=bool(p.get("has_performance_table")),
        attribute=_get(pt, "attribute", "project_attribute", "项目属性"),
        period=_get(pt, "period", "project_period", "项目期"),
        implementing_unit=_get(pt, "implementing_unit", "实施单位"),
        implementation_funds=_level_funds(funds.get("实施期")),
        annual_funds=_level_funds(funds.get("年度")),
        overview=_get(pt, "overview", "项目概况"),
        basis=_get(pt, "basis", "立项依据"),
        necessity=_get(pt, "necessity", "项目设立必要性"),
        safeguards=_get(pt, "safeguards", "保证项目实施的制度、措施"),
        plan=_get(pt, "plan", "项目实施计划"),
        goal_implementation=_get(pt, "goal_implementation") or goals.get("实施期"),
        goal_annual=_get(pt, "goal_annual") or goals.get("年度"),
        responsible_person=_get(pt, "responsible_person", "负责人"),
        handler=_get(pt, "handler", "经办人"),
        phone=_get(pt, "phone", "联系电话"),
        fill_date=_get(pt, "fill_date", "填报日期"),
    )


def _indicator(project: str | None, i: dict) -> Indicator:
    period = i.get("period") if project is not None else None
    return Indicator(
        project=project,
        period=IndicatorPeriod(period) if period else None,
        level1=i["level1"],
        level2=i["level2"],
        level3=i.get("level3") or "",
        value=i.get("value") or "",
    )


def _indicators(seed: dict) -> tuple[Indicator, ...]:
    out = [_indicator(None, i) for i in (seed.get("overall_performance") or {}).get("indicators") or ()]
    for p in seed["projects"]:
        pt = p.get("performance_table") or {}
        out.extend(_indicator(p["name"], i) for i in pt.get("indicators") or ())
    return tuple(out)


def _overall(seed: dict, total: Decimal) -> OverallPerformance:
    op = seed.get("overall_performance") or {}
    pm = seed.get("performance_management_printed") or {}
    section = _get(pm, "overall", "section_10_1") or {}
    inputs = section.get("inputs") or {}
    units_total = _get(inputs, "n_units") or _get(
        section, "units", "机关及下属预算单位", "机关及下属预算单位数"
    )
    reporting = _get(inputs, "n_reported")
    if reporting is None:
        reporting = _get(
            section, "reported_units", "编报单位整体绩效目标的单位", "编报单位整体绩效目标的单位数"
        )
    amount_wan = _get(inputs, "amt_reported_wan")
    if amount_wan is None:
        amount_wan = _get(section, "reported_amount_wan", "涉及资金_wan")
    amount = _wan_to_yuan(amount_wan)
    if amount is not None and amount and to_wan(total) == to_wan(amount):
        amount = total  # the printed 涉及资金 is the department total (004): enter it exactly
    key_tasks = tuple(
        KeyTask(core_function=_get(t, "core_function", "核心职能"), tasks=_get(t, "tasks", "重点任务"))
        for t in (_get(op, "key_tasks", "年度重点任务") or ())
    )
    return OverallPerformance(
        duties=_get(op, "部门职责", "duties"),
        strategic_goal=_get(op, "strategic_goal", "部门战略目标"),
        key_tasks=key_tasks,
        annual_goal=_get(op, "annual_goals", "annual_goal", "年度绩效目标"),
        social_insurance_fund=_money(_get(op, "social_insurance_fund", "社会保险基金预算资金")),
        units_total=units_total,
        units_reporting=reporting,
        amount_reporting=amount,
    )


def _three_public_prior(seed: dict) -> dict[ThreePublicItem, Decimal | None]:
    prior = (seed.get("three_public") or {}).get("prior") or {}
    values = {item: _money_or_none(prior.get(name)) for name, item in THREE_PUBLIC_NAMES.items()}
    current = (seed.get("three_public") or {}).get("current") or {}
    no_three_public = all(_money(current.get(n)) == 0 for n in THREE_PUBLIC_NAMES)
    if no_three_public and all(v is None for v in values.values()):
        # 000: §七 says 本部门无“三公”经费预算 and gives no prior figure. The accountant of a
        # department without 三公 types 0 for the prior year too (spec D6: case A needs both 0).
        return dict.fromkeys(THREE_PUBLIC_NAMES.values(), yuan("0"))
    return values


def _prior(seed: dict) -> PriorYear:
    py = seed.get("prior_year") or {}

    def amount(*keys: str) -> Decimal | None:
        v = _get(py, *keys)
        if v is None:
            return None
        return _money_or_none(_get(v, "amount", "yuan")) if isinstance(v, dict) else _money_or_none(v)

    agency = amount("agency_operating_costs", "机关运行经费")
    if agency is None:
        agency = _money_or_none((seed.get("agency_operating_costs") or {}).get("prior"))
    return PriorYear(
        income_total=amount("income_total", "预算收入总计"),
        expenditure_total=amount("expenditure_total", "预算支出总计"),
        general_current=amount("general_budget_current", "一般公共预算当年支出"),
        three_public=_three_public_prior(seed),
        agency_operating=agency,
    )


def _narrative(seed: dict, section: str) -> dict:
    n = seed.get("narratives") or {}
    numbers = {"一": "1", "七": "7", "八": "8", "十一": "11", "十二": "12"}
    return _get(n, section, f"section_{numbers[section]}") or {}


def _reasons(seed: dict) -> Reasons:
    one, seven, eight = (_narrative(seed, s) for s in ("一", "七", "八"))
    items_src = _get(seven, "items", "item_reasons") or {}
    items = {THREE_PUBLIC_NAMES[k]: v for k, v in items_src.items() if k in THREE_PUBLIC_NAMES and v}
    return Reasons(
        income=_get(one, "income_reason", "reason_income"),
        expenditure=_get(one, "expenditure_reason", "reason_expense"),
        three_public_total=_get(seven, "reason_total"),
        three_public_items=items,
        agency_operating=_get(eight, "reason"),
    )


def _procurement(seed: dict) -> Procurement:
    p = seed.get("procurement") or {}
    return Procurement(
        goods=_money(_get(p, "goods", "货物")),
        works=_money(_get(p, "works", "工程")),
        services=_money(_get(p, "services", "服务")),
    )


def _assets(seed: dict) -> Assets:
    a = seed.get("assets") or {}
    v = a.get("vehicles") or {}
    eleven = _narrative(seed, "十一")
    return Assets(
        as_of=_get(a, "as_of", "截至"),
        vehicle_quota=int(v.get("编制") or 0),
        vehicle_actual=int(v.get("实有") or 0),
        vehicles={c: int(v.get(c.value) or 0) for c in VehicleCategory},
        office_area=_get(a, "office_area_m2"),
        office_note=_get(a, "office_note", "house_note") or _get(eleven, "office_note", "house_note"),
        equipment_over_500k=int(
            _get(a, "equipment_over_50wan", "equipment_50万_plus", "general_equipment_50wan_plus", default=0)
        ),
        equipment_over_1m=int(
            _get(
                a, "equipment_over_100wan", "equipment_100万_plus", "general_equipment_100wan_plus", default=0
            )
        ),
    )


def _notes(seed: dict) -> OtherNotes:
    twelve = _narrative(seed, "十二")
    return OtherNotes(
        purchase_catalogue=_paragraphs(_get(twelve, "一", "（一）", "text_1")),
        other=_paragraphs(
            _get(twelve, "二", "（二）", "text_2"),
            _get(twelve, "extra_lines", "trailing_lines"),
        ),
    )


def seed_department(json_path: str | Path) -> Department:
    """Convert one seed JSON (``tests/data/seeds/NNN.json``) into the model, faithfully."""
    seed = json.loads(Path(json_path).read_text(encoding="utf-8"))
    info = _info(seed)
    units = tuple(
        BudgetUnit(name=u["name"], kind=UnitKind(u["kind"])) for u in seed["department"]["budget_units"]
    )
    own = units[0].name if units else info.name
    basic = _basic_lines(seed, own)
    projects = tuple(_project(p, own) for p in seed["projects"])
    total = sum((b.current.total + b.carried.total for b in basic), Decimal(0)) + sum(
        (p.total for p in projects), Decimal(0)
    )
    return Department(
        info=info,
        units=units,
        basic_lines=basic,
        economic_lines=_economic_lines(seed, own),
        projects=projects,
        indicators=_indicators(seed),
        overall=_overall(seed, total),
        prior=_prior(seed),
        reasons=_reasons(seed),
        procurement=_procurement(seed),
        assets=_assets(seed),
        notes=_notes(seed),
    )


# ---------------------------------------------------------------- writing


def sample_department(file_name: str) -> Department:
    seed = SAMPLE_FILES[file_name]
    if seed == FINAL_SEED:
        try:
            from tools.final_sample import final_seed_department
        except ImportError:  # run as a script: tools/ itself is on sys.path
            from final_sample import final_seed_department  # type: ignore[no-redef]

        return final_seed_department(SEEDS / f"{seed}.json")  # type: ignore[return-value]
    if seed is None:
        try:
            from tools.synthetic_sample import synthetic_department
        except ImportError:  # run as a script: tools/ itself is on sys.path
            from synthetic_sample import synthetic_department  # type: ignore[no-redef]

        return synthetic_department()
    department = seed_department(SEEDS / f"{seed}.json")
    fix = CORRECTIONS.get(file_name)
    return fix(department) if fix else department


def _vehicles_listed_as_other(d: Department) -> Department:
    """Seed 002 prints 公务用车实有2辆 with every category 0; the corrected copy lists the 2 cars
    as 其他公务用车 (the seed does not say which kind they are — the least specific category)."""
    a = d.assets
    missing = a.vehicle_actual - sum(a.vehicles.values())
    vehicles = {**a.vehicles, VehicleCategory.OTHER: a.vehicles.get(VehicleCategory.OTHER, 0) + missing}
    return d.model_copy(update={"assets": a.model_copy(update={"vehicles": vehicles})})


#: the samples that correct a mistake of the published seed (the as-published copy is in with-errors/)
CORRECTIONS = {"zezhou-approval-2026.xlsx": _vehicles_listed_as_other}


def build_sample(file_name: str) -> bytes:
    from gendisclose.workbook.template import template_bytes

    return template_bytes(sample_department(file_name))  # deterministic bytes (fixed times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with the committed samples, write nothing"
    )
    parser.add_argument("--out", type=Path, default=SAMPLES)
    args = parser.parse_args(argv)
    stale = []
    args.out.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES:
        data = build_sample(name)
        target = args.out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(name)
        elif not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python tools/make_samples.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
