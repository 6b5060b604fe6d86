"""Command line: parse arguments, call the pipeline, print, set the exit code. No business rules."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from . import __version__
from .issues import Issue

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=(
        "gendisclose：用标准工作簿生成部门预算公开文档（DOCX / PDF）。\n\n"
        "Turn the standard Excel workbook into a department budget disclosure.\n\n"
        "常用 / usage:  gendisclose template -o 模板.xlsx  →  填写  →  "
        "gendisclose validate 填好的.xlsx  →  gendisclose build 填好的.xlsx -o 输出目录"
    ),
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gendisclose {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本 / show version"),
) -> None:
    """gendisclose 部门预算公开生成工具."""


def print_issues(issues: list[Issue], source: Path | None = None) -> None:
    if source is not None:
        typer.echo(f"{source}：")
    for issue in issues:
        typer.echo(f"  {issue}")
    n_err = sum(1 for i in issues if i.is_error)
    n_warn = len(issues) - n_err
    typer.echo(f"  共 {n_err} 个错误，{n_warn} 个警告。" if issues else "  未发现问题。")


@app.command("template")
def template_cmd(
    output: Path = typer.Option(Path("部门预算公开模板.xlsx"), "-o", "--output", help="模板输出路径 / where to write"),
) -> None:
    """生成标准填报工作簿（财政局分发给各部门）/ write the blank standard workbook."""
    from .pipeline import atomic_write
    from .workbook.template import template_bytes

    atomic_write(output, template_bytes())
    typer.echo(f"已生成模板：{output}")


@app.command("validate")
def validate_cmd(
    workbook: Path = typer.Argument(..., help="填好的工作簿 .xlsx / the filled workbook"),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text 或 json"),
) -> None:
    """检查工作簿，一次列出所有错误和警告 / check a workbook, report every problem at once."""
    from .pipeline import check_workbook

    checked = check_workbook(workbook)
    if fmt is OutputFormat.json:
        payload = {
            "file": str(workbook),
            "ok": checked.ok,
            "errors": sum(1 for i in checked.issues if i.is_error),
            "warnings": sum(1 for i in checked.issues if not i.is_error),
            "issues": [i.as_dict() for i in checked.issues],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print_issues(checked.issues, workbook)
    raise typer.Exit(0 if checked.ok else 1)


class TablesFormat(str, Enum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command("tables")
def tables_cmd(
    workbook: Path = typer.Argument(..., help="填好的工作簿 .xlsx"),
    fmt: TablesFormat = typer.Option(TablesFormat.xlsx, "--format", help="csv、json 或 xlsx"),
    output: Path = typer.Option(Path("out"), "-o", "--output", help="输出目录 / output folder"),
) -> None:
    """导出十三张预算公开表（不排版文档）/ dump the 13 derived tables for checking."""
    from .derive.tables import derive_tables
    from .export import export_tables
    from .pipeline import check_workbook

    checked = check_workbook(workbook)
    if not checked.ok:
        print_issues(checked.issues, workbook)
        raise typer.Exit(1)
    assert checked.department is not None
    written = export_tables(derive_tables(checked.department), checked.department, output, fmt.value)
    for path in written:
        typer.echo(f"已写出：{path}")


@app.command("build")
def build_cmd(
    workbook: Path = typer.Argument(..., help="填好的工作簿 .xlsx"),
    output: Path = typer.Option(Path("out"), "-o", "--output", help="输出目录 / output folder"),
    formats: str = typer.Option("docx,pdf", "--format", help="docx,pdf,html 中的一种或几种（逗号分隔）"),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="只在出错时输出 / print only problems"),
) -> None:
    """检查并生成公开文档（DOCX 与 PDF）/ validate, derive and render the disclosure."""
    from .pipeline import FORMATS, build_workbook

    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        typer.echo(f"不支持的格式：{', '.join(bad) or '（空）'}；可选 docx、pdf、html", err=True)
        raise typer.Exit(2)
    built = build_workbook(workbook, output, wanted)
    issues = built.checked.issues
    if not built.checked.ok:
        print_issues(issues, workbook)
        typer.echo("存在错误，未生成任何文件。")
        raise typer.Exit(1)
    if not quiet:
        if issues:
            print_issues(issues, workbook)
        for path in built.outputs:
            typer.echo(f"已生成：{path}")
        stages = "，".join(f"{k} {v:.2f}s" for k, v in built.checked.timings.stages.items())
        typer.echo(f"用时：{stages}")


def main() -> None:
    """Console entry point: no traceback for a user mistake, ever.

    Every user mistake is an Issue reported by the stages; anything that still escapes is a
    bug of ours, reported in one Chinese line (set GENDISCLOSE_DEBUG=1 to see the traceback).
    """
    import os

    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("GENDISCLOSE_DEBUG"):
            raise
        typer.echo(
            f"内部错误：{type(exc).__name__}: {exc}。请将工作簿和此信息发给维护人员。", err=True
        )
        sys.exit(3)


if __name__ == "__main__":
    main()
