"""Checked rows → :class:`~gendisclose.model.Department`, with the checks that span rows.

Cell-level problems were reported while reading; here come the ones that need several rows
or sheets: codes against the reference lists, duplicate rows, references to units and
projects that do not exist, indicators and their levels. The inverse is :mod:`.records`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..issues import Issue, Location, error, warning
from ..model import (
    Assets,
    BasicLine,
    BudgetUnit,
    Department,
    DepartmentInfo,
    EconomicLine,
    Explanation,
    FundIncomeLine,
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
    ThreePublicExtra,
    ThreePublicItem,
    UnitKind,
    VehicleCategory,
)
from ..reference import classify_function_code, economic_item, function_name
from ..textkey import reveal, visible_key
from .code_names import economic_name_mismatch, function_name_mismatch
from .schema import (
    ASSETS,
    BASIC,
    ECONOMIC,
    EXPLANATIONS,
    FUND_INCOME,
    HEADING,
    INDICATOR_LEVELS,
    INDICATORS,
    INFO,
    KEY_TASKS,
    OVERALL,
    OVERALL_OWNER,
    PRIOR,
    PROJECTS,
    TEXT_PARTS,
    TEXTS,
    THREE_PUBLIC_EXTRA,
    UNITS,
)

if TYPE_CHECKING:
    from .reader import RawFields, RawRow, SheetData

ZERO = Decimal("0.00")
_SOURCE_FIELDS = ("general", "government_fund", "state_capital", "special_account", "unit_funds")
_LEVEL_FIELDS = ("central", "provincial", "local", "self_raised", "other")


def assemble(sheets: SheetData, issues: list[Issue]) -> Department | None:
    """Build the department from what the sheets gave; None when it cannot be built."""
    info = _info(sheets.fields[INFO.name], sheets, issues)
    dept_name = info.name if info else None
    units = _units(sheets.tables[UNITS.name], info, issues)
    unit_names = {u.name for u in units} or ({dept_name} if dept_name else set())
    check_unit = _UnitCheck(unit_names, bool(sheets.tables[UNITS.name]), dept_name)
    basic_lines = _basic_lines(sheets.tables[BASIC.name], check_unit, issues)
    economic_lines = _economic_lines(sheets.tables[ECONOMIC.name], check_unit, issues)
    projects = _projects(sheets.tables[PROJECTS.name], check_unit, issues)
    project_rows = {p.name: p for p in projects}
    # a 项目 sheet that could not be read (missing, or its headers refused) names no project:
    # checking references against it would only repeat that error once per row
    projects_read = PROJECTS.name not in sheets.missing | sheets.broken
    indicators = _indicators(sheets.tables[INDICATORS.name], project_rows, issues, check_refs=projects_read)
    extras = _three_public_extra(sheets.tables[THREE_PUBLIC_EXTRA.name], project_rows, issues,
                                 check_refs=projects_read)
    if info is None or sheets.missing or sheets.broken:
        return None
    texts = _texts(sheets.tables[TEXTS.name])
    info = info.model_copy(update={"duties": texts["duties"], "organisation": texts["organisation"]})
    try:
        return Department(
            info=info,
            units=units,
            basic_lines=basic_lines,
            economic_lines=economic_lines,
            projects=projects,
            indicators=indicators,
            overall=_overall(sheets.fields[OVERALL.name], sheets.tables[KEY_TASKS.name]),
            three_public_extra=extras,
            fund_income=_fund_income(sheets.tables[FUND_INCOME.name]),
            prior=_prior(sheets.fields[PRIOR.name]),
            reasons=_reasons(sheets.fields[PRIOR.name]),
            procurement=_procurement(sheets.fields[ASSETS.name]),
            assets=_assets(sheets.fields[ASSETS.name]),
            notes=OtherNotes(purchase_catalogue=texts["purchase_catalogue"], other=texts["other"]),
            explanations=_explanations(sheets.tables.get(EXPLANATIONS.name, [])),
        )
    except ValidationError as exc:  # pragma: no cover - cells are typed before they get here
        issues.append(error("model.invalid", f"工作簿内容无法组成预算模型：{exc.errors()[0]['msg']}"))
        return None


# ---------------------------------------------------------------- helpers


def _amounts(row: RawRow, prefix: str) -> SourceAmounts:
    return SourceAmounts(**{f: row.get(f"{prefix}.{f}") or ZERO for f in _SOURCE_FIELDS})


def _level_funds(row: RawRow, prefix: str) -> LevelFunds | None:
    values = {f: row.get(f"{prefix}.{f}") for f in _LEVEL_FIELDS}
    if all(v is None for v in values.values()) and not any(f"{prefix}.{f}" in row.bad for f in _LEVEL_FIELDS):
        return None
    return LevelFunds(**{f: v or ZERO for f, v in values.items()})


_MONEY_KEYS = tuple(f"{p}.{f}" for p in ("current", "carried") for f in _SOURCE_FIELDS)
_FUNDS_KEYS = tuple(f"{p}.{f}" for p in ("implementation_funds", "annual_funds") for f in _LEVEL_FIELDS)


def _cells(row: RawRow, *keys: str) -> dict[str, Location]:
    """The cell of each of ``keys`` found on the sheet (rules point at the typed value)."""
    return {k: row.loc(k) for k in keys if k in row.letters}


def _field_cells(fields: RawFields, prefix: str = "") -> dict[str, Location]:
    return {k: fields.loc(k) for k in fields.rows if k.startswith(prefix)}


def _usable(row: RawRow, *keys: str) -> bool:
    """The row's key cells were read fine (their problems are already reported)."""
    return all(k not in row.bad and row.get(k) is not None for k in keys)


def _duplicate(seen: dict, key: Any, row: RawRow, column: str, what: str, issues: list[Issue]) -> bool:
    if key in seen:
        first = seen[key]
        issues.append(
            error(
                "row.duplicate",
                f"{what}重复：与第 {first} 行相同，每个{what}只能填一行",
                row.loc(column),
                Location(row.sheet.name, first),
            )
        )
        return True
    seen[key] = row.row
    return False


def _look_alike(name: str, names: Any) -> str:
    """How ``name`` differs from a known name a reader could not tell it from (else "")."""
    key = visible_key(name)
    match = next((n for n in names if n != name and visible_key(n) == key), None)
    if match is None:
        return ""
    return f"（与“{match}”只差全角/半角标点、空格或看不见的字符：这里是“{reveal(name)}”，应为“{reveal(match)}”）"


class _UnitCheck:
    """Is a 单位名称 one of the department's units? (Reports the cell when not.)"""

    def __init__(self, names: set[str], listed: bool, dept_name: str | None) -> None:
        self.names, self.listed, self.dept_name = names, listed, dept_name

    def __call__(self, row: RawRow, key: str, issues: list[Issue]) -> bool:
        name = row.get(key)
        if name is None or name in self.names:
            return True
        if self.listed:
            message = (f"单位“{name}”不在“单位”表中{_look_alike(name, self.names)}："
                       "请先在“单位”表登记，或改为已登记的单位名称")
        else:
            message = (f"单位“{name}”与部门名称“{self.dept_name}”不一致{_look_alike(name, self.names)}："
                       "“单位”表为空时只有部门本身一个单位")
        issues.append(error("ref.unit", message, row.loc(key)))
        return False


def _check_function_code(row: RawRow, issues: list[Issue], name_key: str | None = None) -> bool:
    code = row.get("function_code")
    status = classify_function_code(code)
    if status == "malformed":
        issues.append(
            error(
                "code.function_malformed",
                f"功能科目编码“{code}”不正确：前 3 位应是支出功能分类的类（201～234），共 7 位，如 2010301",
                row.loc("function_code"),
            )
        )
        return False
    if status == "unknown":
        typed = row.get(name_key) if name_key else None
        if name_key and not typed:
            issues.append(
                error(
                    "code.function_unknown_no_name",
                    f"功能科目编码“{code}”不在科目表中，且没有填写“功能科目名称”：请核对编码，或填写科目名称",
                    row.loc("function_code"),
                )
            )
            return False
        used = f"，将使用填写的名称“{typed}”" if typed else ""
        issues.append(
            warning(
                "code.function_unknown",
                f"功能科目编码“{code}”不在科目表中，请核对{used}",
                row.loc("function_code"),
            )
        )
    elif name_key and (mismatch := function_name_mismatch(row, name_key, function_name(code))) is not None:
        issues.append(mismatch)
    return True


# ---------------------------------------------------------------- sheets


def _info(fields: RawFields, sheets: SheetData, issues: list[Issue]) -> DepartmentInfo | None:
    name, year, kind = fields.get("name"), fields.get("year"), fields.get("unit_kind")
    if not fields.present or name is None or year is None or kind is None:
        return None  # the cells were reported while reading
    if not 2000 <= year <= 2100:
        issues.append(
            error("info.year", f"“预算年度”应为四位年份，如 2026：这里是 {year}", fields.loc("year"))
        )
        return None
    staffing = Staffing(
        **{k.split(".", 1)[1]: fields.get(k) for k in fields.values if k.startswith("staffing.")}
    )
    return DepartmentInfo(
        name=name,
        code=fields.get("code"),
        region=fields.get("region"),
        year=year,
        unit_kind=UnitKind(kind),
        staffing=staffing,
        contact_person=fields.get("contact_person"),
        contact_phone=fields.get("contact_phone"),
        location=fields.loc("name"),
        cells=_field_cells(fields),
    )


def _units(rows: list[RawRow], info: DepartmentInfo | None, issues: list[Issue]) -> tuple[BudgetUnit, ...]:
    seen: dict[str, int] = {}
    units = []
    for row in rows:
        if not _usable(row, "name", "kind"):
            continue
        if _duplicate(seen, row.get("name"), row, "name", "单位名称", issues):
            continue
        units.append(BudgetUnit(
            name=row.get("name"), kind=UnitKind(row.get("kind")), location=row.loc(), cells=_cells(row, "name", "kind")
        ))
    if not units and not rows and info is not None:
        units.append(BudgetUnit(name=info.name, kind=info.unit_kind, location=info.location))
    return tuple(units)


def _texts(rows: list[RawRow]) -> dict[str, tuple[TextBlock, ...]]:
    parts: dict[str, list[TextBlock]] = {field: [] for field in TEXT_PARTS.values()}
    for row in rows:
        if not _usable(row, "part", "text"):
            continue
        block = TextBlock(
            text=row.get("text"), is_heading=row.get("style") == HEADING, location=row.loc("text")
        )
        parts[TEXT_PARTS[row.get("part")]].append(block)
    return {field: tuple(blocks) for field, blocks in parts.items()}


def _basic_lines(rows: list[RawRow], check_unit: _UnitCheck, issues: list[Issue]) -> tuple[BasicLine, ...]:
    seen: dict[tuple[str, str], int] = {}
    lines = []
    for row in rows:
        if not _usable(row, "unit", "function_code"):
            continue
        ok = check_unit(row, "unit", issues) & _check_function_code(row, issues, "function_name")
        key = (row.get("unit"), row.get("function_code"))
        if _duplicate(seen, key, row, "function_code", "单位+功能科目", issues) or not ok:
            continue
        lines.append(
            BasicLine(
                unit=row.get("unit"),
                function_code=row.get("function_code"),
                function_name=row.get("function_name"),
                current=_amounts(row, "current"),
                carried=_amounts(row, "carried"),
                location=row.loc(),
                cells=_cells(row, "function_code", *_MONEY_KEYS),
            )
        )
    return tuple(lines)


def _economic_lines(
    rows: list[RawRow], check_unit: _UnitCheck, issues: list[Issue]
) -> tuple[EconomicLine, ...]:
    seen: dict[tuple[str, str], int] = {}
    lines = []
    for row in rows:
        if not _usable(row, "unit", "economic_code", "amount"):
            continue
        ok = check_unit(row, "unit", issues)
        code = row.get("economic_code")
        item = economic_item(code)
        if item is None:
            issues.append(
                error(
                    "code.economic_unknown",
                    f"经济科目编码“{code}”不在部门预算支出经济分类科目表中：应为 5 位款级编码，如 30101（基本工资）",
                    row.loc("economic_code"),
                )
            )
            ok = False
        elif not item.can_be_basic:
            issues.append(
                error(
                    "code.economic_not_basic",
                    f"经济科目“{code} {item.name}”不能列入基本支出经济分类，请核对编码",
                    row.loc("economic_code"),
                )
            )
            ok = False
        elif (mismatch := economic_name_mismatch(row, item.name)) is not None:
            issues.append(mismatch)
        if _duplicate(seen, (row.get("unit"), code), row, "economic_code", "单位+经济科目", issues) or not ok:
            continue
        lines.append(
            EconomicLine(
                unit=row.get("unit"),
                economic_code=code,
                amount=row.get("amount"),
                government_name=row.get("government_name"),
                location=row.loc(),
                cells=_cells(row, "economic_code", "amount"),
            )
        )
    return tuple(lines)


_PROJECT_TEXT = (
    "attribute", "period", "implementing_unit", "overview", "basis", "necessity", "safeguards", "plan",
    "goal_implementation", "goal_annual", "responsible_person", "handler", "phone", "fill_date",
)  # fmt: skip


def _projects(rows: list[RawRow], check_unit: _UnitCheck, issues: list[Issue]) -> tuple[Project, ...]:
    seen: dict[str, int] = {}
    projects = []
    for row in rows:
        if not _usable(row, "name"):
            continue
        if _duplicate(seen, row.get("name"), row, "name", "项目名称", issues):
            continue
        if not _usable(row, "unit", "function_code", "category"):
            continue
        ok = check_unit(row, "unit", issues) & _check_function_code(row, issues)
        if not ok:
            continue
        publish = row.get("publish_targets")
        projects.append(
            Project(
                name=row.get("name"),
                unit=row.get("unit"),
                function_code=row.get("function_code"),
                category=ProjectCategory(row.get("category")),
                current=_amounts(row, "current"),
                carried=_amounts(row, "carried"),
                publish_targets=True if publish is None else publish,
                implementation_funds=_level_funds(row, "implementation_funds"),
                annual_funds=_level_funds(row, "annual_funds"),
                location=row.loc("name"),
                cells=_cells(row, "name", "function_code", *_MONEY_KEYS, *_FUNDS_KEYS, "fill_date", "goal_annual"),
                **{k: row.get(k) for k in _PROJECT_TEXT},
            )
        )
    return tuple(projects)


def _indicators(
    rows: list[RawRow], projects: dict[str, Project], issues: list[Issue], *, check_refs: bool = True
) -> tuple[Indicator, ...]:
    out = []
    for row in rows:
        if not _usable(row, "owner", "level1", "level2") or {"level3", "value"} & row.bad:
            continue
        level3, value = row.get("level3") or "", row.get("value") or ""
        if bool(level3) != bool(value):
            empty = "value" if level3 else "level3"
            issues.append(
                warning("indicator.half_filled", f"“{row.sheet.column(empty).header}”未填写", row.loc(empty))
            )
        owner, level1, level2 = row.get("owner"), row.get("level1"), row.get("level2")
        ok = True
        if check_refs and owner != OVERALL_OWNER and owner not in projects:
            issues.append(
                error(
                    "ref.indicator_project",
                    f"归属“{owner}”不是“项目”表中的项目名称，也不是“{OVERALL_OWNER}”"
                    f"{_look_alike(owner, [*projects, OVERALL_OWNER])}：请与项目名称完全一致",
                    row.loc("owner"),
                )
            )
            ok = False
        if level2 not in INDICATOR_LEVELS[level1]:
            parent = next(l1 for l1, l2s in INDICATOR_LEVELS.items() if level2 in l2s)
            issues.append(
                error(
                    "indicator.level",
                    f"二级指标“{level2}”不属于一级指标“{level1}”，应属于“{parent}”",
                    row.loc("level2"),
                )
            )
            ok = False
        period = row.get("period")
        if owner == OVERALL_OWNER:
            if period is not None:
                issues.append(
                    warning(
                        "indicator.period_ignored",
                        f"部门整体绩效指标不分期间，已忽略填写的“{period}”",
                        row.loc("period"),
                    )
                )
            period = None
        elif period is None and "period" not in row.bad:
            issues.append(
                error(
                    "indicator.period_missing", "项目绩效指标须填写“期间”：实施期 或 年度", row.loc("period")
                )
            )
            ok = False
        if not ok or "period" in row.bad:
            continue
        out.append(
            Indicator(
                project=None if owner == OVERALL_OWNER else owner,
                period=IndicatorPeriod(period) if period else None,
                level1=level1,
                level2=level2,
                level3=level3,
                value=value,
                location=row.loc(),
                cells=_cells(row, "owner", "level3", "value"),
            )
        )
    return tuple(out)


def _three_public_extra(
    rows: list[RawRow], projects: dict[str, Project], issues: list[Issue], *, check_refs: bool = True
) -> tuple[ThreePublicExtra, ...]:
    out = []
    for row in rows:
        if not _usable(row, "item", "source", "amount") or "project" in row.bad:
            continue
        project = row.get("project")
        if check_refs and project is not None and project not in projects:
            issues.append(
                error("ref.three_public_project", f"项目“{project}”不在“项目”表中{_look_alike(project, projects)}",
                      row.loc("project"))
            )
            continue
        out.append(
            ThreePublicExtra(
                item=ThreePublicItem(row.get("item")),
                source=FundingSource(row.get("source")),
                amount=row.get("amount"),
                project=project,
                location=row.loc(),
                cells=_cells(row, "project", "item", "amount"),
            )
        )
    return tuple(out)


def _explanations(rows: list[RawRow]) -> tuple[Explanation, ...]:
    return tuple(
        Explanation(rule=row.get("rule"), cell=row.get("cell"), text=row.get("text"), location=row.loc("rule"))
        for row in rows
        if _usable(row, "rule", "text")
    )


def _fund_income(rows: list[RawRow]) -> tuple[FundIncomeLine, ...]:
    return tuple(
        FundIncomeLine(
            source=FundingSource(row.get("source")),
            code=row.get("code"),
            name=row.get("name"),
            amount=row.get("amount"),
            location=row.loc(),
            cells=_cells(row, "code", "name", "amount"),
        )
        for row in rows
        if _usable(row, "source", "code", "name", "amount")
    )


def _overall(fields: RawFields, task_rows: list[RawRow]) -> OverallPerformance:
    return OverallPerformance(
        duties=fields.get("duties"),
        strategic_goal=fields.get("strategic_goal"),
        annual_goal=fields.get("annual_goal"),
        social_insurance_fund=fields.get("social_insurance_fund") or ZERO,
        units_total=fields.get("units_total"),
        units_reporting=fields.get("units_reporting"),
        amount_reporting=fields.get("amount_reporting"),
        cells=_field_cells(fields),
        key_tasks=tuple(
            KeyTask(core_function=r.get("core_function"), tasks=r.get("tasks"), location=r.loc("core_function"))
            for r in task_rows
            if _usable(r, "core_function", "tasks")
        ),
    )


def _by_item(fields: RawFields, prefix: str) -> dict[ThreePublicItem, Any]:
    return {
        item: fields.get(f"{prefix}.{item.value}")
        for item in ThreePublicItem
        if fields.get(f"{prefix}.{item.value}") is not None
    }


def _prior(fields: RawFields) -> PriorYear:
    return PriorYear(
        income_total=fields.get("prior.income_total"),
        expenditure_total=fields.get("prior.expenditure_total"),
        general_current=fields.get("prior.general_current"),
        agency_operating=fields.get("prior.agency_operating"),
        three_public=_by_item(fields, "prior.three_public"),
        cells=_field_cells(fields, "prior."),
    )


def _reasons(fields: RawFields) -> Reasons:
    return Reasons(
        income=fields.get("reasons.income"),
        expenditure=fields.get("reasons.expenditure"),
        three_public_total=fields.get("reasons.three_public_total"),
        three_public_items=_by_item(fields, "reasons.three_public_items"),
        agency_operating=fields.get("reasons.agency_operating"),
        cells=_field_cells(fields, "reasons."),
    )


def _procurement(fields: RawFields) -> Procurement:
    return Procurement(
        goods=fields.get("procurement.goods") or ZERO,
        works=fields.get("procurement.works") or ZERO,
        services=fields.get("procurement.services") or ZERO,
        cells=_field_cells(fields, "procurement."),
    )


def _assets(fields: RawFields) -> Assets:
    def count(key: str) -> int:
        return fields.get(f"assets.{key}") or 0

    return Assets(
        as_of=fields.get("assets.as_of"),
        vehicle_quota=count("vehicle_quota"),
        vehicle_actual=count("vehicle_actual"),
        vehicles={
            cat: fields.get(f"assets.vehicles.{cat.value}")
            for cat in VehicleCategory
            if fields.get(f"assets.vehicles.{cat.value}") is not None
        },
        office_area=fields.get("assets.office_area"),
        office_note=fields.get("assets.office_note"),
        equipment_over_500k=count("equipment_over_500k"),
        equipment_over_1m=count("equipment_over_1m"),
        location=fields.loc("assets.vehicle_actual"),
        cells=_field_cells(fields, "assets."),
    )
