"""Profiles (issue 14): wording templates, profile.toml over the defaults, errors with file and
line before any workbook is read, the sandbox, rule levels, and both shipped example profiles
built end to end (PDF + DOCX) with their differences visible."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from seed_samples import department as seed_department
from test_batch import department
from typer.testing import CliRunner

from gendisclose.cli import app
from gendisclose.derive.document import derive_document
from gendisclose.document import Heading, Paragraph, Table
from gendisclose.issues import Level, error, warning
from gendisclose.profile import TemplateProblem, default_profile, load_profile
from gendisclose.profile.init import default_toml
from gendisclose.profile.levels import KNOWN, apply_levels, protected
from gendisclose.profile.wording import SECTIONS, environment
from gendisclose.resources import template_path
from gendisclose.workbook.template import template_bytes

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
SAMPLE = ROOT / "sample_inputs" / "pinglu-approval-2026.xlsx"
runner = CliRunner()


def make_profile(folder: Path, toml: str = "", **templates: str) -> Path:
    """A profile folder: ``profile.toml`` and section templates (``s07="…"`` → budget/sections/07.j2)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profile.toml").write_text(toml, encoding="utf-8")
    for name, text in templates.items():
        path = folder / "budget" / "sections" / f"{name[1:]}.j2"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def texts(document) -> list[str]:  # noqa: ANN001
    return [b.text for b in document.blocks if isinstance(b, (Heading, Paragraph))]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- load and fallback


def test_the_default_profile_gives_the_document_without_profile() -> None:
    d = seed_department("002")
    assert derive_document(d, default_profile()) == derive_document(d)


def test_profile_init_is_the_shipped_default_and_loads_to_the_default(tmp_path: Path) -> None:
    result = runner.invoke(app, ["profile", "init", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "p"
    assert (written / "profile.toml").read_text(encoding="utf-8") == default_toml()
    shipped = {p.relative_to(PROFILES / "default"): p.read_bytes() for p in (PROFILES / "default").rglob("*") if p.is_file()}
    made = {p.relative_to(written): p.read_bytes() for p in written.rglob("*") if p.is_file()}
    assert made == shipped  # profiles/default is exactly `profile init`
    d = seed_department("000")
    assert derive_document(d, load_profile(written)) == derive_document(d)
    again = runner.invoke(app, ["profile", "init", str(written)])
    assert again.exit_code == 2 and "已存在" in again.output


def test_a_profile_names_only_what_differs_and_the_rest_falls_back(tmp_path: Path) -> None:
    folder = make_profile(tmp_path / "p", '[headings.sections]\n"九" = "九、政府采购预算情况"\n'
                                          '[tables.titles]\nT3 = "支出预算总表"\n')
    d = seed_department("002")
    mine, base = derive_document(d, load_profile(folder)), derive_document(d)
    assert "九、政府采购预算情况" in texts(mine) and "九、政府采购情况" not in texts(mine)
    t3 = next(b for b in mine.blocks if isinstance(b, Table) and b.key == "T3")
    assert t3.title == f"{d.info.year}年支出预算总表" and t3.toc_title == f"表三{d.info.year}年支出预算总表"
    changed = [(a, b) for a, b in zip(texts(mine), texts(base), strict=True) if a != b]
    assert changed == [("九、政府采购预算情况", "九、政府采购情况")]


def test_a_section_template_override_changes_only_its_sentence(tmp_path: Path) -> None:
    folder = make_profile(tmp_path / "p", s09="{% macro text() %}\n{{ dept }}采购{{ total }}\n（货物{{ goods }}）。\n{% endmacro %}")
    d = seed_department("002")
    mine, base = texts(derive_document(d, load_profile(folder))), texts(derive_document(d))
    diff = [(a, b) for a, b in zip(mine, base, strict=True) if a != b]
    assert len(diff) == 1
    assert diff[0][0].startswith(f"{d.info.name}采购") and "（货物" in diff[0][0] and "\n" not in diff[0][0]
    assert diff[0][1].startswith(f"{d.info.year}年{d.info.name}政府采购预算总额")


def test_line_breaks_inside_a_value_survive_the_template() -> None:
    wording = default_profile().wording
    text = wording.paragraph("11", "office", as_of="2025年12月31日", dept="某局", vehicle_quota="1", vehicle_actual="1",
                             vehicle_list=[], office_area="100", office_note="甲\n乙", equipment_500k="0",
                             equipment_1m="0")
    assert text == "截至2025年12月31日，某局使用的办公用房建筑总面积100平方米。甲\n乙"


def test_an_empty_toc_heading_means_no_toc(tmp_path: Path) -> None:
    folder = make_profile(tmp_path / "p", '[document]\ntoc_heading = ""\nrunning_header = "{dept}{year}年"\n')
    doc = derive_document(seed_department("002"), load_profile(folder))
    assert doc.toc_heading is None and doc.page.running_header.endswith("2026年")


def test_the_running_header_is_on_numbered_pages_only(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from gendisclose.render.pdf import render_pdf

    folder = make_profile(tmp_path / "p", '[document]\nrunning_header = "{dept}·页眉"\n')
    doc = derive_document(seed_department("004"), load_profile(folder))
    pdf = pdfium.PdfDocument(render_pdf(doc))
    pages = [flat(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    header = flat(doc.page.running_header)
    assert header not in pages[0] and header not in pages[1]  # the cover, the 目录
    assert all(header in page for page in pages[3:])


def test_a_template_failing_on_one_workbook_is_that_workbooks_error_and_writes_nothing(
    tmp_path: Path, monkeypatch
) -> None:
    from gendisclose.pipeline import build_workbook
    from gendisclose.profile.wording import Wording

    def fail(self, section, slot, **values):  # noqa: ANN001
        raise TemplateProblem("09.j2", 2, "模板出错：示例")

    workbook = tmp_path / "局.xlsx"
    workbook.write_bytes(template_bytes(department("测试县财政局")))
    monkeypatch.setattr(Wording, "paragraph", fail)
    built = build_workbook(workbook, tmp_path / "out", ("html",), default_profile())
    assert not built.outputs and not (tmp_path / "out").exists()
    assert [i.code for i in built.checked.issues if i.is_error] == ["profile.template"]
    assert "09.j2 第2行" in next(i for i in built.checked.issues if i.is_error).message


def test_parts_are_reordered_and_renumbered(tmp_path: Path) -> None:
    folder = make_profile(tmp_path / "p", '[document]\nparts = ["情况说明", "概况"]\n')
    doc = derive_document(seed_department("002"), load_profile(folder))
    parts = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert parts == ["第一部分 2026年度部门预算情况说明", "第二部分 概况"]
    assert not any(isinstance(b, Table) and b.key.startswith("T") for b in doc.blocks)


# ---------------------------------------------------------------- mistakes: file and line


@pytest.mark.parametrize(
    ("toml", "line", "phrase"),
    [
        ('[document]\nparts = ["概况"]\ncolour = "红"\n', 3, "不认识的设置“document.colour”"),
        ('[headings.sections]\n"十三" = "十三、其他"\n', 2, "不认识的设置“headings.sections.十三”"),
        ('[document]\nparts = ["概况", "报表"]\n', 2, "没有“报表”这一部分"),
        ('[page]\nbody_size_pt = "三号"\n', 2, "“page.body_size_pt”应是数字"),
        ('[document]\ncover = ["{部门}"]\n', 2, "不认识的占位符“{部门}”"),
        ('[document]\nfile_stem = "{dept.__class__}"\n', 2, "不认识的占位符"),
        ('[page]\npage_number_position = "left"\n', 2, "page_number_position"),
        ('\n[document\nparts = 1\n', 2, "TOML 格式错误"),
        ('[rules]\n"internal.X17" = "关闭"\n', 2, "不能降为关闭"),
        ('[rules]\n"cell.required" = "警告"\n', 2, "不能降为警告"),
        ('[rules]\n"staffing.overquota" = "关闭"\n', 2, "不认识的检查代码"),
        ('[rules]\n"staffing.over_quota" = "忽略"\n', 2, "的级别应是"),
    ],
)
def test_profile_toml_mistakes_name_the_file_and_line(tmp_path: Path, toml: str, line: int, phrase: str) -> None:
    folder = make_profile(tmp_path / "p", toml)
    with pytest.raises(TemplateProblem) as found:
        load_profile(folder)
    assert found.value.file.endswith("profile.toml") and found.value.line == line
    assert phrase in found.value.message


@pytest.mark.parametrize(
    ("template", "line", "phrase"),
    [
        ("{% macro text() %}\n{{ year }年\n{% endmacro %}", 2, "模板语法错误"),
        ("{% macro text() %}\n{{ year }}\n{{ totl }}\n{% endmacro %}", 3, "没有变量“totl”"),
        ("{% macro text() %}\n{{ ''.__class__.__mro__ }}\n{% endmacro %}", 2, "不能取“.__mro__”"),
        ("{% macro text() %}\n{{ dept.__class__ }}\n{% endmacro %}", 2, "不能取“.__class__”"),
        ("{% macro text() %}\n{{ dept.upper() }}\n{% endmacro %}", 2, "不能取“.upper”"),
        ("{% macro text() %}\n{% include '/etc/passwd' %}\n{% endmacro %}", 2, "不能引用其他文件"),
        ("{% macro text() %}\n{{ range(9) }}\n{% endmacro %}", 2, "只能调用本文件中定义的宏"),
        ("{% macro text() %}\n{{ lipsum }}\n{% endmacro %}", 2, "没有变量“lipsum”"),
        ("{% macro text() %}\n{{ dept | attr('__class__') }}\n{% endmacro %}", 2, "模板语法错误"),
        ("{% macro text() %}\n\n{{ 'x' * 999999999 }}\n{% endmacro %}", 3, "模板不做计算"),
        ("{% macro txt() %}{{ dept }}{% endmacro %}", None, "缺少段落宏：text"),
    ],
)
def test_template_mistakes_and_escapes_are_refused_at_load(tmp_path: Path, template: str, line, phrase: str) -> None:
    folder = make_profile(tmp_path / "p", s09=template)
    with pytest.raises(TemplateProblem) as found:
        load_profile(folder)
    assert found.value.file.endswith("09.j2") and found.value.line == line
    assert phrase in found.value.message


def test_a_field_of_the_wrong_value_fails_the_trial_render_with_its_line(tmp_path: Path) -> None:
    folder = make_profile(tmp_path / "p", s02="{% macro text() %}\n{{ items | join }}\n{{ dept.label }}\n{% endmacro %}")
    with pytest.raises(TemplateProblem) as found:
        load_profile(folder)  # .label is a field of §二's items, but dept is a text
    assert found.value.file.endswith("02.j2") and found.value.line == 3 and "模板试算出错" in found.value.message


def test_an_unknown_template_file_is_refused(tmp_path: Path) -> None:
    folder = make_profile(tmp_path / "p", s13="{% macro text() %}{% endmacro %}")
    with pytest.raises(TemplateProblem, match="不认识的模板文件"):
        load_profile(folder)


def test_the_sandbox_itself_refuses_internals() -> None:
    """Even past the static checks, the environment is jinja2's sandbox with no globals."""
    from jinja2.exceptions import SecurityError, UndefinedError

    env = environment()
    for source in ("{{ ''.__class__.__mro__ }}", "{{ x.__init__.__globals__ }}", "{{ cycler }}", "{{ lipsum() }}"):
        with pytest.raises((SecurityError, UndefinedError)):
            env.from_string(source).render(x="a")
    assert env.from_string("{{ '<b>' }}").render() == "<b>"  # text templates: no escaping
    with pytest.raises(TypeError):  # no loader: there is nothing a template could include
        env.get_template("/etc/passwd")


def test_cli_reports_a_bad_profile_before_any_workbook_exit_2(tmp_path: Path) -> None:
    folder = make_profile(tmp_path / "p", s07="{% macro lead() %}{{ nope }}{% endmacro %}")
    missing = tmp_path / "不存在.xlsx"  # never reached: the profile is checked first
    out = tmp_path / "out"
    for args in (["build", str(missing), "-o", str(out)], ["validate", str(missing)], ["tables", str(missing)]):
        result = runner.invoke(app, [*args, "--profile", str(folder)])
        assert result.exit_code == 2, result.output
        assert "配置有误" in result.output and "07.j2 第1行" in result.output and "nope" in result.output
        assert "Traceback" not in result.output and "不存在" not in result.output
    assert not out.exists()
    env = runner.invoke(app, ["validate", str(missing)], env={"GENDISCLOSE_PROFILE": str(folder)})
    assert env.exit_code == 2 and "07.j2" in env.output


# ---------------------------------------------------------------- rule levels


def test_rule_levels_are_applied_and_protected_codes_are_not() -> None:
    issues = [warning("staffing.over_quota", "超编"), error("project.zero", "零"), warning("prior.missing", "无上年"),
              error("internal.X17", "内部")]
    rules = {"staffing.over_quota": "关闭", "project.zero": "警告", "prior.missing": "错误", "internal.X17": "关闭"}
    out = {i.code: i.level for i in apply_levels(issues, rules)}
    assert out == {"project.zero": Level.WARNING, "prior.missing": Level.ERROR, "internal.X17": Level.ERROR}


def test_every_code_the_source_raises_is_known_or_protected() -> None:
    found = set()
    for path in (ROOT / "gendisclose").rglob("*.py"):
        found |= set(re.findall(r"\b(?:error|warning)\(\s*\"([a-z_0-9]+\.[a-z_0-9]+)\"", path.read_text(encoding="utf-8")))
    assert found, "the scan found no codes"
    unknown = sorted(c for c in found if not protected(c) and c not in KNOWN)
    assert not unknown, f"add these codes to gendisclose/rules/catalogue.py (levels.KNOWN derives from it): {unknown}"


def test_validate_with_the_gbt_profile_switches_the_staffing_warning_off() -> None:
    plain = runner.invoke(app, ["validate", str(SAMPLE)])
    profiled = runner.invoke(app, ["validate", str(SAMPLE), "--profile", str(PROFILES / "gbt9704")])
    assert "在编人员数" in plain.output
    assert profiled.exit_code == 0 and "在编人员数" not in profiled.output
    assert profiled.output.count("[警告]") == plain.output.count("[警告]") - 1  # only that one is off


# ---------------------------------------------------------------- the two example profiles, end to end


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The same workbook built with the default and the GB/T profile (shipped name)."""
    base = tmp_path_factory.mktemp("profiles")
    workbook = base / "局.xlsx"
    workbook.write_bytes(template_bytes(department("测试县财政局")))
    out = {}
    for name in ("default", "gbt9704"):
        target = base / name
        result = runner.invoke(app, ["build", str(workbook), "-o", str(target), "--profile", name])
        assert result.exit_code == 0, result.output
        out[name] = target
    return out


def _pdf(folder: Path):  # noqa: ANN202
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(next(folder.glob("*.pdf")))


def _pdf_text(folder: Path) -> str:
    pdf = _pdf(folder)
    return flat("".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))


def test_default_example_builds_the_seeds_order(built: dict[str, Path]) -> None:
    text = _pdf_text(built["default"])
    assert text.rindex("第二部分") < text.rindex("第三部分")  # the last: the headings (the first: 目录)
    assert "第二部分2026年部门预算报表" in text and "第三部分2026年度部门预算情况说明" in text
    assert "-1-" in text and "—1—" not in text


def test_gbt_example_differs_in_order_heading_wording_and_page(built: dict[str, Path]) -> None:
    text = _pdf_text(built["gbt9704"])
    assert "第二部分2026年度部门预算情况说明" in text and "第三部分2026年部门预算报表" in text
    assert text.rindex("预算情况说明") < text.rindex("部门预算报表")
    assert "七、“三公”经费预算情况说明" in text and "七、“三公”经费增减变动原因说明" not in text
    assert "政府采购预算共计" in text and "政府采购预算总额" not in text
    assert "—1—" in text and "—2—" in text
    # page numbers on the outside edge: odd pages right of centre, even pages left of it
    pdf = _pdf(built["gbt9704"])
    sides = {}
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        for n in (1, 2):
            hit = tp.search(f"— {n} —").get_next()
            if hit and n not in sides:
                left, _, right, _ = tp.get_charbox(hit[0])
                sides[n] = left / page.get_size()[0]
    assert sides[1] > 0.6 and sides[2] < 0.3
    width, height = pdf[0].get_size()
    assert round(width / 72 * 25.4) == 210 and round(height / 72 * 25.4) == 297


def test_docx_gets_the_same_page_parameters(built: dict[str, Path]) -> None:
    from docx import Document as open_docx

    plain = open_docx(next(built["default"].glob("*.docx")))
    gbt = open_docx(next(built["gbt9704"].glob("*.docx")))
    assert not plain.settings.odd_and_even_pages_header_footer
    assert gbt.settings.odd_and_even_pages_header_footer
    body = gbt.sections[1]
    assert round(body.top_margin.mm) == 37 and round(body.left_margin.mm) == 28
    assert round(body.page_width.mm - body.left_margin.mm - body.right_margin.mm) == 156
    odd, even = body.footer.paragraphs[0], body.even_page_footer.paragraphs[0]
    assert odd.text.startswith("—") and odd.alignment == 2 and even.alignment == 0  # RIGHT, LEFT
    assert gbt.settings.element.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}mirrorMargins") is not None
    assert gbt.styles["Normal"] is not None and plain.sections[1].footer.paragraphs[0].text.startswith("-")
    parts = [p.text for p in gbt.paragraphs if p.style.name == "Heading 1"]
    assert parts[:3] == ["第一部分 概况", "第二部分 2026年度部门预算情况说明", "第三部分 2026年部门预算报表"]


def test_a_changed_profile_rebuilds_an_unchanged_workbook(tmp_path: Path) -> None:
    workbook = tmp_path / "局.xlsx"
    workbook.write_bytes(template_bytes(department("测试县财政局")))
    folder = tmp_path / "p"
    shutil.copytree(PROFILES / "gbt9704", folder)
    args = ["build", str(workbook), "-o", str(tmp_path / "out"), "--format", "html", "--profile", str(folder)]
    assert runner.invoke(app, args).exit_code == 0
    assert "未变化" in runner.invoke(app, args).output
    toml = folder / "profile.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("七、“三公”经费预算情况说明", "七、“三公”经费"),
                    encoding="utf-8")
    from gendisclose.profile import _cached

    _cached.cache_clear()  # a new process would read it afresh
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "未变化" not in again.output
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "七、“三公”经费</" in html


def test_every_section_template_is_shipped() -> None:
    for section in SECTIONS:
        assert template_path("budget", "sections", f"{section}.j2").is_file()
