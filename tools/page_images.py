"""Make the small page images under docs/images/ that the README shows.

For each sample that builds (seed 002 is refused on purpose: its vehicles contradict), render
the PDF in memory and save a strip of pages as one small PNG: for a budget a table, a 第三部分
page and a performance-target table; for the 决算 sample J01 (two-sided, 行次), J06 (four
blocks, ────), J10 and the first 第三部分 page. Run: ``python tools/page_images.py``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gendisclose.derive.document import derive_document  # noqa: E402
from gendisclose.document import Table  # noqa: E402
from gendisclose.pipeline import check_workbook  # noqa: E402
from gendisclose.render.pdf import render_pdf  # noqa: E402

SAMPLES = ("pinglu-approval-2026", "pinglu-affairs-2026", "synthetic-multi-unit-2026",
           "shuocheng-approval-final-2023")


def _page_of(pdf: pdfium.PdfDocument, needle: str) -> int:
    """The last page whose text contains ``needle`` (the 目录 lists titles too, earlier)."""
    found = 0
    for i in range(len(pdf)):
        if needle in pdf[i].get_textpage().get_text_range().replace(" ", ""):
            found = i
    return found


def _needles(document) -> list[str]:  # noqa: ANN001
    """Texts that find the pages to show (a table's label is on its first page only)."""
    tables = {b.key: b for b in document.blocks if isinstance(b, Table)}
    if "J01" in tables:
        return [tables[k].label for k in ("J01", "J06", "J10")] + ["一、收入支出决算总体情况说明"]
    t3 = tables["T3"]
    perf = next((t for k, t in tables.items() if k.startswith("PERF_PROJECT")), None)
    return [t3.label or t3.title, "三、支出预算情况说明"] + ([perf.title] if perf else [])


def page_strip(sample: str, out: Path, height: int = 420) -> Path:
    checked = check_workbook(ROOT / "sample_inputs" / f"{sample}.xlsx")
    if not checked.ok:
        raise SystemExit(f"{sample}: has errors, cannot build")
    document = derive_document(checked.department)
    pdf = pdfium.PdfDocument(io.BytesIO(render_pdf(document)))
    needles = _needles(document)
    pages = []
    for needle in needles:
        page = pdf[_page_of(pdf, needle)]
        image = page.render(scale=height / page.get_size()[1]).to_pil()
        pages.append(image)
    strip = Image.new("RGB", (sum(p.width for p in pages) + 8 * (len(pages) - 1), height), "#bbbbbb")
    x = 0
    for p in pages:
        strip.paste(p, (x, 0))
        x += p.width + 8
    target = out / f"{sample}.png"
    strip.convert("P", palette=Image.Palette.ADAPTIVE, colors=64).save(target, optimize=True)
    return target


def main() -> None:
    out = ROOT / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLES:
        print("wrote", page_strip(sample, out))


if __name__ == "__main__":
    main()
