"""Rows a paste produces twice, and names that differ only where a reader cannot see (issue 12).

The reader already refuses a second row with the same key (``row.duplicate``: the same 项目
名称, 单位+功能科目, 单位+经济科目). What passes it, and silently counts twice, is:

* a name that differs only in （ vs (, full/half width, spaces, invisible characters or a
  trailing 。 (compared with :func:`~gendisclose.textkey.name_key`, shown with
  :func:`~gendisclose.textkey.reveal`) — an error at the second row;
* a 三公经费（项目支出） row identical to another (error), or equal to the 基本支出 三公 of
  the same item (the basic 三公 typed again, warning);
* a 基金与国资收入 科目 twice (error), a 绩效指标, 年度重点任务 or 概况文字 paragraph twice
  (warnings at the second).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal
from typing import TypeVar

from ..derive import codes
from ..derive.tables import BudgetTables
from ..issues import Issue, Location, error, warning
from ..model import Department, ThreePublicItem
from ..textkey import name_key, reveal, visible_key
from ._text import (
    BASIC_SHEET,
    ECONOMIC_SHEET,
    EXTRA_SHEET,
    FUND_INCOME_SHEET,
    INDICATOR_SHEET,
    KEY_TASKS_SHEET,
    PROJECT_SHEET,
    TEXTS_SHEET,
    UNITS_SHEET,
    cell,
    cell_list,
    yuan,
)

ZERO = Decimal("0")
T = TypeVar("T")


def _repeats(records: Iterable[T], key: Callable[[T], Hashable | None]) -> list[tuple[T, T]]:
    """(first, later) for every record whose key an earlier record already had (None keys skipped)."""
    seen: dict[Hashable, T] = {}
    out = []
    for record in records:
        k = key(record)
        if k is None:
            continue
        if k in seen:
            out.append((seen[k], record))
        else:
            seen[k] = record
    return out


def _row(loc: Location) -> str:
    return f"第 {loc.row} 行" if loc.row is not None else "另一行"


def _lookalike(first: str, later: str) -> str:
    return f"“{reveal(later)}”与{{row}}的“{reveal(first)}”只差全角/半角标点、句末标点、空格或看不见的字符"


def rule_project_names_look_alike(dept: Department, _: BudgetTables) -> list[Issue]:
    """The same project twice under names a reader cannot tell apart: counted twice in 表十二."""
    return _names_look_alike(dept.projects, PROJECT_SHEET, "project.duplicate_lookalike", "项目名称",
                             "，印出来是同一个项目，金额会重复计算：请删除重复的一行，或把名称改得明显不同")


def rule_unit_names_look_alike(dept: Department, _: BudgetTables) -> list[Issue]:
    return _names_look_alike(dept.units, UNITS_SHEET, "unit.duplicate_lookalike", "单位名称",
                             "，印出来是同一个单位：请删除重复的一行，并让各表的单位名称完全一致")


def _names_look_alike(records, sheet: str, code: str, what: str, advice: str) -> list[Issue]:  # noqa: ANN001
    """An error at each later record whose name differs from an earlier one only in what a
    reader cannot see (the same name exactly is project.duplicate / row.duplicate)."""
    issues = []
    for first, later in _repeats(records, lambda r: name_key(r.name)):
        if first.name == later.name:
            continue
        there = cell(first, "name", sheet)
        issues.append(error(
            code, what + _lookalike(first.name, later.name).format(row=_row(there)) + advice,
            cell(later, "name", sheet), there,
        ))
    return issues


def rule_three_public_rows_repeated(dept: Department, _: BudgetTables) -> list[Issue]:
    """A 三公经费（项目支出） row identical to an earlier one (pasted twice): 表十 counts it twice."""
    def key(x):  # noqa: ANN001, ANN202
        return (x.item, x.source, x.amount, visible_key(x.project) if x.project else None)

    issues = []
    for first, later in _repeats(dept.three_public_extra, key):
        there = cell(first, "amount", EXTRA_SHEET)
        issues.append(error(
            "three_public.duplicate_row",
            f"本行与{_row(there)}完全相同（{later.item.value}，{later.source.value}，{yuan(later.amount)}"
            f"{'，项目“' + later.project + '”' if later.project else ''}），表十会把它算两次："
            "是重复粘贴的话请删除一行；确是两笔钱请合并为一行",
            cell(later, "amount", EXTRA_SHEET), there,
        ))
    return issues


def rule_three_public_extra_repeats_basic(dept: Department, _: BudgetTables) -> list[Issue]:
    """A 项目 三公 amount equal to the 基本支出 三公 of the same item: the basic one typed again?"""
    basic: dict[ThreePublicItem, list] = {item: [] for item in ThreePublicItem}
    for line in dept.economic_lines:
        item = codes.three_public_item(line.economic_code)
        if item is not None and line.amount:
            basic[item].append(line)
    issues = []
    for x in dept.three_public_extra:
        lines = basic[x.item]
        total = sum((line.amount for line in lines), ZERO)
        same = [line for line in lines if line.amount == x.amount] or (lines if x.amount == total else [])
        if not x.amount or not same:
            continue
        cells = [cell(line, "amount", ECONOMIC_SHEET) for line in same]
        issues.append(warning(
            "three_public.extra_repeats_basic",
            f"项目支出中的{x.item.value} {yuan(x.amount)}与基本支出经济分类中的{x.item.value}（{cell_list(cells)}）"
            "金额相同：基本支出的三公经费由经济科目自动计算，不要在本表再填一次；确是另一笔项目支出的话可忽略本警告",
            cell(x, "amount", EXTRA_SHEET), *cells[:2],
        ))
    return issues


def rule_basic_line_repeats_project(dept: Department, _: BudgetTables) -> list[Issue]:
    """A 收支预算 row with exactly a project's money on the same 单位 and 功能科目: the project
    typed again as 基本支出 (表三 counts it twice)? A warning at the row."""
    def total(x):  # noqa: ANN001, ANN202
        return x.current.total + x.carried.total

    issues = []
    for x in dept.basic_lines:
        amount = total(x)
        same = [p for p in dept.projects if amount and p.total == amount and p.function_code == x.function_code
                and visible_key(p.unit) == visible_key(x.unit)]
        if same:
            p = same[0]
            issues.append(warning(
                "basic.repeats_project",
                f"收支预算“{x.unit} {x.function_code}”一行的金额 {yuan(amount)}与项目“{p.name}”（同一单位、同一功能科目）"
                "完全相同：项目支出只填在“项目”表，不要在收支预算再填一次，否则表三会把它算两次；确是另一笔基本支出的话可忽略本警告",
                cell(x, "function_code", BASIC_SHEET), cell(p, "name", PROJECT_SHEET),
            ))
    return issues


def code_name_conflicts(lines, sheet_of, known) -> list[Issue]:  # noqa: ANN001
    """A 功能科目 not in the catalogue typed with two different names (the tables print one name
    per code, the first): an error at the later row — which name is meant cannot be known."""
    first: dict[str, object] = {}
    issues = []
    for x in lines:
        if not x.function_name or known(x.function_code):
            continue
        earlier = first.setdefault(x.function_code, x)
        if earlier is x or name_key(earlier.function_name) == name_key(x.function_name):
            continue
        there = cell(earlier, "function_code", sheet_of(earlier))
        issues.append(error(
            "code.name_conflict",
            f"功能科目编码“{x.function_code}”（不在科目表中）在{_row(there)}的名称是“{earlier.function_name}”，这里填的却是"
            f"“{x.function_name}”：表中每个编码只印一个名称（会印“{earlier.function_name}”）。请核对编码，或把名称改成一致",
            cell(x, "function_code", sheet_of(x)), there,
        ))
    return issues


def rule_unknown_code_named_twice(dept: Department, _: BudgetTables) -> list[Issue]:
    return code_name_conflicts(dept.basic_lines, lambda _x: BASIC_SHEET, codes.function_name)


def rule_fund_income_codes_repeated(dept: Department, _: BudgetTables) -> list[Issue]:
    """The same 收入科目 twice on 基金与国资收入: 表七/表九 would list it twice."""
    issues = []
    for first, later in _repeats(dept.fund_income, lambda x: (x.source, x.code)):
        there = cell(first, "code", FUND_INCOME_SHEET)
        issues.append(error(
            "fund_income.duplicate",
            f"收入科目“{later.code} {later.name}”（{later.source.value}）与{_row(there)}重复："
            "每个收入科目只能填一行（是重复粘贴的话请删除一行）",
            cell(later, "code", FUND_INCOME_SHEET), there,
        ))
    return issues


def rule_indicators_repeated(dept: Department, _: BudgetTables) -> list[Issue]:
    """The same 绩效指标 row twice (same owner, period, levels, 三级指标 and 指标值)."""
    def key(i):  # noqa: ANN001, ANN202
        if not i.level3 and not i.value:
            return None  # “暂无指标” placeholders may repeat
        return (i.project, i.period, i.level1, i.level2, name_key(i.level3), name_key(i.value))

    issues = []
    for first, later in _repeats(dept.indicators, key):
        there = cell(first, "level3", INDICATOR_SHEET)
        owner = f"项目“{later.project}”" if later.project else "部门整体"
        issues.append(warning(
            "indicator.duplicate",
            f"{owner}的绩效指标“{later.level2}—{later.level3}：{later.value}”与{_row(there)}重复，"
            "绩效目标表会印两次：是重复粘贴的话请删除一行",
            cell(later, "level3", INDICATOR_SHEET), there,
        ))
    return issues


def rule_key_tasks_repeated(dept: Department, _: BudgetTables) -> list[Issue]:
    issues = []
    tasks = dept.overall.key_tasks
    for first, later in _repeats(tasks, lambda k: (visible_key(k.core_function), visible_key(k.tasks))):
        there = first.location or Location(KEY_TASKS_SHEET)
        issues.append(warning(
            "key_task.duplicate",
            f"年度重点任务“{later.core_function}”与{_row(there)}完全相同，整体表会印两次：是重复粘贴的话请删除一行",
            later.location or Location(KEY_TASKS_SHEET), there,
        ))
    return issues


def rule_paragraphs_repeated(dept: Department, _: BudgetTables) -> list[Issue]:
    """The same paragraph twice in one part of 概况文字 (a heading may repeat; short lines are skipped)."""
    parts = (dept.info.duties, dept.info.organisation, dept.notes.purchase_catalogue, dept.notes.other)
    issues = []
    for blocks in parts:
        def key(b):  # noqa: ANN001, ANN202
            return None if b.is_heading or len(visible_key(b.text)) < 8 else visible_key(b.text)

        for first, later in _repeats(blocks, key):
            there = first.location or Location(TEXTS_SHEET)
            issues.append(warning(
                "text.duplicate",
                f"这一段与{_row(there)}相同，会印两次：“{later.text[:20]}{'…' if len(later.text) > 20 else ''}”",
                later.location or Location(TEXTS_SHEET), there,
            ))
    return issues


RULES = (
    rule_project_names_look_alike,
    rule_unit_names_look_alike,
    rule_three_public_rows_repeated,
    rule_three_public_extra_repeats_basic,
    rule_basic_line_repeats_project,
    rule_unknown_code_named_twice,
    rule_fund_income_codes_repeated,
    rule_indicators_repeated,
    rule_key_tasks_repeated,
    rule_paragraphs_repeated,
)
