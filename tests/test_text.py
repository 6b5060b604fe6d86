"""第三部分 情况说明: section sentences for crafted departments, and key seed sentences.

The full golden comparison lives in test_golden_text.py; here each wording rule is shown on a
department built in a few lines, and the seeds' §二–§九 are checked section by section with
the known, documented deviations (spec §13 seed defects and §14 decisions) spelled out.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from builders import DepartmentBuilder

from gendisclose.derive.tables import derive_tables
from gendisclose.derive.text import derive_part3
from gendisclose.document import Chart, Heading, Paragraph, Table
from gendisclose.model import OtherNotes, Reasons, TextBlock, ThreePublicItem

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "data" / "seeds"
D = Decimal


def part3(dept):
    return derive_part3(dept, derive_tables(dept))


def sections(blocks) -> dict[str, list[str]]:
    """Paragraph texts by section number (一 … 十二)."""
    out: dict[str, list[str]] = {}
    current = ""
    for b in blocks:
        if isinstance(b, Heading) and b.level == 2:
            current = b.text.split("、")[0]
        elif isinstance(b, Paragraph):
            out.setdefault(current, []).append(b.text)
    return out


def text_of(dept, section: str) -> str:
    return "\n".join(sections(part3(dept))[section])


def basic_dept(**kw) -> DepartmentBuilder:
    """A 行政单位 with 基本支出 on two 类 and one project."""
    return (
        DepartmentBuilder(name="甲县乙局", **kw)
        .basic("2010301", general="900000")
        .basic("2080505", general="100000")
        .economic("30101", "800000")
        .economic("30108", "100000")
        .economic("30201", "100000")
        .project("物业费", "2010301", general="200000", category="其他运转类")
    )


# ---------------------------------------------------------------- crafted departments


def test_section_1_increase_with_reasons_and_no_double_punctuation():
    dept = (
        basic_dept()
        .prior_year(income_total="1000000")
        .with_(reasons=Reasons(income="人员增加。", expenditure="人员增加"))
        .build()
    )
    assert text_of(dept, "一") == (
        "2026年度甲县乙局预算收入总计120.00万元，其中：本年收入120.00万元，上年结转0万元，"
        "比上年增加20.00万元，增长20.00%，主要原因是人员增加；"
        "本年部门预算支出总计120.00万元，其中：本年预算安排120.00万元，上年结转0万元，"
        "比上年增加20.00万元，增长20.00%，主要原因是人员增加。"
    )


def test_section_1_without_prior_year_or_reasons_drops_the_clauses():
    dept = basic_dept().build()
    assert text_of(dept, "一") == (
        "2026年度甲县乙局预算收入总计120.00万元，其中：本年收入120.00万元，上年结转0万元；"
        "本年部门预算支出总计120.00万元，其中：本年预算安排120.00万元，上年结转0万元。"
    )


def test_unchanged_reads_与上年持平_in_sections_1_5_and_8():
    dept = basic_dept().prior_year(income_total="1200000", general_current="1200000", agency_operating="100000").build()
    s = sections(part3(dept))
    assert "上年结转0万元，与上年持平；" in s["一"][0]
    assert s["五"][0] == "2026年度甲县乙局一般公共预算当年支出120.00万元，与上年持平。"
    assert s["八"] == ["本部门2026年所属机关运行经费财政拨款预算10.00万元，与上年持平。"]


def test_decrease_uses_减少_and_下降_with_thousands_separator_rules():
    dept = (
        DepartmentBuilder(name="甲县乙局")
        .basic("2010301", general="17584800")
        .economic("30101", "17584800")
        .prior_year(income_total="18540500", general_current="18540500")
        .build()
    )
    s = sections(part3(dept))
    # totals with separator, change amount without (spec §1.3)
    assert "预算收入总计1,758.48万元" in s["一"][0]
    assert "比上年减少95.57万元，下降5.15%" in s["一"][0]
    assert s["五"][0] == "2026年度甲县乙局一般公共预算当年支出1,758.48万元，比上年减少95.57万元，下降5.15%。"
    # §三 has no separators at all
    assert s["三"] == ["2026年度甲县乙局支出预算1758.48万元，其中：基本支出1758.48万元，占100.00%；项目支出0万元，占0%。"]


def test_section_2_lists_every_source_with_zero_shares():
    dept = basic_dept().build()
    assert text_of(dept, "二") == (
        "2026年度甲县乙局预算收入120.00万元，主要包括一般公共预算拨款收入120.00万元，占100.00%；"
        "政府性基金预算拨款收入0万元，占0%；国有资本经营预算拨款收入0万元，占0%；"
        "财政专户管理资金收入0万元，占0%；单位资金0万元，占0%；上年结转0万元，占0%。"
    )


def test_section_2_with_carry_over_and_unit_funds():
    dept = (
        DepartmentBuilder(name="甲县乙局")
        .basic("2010301", general="600000", unit_funds="200000", carried_general="200000")
        .build()
    )
    text = text_of(dept, "二")
    assert "预算收入100.00万元" in text
    assert "一般公共预算拨款收入60.00万元，占60.00%" in text
    assert "单位资金20.00万元，占20.00%" in text
    assert "上年结转20.00万元，占20.00%。" in text


def test_section_4_categories_in_fixed_order_with_等():
    dept = basic_dept().build()
    assert text_of(dept, "四") == (
        "2026年度甲县乙局财政拨款收支总预算120.00万元。其中：一般公共预算拨款120.00万元，"
        "政府性基金预算拨款0万元，国有资本经营预算拨款0万元。其中：当年拨款收入120.00万元，上年结转收入0万元。"
        "支出包括：一般公共服务支出110.00万元、社会保障和就业支出10.00万元等。"
    )


def test_section_5_structure_with_shares_and_the_chart_shows_the_same_figures():
    dept = basic_dept().build()
    blocks = part3(dept)
    s = sections(blocks)
    assert s["五"][1] == (
        "2026年度甲县乙局一般公共预算当年支出120.00万元，主要用于以下方面："
        "一般公共服务支出110.00万元，占91.67%；社会保障和就业支出10.00万元，占8.33%等。"
    )
    chart = next(b for b in blocks if isinstance(b, Chart) and b.key == "CHART_GENERAL_STRUCTURE")
    assert chart.caption == "一般公共预算当年拨款结构图"
    assert chart.items == (("一般公共服务支出", D("110.00"), "91.67%"), ("社会保障和就业支出", D("10.00"), "8.33%"))
    # the chart follows the （二）paragraph directly
    i = blocks.index(chart)
    assert isinstance(blocks[i - 1], Paragraph) and blocks[i - 1].text == s["五"][1]


def test_section_6_items_in_t6_order():
    dept = basic_dept().build()
    assert sections(part3(dept))["六"] == [
        "2026年度甲县乙局一般公共预算安排基本支出100.00万元，其中：",
        "人员经费90.00万元，主要包括：基本工资、机关事业单位基本养老保险缴费等；",
        "公用经费10.00万元，主要包括：办公费等。",
    ]


def test_section_6_zero_public_costs_reads_without_主要包括():
    dept = DepartmentBuilder(name="甲县乙局").basic("2010301", general="100000").economic("30101", "100000").build()
    assert sections(part3(dept))["六"][2] == "公用经费0万元。"


def test_section_7_case_a_when_no_三公_this_year_and_none_known_last_year():
    dept = basic_dept().build()
    assert text_of(dept, "七") == "本部门无“三公”经费预算。"
    assert not any(isinstance(b, Chart) and b.key == "CHART_THREE_PUBLIC" for b in part3(dept))


def test_section_7_case_b_all_unchanged_as_seed_002():
    dept = (
        basic_dept()
        .economic("30231", "30000")
        .prior_year(three_public={ThreePublicItem.OVERSEAS: D("0"), ThreePublicItem.RECEPTION: D("0"),
                                  ThreePublicItem.VEHICLE_PURCHASE: D("0"), ThreePublicItem.VEHICLE_OPERATION: D("30000")})
        .build()
    )
    assert text_of(dept, "七") == (
        "2026年甲县乙局财政拨款安排的“三公”经费预算3.00万元与2025年预算数相同。"
        "其中：因公出国（境）费0万元，与上年预算数相同；公务接待费0万元，与上年预算数相同；"
        "公务用车购置及运行费3.00万元，与上年预算数相同。公务用车运行维护费3.00万元，与上年预算数相同；"
        "公务用车购置费0万元，与上年预算数相同。"
    )


def test_section_7_case_c_increase_with_reasons_and_chart():
    dept = (
        basic_dept()
        .economic("30217", "50000")
        .prior_year(three_public={ThreePublicItem.RECEPTION: D("30000")})
        .with_(reasons=Reasons(three_public_total="接待任务增加。",
                               three_public_items={ThreePublicItem.RECEPTION: "接待任务增加"}))
        .build()
    )
    blocks = part3(dept)
    assert sections(blocks)["七"] == [
        "2026年甲县乙局财政拨款安排的“三公”经费预算5.00万元比2025年增加2.00万元，主要原因是接待任务增加。",
        "其中：因公出国（境）费0万元，与上年预算数相同；公务接待费5.00万元，与上年相比预算数增加2.00万元，"
        "主要原因是接待任务增加；公务用车购置及运行费0万元，与上年预算数相同，公务用车运行维护费0万元，"
        "与上年预算数相同；公务用车购置费0万元，与上年预算数相同。",
    ]
    chart = next(b for b in blocks if isinstance(b, Chart) and b.key == "CHART_THREE_PUBLIC")
    assert chart.caption == "三公经费分布图"
    assert chart.items == (("公务接待费", D("5.00"), "100.00%"),)


def test_section_7_none_this_year_but_some_last_year_is_a_decrease_not_case_a():
    dept = basic_dept().prior_year(three_public={ThreePublicItem.RECEPTION: D("20000")}).build()
    text = text_of(dept, "七")
    assert text.startswith("2026年甲县乙局财政拨款安排的“三公”经费预算0万元比2025年减少2.00万元。")
    assert "公务接待费0万元，与上年相比预算数减少2.00万元；" in text


def test_section_8_institution_only():
    dept = (
        DepartmentBuilder(name="甲县丙中心", kind="事业单位")
        .basic("2010350", general="100000")
        .economic("30201", "100000")
        .prior_year(agency_operating="50000")
        .build()
    )
    assert text_of(dept, "八") == "本单位为事业单位，没有机关运行经费。"


def test_section_8_change_with_two_decimals_and_reason():
    dept = basic_dept().prior_year(agency_operating="90000").with_(reasons=Reasons(agency_operating="工会经费增加")).build()
    assert text_of(dept, "八") == (
        "本部门2026年所属机关运行经费财政拨款预算10.00万元，比2025年预算增加1.00万元，增长11.11%，原因是工会经费增加。"
    )


def test_section_8_without_prior_year():
    dept = basic_dept().with_(reasons=Reasons(agency_operating="工会经费增加")).build()
    assert text_of(dept, "八") == "本部门2026年所属机关运行经费财政拨款预算10.00万元。"


def test_section_9_zero_procurement_reads_0万元():
    assert text_of(basic_dept().build(), "九") == (
        "2026年甲县乙局政府采购预算总额0万元。其中：政府采购货物预算0万元、政府采购工程预算0万元、政府采购服务预算0万元。"
    )
    dept = basic_dept().procure(goods="19100", services="30000").build()
    assert text_of(dept, "九") == (
        "2026年甲县乙局政府采购预算总额4.91万元。其中：政府采购货物预算1.91万元、政府采购工程预算0万元、政府采购服务预算3.00万元。"
    )


def test_section_10_counts_by_category_and_published_share():
    dept = (
        basic_dept()
        .project("热线", "2010301", general="130000", category="特定目标类")
        .project("不公开", "2010301", general="70000", category="特定目标类", publish=False)
        .build()
    )
    s = sections(part3(dept))["十"]
    assert s[0] == (
        "2026年编报部门整体支出绩效目标，涉及部门预算资金140.00万元，其中基本支出100.00万元，项目支出40.00万元；"
        "机关及下属预算单位1个，其中1个单位（包括机关）编报了单位整体绩效目标，涉及资金140.00万元。"
        "（部门（单位）整体目标表公开情况见附件）"
    )
    assert s[1] == (
        "2026年甲县乙局纳入绩效目标管理的二级项目3个，共计金额40.00万元。其中：其他运转类项目1个，涉及金额20.00万元；"
        "特定目标类项目2个，涉及金额20.00万元。公开项目绩效目标2个，涉及项目金额33.00万元，"
        "占部门（单位）项目支出总额的83%。其中：其他运转类项目1个，涉及项目金额20.00万元；"
        "特定目标类项目1个，涉及项目金额13.00万元。"
    )
    assert s[2] == "（项目绩效目标表公开情况见附件）"


def test_section_10_performance_tables_sit_between_十_and_十一():
    dept = basic_dept().build()
    blocks = part3(dept)
    keys = [b.key for b in blocks if isinstance(b, Table)]
    assert keys == ["PERF_OVERALL", "PERF_PROJECT_1"]
    heads = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 2]
    ten, eleven = heads[9], heads[10]
    assert all(ten < i < eleven for i, b in enumerate(blocks) if isinstance(b, Table))


def test_no_projects_reads_naturally():
    dept = DepartmentBuilder(name="甲县乙局").basic("2010301", general="100000").economic("30101", "100000").build()
    s = sections(part3(dept))
    assert s["三"][0].endswith("项目支出0万元，占0%。")
    assert s["十"][1] == "2026年甲县乙局纳入绩效目标管理的二级项目0个，共计金额0万元。"
    assert len(s["十"]) == 2  # no 附件 line when there is nothing to attach
    assert [b.key for b in part3(dept) if isinstance(b, Table)] == ["PERF_OVERALL"]


def test_sections_11_and_12_defaults_and_verbatim_text():
    dept = basic_dept().with_(notes=OtherNotes(other=(TextBlock(text="我单位没有其他事项需要说明。"),))).build()
    s = sections(part3(dept))
    assert s["十一"][0].startswith("截至2025年12月31日，甲县乙局共有公务用车编制0辆，实有0辆，其中：领导用车0辆，")
    assert s["十二"] == ["无", "我单位没有其他事项需要说明。"]


def test_every_heading_of_part3_in_order():
    heads = [(b.level, b.text, b.in_toc) for b in part3(basic_dept().build()) if isinstance(b, Heading)]
    assert [h[1] for h in heads if h[0] == 2] == [
        "一、部门预算收支数据变动情况及原因", "二、收入预算情况说明", "三、支出预算情况说明",
        "四、财政拨款收支预算总体情况说明", "五、一般公共预算支出情况说明", "六、一般公共预算基本支出情况说明",
        "七、“三公”经费增减变动原因说明", "八、机关运行经费增减变动原因说明", "九、政府采购情况",
        "十、绩效管理情况", "十一、国有资产占有使用情况", "十二、其他说明",
    ]
    subs = [(h[1], h[2]) for h in heads if h[0] == 3]
    assert subs == [
        ("（一）一般公共预算当年支出规模变化情况", False), ("（二）一般公共预算当年支出结构情况", False),
        ("1、整体绩效目标", False), ("2、项目绩效目标", False),
        ("1、车辆情况：", False), ("2、房屋情况：", False), ("3、其他国有资产占有使用情况：", False),
        ("（一）政府购买服务指导性目录", True), ("（二）其他", True),
    ]


def test_prior_year_zero_gives_amount_without_rate():
    dept = basic_dept().prior_year(general_current="0").build()
    assert sections(part3(dept))["五"][0] == "2026年度甲县乙局一般公共预算当年支出120.00万元，比上年增加120.00万元。"


# ---------------------------------------------------------------- the seeds


def seed_department(number: str):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    make_samples = pytest.importorskip("tools.make_samples")
    return make_samples.seed_department(SEEDS / f"{number}.json")


def expected(number: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in json.loads((SEEDS / f"{number}.json").read_text(encoding="utf-8"))["expected"]["part3_paragraphs"]:
        if p["kind"] == "paragraph":
            out.setdefault(p["section"], []).append(p["text"])
    return out


_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})


def norm(text: str) -> str:
    """Whitespace out, ASCII punctuation → full-width (the seeds mix both, spec §1.6)."""
    return re.sub(r"\s+", "", text).translate(_WIDTH)


def _without_items(text: str) -> tuple[str, set[str]]:
    """§六 item lists are in arbitrary order in the seeds (D10): compare them as sets."""
    m = re.match(r"^(.*主要包括：)(.*)等([；。])$", norm(text))
    if not m:
        return norm(text), set()
    return m.group(1) + m.group(3), set(m.group(2).split("、"))


#: Known deviations from the published text, each a spec §13 seed defect or §14 decision.
DEVIATIONS = {
    ("000", "五"): "D4: seed 000 prints §五（二）without shares",
    ("000", "八"): "D5: seed 000 says 本单位机关运行经费…, the default is the 002 skeleton",
    ("002", "八"): "seed 002 §13.8 prints 增长1.2% (one decimal); 0.66 / 53.51 = 1.23%",
}


@pytest.mark.parametrize("number", ["000", "002", "004"])
@pytest.mark.parametrize("section", ["二", "三", "四", "五", "六", "七", "八", "九"])
def test_seed_sections_two_to_nine(number, section):
    got = sections(part3(seed_department(number)))[section]
    want = expected(number)[section]
    if (number, section) in DEVIATIONS:  # checked exactly by the two tests below
        pytest.xfail(DEVIATIONS[(number, section)])
    if section == "六":
        assert [_without_items(g) for g in got] == [_without_items(w) for w in want]
    else:
        assert [norm(g) for g in got] == [norm(w) for w in want]


def test_seed_000_deviations_are_exactly_the_documented_ones():
    got = sections(part3(seed_department("000")))
    want = expected("000")
    # D4: same categories and amounts, we add the shares
    assert re.sub(r"，占[0-9.]+%", "", got["五"][1]) == want["五"][1]
    # D5: same figures and reason, 002 skeleton subject
    assert got["八"][0] == want["八"][0].replace("本单位机关运行经费", "本部门2026年所属机关运行经费")
    # §13.8: the seed's amount verb 增长 in §一, otherwise identical
    assert got["一"][0] == want["一"][0].replace("比上年增长21.69", "比上年增加21.69")


def test_seed_002_section_8_differs_only_by_the_rate_decimals():
    got = sections(part3(seed_department("002")))["八"][0]
    assert got == expected("002")["八"][0].replace("增长1.2%", "增长1.23%")


def test_seed_sections_1_with_the_same_reasons():
    assert sections(part3(seed_department("002")))["一"] == expected("002")["一"]
    # 004 printed no final 。(spec §13 004.9)
    assert sections(part3(seed_department("004")))["一"][0] == expected("004")["一"][0] + "。"


def test_seed_section_10_projects_and_11_12_verbatim():
    for number in ("000", "002"):
        got, want = sections(part3(seed_department(number))), expected(number)
        assert norm(got["十"][-2]) == norm(want["十"][-2])
        assert norm(got["十"][-1]) == norm(want["十"][-1])
        assert got["十一"] == want["十一"]
        assert got["十二"] == want["十二"]
    # 004 and 002: the long §十 1 form; 002 printed 1758.49 against T1 1758.48 (§13 002.4)
    got = sections(part3(seed_department("004")))["十"][0]
    assert got == expected("004")["十"][0]


def test_section_6_names_an_item_once_when_units_of_two_kinds_share_it():
    dept = (
        DepartmentBuilder(name="甲县乙局")
        .unit("甲县乙局", "行政单位")
        .unit("甲县丙中心", "事业单位")
        .basic("2010301", general="100000")
        .basic("2010350", unit="甲县丙中心", general="100000")
        .economic("30101", "100000")
        .economic("30101", "100000", unit="甲县丙中心")
        .build()
    )
    assert sections(part3(dept))["六"][1] == "人员经费20.00万元，主要包括：基本工资等；"
