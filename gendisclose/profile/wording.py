"""The wording of 第三部分 as jinja2 templates: one file per section, one macro per paragraph.

``templates/<kind>/sections/NN.j2`` (budget: NN = 01 … 11; final: 01 … 10 and ``attachment``)
are the defaults; a profile folder may put
its own ``<kind>/sections/NN.j2`` beside ``profile.toml``. The program derives and formats
every figure and makes every choice that is logic (增加/减少, 持平, a missing prior year, zero
shares, which case of §七 applies); a template receives named, already formatted values and
only arranges them into sentences.

A template comes from outside the program, so it is checked before any workbook is read:

* it runs in jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` with ``StrictUndefined``,
  no globals, a few harmless filters, and autoescaping for markup files (``.html``/``.xml``);
* statically: every variable it names exists for its section, attributes are only the named
  fields of the section's records (never ``_…``), calls only its own macros, no arithmetic (the
  values are texts; ``"x" * 10**9`` would only exhaust memory), no ``include``/``import``/
  ``extends``, and every paragraph macro of the section is defined;
* then each macro is rendered once with sample values, so a runtime mistake shows now.

Each problem is a :class:`TemplateProblem` naming the file and line. Rendering (:meth:`Wording.paragraph`)
joins the lines of a macro's output without their indentation, so a template can be written
over several lines; line breaks inside a value (a department's note) are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.meta import find_undeclared_variables
from jinja2.sandbox import SandboxedEnvironment

# Variables per section: "" a text, "[]" a list of texts, "a,b" a record with those fields,
# "[a,b]" a list of such records.
_ITEM3P = "label,amount,unchanged,change,reason"
SECTIONS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "01": (("text",), dict.fromkeys((
        "year", "dept", "income_total", "income_current", "carry_in", "income_change", "income_reason",
        "expenditure_total", "expenditure_current", "expenditure_carried", "expenditure_change",
        "expenditure_reason"), "")),
    "02": (("text",), {"year": "", "dept": "", "income_total": "", "items": "[label,amount,share]"}),
    "03": (("text",), dict.fromkeys(
        ("year", "dept", "total", "basic", "basic_share", "project", "project_share"), "")),
    "04": (("text",), {**dict.fromkeys((
        "year", "dept", "fiscal_total", "general", "government_fund", "state_capital", "fiscal_income",
        "fiscal_carry_in"), ""), "categories": "[name,amount]"}),
    "05": (("scale", "structure"), {"year": "", "dept": "", "current": "", "change": "",
                                    "items": "[name,amount,share]"}),
    "06": (("empty", "text", "personnel", "public"), {
        "year": "", "dept": "", "total": "", "personnel_amount": "", "public_amount": "",
        "personnel_items": "[]", "public_items": "[]"}),
    "07": (("unchanged", "lead", "items"), {
        **dict.fromkeys(("year", "prior_year", "dept", "total", "total_change", "total_unchanged",
                         "total_reason"), ""),
        **dict.fromkeys(("overseas", "reception", "vehicle", "operation", "purchase"), _ITEM3P)}),
    "08": (("text",), dict.fromkeys(("year", "amount", "change", "reason"), "")),
    "09": (("text",), dict.fromkeys(("year", "dept", "total", "goods", "works", "services"), "")),
    "10": (("overall", "no_projects", "projects"), dict.fromkeys((
        "year", "dept", "budget_total", "basic", "project", "units", "units_reporting", "amount_reporting",
        "annex", "count", "total", "operating", "specific", "operating_count", "operating_amount",
        "specific_count", "specific_amount", "published_count", "published_amount", "published_share",
        "published_operating_count", "published_operating_amount", "published_specific_count",
        "published_specific_amount"), "")),
    "11": (("vehicles", "office", "equipment"), {
        **dict.fromkeys(("as_of", "dept", "vehicle_quota", "vehicle_actual", "office_area", "office_note",
                         "equipment_500k", "equipment_1m"), ""),
        "vehicle_list": "[name,count]"}),
}

_ENTRY = "label,amount,share,last"
_TP_ITEM = "label,budget,amount,completion,change,reason,last"
#: the 决算 (final accounts) sections: 第三部分 一 … 十 and the 附件's derived paragraphs
FINAL_SECTIONS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "01": (("text",), dict.fromkeys(("year", "income_total", "expenditure_total", "income_change",
                                     "expenditure_change", "reason"), "")),
    "02": (("lead", "item"), {"year": "", "total": "", "entry": _ENTRY}),
    "03": (("lead", "item"), {"year": "", "total": "", "entry": _ENTRY}),
    "04": (("text",), dict.fromkeys(("year", "income_total", "expenditure_total", "income_change",
                                     "expenditure_change", "reason"), "")),
    "05": (("scale", "structure_lead", "structure_item", "detail_lead", "detail_item"), {
        **dict.fromkeys(("year", "amount", "share", "change", "reason", "budget", "completion"), ""),
        "entry": "name,amount,share,budget,completion,purpose,change,reason,last"}),
    "06": (("text", "personnel", "public"), dict.fromkeys((
        "year", "total", "personnel_amount", "public_amount", "personnel_includes", "public_includes"), "")),
    "07": (("text",), dict.fromkeys(("year", "opening", "income", "total", "closing"), "")),
    "08": (("text",), dict.fromkeys(("year", "total", "basic", "project"), "")),
    "09": (("lead", "item", "overseas_detail", "purchase_detail", "operation_detail", "reception_detail"), {
        **dict.fromkeys(("year", "total_budget", "total_amount", "total_completion", "total_change",
                         "overseas_groups", "overseas_people", "overseas_purpose", "vehicles_bought",
                         "purchase_purpose", "vehicles_held", "operation_purpose", "reception_batches",
                         "reception_people", "domestic_amount", "domestic_batches", "domestic_people",
                         "foreign_affairs_amount", "foreign_affairs_batches", "foreign_affairs_people",
                         "foreign_affairs_purpose", "abroad_amount", "abroad_batches", "abroad_people",
                         "abroad_purpose"), ""),
        **dict.fromkeys(("entry", "overseas", "purchase", "operation", "reception"), _TP_ITEM)}),
    "10": (("agency", "procurement", "assets", "performance"), {
        **dict.fromkeys((
            "year", "prior_year", "agency_amount", "agency_change", "agency_reason", "procurement_total",
            "goods", "works", "services", "sme", "sme_share", "small_micro", "small_micro_share", "as_of",
            "vehicle_total", "other_vehicles", "other_vehicles_purpose", "equipment", "projects", "paid",
            "general", "government_fund", "state_capital", "social_insurance", "excellent", "good", "fair",
            "poor", "measures"), ""),
        "vehicles": "[name,count]"}),
    "attachment": (("progress", "coverage"), dict.fromkeys(("year", "budget", "paid", "rate", "projects"), "")),
}
#: the sections of each document kind (the profile's ``kind``)
SECTIONS_BY_KIND = {"budget": SECTIONS, "final": FINAL_SECTIONS}

#: attributes of jinja's ``loop`` variable a template may read
_LOOP_FIELDS = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length"})
_FILTERS = ("join", "e", "escape", "trim")
#: stand-ins for line breaks inside values while a macro's own line breaks are removed
_NL, _CR = "\x1f", "\x1e"


@dataclass(frozen=True)
class TemplateProblem(Exception):
    """A mistake in a template file: the file, the line (None when not known), a Chinese message."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file} 第{self.line}行" if self.line else self.file
        return f"{where}：{self.message}"


def _fields(spec: str) -> tuple[str, ...]:
    return tuple(f for f in spec.strip("[]").split(",") if f)


def _sample(spec: str) -> Any:
    if spec == "[]":
        return ["示例"]
    if spec.startswith("["):
        return [dict.fromkeys(_fields(spec), "示例")]
    if spec:
        return dict.fromkeys(_fields(spec), "示例")
    return "示例"


def environment() -> SandboxedEnvironment:
    """The sandbox every profile template runs in."""
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=lambda name: bool(name) and name.removesuffix(".j2").endswith((".html", ".htm", ".xml")),
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in _FILTERS}
    return env


def _line_of(exc: BaseException, template: Any) -> int | None:
    """The template line of a runtime error: the innermost frame of the template's compiled code,
    mapped back to its source line (macros are called directly, so jinja rewrites no traceback)."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == template.filename:
            line = template.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return line


def _check(ast: nodes.Template, section: str, shown: str, sections: dict = SECTIONS) -> None:
    """Static checks of one section template (see the module docstring)."""
    slots, variables = sections[section]
    macros = {m.name for m in ast.find_all(nodes.Macro)}
    for node in ast.find_all(nodes.Macro):
        if node.name in variables:  # the macro would hide the value of that name
            raise TemplateProblem(shown, node.lineno, f"宏“{node.name}”与本节的变量同名，请给宏换个名字")
    for node in ast.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        raise TemplateProblem(shown, node.lineno, "模板不能引用其他文件（include / import / extends）")
    allowed = set(_LOOP_FIELDS)
    for spec in variables.values():
        allowed.update(_fields(spec))
    for node in ast.find_all(nodes.Getattr):
        if node.attr.startswith("_") or node.attr not in allowed:
            fields = "、".join(sorted(allowed - _LOOP_FIELDS))
            raise TemplateProblem(shown, node.lineno, f"不能取“.{node.attr}”：" + (
                f"只能取本节记录的字段（{fields}）" if fields else "本节的变量都是文字，没有字段"))
    for node in ast.find_all((nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow,
                              nodes.Neg, nodes.Pos)):
        raise TemplateProblem(shown, node.lineno, "模板不做计算：数字都由程序算好并排好格式，请直接用变量")
    for node in ast.find_all(nodes.Getitem):
        raise TemplateProblem(shown, node.lineno, "模板不能用 [ ] 取值：请直接用变量和字段名")
    for node in ast.find_all(nodes.Call):
        if not (isinstance(node.node, nodes.Name) and (node.node.name in macros or node.node.name == "caller")):
            raise TemplateProblem(shown, node.lineno, "模板只能调用本文件中定义的宏")
    # after the node checks: finding undeclared names runs the code generator, which folds
    # constants (a refused "x" * 10**9 would be computed here)
    undeclared = sorted(find_undeclared_variables(ast) - set(variables) - macros)
    if undeclared:
        name = undeclared[0]
        line = next((n.lineno for n in ast.find_all(nodes.Name) if n.name == name), None)
        known = "、".join(variables)
        raise TemplateProblem(shown, line, f"没有变量“{name}”；本节可用的变量：{known}")
    missing = [s for s in slots if s not in macros]
    if missing:
        raise TemplateProblem(shown, None, f"缺少段落宏：{'、'.join(missing)}（本节须定义 {'、'.join(slots)}）")


def _protect(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\r", _CR).replace("\n", _NL)
    if isinstance(value, dict):
        return {k: _protect(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_protect(v) for v in value]
    return value


def _paragraph(rendered: str) -> str:
    text = "".join(line.strip(" \t") for line in rendered.splitlines())
    return text.replace(_CR, "\r").replace(_NL, "\n")


class Wording:
    """The compiled section templates of one document kind (defaults plus a profile's own)."""

    def __init__(self, kind: str, override_dir: Path | None = None) -> None:
        self.kind = kind
        self.sections = SECTIONS_BY_KIND[kind]
        self._env = environment()
        self._templates: dict[str, Any] = {}
        self.files: dict[str, Path] = {}
        from ..resources import template_path

        own = override_dir / kind / "sections" if override_dir is not None else None
        if own is not None and own.is_dir():
            for path in sorted(own.iterdir()):
                if path.suffix != ".j2" or path.stem not in self.sections:
                    raise TemplateProblem(
                        str(path), None,
                        f"不认识的模板文件：只能是 {'、'.join(f'{s}.j2' for s in self.sections)}（第三部分各节）")
        for section in self.sections:
            path = own / f"{section}.j2" if own is not None and (own / f"{section}.j2").is_file() else None
            path = path or template_path(kind, "sections", f"{section}.j2")
            self.files[section] = path
            self._templates[section] = self._compile(section, path)

    def _compile(self, section: str, path: Path) -> Any:
        shown = str(path)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateProblem(shown, None, f"无法读取（须是 UTF-8 文本）：{exc}") from None
        try:
            ast = self._env.parse(source, name=f"{section}.j2", filename=shown)
            _check(ast, section, shown, self.sections)
            code = self._env.compile(ast, name=f"{section}.j2", filename=shown)
            template = self._env.template_class.from_code(self._env, code, self._env.make_globals(None))
        except TemplateSyntaxError as exc:
            raise TemplateProblem(shown, exc.lineno, f"模板语法错误：{exc.message}") from None
        slots, variables = self.sections[section]
        sample = {name: _sample(spec) for name, spec in variables.items()}
        for slot in slots:
            try:
                getattr(template.make_module(sample), slot)()
            except (TemplateError, TypeError, ValueError, AttributeError) as exc:
                raise TemplateProblem(shown, _line_of(exc, template), f"模板试算出错：{exc}") from None
        return template

    def paragraph(self, section: str, slot: str, **values: Any) -> str:
        """One paragraph: the macro ``slot`` of section ``section`` with ``values`` (formatted text)."""
        template = self._templates[section]
        shown = str(self.files[section])
        try:
            rendered = getattr(template.make_module(_protect(values)), slot)()
        except (TemplateError, TypeError, ValueError, AttributeError) as exc:
            raise TemplateProblem(shown, _line_of(exc, template), f"模板出错：{exc}") from None
        return _paragraph(str(rendered))
