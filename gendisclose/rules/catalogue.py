"""The catalogue of rules: every check the program can report, once, with its stable ID.

A rule's ID is the issue's ``code`` (``X13.basic_vs_economic``, ``assets.vehicles_sum``): it is
what a profile's ``[rules]`` names, what ``validate --format json`` prints and what an annotated
workbook's 批注 shows, so no second short ID is carried beside it (two names for one rule would
have to be kept in step). Where the spec numbers the identity (X13, T7, J01…) the number is the
ID's first part or stands in :attr:`Rule.source`.

Each :class:`Rule` has the level it is reported at by default, whether it is *structural* (the
workbook could not be read as the standard one, or the derivation broke: a profile may not relax
it, :mod:`gendisclose.profile.levels`), a one-line Chinese description and where it comes from.
``gendisclose rules`` prints this table and ``docs/rules.md`` is generated from it
(:func:`markdown`); ``tests/test_catalogue.py`` checks every code the source raises is here.
"""

from __future__ import annotations

from dataclasses import dataclass

E, W = "错误", "警告"


@dataclass(frozen=True)
class Rule:
    code: str
    level: str  # 错误 / 警告
    structural: bool
    description: str
    source: str

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "level": self.level, "structural": self.structural,
                "description": self.description, "source": self.source}


def _rules(rows: str, *, structural: bool, source: str = "") -> tuple[Rule, ...]:
    """``code | E/W | description | source`` lines (source defaults to ``source``)."""
    out = []
    for line in rows.strip().splitlines():
        code, level, description, *where = (part.strip() for part in line.split("|"))
        out.append(Rule(code, E if level == "E" else W, structural, description, (where[0] if where else source)))
    return tuple(out)


# ---------------------------------------------------------------- reading the workbook (structural)

STRUCTURAL = _rules("""
file.missing | E | 找不到输入文件 | 读取
file.not_file | E | 输入路径是文件夹而不是工作簿 | 读取
file.empty | E | 文件为 0 字节 | 读取
file.not_xlsx | E | 文件不是 .xlsx 工作簿（如 .xls、.csv、加密文件） | 读取
file.corrupt | E | 工作簿已损坏，无法打开 | 读取
file.too_big | E | 工作簿解压后过大（压缩比异常） | 读取
file.unreadable | E | 文件无法读取（权限等） | 读取
kind.wrong | E | 工作簿的公开种类（预算/决算）与命令要求的不同 | 读取
kind.mixed | E | 一个工作簿同时含有预算和决算的工作表 | 读取
kind.final_documents_not_yet | E | 决算工作簿暂不能生成公开文档（可 validate、tables） | issue 15
sheet.missing | E | 缺少标准模板的工作表 | 模板
sheet.too_many_rows | E | 表格行数超过读取上限 | 读取
sheet.too_many_errors | E | 本表错误过多，只列出前若干个 | 读取
column.missing | E | 缺少标准表头的列 | 模板
field.missing | E | 项目—数值表缺少标准项目名称 | 模板
field.duplicate | E | 项目—数值表同一项目填了两次 | 模板
cell.required | E | 必填单元格未填 | 模板
cell.text | E | 文本单元格内容不可用 | 模板
cell.int | E | 整数单元格不是整数 | 模板
cell.money | E | 金额单元格不是以元为单位的数字 | spec §1.1
cell.enum | E | 下拉单元格的值不在可选项中 | 模板
cell.code | E | 编码单元格位数或字符不对 | 模板
cell.bool | E | 是/否单元格填了其他内容 | 模板
cell.score | E | 得分不是 0～100 的数字 | 决算模板
cell.merged | E | 数据区有合并单元格 | 模板
cell.formula_no_value | E | 公式单元格没有保存的计算结果 | 读取
cell.too_long | E | 文字超过版面能容纳的长度 | issue 12
cell.invisible | E | 单元格格式把内容藏起来了（;;; 格式、白字、极小字号） | issue 12
cell.formula_empty | W | 公式的计算结果是空文本 | issue 12
cell.formula_stale | W | 工作簿由不计算公式的程序写出，公式结果可能不是最新 | issue 12
file.strict_ooxml | E | 文件是 Strict Open XML 电子表格，须另存为“Excel 工作簿(*.xlsx)” | issue 12
cell.money_percent | E | 金额、数量或得分单元格设成了百分比格式（显示 30%，读到 0.3） | issue 12 第二轮
cell.formula_external | W | 公式引用其他工作簿或用了 TODAY/NOW/RAND，保存的结果不是本工作簿核对过的数 | issue 12 第二轮
sheet.hidden | E | 标准工作表被隐藏但有内容 | issue 12
sheet.lookalike | E | 工作表名称像某个标准工作表但不相同（全角/半角、多了“表”字等），其数据不会被读取 | issue 12
sheet.duplicate | E | 两个工作表名称只差空格，都是同一个标准工作表 | issue 12
sheet.unknown | W | 非标准工作表中有内容，不会被读取 | issue 12
sheet.unreadable | E | 工作表使用无法识别的 XML 命名空间 | issue 12
sheet.header_row | E | 表头不在第 1 行（上面有标题行） | issue 12
sheet.row_order | E | 工作表中的行顺序错乱（非 Excel 程序写出），部分行会丢失 | issue 12
row.hidden | E | 隐藏行（或行高接近 0）中有内容 | issue 12
column.hidden | E | 隐藏列（或列宽接近 0）中有内容 | issue 12
column.duplicate | E | 同一表头出现两次，无法确定读哪一列 | issue 12
column.lookalike | W | 有内容的列表头像标准表头但不相同，不会被读取 | issue 12
column.no_header | W | 没有表头的列中有内容，不会被读取 | issue 12
field.lookalike | W | 项目名称像标准项目但不相同，不会被读取 | issue 12
field.misplaced | W | 数值填在了 C 列（填写说明列），B 列为空 | issue 12
field.no_label | W | B 列有数值但 A 列没有项目名称，不会被读取 | issue 12
row.duplicate | E | 同一行（同一编码或名称）填了两次 | 模板
ref.unit | E | 单位名称不在“单位”表中且无法按部门处理 | 模板
ref.indicator_project | E | 绩效指标的归属不是“项目”表中的项目或“部门整体” | 模板
ref.three_public_project | E | 项目三公经费的项目不在“项目”表中 | 模板
code.function_malformed | E | 功能科目编码不是 7 位、类不在 201～234 | 科目表
code.function_unknown | W | 功能科目编码不在科目表中（已填名称，按所填名称印出） | 科目表
code.function_unknown_no_name | E | 功能科目编码不在科目表中且未填名称 | 科目表
code.economic_unknown | E | 经济科目编码不是部门预算支出经济分类的款 | 科目表
code.economic_not_basic | E | 经济科目不能列入基本支出 | spec §6
model.invalid | E | 工作簿内容无法组成预算模型 | 读取
info.year | E | 预算年度不是四位年份 | 模板
function.code_malformed | E | 功能科目编码不是 7 位数字（项） | spec §4.0.4
function.category_unknown | E | 功能科目的类不在表一/表四的 30 个支出功能分类中 | spec §4.0.3
document.too_large | E | 公开文件过大，无法在内存限度内排版 | issue 12
output.same_name | E | 两个工作簿要写出同名的输出文件 | 批量
output.blocked | E | 输出文件名被文件夹占用或无法检查 | 批量
output.foreign | E | 输出目录中的同名文件不是本工具写出的，未覆盖 | 批量
output.other_workbook | E | 同名输出文件属于另一个工作簿，未覆盖 | 批量
output.edited | E | 本工具写出的文件已被人改过，未覆盖（--replace 可覆盖） | 批量
output.write_failed | E | 输出文件无法写出 | 批量
internal | E | 处理工作簿时程序内部出错（请报告） | 批量
profile.template | E | 配置（profile）中的文字模板在本工作簿上出错 | docs/profile.md
""", structural=True)

# ---------------------------------------------------------------- the checks a profile may relax

CHECKS = _rules("""
amount.negative | E | 收支预算金额为负数 | spec §1.1
economic.code_unknown | E | 经济科目编码不是部门预算支出经济分类的款 | spec §6
economic.not_basic | E | 经济科目（如 309、310 部分）只能用于项目支出 | spec §6.5
economic.government_name_unknown | W | 经济科目没有对应的政府预算支出经济科目名称 | spec §6.5
function.name_unknown | W | 功能科目不在科目表中也没有名称，表中只印编码 | spec §4.0.4
fund_income.source | E | 收入科目的资金来源不是政府性基金或国有资本经营预算 | spec §4.7 T7
fund_income.vs_spending | W | 政府性基金收入（表七）与支出（表八）不一致 | spec §4.7 T7/T8
fund_income.duplicate | E | 同一收入科目填了两行 | issue 12
indicator.half_filled | W | 三级指标和指标值只填了一个 | spec §8
indicator.level | E | 二级指标不属于所选一级指标（读取时） | spec §8
indicator.level1 | E | 一级指标不是规定的一级指标 | spec §8
indicator.level2 | E | 二级指标不属于一级指标 | spec §8
indicator.period_missing | E | 项目绩效指标未填期间（实施期/年度） | spec §8.2
indicator.period_ignored | W | 部门整体绩效指标填了期间（已忽略） | spec §8.1
indicator.project_unknown | E | 绩效指标归属的项目不在“项目”表中 | spec §8.2
indicator.duplicate | W | 同一绩效指标填了两次 | issue 12
project.duplicate | E | 项目名称重复 | spec §8.2
project.duplicate_lookalike | E | 两个项目名称只差看不见的字符 | issue 12
project.zero | W | 项目本年预算和上年结转都为 0 | spec §4.12
project.funds_negative | E | 项目资金为负数 | spec §8.2
project.funds_in_wan | E | 项目绩效表资金像是按万元填写 | issue 12
project.annual_funds_missing | W | 项目未填年度资金 | spec §8.2
project.annual_funds_mismatch | E | 年度资金总额与项目金额（表十二/十三）不一致 | spec §8.2
project.implementation_below_annual | W | 实施期资金小于年度资金 | spec §8.2
project.one_year_funds_differ | W | 一年期项目的实施期与年度资金不同 | spec §8.2
project.no_indicators | W | 公开绩效目标的项目没有绩效指标 | spec §8.2
X13.basic_vs_economic | E | 基本支出合计（表五）与经济分类合计（表六）不一致 | spec §5.1 X13
X13.basic_vs_economic_unit | E | 某单位的基本支出与其经济分类合计不一致 | spec §5.1 X13
X17.no_agency_costs | W | 行政/参公单位没有公用经费，表十一为空 | spec §5.1 X17
X23.basic_carry_over | W | 基本支出有上年结转，表十三不含它 | spec §5.1 X23
T13.non_fiscal_carry_over | W | 项目有非财政拨款上年结转，表十三无对应列 | spec §4.13
three_public.negative | E | 项目三公经费为负数 | spec §4.10
three_public.non_fiscal | W | 项目三公经费来源非财政拨款，不列入表十 | spec §4.10
three_public.exceeds_projects | E | 项目三公经费大于项目支出 | spec §5.1 X21
three_public.duplicate_row | E | 项目三公经费同一行填了两次 | issue 12
three_public.extra_repeats_basic | W | 项目三公经费与基本支出中的同项金额相同（像重复填写） | issue 12
amount.in_wan_total | E | 全部金额像是按万元填写（表一只有几万元；无人员数时为警告） | issue 12
amount.in_wan_vs_prior | E | 本年金额只有上年数的万分之一左右（按万元填写；差距较小时为警告） | issue 12
prior.in_wan | E | 上年数像是按万元填写（差距较小时为警告） | issue 12
project.in_wan | E | 某项目金额远小于其他项目（按万元填写；差距较小时为警告） | issue 12
procurement.in_wan | E | 政府采购预算像是按万元填写（差距较小时为警告） | issue 12
three_public.in_wan | E | 项目三公经费像是按万元填写（差距较小时为警告） | issue 12
fund_income.in_wan | E | 基金与国资收入像是按万元填写（差距较小时为警告） | issue 12
fund_income.spending_in_wan | E | 基金与国资支出像是按万元填写（差距较小时为警告） | issue 12
amount.in_wan_basic_vs_economic | E | 基本支出与经济分类相差约一万倍（按万元填写） | issue 12
amount.in_wan_wages | E | 人均工资福利支出低得不可能（按万元填写） | issue 12
overall.amount | W | 编报整体绩效涉及资金与表一收入总计不一致 | spec §7.10
overall.amount_in_wan | W | 编报整体绩效涉及资金像是按万元填写 | issue 12
prior.missing | W | 未填上年数，第三部分不写增减变化 | spec §7.1
procurement.negative | E | 政府采购预算为负数 | spec §7.9
procurement.exceeds_budget | E | 政府采购预算大于支出总计 | spec §7.9
assets.vehicles_sum | E | 公务用车实有数与各类车辆之和不一致 | spec §7.11，seed 002
assets.vehicles_over_quota | W | 公务用车实有数超过编制数 | spec §7.11
assets.equipment | E | 100 万元以上设备多于 50 万元以上设备 | spec §7.11
staffing.over_quota | W | 在编人员多于核定编制 | spec §8.1
unit.not_listed | W | 单位不在“单位”表中，按部门性质处理 | 模板
unit.duplicate_lookalike | E | 两个单位名称只差看不见的字符 | issue 12
unit.kind_contradiction | E | 部门性质与“单位”表矛盾 | issue 12
unit.kind_not_listed | W | “单位”表中没有与部门性质相同的单位 | issue 12
key_task.duplicate | W | 年度重点任务重复 | issue 12
text.duplicate | W | 概况文字同一段填了两次 | issue 12
content.no_basic | W | 没有任何基本支出 | spec §4.3
content.no_duties | W | 没有本部门职责 | spec §3
content.no_key_tasks | W | 没有年度重点任务 | spec §8.1
content.no_overall_goal | W | 整体绩效目标未填 | spec §8.1
content.no_overall_indicators | W | 没有部门整体绩效指标 | spec §8.1
info.year_far | W | 预算年度离今年太远 | issue 12
final.J01_totals | E | 公开01表收入总计与支出总计不一致 | 决算 J01
final.J02_vs_J04 | E | 无结转结余时收入决算与支出决算不一致 | 决算 J02/J04
final.J06_vs_J05 | E | 基本支出决算明细与一般公共预算基本支出不一致 | 决算 J06
final.J07_balance | E | 政府性基金年末结转结余不等于年初加收入减支出 | 决算 J07
final.J09_vs_J06 | E | 公开09表三公决算数与公开06表对应科目不一致 | 决算 J09
final.agency_operating_kind | W | 填了机关运行经费但没有相应性质的单位 | 决算
final.agency_operating_vs_public | W | 机关运行经费大于公用经费 | 决算
final.category_not_listed | E | 功能科目的类不在公开01表的 26 个分类中 | 决算 J01
final.class_code | E | 类编码不是支出功能分类的类 | 决算
final.closing_balance | E | 年末结转结余不等于年初加收入减支出 | 决算
final.economic_code_unknown | E | 经济科目编码不是款 | 决算 J06
final.economic_not_basic | E | 经济科目不能列支基本支出 | 决算 J06
final.evaluation_grade | W | 项目评价得分与等级不符 | 决算
final.function_code_malformed | E | 功能科目编码不是 7 位数字 | 决算
final.function_name_unknown | W | 功能科目不在科目表中也无名称 | 决算
final.fund_balance_code | E | 政府性基金结转结余未填功能科目 | 决算 J07
final.procurement_sme | E | 授予中小企业合同金额大于采购总额 | 决算
final.procurement_small_micro | E | 授予小微企业金额大于中小企业金额 | 决算
final.reception_counts | E | 外事接待批次或人次多于国内接待 | 决算
final.reception_foreign_affairs | E | 外事接待费大于国内公务接待费 | 决算
final.three_public_count | W | 三公决算数与批次/人数不相称 | 决算
final.reason_missing | W | 与上年相比有增减但没有填写原因 | 决算 第三部分
final.measures_missing | W | 有自评结果为中或差的项目但没有填写改进管理措施 | 决算 第三部分十（四）
final.in_wan_total | E | 决算全部金额像是按万元填写（收入支出总计不到一万元） | issue 12 第二轮
final.prior_in_wan | E | 上年决算数与本年相差约一万倍（按万元填写；差距较小时为警告） | issue 12 第二轮
final.budget_at_start_in_wan | E | 年初预算数只有本年支出的万分之一左右（按万元填写；差距较小时为警告） | issue 12 第二轮
final.evaluation_in_wan | E | 绩效自评金额远小于其他项目或项目支出（按万元填写；差距较小时为警告） | issue 12 第二轮
final.part_in_wan | E | 政府采购、三公、机关运行经费只有几元（按万元填写；差距较小时为警告） | issue 12 第二轮
final.prior_contradiction | E | 上年数互相矛盾（各类上年决算数合计大于上年财政拨款总计，或财政拨款总计大于收支总计） | issue 12 第二轮
final.vehicles_contradiction | E | 财政拨款负担的公务用车保有量多于按类别列出的车辆 | issue 12 第二轮
final.procurement_exceeds_spending | E | 决算政府采购支出合计大于本年支出合计 | issue 12 第二轮
final.evaluation_paid_over_budget | W | 绩效自评支付金额大于预算指标 | issue 12 第二轮
final.evaluations_over_projects | W | 绩效自评支付金额合计大于项目支出决算 | issue 12 第二轮
evaluation.duplicate_lookalike | E | 两个自评项目名称只差看不见的字符或句末标点 | issue 12 第二轮
unit.in_wan | E | 某单位的全部金额远小于其他单位（按万元填写；差距较小时为警告） | issue 12 第二轮
basic.in_wan | E | 某行收支预算远小于其他各行（按万元填写；差距较小时为警告） | issue 12 第二轮
amount.extra_zeros | E | 某行金额是其他各行的上千倍且远超上年预算（多打了 0 或按分填写；无上年数时为警告） | issue 12 第二轮
amount.wages_too_high | E | 人均工资福利支出高得不可能（多打了 0 或按分填写；差距较小时为警告） | issue 12 第二轮
basic.repeats_project | W | 收支预算某行与同单位同科目的项目金额完全相同（项目又填成了基本支出？） | issue 12 第二轮
code.name_mismatch | W | 所填科目名称是另一个科目的名称（编码可能填错） | issue 12 第二轮
code.name_conflict | E | 同一个不在科目表中的功能科目编码填了两个不同的名称 | issue 12 第二轮
explanation.on_error | W | 情况说明解释的是错误（错误不能用说明消除） | issue 17
explanation.unmatched | W | 情况说明中的一条说明对不上任何警告 | issue 17
""", structural=False)

# ---------------------------------------------------------------- the checks of issue 17 (catalogue)

CHECKS_17 = _rules("""
project.fill_date | W | 填报日期不是真实的日期和时间（如分钟为 81） | issue 17，seed 002
text.year_other | W | 说明本年情况的文字中出现上年以前的年份（如 2026 年文件写“2023年部门汇总预算”） | issue 17
indicator.cost_over_funds | W | 成本指标的金额大于项目资金 | issue 17
indicator.one_year_differ | W | 一年期项目的年度指标与实施期指标不同 | issue 17
staffing.offices_count | W | 内设职能部门数与“机构设置”中列出的科室数不同 | issue 17
unit.admin_operating | W | 行政单位有事业运行（xxx50）科目 | issue 17，spec §4.0.4
reason.missing | W | 增减变化较大却没有填写变动原因（阈值见配置 reason_threshold） | issue 17，spec §7.1
reason.punctuation | W | 变动原因末尾带了句号等标点，句子模板会再加一次 | issue 17，spec §7
overall.units_reporting | E | 编报整体绩效目标单位数大于机关及下属预算单位数 | issue 17，spec §7.10
overall.units_total | W | 机关及下属预算单位数与“单位”表的单位数不同 | issue 17，spec §7.10
staffing.subordinate_units | W | 所属预算单位数与“单位”表不相称（所属单位不含机关本身） | issue 17，spec §8.1
""", structural=False)

# ---------------------------------------------------------------- identities true by construction

_X = {
    "X1": "表一收入总计 = 支出总计", "X2": "表一收入总计 = 表二合计 = 表三合计", "X3": "表一各类 = 表二/表三类行",
    "X4": "表一 30 个类之和 = 本年支出合计", "X5": "表一各项收入 = 表二各来源合计", "X6": "表一合计 = 当年 + 上年结转",
    "X7": "表四 = 表一的财政拨款部分", "X9": "表二 类 = Σ款，款 = Σ项", "X11": "表三/表五 合计 = 基本 + 项目",
    "X12": "表二与表三科目和合计相同", "X14": "表六 经济分类类 = Σ款", "X15": "表六 合计 = Σ类 = 人员 + 公用",
    "X16": "表六 人员经费 = 301 + 303，公用经费 = 302 + 310", "X17": "表十一 = 行政/参公单位公用经费",
    "X18": "表十二合计 = 表三项目支出", "X19": "表十二 Σ项目 = 单位行 = 部门行", "X21": "表十“三公”经费 ≥ 表六对应科目",
    "X22": "表十 合计 = 各项之和", "X23": "表十三合计 = 表一上年结转",
}
_J = {
    "J.hierarchy": "决算表 类 = Σ款，款 = Σ项", "J02.row": "公开02表 本年收入合计 = 各项收入之和",
    "J03.row": "公开03表 本年支出合计 = 各项支出之和", "J05.row": "公开05表 支出小计 = 基本 + 项目",
    "J01.income": "公开01表本年收入合计 = 公开02表合计", "J01.expenditure": "公开01表本年支出合计 = 公开03表合计",
    "J01.category": "公开01表各分类 = 公开03表类行", "J04.income": "公开04表收入 = 公开01/02表财政拨款收入",
    "J04.expenditure": "公开04表支出 = 三种财政拨款之和", "J06.group": "公开06表 类 = Σ科目",
    "J06.personnel": "公开06表 人员经费 = 301 + 303", "J09.total": "公开09表 合计 = 各项之和",
    "J09.vehicle": "公开09表 公务用车 = 购置 + 运行维护", "J10.procurement": "公开10表 合计 = 货物 + 工程 + 服务",
}
INTERNAL = tuple(
    Rule(f"internal.{k}", E, True, f"内部校验：{v}", f"spec §5.1 {k}") for k, v in _X.items()
) + tuple(Rule(f"internal.{k}", E, True, f"内部校验：{v}", "决算 " + k.split(".")[0]) for k, v in _J.items())

CATALOGUE: tuple[Rule, ...] = (*STRUCTURAL, *CHECKS, *CHECKS_17, *INTERNAL)
BY_CODE: dict[str, Rule] = {r.code: r for r in CATALOGUE}


def rule(code: str) -> Rule | None:
    return BY_CODE.get(code)


def markdown() -> str:
    """docs/rules.md: the catalogue as a Markdown table (generated; a test fails when stale)."""
    lines = [
        "# 检查规则目录",
        "",
        "由 `gendisclose/rules/catalogue.py` 生成（`python -m gendisclose.rules.catalogue > docs/rules.md`），"
        "请勿手改。ID 即问题的 `code`：配置文件 `[rules]` 用它设定级别；“结构性”检查（文件、表头、单元格、"
        "内部校验）不能降级或关闭。",
        "",
        "| ID | 默认级别 | 结构性 | 说明 | 来源 |",
        "|---|---|---|---|---|",
    ]
    for r in CATALOGUE:
        lines.append(f"| `{r.code}` | {r.level} | {'是' if r.structural else ''} | {r.description} | {r.source} |")
    return "\n".join(lines) + "\n"


def text() -> str:
    return "\n".join(f"{r.code:<40} {r.level}{'（结构性）' if r.structural else ''}  {r.description}  〔{r.source}〕"
                     for r in CATALOGUE) + "\n"


def xlsx_bytes() -> bytes:
    """The catalogue as one sheet 检查规则 (text cells only: a description is never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "检查规则"
    sheet.append(["ID", "默认级别", "结构性", "说明", "来源"])
    for r in CATALOGUE:
        sheet.append([r.code, r.level, "是" if r.structural else "", r.description, r.source])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"
    for letter, width in zip("ABCDE", (36, 10, 8, 60, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    from ..ooxml import workbook_bytes

    # same catalogue, same bytes: fixed properties and zip entry times (openpyxl stamps the clock)
    return workbook_bytes(book, title="检查规则", output_kind="检查规则")


if __name__ == "__main__":  # python -m gendisclose.rules.catalogue > docs/rules.md
    import sys

    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(markdown())
