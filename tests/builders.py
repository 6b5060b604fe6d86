"""A small builder so every test's input is visible in the test itself.

    dept = (DepartmentBuilder(name="测试局", year=2026)
            .unit("测试局", "行政单位")
            .basic("2010301", general="1765100")
            .economic("30101", "1000000")
            .project("办公楼物业费", "2010301", general="130000", category="特定目标类")
            .build())

Amounts are 元 strings (or Decimals). Unit defaults to the department's own name.
"""

from __future__ import annotations

from decimal import Decimal

from gendisclose.model import (
    BasicLine,
    BudgetUnit,
    Department,
    DepartmentInfo,
    DocumentKind,
    EconomicLine,
    Indicator,
    IndicatorPeriod,
    KeyTask,
    LevelFunds,
    OverallPerformance,
    PriorYear,
    Procurement,
    Project,
    ProjectCategory,
    SourceAmounts,
    TextBlock,
    ThreePublicExtra,
    ThreePublicItem,
    UnitKind,
)

_SOURCE_KWARGS = ("general", "government_fund", "state_capital", "special_account", "unit_funds")


def amounts(**kwargs: str | Decimal | int) -> SourceAmounts:
    """``amounts(general="100.00", unit_funds="5")`` → SourceAmounts in 元."""
    unknown = set(kwargs) - set(_SOURCE_KWARGS)
    if unknown:
        raise TypeError(f"unknown funding source(s): {unknown}")
    return SourceAmounts(**{k: Decimal(str(v)).quantize(Decimal("0.01")) for k, v in kwargs.items()})


def _split(kwargs: dict) -> tuple[SourceAmounts, SourceAmounts]:
    """Keys ``general=…`` are current-year; ``carried_general=…`` are 上年结转."""
    current = {k: v for k, v in kwargs.items() if not k.startswith("carried_")}
    carried = {k.removeprefix("carried_"): v for k, v in kwargs.items() if k.startswith("carried_")}
    return amounts(**current), amounts(**carried)


class DepartmentBuilder:
    def __init__(
        self,
        name: str = "测试县测试局",
        year: int = 2026,
        kind: str = "行政单位",
        code: str = "001",
        region: str = "测试县",
        document_kind: DocumentKind = DocumentKind.BUDGET,
    ) -> None:
        self.info = DepartmentInfo(name=name, year=year, unit_kind=UnitKind(kind), code=code, region=region)
        self.document_kind = document_kind
        self.units: list[BudgetUnit] = []
        self.basic_lines: list[BasicLine] = []
        self.economic_lines: list[EconomicLine] = []
        self.projects: list[Project] = []
        self.indicators: list[Indicator] = []
        self.extras: list[ThreePublicExtra] = []
        self.prior = PriorYear()
        self.procurement = Procurement()
        self.other: dict = {}

    def unit(self, name: str, kind: str = "行政单位") -> DepartmentBuilder:
        self.units.append(BudgetUnit(name=name, kind=UnitKind(kind)))
        return self

    def basic(self, code: str, unit: str | None = None, **kwargs: str) -> DepartmentBuilder:
        current, carried = _split(kwargs)
        self.basic_lines.append(
            BasicLine(unit=unit or self.info.name, function_code=code, current=current, carried=carried)
        )
        return self

    def economic(self, code: str, amount: str, unit: str | None = None) -> DepartmentBuilder:
        self.economic_lines.append(
            EconomicLine(unit=unit or self.info.name, economic_code=code, amount=Decimal(amount))
        )
        return self

    def project(
        self,
        name: str,
        code: str,
        unit: str | None = None,
        category: str = "特定目标类",
        publish: bool = True,
        **kwargs: str,
    ) -> DepartmentBuilder:
        current, carried = _split(kwargs)
        total = current.total + carried.total
        self.projects.append(
            Project(
                name=name,
                unit=unit or self.info.name,
                function_code=code,
                category=ProjectCategory(category),
                current=current,
                carried=carried,
                publish_targets=publish,
                annual_funds=LevelFunds(local=total),
                implementation_funds=LevelFunds(local=total),
            )
        )
        return self

    def indicator(
        self,
        project: str | None,
        level2: str,
        level3: str,
        value: str,
        period: str | None = "年度",
        level1: str | None = None,
    ) -> DepartmentBuilder:
        if level1 is None:
            level1 = {
                "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
                "经济效益": "效益指标", "社会效益": "效益指标", "生态效益": "效益指标", "可持续影响": "效益指标",
                "服务对象满意度": "满意度指标",
            }[level2]
        self.indicators.append(
            Indicator(
                project=project,
                period=IndicatorPeriod(period) if (period and project) else None,
                level1=level1,
                level2=level2,
                level3=level3,
                value=value,
            )
        )
        return self

    def three_public_extra(self, item: str, amount: str, source: str = "一般公共预算") -> DepartmentBuilder:
        from gendisclose.model import FundingSource

        self.extras.append(
            ThreePublicExtra(item=ThreePublicItem(item), source=FundingSource(source), amount=Decimal(amount))
        )
        return self

    def prior_year(self, **kwargs) -> DepartmentBuilder:
        """``prior_year(income_total="4983000", agency_operating="326000")``."""
        values = {k: (Decimal(v) if isinstance(v, str) else v) for k, v in kwargs.items()}
        self.prior = self.prior.model_copy(update=values)
        return self

    def procure(self, goods: str = "0", works: str = "0", services: str = "0") -> DepartmentBuilder:
        self.procurement = Procurement(goods=Decimal(goods), works=Decimal(works), services=Decimal(services))
        return self

    def described(self, duties: str = "负责本部门职责范围内的各项工作。") -> DepartmentBuilder:
        """The content every published disclosure has (else rules/completeness warns): 本部门职责,
        部门战略目标 and 年度绩效目标, one 年度重点任务 and one 部门整体 indicator."""
        self.info = self.info.model_copy(update={"duties": (TextBlock(text=duties),)})
        self.other["overall"] = OverallPerformance(
            strategic_goal="依法履职，提升服务水平。",
            annual_goal="完成年度各项工作任务。",
            key_tasks=(KeyTask(core_function="依法履行职责", tasks="完成年度重点工作"),),
        )
        return self.indicator(None, "数量指标", "完成年度重点任务", "100%")

    def with_(self, **fields) -> DepartmentBuilder:
        """Any other Department field (``reasons=Reasons(...)``, ``assets=Assets(...)``)."""
        self.other.update(fields)
        return self

    def build(self) -> Department:
        units = tuple(self.units) or (BudgetUnit(name=self.info.name, kind=self.info.unit_kind),)
        return Department(
            kind=self.document_kind,
            info=self.info,
            units=units,
            basic_lines=tuple(self.basic_lines),
            economic_lines=tuple(self.economic_lines),
            projects=tuple(self.projects),
            indicators=tuple(self.indicators),
            three_public_extra=tuple(self.extras),
            prior=self.prior,
            procurement=self.procurement,
            **self.other,
        )
