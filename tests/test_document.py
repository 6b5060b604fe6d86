"""The assembled budget Document: cover, 目录 order (spec §2.2), parts 1–4, dispatch on kind."""

from __future__ import annotations

from builders import DepartmentBuilder

from gendisclose.derive.document import derive_document, glossary_lines
from gendisclose.document import Heading, PageBreak, Paragraph, Table
from gendisclose.model import DocumentKind, TextBlock
from gendisclose.pipeline import derive_document as pipeline_derive_document

TOC_2026 = """第一部分 概况
一、本部门职责
二、机构设置情况
第二部分 2026年部门预算报表
表一2026年预算收支总表
表二2026年预算收入总表
表三2026年预算支出总表
表四2026年财政拨款收支总表
表五2026年一般公共预算支出预算表（不含上年结转）
表六2026年一般公共预算安排基本支出分经济科目表（不含上年结转）
表七2026年政府性基金预算收入表（不含上年结转）
表八2026年政府性基金预算支出表（不含上年结转）
表九2026年国有资本经营预算收支预算表（不含上年结转）
表十2026年财政拨款安排“三公”经费支出预算表
表十一2026年财政拨款安排机关运行经费预算表
表十二2026年项目支出预算表（本年预算）
表十三2026年项目支出预算表（上年结转）
第三部分 2026年度部门预算情况说明
一、部门预算收支数据变动情况及原因
二、收入预算情况说明
三、支出预算情况说明
四、财政拨款收支预算总体情况说明
五、一般公共预算支出情况说明
六、一般公共预算基本支出情况说明
七、“三公”经费增减变动原因说明
八、机关运行经费增减变动原因说明
九、政府采购情况
十、绩效管理情况
十一、国有资产占有使用情况
十二、其他说明
（一）政府购买服务指导性目录
（二）其他
第四部分 名词解释""".splitlines()

GLOSSARY_SIX = (
    "六、财政专户管理资金：",
    "专指教育收费，包括目前在财政专户管理的高中以上学费、住宿费，高校委托培养费，党校收费，教育考试考务费，"
    "函大、电大、夜大及短训班培训费等。",
)


def dept(name: str = "甲县乙局", document_kind: DocumentKind = DocumentKind.BUDGET):
    info_duties = (TextBlock(text="（一）贯彻执行有关方针政策。"), TextBlock(text="（二）完成交办的其他任务。"))
    organisation = (
        TextBlock(text="内设机构："),
        TextBlock(text="（一）办公室", is_heading=True),
        TextBlock(text="负责日常运转。"),
    )
    d = (
        DepartmentBuilder(name=name, document_kind=document_kind)
        .basic("2010301", general="900000")
        .economic("30101", "800000")
        .economic("30201", "100000")
        .project("物业费", "2010301", general="200000")
        .build()
    )
    return d.model_copy(update={"info": d.info.model_copy(update={"duties": info_duties, "organisation": organisation})})


def test_cover_file_stem_and_metadata():
    doc = derive_document(dept())
    assert doc.kind is DocumentKind.BUDGET
    assert doc.cover == ("甲县乙局", "2026年度部门预算公开")
    assert doc.file_stem == "甲县乙局2026年度部门预算公开"
    assert doc.toc_heading == "目 录"
    assert doc.metadata == {"title": "甲县乙局2026年度部门预算公开", "year": "2026"}


def test_toc_entries_are_exactly_spec_2_2():
    doc = derive_document(dept())
    assert [text for _, text, _ in doc.toc_entries()] == TOC_2026
    levels = {text: level for level, text, _ in doc.toc_entries()}
    assert levels["第一部分 概况"] == 1 and levels["一、本部门职责"] == 2 and levels["（二）其他"] == 3


def test_part_1_text_verbatim_with_sub_headings():
    blocks = derive_document(dept()).blocks
    end = next(i for i, b in enumerate(blocks) if isinstance(b, PageBreak))
    part1 = [(type(b).__name__, b.text) for b in blocks[:end]]
    assert part1 == [
        ("Heading", "第一部分 概况"),
        ("Heading", "一、本部门职责"),
        ("Paragraph", "（一）贯彻执行有关方针政策。"),
        ("Paragraph", "（二）完成交办的其他任务。"),
        ("Heading", "二、机构设置情况"),
        ("Paragraph", "内设机构："),
        ("Heading", "（一）办公室"),
        ("Paragraph", "负责日常运转。"),
    ]
    sub = blocks[6]
    assert isinstance(sub, Heading) and not sub.in_toc


def test_part_2_one_table_per_page():
    blocks = derive_document(dept()).blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text.startswith("第二部分"))
    end = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text.startswith("第三部分"))
    part2 = blocks[start + 1 : end]
    assert [b.key for b in part2 if isinstance(b, Table)] == [f"T{n}" for n in range(1, 14)]
    # table, break, table, break, … table, break (before 第三部分)
    assert all(isinstance(b, Table) for b in part2[0::2])
    assert all(isinstance(b, PageBreak) for b in part2[1::2])


def test_part_4_glossary_verbatim():
    lines = glossary_lines()
    assert len(lines) == 13  # twelve terms, term 六 on two lines
    assert lines[0] == "一、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"
    assert lines[5:7] == GLOSSARY_SIX
    assert lines[-1] == "十二、财政拨款：包含一般公共预算、政府性基金预算、国有资本经营预算。"
    blocks = derive_document(dept()).blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "第四部分 名词解释")
    assert isinstance(blocks[start - 1], PageBreak)
    assert tuple(b.text for b in blocks[start + 1 :] if isinstance(b, Paragraph)) == lines
    assert start + 1 + len(lines) == len(blocks)


def test_builds_are_deterministic():
    assert derive_document(dept()) == derive_document(dept())


def test_file_stem_is_safe():
    doc = derive_document(dept(name="甲县/乙局:测试"))
    assert "/" not in doc.file_stem and ":" not in doc.file_stem
    assert doc.cover[0] == "甲县/乙局:测试"


def test_pipeline_calls_the_same_derivation():
    assert pipeline_derive_document(dept()) == derive_document(dept())


