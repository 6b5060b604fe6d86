"""``build --pdf-engine weasyprint``: the HTML edition printed by weasyprint, with the Typst PDF's
guarantees: the same text in the same order, the packaged fonts embedded as subsets, same bytes
every time, no URL fetched but the packaged fonts (user text is text; the fetcher refuses the rest).

The largest test document is the sample ``pinglu-approval-2026`` (≈ 45 pages, ≈ 4 s in weasyprint),
rendered once per module.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from hashlib import sha256
from pathlib import Path

import pypdf
import pytest
from test_batch import department
from typer.testing import CliRunner

from gendisclose.document import Cell, Document, Heading, Paragraph, Table
from gendisclose.model import DocumentKind
from gendisclose.pipeline import check_workbook, derive_document
from gendisclose.render import pdf as typst_pdf
from gendisclose.resources import font_path
from gendisclose.workbook.template import template_bytes

try:
    import weasyprint  # noqa: F401
except (ImportError, OSError) as exc:  # OSError: the package is there, its Pango library is not
    pytest.skip(f"weasyprint is not importable: {exc}", allow_module_level=True)
from gendisclose.render import pdf_weasyprint as wp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "pinglu-approval-2026.xlsx"
HOSTILE = (
    '<img src="file:///etc/passwd">',
    "url(file:///etc/passwd)",
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    "<style>@import url(data:text/css,x);</style>",
)
_WS = re.compile(r"[\s\u200b]+")  # line breaks, spaces and the Typst template's zero-width breaks
_FOOTER = re.compile(r"^- \d+ -$", re.M)


def squash(text: str) -> str:
    return _WS.sub("", text)


def pdf_text(data: bytes) -> str:
    """Every page's extracted text without running footers and whitespace."""
    return "".join(squash(_FOOTER.sub("", page.extract_text())) for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def reading_order(document) -> tuple[list[str], list[str]]:
    """(texts in reading order: cover, 目录 entries, headings, paragraphs, table titles and
    cells …; cells spanning rows, which each engine's text extraction places at another height)."""
    ordered: list[str] = [*document.cover, *(text for _, text, _ in document.toc_entries())]
    spanning: list[str] = []
    for block in document.blocks:
        if isinstance(block, Table):
            ordered.extend(t for t in (block.label, block.title, block.subtitle, *block.captions) if t)
            for row in block.header + block.body:
                for cell in row:
                    (spanning if cell.rowspan > 1 else ordered).append(cell.text)
            ordered.extend(block.notes)
        elif hasattr(block, "text"):
            ordered.append(block.text)
        elif hasattr(block, "caption"):
            ordered.append(block.caption)
    return [t for t in map(squash, ordered) if t], [t for t in map(squash, spanning) if t]


def positions(flat: str, texts: list[str]) -> list[int]:
    """Where each text is found, each after the previous one (-1: missing or out of order)."""
    found, pos = [], 0
    for text in texts:
        at = flat.find(text, pos)
        found.append(at)
        if at >= 0:
            pos = at + len(text)
    return found


@pytest.fixture(scope="module")
def sample():
    checked = check_workbook(SAMPLE)
    assert checked.ok, checked.issues
    return derive_document(checked.department)


@pytest.fixture(scope="module")
def weasy_pdf(sample) -> bytes:
    return wp.render_pdf(sample)


def small_document(extra: tuple = ()):
    """A two-page document (cover and 目录, one heading) with ``extra`` blocks at the end."""
    blocks = (Heading("第一部分 测试", 1), Paragraph("正文：部门预算公开测试。"), *extra)
    return Document(kind=DocumentKind.BUDGET, cover=("测试县财政局", "2026年度部门预算公开"), file_stem="测试",
                    blocks=blocks, metadata={"title": "测试县财政局2026年度部门预算公开"})


HOSTILE_BLOCKS = (
    Paragraph("用户输入：" + " ".join(HOSTILE)),
    Table(key="X", title="用户表格", header=((Cell("说明"),),), body=tuple((Cell(h),) for h in HOSTILE)),
)


# ---- text ----------------------------------------------------------------------------------


def test_text_in_order_matches_the_typst_pdf(sample, weasy_pdf) -> None:
    ordered, spanning = reading_order(sample)
    assert len(ordered) > 500
    texts = {"weasyprint": pdf_text(weasy_pdf), "typst": pdf_text(typst_pdf.render_pdf(sample))}
    for engine, flat in texts.items():
        found = positions(flat, ordered)
        missing = [t for t, at in zip(ordered, found, strict=True) if at < 0]
        assert not missing, f"{engine}: missing or out of order: {missing[:5]}"
        assert all(t in flat for t in spanning), engine


def test_pages_are_a4_with_landscape_pages_for_wide_tables(weasy_pdf) -> None:
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in pypdf.PdfReader(io.BytesIO(weasy_pdf)).pages}
    assert sizes == {(595, 842), (842, 595)}


# ---- fonts ---------------------------------------------------------------------------------


def embedded_fonts(data: bytes) -> dict[str, bytes]:
    """BaseFont → embedded font program of every font the pages use."""
    fonts: dict[str, bytes] = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            program = next((descriptor[k] for k in ("/FontFile3", "/FontFile2", "/FontFile") if k in descriptor), None)
            assert program is not None, f"{font['/BaseFont']} is not embedded"
            fonts[str(font["/BaseFont"])] = program.get_object().get_data()
    return fonts


def test_only_the_packaged_faces_are_embedded_as_subsets(weasy_pdf) -> None:
    fonts = embedded_fonts(weasy_pdf)
    assert {re.sub(r"^/[A-Z]{6}\+", "", name) for name in fonts} == {"GD-Noto-Serif-SC", "GD-Noto-Sans-SC"}
    full = {face: font_path(face).stat().st_size for face in ("serif", "sans")}
    for name, program in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+", name), name  # a subset tag
        assert len(program) < min(full.values()) / 20, (name, len(program))


# ---- determinism ---------------------------------------------------------------------------

_RENDER_IN_CHILD = """
import sys, hashlib
sys.path.insert(0, {tests!r})
from test_weasyprint import small_document, HOSTILE_BLOCKS
from gendisclose.render.pdf_weasyprint import render_pdf
print(hashlib.sha256(render_pdf(small_document(HOSTILE_BLOCKS))).hexdigest())
"""


def test_same_bytes_twice_and_in_another_process() -> None:
    document = small_document(HOSTILE_BLOCKS)
    first, second = wp.render_pdf(document), wp.render_pdf(document)
    assert first == second
    assert b"/CreationDate" not in first and b"/ModDate" not in first
    child = subprocess.run([sys.executable, "-c", _RENDER_IN_CHILD.format(tests=str(Path(__file__).parent))],
                           capture_output=True, text=True, check=True)
    assert child.stdout.strip() == sha256(first).hexdigest()


# ---- nothing fetched -----------------------------------------------------------------------


def test_user_text_is_printed_as_text_and_nothing_but_the_fonts_is_fetched() -> None:
    document = small_document(HOSTILE_BLOCKS)
    fetcher = wp.fetcher_for(document)
    flat = pdf_text(wp.render_pdf(document, fetcher))
    for text in HOSTILE:
        assert squash(text) in flat
    assert sorted(set(fetcher.requested)) == ["gendisclose-font:sans", "gendisclose-font:serif"]
    assert fetcher.refused == []


def test_the_fetcher_refuses_every_url_but_the_packaged_fonts_and_images(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.svg").write_bytes(b"<svg/>")
    (tmp_path / "disclosure.html.j2").write_text("template")
    monkeypatch.setattr(wp, "templates_dir", lambda: tmp_path)  # the packaged templates/ folder
    fetcher = wp.packaged_fetcher({"serif": b"font bytes"})
    assert fetcher.fetch("gendisclose-font:serif").read() == b"font bytes"
    image = fetcher.fetch("gendisclose-image:images/logo.svg")
    assert image.read() == b"<svg/>" and image.content_type == "image/svg+xml"
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://example.com/a.png",
                "data:text/plain,hello", "ftp://example.com/x", "gendisclose-font:../../etc/passwd",
                "gendisclose-font:sans", "gendisclose-image:../../../etc/passwd",
                "gendisclose-image:/etc/passwd", "gendisclose-image:disclosure.html.j2", "x.png"):
        with pytest.raises(wp.RefusedURL):
            fetcher.fetch(url)
        with pytest.raises(wp.RefusedURL):
            fetcher.open(url)
    assert len(fetcher.refused) == 22


def test_markup_that_asks_for_files_gets_nothing() -> None:
    """Even if user text were markup (it never is: it is escaped), the fetcher would refuse."""
    fetcher = wp.packaged_fetcher({})
    html = ('<html><head><link rel="stylesheet" href="file:///etc/passwd"></head><body>'
            '<img src="file:///etc/passwd"><div style="background: url(http://127.0.0.1:9/x)">x</div>'
            '<p style="background: url(data:image/png;base64,AAAA)">y</p></body></html>')
    data = wp.print_html(html, fetcher)
    assert set(fetcher.refused) == {"file:///etc/passwd", "http://127.0.0.1:9/x", "data:image/png;base64,AAAA"}
    assert b"/Image" not in data


# ---- the command ---------------------------------------------------------------------------


def test_build_with_the_weasyprint_engine(tmp_path: Path, monkeypatch) -> None:
    from gendisclose.cli import app

    runner = CliRunner()
    source = tmp_path / "财政局.xlsx"
    source.write_bytes(template_bytes(department("测试县财政局")))
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), "-o", str(out), "--format", "pdf",
                                 "--pdf-engine", "weasyprint"])
    assert result.exit_code == 0, result.output
    pdf = next(out.glob("*.pdf"))
    assert pypdf.PdfReader(pdf).metadata["/Producer"].startswith("WeasyPrint")
    manifest = json.loads(next(out.glob(".财政局.*.manifest.json")).read_text(encoding="utf-8"))
    assert manifest["formats"] == ["pdf:weasyprint"]
    # switching the engine is a change: the PDF is made again, by Typst
    typst = runner.invoke(app, ["build", str(source), "-o", str(out), "--format", "pdf"])
    assert typst.exit_code == 0 and "已生成" in typst.output
    assert "Typst" in pypdf.PdfReader(pdf).metadata["/Creator"]

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if gendisclose[weasyprint] were not installed
    missing = runner.invoke(app, ["build", str(source), "-o", str(tmp_path / "o2"), "--pdf-engine", "weasyprint"])
    assert missing.exit_code == 2 and 'pip install "gendisclose[weasyprint]"' in missing.output
    assert not (tmp_path / "o2").exists()
