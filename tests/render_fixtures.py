"""A realistic sample :class:`Document` for the renderer tests (not derived from a workbook).

It looks like a seed (000, 朔州市平鲁区行政审批服务管理局) but every figure is made up and
already formatted, as the derivation would hand it over. It covers what the renderers must
handle: cover and 目录, four parts with headings at three levels, long paragraphs, T1 with a
two-row merged header (35 rows), a wide 8-column table with three header rows (like T9), an
80-row table that spans pages, a 绩效目标表-like grid with rowspans in the body, notes, a pie
and a bar chart, and hostile text in a paragraph and in a cell.
"""

from __future__ import annotations

from decimal import Decimal

from gendisclose.document import (
    Cell,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    head,
    num,
)
from gendisclose.model import DocumentKind

DEPT = "朔州市平鲁区行政审批服务管理局"
YEAR = "2026"

LONG_TEXT = ("预算公开长文本测试：优化营商环境、深化放管服改革、推进一网通办ABC123。" * 200)[:5000]
HOSTILE = (
    "{{ 7*7 }}",
    "{% for %}",
    "<script>alert(1)</script>",
    "<img src=file:///etc/passwd>",
    '<div style="background:url(file:///etc/passwd)">',
    "\u202e反向文本",
)
HOSTILE_PARAGRAPH = "用户输入测试：" + " ".join(HOSTILE[:5]) + " 结束。"
HOSTILE_RTL_PARAGRAPH = "方向控制字符测试：" + HOSTILE[5]
LONG_CELL = ("0123456789" * 500)  # 5,000 characters with no break opportunity

CHINESE_NUMERALS = (
    "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 "
    "二十一 二十二 二十三 二十四 二十五 二十六 二十七 二十八 二十九 三十"
).split()

FUNCTIONS = (
    "一般公共服务支出 外交支出 国防支出 公共安全支出 教育支出 科学技术支出 文化旅游体育与传媒支出 "
    "社会保障和就业支出 社会保险基金支出 卫生健康支出 节能环保支出 城乡社区支出 农林水支出 交通运输支出 "
    "资源勘探工业信息等支出 商业服务业等支出 金融支出 援助其他地区支出 自然资源海洋气象等支出 住房保障支出 "
    "粮油物资储备支出 国有资本经营预算支出 灾害防治及应急管理支出 预备费 其他支出 转移性支出 债务还本支出 "
    "债务付息支出 债务发行费用支出 抗疫特别国债安排的支出"
).split()

DUTIES = (
    "贯彻执行党中央、国务院关于行政审批、政务改革、政务服务和政务信息管理的方针政策、法律法规及区委、区政府的决策部署。统筹推进政务服务、政务改革和管理工作。",
    "负责优化简化线上线下政务服务流程，梳理编制公布“马上办、网上办、就近办、一次办”事项清单，对政务服务事项实行清单化管理，规范政务服务行为。",
    "负责区行政审批制度改革工作。探索推行“大厅之外无审批”“一枚印章管理”。负责推进相对集中行政许可权改革相关工作。",
    "贯彻落实政府采购相关法律法规、政策，拟订我区政府采购目录、采购组织形式、采购方式等相关政策并指导、监督实施。指导实施政府采购预算编制、采购信息统计及发布等相关工作。",
    "贯彻执行行政审批、公共服务、中介服务标准。负责对进入区政务服务平台中介服务机构的管理和监督工作。",
    "负责推进区“互联网+政务服务”工作，承担区级在线政务服务平台的管理、维护工作。",
    "负责整合各类监管信息资源，汇集监管部门监管业务结果数据。负责对区政府有关部门及其所属事业单位开展行政审批、公共服务、政府采购等工作的行政效能监察，监察结果报告区政府。负责承办、转办和督办行政审批、公共服务和政府采购相关投诉举报，组织开展绩效考核。",
    "承担区人民政府优化营商环境相关职责。",
    "完成区委、区政府交办的其他任务。",
    "职能转变。根据法律法规和行政审批制度改革有关规定，负责在区政务服务中心探索推行“一枚印章管审批”，对审批事项进行精简、归并、优化重组，以企业和群众办好“一件事”为标准，优化再造审批流程，提升审批效率，从机制上解决行政审批互为前置等问题，对各类审批事项，由所涉部门审批人员、首席代表审批、签字后，统一加盖“平鲁区行政审批服务管理局行政审批专用章”，取代各部门审批专用章，各审批部门对相关资料的真实性、合法性负责。负责推动“最多跑一次”“一次不用跑”改革。负责推进“一网通办”“全程网办”等工作。",
    "与区委编办有关职责分工。配合推进和完善权责清单制度，具体承担区级权责清单梳理规范、动态调整等相关管理工作。",
)

OFFICES = (
    ("办公室", "负责本单位文电、会务、档案、机要等日常运转工作。负责安全保密、信访、应急、后勤保障等工作。负责机构编制、人事劳资、社会保险管理等工作。负责机关和所属单位党建、党风廉政建设、精神文明建设、群团等工作。"),
    ("法制股", "负责研究行政审批相关法律法规和规章，起草相关规范性文件；负责规范性文件、行政许可等政务服务事项和流程的合法性审查工作。承担行政复议、行政应诉及其他法律事务工作。"),
    ("行政审批股", "承担行政审批制度改革有关具体工作。负责推进相对集中行政许可权改革工作，推行“一枚印章管审批”。负责权责清单梳理规范、动态调整等管理工作。"),
    ("互联网+监管股", "负责统一协调全区一体化在线政务服务平台的建设、管理和维护工作。负责监督区级政务服务事项办理情况，对政务服务质量进行评价、考核。负责政务服务数据统计分析、运行情况评估工作。"),
)

GLOSSARY = (
    "一、财政拨款收入：指本级财政当年拨付的资金。",
    "二、事业收入：指事业单位开展专业业务活动及辅助活动所取得的收入。",
    "三、其他收入：指除上述“财政拨款收入”“事业收入”“经营收入”等以外的收入。",
    "四、用事业基金弥补收支差额：指事业单位在当年的“财政拨款收入”“事业收入”“经营收入”“其他收入”不足以安排当年支出的情况下，使用以前年度积累的事业基金（即事业单位当年收支相抵后按国家规定提取、用于弥补以后年度收支差额的基金）弥补本年度收支缺口的资金。",
    "五、上年结转：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。",
    "六、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
    "七、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "八、“三公”经费：纳入省财政预决算管理的“三公”经费，是指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置及运行费反映单位公务用车车辆购置支出（含车辆购置税）及租用费、燃料费、维修费、过路过桥费、保险费等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。",
    "九、机关运行经费：为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
)


def _amount(i: int, scale: int = 1) -> str:
    """A made-up formatted amount (renderers never compute: this is just text)."""
    value = (i * 7919 % 100000) * scale
    return f"{value // 100}.{value % 100:02d}"


def table_t1() -> Table:
    """T1-like: 收入[2] | 支出[4] over a second header row; 30 function rows + totals = 35 body rows."""
    header = (
        (head("收入", colspan=2), head("支出", colspan=4)),
        (head("项目"), head(f"{YEAR}年"), head("项目"), head(f"{YEAR}年合计"), head("当年预算安排"), head("上年结转安排")),
    )
    incomes = ("一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算", "四、财政专户管理资金", "五、单位资金")
    body: list[tuple[Cell, ...]] = []
    for i, (numeral, name) in enumerate(zip(CHINESE_NUMERALS, FUNCTIONS, strict=True)):
        income = (Cell(incomes[i]), num("519.99" if i == 0 else "")) if i < len(incomes) else (Cell(""), num(""))
        filled = i in (0, 7, 9, 19)
        amt = _amount(i + 3) if filled else ""
        body.append((*income, Cell(f"{numeral}、{name}"), num(amt), num(amt), num("")))
    body.append((Cell("本年收入合计", bold=True), num("519.99", bold=True), Cell("本年支出合计", bold=True),
                 num("519.99", bold=True), num("519.99", bold=True), num("")))
    body.append((Cell("上年结转"), num(""), Cell("年终结转"), num(""), num(""), num("")))
    body.append((Cell("收入总计", bold=True), num("519.99", bold=True), Cell("支出总计", bold=True),
                 num("519.99", bold=True), num("519.99", bold=True), num("")))
    body.append((Cell("（以下空白）"), num(""), Cell(""), num(""), num(""), num("")))
    body.append((Cell(""), num(""), Cell(""), num(""), num(""), num("")))
    assert len(body) == 35
    return Table(
        key="T1",
        label="预算公开表1",
        title=f"{YEAR}年预算收支总表",
        toc_title=f"表一{YEAR}年预算收支总表",
        captions=(f"部门名称：{DEPT}", "单位：万元"),
        header=header,
        body=tuple(body),
        notes=("注：本套报表因取数时四舍五入，部分金额可能存在尾差",),
        column_widths=(3, 1.4, 3.4, 1.4, 1.4, 1.4),
        wide=True,
    )


def table_t6_long() -> Table:
    """T6-like, 80 body rows, so the table spans pages and the header must repeat."""
    header = (
        (head("科目编码"), head("科目名称"), head("合计"), head("人员经费"), head("公用经费")),
    )
    body: list[tuple[Cell, ...]] = [(Cell("合计", colspan=2, bold=True), num("411.78", bold=True), num("376.93"), num("34.85"))]
    for i in range(79):
        code = f"30{1 + i // 20}{i % 20 + 1:02d}"
        body.append((Cell(code), Cell(f"经济科目名称第{i + 1}项（办公费、印刷费、邮电费）"),
                     num(_amount(i)), num(_amount(i) if i % 3 else ""), num("" if i % 3 else _amount(i))))
    return Table(
        key="T6",
        label="预算公开表6",
        title=f"{YEAR}年一般公共预算安排基本支出分经济科目表（不含上年结转）",
        toc_title=f"表六{YEAR}年一般公共预算安排基本支出分经济科目表（不含上年结转）",
        captions=(f"部门名称：{DEPT}", "单位：万元"),
        header=header,
        body=tuple(body),
        column_widths=(1.2, 4, 1.4, 1.4, 1.4),
    )


def table_t9_wide() -> Table:
    """T9-like: 8 columns, three header rows with col- and rowspans; hostile text in a cell."""
    header = (
        (head("国有资本经营预算收入", colspan=3), head("国有资本经营预算支出", colspan=5)),
        (head("项目", colspan=2), head("国有资本经营收入预算", rowspan=2), head("科目编码", rowspan=2),
         head("科目名称", rowspan=2), head("合计", rowspan=2), head("基本支出", rowspan=2), head("项目支出", rowspan=2)),
        (head("收入科目编码"), head("科目名称")),
    )
    body = [
        (Cell("合计", colspan=2, bold=True), num("12.50"), Cell(""), Cell(""), num("12.50"), num("2.50"), num("10.00")),
        (Cell("1030601"), Cell("利润收入"), num("12.50"), Cell("2230105"), Cell("国有企业职工安置"),
         num("12.50"), num("2.50"), num("10.00")),
        (Cell("1030602"), Cell(HOSTILE_PARAGRAPH), num("0.00"), Cell("2230199"), Cell(LONG_CELL),
         num(""), num(""), num("")),
        (Cell("1030603"), Cell(HOSTILE_RTL_PARAGRAPH), num(""), Cell(""), Cell("其他国有资本经营预算支出"),
         num(""), num(""), num("")),
    ]
    return Table(
        key="T9",
        label="部门公开表9",
        title=f"{YEAR}年国有资本经营预算收支预算表（不含上年结转）",
        toc_title=f"表九{YEAR}年国有资本经营预算收支预算表（不含上年结转）",
        captions=(f"部门名称：{DEPT}", "单位：万元"),
        header=header,
        body=tuple(body),
        notes=("注：本表为测试数据",),
        column_widths=(1.3, 2.6, 1.6, 1.3, 2.6, 1.2, 1.2, 1.2),
        wide=True,
    )


def table_t10_empty() -> Table:
    header = (
        (head("项目", rowspan=2), head(f"{YEAR}年预算数", colspan=4)),
        (head("合计"), head("一般公共预算"), head("政府性基金预算"), head("国有资本经营预算")),
    )
    rows = ("因公出国（境）费", "公务接待费", "公务用车购置及运行费", "①公务用车购置费", "②公务用车运行维护费", "合计")
    return Table(
        key="T10",
        label="预算公开表10",
        title=f"{YEAR}年财政拨款安排“三公”经费支出预算表",
        toc_title=f"表十{YEAR}年财政拨款安排“三公”经费支出预算表",
        captions=(f"部门名称：{DEPT}", "单位：万元"),
        header=header,
        body=tuple((Cell(r), num(""), num(""), num(""), num("")) for r in rows),
        notes=("注：本表无数据",),
        column_widths=(3, 1.5, 1.5, 1.5, 1.5),
    )


def table_performance(project: str) -> Table:
    """项目支出绩效目标表-like: 7 columns, rowspans in the body (一级/二级 blocks)."""
    def label(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
        return Cell(text, colspan=colspan, rowspan=rowspan)

    body: list[tuple[Cell, ...]] = [
        (label("项目名称"), label(project, colspan=6)),
        (label("主管部门及代码"), label(f"008-{DEPT}", colspan=2), label("实施单位"), label(DEPT, colspan=3)),
        (label("项目属性"), label("一次性项目(1年结束)", colspan=2), label("项目期"), label("1年", colspan=3)),
        (label("项目资金(元)", rowspan=6), label("实施期资金总额:"), num("104,450.4"), label("年度资金总额:", colspan=2),
         num("104,450.4", ), Cell("")),
    ]
    for src, v in (("其中:中央财政资金", "0"), ("省级财政资金", "0"), ("市县(区)财政资金", "104,450.4"),
                   ("单位自筹", "0"), ("其他资金", "")):
        body.append((label(src), num(v), label(src, colspan=2), num(v), Cell("")))
    for name, text in (("项目概况", "聘用行政办事及辅助人员工资及各类保险经费。"), ("立项依据", "平财预【2024】127号"),
                       ("项目设立必要性", "工作需要聘用行政办事及辅助人员。"),
                       ("保证项目实施的制度、措施", "按照文件执行，专款专用。"), ("项目实施计划", "按照文件执行，专款专用。")):
        body.append((label(name), label(text, colspan=6)))
    body.append((label(""), head("实施期目标", colspan=3), head("年度目标", colspan=3)))
    body.append((label("总体目标"), label("按照文件执行，专款专用。", colspan=3), label("按照文件执行，专款专用。", colspan=3)))
    indicators = (
        ("产出指标", (("数量指标", "人员数量", "2人"), ("质量指标", "人员经费保障率", "100%"),
                      ("时效指标", "工资是否及时发放", "及时发放"), ("成本指标", "人员支出", "≤17000元/月"))),
        ("效益指标", (("经济效益", "带动单位工作人员工作积极性", "逐步提高"), ("社会效益", "", ""),
                      ("生态效益", "", ""), ("可持续影响", "是否按规定发放", "按规定"))),
        ("满意度指标", (("服务对象满意度", "人员满意度", "≥95%"),)),
    )
    n_rows = 1 + sum(len(b) for _, b in indicators)
    body.append((label("绩效指标", rowspan=n_rows), head("一级指标"), head("二级指标"), head("三级指标"), head("指标值"),
                 head("三级指标"), head("指标值")))
    for first, block in indicators:
        for j, (second, third, value) in enumerate(block):
            lead = (label(first, rowspan=len(block)),) if j == 0 else ()
            body.append((*lead, label(second), label(third), label(value), label(third), label(value)))
    body.append((label("负责人:"), label(""), label("经办人:"), label(""), label("联系电话:"), label("填报日期:"),
                 label("20251031085419")))
    return Table(
        key=f"PERF_PROJECT_{project[:4]}",
        title="平鲁区县(区)级预算部门(单位)项目支出绩效目标表",
        subtitle=f"({YEAR}年度)",
        header=(),
        body=tuple(body),
        column_widths=(1.6, 1.4, 1.6, 1.8, 1.2, 1.8, 1.2),
    )


def sample_document() -> Document:
    blocks: list = []
    add = blocks.append

    add(Heading("第一部分 概况", 1))
    add(Heading("一、本部门职责", 2))
    for i, duty in enumerate(DUTIES):
        add(Paragraph(f"（{CHINESE_NUMERALS[i]}）{duty}"))
    add(Heading("二、机构设置情况", 2))
    add(Paragraph(f"(一) 内设科室：{DEPT}内设4个股室，分别是办公室、法制股、行政审批股、互联网+监管股。"))
    for i, (office, text) in enumerate(OFFICES):
        add(Heading(f"{i + 1}、{office}", 3, in_toc=False))
        add(Paragraph(text))

    add(PageBreak())
    add(Heading(f"第二部分 {YEAR}年部门预算报表", 1))
    add(table_t1())
    add(PageBreak())  # between two landscape tables: must not leave an empty portrait page
    add(table_t9_wide())
    add(PageBreak())
    add(table_t6_long())
    add(PageBreak())
    add(table_t10_empty())

    add(PageBreak())
    add(Heading(f"第三部分 {YEAR}年度部门预算情况说明", 1))
    add(Heading("一、部门预算收支数据变动情况及原因", 2))
    add(Paragraph(f"{YEAR}年度{DEPT}预算收入总计519.99万元，其中：本年收入519.99万元，上年结转0万元，比上年增长21.69万元，"
                  "增长4.35%，主要原因是2026年人员基本工资增加26.5万元，津贴补贴增加3.35万元，奖金增加1.5万元。"))
    add(Heading("二、收入预算情况说明", 2))
    add(Paragraph(f"{YEAR}年度{DEPT}预算收入519.99万元，主要包括一般公共预算拨款收入519.99万元，占100.00%；"
                  "政府性基金预算拨款收入0万元，占0%；国有资本经营预算拨款收入0万元，占0%；财政专户管理资金收入0万元，占0%；"
                  "单位资金收入0万元，占0%。"))
    add(Heading("五、一般公共预算支出情况说明", 2))
    add(Heading("（一）一般公共预算当年支出规模变化情况", 3))
    add(Paragraph(f"{YEAR}年度{DEPT}一般公共预算当年支出519.99万元，比上年增加21.69万元，增长4.35%。"))
    add(Heading("（二）一般公共预算当年支出结构情况", 3))
    add(Paragraph(f"{YEAR}年度{DEPT}一般公共预算当年支出519.99万元，主要用于以下方面：一般公共服务支出426.51万元；"
                  "社会保障和就业支出41.49万元；卫生健康支出16.85万元；住房保障支出35.14万元等。"))
    add(Chart(
        key="CHART_GPB",
        caption="一般公共预算当年拨款结构图",
        kind="pie",
        items=(("一般公共服务支出", Decimal("426.51"), "82.02%"), ("社会保障和就业支出", Decimal("41.49"), "7.98%"),
               ("卫生健康支出", Decimal("16.85"), "3.24%"), ("住房保障支出", Decimal("35.14"), "6.76%")),
    ))
    add(Heading("七、“三公”经费增减变动原因说明", 2))
    add(Paragraph("2026年“三公”经费预算3.00万元，其中：公务接待费1.00万元，公务用车运行维护费2.00万元，因公出国（境）费0万元。"))
    add(Chart(
        key="CHART_SANGONG",
        caption="三公经费分布图",
        kind="bar",
        items=(("因公出国（境）费", Decimal("0.00"), "0.00%"), ("公务接待费", Decimal("1.00"), "33.33%"),
               ("公务用车购置费", Decimal("0.00"), "0.00%"), ("公务用车运行维护费", Decimal("2.00"), "66.67%")),
    ))
    add(Heading("十、绩效管理情况", 2))
    add(Heading("1、整体绩效目标", 3, in_toc=False))
    add(Paragraph("2026年行政审批服务管理局整体绩效目标，涉及预算资金108.22万元。（整体目标公开情况见附件）"))
    add(Heading("2、项目绩效目标", 3, in_toc=False))
    add(Paragraph(f"2026年{DEPT}纳入绩效目标管理的二级项目5个，共计金额108.22万元。"))
    add(table_performance("2026年全日制用工人员工资(行政审批局)"))
    add(table_performance("12345热线服务费(2026年行政审批局)"))
    add(Heading("十二、其他说明", 2))
    add(Heading("（一）政府购买服务指导性目录", 3))
    add(Paragraph("本部门无政府购买服务预算。"))
    add(Heading("（二）其他", 3))
    add(Paragraph(HOSTILE_PARAGRAPH))
    add(Paragraph(LONG_TEXT))
    add(Paragraph(HOSTILE_RTL_PARAGRAPH))
    add(Paragraph("注：以上为测试文本。", style="note"))

    add(PageBreak())
    add(Heading("第四部分 名词解释", 1))
    for g in GLOSSARY:
        add(Paragraph(g))
    add(Paragraph(f"{DEPT}", style="signature"))

    return Document(
        kind=DocumentKind.BUDGET,
        cover=(DEPT, f"{YEAR}年度部门预算公开"),
        file_stem=f"{DEPT}{YEAR}年度部门预算公开",
        blocks=tuple(blocks),
        metadata={"title": f"{DEPT}{YEAR}年度部门预算公开", "author": DEPT},
    )


def document_texts(document: Document) -> list[str]:
    """Every text that must appear in the output, in reading order (for extraction tests)."""
    out: list[str] = list(document.cover)
    for b in document.blocks:
        if isinstance(b, Heading | Paragraph):
            out.append(b.text)
        elif isinstance(b, Table):
            out.extend(t for t in (b.label, b.title, b.subtitle, *b.captions) if t)
            out.extend(c.text for row in b.header + b.body for c in row if c.text)
            out.extend(b.notes)
        elif isinstance(b, Chart):
            out.append(b.caption)
    return out
