"""The 决算 text beyond seed 003: the wording rules on figures the seed never has (a fall, no
change, no prior year, a prior year of 0, “三公” that changed, J07 money, untyped lists), the
templates as a profile overrides them, and the final kind in the profile loader."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gendisclose.derive.final_tables import derive_final_tables
from gendisclose.derive.final_text import final_explanation_blocks
from gendisclose.document import Paragraph
from gendisclose.model import ThreePublicItem
from gendisclose.model_final import FinalDepartment, FinalNarrative
from gendisclose.profile import TemplateProblem, default_profile, load_profile
from gendisclose.rules.final import check_final
from gendisclose.workbook.reader import read_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "shuocheng-approval-final-2023.xlsx"


@pytest.fixture(scope="module")
def base() -> FinalDepartment:
    dept, issues = read_workbook(SAMPLE)
    assert issues == [] and isinstance(dept, FinalDepartment)
    return dept


def text(dept: FinalDepartment, profile=None) -> str:  # noqa: ANN001
    return "\n".join(b.text for b in final_explanation_blocks(dept, derive_final_tables(dept), profile)
                     if isinstance(b, Paragraph))


def test_a_fall_and_no_change(base: FinalDepartment) -> None:
    prior = base.prior.model_copy(update={"total": Decimal("14000000.00"), "agency_operating": Decimal("252800.00")})
    out = text(base.model_copy(update={"prior": prior}))
    assert "收入总计减少77.62万元，下降5.54%，支出总计减少77.62万元，下降5.54%。" in out
    assert "2023年机关运行经费支出25.28万元，与2022年持平。" in out  # no reason printed without a change


def test_no_prior_year_drops_the_comparison_and_its_reason(base: FinalDepartment) -> None:
    prior = base.prior.model_copy(update={"total": None, "fiscal_total": None, "agency_operating": None,
                                          "three_public": {}})
    classes = tuple(c.model_copy(update={"prior_final": None}) for c in base.classes)
    out = text(base.model_copy(update={"prior": prior, "classes": classes}))
    assert "与上年相比" not in out and "主要原因是乡镇" not in out and "较上年决算" not in out
    assert "2023年度收入总计1,322.38万元，支出总计1,322.38万元。\n" in out
    assert "2023年机关运行经费支出25.28万元。" in out
    assert "与上年相同" not in out and "完成全年预算的0%。其中：" in out


def test_a_prior_year_of_zero_gives_the_amount_without_a_rate(base: FinalDepartment) -> None:
    prior = base.prior.model_copy(update={"agency_operating": Decimal("0")})
    assert "比2022年增加25.28万元，主要原因是" in text(base.model_copy(update={"prior": prior}))


def test_three_public_that_changed(base: FinalDepartment) -> None:
    tp = base.three_public.model_copy(update={
        "budget": {ThreePublicItem.RECEPTION: Decimal("20000.00")},
        "reception_domestic": Decimal("15000.00"), "domestic_batches": 3, "domestic_people": 12,
    })
    narrative = base.narrative.model_copy(update={"three_public_reasons": {
        ThreePublicItem.RECEPTION: "接待上级检查增加。"}})
    out = text(base.model_copy(update={"three_public": tp, "narrative": narrative}))
    assert ("全年预算2.00万元，支出决算1.50万元，完成全年预算的75.00%，比上年“三公”经费财政拨款支出决算增加1.50万元。"
            "其中：") in out
    assert "公务接待费支出1.50万元，完成全年预算的75.00%，比上年增加1.50万元，主要原因是：接待上级检查增加。" in out
    assert "因公出国（境）费支出0万元，完成全年预算的0%，与上年相同，主要原因是：本单位无因公出国（境）费支出；" in out
    assert "4、公务接待费支出1.50万元，共接待3批次，12人次。国内接待费1.50万元，共接待3批次，12人次，" in out


def test_untyped_lists_come_from_j06_and_purposes_default_to_none(base: FinalDepartment) -> None:
    narrative = FinalNarrative()
    out = text(base.model_copy(update={"narrative": narrative}))
    assert "人员经费572.28万元，主要包括基本工资、津贴补贴、奖金、" in out and "奖励金等；" in out
    assert "公用经费34.88万元，主要包括办公费、印刷费、邮电费、" in out
    assert "出国团组共0个，0人次。主要用于：无。" in out
    assert "自评等级为“差”。\n" in out  # no measures typed: the sentence ends there
    assert "本单位无公务接待费支出。" in out
    codes = {i.code for i in check_final(base.model_copy(update={"narrative": narrative}))}
    assert {"final.reason_missing", "final.measures_missing"} <= codes


def test_government_fund_money_is_told_not_denied(base: FinalDepartment) -> None:
    line = base.spending_lines[0]
    moved = line.model_copy(update={"project": line.project.model_copy(update={"government_fund": Decimal("10000.00")})})
    dept = base.model_copy(update={"spending_lines": (moved, *base.spending_lines[1:])})
    out = text(dept)
    assert "2023年度政府性基金预算财政拨款年初结转和结余0万元，本年收入0万元，本年支出1.00万元" in out
    assert out.count("本年度无此项支出。") == 1  # 八 still has none


def test_a_profile_overrides_a_final_section(tmp_path: Path, base: FinalDepartment) -> None:
    folder = tmp_path / "p"
    (folder / "final" / "sections").mkdir(parents=True)
    (folder / "profile.toml").write_text('[profile]\nname = "测试"\nkind = "final"\n', encoding="utf-8")
    (folder / "final" / "sections" / "10.j2").write_text(
        (ROOT / "templates" / "final" / "sections" / "10.j2").read_text(encoding="utf-8")
        .replace("机关运行经费支出{{ agency_amount }}", "机关运行经费决算{{ agency_amount }}"), encoding="utf-8")
    mine, default = text(base, load_profile(folder, kind="final")), text(base)
    diff = [(a, b) for a, b in zip(mine.split("\n"), default.split("\n"), strict=True) if a != b]
    assert len(diff) == 1
    assert diff[0][0] == diff[0][1].replace("机关运行经费支出", "机关运行经费决算", 1) != diff[0][1]


def test_the_final_kind_in_the_profile_loader(tmp_path: Path) -> None:
    p = default_profile("final")
    assert p.parts == ("概况", "决算报表", "情况说明", "名词解释", "附件")
    assert p.page(dept="某局", year=2023).running_header == "某局2023年部门决算公开报告"
    assert len(p.glossary) == 12
    folder = tmp_path / "bad"
    (folder / "final" / "sections").mkdir(parents=True)
    (folder / "profile.toml").write_text('[profile]\nkind = "final"\n', encoding="utf-8")
    (folder / "final" / "sections" / "11.j2").write_text("{% macro text() %}x{% endmacro %}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="attachment.j2"):
        load_profile(folder, kind="final")
    (folder / "final" / "sections" / "11.j2").unlink()
    (folder / "final" / "sections" / "attachment.j2").write_text(
        "{% macro rate() %}{% endmacro %}{% macro progress() %}{{ rate }}{% endmacro %}"
        "{% macro coverage() %}{% endmacro %}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="与本节的变量同名"):
        load_profile(folder, kind="final")


def test_thousands_separators_follow_the_seed(base: FinalDepartment) -> None:
    """With a change of ≥ 1000 万元: §一 and §五（一） write it with the separator, §四 (as the
    budget's change amounts) and the per-类 line of §五（三） without (seed 003: 1,605.63 / 1605.63)."""
    prior = base.prior.model_copy(update={"total": Decimal("0.01"), "fiscal_total": Decimal("0.01")})
    classes = tuple(c.model_copy(update={"prior_final": Decimal("0.01")}) for c in base.classes)
    out = text(base.model_copy(update={"prior": prior, "classes": classes}))
    assert "收入总计增加1,322.38万元，支出总计增加1,322.38万元。" in out  # prior 0.00: no rate
    assert "财政拨款收入总计增加1322.38万元；财政拨款支出总计增加1322.38万元。" in out
    assert "一般公共预算财政拨款支出增加1,322.38万元。" in out
    assert "年初预算1605.63万元，支出决算1322.38万元" in out and "较上年决算增加1322.38万元，主要原因是" in out


def test_the_workbook_carries_every_text_input(base: FinalDepartment) -> None:
    """The sample read back equals the seed conversion, narrative included (each input has its cell)."""
    import sys

    sys.path.insert(0, str(ROOT))
    from tools.final_sample import final_seed_department

    seed = final_seed_department(ROOT / "tests" / "data" / "seeds" / "003.json")
    assert base.narrative.model_dump() == seed.narrative.model_dump() != FinalNarrative().model_dump()
    assert [(c.purpose, c.reason) for c in base.classes] == [(c.purpose, c.reason) for c in seed.classes]
    assert base.model_dump() == seed.model_dump()
