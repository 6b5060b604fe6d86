"""Golden text: 第三部分 of each seed sample equals the published sentences.

The story: ``sample_inputs/<seed>.xlsx`` → ``read_workbook`` → ``derive_tables`` →
``derive_part3`` → the headings and paragraphs of §一 to §九 (and §十一, §十二, which are made
of the department's own inputs) equal ``expected.part3_paragraphs`` of the seed JSON, and §一
does so given the same reasons text (the reasons are typed in the workbook verbatim).

Normalisation is the least the seeds force (issue 4): whitespace is ignored everywhere, and
where a printed entry itself uses half-width ``,:;()`` (000's ``(一) `` sub-headings, 004's
§五/§六/§七) that entry is compared with ASCII and full-width ``，：；（）`` treated alike (a
comma between digits is a thousands separator and stays). Every other character must match.

Where the printed sentence contradicts the tables or uses a minority form the spec decided
against (spec §7, §13, §14), :data:`DECIDED` rewrites the printed text into the decided form,
one documented replacement each, and the test asserts that form. §十 is not compared: its
figures are the seeds' contradictions (000 §十 1 108.22, 002 1758.49, 004 56% and 25 tables),
see test_golden_tables.py.
"""

from __future__ import annotations

import re

import pytest
from seed_samples import SEED_SAMPLES, department, seed, tables

from gendisclose.document import Chart, Heading, Paragraph

try:
    from gendisclose.derive.text import derive_part3
except ImportError:  # pragma: no cover - until the text module lands
    derive_part3 = None

pytestmark = pytest.mark.skipif(derive_part3 is None, reason="text module not yet written")

COMPARED_SECTIONS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十一", "十二")
_SECTION = re.compile(r"^([一二三四五六七八九十]+)、")


# ---------------------------------------------------------------- the decided forms


def _t6_order(seed_id: str, printed_items: str) -> str:
    """Spec D10: §六 lists the items in T6 order (the seeds' order is arbitrary). The printed
    items are reordered by the seed's own printed T6; the set must not change (spec P4)."""
    t6 = seed(seed_id)["expected"]["tables_printed_wan"]
    rows = (
        t6["T6_rows"] if "T6_rows" in t6 else (t6["T6"]["rows"] if isinstance(t6["T6"], dict) else t6["T6"])
    )
    order = [(r["cells"] if isinstance(r, dict) else r)[0] for r in rows]
    items = printed_items.split("、")
    assert set(items) <= set(order), set(items) - set(order)
    return "、".join(sorted(items, key=order.index))


#: seed → [(section, printed text, decided text)]: each replaced once in that section's entries.
DECIDED: dict[str, list[tuple[str, str, str]]] = {
    "000": [
        # §13 000-8: §一 prints the amount verb 增长 twice; the seeds' majority and 000's own
        # §五（一）use 增加 (spec §7.1; 增长 is the rate verb).
        (
            "一",
            "比上年增长21.69万元，增长4.35%，主要原因是2026年",
            "比上年增加21.69万元，增长4.35%，主要原因是2026年",
        ),
        (
            "一",
            "比上年增长21.69万元，增长4.35%，主要原因是2025年",
            "比上年增加21.69万元，增长4.35%，主要原因是2025年",
        ),
        # Spec D4: §五（二）includes each 类's share (3 of 4 seeds); 000 prints none.
        (
            "五",
            "一般公共服务支出426.51万元；社会保障和就业支出41.49万元；卫生健康支出16.85万元；住房保障支出35.14万元等",
            "一般公共服务支出426.51万元，占82.02%；社会保障和就业支出41.49万元，占7.98%；"
            "卫生健康支出16.85万元，占3.24%；住房保障支出35.14万元，占6.76%等",
        ),
        # Spec D5: the §八 sentence follows 002's skeleton (000 prints `本单位机关运行经费…`).
        ("八", "本单位机关运行经费财政拨款预算", "本部门2026年所属机关运行经费财政拨款预算"),
    ],
    "002": [
        # §13 002-8 / spec D5: the §八 rate has two decimals: 0.66 / 53.51 = 1.23% (printed 1.2%).
        ("八", "增长1.2%", "增长1.23%"),
    ],
    # 004: §一 lacks its final 。 (§13 004-9); added in expected_entries.
}

#: §六's two item lists are reordered into T6 order (spec D10) for every seed.
_ITEMS = re.compile(r"(主要包括[:：])([^等]+)(等)")

#: Chart captions the decided form prints, per seed (printed captions differ: spec D11, D12).
DECIDED_CAPTIONS = {
    # 000 prints the §五 caption only; its T10 is empty, so no 三公 chart (D12).
    "000": ["一般公共预算当年拨款结构图"],
    # 002 prints no chart; D11 gives §五 the structure chart, D12 a 三公 chart since T10 合计 3.00 > 0.
    "002": ["一般公共预算当年拨款结构图", "三公经费分布图"],
    # 004 captions §五 `一般公共预算支出结构图` (§13 004-8); D11 decides `…当年拨款结构图`.
    "004": ["一般公共预算当年拨款结构图", "三公经费分布图"],
}


def expected_entries(seed_id: str) -> dict[str, list[tuple[str, str]]]:
    """{section: [(kind, text)]} of the printed §一–§十二 with the decided forms applied."""
    out: dict[str, list[tuple[str, str]]] = {}
    for entry in seed(seed_id)["expected"]["part3_paragraphs"]:
        if entry["kind"] in ("heading", "paragraph"):
            out.setdefault(entry["section"], []).append((entry["kind"], entry["text"]))
    for section, printed, decided in DECIDED.get(seed_id, []):
        texts = [t for _, t in out[section]]
        hits = [i for i, t in enumerate(texts) if printed in t]
        assert hits, f"{seed_id} §{section}: printed text not found: {printed}"
        kind, text = out[section][hits[0]]
        out[section][hits[0]] = (kind, text.replace(printed, decided, 1))
    if seed_id == "004":  # §13 004-9: §一 printed without its final 。; the decided form ends with one
        kind, text = out["一"][-1]
        out["一"][-1] = (kind, text if text.endswith("。") else text + "。")
    six = out["六"]
    for i, (kind, text) in enumerate(six):
        six[i] = (kind, _ITEMS.sub(lambda m: m[1] + _t6_order(seed_id, m[2]) + m[3], text))
    return out


# ---------------------------------------------------------------- what the generator writes


def generated_entries(seed_id: str) -> tuple[dict[str, list[tuple[str, str]]], list[str]]:
    """({section: [(kind, text)]}, chart captions) of the generated 第三部分."""
    blocks = derive_part3(department(seed_id), tables(seed_id))
    out: dict[str, list[tuple[str, str]]] = {}
    captions: list[str] = []
    section = None
    for block in blocks:
        if isinstance(block, Heading):
            m = _SECTION.match(block.text)
            if block.level == 2 and m:
                section = m[1]
            out.setdefault(section, []).append(("heading", block.text))
        elif isinstance(block, Paragraph) and block.style != "caption":
            out.setdefault(section, []).append(("paragraph", block.text))
        elif isinstance(block, Chart):
            captions.append(block.caption)
        elif isinstance(block, Paragraph):
            captions.append(block.text)
    return out, captions


# ---------------------------------------------------------------- comparison

_ASCII_PUNCT = re.compile(r"[:;()]|(?<!\d),|,(?!\d)")
_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})


def _half_width_in(text: str) -> bool:
    return bool(_ASCII_PUNCT.search(text))


def normalise(text: str, *, punctuation: bool) -> str:
    text = re.sub(r"\s+", "", text)
    if punctuation:
        text = _ASCII_PUNCT.sub(lambda m: m[0].translate(_TO_FULL), text)
    return text


def _pairs(expected: list[tuple[str, str]], generated: list[tuple[str, str]]) -> tuple[list, list]:
    exp, gen = [], []
    for i, (kind, text) in enumerate(expected):
        loose = _half_width_in(text)  # the seed itself mixes ASCII and full-width here
        exp.append((kind, normalise(text, punctuation=loose)))
        if i < len(generated):
            gen.append((generated[i][0], normalise(generated[i][1], punctuation=loose)))
    gen += [(k, normalise(t, punctuation=False)) for k, t in generated[len(expected) :]]
    return exp, gen


CASES = [(s, sec) for s in SEED_SAMPLES for sec in COMPARED_SECTIONS]


@pytest.mark.parametrize(("seed_id", "section"), CASES, ids=[f"{s}-§{sec}" for s, sec in CASES])
def test_section_equals_the_published_text(seed_id: str, section: str) -> None:
    generated, _ = generated_entries(seed_id)
    expected = expected_entries(seed_id)
    exp, gen = _pairs(expected[section], generated.get(section, []))
    assert gen == exp


@pytest.mark.parametrize("seed_id", list(SEED_SAMPLES))
def test_chart_captions_follow_the_decisions(seed_id: str) -> None:
    _, captions = generated_entries(seed_id)
    assert captions == DECIDED_CAPTIONS[seed_id]


@pytest.mark.parametrize("seed_id", list(SEED_SAMPLES))
def test_sections_come_in_order(seed_id: str) -> None:
    generated, _ = generated_entries(seed_id)
    numerals = "一 二 三 四 五 六 七 八 九 十 十一 十二".split()
    assert list(generated) == numerals
