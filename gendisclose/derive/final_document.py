"""部门决算公开 (spec §11) as a :class:`~gendisclose.document.Document`: the same Document type
the budget kind gives, rendered by the same renderers.

Structure (spec §11.1): cover and 目录 as the budget kind has them (seed 003's extraction lost
both), 第一部分 概况 (the shared 概况文字 sheet, verbatim), 第二部分 {Y}年部门决算表 (J01–J10 one
a page, the wide ones landscape, each under its ``一、收入支出决算总表`` heading), 第三部分 情况说明,
第四部分 名词解释, 第五部分 附件. The text of parts 3–5 comes from
:mod:`gendisclose.derive.final_text` (:func:`_text_parts`, the one place that calls it).

Seed 003 prints its pages' numbers as ``-5-`` and a running header
``{dept}{Y}年部门决算公开报告``, which is also the title and the file name. A bureau's profile
(written for its budget disclosure) gives the page look; its wording is the budget's and is not
used here.
"""

from __future__ import annotations

from dataclasses import replace

from ..document import Block, Document, Heading, PageBreak, PageStyle
from ..model import DocumentKind
from ..model_final import FinalDepartment
from ..pipeline import safe_file_stem
from ..profile import Profile
from .final_tables import FinalTables, derive_final_tables
from .text import text_blocks

#: The 决算 kind's fixed texts (spec §11.1); ``{dept}``/``{year}`` filled per document.
STANDARD = {
    "title": "{dept}{year}年部门决算公开报告",
    "cover": ("{dept}", "{year}年部门决算公开报告"),
    "toc_heading": "目 录",
    "part1": "第一部分 概况",
    "part1_duties": "一、本部门（单位）职责",
    "part1_organisation": "二、机构设置情况",
    "part2": "第二部分 {year}年部门决算表",
    "part3": "第三部分 情况说明",
    "part4": "第四部分 名词解释",
    "part5": "第五部分 附件",
    "page_number": "-{n}-",
}


def _fill(text: str, department: FinalDepartment) -> str:
    return text.format(dept=department.info.name, year=department.info.year)


def _part1(department: FinalDepartment) -> list[Block]:
    info = department.info
    return [
        Heading(STANDARD["part1"], 1),
        Heading(STANDARD["part1_duties"], 2),
        *text_blocks(info.duties, heading_level=3),
        Heading(STANDARD["part1_organisation"], 2),
        *text_blocks(info.organisation, heading_level=3),
    ]


def _part2(department: FinalDepartment, tables: FinalTables) -> list[Block]:
    """J01 … J10, one a page, each under its section heading (``一、收入支出决算总表``), which is
    the table's 目录 entry (level 2) and printed on the table's own page."""
    blocks: list[Block] = [Heading(_fill(STANDARD["part2"], department), 1)]
    for i, table in enumerate(tables.tables):
        if i:
            blocks.append(PageBreak())
        blocks.append(replace(table, heading=table.toc_title, toc_title=None))
    return blocks


def _text_parts(department: FinalDepartment, tables: FinalTables,
                profile: Profile | None) -> tuple[list[Block], list[Block], list[Block]]:
    """第三部分 (without its part heading), 第四部分 and 第五部分 from :mod:`.final_text`."""
    from .final_text import final_attachment_blocks, final_explanation_blocks, final_glossary_blocks

    return (final_explanation_blocks(department, tables, profile), final_glossary_blocks(profile),
            final_attachment_blocks(department, profile))


def _under(heading: str, blocks: list[Block]) -> list[Block]:
    """``blocks`` under the part heading (unless they open with a part heading of their own)."""
    if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1:
        return list(blocks)
    return [Heading(heading, 1), *blocks]


def final_page(department: FinalDepartment, profile: Profile | None) -> PageStyle:
    """The page look: a bureau profile's, else the seeds' (``-5-``), with the 决算 running header."""
    page = profile.page() if profile is not None and profile.source is not None else \
        PageStyle(page_number=STANDARD["page_number"])
    return replace(page, running_header=_fill(STANDARD["title"], department))


def final_accounts_document(department: FinalDepartment, profile: Profile | None = None) -> Document:
    """部门决算公开 (spec §11): cover, 目录, 第一部分 … 第五部分."""
    tables = derive_final_tables(department)
    wording = profile if profile is not None and profile.kind == "final" else None
    part3, part4, part5 = _text_parts(department, tables, wording)
    parts = [
        _part1(department),
        _part2(department, tables),
        _under(STANDARD["part3"], part3),
        _under(STANDARD["part4"], part4),
        _under(STANDARD["part5"], part5),
    ]
    blocks: list[Block] = []
    for part in parts:
        if blocks:
            blocks.append(PageBreak())
        blocks += part
    title = _fill(STANDARD["title"], department)
    return Document(
        kind=DocumentKind.FINAL_ACCOUNTS,
        cover=tuple(_fill(line, department) for line in STANDARD["cover"]),
        file_stem=safe_file_stem(title),
        blocks=tuple(blocks),
        toc_heading=STANDARD["toc_heading"],
        metadata={"title": title, "year": str(department.info.year)},
        page=final_page(department, profile),
    )
