"""The catalogue of rules (issue 17): one source for every code the program can report."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from gendisclose.cli import app
from gendisclose.profile.levels import KNOWN, check_level, protected
from gendisclose.rules.catalogue import BY_CODE, CATALOGUE, markdown
from gendisclose.workbook.schema import Kind

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _issue_makers(trees: list[ast.Module]) -> dict[str, int]:
    """Every function taking ``code`` then ``message`` (error, warning, _make, file_issue, refuse…) →
    the position of ``code``; ``Issue(level, code, message…)`` itself."""
    makers = {"Issue": 1}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args]
                if "code" in names and names[names.index("code") + 1:names.index("code") + 2] == ["message"]:
                    makers[node.name] = names.index("code")
    return makers


def _raised() -> dict[str, set[str]]:
    """code → the levels the source raises it at ("错误"/"警告"; "" when the maker takes a level),
    from every call of an issue-making function.

    Codes built at run time are expanded: ``internal.{code}`` from the first argument of every
    ``_eq(...)`` / ``hierarchy_issues(...)`` guard, ``cell.{kind}`` from every column kind, constants by their value.
    """
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in (ROOT / "gendisclose").rglob("*.py")]
    makers = _issue_makers(trees)
    constants: dict[str, str] = {}
    calls: list[tuple[str, ast.expr]] = []
    internal: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        constants[target.id] = node.value.value
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in makers:
                position = makers[name]
                arg = next((k.value for k in node.keywords if k.arg == "code"), None)
                if arg is None and len(node.args) > position:
                    arg = node.args[position]
                if arg is not None and not isinstance(arg, ast.Starred):
                    calls.append((name, arg))
            if name in ("_eq", "hierarchy_issues") and node.args and isinstance(node.args[0], ast.Constant):
                internal.add(f"internal.{node.args[0].value}")
        for node in ast.walk(tree):  # the output folder's refusals travel as (code, message) pairs
            if isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[0], ast.Constant) \
                    and str(node.elts[0].value).startswith("output."):
                calls.append(("", node.elts[0]))
    found: dict[str, set[str]] = {}
    for name, arg in calls:
        level = {"error": "错误", "warning": "警告"}.get(name, "")
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            codes = {arg.value}
        elif isinstance(arg, ast.Name) and arg.id in constants:
            codes = {constants[arg.id]}
        elif isinstance(arg, ast.JoinedStr) and ast.unparse(arg).startswith("f'internal."):
            codes = internal
        elif isinstance(arg, ast.JoinedStr) and ast.unparse(arg).startswith("f'cell."):
            codes = {f"cell.{k.name.lower()}" for k in Kind}
        else:  # a maker passing its own parameter on (error(code, …) inside _make), problems[0][0]
            assert isinstance(arg, ast.Name | ast.Attribute | ast.Subscript), f"a code the scan cannot read: {ast.unparse(arg)}"
            continue
        for code in codes:
            found.setdefault(code, set()).add(level)
    return found


def test_every_code_the_source_raises_is_in_the_catalogue_at_its_level() -> None:
    found = _raised()
    assert len(found) > 100 and "internal.X13" not in found and "internal.X1" in found
    missing = sorted(set(found) - set(BY_CODE))
    assert not missing, f"add these codes to gendisclose/rules/catalogue.py: {missing}"
    wrong = sorted(c for c, levels in found.items() if "" not in levels and BY_CODE[c].level not in levels)
    assert not wrong, f"the catalogue's default level differs from the source: {wrong}"


def test_the_catalogue_names_each_rule_once_and_describes_it() -> None:
    codes = [r.code for r in CATALOGUE]
    assert len(codes) == len(set(codes))
    for r in CATALOGUE:
        assert r.level in ("错误", "警告") and r.description and r.source, r
        assert "|" not in r.description + r.source  # the Markdown table stays a table


def test_the_profile_may_relax_exactly_the_checks_that_are_not_structural() -> None:
    assert KNOWN == {r.code for r in CATALOGUE if not r.structural}
    for r in CATALOGUE:
        assert protected(r.code) is r.structural, r.code
        assert (check_level(r.code, "关闭") is None) is (not r.structural), r.code
        assert check_level(r.code, "错误") is None
    assert check_level("X13.basic_vs_economc", "警告") is not None  # a misspelt code is refused
    assert protected("internal.X99")  # an internal guard the catalogue missed stays protected


def test_docs_rules_md_is_generated_from_the_catalogue() -> None:
    doc = ROOT / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == markdown(), (
        "docs/rules.md is stale: python -m gendisclose.rules.catalogue > docs/rules.md"
    )


def test_gendisclose_rules_prints_the_catalogue_as_text_json_and_xlsx(tmp_path: Path) -> None:
    text = runner.invoke(app, ["rules"])
    assert text.exit_code == 0 and "X13.basic_vs_economic" in text.output and "内部校验" in text.output
    as_json = runner.invoke(app, ["rules", "--format", "json"])
    rows = json.loads(as_json.output)
    assert [r["code"] for r in rows] == [r.code for r in CATALOGUE]
    target = tmp_path / "规则.xlsx"
    made = runner.invoke(app, ["rules", "--format", "xlsx", "-o", str(target)])
    assert made.exit_code == 0, made.output
    sheet = load_workbook(target).active
    assert sheet.max_row == len(CATALOGUE) + 1 and sheet["A2"].value == CATALOGUE[0].code
    first = target.read_bytes()
    again = runner.invoke(app, ["rules", "--format", "xlsx", "-o", str(target)])  # same bytes: no refusal
    assert again.exit_code == 0 and target.read_bytes() == first
