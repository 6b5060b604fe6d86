"""Bounded memory for large departments (issue 12, Scale): the rendering plan, the same bytes on
the memory-saving path, and the early refusal of a document too large to lay out.

The memory figures themselves are measured by ``benchmarks/memory.py``, never asserted here.
"""

from pathlib import Path

import pytest

from gendisclose.pipeline import build_workbook, check_workbook, derive_document, render_formats, renderer
from gendisclose.render import concurrent
from gendisclose.render.docx import render_docx
from gendisclose.render.pdf import render_pdf

SAMPLE = Path(__file__).resolve().parent.parent / "sample_inputs" / "synthetic-multi-unit-2026.xlsx"


@pytest.fixture(scope="module")
def document():
    checked = check_workbook(SAMPLE)
    assert checked.ok, [str(i) for i in checked.issues if i.is_error]
    return derive_document(checked.department)


def test_a_usual_department_keeps_the_overlap(document):
    cells = concurrent.table_cells(document)
    assert 0 < cells <= concurrent.OVERLAP_MAX_CELLS
    side, here, large = concurrent.render_plan(document, ("docx", "pdf"))
    assert not large
    if concurrent.overlap_helps():
        assert (side, here) == ("pdf", ["docx"])
    else:
        assert (side, here) == (None, ["docx", "pdf"])


def test_a_large_department_renders_one_format_after_the_other(document, monkeypatch):
    monkeypatch.setattr(concurrent, "OVERLAP_MAX_CELLS", concurrent.table_cells(document) - 1)
    assert concurrent.render_plan(document, ("pdf", "html")) == (None, ["html", "pdf"], True)
    # with a DOCX the PDF comes first: the DOCX's 目录 takes its page numbers from its layout
    assert concurrent.render_plan(document, ("docx", "pdf")) == (None, ["pdf", "docx"], True)
    assert concurrent.render_plan(document, ("html", "docx", "pdf")) == (None, ["pdf", "html", "docx"], True)
    assert concurrent.render_plan(document, ("pdf",)) == (None, ["pdf"], True)


def test_the_memory_saving_path_gives_the_same_bytes(document, monkeypatch):
    from gendisclose.pipeline import Timings

    calls: list[str] = []
    monkeypatch.setattr(concurrent, "OVERLAP_MAX_CELLS", 0)
    real_release, real_after = concurrent.release_before_next, concurrent.release_after_large
    monkeypatch.setattr(concurrent, "release_before_next", lambda: (calls.append("before"), real_release()))
    monkeypatch.setattr(concurrent, "release_after_large", lambda: (calls.append("after"), real_after()))
    timings = Timings()
    rendered = render_formats(document, ("docx", "pdf", "html"), timings)
    assert list(rendered) == ["docx", "pdf", "html"]  # the order asked, whatever the order rendered
    assert rendered["pdf"] == render_pdf(document)  # also after Typst's memo cache was dropped
    assert rendered["docx"] == renderer("docx")(document)
    # the PDF first (the DOCX's 目录 takes its page numbers), Typst's cache dropped after it
    assert calls == ["after", "before"]
    assert "排版 PDF（并行）" not in timings.stages
    assert list(timings.stages) == ["排版 PDF", "排版 DOCX", "排版 HTML"]


def test_a_large_docx_alone_lays_out_the_page_numbers_before_the_docx(document, monkeypatch):
    from gendisclose.pipeline import Timings

    monkeypatch.setattr(concurrent, "OVERLAP_MAX_CELLS", 0)
    timings = Timings()
    rendered = render_formats(document, ("docx",), timings)
    assert list(timings.stages) == ["排版 目录页码", "排版 DOCX"]
    assert rendered["docx"] == renderer("docx")(document) != render_docx(document)  # numbers in the 目录


def test_a_document_too_large_to_lay_out_is_refused_before_rendering(tmp_path, monkeypatch, document):
    from gendisclose import pipeline

    cells = concurrent.table_cells(document)
    monkeypatch.setattr(concurrent, "MAX_TABLE_CELLS", cells - 1)

    def no_render(*_args, **_kwargs):  # noqa: ANN202
        raise AssertionError("rendered although too large")

    monkeypatch.setattr(pipeline, "render_formats", no_render)
    out = tmp_path / "out"
    built = build_workbook(SAMPLE, out, ("docx", "pdf"))
    assert not built.checked.ok and built.outputs == []
    assert not out.exists()
    [issue] = [i for i in built.checked.issues if i.is_error]
    assert issue.code == "document.too_large"
    assert issue.location is not None and issue.location.sheet == "项目"
    assert f"{cells:,} 个单元格" in issue.message and "8 个项目" in issue.message
    assert "内存" in issue.message and "重复的行" in issue.message


def test_the_limit_is_far_above_a_large_real_department(document):
    # ≈ 1,800 projects like the benchmark's; the shipped samples are 50× below it, and a build
    # of the largest accepted document stays under the 400 MB of issue 12
    assert concurrent.MAX_TABLE_CELLS >= 50 * concurrent.table_cells(document)
    assert concurrent.estimated_peak_mb(concurrent.MAX_TABLE_CELLS) < 400


def test_json_text_and_dict_payloads_compile_alike(document):
    from gendisclose.render.charts import CHART_TEMPLATE
    from gendisclose.render.pdf import TEMPLATE, payload
    from gendisclose.render.typeset import PDF_STANDARDS, compile_typst, template_source, to_json

    source = template_source(CHART_TEMPLATE, TEMPLATE)
    data = payload(document)
    # the document PDF declares PDF/A-2b + PDF/UA-1 (issue 16)
    assert (compile_typst(source, to_json(data), pdf_standards=PDF_STANDARDS)
            == compile_typst(source, data, pdf_standards=PDF_STANDARDS) == render_pdf(document))


def test_validate_tells_of_a_document_too_large_to_build(monkeypatch, document):
    """Every problem at once: a workbook validate passes is not then refused by build for its
    size (validate derives the document only for a workbook of many rows)."""
    from gendisclose import pipeline

    assert not any(i.code == "document.too_large" for i in check_workbook(SAMPLE).issues)
    monkeypatch.setattr(concurrent, "MAX_TABLE_CELLS", concurrent.table_cells(document) - 1)
    assert not any(i.code == "document.too_large" for i in check_workbook(SAMPLE).issues)  # few rows
    monkeypatch.setattr(pipeline, "SIZE_CHECK_ROWS", 0)
    checked = check_workbook(SAMPLE)
    assert not checked.ok
    assert [i.code for i in checked.issues if i.is_error] == ["document.too_large"]
