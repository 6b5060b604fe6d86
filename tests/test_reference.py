"""Reference code lists: the figures here are copied from the spec (§4.0.3, §4.0.4, §6, §11.3)."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from gendisclose import reference
from gendisclose.model import ThreePublicItem, UnitKind
from gendisclose.reference import (
    CATEGORIES,
    categories,
    category,
    classify_function_code,
    economic_group_name,
    economic_item,
    economic_items,
    function_name,
    government_economic_name,
    government_economic_names,
    three_public_item,
)

# ---------------------------------------------------------------- §4.0.3: the 30 类 rows

SPEC_CATEGORIES = [
    ("一、一般公共服务支出", "201"),
    ("二、外交支出", "202"),
    ("三、国防支出", "203"),
    ("四、公共安全支出", "204"),
    ("五、教育支出", "205"),
    ("六、科学技术支出", "206"),
    ("七、文化旅游体育与传媒支出", "207"),
    ("八、社会保障和就业支出", "208"),
    ("九、社会保险基金支出", "209"),
    ("十、卫生健康支出", "210"),
    ("十一、节能环保支出", "211"),
    ("十二、城乡社区支出", "212"),
    ("十三、农林水支出", "213"),
    ("十四、交通运输支出", "214"),
    ("十五、资源勘探工业信息等支出", "215"),
    ("十六、商业服务业等支出", "216"),
    ("十七、金融支出", "217"),
    ("十八、援助其他地区支出", "219"),
    ("十九、自然资源海洋气象等支出", "220"),
    ("二十、住房保障支出", "221"),
    ("二十一、粮油物资储备支出", "222"),
    ("二十二、国有资本经营预算支出", "223"),
    ("二十三、灾害防治及应急管理支出", "224"),
    ("二十四、预备费", "227"),
    ("二十五、其他支出", "229"),
    ("二十六、转移性支出", "230"),
    ("二十七、债务还本支出", "231"),
    ("二十八、债务付息支出", "232"),
    ("二十九、债务发行费用支出", "233"),
    ("三十、抗疫特别国债安排的支出", "234"),
]


def test_the_30_categories_in_t1_order():
    assert [(c.row_text, c.code) for c in categories()] == SPEC_CATEGORIES
    assert CATEGORIES == categories()


def test_category_name_is_row_text_without_ordinal():
    for c in categories():
        assert c.row_text.endswith("、" + c.name)
    assert categories()[17].name == "援助其他地区支出"
    assert categories()[23].name == "预备费"


def test_category_by_any_code_length():
    assert category("201").name == "一般公共服务支出"
    assert category("20103").code == "201"
    assert category("2210201").row_text == "二十、住房保障支出"
    assert category("218") is None  # 218 is not one of the 30
    assert category("99") is None


# ---------------------------------------------------------------- §4.0.4: names seen in the seeds

SPEC_FUNCTION_NAMES = {
    "201": "一般公共服务支出",
    "20103": "政府办公厅（室）及相关机构事务",
    "2010301": "行政运行",
    "2010303": "机关服务",
    "2010304": "专项服务",
    "2010306": "政务公开审批",
    "2010350": "事业运行",
    "20104": "发展与改革事务",
    "2010450": "事业运行",
    "20131": "党委办公厅（室）及相关机构事务",
    "2013199": "其他党委办公厅（室）及相关机构事务支出",
    "20132": "组织事务",
    "2013201": "行政运行",
    "20199": "其他一般公共服务支出",
    "2019999": "其他一般公共服务支出",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "20808": "抚恤",
    "2080801": "死亡抚恤",
    "210": "卫生健康支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "2101199": "其他行政事业单位医疗支出",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
}


@pytest.mark.parametrize(("code", "name"), sorted(SPEC_FUNCTION_NAMES.items()))
def test_every_seed_function_code_resolves(code, name):
    assert function_name(code) == name


def test_common_codes_requested_by_other_stages():
    assert function_name("2080501") == "行政单位离退休"
    assert function_name("2080503") == "离退休人员管理机构"
    assert function_name("2080599") == "其他行政事业单位养老支出"
    assert function_name("2101103") == "公务员医疗补助"
    assert function_name("2210202") == "提租补贴"
    assert function_name("2210203") == "购房补贴"
    assert function_name("20899") == "其他社会保障和就业支出"
    assert function_name("2010302") == "一般行政管理事务"
    assert function_name("2010399") == "其他政府办公厅（室）及相关机构事务支出"


def test_every_kuan_and_xiang_hangs_under_a_known_parent():
    codes = reference.function_codes()
    for code in codes:
        assert len(code) in (5, 7), code
        assert category(code) is not None, code
        if len(code) == 7:
            assert code[:5] in codes, code


def test_unknown_function_codes_have_no_name():
    assert function_name("2019998") is None
    assert function_name("999") is None
    assert function_name("") is None


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("2010301", "ok"),
        ("2210201", "ok"),
        ("2019998", "unknown"),
        ("2340101", "unknown"),
        ("201030", "malformed"),
        ("20103011", "malformed"),
        ("9990101", "malformed"),
        ("2180101", "malformed"),
        ("abcdefg", "malformed"),
        ("２０１０３０１", "malformed"),  # full-width digits
        ("", "malformed"),
    ],
)
def test_classify_function_code(code, status):
    assert classify_function_code(code) == status


# ---------------------------------------------------------------- §6: T6 rows, by unit kind

# code, 部门经济科目名称, 政府预算名称 in the 行政 seeds (000/001/002), in 004 (事业单位); None = not printed
SPEC_T6 = [
    ("30101", "基本工资", "工资奖金津补贴", "工资福利支出"),
    ("30102", "津贴补贴", "工资奖金津补贴", "工资福利支出"),
    ("30103", "奖金", "工资奖金津补贴", None),
    ("30107", "绩效工资", "工资福利支出", "工资福利支出"),
    ("30108", "机关事业单位基本养老保险缴费", "社会保障缴费", "工资福利支出"),
    ("30109", "职业年金缴费", "社会保障缴费", None),
    ("30110", "职工基本医疗保险缴费", "社会保障缴费", "工资福利支出"),
    ("30111", "公务员医疗补助缴费", "社会保障缴费", None),
    ("30112", "其他社会保障缴费", "社会保障缴费", "工资福利支出"),
    ("30113", "住房公积金", "住房公积金", "工资福利支出"),
    ("30199", "其他工资福利支出", "其他工资福利支出", None),
    ("30201", "办公费", "办公经费", "商品和服务支出"),
    ("30202", "印刷费", "办公经费", "商品和服务支出"),
    ("30204", "手续费", "办公经费", None),
    ("30205", "水费", None, "商品和服务支出"),
    ("30206", "电费", None, "商品和服务支出"),
    ("30207", "邮电费", "办公经费", None),
    ("30211", "差旅费", "办公经费", None),
    ("30213", "维修（护）费", "维修（护）费", None),
    ("30217", "公务接待费", None, "公务接待费"),
    ("30226", "劳务费", "委托业务费", None),
    ("30227", "委托业务费", "委托业务费", None),
    ("30228", "工会经费", "办公经费", None),
    ("30231", "公务用车运行维护费", "公务用车运行维护费", "公务用车运行维护费"),
    ("30239", "其他交通费用", "办公经费", None),
    ("30299", "其他商品和服务支出", "其他商品和服务支出", None),
    ("30301", "离休费", None, "离退休费"),
    ("30302", "退休费", "离退休费", "离退休费"),
    ("30305", "生活补助", "社会福利和救助", None),
    ("30307", "医疗费补助", "社会福利和救助", None),
    ("30309", "奖励金", "社会福利和救助", None),
    ("31002", "办公设备购置", None, "资本性支出"),
]


T6_GROUPS = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助", "310": "资本性支出"}


@pytest.mark.parametrize(("code", "name", "administrative", "institution"), SPEC_T6)
def test_t6_rows_of_the_seeds(code, name, administrative, institution):
    item = economic_item(code)
    assert item is not None and item.name == name
    assert item.group_name == T6_GROUPS[code[:3]]
    if administrative is not None:
        assert government_economic_name(code, UnitKind.ADMINISTRATIVE) == administrative
        assert government_economic_name(code, UnitKind.CIVIL_SERVICE_MANAGED) == administrative
    if institution is not None:
        assert government_economic_name(code, UnitKind.INSTITUTION) == institution


def test_institution_rule_for_items_the_seeds_do_not_show():
    kind = UnitKind.INSTITUTION
    assert government_economic_name("30103", kind) == "工资福利支出"
    assert government_economic_name("30215", kind) == "商品和服务支出"
    assert government_economic_name("31003", kind) == "资本性支出"
    assert government_economic_name("30304", kind) == "社会福利和救助"


def test_administrative_national_names_for_items_the_seeds_do_not_show():
    kind = UnitKind.ADMINISTRATIVE
    assert government_economic_name("30215", kind) == "会议费"
    assert government_economic_name("30216", kind) == "培训费"
    assert government_economic_name("30212", kind) == "因公出国（境）费用"
    assert government_economic_name("30218", kind) == "专用材料购置费"
    assert government_economic_name("30229", kind) == "办公经费"


def test_every_economic_item_has_a_mapping_within_the_government_vocabulary():
    vocabulary = set(government_economic_names().values())
    for item in economic_items():
        for kind in UnitKind:
            name = government_economic_name(item.code, kind)
            assert name in vocabulary or name == "资本性支出", (item.code, kind, name)


def test_unknown_economic_code():
    assert economic_item("30230") is None
    with pytest.raises(KeyError):
        government_economic_name("30230", UnitKind.ADMINISTRATIVE)


# ---------------------------------------------------------------- §11.3: the J06 list

J06_GROUPS = {
    "301": ("工资福利支出", 13),
    "302": ("商品和服务支出", 27),
    "303": ("对个人和家庭的补助", 12),
    "307": ("债务利息及费用支出", 4),
    "309": ("资本性支出（基本建设）", 12),
    "310": ("资本性支出", 16),
    "311": ("对企业补助（基本建设）", 2),
    "312": ("对企业补助", 5),
    "313": ("对社会保障基金补助", 3),
    "399": ("其他支出", 5),
}


def test_j06_groups_and_item_counts():
    assert {g: economic_group_name(g) for g in J06_GROUPS} == {g: n for g, (n, _) in J06_GROUPS.items()}
    counts = {g: sum(1 for i in economic_items() if i.group_code == g) for g in J06_GROUPS}
    assert counts == {g: c for g, (_, c) in J06_GROUPS.items()}
    assert economic_group_name("308") is None


def test_j06_names_spot_checks():
    assert economic_item("30212").name == "因公出国（境）费用"
    assert economic_item("30303").name == "退职（役）费"
    assert economic_item("31011").name == "地上附着物和青苗补偿"
    assert economic_item("39908").name == "对民间非营利组织和群众性自治组织补贴"
    assert economic_item("31304").name == "对机关事业单位职业年金的补助"


def test_items_are_in_code_order():
    codes = [i.code for i in economic_items()]
    assert codes == sorted(codes)


def test_can_be_basic_is_false_only_for_309_and_311():
    blocked = {i.code[:3] for i in economic_items() if not i.can_be_basic}
    assert blocked == {"309", "311"}
    assert economic_item("30913").can_be_basic is False
    assert economic_item("31013").can_be_basic is True


def test_cost_type_split():
    assert economic_item("30101").cost_type == "人员经费"
    assert economic_item("30302").cost_type == "人员经费"
    assert economic_item("30201").cost_type == "公用经费"
    assert economic_item("31002").cost_type == "公用经费"
    assert {i.cost_type for i in economic_items() if i.group_code not in ("301", "303")} == {"公用经费"}


def test_three_public_items():
    assert three_public_item("30212") is ThreePublicItem.OVERSEAS
    assert three_public_item("30217") is ThreePublicItem.RECEPTION
    assert three_public_item("30231") is ThreePublicItem.VEHICLE_OPERATION
    assert three_public_item("31013") is ThreePublicItem.VEHICLE_PURCHASE
    assert three_public_item("30913") is ThreePublicItem.VEHICLE_PURCHASE
    assert three_public_item("30201") is None
    assert three_public_item("30215") is None  # 会议费 is not 三公


# ---------------------------------------------------------------- data files


DATA_FILES = [
    "function_categories.csv",
    "function_codes.csv",
    "economic_codes.csv",
    "government_economic_codes.csv",
    "economic_mapping.csv",
    "three_public.csv",
]


@pytest.mark.parametrize("filename", DATA_FILES)
def test_each_data_file_names_its_source_and_has_unique_codes(filename):
    text = resources.files("gendisclose.reference").joinpath(filename).read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("#") and ("2026年政府收支分类科目" in text or "spec" in first)
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    codes = [r["code"] for r in rows]
    assert codes and len(codes) == len(set(codes))
    assert all(c.isdigit() for c in codes)
