"""A large document's PDF laid out in parts of bounded size and joined (issue 12: memory).

Typst keeps a whole document's layout, and its memo of how it got there, until the PDF is
written: ≈ 10 KB a table cell, so a 300-project department needed ≈ 380 MB above the program,
and the largest document a build accepts (180,000 cells) several GB. Above :data:`SPLIT_ABOVE`
cells the body is cut into parts of about :data:`PART_CELLS` cells at block boundaries (never
after a heading: it stays with what it heads), each part laid out on its own with its page
counter continuing the previous part's, its Typst memo dropped before the next (peak: one part,
whatever the number of parts), then the front (cover and 目录) with the page numbers the parts
found. :mod:`.pdf_merge` joins them into one tagged PDF/A as each part is laid out.

What differs from one layout of the whole: a part starts a new page (the project performance
tables otherwise follow each other on the page: a part break leaves the rest of one page empty,
once every ≈ 25 projects), and a table larger than a part (the 项目支出 table of 1,000 projects)
goes on in pieces, each on a new page under its repeated header rows (:func:`table_pieces`);
nothing else: the same text, bookmarks and structure (tests/test_pdf_parts.py). With mirrored margins (a profile's ``mirror``) a part
whose first page would fall on a left-hand page is laid out after one blank page that the join
leaves out, so every page keeps the margins of its side (Typst sides pages by their place in
the file).
"""

from __future__ import annotations

from io import BytesIO

import pikepdf

from .pdf_merge import Target, Writer
from .typeset import PDF_STANDARDS, compile_and_eval, forget_compiles, release_memory, to_json

#: Documents with more table cells (:func:`.concurrent.table_cells`) than this are laid out in
#: parts (every sample has fewer:
#: the largest, 25 projects, 3,600). Equal to the cells above which the formats are rendered
#: one after the other (:data:`gendisclose.render.concurrent.OVERLAP_MAX_CELLS`).
SPLIT_ABOVE = 10_000

#: The table cells a part holds, about (a part ends at the first block boundary past this, or past
#: half of it where a page starts anyway): ≈ 25 projects. Measured (1,000 projects, PDF alone): 6,000
#: cells peaked at 351 MB, 3,000 at 315, 1,500 at 296 (what stays is the program, the fonts,
#: the joined file so far), in the same time.
PART_CELLS = 3_000


#: What a body part declares: PDF/A-2b. Not PDF/UA-1 on its own: Typst refuses a PDF/UA file whose
#: first heading is not of level 1, which a part beginning inside 第三部分 is. The parts are tagged
#: all the same (Typst tags every PDF: the same structure as one layout gives); the joined file
#: declares PDF/UA-1 (the front part's metadata, laid out as PDF/UA-1), and that rule is checked on
#: the whole heading sequence instead (:func:`check_first_heading`).
BODY_STANDARDS = tuple(s for s in PDF_STANDARDS if not s.startswith("ua"))


def check_first_heading(levels: list[int]) -> None:
    """PDF/UA-1 as Typst checks it on one file: the document's first heading is of level 1."""
    if levels and levels[0] != 1:
        raise ValueError(f"PDF/UA-1: the first heading is of level {levels[0]}, not 1")


def block_cells(block: dict) -> int:
    if block["kind"] != "table":
        return 0
    return sum(len(row) for row in (*block["header"], *block["body"]))


def table_pieces(block: dict, limit: int) -> list[dict]:
    """A table of more than ``limit`` cells as pieces of about ``limit`` cells each (Typst holds a
    table whole while it lays it out: the 项目支出 table of 1,700 projects alone would need
    ≈ 170 MB); each later piece is ``continued`` (the template sets it on a new page with the
    header rows repeated, without title, caption or bookmark), the notes come after the last. A
    piece ends only between rows no row-spanning cell joins. Other blocks: as they are."""
    if block["kind"] != "table" or block_cells(block) <= limit:
        return [block]
    head = sum(len(row) for row in block["header"])
    body = block["body"]
    pieces: list[list] = []
    start, count, reach = 0, head, 0
    for i, row in enumerate(body):
        if i > start and reach <= i and count >= limit:
            pieces.append(body[start:i])
            start, count = i, head
        count += len(row)
        reach = max([reach, *(i + cell[2] for cell in row)])
    pieces.append(body[start:])
    if len(pieces) == 1:
        return [block]
    out = [block | {"body": pieces[0], "notes": []}]
    for k, rows in enumerate(pieces[1:], start=2):
        out.append(block | {"id": f"{block['id']}-{k}", "continued": True, "page_start": True, "body": rows,
                            "bookmark": None, "heading": None, "notes": block["notes"] if k == len(pieces) else []})
    return out


def split_groups(groups: list[dict], limit: int | None = None) -> list[list[dict]]:
    """The payload's groups cut into parts of about ``limit`` table cells: a part ends before a
    block once it holds ``limit`` cells, or half of that where the block starts a page anyway
    (a change of orientation, a page break); never right after a heading; a larger table in
    pieces (:func:`table_pieces`), each later piece starting a part. ``limit``: by default
    :data:`PART_CELLS`."""
    limit = PART_CELLS if limit is None else limit
    parts: list[list[dict]] = [[]]
    cells = 0
    last_kind = None
    for group in groups:
        current = None
        blocks = [piece for block in group["blocks"] for piece in table_pieces(block, limit)]
        for i, block in enumerate(blocks):
            natural = i == 0 or block["page_start"]
            if parts[-1] and (block.get("continued") or last_kind != "heading" and (
                    cells >= limit or natural and cells >= limit // 2)):
                parts.append([])
                cells = 0
                current = None
            if current is None:
                current = {"wide": group["wide"], "blocks": []}
                parts[-1].append(current)
            current["blocks"].append(block)
            cells += block_cells(block)
            last_kind = block["kind"]
    return [p for p in parts if p]


def _ids(part: list[dict]) -> set[str]:
    return {b["id"] for g in part for b in g["blocks"]}


_LEVELS = "query(heading).filter(h => h.bookmarked == true).map(h => h.level)"


def _part_expression(targets: list[str]) -> str:
    """Typst: each target's page number and place, and the level of each of the part's
    bookmarks in order."""
    labels = ",".join(f'"{t}"' for t in targets)
    place = ("t => { let l = locate(label(t)); let p = l.position(); "
             "(n: counter(page).at(l).first(), page: p.page, x: p.x.pt(), y: p.y.pt()) }")
    places = f"({labels},).map({place})" if targets else "()"
    return f"(targets: {places}, levels: {_LEVELS})"


def lay_out_in_parts(source: bytes, data: dict, *, pdf: bool = True) -> tuple[bytes | None, dict[str, int]]:
    """(the joined PDF, or None when only the 目录's page numbers are wanted; the page number of
    each 目录 target). ``data``: the whole document's payload (:func:`.pdf.payload`); its groups
    are taken out of it (kept as each part's JSON text: a third of the dict's memory)."""
    base = {k: v for k, v in data.items() if k != "groups"}
    parts = [(_ids(part), to_json(part)) for part in split_groups(data.pop("groups"))]
    targets = [entry["target"] for entry in base["toc"]]
    mirror = bool(base["page"]["mirror"]) and pdf
    front_pages = _front_page_count(source, base, dict.fromkeys(targets, 0)) if mirror else 0
    for _ in range(3):
        writer = Writer() if pdf else None
        numbers: dict[str, int] = {}
        places: dict[str, Target] = {}
        levels: list[int] = []
        first = 1
        for k, (ids, groups) in enumerate(parts):
            lead = (front_pages + first - 1) % 2 if mirror else 0
            wanted = [t for t in targets if t in ids]
            rest = to_json(base | {"front": False, "first_page": first, "lead": lead, "toc": [], "cover": []})
            laid, info = compile_and_eval(source, '{"groups":' + groups + "," + rest[1:], _part_expression(wanted),
                                          BODY_STANDARDS)
            if writer is not None:
                indexes = writer.add_part(laid, levels=info["levels"], lead=lead, prefix=f"p{k + 1}-")
                for t, got in zip(wanted, info["targets"], strict=True):
                    places[t] = Target(indexes[got["page"] - 1 - lead], got["x"], got["y"], got["n"])
                first += len(indexes)
            else:
                first += _page_count(laid) - lead
            numbers.update({t: got["n"] for t, got in zip(wanted, info["targets"], strict=True)})
            levels += info["levels"]
            _release()
        check_first_heading(levels)
        if writer is None:
            return None, numbers
        laid, info = compile_and_eval(source, to_json(_front(base, numbers)), _part_expression([]), PDF_STANDARDS)
        writer.add_part(laid, levels=info["levels"], front=True, links=[places[t] for t in targets])
        if not mirror or len(writer.front_pages) == front_pages:
            _release()
            return writer.finish(), numbers
        front_pages = len(writer.front_pages)  # the real 目录 took another number of pages: again
    raise RuntimeError("the 目录's page count did not settle")


def _front(base: dict, numbers: dict[str, int]) -> dict:
    """The cover and 目录 part, its 目录 printing ``numbers``."""
    return base | {"groups": [], "toc": [e | {"page": numbers[e["target"]]} for e in base["toc"]]}


def _front_page_count(source: bytes, base: dict, numbers: dict[str, int]) -> int:
    """Pages of the cover and 目录 laid out with ``numbers`` (a first estimate, before the parts)."""
    laid, _ = compile_and_eval(source, to_json(_front(base, numbers)), "0", PDF_STANDARDS)
    return _page_count(laid)


def _page_count(laid: bytes) -> int:
    with pikepdf.Pdf.open(BytesIO(laid)) as pdf:
        return len(pdf.pages)


def _release() -> None:
    """Drop the part's layout from Typst's memo and hand the pages back before the next part."""
    forget_compiles()
    release_memory()
