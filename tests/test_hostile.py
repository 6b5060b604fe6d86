"""Hostile content: what a user types is text, never code, markup, a URL to fetch or a path.

Template syntax (jinja2 and Typst), HTML/CSS, ``file:`` URLs, very long strings, RTL overrides
and tabs typed into department names, project names, indicators and reasons come out literally
in the HTML, the DOCX and the PDF; nothing is evaluated, nothing is fetched, no file is opened
(``builtins.open``/``io.open``/``os.open`` are watched; the Typst compiler runs in an empty root
and reads no file, see tests/test_render.py). XML-invalid
control characters are refused at read time with their cell. Output file names never
carry a path out of the output folder.
"""

from __future__ import annotations

import builtins
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from bad_inputs import base_bytes
from bad_inputs.base import sheet_member
from builders import DepartmentBuilder
from typer.testing import CliRunner

from gendisclose.cli import app
from gendisclose.model import Reasons
from gendisclose.pipeline import derive_document, safe_file_stem
from gendisclose.workbook.reader import read_workbook
from gendisclose.workbook.schema import INFO
from gendisclose.workbook.template import template_bytes

TEMPLATE_EXPR = "{{ 7*7 }}"
DISTINCT_EXPR = "{{ 123456*2 }}"  # evaluated it would print 246912
LOOP = "{% for x in range(3) %}循环{% endfor %}"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=file:///etc/passwd>"
STYLE = '<p style="background:url(file:///etc/passwd)">样式</p>'
RTL = "\u202e反向文字RTL"
TAB = "前\t后"
LONG = "长" * 10_000
TYPST = '#read("/etc/passwd") #import "@preview/cetz:0.3.0" $x^2$ *粗* _斜_ <标签> @引用 // 注释 \\ `代码`'

NAME = f"测试局{TEMPLATE_EXPR}{SCRIPT}"
PROJECT = f"项目{DISTINCT_EXPR}{LOOP}{IMG}{RTL}"
INCOME_REASON = f"原因{STYLE}{TEMPLATE_EXPR}{TAB}{TYPST}"
LITERALS = (TEMPLATE_EXPR, DISTINCT_EXPR, LOOP, SCRIPT, IMG, STYLE, RTL, TYPST)


def hostile_department():
    return (
        DepartmentBuilder(name=NAME)
        .basic("2010301", general="1765100.00")
        .economic("30101", "1765100.00")
        .project(PROJECT, "2010302", general="130000.00")
        .indicator(PROJECT, "数量指标", f"指标{SCRIPT}", f"{TEMPLATE_EXPR}个")
        .prior_year(income_total="1000000", expenditure_total="1000000", general_current="1000000")
        .with_(reasons=Reasons(income=INCOME_REASON, expenditure=LONG))
        .build()
    )


class OpenWatch:
    """Records every path opened through Python while active."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real_open, real_os_open = builtins.open, os.open

        def watched_open(file, *args, **kwargs):  # noqa: ANN001
            self.paths.append(str(file))
            return real_open(file, *args, **kwargs)

        def watched_os_open(path, *args, **kwargs):  # noqa: ANN001
            self.paths.append(str(path))
            return real_os_open(path, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", watched_open)
        monkeypatch.setattr(io, "open", watched_open)
        monkeypatch.setattr(os, "open", watched_os_open)

    def assert_never(self, needle: str) -> None:
        assert not [p for p in self.paths if needle in p], self.paths


@pytest.fixture(scope="module")
def document():
    return derive_document(hostile_department())


@pytest.fixture(scope="module")
def rendered(document):
    """HTML, DOCX and PDF of the hostile department, with every file opened through Python recorded."""
    from gendisclose.render import pdf as pdf_module
    from gendisclose.render.docx import render_docx
    from gendisclose.render.html import render_html

    mp = pytest.MonkeyPatch()
    watch = OpenWatch(mp)
    try:
        html = render_html(document)
        docx = render_docx(document)
        pdf = pdf_module.render_pdf(document)
    finally:
        mp.undo()
    return {"html": html, "docx": docx, "pdf": pdf, "opened": watch.paths}


def _squash(text: str) -> str:
    return re.sub(r"[\s\u200b]+", "", text)


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


# ---------------------------------------------------------------- literal text


def test_html_escapes_markup_and_never_evaluates_templates(rendered):
    html = rendered["html"]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=file" not in html and "&lt;img src=file:///etc/passwd&gt;" in html
    assert 'style="background:url(file' not in html
    assert TEMPLATE_EXPR in html and DISTINCT_EXPR in html and LOOP in html
    assert "246912" not in html and "循环循环" not in html
    assert RTL in html
    assert LONG in html


def test_docx_holds_the_text_literally(rendered):
    text = _docx_text(rendered["docx"])
    for literal in LITERALS:
        assert literal in text, literal
    assert LONG in text and TAB in text
    assert "246912" not in text and "循环循环" not in text
    with zipfile.ZipFile(io.BytesIO(rendered["docx"])) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    assert b"<script>" not in xml and b"file:///etc/passwd" in xml  # only as escaped text
    assert b"&lt;script&gt;" in xml


def test_pdf_holds_the_text_literally(rendered):
    text = _squash(_pdf_text(rendered["pdf"]))
    for literal in (TEMPLATE_EXPR, DISTINCT_EXPR, LOOP, SCRIPT, IMG, STYLE, TYPST):
        assert _squash(literal) in text, literal
    assert "root:" not in text  # /etc/passwd was never read
    # U+202E is honoured as a bidi override: drawn (and extracted) right to left, as in Word
    assert "反向文字RTL" in text or "LTR字文向反" in text
    assert text.count("长") >= len(LONG)
    assert "246912" not in text and "循环循环" not in text


def test_nothing_is_opened(rendered):
    assert not [p for p in rendered["opened"] if "passwd" in p or "environ" in p], rendered["opened"]
    assert not [p for p in rendered["opened"] if str(p).startswith(("http:", "https:", "file:"))]


# ---------------------------------------------------------------- control characters at read time


def _with_text(data: bytes, sheet: str, old: str, new: bytes) -> bytes:
    """The workbook with ``old`` (a text of ``sheet``) replaced by raw XML ``new``."""
    member = sheet_member(data, sheet)
    escaped = "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in old).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == member:
                assert escaped in body
                body = body.replace(escaped, new, 1)
            dst.writestr(info.filename, body)
    return out.getvalue()


@pytest.mark.parametrize(
    "raw",
    [b"&#27979;&#35797;_x0001_&#23616;", b"&#27979;&#35797;_x000B_&#23616;", b"&#27979;_x001F_&#23616;"],
    ids=["x01", "x0b", "x1f"],
)
def test_xml_invalid_control_character_is_refused_with_its_cell(tmp_path, raw):
    """Excel stores a control character typed or pasted into a cell as ``_x0001_``."""
    dept = DepartmentBuilder(name="测试局").basic("2010301", general="1").economic("30101", "1").build()
    path = tmp_path / "ctl.xlsx"
    path.write_bytes(_with_text(template_bytes(dept), INFO.name, "测试局", raw))
    department, issues = read_workbook(path)
    cell = f"{INFO.name}!B{INFO.row_of('name')}"
    hits = [i for i in issues if i.is_error and i.location and i.location.cell == cell]
    assert hits and "控制字符" in hits[0].message, [str(i) for i in issues]


@pytest.mark.parametrize("raw", [b"&#128512;", b"&#983040;"], ids=["emoji", "private-use"])
def test_a_character_the_pdf_cannot_draw_is_refused_with_its_cell(tmp_path, raw):
    """An emoji or a character outside the packaged faces would print as an empty box (tofu)."""
    dept = DepartmentBuilder(name="测试局").basic("2010301", general="1").economic("30101", "1").build()
    path = tmp_path / "tofu.xlsx"
    path.write_bytes(_with_text(template_bytes(dept), INFO.name, "测试局", "测试局".encode() + raw))
    department, issues = read_workbook(path)
    cell = f"{INFO.name}!B{INFO.row_of('name')}"
    hits = [i for i in issues if i.is_error and i.location and i.location.cell == cell]
    assert hits and "字体无法显示的字符" in hits[0].message and "U+" in hits[0].message, [str(i) for i in issues]


def test_raw_control_character_in_xml_is_a_corrupt_file_not_a_crash(tmp_path):
    path = tmp_path / "raw.xlsx"
    path.write_bytes(_with_text(base_bytes(), INFO.name, "测试县测试局", b"&#1;"))
    department, issues = read_workbook(path)
    assert department is None and issues and issues[0].is_error


def test_tab_and_newline_are_kept(tmp_path):
    path = tmp_path / "tab.xlsx"
    path.write_bytes(_with_text(base_bytes(), INFO.name, "测试县测试局", b"&#27979;\t&#23616;"))
    department, issues = read_workbook(path)
    assert department is not None and department.info.name == "测\t局", [str(i) for i in issues]


# ---------------------------------------------------------------- file names


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\windows\\win.ini",
        'a/b\\c:d*e?f"g<h>i|j',
        "..",
        "/",
        ".hidden",
        "名\x00字",
    ],
)
def test_file_stem_has_no_path_in_it(name):
    stem = safe_file_stem(name)
    assert stem and "/" not in stem and "\\" not in stem and ".." not in stem and "\x00" not in stem
    assert not stem.startswith(".")
    assert Path(stem).name == stem


@pytest.mark.parametrize(
    # the longest name the reader accepts (MAX_NAME, 60 characters: 180 bytes, with the year and
    # 部门预算公开 over the 200-byte file-name budget); a longer one is refused at its cell
    "name", ["../../逃逸/..\\局", ("很长的部门名称" * 9)[:60]], ids=["path", "60-chinese-characters"]
)
def test_build_with_a_hostile_department_name_stays_in_the_output_folder(tmp_path, monkeypatch, name):
    dept = (
        DepartmentBuilder(name=name)
        .basic("2010301", general="100.00")
        .economic("30101", "100.00")
        .prior_year(income_total="1", expenditure_total="1", general_current="1", agency_operating="1")
        .build()
    )
    source = tmp_path / "in.xlsx"
    source.write_bytes(template_bytes(dept))
    out = tmp_path / "deep" / "out"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", str(source), "-o", str(out), "--format", "html"])
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != source]
    assert written, result.output
    for p in written:
        assert out.resolve() in p.resolve().parents, p
    htmls = [p for p in written if p.suffix == ".html"]
    assert len(htmls) == 1 and htmls[0].parent == out
    assert "/" not in htmls[0].name and "\\" not in htmls[0].name and ".." not in htmls[0].name
    assert len(htmls[0].name.encode()) <= 255
    assert not (tmp_path / "逃逸").exists()
