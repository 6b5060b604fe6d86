"""第五部分 附件 项目支出绩效自评总结报告 (spec §11.7; seed 003) as document blocks.

The report is the department's own text around two tables and two derived sentences: Table A
(代码, 项目名称, 预算指标, 支付金额; a 总计 row of the column sums first) and Table B (代码,
项目名称, 得分, 自评结果). 预算支出进度 is Σ 支付金额 / Σ 预算指标 of the shown figures (seed 003
prints 82.26% where its own figures give 82.36%: the tool prints what the figures give); each
自评结果 is the grade of its 得分 by the bands (:func:`~.final_text.grade_of`; a typed grade that
disagrees is warned at its cell by rule ``final.evaluation_grade``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..document import Block, Cell, Heading, Paragraph, Table, head, num
from ..model_final import FinalDepartment
from ..money import ZERO, percent, wan_amount
from ..profile import Profile
from .final_text import S, final_profile, fixed, grade_of, paragraphs

TABLE_A = "ATTACHMENT_A"
TABLE_B = "ATTACHMENT_B"


def _score(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


def attachment_tables(department: FinalDepartment, profile: Profile | None = None) -> tuple[Table, Table]:
    """Table A (执行情况, 万元) and Table B (得分情况)."""
    p = final_profile(profile)
    evaluations = department.evaluations
    budget = sum((e.budget for e in evaluations), ZERO)
    paid = sum((e.paid for e in evaluations), ZERO)
    unit = (fixed(p, "attachment_unit"),)
    a = Table(
        key=TABLE_A, title="",
        header=((head("代码"), head("项目名称"), head("预算指标"), head("支付金额")),),
        body=(
            (Cell(""), Cell("总计", bold=True), num(wan_amount(budget), bold=True), num(wan_amount(paid), bold=True)),
            *((Cell(str(i)), Cell(e.name), num(wan_amount(e.budget)), num(wan_amount(e.paid)))
              for i, e in enumerate(evaluations, start=1)),
        ),
        captions=unit, column_widths=(1.0, 6.0, 2.0, 2.0),
    )
    b = Table(
        key=TABLE_B, title="",
        header=((head("代码"), head("项目名称"), head("得分"), head("自评结果")),),
        body=tuple(
            (Cell(str(i)), Cell(e.name), num(_score(e.score)), Cell(g.value if (g := grade_of(e.score, e.grade)) else ""))
            for i, e in enumerate(evaluations, start=1)
        ),
        column_widths=(1.0, 6.0, 2.0, 2.0),
    )
    return a, b


def _heading(p: Profile, key: str, level: int) -> Heading:
    return Heading(p.standard["sections"][key], level, in_toc=False)


def final_attachment_blocks(department: FinalDepartment, profile: Profile | None = None) -> list[Block]:
    """第五部分 附件 content (without the part heading): the report title (two lines: the
    department, ``项目支出绩效自评总结报告``), its six sections, the two tables."""
    p = final_profile(profile)
    d, n = department, department.narrative
    std = p.standard
    empty = fixed(p, "empty_note")
    budget = sum((e.budget for e in d.evaluations), ZERO)
    paid = sum((e.paid for e in d.evaluations), ZERO)
    values = {"year": str(d.info.year), "budget": S(budget), "paid": S(paid), "rate": percent(paid, budget),
              "projects": str(len(d.evaluations))}
    table_a, table_b = attachment_tables(d, p)
    analysis = paragraphs(n.report_analysis, None)
    lead = fixed(p, "scores_table_lead")
    if analysis and isinstance(analysis[-1], Paragraph):
        analysis[-1] = Paragraph(analysis[-1].text + lead)
    else:
        analysis.append(Paragraph(lead))

    def say(slot: str) -> list[Block]:
        text = p.wording.paragraph("attachment", slot, **values)
        return [Paragraph(text)] if text else []

    return [
        Heading(d.info.name, 2, in_toc=False),
        Heading(std["sections"]["附件"], 2, in_toc="附件" in std["in_toc"]),
        *paragraphs(n.report_intro, None),
        _heading(p, "附件.一", 3), *say("progress"), table_a,
        _heading(p, "附件.二", 3),
        _heading(p, "附件.二.1", 4), *paragraphs(n.report_organisation, empty),
        _heading(p, "附件.二.2", 4), *say("coverage"),
        _heading(p, "附件.三", 3), *analysis, table_b,
        _heading(p, "附件.四", 3),
        _heading(p, "附件.四.1", 4), *paragraphs(n.report_problems, empty),
        _heading(p, "附件.四.2", 4), *paragraphs(n.report_measures, empty),
        _heading(p, "附件.五", 3), *paragraphs(n.report_suggestions, empty),
        _heading(p, "附件.六", 3), *paragraphs(n.report_other, empty),
    ]
