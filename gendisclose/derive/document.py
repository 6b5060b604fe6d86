"""The whole disclosure as a :class:`~gendisclose.document.Document`: what the pipeline renders.

:func:`derive_document` dispatches on the document kind. 部门预算公开 (spec §2) is assembled
here: cover, 目录 (from the Heading/Table blocks), 第一部分 概况, 第二部分 the 13 tables,
第三部分 (:func:`~gendisclose.derive.text.derive_part3`), 第四部分 名词解释 (standard text in
``templates/budget/glossary.txt``), in the order a profile's ``document.parts`` gives (the
parts are numbered by their place). 部门决算公开: :mod:`.final_document`.

Builds are deterministic: no timestamps, the same model gives the same document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..document import Block, Document, Heading, PageBreak, Paragraph
from ..model import Department, DocumentKind
from ..pipeline import safe_file_stem
from ..profile import Profile, default_profile, fill
from ..textkey import visible_key
from .table_layout import chinese_number
from .tables import BudgetTables, derive_tables
from .text import derive_part3, text_blocks


def glossary_lines(profile: Profile | None = None) -> tuple[str, ...]:
    """名词解释 (spec §10), one paragraph per line, verbatim (term 六 on two lines)."""
    return (profile or default_profile()).glossary


def _fields(department: Department, number: int = 0) -> dict[str, object]:
    info = department.info
    return {"dept": info.name, "year": info.year, "number": chinese_number(number) if number else ""}


def derive_part1(department: Department, profile: Profile | None = None, number: int = 1) -> list[Block]:
    """第一部分 概况: 一、本部门职责 and 二、机构设置情况, the department's text verbatim."""
    std = (profile or default_profile()).standard
    info = department.info
    return [
        Heading(fill(std["part1"], **_fields(department, number)), 1),
        Heading(std["part1_duties"], 2),
        *text_blocks(info.duties, heading_level=3),
        Heading(std["part1_organisation"], 2),
        *text_blocks(info.organisation, heading_level=3),
    ]


def derive_part2(department: Department, tables: BudgetTables, profile: Profile | None = None,
                 number: int = 2) -> list[Block]:
    """第二部分 {Y}年部门预算报表: T1 … T13, one per page."""
    std = (profile or default_profile()).standard
    blocks: list[Block] = [Heading(fill(std["part2"], **_fields(department, number)), 1)]
    for i, table in enumerate(tables.tables):
        if i:
            blocks.append(PageBreak())
        blocks.append(table)
    return blocks


def derive_part4(profile: Profile | None = None, department: Department | None = None,
                 number: int = 4) -> list[Block]:
    """第四部分 名词解释."""
    profile = profile or default_profile()
    fields = _fields(department, number) if department else {"dept": "", "year": "", "number": chinese_number(number)}
    return [Heading(fill(profile.standard["part4"], **fields), 1), *(Paragraph(line) for line in profile.glossary)]


def closing_line(blocks: list[Block], name: str) -> list[Block]:
    """``blocks`` with a last paragraph that is the department's name alone (the 落款 a
    department types under its 其他说明) set as a signature: right-aligned, kept with the text
    above it."""
    last = blocks[-1] if blocks else None
    if isinstance(last, Paragraph) and last.style == "body" and visible_key(last.text) == visible_key(name):
        return [*blocks[:-1], replace(last, style="signature")]
    return blocks


def budget_document(department: Department, profile: Profile | None = None) -> Document:
    """部门预算公开 (spec §2), its parts in the order of the profile's ``document.parts``."""
    profile = profile or default_profile()
    std = profile.standard
    info = department.info
    fields = {"dept": info.name, "year": info.year}
    tables = derive_tables(department, profile.tables)

    def part(name: str, number: int) -> list[Block]:
        if name == "概况":
            return derive_part1(department, profile, number)
        if name == "预算报表":
            return derive_part2(department, tables, profile, number)
        if name == "情况说明":
            return [Heading(fill(std["part3"], **_fields(department, number)), 1),
                    *derive_part3(department, tables, profile)]
        return derive_part4(profile, department, number)

    blocks: list[Block] = []
    for number, name in enumerate(profile.parts, start=1):
        if blocks and not isinstance(blocks[-1], PageBreak):
            blocks.append(PageBreak())
        blocks += closing_line(part(name, number), info.name)
    if isinstance(blocks[-1], PageBreak):
        blocks.pop()
    title = fill(std["file_stem"], **fields)
    return Document(
        kind=DocumentKind.BUDGET,
        cover=tuple(fill(line, **fields) for line in std["cover"]),
        file_stem=safe_file_stem(title),
        blocks=tuple(blocks),
        toc_heading=std["toc_heading"] or None,
        metadata={"title": title, "year": str(info.year)},
        page=profile.page(**fields),
    )


def final_accounts_document(department, profile: Profile | None = None) -> Document:  # noqa: ANN001
    """部门决算公开 (spec §11): :mod:`.final_document`."""
    from .final_document import final_accounts_document as build

    return build(department, profile)


BUILDERS: dict[DocumentKind, Callable[..., Document]] = {
    DocumentKind.BUDGET: budget_document,
    DocumentKind.FINAL_ACCOUNTS: final_accounts_document,
}


def derive_document(department: Department, profile: Profile | None = None) -> Document:
    """Model → the whole disclosure (dispatch on :attr:`Department.kind`); ``profile``: how it
    reads and looks (None: the default)."""
    return BUILDERS[department.kind](department, profile)

