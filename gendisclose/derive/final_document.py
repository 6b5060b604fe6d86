"""部门决算公开 (spec §11) as a :class:`~gendisclose.document.Document`: the same Document type
the budget kind gives, rendered by the same renderers.

Structure (spec §11.1): cover and 目录 as the budget kind has them (seed 003's extraction lost
both), 第一部分 概况 (the shared 概况文字 sheet, verbatim), 第二部分 {Y}年部门决算表 (J01–J10 one
a page, the wide ones landscape, each under its ``一、收入支出决算总表`` heading), 第三部分 情况说明,
第四部分 名词解释, 第五部分 附件, in the order of the 决算 profile's ``document.parts``. The text
of parts 3–5 comes from :mod:`gendisclose.derive.final_text` (:func:`_text_parts`, the one place
that calls it); every wording from the 决算 profile (``templates/final/headings.json``).

Seed 003 prints its pages' numbers as ``-5-`` and a running header
``{dept}{Y}年部门决算公开报告``, which is also the title and the file name. A bureau's budget
profile (``--profile`` of a mixed batch) gives the page look only: its wording is the budget's.
"""

from __future__ import annotations

from dataclasses import replace

from ..document import Block, Document, Heading, PageBreak, PageStyle
from ..model import DocumentKind
from ..model_final import FinalDepartment
from ..pipeline import safe_file_stem
from ..profile import Profile, default_profile, fill
from .final_tables import FinalTables, derive_final_tables
from .table_layout import chinese_number
from .text import text_blocks

KIND = "final"
#: the seed's page numbers (``-5-``) when no bureau profile gives the page look
SEED_PAGE_NUMBER = "-{n}-"


def _fields(department: FinalDepartment, number: int = 0) -> dict[str, object]:
    return {"dept": department.info.name, "year": department.info.year,
            "number": chinese_number(number) if number else ""}


def _part1(department: FinalDepartment, std: dict, number: int) -> list[Block]:
    info = department.info
    return [
        Heading(fill(std["part1"], **_fields(department, number)), 1),
        Heading(std["part1_duties"], 2),
        *text_blocks(info.duties, heading_level=3),
        Heading(std["part1_organisation"], 2),
        *text_blocks(info.organisation, heading_level=3),
    ]


def _part2(department: FinalDepartment, tables: FinalTables, std: dict, number: int) -> list[Block]:
    """J01 … J10, one a page, each under its section heading (``一、收入支出决算总表``), which is
    the table's 目录 entry (level 2) and printed on the table's own page."""
    blocks: list[Block] = [Heading(fill(std["part2"], **_fields(department, number)), 1)]
    for i, table in enumerate(tables.tables):
        if i:
            blocks.append(PageBreak())
        blocks.append(replace(table, heading=table.toc_title, toc_title=None))
    return blocks


def _text_parts(department: FinalDepartment, tables: FinalTables,
                profile: Profile) -> dict[str, list[Block]]:
    """第三部分, 第四部分 and 第五部分 (without their part headings) from :mod:`.final_text` and :mod:`.final_attachment`."""
    from .final_attachment import final_attachment_blocks
    from .final_text import final_explanation_blocks, final_glossary_blocks

    return {"情况说明": final_explanation_blocks(department, tables, profile),
            "名词解释": final_glossary_blocks(profile),
            "附件": final_attachment_blocks(department, profile)}


PART_KEYS = {"情况说明": "part3", "名词解释": "part4", "附件": "part5"}


def _wording(profile: Profile | None) -> Profile:
    """The 决算 profile: the one given when it is one, else the default."""
    return profile if profile is not None and profile.kind == KIND else default_profile(KIND)


def final_page(department: FinalDepartment, profile: Profile | None) -> PageStyle:
    """The page look: a bureau profile's, else the seeds' (``-5-``), with the 决算 running header."""
    wording = _wording(profile)
    fields = _fields(department)
    header = fill(wording.settings["document"]["running_header"], **fields)
    if profile is not None and profile.source is not None:
        return replace(profile.page(**fields), running_header=header)
    return replace(wording.page(**fields), page_number=SEED_PAGE_NUMBER, running_header=header)


def final_accounts_document(department: FinalDepartment, profile: Profile | None = None) -> Document:
    """部门决算公开 (spec §11): cover, 目录, 第一部分 … 第五部分."""
    wording = _wording(profile)
    std = wording.standard
    tables = derive_final_tables(department)
    texts = _text_parts(department, tables, wording)

    def part(name: str, number: int) -> list[Block]:
        if name == "概况":
            return _part1(department, std, number)
        if name == "决算报表":
            return _part2(department, tables, std, number)
        return [Heading(fill(std[PART_KEYS[name]], **_fields(department, number)), 1), *texts[name]]

    blocks: list[Block] = []
    for number, name in enumerate(wording.parts, start=1):
        if blocks:
            blocks.append(PageBreak())
        blocks += part(name, number)
    fields = _fields(department)
    title = fill(std["file_stem"], **fields)
    return Document(
        kind=DocumentKind.FINAL_ACCOUNTS,
        cover=tuple(fill(line, **fields) for line in std["cover"]),
        file_stem=safe_file_stem(title),
        blocks=tuple(blocks),
        toc_heading=std["toc_heading"] or None,
        metadata={"title": title, "year": str(department.info.year)},
        page=final_page(department, profile),
    )
