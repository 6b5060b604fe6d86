"""User text is only ever text: never a live formula in a workbook or CSV the tool writes (issue 12).

A department or project name typed as ``=HYPERLINK("file:///…")`` (or ``+…``, ``-…``, ``@…``)
must come out as that text everywhere: the ``tables`` xlsx and csv, the bureau's 汇总.xlsx,
the ``diff`` xlsx, a workbook written back from a department, and the HTML/DOCX/PDF.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_batch import department as passing_department
from test_batch import tasks_for

from gendisclose.batch import DepartmentResult, execute, sort_results, summary_workbook
from gendisclose.derive.tables import derive_tables
from gendisclose.diff import diff_workbook_bytes, diff_workbooks
from gendisclose.export import export_tables
from gendisclose.pipeline import derive_document
from gendisclose.workbook.reader import read_workbook
from gendisclose.workbook.template import template_bytes

LINK = '=HYPERLINK("file:///C:/Windows/System32/calc.exe","点击查看")'
DEPT = '=HYPERLINK("file:///etc/passwd","测试局")'
PROJECT = "@SUM(1+1)*cmd|'/c calc'!A0"
ERROR_LIKE = "#N/A"


def department(name: str = DEPT, project: str = PROJECT, basic: str = "1765100"):
    dept = passing_department(name, basic=basic)
    renamed = dept.projects[0].model_copy(update={"name": project})
    indicators = tuple(i.model_copy(update={"project": project}) for i in dept.indicators)
    return dept.model_copy(update={"projects": (renamed,), "indicators": indicators})


def no_formula(path_or_bytes: Path | bytes) -> list[str]:
    """Every text cell of the workbook, after asserting that none is a formula or an error value."""
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, f"a formula in {name}"
    wb = load_workbook(io.BytesIO(data))
    texts: list[str] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), f"{ws.title}!{cell.coordinate} = {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_tables_xlsx_stores_a_formula_like_name_as_text(tmp_path: Path) -> None:
    dept = department()
    [path] = export_tables(derive_tables(dept), dept, tmp_path, "xlsx")
    texts = no_formula(path)
    assert any(DEPT in t for t in texts)  # 部门名称：… in the captions
    assert PROJECT in texts  # the project's row of 表十二


def test_tables_csv_prefixes_formula_like_text_and_leaves_numbers_alone(tmp_path: Path) -> None:
    dept = department(name=LINK, project="-项目" + PROJECT)
    paths = export_tables(derive_tables(dept), dept, tmp_path, "csv")
    fields = [f for p in paths for row in csv.reader(io.StringIO(p.read_text("utf-8-sig"))) for f in row]
    assert "'-项目" + PROJECT in fields
    assert not [f for f in fields if f[:1] in ("=", "+", "@", "\t", "\r")]
    assert all(f == "-项目" + PROJECT or not f.startswith("-") or f[1:2].isdigit() for f in fields)
    # numbers are never altered; only text that a spreadsheet would evaluate
    from gendisclose.export import csv_field

    assert [csv_field(t) for t in ("-12.50", "+3", "-1,234.00", "-5%", "=1+1", "+86 0356", "-", "\tx")] == [
        "-12.50", "+3", "-1,234.00", "-5%", "'=1+1", "'+86 0356", "'-", "'\tx"]


def test_summary_workbook_stores_department_names_and_messages_as_text(tmp_path: Path) -> None:
    box = tmp_path / "收集"
    box.mkdir()
    (box / "a.xlsx").write_bytes(template_bytes(department()))
    (box / "b.xlsx").write_bytes(template_bytes(department(name="-测试局", project=LINK, basic="1000000")))
    results = sort_results(execute(tasks_for(sorted(box.glob("*.xlsx"))), jobs=1))
    assert [r.department for r in results] == [DEPT, "-测试局"]
    # a name that reads like an error value (the reader refuses it in a workbook; the summary
    # still must not turn it into one)
    results.append(DepartmentResult(file="c.xlsx", key="c", department=ERROR_LIKE))
    texts = no_formula(summary_workbook(results, build=False))
    assert {DEPT, "-测试局", ERROR_LIKE} <= set(texts)


def test_diff_xlsx_stores_changed_text_as_text(tmp_path: Path) -> None:
    old, new = tmp_path / "原.xlsx", tmp_path / "新.xlsx"
    old.write_bytes(template_bytes(department(project="办公楼物业费")))
    new.write_bytes(template_bytes(department(project=LINK)))
    texts = no_formula(diff_workbook_bytes(diff_workbooks(old, new)))
    assert any(LINK in t for t in texts)


def test_a_department_written_back_as_a_workbook_reads_back_as_the_same_text(tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(template_bytes(department()))
    no_formula(path)
    read, issues = read_workbook(path)
    assert read is not None and read.info.name == DEPT and read.projects[0].name == PROJECT
    assert not [i for i in issues if i.is_error]


@pytest.fixture(scope="module")
def document():
    return derive_document(department(project=LINK))


def test_html_escapes_it(document) -> None:
    from gendisclose.render.html import render_html_bytes

    html = render_html_bytes(document).decode()
    assert "HYPERLINK(&#34;file:///C:/Windows" in html or "HYPERLINK(&quot;file:///C:/Windows" in html
    assert 'HYPERLINK("file:' not in html and 'href="file:' not in html


def test_docx_and_pdf_print_it_literally(document) -> None:
    import pypdfium2 as pdfium
    from docx import Document as open_docx

    from gendisclose.render.docx import render_docx
    from gendisclose.render.pdf import render_pdf

    docx = open_docx(io.BytesIO(render_docx(document)))
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert LINK in cells
    pdf = pdfium.PdfDocument(render_pdf(document))
    text = "".join(p.get_textpage().get_text_range() for p in pdf)
    flat = "".join(text.split()).replace("\u200b", "").replace("\ufffe", "")
    assert "".join(LINK.split()) in flat
