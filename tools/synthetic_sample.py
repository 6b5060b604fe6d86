"""The synthetic sample: a made-up county department that uses every feature the seeds don't.

泽川县住房和城乡建设局 (泽川县 is invented) with three budget units, one of each kind:

* 泽川县住房和城乡建设局 — 行政单位: 机关运行经费, 公务接待费 and 公务用车运行维护费 in T6;
* 泽川县城市管理综合行政执法大队 — 参照公务员法管理事业单位: 机关运行经费, a vehicle in T6;
* 泽川县城建档案馆 — 事业单位: no 机关运行经费, 资本性支出, 财政专户管理资金 and 单位资金.

Every funding source carries money (一般公共预算 everywhere; 政府性基金预算 and 国有资本经营预算
on projects, with their 收入科目 for T7/T9; 财政专户管理资金 and 单位资金 on the 事业单位),
上年结转 sits on basic lines and on projects (T13), three “三公” items are non-zero (two from T6
items, one 公务用车购置费 paid by a project), and the eight projects fall in both categories,
one of them without published targets. Every unit's T6 equals its T5 基本支出 to the fen, so
the sample validates with no errors.

The amounts are typed here as an accountant would type them, in 元.
"""

from __future__ import annotations

from decimal import Decimal

from gendisclose.model import (
    Assets,
    BasicLine,
    BudgetUnit,
    Department,
    DepartmentInfo,
    EconomicLine,
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
from gendisclose.money import yuan

DEPT = "泽川县住房和城乡建设局"
ENFORCEMENT = "泽川县城市管理综合行政执法大队"
ARCHIVES = "泽川县城建档案馆"

OPERATING = ProjectCategory.OPERATING
NOTHING = SourceAmounts()
SPECIFIC = ProjectCategory.SPECIFIC_PURPOSE


def _amounts(**kwargs: str) -> SourceAmounts:
    return SourceAmounts(**{k: yuan(v) for k, v in kwargs.items()})


# ---------------------------------------------------------------- 基本支出 (收支预算)

#: (unit, 功能科目, 当年 by source, 上年结转 by source)
BASIC: tuple[tuple[str, str, dict[str, str], dict[str, str]], ...] = (
    (DEPT, "2120101", {"general": "2842680.00"}, {"general": "56000.00"}),
    (DEPT, "2080501", {"general": "184200.00"}, {}),
    (DEPT, "2080505", {"general": "336960.00"}, {}),
    (DEPT, "2101101", {"general": "126380.00"}, {}),
    (DEPT, "2210201", {"general": "252720.00"}, {}),
    (ENFORCEMENT, "2120104", {"general": "1873150.00"}, {"general": "24500.00"}),
    (ENFORCEMENT, "2080505", {"general": "215040.00"}, {}),
    (ENFORCEMENT, "2101102", {"general": "80640.00"}, {}),
    (ENFORCEMENT, "2210201", {"general": "161280.00"}, {}),
    (
        ARCHIVES,
        "2012604",
        {"general": "618900.00", "special_account": "85000.00", "unit_funds": "46300.00"},
        {"unit_funds": "12000.00"},
    ),
    (ARCHIVES, "2080505", {"general": "76800.00"}, {}),
    (ARCHIVES, "2101102", {"general": "28800.00"}, {}),
    (ARCHIVES, "2210201", {"general": "57600.00"}, {}),
)

#: 一般公共预算当年基本支出 by 经济科目 (T6); per unit it sums to that unit's general basic lines.
ECONOMIC: tuple[tuple[str, str, str], ...] = (
    (DEPT, "30101", "1053600.00"),
    (DEPT, "30102", "812400.00"),
    (DEPT, "30103", "87800.00"),
    (DEPT, "30107", "421300.00"),
    (DEPT, "30108", "336960.00"),
    (DEPT, "30110", "126380.00"),
    (DEPT, "30113", "252720.00"),
    (DEPT, "30201", "102680.00"),
    (DEPT, "30205", "18000.00"),
    (DEPT, "30206", "42000.00"),
    (DEPT, "30211", "35000.00"),
    (DEPT, "30217", "12000.00"),
    (DEPT, "30228", "38300.00"),
    (DEPT, "30231", "48000.00"),
    (DEPT, "30239", "171600.00"),
    (DEPT, "30302", "184200.00"),
    (ENFORCEMENT, "30101", "782400.00"),
    (ENFORCEMENT, "30102", "512600.00"),
    (ENFORCEMENT, "30107", "326150.00"),
    (ENFORCEMENT, "30108", "215040.00"),
    (ENFORCEMENT, "30110", "80640.00"),
    (ENFORCEMENT, "30113", "161280.00"),
    (ENFORCEMENT, "30201", "64000.00"),
    (ENFORCEMENT, "30209", "36000.00"),
    (ENFORCEMENT, "30213", "22000.00"),
    (ENFORCEMENT, "30231", "36000.00"),
    (ENFORCEMENT, "30239", "94000.00"),
    (ARCHIVES, "30101", "312000.00"),
    (ARCHIVES, "30107", "196900.00"),
    (ARCHIVES, "30108", "76800.00"),
    (ARCHIVES, "30110", "28800.00"),
    (ARCHIVES, "30113", "57600.00"),
    (ARCHIVES, "30201", "42000.00"),
    (ARCHIVES, "30202", "18000.00"),
    (ARCHIVES, "30213", "26000.00"),
    (ARCHIVES, "31002", "24000.00"),
)


# ---------------------------------------------------------------- 项目


def _project(
    name: str,
    unit: str,
    code: str,
    category: ProjectCategory,
    current: SourceAmounts,
    carried: SourceAmounts = NOTHING,
    *,
    publish: bool = True,
    attribute: str = "经常性项目（长期开展）",
    period: str = "长期",
    overview: str,
    basis: str,
    goal: str,
    fill_date: str,
) -> Project:
    total = current + carried
    annual = LevelFunds(local=total.fiscal + total.special_account, self_raised=total.unit_funds)
    return Project(
        name=name,
        unit=unit,
        function_code=code,
        category=category,
        current=current,
        carried=carried,
        publish_targets=publish,
        attribute=attribute,
        period=period,
        implementing_unit=unit,
        implementation_funds=annual,
        annual_funds=annual,
        overview=overview,
        basis=basis,
        necessity=f"{overview.rstrip('。')}，是履行部门职责的必要保障。",
        safeguards="严格执行《泽川县县级财政项目资金管理办法》和单位内部控制制度，专款专用。",
        plan="年初制定实施方案，按季度推进，年底完成绩效自评。",
        goal_implementation=goal,
        goal_annual=goal,
        responsible_person="李建国",
        handler="王晓燕",
        phone="0356-6021345",
        fill_date=fill_date,
    )


OLD_COMMUNITIES = "泽川县2026年城镇老旧小区改造配套基础设施项目"
LAND_INFRA = "县城东区市政道路及管网配套工程（国有土地使用权出让收入安排）"
SEWAGE = "县城污水处理厂运营服务费（2026年）"
INSPECTION = "建设工程质量安全监督检查工作经费（2026年）"
SOE_RETIREES = "原县属国有建筑企业退休人员社会化管理补助"
EQUIPMENT = "城市管理执法装备及执法执勤用车购置"
CLEANING = "县城市容环境卫生保洁服务费（2026年）"
DIGITISING = "城建档案数字化加工项目（2026年）"

PROJECTS: tuple[Project, ...] = (
    _project(
        OLD_COMMUNITIES,
        DEPT,
        "2210108",
        SPECIFIC,
        _amounts(general="1800000.00"),
        _amounts(general="350000.00"),
        attribute="一次性项目（1年结束）",
        period="1年",
        overview="改造县城12个老旧小区的供排水、供热管网和道路照明等配套基础设施。",
        basis="《泽川县城镇老旧小区改造三年行动方案（2025—2027年）》",
        goal="完成12个老旧小区配套基础设施改造，惠及居民2100户。",
        fill_date="20251028093015",
    ),
    _project(
        LAND_INFRA,
        DEPT,
        "2120399",
        SPECIFIC,
        _amounts(government_fund="4200000.00"),
        attribute="一次性项目（1年结束）",
        period="1年",
        overview="建设县城东区纬三路、经五路市政道路2.4公里及配套雨污水管网。",
        basis="《泽川县2026年城市基础设施建设计划》",
        goal="新建市政道路2.4公里，配套管网4.8公里，年底前通车。",
        fill_date="20251028094522",
    ),
    _project(
        SEWAGE,
        DEPT,
        "2120501",
        OPERATING,
        _amounts(government_fund="1560000.00"),
        _amounts(government_fund="200000.00"),
        overview="支付县城污水处理厂特许经营运营服务费。",
        basis="《泽川县城市污水处理特许经营协议》",
        goal="污水处理厂稳定运行，出水水质稳定达到一级A标准。",
        fill_date="20251028101233",
    ),
    _project(
        INSPECTION,
        DEPT,
        "2120106",
        OPERATING,
        _amounts(general="420000.00"),
        overview="开展在建工程质量安全监督巡查、抽检和专项整治，含监督检查车辆运行维护。",
        basis="《建设工程质量管理条例》《建设工程安全生产管理条例》",
        goal="在建工程监督覆盖率100%，全年无较大及以上安全事故。",
        fill_date="20251028102847",
    ),
    _project(
        SOE_RETIREES,
        DEPT,
        "2120199",
        SPECIFIC,
        _amounts(state_capital="320000.00"),
        attribute="一次性项目（1年结束）",
        period="1年",
        overview="对原县属国有建筑企业改制后移交社会化管理的退休人员发放管理补助。",
        basis="《泽川县国有企业退休人员社会化管理工作实施方案》",
        goal="按时足额发放186名退休人员社会化管理补助。",
        fill_date="20251029083010",
    ),
    _project(
        EQUIPMENT,
        ENFORCEMENT,
        "2120104",
        SPECIFIC,
        _amounts(general="380000.00"),
        attribute="一次性项目（1年结束）",
        period="1年",
        overview="购置执法记录仪、便携式执法终端等装备，更新执法执勤用车1辆。",
        basis="《泽川县城市管理执法装备配备标准》",
        goal="执法装备配备率达到100%，执法执勤用车按编制更新到位。",
        fill_date="20251029091540",
    ),
    _project(
        CLEANING,
        ENFORCEMENT,
        "2120501",
        OPERATING,
        _amounts(general="2400000.00"),
        _amounts(general="180000.00"),
        publish=False,
        overview="县城主次干道及公共区域日常清扫保洁、垃圾清运服务。",
        basis="《泽川县城市环境卫生作业服务合同》",
        goal="县城道路机械化清扫率达到85%以上，垃圾日产日清。",
        fill_date="20251029094405",
    ),
    _project(
        DIGITISING,
        ARCHIVES,
        "2012604",
        SPECIFIC,
        _amounts(general="260000.00", special_account="60000.00", unit_funds="40000.00"),
        attribute="一次性项目（1年结束）",
        period="1年",
        overview="对1985年以来的城建档案进行数字化扫描、著录和挂接。",
        basis="《城市建设档案管理规定》",
        goal="完成城建档案数字化加工8万卷，数据质量合格率100%。",
        fill_date="20251030100218",
    ),
)


def _ind(
    project: str | None, period: str | None, level1: str, level2: str, level3: str, value: str
) -> Indicator:
    return Indicator(
        project=project,
        period=IndicatorPeriod(period) if period else None,
        level1=level1,
        level2=level2,
        level3=level3,
        value=value,
    )


#: (project, 二级, 三级, 指标值) rows; each is typed for both periods (实施期 and 年度).
PROJECT_INDICATORS: tuple[tuple[str, str, str, str, str], ...] = (
    (OLD_COMMUNITIES, "产出指标", "数量指标", "改造老旧小区数量", "12个"),
    (OLD_COMMUNITIES, "产出指标", "质量指标", "工程验收合格率", "100%"),
    (OLD_COMMUNITIES, "效益指标", "社会效益", "受益居民户数", "≥2100户"),
    (OLD_COMMUNITIES, "满意度指标", "服务对象满意度", "居民满意度", "≥90%"),
    (LAND_INFRA, "产出指标", "数量指标", "新建市政道路长度", "2.4公里"),
    (LAND_INFRA, "产出指标", "时效指标", "完工时间", "2026年11月底前"),
    (LAND_INFRA, "效益指标", "社会效益", "改善片区交通条件", "明显改善"),
    (LAND_INFRA, "满意度指标", "服务对象满意度", "沿线居民满意度", "≥90%"),
    (SEWAGE, "产出指标", "数量指标", "日处理污水量", "≥3万吨"),
    (SEWAGE, "产出指标", "质量指标", "出水水质达标率", "100%"),
    (SEWAGE, "效益指标", "生态效益", "COD年削减量", "≥2800吨"),
    (SEWAGE, "满意度指标", "服务对象满意度", "群众满意度", "≥90%"),
    (INSPECTION, "产出指标", "数量指标", "监督检查在建项目数", "≥60个"),
    (INSPECTION, "产出指标", "成本指标", "监督检查工作经费", "≤42万元"),
    (INSPECTION, "效益指标", "社会效益", "较大及以上安全事故", "0起"),
    (INSPECTION, "满意度指标", "服务对象满意度", "建设单位满意度", "≥90%"),
    (SOE_RETIREES, "产出指标", "数量指标", "补助退休人员人数", "186人"),
    (SOE_RETIREES, "产出指标", "时效指标", "补助发放及时率", "100%"),
    (SOE_RETIREES, "效益指标", "社会效益", "退休人员基本权益保障", "有效保障"),
    (SOE_RETIREES, "满意度指标", "服务对象满意度", "退休人员满意度", "≥95%"),
    (EQUIPMENT, "产出指标", "数量指标", "购置执法记录仪数量", "40台"),
    (EQUIPMENT, "产出指标", "数量指标", "更新执法执勤用车数量", "1辆"),
    (EQUIPMENT, "效益指标", "社会效益", "执法规范化水平", "有效提升"),
    (EQUIPMENT, "满意度指标", "服务对象满意度", "执法队员满意度", "≥90%"),
    (CLEANING, "产出指标", "数量指标", "清扫保洁面积", "≥260万平方米"),
    (CLEANING, "产出指标", "质量指标", "道路机械化清扫率", "≥85%"),
    (CLEANING, "效益指标", "社会效益", "市容环境整洁度", "明显提升"),
    (CLEANING, "满意度指标", "服务对象满意度", "市民满意度", "≥90%"),
    (DIGITISING, "产出指标", "数量指标", "数字化加工档案卷数", "8万卷"),
    (DIGITISING, "产出指标", "质量指标", "数据质量合格率", "100%"),
    (DIGITISING, "效益指标", "可持续影响", "档案利用效率", "明显提高"),
    (DIGITISING, "满意度指标", "服务对象满意度", "查档群众满意度", "≥95%"),
)

OVERALL_INDICATORS: tuple[tuple[str, str, str, str], ...] = (
    ("产出指标", "数量指标", "年度重点工作任务完成数", "≥10项"),
    ("产出指标", "质量指标", "预算执行率", "≥95%"),
    ("产出指标", "时效指标", "预决算公开时效性", "按时公开"),
    ("效益指标", "社会效益", "城市人居环境", "持续改善"),
    ("满意度指标", "服务对象满意度", "社会公众满意度", "≥90%"),
)


def _indicators() -> tuple[Indicator, ...]:
    out = [_ind(None, None, *row) for row in OVERALL_INDICATORS]
    for period in (IndicatorPeriod.IMPLEMENTATION.value, IndicatorPeriod.ANNUAL.value):
        out.extend(_ind(p, period, l1, l2, l3, v) for p, l1, l2, l3, v in PROJECT_INDICATORS)
    return tuple(out)


# ---------------------------------------------------------------- the department


def _info() -> DepartmentInfo:
    return DepartmentInfo(
        name=DEPT,
        code="017",
        region="泽川县",
        year=2026,
        unit_kind=UnitKind.ADMINISTRATIVE,
        duties=(
            TextBlock(
                text="（一）贯彻执行国家、省、市关于住房和城乡建设的法律法规和方针政策，拟订全县住房和城乡建设政策措施并组织实施。"
            ),
            TextBlock(text="（二）承担全县住房保障、城镇老旧小区改造和房地产市场监管工作。"),
            TextBlock(text="（三）承担建设工程质量安全监管责任，规范建筑市场秩序。"),
            TextBlock(text="（四）负责县城市政公用设施建设、运营监管和城市管理综合执法工作。"),
            TextBlock(text="（五）负责城乡建设档案的收集、保管和利用工作。"),
            TextBlock(text="（六）完成县委、县政府交办的其他任务。"),
        ),
        organisation=(
            TextBlock(
                text="泽川县住房和城乡建设局部门预算由局机关和2个所属单位的预算组成，纳入2026年部门预算编制范围的单位共3个："
            ),
            TextBlock(text="1、泽川县住房和城乡建设局（行政单位）", is_heading=True),
            TextBlock(text="内设办公室、住房保障股、建筑市场股、质量安全股、城建股5个股室。"),
            TextBlock(text="2、泽川县城市管理综合行政执法大队（参照公务员法管理事业单位）", is_heading=True),
            TextBlock(text="负责县城规划区内城市管理领域的综合行政执法工作。"),
            TextBlock(text="3、泽川县城建档案馆（公益一类事业单位）", is_heading=True),
            TextBlock(text="负责城建档案的接收、整理、保管和提供利用。"),
        ),
        staffing=Staffing(
            internal_departments=5, subordinate_units=2, authorised=96, on_payroll=88, others=24
        ),
        contact_person="王晓燕",
        contact_phone="0356-6021345",
    )


def synthetic_department() -> Department:
    """The made-up all-features department (deterministic: same model every call)."""
    basic = tuple(
        BasicLine(unit=u, function_code=code, current=_amounts(**cur), carried=_amounts(**car))
        for u, code, cur, car in BASIC
    )
    economic = tuple(EconomicLine(unit=u, economic_code=c, amount=yuan(a)) for u, c, a in ECONOMIC)
    units = (
        BudgetUnit(name=DEPT, kind=UnitKind.ADMINISTRATIVE),
        BudgetUnit(name=ENFORCEMENT, kind=UnitKind.CIVIL_SERVICE_MANAGED),
        BudgetUnit(name=ARCHIVES, kind=UnitKind.INSTITUTION),
    )
    _check_t6_equals_t5_basic(basic, economic)
    total = sum((b.current.total + b.carried.total for b in basic), Decimal(0)) + sum(
        (p.total for p in PROJECTS), Decimal(0)
    )
    return Department(
        info=_info(),
        units=units,
        basic_lines=basic,
        economic_lines=economic,
        projects=PROJECTS,
        indicators=_indicators(),
        overall=OverallPerformance(
            strategic_goal="坚持以人民为中心，推进城市更新和城乡建设高质量发展，建设宜居、韧性、智慧的县城。",
            key_tasks=(
                KeyTask(
                    core_function="住房保障和城市更新",
                    tasks="完成12个城镇老旧小区改造；保障性住房租金补贴应保尽保。",
                ),
                KeyTask(
                    core_function="市政设施建设运营",
                    tasks="建成东区市政道路2.4公里；污水处理厂稳定达标运行。",
                ),
                KeyTask(core_function="工程质量安全监管", tasks="在建工程监督全覆盖，开展安全生产专项整治。"),
            ),
            annual_goal="城市基础设施短板加快补齐，人居环境持续改善，全年无较大及以上建设工程安全事故。",
            units_total=3,
            units_reporting=3,
            amount_reporting=total,
        ),
        three_public_extra=(
            ThreePublicExtra(
                item=ThreePublicItem.VEHICLE_PURCHASE,
                source=FundingSource.GENERAL,
                amount=yuan("180000.00"),
                project=EQUIPMENT,
            ),
        ),
        fund_income=(
            FundIncomeLine(
                source=FundingSource.GOVERNMENT_FUND,
                code="1030148",
                name="国有土地使用权出让收入",
                amount=yuan("4200000.00"),
            ),
            FundIncomeLine(
                source=FundingSource.GOVERNMENT_FUND,
                code="1030178",
                name="污水处理费收入",
                amount=yuan("1560000.00"),
            ),
            FundIncomeLine(
                source=FundingSource.STATE_CAPITAL,
                code="1030699",
                name="其他国有资本经营预算收入",
                amount=yuan("320000.00"),
            ),
        ),
        prior=PriorYear(
            income_total=yuan("17856300.00"),
            expenditure_total=yuan("17856300.00"),
            general_current=yuan("11904300.00"),
            three_public={
                ThreePublicItem.OVERSEAS: yuan("0.00"),
                ThreePublicItem.RECEPTION: yuan("15000.00"),
                ThreePublicItem.VEHICLE_PURCHASE: yuan("0.00"),
                ThreePublicItem.VEHICLE_OPERATION: yuan("84000.00"),
            },
            agency_operating=yuan("742000.00"),
        ),
        reasons=Reasons(
            income="新增县城东区市政道路及管网配套工程，政府性基金预算收入增加",
            expenditure="新增县城东区市政道路及管网配套工程和城建档案数字化加工项目",
            three_public_total="按规定更新执法执勤用车1辆，公务用车购置费增加",
            three_public_items={
                ThreePublicItem.RECEPTION: "严格执行公务接待标准，压减接待批次",
                ThreePublicItem.VEHICLE_PURCHASE: "按编制更新执法执勤用车1辆",
            },
            agency_operating="落实过紧日子要求，压减一般性支出",
        ),
        procurement=Procurement(
            goods=yuan("624000.00"), works=yuan("6000000.00"), services=yuan("4840000.00")
        ),
        assets=Assets(
            as_of="2025年12月31日",
            vehicle_quota=6,
            vehicle_actual=5,
            vehicles={
                VehicleCategory.LEADERSHIP: 0,
                VehicleCategory.CONFIDENTIAL: 1,
                VehicleCategory.EMERGENCY: 1,
                VehicleCategory.LAW_ENFORCEMENT: 3,
                VehicleCategory.SPECIAL_TECHNICAL: 0,
                VehicleCategory.INSTITUTION_BUSINESS: 0,
                VehicleCategory.OTHER: 0,
            },
            office_area="2360.50",
            office_note="办公用房产权属于泽川县机关事务服务中心。",
            equipment_over_500k=2,
            equipment_over_1m=1,
        ),
        notes=OtherNotes(
            purchase_catalogue=(
                TextBlock(
                    text="县城市容环境卫生保洁服务、县城污水处理厂运营服务纳入政府购买服务指导性目录。"
                ),
            ),
            other=(TextBlock(text="本部门无其他需要说明的事项。"),),
        ),
    )


def _check_t6_equals_t5_basic(basic: tuple[BasicLine, ...], economic: tuple[EconomicLine, ...]) -> None:
    """Every unit's T6 合计 equals its 一般公共预算当年基本支出 (T5 基本), to the fen."""
    for unit in {b.unit for b in basic}:
        t5 = sum((b.current.general for b in basic if b.unit == unit), Decimal(0))
        t6 = sum((e.amount for e in economic if e.unit == unit), Decimal(0))
        if t5 != t6:
            raise AssertionError(f"{unit}: T6 {t6} ≠ T5 基本 {t5}")
