"""决算 model → the values of each sheet, keyed like :mod:`.schema_final` (fills the template).

The inverse of :mod:`.assemble_final`; the round-trip test (model → bytes → read → equal model)
keeps the two in step. The shared sheets are written as the budget writes them
(:func:`.records.department_records` for 单位 and 概况文字).
"""

from __future__ import annotations

from typing import Any

from ..model import ThreePublicItem
from ..model_final import FinalDepartment, FundingAmounts, IncomeAmounts
from ..reference import economic_item, function_name
from .records import _texts
from .schema_final import (
    BALANCES,
    CLASSES,
    DETAIL,
    EVALUATIONS,
    FINAL_INFO,
    FINAL_TEXT_PARTS,
    FINAL_TEXTS,
    INCOME,
    NARRATIVE,
    SPENDING,
    SUPPLEMENT,
    THREE_PUBLIC,
    UNITS,
)


def _flat(prefix: str, amounts: IncomeAmounts | FundingAmounts) -> dict[str, Any]:
    return {f"{prefix}.{k}": v for k, v in amounts.model_dump().items()}


def final_department_records(dept: FinalDepartment) -> dict[str, Any]:
    """{sheet name: row records (table sheets) or one field record (key–value sheets)}."""
    info = dept.info
    out: dict[str, Any] = {
        FINAL_INFO.name: {c.key: getattr(info, c.key) for c in FINAL_INFO.fields},
        UNITS.name: [{"name": u.name, "kind": u.kind} for u in dept.units],
        FINAL_TEXTS.name: [
            *(row for part, name in FINAL_TEXT_PARTS.items()
              for row in _texts(part, getattr(info if name in ("duties", "organisation") else dept.narrative, name)))
        ],
        INCOME.name: [
            {"function_code": x.function_code, "function_name": x.function_name, **_flat("amounts", x.amounts)}
            for x in dept.income_lines
        ],
        SPENDING.name: [
            {
                "function_code": x.function_code,
                "function_name": x.function_name,
                **_flat("basic", x.basic),
                **_flat("project", x.project),
                "to_higher": x.to_higher,
                "operating": x.operating,
                "to_subordinate": x.to_subordinate,
            }
            for x in dept.spending_lines
        ],
        BALANCES.name: [
            {"funding": b.funding, "function_code": b.function_code, "opening": b.opening, "closing": b.closing}
            for b in dept.balances
        ],
        DETAIL.name: [
            {
                "economic_code": x.economic_code,
                "economic_name": item.name if (item := economic_item(x.economic_code)) else None,
                "amount": x.amount,
            }
            for x in dept.economic
        ],
        CLASSES.name: [
            {"class_code": c.class_code, "class_name": function_name(c.class_code), "budget_at_start": c.budget_at_start,
             "prior_final": c.prior_final, "purpose": c.purpose, "reason": c.reason}
            for c in dept.classes
        ],
        EVALUATIONS.name: [
            {"name": e.name, "funding": e.funding, "budget": e.budget, "paid": e.paid,
             "score": None if e.score is None else str(e.score), "grade": e.grade}
            for e in dept.evaluations
        ],
    }
    tp = dept.three_public
    out[THREE_PUBLIC.name] = {
        **{f"budget.{i.value}": v for i, v in tp.budget.items()},
        **{f"final.{i.value}": v for i, v in tp.final.items() if i is not ThreePublicItem.RECEPTION},
        **{c.key: getattr(tp, c.key) for c in THREE_PUBLIC.fields if "." not in c.key},
    }
    p, ao, assets = dept.procurement, dept.agency_operating, dept.assets
    out[SUPPLEMENT.name] = {
        "reserves_used": dept.reserves_used,
        "surplus_distribution": dept.surplus_distribution,
        "prior.total": dept.prior.total,
        "prior.fiscal_total": dept.prior.fiscal_total,
        "prior.agency_operating": dept.prior.agency_operating,
        **{f"prior.three_public.{i.value}": v for i, v in dept.prior.three_public.items()},
        "agency_operating.administrative": ao.administrative,
        "agency_operating.civil_service_managed": ao.civil_service_managed,
        **{f"procurement.{k}": getattr(p, k) for k in ("goods", "works", "services", "sme", "small_micro")},
        "assets.as_of": assets.as_of,
        **{f"assets.vehicles.{c.value}": n for c, n in assets.vehicles.items()},
        "assets.other_vehicles_purpose": assets.other_vehicles_purpose,
        "assets.equipment_over_1m": assets.equipment_over_1m,
    }
    n = dept.narrative
    out[NARRATIVE.name] = {
        **{c.key: getattr(n, c.key) for c in NARRATIVE.fields if "." not in c.key},
        **{f"three_public_reasons.{i.value}": v for i, v in n.three_public_reasons.items()},
    }
    return out
