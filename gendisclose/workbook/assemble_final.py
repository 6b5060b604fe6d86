"""Checked rows of a 决算 workbook → :class:`~gendisclose.model_final.FinalDepartment`.

Cell-level problems were reported while reading (:mod:`.reader`, the same code as the budget
sheets); here come the checks that span rows: codes against the reference lists, duplicate
rows (one row per 功能科目, 经济科目, 类, 资金性质 + 科目, project), a 得分 that is not a number.
The shared sheets (单位, 概况文字) are assembled by the budget's own code (:mod:`.assemble`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..issues import Issue, Location, error
from ..model import DepartmentInfo, TextBlock, ThreePublicItem, UnitKind
from ..model_final import (
    FUNDING_FIELDS,
    INCOME_FIELDS,
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
    SelfEvaluation,
    SpendingLine,
    ThreePublicFinal,
)
from ..reference import economic_item
from .assemble import _check_function_code, _duplicate, _units, _usable
from .schema import HEADING, TableSheet
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

if TYPE_CHECKING:
    from .reader import RawFields, RawRow, SheetData

ZERO = Decimal("0.00")


def assemble_final(sheets: SheetData, issues: list[Issue]) -> FinalDepartment | None:
    """Build the 决算 department from what the sheets gave; None when it cannot be built."""
    info = _info(sheets.fields[FINAL_INFO.name], issues)
    units = _units(sheets.tables[UNITS.name], info, issues)
    income = _income(sheets.tables[INCOME.name], issues)
    spending = _spending(sheets.tables[SPENDING.name], issues)
    balances = _balances(sheets.tables[BALANCES.name], issues)
    economic = _economic(sheets.tables[DETAIL.name], issues)
    classes = _classes(sheets.tables[CLASSES.name], issues)
    evaluations = _evaluations(sheets.tables[EVALUATIONS.name], issues)
    if info is None or sheets.missing or sheets.broken:
        return None
    texts = _final_texts(sheets.tables[FINAL_TEXTS.name])
    info = info.model_copy(update={"duties": texts.pop("duties"), "organisation": texts.pop("organisation")})
    supplement, tp = sheets.fields[SUPPLEMENT.name], sheets.fields[THREE_PUBLIC.name]
    try:
        return FinalDepartment(
            info=info,
            units=units,
            income_lines=income,
            spending_lines=spending,
            balances=balances,
            reserves_used=supplement.get("reserves_used") or ZERO,
            surplus_distribution=supplement.get("surplus_distribution") or ZERO,
            economic=economic,
            classes=classes,
            prior=_prior(supplement),
            three_public=_three_public(tp),
            agency_operating=AgencyOperating(
                administrative=supplement.get("agency_operating.administrative") or ZERO,
                civil_service_managed=supplement.get("agency_operating.civil_service_managed") or ZERO,
                location=supplement.loc("agency_operating.administrative"),
                cells=_field_cells(supplement),
            ),
            procurement=FinalProcurement(
                **{k: supplement.get(f"procurement.{k}") or ZERO for k in ("goods", "works", "services", "sme", "small_micro")},
                location=supplement.loc("procurement.sme"),
                cells=_field_cells(supplement),
            ),
            assets=_assets(supplement),
            evaluations=evaluations,
            narrative=_narrative(sheets.fields[NARRATIVE.name], texts),
        )
    except ValidationError as exc:  # pragma: no cover - cells are typed before they get here
        issues.append(error("model.invalid", f"工作簿内容无法组成决算模型：{exc.errors()[0]['msg']}"))
        return None


# ---------------------------------------------------------------- field sheets


def _info(fields: RawFields, issues: list[Issue]) -> DepartmentInfo | None:
    name, year, kind = fields.get("name"), fields.get("year"), fields.get("unit_kind")
    if not fields.present or name is None or year is None or kind is None:
        return None  # the cells were reported while reading
    if not 2000 <= year <= 2100:
        issues.append(error("info.year", f"“决算年度”应为四位年份，如 2023：这里是 {year}", fields.loc("year")))
        return None
    return DepartmentInfo(
        name=name,
        code=fields.get("code"),
        year=year,
        unit_kind=UnitKind(kind),
        contact_person=fields.get("contact_person"),
        contact_phone=fields.get("contact_phone"),
        location=fields.loc("name"),
        cells=_field_cells(fields),
    )


def _field_cells(fields: RawFields) -> dict[str, Location]:
    """The value cell of every field the sheet has (``决算其他数据!B4``)."""
    return {key: fields.loc(key) for key in fields.rows}


def _row_cells(row: RawRow, table: TableSheet) -> dict[str, Location]:
    return {c.key: row.loc(c.key) for c in table.columns if row.letters.get(c.key)}


def _by_item(fields: RawFields, prefix: str) -> dict[ThreePublicItem, Any]:
    return {i: fields.get(f"{prefix}.{i.value}") for i in ThreePublicItem if fields.get(f"{prefix}.{i.value}") is not None}


def _prior(fields: RawFields) -> FinalPriorYear:
    return FinalPriorYear(
        total=fields.get("prior.total"),
        fiscal_total=fields.get("prior.fiscal_total"),
        agency_operating=fields.get("prior.agency_operating"),
        three_public=_by_item(fields, "prior.three_public"),
        cells=_field_cells(fields),
    )


def _three_public(fields: RawFields) -> ThreePublicFinal:
    counts = {c.key: fields.get(c.key) or 0 for c in THREE_PUBLIC.fields if c.kind.name == "INT"}
    money = {k: fields.get(k) or ZERO for k in ("reception_domestic", "reception_foreign_affairs", "reception_abroad")}
    return ThreePublicFinal(
        budget=_by_item(fields, "budget"),
        final=_by_item(fields, "final"),
        location=fields.loc("reception_domestic"),
        cells=_field_cells(fields),
        **money,
        **counts,
    )


def _assets(fields: RawFields) -> FinalAssets:
    return FinalAssets(
        as_of=fields.get("assets.as_of"),
        vehicles={c: fields.get(f"assets.vehicles.{c.value}") for c in FinalVehicleCategory
                  if fields.get(f"assets.vehicles.{c.value}") is not None},
        other_vehicles_purpose=fields.get("assets.other_vehicles_purpose"),
        equipment_over_1m=fields.get("assets.equipment_over_1m") or 0,
        location=fields.loc("assets.equipment_over_1m"),
        cells=_field_cells(fields),
    )


def _narrative(fields: RawFields, texts: dict[str, tuple[TextBlock, ...]]) -> FinalNarrative:
    singles = {c.key: fields.get(c.key) for c in NARRATIVE.fields if "." not in c.key}
    cells = {c.key: fields.loc(c.key) for c in NARRATIVE.fields if fields.present}
    return FinalNarrative(**singles, three_public_reasons=_by_item(fields, "three_public_reasons"), **texts,
                          cells=cells)


def _final_texts(rows: list[RawRow]) -> dict[str, tuple[TextBlock, ...]]:
    """概况文字 rows → paragraphs per field of :data:`FINAL_TEXT_PARTS`, in sheet order."""
    parts: dict[str, list[TextBlock]] = {name: [] for name in FINAL_TEXT_PARTS.values()}
    for row in rows:
        if not _usable(row, "part", "text"):
            continue
        block = TextBlock(text=row.get("text"), is_heading=row.get("style") == HEADING, location=row.loc("text"))
        parts[FINAL_TEXT_PARTS[row.get("part")]].append(block)
    return {name: tuple(blocks) for name, blocks in parts.items()}


# ---------------------------------------------------------------- table sheets


def _amounts(row: RawRow, prefix: str, names: tuple[str, ...]) -> dict[str, Decimal]:
    return {f: row.get(f"{prefix}.{f}") or ZERO for f in names}


def _function_rows(rows: list[RawRow], issues: list[Issue]) -> Iterator[RawRow]:
    """The rows of a sheet keyed by 功能科目 that make a line: filled, with a valid code (its name
    checked), the code not repeated (each problem reported at its cell)."""
    seen: dict[str, int] = {}
    for row in rows:
        if not _usable(row, "function_code"):
            continue
        ok = _check_function_code(row, issues, "function_name")
        if not _duplicate(seen, row.get("function_code"), row, "function_code", "功能科目", issues) and ok:
            yield row


def _income(rows: list[RawRow], issues: list[Issue]) -> tuple[IncomeLine, ...]:
    out = []
    for row in _function_rows(rows, issues):
        out.append(IncomeLine(function_code=row.get("function_code"), function_name=row.get("function_name"),
                              amounts=IncomeAmounts(**_amounts(row, "amounts", INCOME_FIELDS)), location=row.loc()))
    return tuple(out)


def _spending(rows: list[RawRow], issues: list[Issue]) -> tuple[SpendingLine, ...]:
    out = []
    for row in _function_rows(rows, issues):
        out.append(SpendingLine(
            function_code=row.get("function_code"),
            function_name=row.get("function_name"),
            basic=FundingAmounts(**_amounts(row, "basic", FUNDING_FIELDS)),
            project=FundingAmounts(**_amounts(row, "project", FUNDING_FIELDS)),
            to_higher=row.get("to_higher") or ZERO,
            operating=row.get("operating") or ZERO,
            to_subordinate=row.get("to_subordinate") or ZERO,
            location=row.loc(),
        ))
    return tuple(out)


def _balances(rows: list[RawRow], issues: list[Issue]) -> tuple[BalanceLine, ...]:
    seen: dict[tuple[str, str | None], int] = {}
    out = []
    for row in rows:
        if not _usable(row, "funding") or "function_code" in row.bad:
            continue
        code = row.get("function_code")
        if code is not None and not _check_function_code(row, issues):
            continue
        if _duplicate(seen, (row.get("funding"), code), row, "funding", "资金性质+功能科目", issues):
            continue
        out.append(BalanceLine(funding=Funding(row.get("funding")), function_code=code,
                               opening=row.get("opening") or ZERO, closing=row.get("closing") or ZERO,
                               location=row.loc()))
    return tuple(out)


def _economic(rows: list[RawRow], issues: list[Issue]) -> tuple[EconomicAmount, ...]:
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        if not _usable(row, "economic_code", "amount"):
            continue
        code = row.get("economic_code")
        item = economic_item(code)
        if item is None:
            issues.append(error("code.economic_unknown",
                                f"经济科目编码“{code}”不在部门预算支出经济分类科目表中：应为 5 位款级编码，如 30101（基本工资）",
                                row.loc("economic_code")))
            continue
        if not item.can_be_basic:
            issues.append(error("code.economic_not_basic",
                                f"经济科目“{code} {item.name}”不能列入基本支出（公开06表此行印“────”），请核对编码",
                                row.loc("economic_code")))
            continue
        if _duplicate(seen, code, row, "economic_code", "经济科目", issues):
            continue
        out.append(EconomicAmount(economic_code=code, amount=row.get("amount"), location=row.loc()))
    return tuple(out)


def _classes(rows: list[RawRow], issues: list[Issue]) -> tuple[ClassFigures, ...]:
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        if not _usable(row, "class_code") or _duplicate(seen, row.get("class_code"), row, "class_code", "类编码", issues):
            continue
        out.append(ClassFigures(class_code=row.get("class_code"), budget_at_start=row.get("budget_at_start") or ZERO,
                                prior_final=row.get("prior_final"), purpose=row.get("purpose"),
                                reason=row.get("reason"), reason_location=row.loc("reason"), location=row.loc(),
                                cells=_row_cells(row, CLASSES)))
    return tuple(out)


def _score(row: RawRow, issues: list[Issue]) -> tuple[Decimal | None, bool]:
    text = row.get("score")
    if text is None:
        return None, True
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= 100:
        issues.append(error("cell.score", f"“得分”应为 0～100 的数字，如 94 或 94.5：这里是“{text}”", row.loc("score")))
        return None, False
    return value, True


def _evaluations(rows: list[RawRow], issues: list[Issue]) -> tuple[SelfEvaluation, ...]:
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        if not _usable(row, "name") or _duplicate(seen, row.get("name"), row, "name", "项目名称", issues):
            continue
        score, ok = _score(row, issues)
        if not ok:
            continue
        funding, grade = row.get("funding"), row.get("grade")
        out.append(SelfEvaluation(
            name=row.get("name"),
            funding=EvaluationFunding(funding) if funding else EvaluationFunding.GENERAL,
            budget=row.get("budget") or ZERO,
            paid=row.get("paid") or ZERO,
            score=score,
            grade=Grade(grade) if grade else None,
            grade_location=row.loc("grade"),
            location=row.loc(),
            cells=_row_cells(row, EVALUATIONS),
        ))
    return tuple(out)
