"""第三部分 情况说明 and 第四部分 名词解释 of the 部门决算公开 (spec §11.5, §11.6; seed 003).

Every figure comes from :class:`~gendisclose.derive.final_tables.FinalTables` (exact 元, rounded
once when shown) or from what the department typed (年初预算, 上年决算, counts, 政府采购, 车辆,
the self-evaluations); the department's own words (reasons, purposes, measures) come from
:class:`~gendisclose.model_final.FinalNarrative` and the 类 rows. As for the budget
(:mod:`.text`), this module formats every figure and makes every choice that is logic; the
sentences are the jinja2 templates ``templates/final/sections/NN.j2`` (a profile may override
them) and the headings and fixed sentences ``templates/final/headings.json``.

Wording rules (``003.md``):

* amounts: thousands separator everywhere except the change amounts of §四 and the per-类
  lines of §五（三） (``1605.63``, seed 003); an exact zero is ``0万元``, a non-zero amount
  below 50 元 ``0.00万元`` (§二 其他收入);
* percentages: two decimals from the shown figures; a zero numerator or a zero base is ``0%``
  (judgement 9: ``完成全年预算的0%``), a shown ``0.00`` share ``0.00%``;
* changes: 增加/减少 … 增长/下降 by the sign of the shown difference, ``持平`` (``相同`` for
  “三公”) when nothing changed, no rate over a prior year of 0, no comparison at all when the
  prior year is not given;
* the seed's text defects are not copied: §五（三） has its verb (``较上年决算增加``), §十（一）
  reads ``主要原因是``, §十（四） ``国有资本经营预算``, §九（二） ``主要用于：`` throughout.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..document import Block, Heading, Paragraph
from ..model import TextBlock, ThreePublicItem
from ..model_final import EvaluationFunding, FinalDepartment, FinalVehicleCategory, Grade, IncomeSource
from ..money import ZERO, percent
from ..profile import Profile, default_profile
from ..reference import function_name
from .final_tables import CLOSING, INCOME, OPENING, THREE_PUBLIC_ORDER, FinalTables
from .table_rows import BASIC, PROJECT, TOTAL
from .text import text_blocks
from .wording import amount, change, clause

KIND = "final"

S = amount  # {x:S}: 万元 with thousands separator


def N(value: Decimal | None) -> str:  # noqa: N802 - the spec's {x:N}
    """``{x:N}``: 万元 without thousands separator."""
    return amount(value, separator=False)


def final_profile(profile: Profile | None) -> Profile:
    return profile or default_profile(KIND)


def _std(p: Profile) -> dict[str, Any]:
    return p.standard


def heading(p: Profile, key: str, level: int) -> Heading:
    std = _std(p)
    return Heading(std["sections"][key], level, in_toc=key in std["in_toc"])


def fixed(p: Profile, key: str) -> str:
    return _std(p)["fixed_sentences"][key]


def _say(p: Profile, section: str, slot: str, **values: Any) -> list[Block]:
    text = p.wording.paragraph(section, slot, **values)
    return [Paragraph(text)] if text else []


def compared(current: Decimal, prior: Decimal | None, *, separator: bool = True, subject: str = "",
             unchanged: str = "持平") -> str:
    """``增加446.58万元，增长50.99%`` (with ``subject``: ``比2022年减少…``); ``unchanged`` when the
    shown figures are equal; ``""`` when the prior year is not given."""
    found = change(current, prior)
    if found is None:
        return ""
    if found.unchanged:
        return unchanged
    rate = found.rate_text()
    text = f"{'比' + subject if subject else ''}{found.amount_text(separator=separator)}"
    return f"{text}，{rate}" if rate else text


def _reason(text: str | None, comparison: str, unchanged: str = "持平") -> str:
    """A typed reason, printed only when there is a change to explain."""
    return clause(text) if comparison and comparison != unchanged else ""


def _entries(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "last": i == len(items) - 1} for i, item in enumerate(items)]


# ---------------------------------------------------------------- 一 … 四


def section_1(d: FinalDepartment, t: FinalTables, p: Profile) -> list[Block]:
    """一、收入支出决算总体情况说明: J01 总计 rows against the prior year's."""
    income = compared(t.income_grand_total, d.prior.total)
    expenditure = compared(t.expenditure_grand_total, d.prior.total)
    return [heading(p, "一", 2), *_say(
        p, "01", "text", year=str(d.info.year), income_total=S(t.income_grand_total),
        expenditure_total=S(t.expenditure_grand_total), income_change=income,
        expenditure_change=expenditure if income else "",
        reason=_reason(d.narrative.total_reason, income if income != "持平" else expenditure))]


_INCOME_ITEMS = (
    ("财政拨款收入", None),
    ("上级补助收入", IncomeSource.HIGHER_GRANT),
    ("事业收入", IncomeSource.BUSINESS),
    ("经营收入", IncomeSource.OPERATING),
    ("附属单位上缴收入", IncomeSource.SUBORDINATE),
    ("其他收入", IncomeSource.OTHER),
)


def section_2(d: FinalDepartment, t: FinalTables, p: Profile) -> list[Block]:
    """二、收入决算情况说明: J02 合计 row, every source with its share (zeros included)."""
    whole = t.income_total
    fiscal = sum((t.income[s] for s in IncomeSource if s.is_fiscal), ZERO)
    items = [{"label": label, "amount": S(v), "share": percent(v, whole)}
             for label, v in ((label, fiscal if src is None else t.income[src]) for label, src in _INCOME_ITEMS)]
    values = {"year": str(d.info.year), "total": S(whole)}
    blocks = [heading(p, "二", 2), *_say(p, "02", "lead", **values, entry={})]
    for entry in _entries(items):
        blocks += _say(p, "02", "item", **values, entry=entry)
    return blocks


_SPENDING_ITEMS = (("基本支出", BASIC), ("项目支出", PROJECT), ("上缴上级支出", "to_higher"),
                   ("经营支出", "operating"), ("对附属单位补助支出", "to_subordinate"))


def section_3(d: FinalDepartment, t: FinalTables, p: Profile) -> list[Block]:
    """三、支出决算情况说明: J03 合计 row."""
    row = t.j03[0]
    whole = row.get(TOTAL)
    items = [{"label": label, "amount": S(row.get(key)), "share": percent(row.get(key), whole)}
             for label, key in _SPENDING_ITEMS]
    values = {"year": str(d.info.year), "total": S(whole)}
    blocks = [heading(p, "三", 2), *_say(p, "03", "lead", **values, entry={})]
    for entry in _entries(items):
        blocks += _say(p, "03", "item", **values, entry=entry)
    return blocks


def section_4(d: FinalDepartment, t: FinalTables, p: Profile) -> list[Block]:
    """四、财政拨款收支决算总体情况说明: J04 总计 rows; change amounts without separator."""
    income_total, expenditure_total = t.fiscal_income_grand_total, t.fiscal_expenditure_grand_total()
    income = compared(income_total, d.prior.fiscal_total, separator=False)
    expenditure = compared(expenditure_total, d.prior.fiscal_total, separator=False)
    return [heading(p, "四", 2), *_say(
        p, "04", "text", year=str(d.info.year), income_total=S(income_total), expenditure_total=S(expenditure_total),
        income_change=income, expenditure_change=expenditure if income else "",
        reason=_reason(d.narrative.fiscal_reason, income if income != "持平" else expenditure))]


# ---------------------------------------------------------------- 五 … 八


def section_5(d: FinalDepartment, t: FinalTables, p: Profile) -> list[Block]:
    """五、一般公共预算财政拨款支出决算情况说明: （一）总体, （二）结构 by 类, （三）具体 against the
    年初预算 and the prior year, per 类."""
    y = str(d.info.year)
    current = t.j05[0].get(TOTAL)
    scale_change = compared(current, d.prior_general)
    blocks: list[Block] = [heading(p, "五", 2), heading(p, "五.1", 3), *_say(
        p, "05", "scale", year=y, amount=S(current), share=percent(current, t.expenditure_total),
        change=scale_change, reason=_reason(d.narrative.general_reason, scale_change), budget="", completion="",
        entry={})]

    classes = [r for r in t.j05 if r.level == 1 and r.get(TOTAL)]
    values = {"year": y, "amount": S(current), "share": "", "change": "", "reason": "", "budget": "",
              "completion": ""}
    blocks += [heading(p, "五.2", 3), *_say(p, "05", "structure_lead", **values, entry={})]
    for entry in _entries([{"name": r.name, "amount": S(r.get(TOTAL)), "share": percent(r.get(TOTAL), current)}
                           for r in classes]):
        blocks += _say(p, "05", "structure_item", **values, entry=entry)

    typed = {c.class_code: c for c in d.classes}
    spent = {r.code: r for r in classes}
    codes = [*spent, *(c for c in typed if c not in spent and typed[c].budget_at_start)]
    details = []
    for code in codes:
        figures, row = typed.get(code), spent.get(code)
        amount_ = row.get(TOTAL) if row is not None else ZERO
        budget = figures.budget_at_start if figures is not None else ZERO
        comparison = compared(amount_, figures.prior_final if figures is not None else None, separator=False)
        details.append({
            "name": row.name if row is not None else (function_name(code) or code),
            "budget": N(budget), "amount": N(amount_), "completion": percent(amount_, budget),
            "purpose": clause(figures.purpose) if figures is not None else "", "change": comparison,
            "reason": _reason(figures.reason if figures is not None else None, comparison),
            "share": "",
        })
    values["budget"], values["completion"] = S(d.budget_at_start), percent(current, d.budget_at_start)
    blocks += [heading(p, "五.3", 3), *_say(p, "05", "detail_lead", **values, entry={})]
    for entry in _entries(details):
        blocks += _say(p, "05", "detail_item", **values, entry=entry)
    return blocks


def _listed(names: list[str]) -> str:
    return "、".join(names) + "等" if names else ""


def section_6(d: FinalDepartment, t: FinalTables, p: Profile) -> list[Block]:
    """六、一般公共预算财政拨款基本支出决算情况说明: J06 footers; the items as the department
    describes them (or the J06 item names)."""
    n = d.narrative
    items = [r for r in t.j06 if not r.is_group and r.amount]
    values = {
        "year": str(d.info.year), "total": S(t.j06_personnel + t.j06_public),
        "personnel_amount": S(t.j06_personnel), "public_amount": S(t.j06_public),
        "personnel_includes": clause(n.personnel_includes) or _listed([r.name for r in items if r.personnel]),
        "public_includes": clause(n.public_includes) or _listed([r.name for r in items if not r.personnel]),
    }
    return [heading(p, "六", 2), *(b for slot in ("text", "personnel", "public") for b in _say(p, "06", slot, **values))]


def section_7(d: FinalDepartment, t: FinalTables, p: Profile) -> list[Block]:
    """七、政府性基金预算财政拨款收支决算情况说明: J07 合计 row, or ``本年度无此项支出。``."""
    row = t.j07[0]
    keys = (OPENING, INCOME, TOTAL, CLOSING)
    if not any(row.get(k) for k in (*keys, BASIC, PROJECT)):
        return [heading(p, "七", 2), Paragraph(fixed(p, "no_spending"))]
    return [heading(p, "七", 2), *_say(p, "07", "text", year=str(d.info.year),
                                       **{k: S(row.get(k)) for k in keys})]


def section_8(d: FinalDepartment, t: FinalTables, p: Profile) -> list[Block]:
    """八、国有资本经营预算财政拨款支出决算情况说明: J08 合计 row, or ``本年度无此项支出。``."""
    row = t.j08[0]
    if not row.get(TOTAL):
        return [heading(p, "八", 2), Paragraph(fixed(p, "no_spending"))]
    return [heading(p, "八", 2), *_say(p, "08", "text", year=str(d.info.year), total=S(row.get(TOTAL)),
                                       basic=S(row.get(BASIC)), project=S(row.get(PROJECT)))]


# ---------------------------------------------------------------- 九 “三公”


def _three_public_prior(d: FinalDepartment, *items: ThreePublicItem) -> Decimal | None:
    """Prior-year 三公 决算 of the items; None when no item of last year is given at all."""
    given = d.prior.three_public
    if all(given.get(i) is None for i in ThreePublicItem):
        return None
    return sum((given.get(i) or ZERO for i in items), ZERO)


def section_9(d: FinalDepartment, t: FinalTables, p: Profile) -> list[Block]:
    """九、财政拨款“三公”经费支出决算情况说明: （一）预算、决算、与上年比较 per item; （二）counts
    and purposes."""
    tp, n = d.three_public, d.narrative
    budget, final = t.three_public_budget, t.three_public_final
    total_budget, total = sum(budget.values(), ZERO), sum(final.values(), ZERO)
    total_change = compared(total, _three_public_prior(d, *ThreePublicItem),
                            subject="上年“三公”经费财政拨款支出决算", unchanged="与上年“三公”经费财政拨款支出决算相同")
    items: dict[str, dict[str, Any]] = {}
    for key, item in zip(("overseas", "purchase", "operation", "reception"), THREE_PUBLIC_ORDER, strict=True):
        comparison = compared(final[item], _three_public_prior(d, item), subject="上年", unchanged="与上年相同")
        typed = clause(n.three_public_reasons.get(item))
        if not typed and not final[item] and not budget[item]:
            typed = f"本单位无{item.value}支出"
        items[key] = {"label": item.value, "budget": S(budget[item]), "amount": S(final[item]),
                      "completion": percent(final[item], budget[item]), "change": comparison, "reason": typed,
                      "last": key == "reception"}
    none = fixed(p, "no_purpose")
    values: dict[str, Any] = {
        "year": str(d.info.year), "total_budget": S(total_budget), "total_amount": S(total),
        "total_completion": percent(total, total_budget), "total_change": total_change, **items,
        "overseas_groups": str(tp.overseas_groups), "overseas_people": str(tp.overseas_people),
        "overseas_purpose": clause(n.overseas_purpose) or none, "vehicles_bought": str(tp.vehicles_bought),
        "purchase_purpose": clause(n.vehicle_purchase_purpose) or none, "vehicles_held": str(tp.vehicles_held),
        "operation_purpose": clause(n.vehicle_operation_purpose) or none,
        "reception_batches": str(tp.domestic_batches + tp.abroad_batches),
        "reception_people": str(tp.domestic_people + tp.abroad_people),
        "domestic_amount": S(tp.reception_domestic), "domestic_batches": str(tp.domestic_batches),
        "domestic_people": str(tp.domestic_people), "foreign_affairs_amount": S(tp.reception_foreign_affairs),
        "foreign_affairs_batches": str(tp.foreign_affairs_batches),
        "foreign_affairs_people": str(tp.foreign_affairs_people),
        "foreign_affairs_purpose": clause(n.foreign_affairs_purpose) or none,
        "abroad_amount": S(tp.reception_abroad), "abroad_batches": str(tp.abroad_batches),
        "abroad_people": str(tp.abroad_people), "abroad_purpose": clause(n.abroad_purpose) or none,
        "entry": {},
    }
    blocks: list[Block] = [heading(p, "九", 2), heading(p, "九.1", 3), *_say(p, "09", "lead", **values)]
    for key in ("overseas", "purchase", "operation", "reception"):
        blocks += _say(p, "09", "item", **{**values, "entry": items[key]})
    blocks.append(heading(p, "九.2", 3))
    for slot in ("overseas_detail", "purchase_detail", "operation_detail", "reception_detail"):
        blocks += _say(p, "09", slot, **values)
    return blocks


# ---------------------------------------------------------------- 十


def grade_of(score: Decimal | None, typed: Grade | None) -> Grade | None:
    """The grade a self-evaluation counts as: from its score by the bands (优 ≥ 90, 良 ≥ 80,
    中 ≥ 60, 差); the typed grade only when no score is given (a mismatch is warned at the cell,
    rule ``final.evaluation_grade``)."""
    return Grade.of_score(score) if score is not None else typed


def grade_counts(d: FinalDepartment) -> dict[Grade, int]:
    counts = dict.fromkeys(Grade, 0)
    for e in d.evaluations:
        grade = grade_of(e.score, e.grade)
        if grade is not None:
            counts[grade] += 1
    return counts


def section_10(d: FinalDepartment, t: FinalTables, p: Profile) -> list[Block]:
    """十、其他重要事项情况说明: 机关运行经费, 政府采购, 国有资产, 预算绩效."""
    y = d.info.year
    n, a = d.narrative, d.assets
    agency = d.agency_operating.total
    agency_change = compared(agency, d.prior.agency_operating, subject=f"{y - 1}年", unchanged=f"与{y - 1}年持平")
    pr = t.procurement
    funded = {f: sum((e.paid for e in d.evaluations if e.funding is f), ZERO) for f in EvaluationFunding}
    counts = grade_counts(d)
    vehicles = [c for c in FinalVehicleCategory if c is not FinalVehicleCategory.OTHER]
    values: dict[str, Any] = {
        "year": str(y), "prior_year": str(y - 1), "agency_amount": S(agency), "agency_change": agency_change,
        "agency_reason": _reason(n.agency_operating_reason, agency_change, f"与{y - 1}年持平"),
        "procurement_total": S(pr["total"]), "goods": S(pr["goods"]), "works": S(pr["works"]),
        "services": S(pr["services"]), "sme": S(d.procurement.sme), "sme_share": percent(d.procurement.sme, pr["total"]),
        "small_micro": S(d.procurement.small_micro),
        "small_micro_share": percent(d.procurement.small_micro, pr["total"]),
        "as_of": a.as_of or f"{y}年12月31日", "vehicle_total": str(t.vehicle_total),
        "vehicles": [{"name": c.value, "count": str(t.vehicles[c])} for c in vehicles],
        "other_vehicles": str(t.vehicles[FinalVehicleCategory.OTHER]),
        "other_vehicles_purpose": clause(a.other_vehicles_purpose) or fixed(p, "no_purpose"),
        "equipment": str(t.equipment_over_1m),
        "projects": str(len(d.evaluations)), "paid": S(sum(funded.values(), ZERO)),
        "general": S(funded[EvaluationFunding.GENERAL]), "government_fund": S(funded[EvaluationFunding.GOVERNMENT_FUND]),
        "state_capital": S(funded[EvaluationFunding.STATE_CAPITAL]),
        "social_insurance": S(funded[EvaluationFunding.SOCIAL_INSURANCE]),
        "excellent": str(counts[Grade.EXCELLENT]), "good": str(counts[Grade.GOOD]), "fair": str(counts[Grade.FAIR]),
        "poor": str(counts[Grade.POOR]), "measures": (n.performance_measures or "").strip(),
    }
    return [
        heading(p, "十", 2),
        heading(p, "十.1", 3), *_say(p, "10", "agency", **values),
        heading(p, "十.2", 3), *_say(p, "10", "procurement", **values),
        heading(p, "十.3", 3), *_say(p, "10", "assets", **values),
        heading(p, "十.4", 3),
        heading(p, "十.4.1", 4), *_say(p, "10", "performance", **values),
        heading(p, "十.4.2", 4), *paragraphs(n.performance_other, fixed(p, "empty_note")),
    ]


def paragraphs(blocks: tuple[TextBlock, ...], empty: str | None) -> list[Block]:
    """The department's paragraphs verbatim (sub-headings not in the 目录); ``empty`` when none."""
    return text_blocks(blocks, heading_level=4, empty=empty)


SECTIONS = (section_1, section_2, section_3, section_4, section_5, section_6, section_7, section_8,
            section_9, section_10)


def final_explanation_blocks(department: FinalDepartment, tables: FinalTables,
                             profile: Profile | None = None) -> list[Block]:
    """第三部分 情况说明 一 … 十 as blocks (headings at levels 2–4, paragraphs), without the part
    heading. ``profile``: a 决算 profile (kind ``final``; None: the default)."""
    p = final_profile(profile)
    blocks: list[Block] = []
    for section in SECTIONS:
        blocks += section(department, tables, p)
    return blocks


def final_glossary_blocks(profile: Profile | None = None) -> list[Block]:
    """第四部分 名词解释: the 12 standard 决算 terms verbatim (spec §11.6), one paragraph each."""
    return [Paragraph(line) for line in final_profile(profile).glossary]


def final_attachment_blocks(department: FinalDepartment, profile: Profile | None = None) -> list[Block]:
    """第五部分 附件 content incl. its two tables (:mod:`.final_attachment`; named here too, so the
    three parts' blocks come from one module)."""
    from .final_attachment import final_attachment_blocks as attachment

    return attachment(department, profile)
