"""第三部分 {Y}年度部门预算情况说明: the twelve sections as blocks (spec §7).

Every figure comes from :class:`~gendisclose.derive.tables.BudgetTables` (exact 元, rounded
once when shown) or, where the tables have none, from the department's own inputs (prior
year, reasons, 政府采购, 国有资产, counts). The sentences are jinja2 templates, one file per
section (``templates/budget/sections/NN.j2``, a profile may override them, see
:mod:`gendisclose.profile.wording`): this module formats every figure, makes every choice that
is logic (增加/减少, 持平, a missing prior year, zero shares, the case of §七: :mod:`.wording`)
and hands each template named, formatted values. Headings, chart captions and fixed sentences
are standard text (``templates/budget/headings.json`` or the profile's ``[headings]``).

Thousands separators follow spec §1.3: §三 and §十 1 and every change amount without, the
other amounts with (§七–§九 with, decision D8).
"""

from __future__ import annotations

from decimal import Decimal
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
from ..profile import Profile, default_profile
from .performance import performance_tables
from .tables import BASIC, PROJECT, SUBTOTAL, TOTAL, BudgetTables
from .wording import UNCHANGED, amount, change, clause, compared_with_prior


def standard(profile: Profile | None = None) -> dict[str, Any]:
    """Headings, captions and fixed sentences of the budget disclosure (the profile's, or the
    default's: ``templates/budget/headings.json``)."""
    return (profile or default_profile()).standard


def heading(key: str, level: int, profile: Profile | None = None) -> Heading:
    std = standard(profile)
    return Heading(std["sections"][key], level, in_toc=key in std["in_toc"])


def fixed(key: str, profile: Profile | None = None) -> str:
    return standard(profile)["fixed_sentences"][key]


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


def _text(value: str | None) -> str:
    """A department's free-text reason for a template: trimmed of closing punctuation, or ``""``."""
    return clause(value)


def _change(current: Decimal, prior: Decimal | None, **options: Any) -> str:
    return compared_with_prior(current, prior, **options) or ""


def _say(p: Profile, section: str, slot: str, **values: Any) -> list[Block]:
    """The paragraph a section template makes (none when the macro renders nothing)."""
    text = p.wording.paragraph(section, slot, **values)
    return [Paragraph(text)] if text else []


# ---------------------------------------------------------------- 一 … 六


def section_1(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """一、部门预算收支数据变动情况及原因."""
    prior_income = d.prior.income_total
    prior_expenditure = d.prior.expenditure_total if d.prior.expenditure_total is not None else prior_income
    return [heading("一", 2, p), *_say(
        p, "01", "text", year=str(d.info.year), dept=d.info.name,
        income_total=S(t.income_total), income_current=S(t.income_current_total), carry_in=S(t.carry_in),
        income_change=_change(t.income_total, prior_income), income_reason=_text(d.reasons.income),
        expenditure_total=S(t.expenditure_total), expenditure_current=S(t.expenditure_current),
        expenditure_carried=S(t.expenditure_carried),
        expenditure_change=_change(t.expenditure_total, prior_expenditure),
        expenditure_reason=_text(d.reasons.expenditure),
    )]


_INCOME_LABELS = (
    (FundingSource.GENERAL, "一般公共预算拨款收入"),
    (FundingSource.GOVERNMENT_FUND, "政府性基金预算拨款收入"),
    (FundingSource.STATE_CAPITAL, "国有资本经营预算拨款收入"),
    (FundingSource.SPECIAL_ACCOUNT, "财政专户管理资金收入"),
    (FundingSource.UNIT_FUNDS, "单位资金"),
)


def section_2(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """二、收入预算情况说明: all five sources and 上年结转, zeros included."""
    whole = t.income_total
    parts = [(label, t.income.get(src, ZERO)) for src, label in _INCOME_LABELS] + [("上年结转", t.carry_in)]
    items = [{"label": label, "amount": S(value), "share": percent(value, whole)} for label, value in parts]
    return [heading("二", 2, p), *_say(p, "02", "text", year=str(d.info.year), dept=d.info.name,
                                        income_total=S(whole), items=items)]


def section_3(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """三、支出预算情况说明: T3 合计 row, no thousands separators."""
    row = t.t3_total
    total, basic, project = row.get(TOTAL), row.get(BASIC), row.get(PROJECT)
    return [heading("三", 2, p), *_say(
        p, "03", "text", year=str(d.info.year), dept=d.info.name, total=N(total), basic=N(basic),
        basic_share=percent(basic, total), project=N(project), project_share=percent(project, total))]


def section_4(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """四、财政拨款收支预算总体情况说明: T4."""
    fi = t.fiscal_income
    categories = [{"name": r.category.name, "amount": S(r.get(SUBTOTAL))} for r in t.t4_categories if r.get(SUBTOTAL)]
    return [heading("四", 2, p), *_say(
        p, "04", "text", year=str(d.info.year), dept=d.info.name, fiscal_total=S(t.fiscal_total),
        general=S(fi.get(FundingSource.GENERAL)), government_fund=S(fi.get(FundingSource.GOVERNMENT_FUND)),
        state_capital=S(fi.get(FundingSource.STATE_CAPITAL)), fiscal_income=S(t.fiscal_income_total),
        fiscal_carry_in=S(sum(t.fiscal_carry_in.values(), ZERO)), categories=categories)]


def general_structure(t: BudgetTables) -> list[tuple[str, Decimal, str]]:
    """T5 类 rows with amount (元) and share text: the figures of §五（二）and its chart."""
    whole = t.t5_total.get(TOTAL)
    return [(r.name, r.get(TOTAL), percent(r.get(TOTAL), whole)) for r in t.t5 if r.level == 1 and r.get(TOTAL)]


def section_5(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """五、一般公共预算支出情况说明: （一）规模变化, （二）结构 with shares (D4), then the chart."""
    current = t.t5_total.get(TOTAL)
    structure = general_structure(t)
    values = {"year": str(d.info.year), "dept": d.info.name, "current": S(current),
              "change": _change(current, d.prior.general_current),
              "items": [{"name": name, "amount": S(value), "share": pct} for name, value, pct in structure]}
    blocks: list[Block] = [heading("五", 2, p), heading("五.1", 3, p), *_say(p, "05", "scale", **values),
                           heading("五.2", 3, p), *_say(p, "05", "structure", **values)]
    if structure:
        blocks.append(
            Chart(
                key="CHART_GENERAL_STRUCTURE",
                caption=standard(p)["charts"]["general_structure"],
                kind="pie",
                items=tuple((name, to_wan(value), pct) for name, value, pct in structure),
            )
        )
    return blocks


def section_6(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """六、一般公共预算基本支出情况说明: T6 totals and the item names in T6 order (D10)."""
    blocks: list[Block] = [heading("六", 2, p)]
    # names once each: T6 may list an item twice (same code, two 政府预算经济科目 by unit kind)
    values = {
        "year": str(d.info.year), "dept": d.info.name, "total": S(t.t6_total if t.t6_total else ZERO),
        "personnel_amount": S(t.t6_personnel), "public_amount": S(t.t6_public),
        "personnel_items": list(dict.fromkeys(r.name for r in t.t6 if not r.is_group and r.personnel)),
        "public_items": list(dict.fromkeys(r.name for r in t.t6 if not r.is_group and r.public)),
    }
    if not t.t6_total:
        return blocks + _say(p, "06", "empty", **values)
    return blocks + [b for slot in ("text", "personnel", "public") for b in _say(p, "06", slot, **values)]


# ---------------------------------------------------------------- 七 … 九


def _three_public_prior(d: Department, *items: ThreePublicItem) -> Decimal | None:
    """Prior-year 三公 of the given items; None when no 三公 item of last year is given at all
    (once any item is given, the prior 三公 budget is known and an untyped item is 0)."""
    given = d.prior.three_public
    if all(given.get(i) is None for i in ThreePublicItem):
        return None
    return sum((given.get(i) or ZERO for i in items), ZERO)


def _three_public_item(label: str, current: Decimal, prior: Decimal | None, reason: str | None) -> dict[str, Any]:
    found = change(current, prior)
    changed = found is not None and not found.unchanged
    return {"label": label, "amount": S(current), "unchanged": found is not None and found.unchanged,
            "change": found.amount_text(separator=True) if changed else "",
            "reason": _text(reason) if changed else ""}


def section_7(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """七、“三公”经费增减变动原因说明: case A (none), B (all unchanged) or C (changed), spec §7.7."""
    y = d.info.year
    purchase, operation = ThreePublicItem.VEHICLE_PURCHASE, ThreePublicItem.VEHICLE_OPERATION
    total = t.t10_total
    prior_total = _three_public_prior(d, *ThreePublicItem)
    blocks: list[Block] = [heading("七", 2, p)]
    if not total and not prior_total:  # case A (D6): none this year, none (or unknown) last year
        return blocks + [Paragraph(fixed("no_three_public", p))]

    reasons = d.reasons.three_public_items
    items = {  # (label, current, prior, reason) in the text order of §7.7
        "overseas": (ThreePublicItem.OVERSEAS.value, t.t10_item(ThreePublicItem.OVERSEAS),
                     _three_public_prior(d, ThreePublicItem.OVERSEAS), reasons.get(ThreePublicItem.OVERSEAS)),
        "reception": (ThreePublicItem.RECEPTION.value, t.t10_item(ThreePublicItem.RECEPTION),
                      _three_public_prior(d, ThreePublicItem.RECEPTION), reasons.get(ThreePublicItem.RECEPTION)),
        "vehicle": ("公务用车购置及运行费", t.t10_vehicle, _three_public_prior(d, purchase, operation),
                    "，".join(dict.fromkeys(clause(reasons.get(i)) for i in (purchase, operation) if clause(reasons.get(i))))),
        "operation": (operation.value, t.t10_item(operation), _three_public_prior(d, operation), reasons.get(operation)),
        "purchase": (purchase.value, t.t10_item(purchase), _three_public_prior(d, purchase), reasons.get(purchase)),
    }
    whole = change(total, prior_total)
    values = {
        "year": str(y), "prior_year": str(y - 1), "dept": d.info.name, "total": S(total),
        "total_change": whole.amount_text(separator=True) if whole is not None and not whole.unchanged else "",
        "total_unchanged": whole is not None and whole.unchanged,
        "total_reason": _text(d.reasons.three_public_total) if whole is not None and not whole.unchanged else "",
        **{key: _three_public_item(*item) for key, item in items.items()},
    }
    if whole is not None and whole.unchanged and all(
        (c := change(cur, pri)) is not None and c.unchanged for _, cur, pri, _ in items.values()
    ):  # case B, verbatim 002
        blocks += _say(p, "07", "unchanged", **values)
    else:  # case C (or no prior year: no comparison at all)
        blocks += _say(p, "07", "lead", **values) + _say(p, "07", "items", **values)
    if total:
        chart_items = [
            (label, to_wan(cur), percent(cur, total)) for label, cur, _, _ in list(items.values())[:3] if cur
        ]
        blocks.append(
            Chart(key="CHART_THREE_PUBLIC", caption=standard(p)["charts"]["three_public"], kind="pie",
                  items=tuple(chart_items))
        )
    return blocks


def _has_agency_units(d: Department) -> bool:
    kinds = [u.kind for u in d.units] or [d.info.unit_kind]
    return any(k.has_agency_operating_costs for k in kinds)


def section_8(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """八、机关运行经费增减变动原因说明: 002 skeleton (D5); the 004 sentence for 事业单位."""
    y = d.info.year
    blocks: list[Block] = [heading("八", 2, p)]
    current = t.t11_total
    if not current and not _has_agency_units(d):
        return blocks + [Paragraph(fixed("institution_no_agency_costs", p))]
    comparison = _change(current, d.prior.agency_operating, subject=f"{y - 1}年预算", separator=True)
    reason = _text(d.reasons.agency_operating) if comparison and comparison != UNCHANGED else ""
    return blocks + _say(p, "08", "text", year=str(y), amount=S(current), change=comparison, reason=reason)


def section_9(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """九、政府采购情况 (inputs; total = 货物 + 工程 + 服务)."""
    pr = d.procurement
    return [heading("九", 2, p), *_say(p, "09", "text", year=str(d.info.year), dept=d.info.name,
                                        total=S(pr.total), goods=S(pr.goods), works=S(pr.works),
                                        services=S(pr.services))]


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


def section_10(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """十、绩效管理情况: 1 整体 (long form, D14), 2 项目, then the performance tables inline."""
    o = d.overall
    t3 = t.t3_total
    units = o.units_total if o.units_total is not None else len(d.units) or 1
    reporting = o.units_reporting if o.units_reporting is not None else units
    reported = o.amount_reporting if o.amount_reporting is not None else (t.income_total if reporting else ZERO)
    f = _project_figures(d, t)
    (n, total), (m, published) = f["all"], f["published"]
    op, sp = ProjectCategory.OPERATING, ProjectCategory.SPECIFIC_PURPOSE
    values: dict[str, Any] = {
        "year": str(d.info.year), "dept": d.info.name, "budget_total": N(t.income_total),
        "basic": N(t3.get(BASIC)), "project": N(t3.get(PROJECT)), "units": str(units),
        "units_reporting": str(reporting), "amount_reporting": N(reported),
        "annex": fixed("overall_targets_annex", p), "count": str(n), "total": S(total),
        "operating": op.value, "specific": sp.value, "published_count": str(m), "published_amount": S(published),
        "published_share": whole_percent(published, t3.get(PROJECT)),
    }
    for prefix, name in (("", "all"), ("published_", "published")):
        for label, category in (("operating", op), ("specific", sp)):
            count, amount_ = f[f"{name}_{category.name}"]
            values[f"{prefix}{label}_count"], values[f"{prefix}{label}_amount"] = str(count), S(amount_)
    blocks: list[Block] = [heading("十", 2, p), heading("十.1", 3, p), *_say(p, "10", "overall", **values),
                           heading("十.2", 3, p)]
    if not n:
        blocks += _say(p, "10", "no_projects", **values)
    else:
        blocks += _say(p, "10", "projects", **values)
        blocks.append(Paragraph(fixed("project_targets_annex", p)))
    for table in performance_tables(d, t, p.performance):
        blocks += [PageBreak(), table]
    blocks.append(PageBreak())
    return blocks


def section_11(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """十一、国有资产占有使用情况 (inputs)."""
    a = d.assets
    values = {
        "as_of": a.as_of or f"{d.info.year - 1}年12月31日", "dept": d.info.name,
        "vehicle_quota": str(a.vehicle_quota), "vehicle_actual": str(a.vehicle_actual),
        "vehicle_list": [{"name": c.value, "count": str(a.vehicles.get(c, 0))} for c in VehicleCategory],
        "office_area": str(a.office_area or "0"), "office_note": a.office_note or "",
        "equipment_500k": str(a.equipment_over_500k), "equipment_1m": str(a.equipment_over_1m),
    }
    return [
        heading("十一", 2, p), heading("十一.1", 3, p), *_say(p, "11", "vehicles", **values),
        heading("十一.2", 3, p), *_say(p, "11", "office", **values),
        heading("十一.3", 3, p), *_say(p, "11", "equipment", **values),
    ]


def section_12(d: Department, t: BudgetTables, p: Profile) -> list[Block]:
    """十二、其他说明: the department's two texts verbatim (``无`` when empty)."""
    return [
        heading("十二", 2, p),
        heading("十二.1", 3, p),
        *text_blocks(d.notes.purchase_catalogue, empty=fixed("empty_note", p)),
        heading("十二.2", 3, p),
        *text_blocks(d.notes.other, empty=fixed("empty_note", p)),
    ]


SECTIONS = (
    section_1, section_2, section_3, section_4, section_5, section_6,
    section_7, section_8, section_9, section_10, section_11, section_12,
)


def derive_part3(department: Department, tables: BudgetTables, profile: Profile | None = None) -> list[Block]:
    """第三部分 §一 … §十二 (without the part heading): headings, paragraphs, charts, and the
    performance tables inline after §十 2. ``profile``: wording templates and texts (None: the
    default)."""
    profile = profile or default_profile()
    blocks: list[Block] = []
    for section in SECTIONS:
        blocks += section(department, tables, profile)
    return blocks
