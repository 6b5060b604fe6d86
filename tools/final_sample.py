"""Seed 003 (the one 决算 seed) → the 决算 model: the faithful conversion behind the sample
``sample_inputs/shuocheng-approval-final-2023.xlsx`` (written by ``tools/make_samples.py``) and
the golden tests.

``tests/data/seeds/003.json`` has its own neutral structure (``003.md``). Every typed fact
carries over; what the seed does not print is decided as ``003.md`` decides it:

* the three 项 lines and their 元 amounts are the solved ones (``solve_003.py``): 2010303
  其他收入 33.00 元 (printed ``0.00``), kept unspent as the 非财政拨款 年末结转和结余;
* J06 is department-wide: its 18 items are typed at printed × 10000, their sum equals the
  基本支出 of 2010301 + 2010303 to the fen (the split over the two 项 is not printed, and the
  workbook does not ask for it);
* the 年初预算 (1,605.63) and the 2022 决算 (875.80) are known per 类 201 only; the prior
  year's 收入/支出总计 and 财政拨款 总计 are 875.80 too, 机关运行经费 25.29, 三公 0;
* 公务接待费 决算 is typed as its 国内 and 国（境）外 parts (both 0);
* the 12 self-evaluated projects: 预算指标 and 支付金额 at printed × 10000, 得分 and 自评结果
  as printed;
* the narratives (reasons, purposes, 十（四） measures, the 附件 report sections) as the seed
  stores them, verbatim; a purpose printed ``无`` is typed ``无``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from gendisclose.model import BudgetUnit, DepartmentInfo, TextBlock, ThreePublicItem, UnitKind
from gendisclose.model_final import (
    AgencyOperating,
    BalanceLine,
    ClassFigures,
    EconomicAmount,
    EvaluationFunding,
    FinalAssets,
    FinalDepartment,
    FinalNarrative,
    FinalPriorYear,
    FinalProcurement,
    FinalVehicleCategory,
    Funding,
    FundingAmounts,
    Grade,
    IncomeAmounts,
    IncomeLine,
    IncomeSource,
    SelfEvaluation,
    SpendingLine,
    ThreePublicFinal,
)
from gendisclose.money import yuan

_INCOME = {s.value: f for s, f in zip(IncomeSource, IncomeAmounts.model_fields, strict=True)}
_FUNDING = {f.value: name for f, name in zip(Funding, FundingAmounts.model_fields, strict=True)}


def _blocks(items) -> tuple[TextBlock, ...]:
    out = []
    for item in items or ():
        if isinstance(item, str):
            out.append(TextBlock(text=item))
        else:
            out.append(TextBlock(text=item["text"], is_heading=item.get("kind") == "heading"))
    return tuple(out)


_REPORT_SECTIONS = {  # 附件 heading → the narrative field of the paragraphs that follow it
    None: "report_intro",
    "（一）简要说明部门自评工作的组织实施情况。": "report_organisation",
    "三、绩效自评结果及分析": "report_analysis",
    "（一）自评发现的问题": "report_problems",
    "（二）整改措施": "report_measures",
    "五、绩效自评结果应用建议": "report_suggestions",
    "六、其他需要说明的问题": "report_other",
}
#: the fixed words the tool writes itself at the end of 三、's last paragraph
TABLE_B_LEAD = "各项目得分情况如下表："


def _report(entries: list[dict]) -> dict[str, tuple[TextBlock, ...]]:
    """The 附件's free paragraphs by section (the derived ones — 一、, 二（二） — are not typed)."""
    out: dict[str, list[TextBlock]] = {}
    current: str | None = None
    for entry in entries:
        if entry["kind"] == "heading":
            current = _REPORT_SECTIONS.get(entry["text"], "")
        elif entry["kind"] == "paragraph" and current != "" and "derived" not in entry:
            field = _REPORT_SECTIONS[None] if current is None else current
            out.setdefault(field, []).append(TextBlock(text=entry["text"]))
    analysis = out.get("report_analysis")
    if analysis and analysis[-1].text.endswith(TABLE_B_LEAD):
        analysis[-1] = TextBlock(text=analysis[-1].text.removesuffix(TABLE_B_LEAD))
    return {k: tuple(v) for k, v in out.items()}


def _narrative(seed: dict) -> FinalNarrative:
    n = seed["narratives"]
    det = seed["three_public"]["details"]
    perf = seed["performance_self_evaluation"]
    other = perf.get("section_10_4_other")
    return FinalNarrative(
        total_reason=n["一"]["income_and_expenditure_reason"],
        fiscal_reason=n["四"]["reason"],
        general_reason=n["五（一）"]["reason"],
        personnel_includes=n["六"]["personnel_includes"],
        public_includes=n["六"]["public_includes"],
        three_public_reasons={ThreePublicItem(k): v for k, v in n["九（一）"]["reasons"].items()},
        overseas_purpose=det["因公出国（境）"]["purpose"],
        vehicle_purchase_purpose=det["公务用车购置"]["purpose"],
        vehicle_operation_purpose=det["公务用车运行维护"]["purpose"],
        foreign_affairs_purpose=det["公务接待"]["外事"]["purpose"],
        abroad_purpose=det["公务接待"]["国（境）外"]["purpose"],
        agency_operating_reason=n["十（一）"]["reason"],
        performance_measures=perf["section_10_4_measures"],
        performance_other=(TextBlock(text=other),) if other else (),
        **_report(perf["report"]),
    )


def _funding(block: dict) -> FundingAmounts:
    return FundingAmounts(**{_FUNDING[k]: yuan(v) for k, v in block.items()})


def final_seed_department(json_path: str | Path) -> FinalDepartment:
    """Convert ``003.json`` into the 决算 model, faithfully."""
    seed = json.loads(Path(json_path).read_text(encoding="utf-8"))
    d = seed["department"]
    names = seed["function_classification_names"]
    info = DepartmentInfo(
        name=d["name"],
        code=d.get("code"),
        year=int(d["year"]),
        unit_kind=UnitKind(d["unit_kind"]),
        duties=_blocks(d["duties"]),
        organisation=_blocks(d["organisation"]),
    )
    units = tuple(BudgetUnit(name=u["name"], kind=UnitKind(u["kind"])) for u in d["budget_units"])
    income = tuple(
        IncomeLine(
            function_code=line["code"],
            function_name=line.get("name") or names.get(line["code"]),
            amounts=IncomeAmounts(**{_INCOME[k]: yuan(v) for k, v in line["sources"].items()}),
        )
        for line in seed["income_lines"]
    )
    spending = tuple(
        SpendingLine(
            function_code=line["code"],
            function_name=line.get("name") or names.get(line["code"]),
            basic=_funding(line["基本支出"]),
            project=_funding(line["项目支出"]),
            to_higher=yuan(line["上缴上级支出"]),
            operating=yuan(line["经营支出"]),
            to_subordinate=yuan(line["对附属单位补助支出"]),
        )
        for line in seed["expenditure_lines"]
    )
    bal = seed["balances"]
    balances = tuple(
        BalanceLine(funding=f, opening=yuan(bal["年初结转和结余"][f.value]), closing=yuan(bal["年末结转和结余"][f.value]))
        for f in Funding
        if yuan(bal["年初结转和结余"][f.value]) or yuan(bal["年末结转和结余"][f.value])
    )
    start = seed["budget_at_year_start"]
    prior = seed["prior_year"]
    by_class = seed["narratives"]["五（三）"]["by_class"]
    classes = tuple(
        ClassFigures(class_code=code, budget_at_start=yuan(amount),
                     prior_final=yuan(prior["一般公共服务支出"]["amount"]) if code == "201" else None,
                     purpose=by_class.get(code, {}).get("purpose"), reason=by_class.get(code, {}).get("reason"))
        for code, amount in start["by_class"].items()
    )
    tp = seed["three_public"]
    det = tp["details"]
    rec = det["公务接待"]
    three_public = ThreePublicFinal(
        budget={ThreePublicItem(k): yuan(v) for k, v in tp["budget"].items()},
        final={ThreePublicItem(k): yuan(v) for k, v in tp["final"].items() if k != ThreePublicItem.RECEPTION.value},
        reception_domestic=yuan(rec["国内"]["amount"]),
        reception_foreign_affairs=yuan(rec["外事"]["amount"]),
        reception_abroad=yuan(rec["国（境）外"]["amount"]),
        overseas_groups=det["因公出国（境）"]["团组"],
        overseas_people=det["因公出国（境）"]["人次"],
        vehicles_bought=det["公务用车购置"]["购置车辆数"],
        vehicles_held=det["公务用车运行维护"]["保有量"],
        domestic_batches=rec["国内"]["批次"],
        domestic_people=rec["国内"]["人次"],
        foreign_affairs_batches=rec["外事"]["批次"],
        foreign_affairs_people=rec["外事"]["人次"],
        abroad_batches=rec["国（境）外"]["批次"],
        abroad_people=rec["国（境）外"]["人次"],
    )
    ao, pr, assets = seed["agency_operating_costs"], seed["procurement"], seed["assets"]
    evaluations = tuple(
        SelfEvaluation(
            name=p["name"],
            funding=EvaluationFunding(p["funding"]),
            budget=yuan(p["budget"]),
            paid=yuan(p["paid"]),
            score=Decimal(p["score"]),
            grade=Grade(p["grade"]),
        )
        for p in seed["performance_self_evaluation"]["projects"]
    )
    return FinalDepartment(
        info=info,
        units=units,
        income_lines=income,
        spending_lines=spending,
        balances=balances,
        reserves_used=yuan(bal["使用非财政拨款结余和专用结余"]),
        surplus_distribution=yuan(bal["结余分配"]),
        economic=tuple(EconomicAmount(economic_code=e["code"], amount=yuan(e["amount"])) for e in seed["economic_items"]),
        classes=classes,
        prior=FinalPriorYear(
            total=yuan(prior["收入总计"]["amount"]),
            fiscal_total=yuan(prior["财政拨款收入总计"]["amount"]),
            agency_operating=yuan(prior["机关运行经费"]["amount"]),
            three_public={ThreePublicItem(k): yuan(v) for k, v in tp["prior_final"].items()},
        ),
        three_public=three_public,
        agency_operating=AgencyOperating(
            administrative=yuan(ao["行政单位"]), civil_service_managed=yuan(ao["参照公务员法管理事业单位"])
        ),
        procurement=FinalProcurement(
            goods=yuan(pr["goods"]), works=yuan(pr["works"]), services=yuan(pr["services"]),
            sme=yuan(pr["sme_contracts"]), small_micro=yuan(pr["small_micro_contracts"]),
        ),
        assets=FinalAssets(
            as_of=assets["as_of"],
            vehicles={FinalVehicleCategory(k): n for k, n in assets["vehicles"].items()},
            other_vehicles_purpose=assets.get("other_vehicles_purpose"),
            equipment_over_1m=assets["equipment_over_100wan"],
        ),
        evaluations=evaluations,
        narrative=_narrative(seed),
    )
