"""第三部分 {Y}年度部门预算情况说明: the twelve sections as blocks (spec §7).

Every figure comes from :class:`~gendisclose.derive.tables.BudgetTables` (exact 元, rounded
once when shown) or, where the tables have none, from the department's own inputs (prior
year, reasons, 政府采购, 国有资产, counts). Headings, chart captions and fixed sentences are
standard text in ``templates/budget/headings.json``; the sentence templates here are the
logic that chooses between wordings (:mod:`.wording`).

Thousands separators follow spec §1.3: §三 and §十 1 and every change amount without, the
other amounts with (§七–§九 with, decision D8).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any

from ..document import Block, Chart, Heading, PageBreak, Paragraph
from ..model import (
    Department,
    FundingSource,
    ProjectCategory,
    TextBlock,
    ThreePublicItem,
    VehicleCategory,
)
from ..money import ZERO, percent, to_wan, whole_percent
from ..resources import template_path
from .performance import performance_tables
from .tables import BASIC, PROJECT, SUBTOTAL, TOTAL, BudgetTables
from .wording import amount, change, clause, compared_with_prior, joined, listing, share


@cache
def standard() -> dict[str, Any]:
    """Headings, captions and fixed sentences of the budget disclosure."""
    with template_path("budget", "headings.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def heading(key: str, level: int) -> Heading:
    std = standard()
    return Heading(std["sections"][key], level, in_toc=key in std["in_toc"])


def fixed(key: str) -> str:
    return standard()["fixed_sentences"][key]


def S(value: Decimal | None) -> str:  # noqa: N802 - the spec's {x:S}
    """``{x:S}``: 万元 with thousands separator."""
    return amount(value, separator=True)


def N(value: Decimal | None) -> str:  # noqa: N802 - the spec's {x:N}
    """``{x:N}``: 万元 without thousands separator."""
    return amount(value, separator=False)


def text_blocks(blocks: tuple[TextBlock, ...], *, heading_level: int = 4, empty: str | None = None) -> list[Block]:
    """Department narrative verbatim: sub-headings (not in the 目录) and paragraphs."""
    out: list[Block] = []
    for b in blocks:
        if b.is_heading:
            out.append(Heading(b.text, heading_level, in_toc=False))
        else:
            out.append(Paragraph(b.text))
    if not out and empty is not None:
        out.append(Paragraph(empty))
    return out


def _reason(text: str | None, lead: str = "主要原因是") -> str | None:
    found = clause(text)
    return f"{lead}{found}" if found else None


# ---------------------------------------------------------------- 一 … 六


def section_1(d: Department, t: BudgetTables) -> list[Block]:
    """一、部门预算收支数据变动情况及原因."""
    y, dept = d.info.year, d.info.name
    prior_income = d.prior.income_total
    prior_expenditure = d.prior.expenditure_total if d.prior.expenditure_total is not None else prior_income
    income = joined(
        f"{y}年度{dept}预算收入总计{S(t.income_total)}，其中：本年收入{S(t.income_current_total)}，"
        f"上年结转{S(t.carry_in)}",
        compared_with_prior(t.income_total, prior_income),
        _reason(d.reasons.income),
    )
    expenditure = joined(
        f"本年部门预算支出总计{S(t.expenditure_total)}，其中：本年预算安排{S(t.expenditure_current)}，"
        f"上年结转{S(t.expenditure_carried)}",
        compared_with_prior(t.expenditure_total, prior_expenditure),
        _reason(d.reasons.expenditure),
    )
    return [heading("一", 2), Paragraph(f"{income}；{expenditure}。")]


_INCOME_LABELS = (
    (FundingSource.GENERAL, "一般公共预算拨款收入"),
    (FundingSource.GOVERNMENT_FUND, "政府性基金预算拨款收入"),
    (FundingSource.STATE_CAPITAL, "国有资本经营预算拨款收入"),
    (FundingSource.SPECIAL_ACCOUNT, "财政专户管理资金收入"),
    (FundingSource.UNIT_FUNDS, "单位资金"),
)


def section_2(d: Department, t: BudgetTables) -> list[Block]:
    """二、收入预算情况说明: all five sources and 上年结转, zeros included."""
    whole = t.income_total
    items = [f"{label}{S(t.income.get(src, ZERO))}，{share(t.income.get(src, ZERO), whole)}" for src, label in _INCOME_LABELS]
    items.append(f"上年结转{S(t.carry_in)}，{share(t.carry_in, whole)}")
    text = f"{d.info.year}年度{d.info.name}预算收入{S(whole)}，主要包括" + "；".join(items) + "。"
    return [heading("二", 2), Paragraph(text)]


def section_3(d: Department, t: BudgetTables) -> list[Block]:
    """三、支出预算情况说明: T3 合计 row, no thousands separators."""
    row = t.t3_total
    total, basic, project = row.get(TOTAL), row.get(BASIC), row.get(PROJECT)
    text = (
        f"{d.info.year}年度{d.info.name}支出预算{N(total)}，其中：基本支出{N(basic)}，{share(basic, total)}；"
        f"项目支出{N(project)}，{share(project, total)}。"
    )
    return [heading("三", 2), Paragraph(text)]


def section_4(d: Department, t: BudgetTables) -> list[Block]:
    """四、财政拨款收支预算总体情况说明: T4."""
    fi = t.fiscal_income
    carry = sum(t.fiscal_carry_in.values(), ZERO)
    text = (
        f"{d.info.year}年度{d.info.name}财政拨款收支总预算{S(t.fiscal_total)}。"
        f"其中：一般公共预算拨款{S(fi.get(FundingSource.GENERAL))}，"
        f"政府性基金预算拨款{S(fi.get(FundingSource.GOVERNMENT_FUND))}，"
        f"国有资本经营预算拨款{S(fi.get(FundingSource.STATE_CAPITAL))}。"
        f"其中：当年拨款收入{S(t.fiscal_income_total)}，上年结转收入{S(carry)}。"
    )
    categories = [f"{r.category.name}{S(r.get(SUBTOTAL))}" for r in t.t4_categories if r.get(SUBTOTAL)]
    if categories:
        text += f"支出包括：{listing(categories)}。"
    return [heading("四", 2), Paragraph(text)]


def general_structure(t: BudgetTables) -> list[tuple[str, Decimal, str]]:
    """T5 类 rows with amount (元) and share text: the figures of §五（二）and its chart."""
    whole = t.t5_total.get(TOTAL)
    return [(r.name, r.get(TOTAL), percent(r.get(TOTAL), whole)) for r in t.t5 if r.level == 1 and r.get(TOTAL)]


def section_5(d: Department, t: BudgetTables) -> list[Block]:
    """五、一般公共预算支出情况说明: （一）规模变化, （二）结构 with shares (D4), then the chart."""
    y, dept = d.info.year, d.info.name
    current = t.t5_total.get(TOTAL)
    scale = joined(f"{y}年度{dept}一般公共预算当年支出{S(current)}", compared_with_prior(current, d.prior.general_current))
    blocks: list[Block] = [heading("五", 2), heading("五.1", 3), Paragraph(f"{scale}。"), heading("五.2", 3)]
    structure = general_structure(t)
    if structure:
        items = [f"{name}{S(value)}，占{pct}" for name, value, pct in structure]
        blocks.append(Paragraph(f"{y}年度{dept}一般公共预算当年支出{S(current)}，主要用于以下方面：{listing(items, sep='；')}。"))
        blocks.append(
            Chart(
                key="CHART_GENERAL_STRUCTURE",
                caption=standard()["charts"]["general_structure"],
                kind="pie",
                items=tuple((name, to_wan(value), pct) for name, value, pct in structure),
            )
        )
    else:
        blocks.append(Paragraph(f"{y}年度{dept}一般公共预算当年支出{S(current)}。"))
    return blocks


def section_6(d: Department, t: BudgetTables) -> list[Block]:
    """六、一般公共预算基本支出情况说明: T6 totals and the item names in T6 order (D10)."""
    y, dept = d.info.year, d.info.name
    blocks: list[Block] = [heading("六", 2)]
    if not t.t6_total:
        return blocks + [Paragraph(f"{y}年度{dept}一般公共预算安排基本支出{S(ZERO)}。")]
    # names once each: T6 may list an item twice (same code, two 政府预算经济科目 by unit kind)
    personnel = list(dict.fromkeys(r.name for r in t.t6 if not r.is_group and r.personnel))
    public = list(dict.fromkeys(r.name for r in t.t6 if not r.is_group and r.public))

    def line(label: str, value: Decimal, names: list[str], end: str) -> str:
        if not names:
            return f"{label}{S(value)}{end}"
        return f"{label}{S(value)}，主要包括：{listing(names)}{end}"

    return blocks + [
        Paragraph(f"{y}年度{dept}一般公共预算安排基本支出{S(t.t6_total)}，其中："),
        Paragraph(line("人员经费", t.t6_personnel, personnel, "；")),
        Paragraph(line("公用经费", t.t6_public, public, "。")),
    ]


# ---------------------------------------------------------------- 七 … 九


def _three_public_prior(d: Department, *items: ThreePublicItem) -> Decimal | None:
    """Prior-year 三公 of the given items; None when no 三公 item of last year is given at all
    (once any item is given, the prior 三公 budget is known and an untyped item is 0)."""
    given = d.prior.three_public
    if all(given.get(i) is None for i in ThreePublicItem):
        return None
    return sum((given.get(i) or ZERO for i in items), ZERO)


def section_7(d: Department, t: BudgetTables) -> list[Block]:
    """七、“三公”经费增减变动原因说明: case A (none), B (all unchanged) or C (changed), spec §7.7."""
    y, dept = d.info.year, d.info.name
    purchase, operation = ThreePublicItem.VEHICLE_PURCHASE, ThreePublicItem.VEHICLE_OPERATION
    total = t.t10_total
    prior_total = _three_public_prior(d, *ThreePublicItem)
    blocks: list[Block] = [heading("七", 2)]
    if not total and not prior_total:  # case A (D6): none this year, none (or unknown) last year
        return blocks + [Paragraph(fixed("no_three_public"))]

    reasons = d.reasons.three_public_items
    items = [  # (label, current, prior, reason) in the text order of §7.7
        (ThreePublicItem.OVERSEAS.value, t.t10_item(ThreePublicItem.OVERSEAS),
         _three_public_prior(d, ThreePublicItem.OVERSEAS), reasons.get(ThreePublicItem.OVERSEAS)),
        (ThreePublicItem.RECEPTION.value, t.t10_item(ThreePublicItem.RECEPTION),
         _three_public_prior(d, ThreePublicItem.RECEPTION), reasons.get(ThreePublicItem.RECEPTION)),
        ("公务用车购置及运行费", t.t10_vehicle, _three_public_prior(d, purchase, operation),
         "，".join(dict.fromkeys(clause(reasons.get(i)) for i in (purchase, operation) if clause(reasons.get(i))))),
        (operation.value, t.t10_item(operation), _three_public_prior(d, operation), reasons.get(operation)),
        (purchase.value, t.t10_item(purchase), _three_public_prior(d, purchase), reasons.get(purchase)),
    ]

    def item_text(label: str, current: Decimal, prior: Decimal | None, reason: str | None) -> str:
        found = change(current, prior)
        if found is None:
            return f"{label}{S(current)}"
        if found.unchanged:
            return f"{label}{S(current)}，与上年预算数相同"
        return joined(f"{label}{S(current)}，与上年相比预算数{found.amount_text(separator=True)}", _reason(reason))

    texts = [item_text(*i) for i in items]
    whole = change(total, prior_total)
    if whole is not None and whole.unchanged and all(
        (c := change(cur, pri)) is not None and c.unchanged for _, cur, pri, _ in items
    ):  # case B, verbatim 002
        blocks.append(
            Paragraph(
                f"{y}年{dept}财政拨款安排的“三公”经费预算{S(total)}与{y - 1}年预算数相同。"
                f"其中：{texts[0]}；{texts[1]}；{texts[2]}。{texts[3]}；{texts[4]}。"
            )
        )
    else:  # case C (or no prior year: no comparison at all)
        lead = f"{y}年{dept}财政拨款安排的“三公”经费预算{S(total)}"
        if whole is not None and not whole.unchanged:
            lead = joined(f"{lead}比{y - 1}年{whole.amount_text(separator=True)}", _reason(d.reasons.three_public_total))
        elif whole is not None:
            lead = f"{lead}，与上年预算数相同"
        blocks.append(Paragraph(f"{lead}。"))
        blocks.append(Paragraph(f"其中：{texts[0]}；{texts[1]}；{texts[2]}，{texts[3]}；{texts[4]}。"))
    if total:
        whole_shown = total
        chart_items = [
            (label, to_wan(cur), percent(cur, whole_shown)) for label, cur, _, _ in items[:3] if cur
        ]
        blocks.append(
            Chart(key="CHART_THREE_PUBLIC", caption=standard()["charts"]["three_public"], kind="pie",
                  items=tuple(chart_items))
        )
    return blocks


def _has_agency_units(d: Department) -> bool:
    kinds = [u.kind for u in d.units] or [d.info.unit_kind]
    return any(k.has_agency_operating_costs for k in kinds)


def section_8(d: Department, t: BudgetTables) -> list[Block]:
    """八、机关运行经费增减变动原因说明: 002 skeleton (D5); the 004 sentence for 事业单位."""
    y = d.info.year
    blocks: list[Block] = [heading("八", 2)]
    current = t.t11_total
    if not current and not _has_agency_units(d):
        return blocks + [Paragraph(fixed("institution_no_agency_costs"))]
    comparison = compared_with_prior(current, d.prior.agency_operating, subject=f"{y - 1}年预算", separator=True)
    reason = _reason(d.reasons.agency_operating, "原因是") if comparison and comparison != "与上年持平" else None
    text = joined(f"本部门{y}年所属机关运行经费财政拨款预算{S(current)}", comparison, reason)
    return blocks + [Paragraph(f"{text}。")]


def section_9(d: Department, t: BudgetTables) -> list[Block]:
    """九、政府采购情况 (inputs; total = 货物 + 工程 + 服务)."""
    p = d.procurement
    text = (
        f"{d.info.year}年{d.info.name}政府采购预算总额{S(p.total)}。"
        f"其中：政府采购货物预算{S(p.goods)}、政府采购工程预算{S(p.works)}、政府采购服务预算{S(p.services)}。"
    )
    return [heading("九", 2), Paragraph(text)]


# ---------------------------------------------------------------- 十 … 十二


def _project_figures(d: Department, t: BudgetTables) -> dict[str, Any]:
    """Counts and amounts of §十 2 from the T12/T13 rows (a project in both counts once)."""
    published = {(p.unit, p.name) for p in d.projects if p.publish_targets}
    amounts: dict[tuple[str, str], Decimal] = {}
    category: dict[tuple[str, str], ProjectCategory] = {}
    for block in (*t.t12, *t.t13):
        for row in block.projects:
            key = (row.unit, row.name)
            amounts[key] = amounts.get(key, ZERO) + row.get(TOTAL)
            category.setdefault(key, row.category)

    def tally(keys: list[tuple[str, str]]) -> tuple[int, Decimal]:
        return len(keys), sum((amounts[k] for k in keys), ZERO)

    everything = list(amounts)
    shown = [k for k in everything if k in published]
    return {
        "all": tally(everything),
        "published": tally(shown),
        **{f"all_{c.name}": tally([k for k in everything if category[k] is c]) for c in ProjectCategory},
        **{f"published_{c.name}": tally([k for k in shown if category[k] is c]) for c in ProjectCategory},
    }


def section_10(d: Department, t: BudgetTables) -> list[Block]:
    """十、绩效管理情况: 1 整体 (long form, D14), 2 项目, then the performance tables inline."""
    y, dept = d.info.year, d.info.name
    o = d.overall
    t3 = t.t3_total
    units = o.units_total if o.units_total is not None else len(d.units) or 1
    reporting = o.units_reporting if o.units_reporting is not None else units
    reported = o.amount_reporting if o.amount_reporting is not None else (t.income_total if reporting else ZERO)
    overall = (
        f"{y}年编报部门整体支出绩效目标，涉及部门预算资金{N(t.income_total)}，其中基本支出{N(t3.get(BASIC))}，"
        f"项目支出{N(t3.get(PROJECT))}；机关及下属预算单位{units}个，其中{reporting}个单位（包括机关）"
        f"编报了单位整体绩效目标，涉及资金{N(reported)}。{fixed('overall_targets_annex')}"
    )
    blocks: list[Block] = [heading("十", 2), heading("十.1", 3), Paragraph(overall), heading("十.2", 3)]

    f = _project_figures(d, t)
    n, total = f["all"]
    if not n:
        blocks.append(Paragraph(f"{y}年{dept}纳入绩效目标管理的二级项目0个，共计金额{S(ZERO)}。"))
    else:
        op, sp = ProjectCategory.OPERATING, ProjectCategory.SPECIFIC_PURPOSE

        def split(prefix: str, noun: str) -> str:
            (n1, a1), (n2, a2) = f[f"{prefix}_{op.name}"], f[f"{prefix}_{sp.name}"]
            return f"其中：{op.value}项目{n1}个，涉及{noun}{S(a1)}；{sp.value}项目{n2}个，涉及{noun}{S(a2)}。"

        m, published = f["published"]
        blocks.append(
            Paragraph(
                f"{y}年{dept}纳入绩效目标管理的二级项目{n}个，共计金额{S(total)}。{split('all', '金额')}"
                f"公开项目绩效目标{m}个，涉及项目金额{S(published)}，"
                f"占部门（单位）项目支出总额的{whole_percent(published, t3.get(PROJECT))}。{split('published', '项目金额')}"
            )
        )
        blocks.append(Paragraph(fixed("project_targets_annex")))
    for table in performance_tables(d, t):
        blocks += [PageBreak(), table]
    blocks.append(PageBreak())
    return blocks


def section_11(d: Department, t: BudgetTables) -> list[Block]:
    """十一、国有资产占有使用情况 (inputs)."""
    a, dept = d.assets, d.info.name
    as_of = a.as_of or f"{d.info.year - 1}年12月31日"
    vehicles = "，".join(f"{c.value}{a.vehicles.get(c, 0)}辆" for c in VehicleCategory)
    return [
        heading("十一", 2),
        heading("十一.1", 3),
        Paragraph(f"截至{as_of}，{dept}共有公务用车编制{a.vehicle_quota}辆，实有{a.vehicle_actual}辆，其中：{vehicles}。"),
        heading("十一.2", 3),
        Paragraph(f"截至{as_of}，{dept}使用的办公用房建筑总面积{a.office_area or '0'}平方米。{a.office_note or ''}"),
        heading("十一.3", 3),
        Paragraph(
            f"截至{as_of}，{dept}占有使用价值50万元（原值）以上的通用设备{a.equipment_over_500k}台（套）；"
            f"{dept}占有使用价值100万元（原值）以上的通用设备{a.equipment_over_1m}台（套）。"
        ),
    ]


def section_12(d: Department, t: BudgetTables) -> list[Block]:
    """十二、其他说明: the department's two texts verbatim (``无`` when empty)."""
    return [
        heading("十二", 2),
        heading("十二.1", 3),
        *text_blocks(d.notes.purchase_catalogue, empty=fixed("empty_note")),
        heading("十二.2", 3),
        *text_blocks(d.notes.other, empty=fixed("empty_note")),
    ]


SECTIONS = (
    section_1, section_2, section_3, section_4, section_5, section_6,
    section_7, section_8, section_9, section_10, section_11, section_12,
)


def derive_part3(department: Department, tables: BudgetTables) -> list[Block]:
    """第三部分 §一 … §十二 (without the part heading): headings, paragraphs, charts, and the
    performance tables inline after §十 2."""
    blocks: list[Block] = []
    for section in SECTIONS:
        blocks += section(department, tables)
    return blocks

