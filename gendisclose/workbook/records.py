"""Department → the values of each sheet, keyed like the schema (used to fill the template).

The inverse of :mod:`.assemble`; the round-trip tests (Department → bytes → read → equal
Department) keep the two in step.
"""

from __future__ import annotations

from typing import Any

from ..model import Department, LevelFunds, SourceAmounts, TextBlock
from ..reference import economic_item
from .schema import (
    ASSETS,
    BASIC,
    ECONOMIC,
    EXPLANATIONS,
    FUND_INCOME,
    HEADING,
    INDICATORS,
    INFO,
    KEY_TASKS,
    OVERALL,
    OVERALL_OWNER,
    PARAGRAPH,
    PRIOR,
    PROJECTS,
    TEXTS,
    THREE_PUBLIC_EXTRA,
    UNITS,
)

Record = dict[str, Any]


def _flat(prefix: str, model: SourceAmounts | LevelFunds | None) -> Record:
    if model is None:
        return {}
    return {f"{prefix}.{name}": value for name, value in model.model_dump().items()}


def _economic_name(code: str) -> str | None:
    """部门预算支出经济科目名称 of a code, from the reference list."""
    item = economic_item(code)
    return item.name if item else None


def department_records(dept: Department) -> dict[str, Any]:
    """{sheet name: list of row records (table sheets) or one field record (key–value sheets)}."""
    info = dept.info
    out: dict[str, Any] = {}
    out[INFO.name] = {
        "name": info.name,
        "code": info.code,
        "region": info.region,
        "year": info.year,
        "unit_kind": info.unit_kind,
        **{f"staffing.{k}": v for k, v in info.staffing.model_dump().items()},
        "contact_person": info.contact_person,
        "contact_phone": info.contact_phone,
    }
    out[UNITS.name] = [{"name": u.name, "kind": u.kind} for u in dept.units]
    out[TEXTS.name] = [
        *_texts("本部门职责", info.duties),
        *_texts("机构设置情况", info.organisation),
        *_texts("政府购买服务指导性目录", dept.notes.purchase_catalogue),
        *_texts("其他说明", dept.notes.other),
    ]
    out[BASIC.name] = [
        {
            "unit": line.unit,
            "function_code": line.function_code,
            "function_name": line.function_name,  # as typed: None stays blank (exact round trip)
            **_flat("current", line.current),
            **_flat("carried", line.carried),
        }
        for line in dept.basic_lines
    ]
    out[ECONOMIC.name] = [
        {
            "unit": line.unit,
            "economic_code": line.economic_code,
            "economic_name": _economic_name(line.economic_code),
            "amount": line.amount,
            "government_name": line.government_name,
        }
        for line in dept.economic_lines
    ]
    out[PROJECTS.name] = [_project(p) for p in dept.projects]
    out[INDICATORS.name] = [
        {
            "owner": ind.project if ind.project is not None else OVERALL_OWNER,
            "period": ind.period,
            "level1": ind.level1,
            "level2": ind.level2,
            "level3": ind.level3,
            "value": ind.value,
        }
        for ind in dept.indicators
    ]
    overall = dept.overall
    out[OVERALL.name] = {
        "duties": overall.duties,
        "strategic_goal": overall.strategic_goal,
        "annual_goal": overall.annual_goal,
        "social_insurance_fund": overall.social_insurance_fund,
        "units_total": overall.units_total,
        "units_reporting": overall.units_reporting,
        "amount_reporting": overall.amount_reporting,
    }
    out[KEY_TASKS.name] = [{"core_function": t.core_function, "tasks": t.tasks} for t in overall.key_tasks]
    out[THREE_PUBLIC_EXTRA.name] = [
        {"project": x.project, "item": x.item, "source": x.source, "amount": x.amount}
        for x in dept.three_public_extra
    ]
    out[FUND_INCOME.name] = [
        {"source": x.source, "code": x.code, "name": x.name, "amount": x.amount} for x in dept.fund_income
    ]
    prior, reasons = dept.prior, dept.reasons
    out[PRIOR.name] = {
        "prior.income_total": prior.income_total,
        "prior.expenditure_total": prior.expenditure_total,
        "prior.general_current": prior.general_current,
        "prior.agency_operating": prior.agency_operating,
        **{f"prior.three_public.{item.value}": v for item, v in prior.three_public.items()},
        "reasons.income": reasons.income,
        "reasons.expenditure": reasons.expenditure,
        "reasons.three_public_total": reasons.three_public_total,
        **{f"reasons.three_public_items.{item.value}": v for item, v in reasons.three_public_items.items()},
        "reasons.agency_operating": reasons.agency_operating,
    }
    assets = dept.assets
    out[ASSETS.name] = {
        **{f"procurement.{k}": v for k, v in dept.procurement.model_dump().items()},
        "assets.as_of": assets.as_of,
        "assets.vehicle_quota": assets.vehicle_quota,
        "assets.vehicle_actual": assets.vehicle_actual,
        **{f"assets.vehicles.{cat.value}": n for cat, n in assets.vehicles.items()},
        "assets.office_area": assets.office_area,
        "assets.office_note": assets.office_note,
        "assets.equipment_over_500k": assets.equipment_over_500k,
        "assets.equipment_over_1m": assets.equipment_over_1m,
    }
    out[EXPLANATIONS.name] = [{"rule": x.rule, "cell": x.cell, "text": x.text} for x in dept.explanations]
    return out


def _texts(part: str, blocks: tuple[TextBlock, ...]) -> list[Record]:
    return [{"part": part, "style": HEADING if b.is_heading else PARAGRAPH, "text": b.text} for b in blocks]


def _project(p: Any) -> Record:
    return {
        "name": p.name,
        "unit": p.unit,
        "function_code": p.function_code,
        "category": p.category,
        **_flat("current", p.current),
        **_flat("carried", p.carried),
        "publish_targets": p.publish_targets,
        "attribute": p.attribute,
        "period": p.period,
        "implementing_unit": p.implementing_unit,
        **_flat("implementation_funds", p.implementation_funds),
        **_flat("annual_funds", p.annual_funds),
        "overview": p.overview,
        "basis": p.basis,
        "necessity": p.necessity,
        "safeguards": p.safeguards,
        "plan": p.plan,
        "goal_implementation": p.goal_implementation,
        "goal_annual": p.goal_annual,
        "responsible_person": p.responsible_person,
        "handler": p.handler,
        "phone": p.phone,
        "fill_date": p.fill_date,
    }
