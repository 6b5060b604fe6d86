"""Command line: parse arguments, call the pipeline, print, set the exit code. No business rules."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from . import __version__
from .issues import Issue
from .profile.commands import app as profile_app
from .profile.commands import load_or_exit, profile_option

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
app.add_typer(profile_app, name="profile")


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


class TemplateKind(str, Enum):
    budget = "budget"
    final = "final"


@app.command("template")
def template_cmd(
    output: Path = typer.Option(None, "-o", "--output", help="模板输出路径 / where to write", show_default=False),
    kind: TemplateKind = typer.Option(
        TemplateKind.budget, "--kind", help="budget（部门预算公开，默认）或 final（部门决算公开）"
    ),
) -> None:
    """生成标准填报工作簿（财政局分发给各部门）/ write the blank standard workbook."""
    from .model import DocumentKind
    from .pipeline import atomic_write
    from .workbook.template import template_bytes

    doc_kind = DocumentKind.FINAL_ACCOUNTS if kind is TemplateKind.final else DocumentKind.BUDGET
    output = output or Path(f"{doc_kind.value}模板.xlsx")
    atomic_write(output, template_bytes(kind=doc_kind))
    typer.echo(f"已生成{doc_kind.value}模板：{output}")


def _print_issue_dicts(issues: list[dict], source: str) -> None:
    """Like :func:`print_issues`, for the issue dicts a batch worker returns."""
    typer.echo(f"{source}：")
    for i in issues:
        typer.echo(f"  [{i['level']}] {i.get('cell') or '工作簿'}：{i['message']}")
    n_err = sum(1 for i in issues if i["level"] == "错误")
    typer.echo(f"  共 {n_err} 个错误，{len(issues) - n_err} 个警告。" if issues else "  未发现问题。")


def _inputs(paths: list[Path], exclude: tuple[Path, ...] = ()) -> list[Path]:
    from .batch import InputError, collect_inputs

    try:
        return collect_inputs(paths, exclude)
    except InputError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


def _run_batch(tasks: list, jobs: int | None, quiet: bool, label: str, dask: str | None = None) -> list:
    """Run the batch with a progress bar on stderr (only on a terminal and without -q);
    on the Dask cluster at ``dask`` instead of the process pool when given."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .batch import execute

    console = Console(stderr=True)
    counts = {"ok": 0, "bad": 0}
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("通过 {task.fields[ok]} · 有错误 {task.fields[bad]}"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
        transient=False,
    ) as progress:
        bar = progress.add_task(label, total=len(tasks), ok=0, bad=0)

        def advance(result) -> None:
            counts["ok" if result.ok else "bad"] += 1
            progress.update(bar, advance=1, ok=counts["ok"], bad=counts["bad"])

        if dask:
            return _run_on_cluster(dask, tasks, advance)
        return execute(tasks, jobs, on_result=advance)


def _run_on_cluster(address: str, tasks: list, advance) -> list:  # noqa: ANN001
    """``--dask``: the same tasks on an existing Dask cluster (:mod:`gendisclose.distributed`)."""
    from .distributed import ClusterError, execute_on_cluster

    try:
        return execute_on_cluster(address, tasks, on_result=advance)
    except ClusterError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


class PdfEngine(str, Enum):
    typst = "typst"
    weasyprint = "weasyprint"


PDF_ENGINE_HELP = ("PDF 排版引擎：typst（默认）或 weasyprint（打印 HTML 版，需 pip install \"gendisclose[weasyprint]\"）"
                   " / PDF engine")
DASK_HELP = ("交给已有的 Dask 集群生成，如 tcp://调度器:8786（需 pip install \"gendisclose[dask]\"，"
             "输入与输出目录须在各节点共享）/ run the builds on a Dask cluster")


def _require_weasyprint(wanted: tuple[str, ...]) -> None:
    from .render.pdf_weasyprint import unavailable

    if "pdf" not in wanted:
        typer.echo("提示：--pdf-engine 只影响 PDF，本次未生成 PDF（--format 中没有 pdf）。", err=True)
        return
    problem = unavailable()
    if problem:
        typer.echo(problem, err=True)
        raise typer.Exit(2)


JOBS_HELP = "并行进程数（默认 CPU 核数；1 = 不开子进程）/ worker processes"


@app.command("validate")
def validate_cmd(
    inputs: list[Path] = typer.Argument(..., help="工作簿 .xlsx，或包含工作簿的目录（可多个）/ workbooks or folders"),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text 或 json"),
    jobs: int = typer.Option(None, "--jobs", "-j", help=JOBS_HELP, show_default=False),
    summary: Path = typer.Option(
        None, "--summary", help="汇总表路径（多个工作簿时默认 ./汇总.xlsx）/ summary workbook", show_default=False
    ),
    no_summary: bool = typer.Option(False, "--no-summary", help="不写汇总表 / write no summary workbook"),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="只列出有错误的工作簿 / print only problems"),
    profile: Path = profile_option(),
) -> None:
    """检查工作簿，一次列出所有错误和警告；可一次检查一个目录 / check workbooks, report every problem at once."""
    loaded = load_or_exit(profile)
    if len(inputs) == 1 and not inputs[0].is_dir() and summary is None:
        _validate_single(inputs[0], fmt, quiet, loaded)
    from .batch import BatchSummary, Task, sort_results, summary_workbook, unique_keys
    from .pipeline import atomic_write

    target = None if no_summary else (summary or Path("汇总.xlsx"))
    files = _inputs(inputs, (target,) if target else ())
    keys = unique_keys(files)
    tasks = [Task(str(p), keys[p], profile=str(loaded.source) if loaded else None) for p in files]
    results = sort_results(_run_batch(tasks, jobs, quiet or fmt is OutputFormat.json, "检查"))
    report = BatchSummary(results)
    if target is not None:
        atomic_write(target, summary_workbook(results, build=False))
    if fmt is OutputFormat.json:
        payload = report.as_dict()
        payload["summary_file"] = str(target) if target else None
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for r in results:
            if r.issues and (not quiet or not r.ok):
                _print_issue_dicts(r.issues, r.file)
            elif not quiet:
                typer.echo(f"{r.file}：通过")
        typer.echo(f"共 {len(results)} 个工作簿：通过 {report.passed} 个，有错误 {report.failed} 个。")
        if target is not None:
            typer.echo(f"汇总表：{target}")
    raise typer.Exit(0 if report.ok else 1)


def _validate_single(workbook: Path, fmt: OutputFormat, quiet: bool, profile=None) -> None:  # noqa: ANN001
    """One file: the original single-workbook report (no summary table)."""
    from .pipeline import check_workbook

    if not workbook.exists():
        typer.echo(f"找不到文件或目录：{workbook}", err=True)
        raise typer.Exit(2)
    checked = check_workbook(workbook, profile=profile)
    if fmt is OutputFormat.json:
        payload = {
            "file": str(workbook),
            "ok": checked.ok,
            "errors": sum(1 for i in checked.issues if i.is_error),
            "warnings": sum(1 for i in checked.issues if not i.is_error),
            "issues": [i.as_dict() for i in checked.issues],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif not (quiet and checked.ok):
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
    profile: Path = profile_option(),
) -> None:
    """导出公开表（预算十三张、决算十张，不排版文档）/ dump the derived tables for checking."""
    from .export import derive_any_tables, export_tables
    from .pipeline import check_workbook

    loaded = load_or_exit(profile)
    checked = check_workbook(workbook, profile=loaded)
    if not checked.ok:
        print_issues(checked.issues, workbook)
        raise typer.Exit(1)
    assert checked.department is not None
    texts = loaded.tables if loaded else None
    written = export_tables(derive_any_tables(checked.department, texts), checked.department, output, fmt.value)
    for path in written:
        typer.echo(f"已写出：{path}")


@app.command("build")
def build_cmd(
    inputs: list[Path] = typer.Argument(..., help="工作簿 .xlsx，或包含工作簿的目录（可多个）/ workbooks or folders"),
    output: Path = typer.Option(Path("out"), "-o", "--output", help="输出目录 / output folder"),
    formats: str = typer.Option("docx,pdf", "--format", help="docx,pdf,html 中的一种或几种（逗号分隔）"),
    jobs: int = typer.Option(None, "--jobs", "-j", help=JOBS_HELP, show_default=False),
    force: bool = typer.Option(False, "--force", help="即使工作簿未变化也重新生成 / rebuild unchanged workbooks"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出汇总 / print the summary as JSON"),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="只在出错时输出 / print only problems"),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.typst, "--pdf-engine", help=PDF_ENGINE_HELP),
    dask: str = typer.Option(None, "--dask", help=DASK_HELP, show_default=False),
    profile: Path = profile_option(),
) -> None:
    """检查并生成公开文档（DOCX 与 PDF）；可一次生成一个目录 / validate, derive and render disclosures.

    每个工作簿旁记录清单（OUT/.<工作簿名>.manifest.json）：工作簿未变化时跳过，--force 重新生成。
    多个工作簿时在输出目录写出 汇总.xlsx。
    """
    from .batch import (
        CHANGE_SKIPPED,
        BatchSummary,
        Task,
        place_outputs,
        sort_results,
        summary_workbook,
        unique_keys,
    )
    from .pipeline import FORMATS, PDF_ENGINES, atomic_write

    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        typer.echo(f"不支持的格式：{', '.join(bad) or '（空）'}；可选 docx、pdf、html", err=True)
        raise typer.Exit(2)
    loaded = load_or_exit(profile)
    if pdf_engine is PdfEngine.weasyprint:
        _require_weasyprint(wanted)
        wanted = tuple(PDF_ENGINES["weasyprint"] if f == "pdf" else f for f in wanted)
    single = len(inputs) == 1 and not inputs[0].is_dir()
    files = _inputs(inputs)
    keys = unique_keys(files)
    tasks = [Task(str(p), keys[p], str(output), wanted, force, str(loaded.source) if loaded else None) for p in files]
    results = sort_results(_run_batch(tasks, jobs, quiet or single or as_json, "生成", dask))
    place_outputs(results, output)
    report = BatchSummary(results)
    if single:
        _report_single_build(results[0], output, quiet, as_json)
    summary = output / "汇总.xlsx"
    atomic_write(summary, summary_workbook(results, build=True))
    if as_json:
        payload = report.as_dict()
        payload["summary_file"] = str(summary)
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for r in results:
            if not r.ok:
                _print_issue_dicts(r.issues, r.file)
            elif not quiet:
                typer.echo(f"{r.file}：{r.change}" + ("" if r.change == CHANGE_SKIPPED else f" → {'，'.join(r.outputs)}"))
        typer.echo(
            f"共 {len(results)} 个工作簿：通过 {report.passed} 个（其中未变化跳过 {report.skipped} 个），"
            f"有错误 {report.failed} 个。输出目录：{output}，汇总表：{summary}"
        )
    raise typer.Exit(0 if report.ok else 1)


def _report_single_build(result, output: Path, quiet: bool, as_json: bool) -> None:
    """One file: the original single-workbook messages (no summary table)."""
    from .batch import CHANGE_SKIPPED, BatchSummary
    if as_json:
        typer.echo(json.dumps(BatchSummary([result]).as_dict(), ensure_ascii=False, indent=2))
        raise typer.Exit(0 if result.ok else 1)
    if not result.ok:
        _print_issue_dicts(result.issues, result.file)
        typer.echo("存在错误，未生成任何文件。")
        raise typer.Exit(1)
    if not quiet:
        if result.issues:
            _print_issue_dicts(result.issues, result.file)
        if result.change == CHANGE_SKIPPED:
            typer.echo(f"{CHANGE_SKIPPED}：{result.file}（输出与清单一致；--force 重新生成）")
        for rel in result.outputs:
            typer.echo(f"已生成：{output / rel}" if result.change != CHANGE_SKIPPED else f"  {output / rel}")
        stages = "，".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
        typer.echo(f"用时：{stages}")
    raise typer.Exit(0)


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    xlsx = "xlsx"


@app.command("diff")
def diff_cmd(
    old: Path = typer.Argument(..., help="原工作簿 / the earlier workbook"),
    new: Path = typer.Argument(..., help="更正后的工作簿 / the corrected workbook"),
    fmt: DiffFormat = typer.Option(DiffFormat.text, "--format", help="text、json 或 xlsx"),
    output: Path = typer.Option(None, "-o", "--output", help="写到文件（xlsx 格式时必填）/ write to a file", show_default=False),
) -> None:
    """对比两个版本的工作簿：填报内容、公开表格数字和第三部分文字的变化 / what changed between two workbooks.

    退出码：0 没有变化，1 有变化，2 参数或文件有误。
    """
    from .diff import diff_workbook_bytes, diff_workbooks, format_text
    from .pipeline import atomic_write

    for path in (old, new):
        if not path.is_file():
            typer.echo(f"找不到文件：{path}", err=True)
            raise typer.Exit(2)
    if fmt is DiffFormat.xlsx and output is None:
        typer.echo("xlsx 格式须用 -o 指定输出文件，如 -o 变化.xlsx", err=True)
        raise typer.Exit(2)
    result = diff_workbooks(old, new)
    if not result.comparable:
        typer.echo(format_text(result), err=True)
        raise typer.Exit(2)
    if fmt is DiffFormat.xlsx:
        atomic_write(output, diff_workbook_bytes(result))
        typer.echo(f"已写出对比表：{output}")
    else:
        text = (
            json.dumps(result.as_dict(), ensure_ascii=False, indent=2)
            if fmt is DiffFormat.json
            else format_text(result)
        )
        if output is not None:
            atomic_write(output, (text + "\n").encode("utf-8"))
            typer.echo(f"已写出：{output}")
        else:
            typer.echo(text)
    raise typer.Exit(0 if result.empty else 1)


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
