"""Any text the workbook accepts is laid out inside the pages (issue 12).

A 2,500-character 项目概况, a 3,000-character 部门职责 in the 整体表, a 1,500-character 三级指标,
80 indicators under one rowspan, long 变动原因 and names at their limit: each workbook is written,
read back (so the reader accepts it), derived and rendered. In the PDF every character lies
inside its page's margins except the page number below the text area, and each long text is
extractable whole and in order; in the DOCX the rows holding long text may split (no
``w:cantSplit``) while ordinary rows keep it. Before the fix a table row taller than a page
(Typst rows were all unbreakable) was drawn below the bottom of the page, over the page number.
"""

from __future__ import annotations

import io
import re
from functools import cache

import pypdfium2 as pdfium
import pytest
from builders import DepartmentBuilder

from gendisclose.model import KeyTask, OverallPerformance, Reasons
from gendisclose.pipeline import derive_document
from gendisclose.render.docx import render_docx
from gendisclose.render.pdf import render_pdf
from gendisclose.workbook.reader import read_workbook
from gendisclose.workbook.schema import MAX_NAME, MAX_PROJECT_NAME
from gendisclose.workbook.template import template_bytes

PT_PER_CM = 72 / 2.54
#: (top, bottom) margins of templates/disclosure.typ, in pt
PORTRAIT = (3.7 * PT_PER_CM, 3.5 * PT_PER_CM)
LANDSCAPE = (2.8 * PT_PER_CM, 2.6 * PT_PER_CM)
SLACK = 1.0  # pt: a glyph's box may touch the margin


def long_text(tag: str, length: int) -> str:
    """Numbered sentences (so order is checkable), cut to ``length`` characters."""
    sentences = (f"{tag}第{i}条：按照年度工作安排落实各项保障措施，确保资金使用规范、绩效目标如期完成。" for i in range(1, 10_000))
    out = ""
    for s in sentences:
        out += s
        if len(out) >= length:
            return out[:length]
    raise AssertionError("unreachable")


OVERVIEW = long_text("概况", 2500)
DUTIES = long_text("职责", 3000)
INDICATOR = long_text("指标", 1500)
TASKS = long_text("任务", 2000)
REASON = long_text("原因", 3000)
DEPT = ("朔州市平鲁区行政审批服务管理局" * 5)[:MAX_NAME]
UNIT = ("朔州市平鲁区政务服务中心下属单位" * 5)[:MAX_NAME]
PROJECT = ("2026年度农村人居环境整治提升工程项目（第二批）中央财政衔接推进乡村振兴补助资金" * 3)[:MAX_PROJECT_NAME]
LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "社会效益", "服务对象满意度")


def long_department():
    b = (
        DepartmentBuilder(name=DEPT)
        .unit(DEPT)
        .unit(UNIT, "事业单位")
        .basic("2010301", general="1765100.00")
        .basic("2010350", unit=UNIT, general="200000.00")
        .economic("30101", "1765100.00")
        .economic("30101", "200000.00", unit=UNIT)
        .project("办公楼物业费", "2010302", general="130000.00")
        .project(PROJECT, "2010350", unit=UNIT, general="56000.00")
        .indicator("办公楼物业费", "数量指标", "物业服务面积", "≥3000平方米")
        .indicator("办公楼物业费", "质量指标", INDICATOR, "≥95%")
        .indicator(None, "数量指标", "办理事项", "≥100件")
        .prior_year(income_total="2500000.00", expenditure_total="2500000.00", general_current="2500000.00")
        .with_(
            overall=OverallPerformance(duties=DUTIES, key_tasks=(KeyTask(core_function="政务服务", tasks=TASKS),),
                                       strategic_goal="优化营商环境", annual_goal="提升政务服务水平"),
            reasons=Reasons(income=REASON, expenditure="人员调整。"),
        )
    )
    for i in range(80):  # 80 rows under the one 绩效指标 rowspan: taller than a landscape page
        b.indicator(PROJECT, LEVEL2[i % len(LEVEL2)], f"第{i + 1}项指标", f"≥{i + 1}项")
    b.projects[0] = b.projects[0].model_copy(update={"overview": OVERVIEW})
    return b.build()


@cache
def department():
    """The department as the workbook reader gives it back (every text accepted)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.xlsx"
        path.write_bytes(template_bytes(long_department()))
        read, issues = read_workbook(path)
    assert read is not None and not [i for i in issues if i.is_error], [str(i) for i in issues]
    return read


@pytest.fixture(scope="module")
def document():
    return derive_document(department())


@pytest.fixture(scope="module")
def pdf(document):
    return pdfium.PdfDocument(render_pdf(document))


def _chars(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    text = page.get_textpage()
    out = []
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if ch.strip() and ch not in "\u200b\ufffe":
            out.append((ch, text.get_charbox(i)))
    return out


def test_every_character_lies_inside_the_page_and_above_the_page_number(pdf) -> None:
    assert len(pdf) > 20
    for n, page in enumerate(pdf):
        width, height = page.get_size()
        top, bottom = LANDSCAPE if width > height else PORTRAIT
        footer = []
        for ch, (left, low, right, high) in _chars(page):
            assert -SLACK <= left and right <= width + SLACK and high <= height - top + SLACK, (n, ch)
            if low < bottom - SLACK:
                footer.append((ch, high))
        text = "".join(ch for ch, _ in footer)
        # below the text area there is only the page number, "- N -" (none on the cover and 目录)
        assert text == "" or re.fullmatch(r"-\d+-", text), f"page {n + 1}: {text[:80]!r} below the text area"
        if footer:
            number_top = max(h for _, h in footer)
            body_low = min((b[1] for _, b in _chars(page) if b[1] >= bottom - SLACK), default=height)
            assert number_top < body_low, f"page {n + 1}: text overprints the page number"


def _flat(pdf) -> str:
    """The text a reader sees: every character inside its page's text area, in drawing order."""
    out = []
    for page in pdf:
        width, height = page.get_size()
        top, bottom = LANDSCAPE if width > height else PORTRAIT
        out += [ch for ch, (_, low, _, high) in _chars(page) if low >= bottom - SLACK and high <= height - top + SLACK]
    return "".join(out)


def printed_in_order(text: str, flat: str, gap: int = 30) -> bool:
    """Every character of ``text`` in ``flat``, in order; between two of them at most ``gap``
    others (the text extractor reads a line across the row, so a short neighbouring cell such
    as ``≥95%`` may come between two lines of a long cell)."""
    pos = flat.find(text[:20])
    if pos < 0:
        return False
    for ch in text:
        found = flat.find(ch, pos, pos + gap + 1)
        if found < 0:
            return False
        pos = found + 1
    return True


@pytest.mark.parametrize("text", [OVERVIEW, DUTIES, INDICATOR, TASKS, REASON], ids=["概况", "职责", "指标", "任务", "原因"])
def test_each_long_text_is_printed_whole_and_in_order(pdf, text) -> None:
    assert printed_in_order(text, _flat(pdf))
    assert not printed_in_order(text + "。未印出的结尾", _flat(pdf))  # the check can fail


def test_names_at_their_limit_and_every_indicator_are_printed(pdf) -> None:
    flat = _flat(pdf)
    assert DEPT in flat and UNIT in flat and PROJECT in flat
    assert all(f"第{i}项指标" in flat for i in range(1, 81))


def test_short_rows_still_never_split(pdf) -> None:
    """A 项目支出绩效目标表 row of ordinary length is on one page: 负责人 … 填报日期 together."""
    for page in pdf:
        text = re.sub(r"\s+", "", page.get_textpage().get_text_range())
        if "负责人:" in text:
            assert "填报日期:" in text


def test_docx_rows_with_long_text_may_split_the_others_may_not(document) -> None:
    from docx import Document as open_docx
    from docx.oxml.ns import qn

    d = open_docx(io.BytesIO(render_docx(document)))
    long_rows = short_rows = 0
    for table in d.tables:
        for tr in table._tbl.findall(qn("w:tr")):
            text = "".join(t.text or "" for t in tr.iter(qn("w:t")))
            cant_split = tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
            if any(t in text for t in (OVERVIEW, DUTIES, INDICATOR, TASKS)):
                long_rows += 1
                assert not cant_split, text[:40]
            elif len(text) < 200:
                short_rows += 1
                assert cant_split, text[:40]
    assert long_rows == 4  # 项目概况, 部门职责, the 重点任务 row, the row of the long 三级指标
    assert short_rows > 100


def test_a_latin_department_name_at_its_limit_stays_on_the_cover() -> None:
    """A name with no break opportunity (60 letters, as 部门名称 allows) set in the cover's large
    type: broken inside the page, not run off it (it ran from x −384 to 985 pt on a 595 pt page)."""
    name = ("Administrativeservicecentre" * 3)[:MAX_NAME]
    department = (
        DepartmentBuilder(name=name).unit(name)
        .basic("2010301", general="1765100.00").economic("30101", "1765100.00")
        .build()
    )
    cover = pdfium.PdfDocument(render_pdf(derive_document(department)))[0]
    width, _ = cover.get_size()
    chars = _chars(cover)
    assert sum(ch.isascii() for ch, _ in chars) >= MAX_NAME
    assert all(-SLACK <= box[0] and box[2] <= width + SLACK for _, box in chars)
