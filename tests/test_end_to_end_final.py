"""The 决算 kind through the whole pipeline: seed 003's sample workbook in, PDF, DOCX and HTML out.

The same program as the budget (one pipeline, the kind a field of the model): the file name and
running header ``{dept}{Y}年部门决算公开报告``, cover and 目录, 第一部分 … 第五部分 in order, J01–J10
with their figures, ``────`` and ``说明：本表无数据`` in every format, repeated header rows,
landscape pages for the wide tables, the same bytes twice. A batch folder holding a budget and a
决算 workbook builds both, with one summary and one manifest each.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook

from gendisclose.derive.final_layout import NO_DATA, NOT_APPLICABLE
from gendisclose.document import Heading, Paragraph, Table
from gendisclose.model import DocumentKind
from gendisclose.pipeline import build_workbook, derive_document

ROOT = Path(__file__).resolve().parent.parent
FINAL = ROOT / "sample_inputs" / "shuocheng-approval-final-2023.xlsx"
BUDGET = ROOT / "sample_inputs" / "pinglu-affairs-2026.xlsx"
DEPT = "朔州市朔城区行政审批服务管理局"
TITLE = f"{DEPT}2023年部门决算公开报告"
FORMATS = ("docx", "pdf", "html")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("final")
    result = build_workbook(FINAL, out, FORMATS)
    assert result.checked.ok, [str(i) for i in result.checked.issues]
    document = derive_document(result.checked.department)
    return document, {p.suffix: p for p in result.outputs}


def pdf_pages(path: Path) -> list[str]:
    """Each page's text without whitespace, running header and ``-N-`` footer."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    pages = []
    for page in reader.pages:
        text = squash(page.extract_text())
        text = text.removeprefix(squash(TITLE))
        pages.append(re.sub(r"-\d{1,3}-$", "", text))
    return pages


def first_body_page(pages: list[str]) -> int:
    """The page of 第一部分 (after the cover and the 目录 pages)."""
    return next(i for i, p in enumerate(pages) if i > 1 and p.startswith(squash("第一部分 概况")))


def body_texts(document) -> list[str]:
    """Headings, paragraphs, table headings, labels, titles and notes from 第一部分 on, in order."""
    texts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            texts.append(block.text)
        elif isinstance(block, Table):
            texts += [t for t in (block.heading, block.label, block.title) if t]
            texts += block.notes
    return [t for t in texts if squash(t)]


def assert_in_order(haystack: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(squash(needle), position)
        assert found >= 0, f"missing or out of order: {needle[:60]}"
        position = found + len(squash(needle))


def j_tables(document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table) and re.fullmatch(r"J\d\d", b.key)]


def test_the_document_has_the_five_parts_in_order(built):
    document, _ = built
    assert document.kind is DocumentKind.FINAL_ACCOUNTS
    parts = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert parts == ["第一部分 概况", "第二部分 2023年部门决算表", "第三部分 情况说明", "第四部分 名词解释",
                     "第五部分 附件"]
    assert [t.key for t in j_tables(document)] == [f"J{n:02d}" for n in range(1, 11)]
    assert [t.heading for t in j_tables(document)][:2] == ["一、收入支出决算总表", "二、收入决算表"]
    assert document.cover == (DEPT, "2023年部门决算公开报告")
    assert document.page.running_header == TITLE and document.page.page_number == "-{n}-"
    toc = [text for level, text, _ in document.toc_entries() if level == 2]
    assert toc[:4] == ["一、本部门（单位）职责", "二、机构设置情况", "一、收入支出决算总表", "二、收入决算表"]


def test_outputs_are_named_after_department_and_year(built):
    _, files = built
    assert {p.name for p in files.values()} == {f"{TITLE}.{ext}" for ext in FORMATS}


def test_pdf_has_every_text_in_order_and_the_seed_page_look(built):
    document, files = built
    pages = pdf_pages(files[".pdf"])
    raw = pypdf.PdfReader(io.BytesIO(files[".pdf"].read_bytes())).pages
    assert squash(raw[0].extract_text()) == squash(TITLE)  # the cover: no header, no number
    assert pages[1].startswith(squash("目 录"))
    first = first_body_page(pages)
    assert_in_order("".join(pages[first:]), body_texts(document))
    assert squash(raw[first].extract_text()).startswith(squash(TITLE))  # the running header
    assert squash(raw[first].extract_text()).endswith("-1-")  # numbered from 第一部分, as -N-
    assert not any(squash(TITLE) in squash(raw[i].extract_text()) for i in range(1, first))  # 目录: none


def test_every_j_table_figure_reaches_the_pdf_in_order(built):
    document, files = built
    pages = pdf_pages(files[".pdf"])
    text = "".join(pages[first_body_page(pages):])
    for table in j_tables(document):
        start = text.index(squash(table.title), text.index(squash(table.heading)))
        cells = [c.text for row in table.body for c in row if c.text]
        assert cells or NO_DATA in table.notes, table.key
        figures = [c for c in cells if re.fullmatch(r"\d[\d,]*\.\d\d|\d+", c)]
        assert_in_order(text[start:], figures)


def test_not_applicable_and_no_data_marks_in_every_format(built):
    import docx

    document, files = built
    tables = {t.key: t for t in j_tables(document)}
    marked = [k for k, t in tables.items() if NO_DATA in t.notes]
    assert "J07" in marked and "J01" not in marked
    dashes = sum(c.text == NOT_APPLICABLE for row in tables["J06"].body for c in row)
    assert dashes > 0
    pdf = "".join(pdf_pages(files[".pdf"]))
    assert pdf.count(NOT_APPLICABLE) >= dashes and pdf.count(squash(NO_DATA)) == len(marked)
    html = files[".html"].read_text(encoding="utf-8")
    assert html.count(NOT_APPLICABLE) == dashes and html.count(NO_DATA) == len(marked)
    d = docx.Document(io.BytesIO(files[".docx"].read_bytes()))
    cell_texts = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert cell_texts.count(NOT_APPLICABLE) >= dashes
    assert sum(p.text == NO_DATA for p in d.paragraphs) == len(marked)


def test_pdf_wide_tables_are_landscape_and_headers_repeat(built):
    document, files = built
    reader = pypdf.PdfReader(io.BytesIO(files[".pdf"].read_bytes()))
    pages = pdf_pages(files[".pdf"])
    for table in j_tables(document):
        on = [i for i, p in enumerate(pages) if i >= first_body_page(pages) and squash(table.label) in p]
        assert len(on) == 1, table.key
        box = reader.pages[on[0]].mediabox
        assert (box.width > box.height) is table.wide, table.key
    # J01 runs over two pages: the second starts with the repeated header rows
    j01 = pages.index(next(p for p in pages if squash("公开01表") in p))
    assert pages[j01 + 1].startswith(squash("收入支出项目行次金额项目行次金额栏次1栏次2"))


def test_no_page_holds_a_single_body_row_or_a_note_alone(built):
    """A table that runs over a page leaves at least two of its rows for the next page, and its
    notes stay with its last row (each row found, in order, by the texts of its cells)."""
    document, files = built
    pages = pdf_pages(files[".pdf"])
    spilled = []
    for table in j_tables(document):
        page = next(i for i, p in enumerate(pages) if i >= first_body_page(pages) and squash(table.label) in p)
        position = pages[page].index(squash(table.title))
        on_page: dict[int, int] = {}
        for row in table.body:
            text = "".join(squash(c.text) for c in row)
            if not text:
                continue
            while pages[page].find(text, position) < 0:
                page, position = page + 1, 0
                assert page < len(pages), (table.key, text)
            position = pages[page].find(text, position) + len(text)
            on_page[page] = on_page.get(page, 0) + 1
        continued = list(on_page.values())[1:]  # the pages after the table's first
        assert all(count >= 2 for count in continued), (table.key, on_page)
        assert pages[page].find(squash(table.notes[0]), position) >= 0, table.key  # the note on the last row's page
        if len(on_page) > 1:
            spilled.append(table.key)
    assert {"J01", "J04", "J06"} <= set(spilled)  # the sample has tables that run over a page


def test_docx_structure(built):
    import docx
    from docx.oxml.ns import qn

    document, files = built
    d = docx.Document(io.BytesIO(files[".docx"].read_bytes()))
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    expected = []
    for b in document.blocks:
        if isinstance(b, Heading) and b.in_toc:
            expected.append((f"Heading {min(b.level, 3)}", b.text))
        elif isinstance(b, Table) and b.heading:
            expected.append(("Heading 2", b.heading))
    assert headings == expected
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert len(d.tables) == len(tables)
    for table, word in zip(tables, d.tables, strict=True):
        header_rows = [tr for tr in word._tbl.iter(qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
        assert len(header_rows) == len(table.header), table.key
        assert len(word.rows) == len(table.header) + len(table.body), table.key
    j01 = d.tables[[t.key for t in tables].index("J01")]
    assert [c.text for c in j01.rows[3].cells] == [c.text for c in j_tables(document)[0].body[0]]
    toc = [p.text for p in d.paragraphs if p.style.name.lower() in {"toc 1", "toc 2", "toc 3"}]
    # the saved 目录 carries each entry's page number after a tab (the PDF layout's pages)
    assert [entry.rsplit("\t", 1)[0] for entry in toc] == [text for _, text, _ in document.toc_entries()]
    assert all(entry.rsplit("\t", 1)[-1].isdigit() for entry in toc), toc
    landscape = [s.page_width > s.page_height for s in d.sections]
    assert landscape.count(True) >= 1 and not landscape[0]
    text = squash("".join(t.text or "" for t in d.element.body.iter(qn("w:t"))))
    body = text[text.rindex(squash("第一部分 概况")):]
    assert_in_order(body, body_texts(document))


def test_html_has_every_table_with_its_heading(built):
    document, files = built
    html = files[".html"].read_text(encoding="utf-8")
    for table in j_tables(document):
        assert f'data-key="{table.key}"' in html
        assert f'<h2 class="heading heading-2 table-heading">{table.heading}</h2>' in html
    assert html.count("<table") == sum(isinstance(b, Table) for b in document.blocks)
    assert f"<title>{TITLE}</title>" in html


def test_same_bytes_twice(built, tmp_path):
    _, files = built
    again = build_workbook(FINAL, tmp_path, FORMATS)
    assert {p.suffix: p.read_bytes() for p in again.outputs} == {s: p.read_bytes() for s, p in files.items()}


def test_a_folder_with_both_kinds_builds_both(tmp_path):
    from typer.testing import CliRunner

    from gendisclose.cli import app

    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    for path in (FINAL, BUDGET):
        (inbox / path.name).write_bytes(path.read_bytes())
    result = CliRunner().invoke(app, ["build", str(inbox), "-o", str(out), "-j", "2", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert (out / f"{TITLE}.pdf").is_file()
    assert (out / "平陆县政务服务中心2026年度部门预算公开.pdf").is_file() or len(list(out.glob("*.pdf"))) == 2
    manifests = sorted(p.name for p in out.glob(".*.manifest.json"))
    assert len(manifests) == 2 and [m.split(".")[1] for m in manifests] == sorted(p.stem for p in (FINAL, BUDGET))
    sheet = load_workbook(out / "汇总.xlsx").active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    kinds = rows[0].index("公开类型")
    assert sorted(r[kinds] for r in rows[1:] if r[kinds]) == ["部门决算公开", "部门预算公开"]
    # unchanged: both are skipped the second time
    again = CliRunner().invoke(app, ["build", str(inbox), "-o", str(out), "-j", "1", "--format", "pdf"])
    assert again.exit_code == 0 and again.output.count("未变化") >= 2, again.output


def test_diff_of_two_final_workbooks_shows_cells_figures_and_sentences(tmp_path):
    from gendisclose.diff import diff_workbooks

    wb = load_workbook(FINAL)
    wb["支出决算"]["C2"] = 2782533  # 2010301 基本支出 + 10,000 元
    new = tmp_path / "new.xlsx"
    wb.save(new)
    d = diff_workbooks(FINAL, new)
    assert [(c.cell, c.old, c.new) for c in d.cells] == [("支出决算!C2", "2,772,533.00", "2,782,533.00")]
    j03 = [t for t in d.tables if t.table.startswith("J03") and t.row == "合计" and t.column.startswith("本年支出合计")]
    assert [(t.old, t.new) for t in j03] == [("1322.38", "1323.38")]
    assert any(t.table.startswith("J01") and t.new == "1323.38" for t in d.tables)
    assert d.sentences and any("1323.38" in s.new for s in d.sentences)
    assert not d.notes


def test_html_and_weasyprint_follow_the_page_style(built):
    """The running header and the seed's ``-N-`` reach the HTML edition's @page rules (user text
    escaped), and the weasyprint PDF prints them with J01–J10 and their notes."""
    from gendisclose.render.html import css_string, page_rules

    document, files = built
    html = files[".html"].read_text(encoding="utf-8")
    assert page_rules(document.page) in html and css_string(TITLE) in html
    assert css_string('"</style>') == '"\\22 \\3c \\2f style\\3e "'
    try:
        from gendisclose.render.pdf_weasyprint import render_pdf, unavailable
    except (ImportError, OSError) as exc:
        pytest.skip(f"weasyprint: {exc}")
    if unavailable():
        pytest.skip(unavailable())
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(document)))
    pages = [squash(p.extract_text()) for p in reader.pages]
    first = next(i for i, p in enumerate(pages) if i > 1 and p.startswith(squash("第一部分 概况")))
    assert all(squash(TITLE) in p and re.search(rf"-{i - first + 1}-", p) for i, p in enumerate(pages) if i >= first)
    assert not any(squash(TITLE) in p for p in pages[1:first])
    assert_in_order("".join(pages[first:]), [t for table in j_tables(document) for t in (table.title, table.notes[0])])
