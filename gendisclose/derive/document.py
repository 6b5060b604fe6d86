"""The whole disclosure as a :class:`~gendisclose.document.Document`: what the pipeline renders.

:func:`derive_document` dispatches on the document kind. 部门预算公开 (spec §2) is assembled
here: cover, 目录 (from the Heading/Table blocks), 第一部分 概况, 第二部分 the 13 tables,
第三部分 (:func:`~gendisclose.derive.text.derive_part3`), 第四部分 名词解释 (standard text in
``templates/budget/glossary.txt``). 部门决算公开 is not built yet.

Builds are deterministic: no timestamps, the same model gives the same document.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ..document import Block, Document, Heading, PageBreak, Paragraph
from ..model import Department, DocumentKind
from ..pipeline import safe_file_stem
from ..resources import template_path
from .tables import BudgetTables, derive_tables
from .text import derive_part3, standard, text_blocks


@cache
def glossary_lines() -> tuple[str, ...]:
    """名词解释 (spec §10), one paragraph per line, verbatim (term 六 on two lines)."""
    text = template_path("budget", "glossary.txt").read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip())


def derive_part1(department: Department) -> list[Block]:
    """第一部分 概况: 一、本部门职责 and 二、机构设置情况, the department's text verbatim."""
    std = standard()
    info = department.info
    return [
        Heading(std["part1"], 1),
        Heading(std["part1_duties"], 2),
        *text_blocks(info.duties, heading_level=3),
        Heading(std["part1_organisation"], 2),
        *text_blocks(info.organisation, heading_level=3),
    ]


def derive_part2(department: Department, tables: BudgetTables) -> list[Block]:
    """第二部分 {Y}年部门预算报表: T1 … T13, one per page."""
    blocks: list[Block] = [Heading(standard()["part2"].format(year=department.info.year), 1)]
    for i, table in enumerate(tables.tables):
        if i:
            blocks.append(PageBreak())
        blocks.append(table)
    return blocks


def derive_part4() -> list[Block]:
    """第四部分 名词解释."""
    return [Heading(standard()["part4"], 1), *(Paragraph(line) for line in glossary_lines())]


def budget_document(department: Department) -> Document:
    """部门预算公开 (spec §2)."""
    std = standard()
    info = department.info
    fields = {"dept": info.name, "year": info.year}
    tables = derive_tables(department)
    blocks: list[Block] = [
        *derive_part1(department),
        PageBreak(),
        *derive_part2(department, tables),
        PageBreak(),
        Heading(std["part3"].format(**fields), 1),
        *derive_part3(department, tables),
    ]
    if not isinstance(blocks[-1], PageBreak):
        blocks.append(PageBreak())
    blocks += derive_part4()
    return Document(
        kind=DocumentKind.BUDGET,
        cover=tuple(line.format(**fields) for line in std["cover"]),
        file_stem=safe_file_stem(std["file_stem"].format(**fields)),
        blocks=tuple(blocks),
        toc_heading=std["toc_heading"],
        metadata={"title": std["file_stem"].format(**fields), "year": str(info.year)},
    )


def final_accounts_document(department: Department) -> Document:
    """部门决算公开 (spec §11): not built yet."""
    raise NotImplementedError(
        f"暂不支持生成部门决算公开（{department.info.name}{department.info.year}年度）：目前只能生成部门预算公开"
    )


BUILDERS: dict[DocumentKind, Callable[[Department], Document]] = {
    DocumentKind.BUDGET: budget_document,
    DocumentKind.FINAL_ACCOUNTS: final_accounts_document,
}


def derive_document(department: Department) -> Document:
    """Model → the whole disclosure (dispatch on :attr:`Department.kind`)."""
    return BUILDERS[department.kind](department)

