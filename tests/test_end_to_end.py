"""The whole pipeline on a shipped sample: workbook in, PDF and DOCX out, every text in order.

The synthetic sample uses every feature (three units, all funding sources, 上年结转, 三公,
performance tables), so this is the closest test to what a department gets.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from gendisclose.document import Heading, Paragraph, Table
from gendisclose.pipeline import build_workbook, check_workbook, derive_document

SAMPLE = Path(__file__).resolve().parent.parent / "sample_inputs" / "synthetic-multi-unit-2026.xlsx"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = build_workbook(SAMPLE, out, ("docx", "pdf"))
    assert result.checked.ok, [str(i) for i in result.checked.issues]
    document = derive_document(result.checked.department)
    files = {p.suffix: p for p in result.outputs}
    return document, files


def expected_texts(document) -> list[str]:
    """Headings, paragraphs and table titles, in document order."""
    texts = []
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            texts.append(block.text)
        elif isinstance(block, Table):
            texts.append(block.title)
    return [t for t in texts if squash(t)]


def pdf_text(path: Path) -> str:
    """All page texts, whitespace and the ``- N -`` page footers removed (a paragraph that
    crosses a page break would otherwise have the footer in its middle)."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "".join(re.sub(r"-\d{1,3}-", "", squash(page.extract_text())) for page in reader.pages)


def assert_in_order(haystack: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(squash(needle), position)
        assert found >= 0, f"missing or out of order: {needle[:60]}"
        position = found + len(squash(needle))


def test_outputs_are_named_after_department_and_year(built):
    document, files = built
    assert set(files) == {".pdf", ".docx"}
    assert files[".pdf"].name == "泽川县住房和城乡建设局2026年度部门预算公开.pdf"


def test_pdf_contains_every_heading_paragraph_and_table_title_in_order(built):
    document, files = built
    text = pdf_text(files[".pdf"])
    # skip the cover and the 目录: the body starts at 第一部分
    body = text[text.index(squash("第一部分 概况"), text.index(squash("第四部分 名词解释")) + 1):]
    assert_in_order(body, expected_texts(document)[expected_texts(document).index("第一部分 概况"):])
    for n in range(1, 14):
        assert f"预算公开表{n}" in text or (n == 9 and "部门公开表9" in text)


def test_docx_contains_every_heading_paragraph_and_table_title_in_order(built):
    import docx
    from docx.oxml.ns import qn

    document, files = built
    body = docx.Document(io.BytesIO(files[".docx"].read_bytes())).element.body
    text = squash("".join(t.text or "" for t in body.iter(qn("w:t"))))
    # the 目录 (a pre-filled TOC field) lists the headings first: check the body after it
    body_text = text[text.index(squash("第四部分 名词解释")) + len(squash("第四部分 名词解释")):]
    needles = expected_texts(document)
    assert_in_order(body_text, needles[needles.index("第一部分 概况"):])


def test_docx_toc_is_prefilled_with_every_entry(built):
    """The TOC field's cached result lists every 目录 entry, so it reads right before an update."""
    import docx
    from docx.oxml.ns import qn

    document, files = built
    d = docx.Document(io.BytesIO(files[".docx"].read_bytes()))
    toc = [p.text for p in d.paragraphs if p.style.name.lower() in {"toc 1", "toc 2", "toc 3"}]
    assert [entry.rpartition("\t")[0] for entry in toc] == [text for _, text, _ in document.toc_entries()]
    # each entry with its page in the PDF's layout, as the PDF's 目录 prints it
    pages = pypdf.PdfReader(io.BytesIO(files[".pdf"].read_bytes())).pages[1:3]  # the 目录: a page or two
    pdf_toc = "\n".join(page.extract_text() for page in pages)
    printed = [int(n) for n in re.findall(r"(\d+)\s*$", pdf_toc.replace("\u200b", ""), re.M)]
    numbers = [int(entry.rpartition("\t")[2]) for entry in toc]
    assert numbers == printed[:len(numbers)] and numbers == sorted(numbers) and numbers[0] == 1
    instructions = [t.text for t in d.element.body.iter(qn("w:instrText")) if "TOC" in (t.text or "")]
    assert len(instructions) == 1


def test_table_figures_reach_the_pdf(built):
    """A few derived figures of T1 and T12, exactly as the tables show them."""
    document, files = built
    text = pdf_text(files[".pdf"])
    t1 = next(b for b in document.blocks if isinstance(b, Table) and b.key == "T1")
    amounts = [c.text for row in t1.body for c in row if re.fullmatch(r"\d+\.\d\d", c.text)]
    assert amounts and all(a in text for a in amounts)


def test_a_build_with_errors_writes_nothing(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    out = tmp_path / "out"
    result = build_workbook(bad, out, ("docx", "pdf"))
    assert not result.checked.ok and result.outputs == []
    assert not out.exists() or not any(out.iterdir())
    assert check_workbook(bad).issues[0].is_error


def test_built_outputs_equal_a_sequential_render(built):
    """build_workbook lays the PDF out on a second thread (render.concurrent): same bytes."""
    from gendisclose.pipeline import Timings, render_formats, renderer
    from gendisclose.render.concurrent import overlap_helps
    from gendisclose.render.pdf import render_pdf

    document, files = built
    assert files[".docx"].read_bytes() == renderer("docx")(document)
    assert files[".pdf"].read_bytes() == render_pdf(document)
    timings = Timings()
    rendered = render_formats(document, ("docx", "pdf"), timings)
    assert rendered["pdf"] == files[".pdf"].read_bytes()
    if overlap_helps():  # on a 2-core machine (CI) the threaded path is the one used
        assert "排版 PDF（并行）" in timings.stages


def test_a_failing_renderer_fails_the_build_on_either_thread(built, monkeypatch):
    from gendisclose import pipeline

    document, _ = built
    real = pipeline.renderer

    for broken in ("pdf", "docx"):
        def renderer(fmt, broken=broken):  # noqa: ANN001, ANN202
            if fmt == broken:
                def fail(_document):  # noqa: ANN001, ANN202
                    raise RuntimeError(f"{broken} broke")
                return fail
            return real(fmt)

        monkeypatch.setattr(pipeline, "renderer", renderer)
        with pytest.raises(RuntimeError, match=f"{broken} broke"):
            pipeline.render_formats(document, ("docx", "pdf"))
