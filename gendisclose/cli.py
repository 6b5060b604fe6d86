"""Command line: parse arguments, call the pipeline, print, set the exit code. No business rules."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path

import typer

from . import __version__
from .cli_files import (
    check_report_target,
    console_json,
    exists,
    fail,
    inputs_or_exit,
    is_usage_error,
    remove_if_empty,
    same_bytes,
    skipped_json,
    survive_any_encoding,
    usage_error,
    writable_folder,
    write,
)
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
    n_explained = sum(1 for i in issues if i.explained)
    explained = f"（其中已说明 {n_explained} 个）" if n_explained else ""
    typer.echo(f"  共 {n_err} 个错误，{n_warn} 个警告{explained}。" if issues else "  未发现问题。")


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
    from .workbook.template import template_bytes

    doc_kind = DocumentKind.FINAL_ACCOUNTS if kind is TemplateKind.final else DocumentKind.BUDGET
    output = output or Path(f"{doc_kind.value}模板.xlsx")
    data = template_bytes(kind=doc_kind)
    if exists(output) and not (output.is_file() and same_bytes(output, data)):
        fail(
            f"{output} 已存在，未覆盖（它可能是已填写的工作簿）；请换一个文件名（-o），或先移走它"
            if not output.is_dir()
            else f"{output} 是一个文件夹；请用 -o 指定模板的文件名，如 -o 模板.xlsx"
        )
    write(output, data, "模板")
    typer.echo(f"已生成{doc_kind.value}模板：{output}")


def _print_issue_dicts(issues: list[dict], source: str) -> None:
    """Like :func:`print_issues`, for the issue dicts a batch worker returns."""
    typer.echo(f"{source}：")
    for i in issues:
        note = f"（情况说明：{i['explanation']}）" if i.get("explanation") else ""
        typer.echo(f"  [{i.get('state') or i['level']}] {i.get('cell') or '工作簿'}：{i['message']}{note}")
    n_err = sum(1 for i in issues if i["level"] == "错误")
    typer.echo(f"  共 {n_err} 个错误，{len(issues) - n_err} 个警告。" if issues else "  未发现问题。")


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


ANNOTATE_HELP = ("写出标注了问题的工作簿副本 X.检查结果.xlsx（问题单元格标色并加批注，第一张表是问题清单）"
                 " / write an annotated copy of the workbook")


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
    annotate: bool = typer.Option(False, "--annotate", help=ANNOTATE_HELP),
    output: Path = typer.Option(None, "-o", "--output", help="检查结果的文件名（单个工作簿；含 --annotate）",
                                show_default=False),
    annotate_dir: Path = typer.Option(None, "--annotate-dir", help="多个工作簿的检查结果放在哪个文件夹"
                                      "（默认 ./检查结果；含 --annotate）", show_default=False),
    profile: Path = profile_option(),
) -> None:
    """检查工作簿，一次列出所有错误和警告；可一次检查一个目录 / check workbooks, report every problem at once."""
    from .cli_annotate import DEFAULT_DIR, beside, check_target

    loaded = load_or_exit(profile)
    if len(inputs) == 1 and not inputs[0].is_dir() and summary is None:
        annotated = output or (beside(inputs[0]) if annotate or annotate_dir else None)
        if annotated is not None:
            inputs_or_exit([inputs[0]])
            check_target(annotated, inputs)
        _validate_single(inputs[0], fmt, quiet, loaded, annotated)
    from .batch import BatchSummary, Task, sort_results, summary_workbook, unique_keys
    from .cli_annotate import annotate_results

    if output is not None:
        fail("-o 只用于检查单个工作簿；多个工作簿的检查结果用 --annotate-dir 指定文件夹")
    folder = annotate_dir or (DEFAULT_DIR if annotate else None)
    target = None if no_summary else (summary or Path("汇总.xlsx"))
    if target is not None:
        check_report_target(target, "；请用 --summary 指定其他位置，或加 --no-summary")
    found = inputs_or_exit(inputs, (target,) if target else (), quiet or fmt is OutputFormat.json)
    files = found.files
    keys = unique_keys(files)
    tasks = [Task(str(p), keys[p], profile=str(loaded.source) if loaded else None) for p in files]
    results = sort_results(_run_batch(tasks, jobs, quiet or fmt is OutputFormat.json, "检查"))
    report = BatchSummary(results)
    if folder is not None:
        annotate_results(results, folder)
    if target is not None:
        write(target, summary_workbook(results, build=False, link_base=target.parent), "汇总表")
    if fmt is OutputFormat.json:
        payload = report.as_dict()
        payload["summary_file"] = str(target) if target else None
        payload["skipped"] = skipped_json(found)
        typer.echo(console_json(payload))
    else:
        for r in results:
            if r.issues and (not quiet or not r.ok):
                _print_issue_dicts(r.issues, r.file)
            elif not quiet:
                typer.echo(f"{r.file}：通过")
        typer.echo(f"共 {len(results)} 个工作簿：通过 {report.passed} 个，有错误 {report.failed} 个。")
        if target is not None:
            typer.echo(f"汇总表：{target}")
        if any(r.annotated for r in results):
            typer.echo(f"检查结果：{folder}")
    raise typer.Exit(0 if report.ok else 1)


def _validate_single(workbook: Path, fmt: OutputFormat, quiet: bool, profile=None,  # noqa: ANN001
                     annotated: Path | None = None) -> None:
    """One file: the original single-workbook report (no summary table); with ``annotated``,
    the annotated copy written there."""
    from .cli_annotate import write_annotated
    from .pipeline import check_workbook

    inputs_or_exit([workbook])
    checked = check_workbook(workbook, profile=profile)
    if annotated is not None and not write_annotated(workbook, checked.issues, annotated):
        annotated = None
    if fmt is OutputFormat.json:
        payload = {
            "file": str(workbook),
            "ok": checked.ok,
            "errors": sum(1 for i in checked.issues if i.is_error),
            "warnings": sum(1 for i in checked.issues if not i.is_error),
            "explained": sum(1 for i in checked.issues if i.explained),
            "issues": [i.as_dict() for i in checked.issues],
            "annotated": str(annotated) if annotated else None,
        }
        typer.echo(console_json(payload))
    else:
        if not (quiet and checked.ok):
            print_issues(checked.issues, workbook)
        if annotated is not None:
            typer.echo(f"检查结果：{annotated}")
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
    from .export import derive_any_tables, exported_before, table_outputs
    from .pipeline import atomic_write_all, check_workbook

    loaded = load_or_exit(profile)
    inputs_or_exit([workbook])
    created = writable_folder(output, "输出目录", "；请用 -o 指定一个文件夹")
    checked = check_workbook(workbook, profile=loaded)
    if not checked.ok:
        remove_if_empty(created)
        print_issues(checked.issues, workbook)
        raise typer.Exit(1)
    assert checked.department is not None
    texts = loaded.tables if loaded else None
    outputs = table_outputs(derive_any_tables(checked.department, texts), checked.department, output, fmt.value)
    for path, data in outputs:  # an earlier export is replaced; a file of the user's never is
        if exists(path) and not same_bytes(path, data) and not exported_before(path, data):
            remove_if_empty(created)
            mine = path.is_file() and not path.is_symlink() and path.resolve() == workbook.resolve()
            fail(f"{path} 是要导出的工作簿本身，未覆盖；请用 -o 指定其他文件夹" if mine else
                 f"{path} 已存在，且不是本工具导出的公开表，未覆盖；请移走它，或用 -o 指定其他文件夹")
    try:
        atomic_write_all(outputs)
    except OSError as exc:
        from .batch.placement import describe_os_error

        remove_if_empty(created)
        fail(f"无法写出表格：{describe_os_error(exc)}")
    for path, _ in outputs:
        typer.echo(f"已写出：{path}")


@app.command("build")
def build_cmd(
    inputs: list[Path] = typer.Argument(..., help="工作簿 .xlsx，或包含工作簿的目录（可多个）/ workbooks or folders"),
    output: Path = typer.Option(Path("out"), "-o", "--output", help="输出目录 / output folder"),
    formats: str = typer.Option("docx,pdf", "--format", help="docx,pdf,html 中的一种或几种（逗号分隔）"),
    jobs: int = typer.Option(None, "--jobs", "-j", help=JOBS_HELP, show_default=False),
    force: bool = typer.Option(False, "--force", help="即使工作簿未变化也重新生成 / rebuild unchanged workbooks"),
    replace: bool = typer.Option(
        False,
        "--replace",
        help="替换输出目录中不能确认由本工作簿生成的同名文件（手工改过的、其他工作簿生成的）/ "
        "replace same-named files the tool cannot prove this workbook wrote",
    ),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出汇总 / print the summary as JSON"),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="只在出错时输出 / print only problems"),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.typst, "--pdf-engine", help=PDF_ENGINE_HELP),
    dask: str = typer.Option(None, "--dask", help=DASK_HELP, show_default=False),
    annotate: bool = typer.Option(False, "--annotate", help="未能生成时，在输出目录写出标注了问题的工作簿副本"
                                  " X.检查结果.xlsx / an annotated copy of each refused workbook"),
    profile: Path = profile_option(),
) -> None:
    """检查并生成公开文档（DOCX 与 PDF）；可一次生成一个目录 / validate, derive and render disclosures.

    每个工作簿旁记录清单（OUT/.<工作簿名>.<编号>.manifest.json）：工作簿未变化时跳过，--force 重新生成。
    只替换能确认由本工作簿生成的文件；其他同名文件不覆盖（--replace 才替换）。
    多个工作簿时在输出目录写出 汇总.xlsx。
    """
    from .pipeline import FORMATS, PDF_ENGINES

    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        fail(f"不支持的格式：{', '.join(bad) or '（空）'}；可选 docx、pdf、html")
    loaded = load_or_exit(profile)
    if pdf_engine is PdfEngine.weasyprint:
        _require_weasyprint(wanted)
        wanted = tuple(PDF_ENGINES["weasyprint"] if f == "pdf" else f for f in wanted)
    single = len(inputs) == 1 and not inputs[0].is_dir()
    summary = output / "汇总.xlsx"
    found = inputs_or_exit(inputs, (summary,), quiet or as_json)
    created = writable_folder(output, "输出目录", "；请用 -o 指定一个可以写入的文件夹")
    try:
        source = str(loaded.source) if loaded else None
        _build_into(found, output, wanted, jobs, force, replace, as_json, quiet, single, summary, dask, source,
                    annotate)
    finally:
        remove_if_empty(created)


def _build_into(
    found,
    output: Path,
    wanted: tuple[str, ...],
    jobs: int | None,
    force: bool,
    replace: bool,
    as_json: bool,
    quiet: bool,
    single: bool,
    summary: Path,
    dask: str | None = None,
    profile: str | None = None,
    annotate: bool = False,
) -> None:
    from .batch import (
        CHANGE_SKIPPED,
        BatchSummary,
        Task,
        place_outputs,
        sort_results,
        staging_run,
        summary_workbook,
        unique_keys,
    )
    from .batch.placement import describe_os_error

    files = found.files
    if not single:
        check_report_target(summary, "；请移走它，或用 -o 指定其他输出目录")
    keys = unique_keys(files)
    try:
        with staging_run(output) as staging:
            tasks = [
                Task(str(p), keys[p], str(output), wanted, force, profile, str(staging)) for p in files
            ]
            results = sort_results(_run_batch(tasks, jobs, quiet or single or as_json, "生成", dask))
            place_outputs(results, output, replace=replace)
    except OSError as exc:
        fail(f"无法在输出目录中写入：{describe_os_error(exc)}")
    report = BatchSummary(results)
    if annotate:
        from .cli_annotate import annotate_results

        annotate_results([r for r in results if not r.ok and not _output_refusals(r)], output)
    if single:
        _report_single_build(results[0], output, quiet, as_json)
    write(summary, summary_workbook(results, build=True, link_base=output), "汇总表")
    if as_json:
        payload = report.as_dict()
        payload["summary_file"] = str(summary)
        payload["skipped"] = skipped_json(found)
        typer.echo(console_json(payload))
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


def _output_refusals(result) -> list[str]:
    """The messages of a result refused because of the output folder (codes ``output.…``)."""
    errors = [i for i in result.issues if i["level"] == "错误"]
    if errors and all(i["code"].startswith("output.") for i in errors):
        return [i["message"] for i in errors]
    return []


def _report_single_build(result, output: Path, quiet: bool, as_json: bool) -> None:
    """One file: the original single-workbook messages (no summary table)."""
    from .batch import CHANGE_SKIPPED, BatchSummary

    refusals = _output_refusals(result)
    if as_json:
        typer.echo(console_json(BatchSummary([result]).as_dict()))
        raise typer.Exit(2 if refusals else 0 if result.ok else 1)
    if refusals:
        fail("\n".join(refusals))
    if not result.ok:
        _print_issue_dicts(result.issues, result.file)
        typer.echo("存在错误，未生成任何文件。" + (f"检查结果：{result.annotated}" if result.annotated else ""))
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


class RulesFormat(str, Enum):
    text = "text"
    json = "json"
    xlsx = "xlsx"
    md = "md"


@app.command("rules")
def rules_cmd(
    fmt: RulesFormat = typer.Option(RulesFormat.text, "--format", help="text、json、xlsx（须 -o）或 md"),
    output: Path = typer.Option(None, "-o", "--output", help="xlsx 的输出路径 / where to write", show_default=False),
) -> None:
    """列出全部检查规则（ID、默认级别、说明、来源）/ print the catalogue of rules."""
    from .rules import catalogue

    if fmt is RulesFormat.xlsx:
        output = output or Path("检查规则.xlsx")
        data = catalogue.xlsx_bytes()
        if exists(output) and not (output.is_file() and same_bytes(output, data)):
            fail(f"{output} 已存在，未覆盖；请换一个文件名（-o），或先移走它")
        write(output, data, "规则目录")
        typer.echo(f"已生成规则目录：{output}")
        return
    if fmt is RulesFormat.json:
        typer.echo(console_json([r.as_dict() for r in catalogue.CATALOGUE]))
    else:
        typer.echo(catalogue.markdown() if fmt is RulesFormat.md else catalogue.text(), nl=False)


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
    from .batch import InputError, own_output_kind
    from .batch.inputs import check_input_file
    from .diff import diff_workbook_bytes, diff_workbooks, format_text

    for path in (old, new):
        if path.is_dir():
            fail(f"{path} 是一个文件夹；diff 须指定两个工作簿文件")
        try:
            check_input_file(path)
        except InputError as exc:
            fail(str(exc))
    if fmt is DiffFormat.xlsx and output is None:
        fail("xlsx 格式须用 -o 指定输出文件，如 -o 变化.xlsx")
    if output is not None:
        if output.is_dir():
            fail(f"{output} 是一个文件夹；请用 -o 指定输出文件的名字，如 -o 变化.xlsx")
        if exists(output) and any(output.resolve() == p.resolve() for p in (old, new)):
            fail(f"-o {output} 是要对比的工作簿本身，未覆盖；请换一个文件名")
        if exists(output) and output.suffix.lower() in (".xlsx", ".xlsm") and own_output_kind(output) is None:
            fail(f"{output} 已存在，且不是本工具生成的对比表，未覆盖；请换一个文件名")
    result = diff_workbooks(old, new)
    if not result.comparable:
        typer.echo(format_text(result), err=True)
        raise typer.Exit(2)
    if fmt is DiffFormat.xlsx:
        assert output is not None
        write(output, diff_workbook_bytes(result), "对比表")
        typer.echo(f"已写出对比表：{output}")
    else:
        text = (
            json.dumps(result.as_dict(), ensure_ascii=False, indent=2)
            if fmt is DiffFormat.json
            else format_text(result)
        )
        if output is not None:
            write(output, (text + "\n").encode("utf-8"), "对比结果")
            typer.echo(f"已写出：{output}")
        else:
            typer.echo(console_json(result.as_dict()) if fmt is DiffFormat.json else text)
    raise typer.Exit(0 if result.empty else 1)


@app.command("serve")
def serve_cmd(
    data: Path = typer.Option(..., "--data", help="数据目录（数据库和上传、生成的文件都在这里）/ data folder"),
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址 / address to listen on"),
    port: int = typer.Option(8000, "--port", help="端口 / port"),
    profile: Path = profile_option(),
) -> None:
    """财政局的网页：各单位上传、改正工作簿，财政局查看状态并生成全部公开文件 / the bureau's web server.

    首次启动时设置管理员密码（环境变量 GENDISCLOSE_ADMIN_PASSWORD，或在终端输入）。
    需要 pip install "gendisclose[serve]"。
    """
    try:
        from .server.app import serve
    except ImportError as exc:
        fail(f"缺少网页服务所需的组件（{exc.name}）：请运行 pip install \"gendisclose[serve]\"")
    loaded = load_or_exit(profile)
    if exists(data) and not data.is_dir():
        fail(f"--data {data} 是一个文件，不是文件夹")
    serve(data, host, port, str(loaded.source) if loaded else None)


def _terminate_as_interrupt() -> None:
    """SIGTERM (a batch runner's timeout, ``kill``) ends a run like Ctrl-C: its staging folder
    removed, a half-done placement put back, “已中断。”; by default it died on the spot."""
    import signal

    def interrupt(signum, frame) -> None:  # noqa: ANN001, ARG001
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, interrupt)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM here
        pass


def main() -> None:
    """Console entry point: no traceback for a user mistake, ever.

    Every user mistake is an Issue reported by the stages; anything that still escapes is a
    bug of ours, reported in one Chinese line (set GENDISCLOSE_DEBUG=1 to see the traceback).
    A file-system failure nobody foresaw (a disk full …) is named in Chinese, exit 2; so is an
    argument mistake (typer's own messages are English).
    """
    survive_any_encoding()
    _terminate_as_interrupt()
    try:
        code = app(standalone_mode=False)
    except (KeyboardInterrupt, typer.Abort):
        code = 130
    except OSError as exc:
        if os.environ.get("GENDISCLOSE_DEBUG"):
            raise
        from .batch.placement import describe_os_error

        typer.echo(f"无法读写文件：{describe_os_error(exc)}", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if is_usage_error(exc):
            usage_error(exc)
            sys.exit(2)
        if os.environ.get("GENDISCLOSE_DEBUG"):
            raise
        typer.echo(
            f"内部错误：{type(exc).__name__}: {exc}。请将工作簿和此信息发给维护人员。", err=True
        )
        sys.exit(3)
    if code == 130:  # typer turns Ctrl-C into exit 130
        typer.echo("已中断。", err=True)
        _exit_past_the_render_thread()
    sys.exit(code if isinstance(code, int) else 0)


def _exit_past_the_render_thread() -> None:
    """After Ctrl-C the staging folder is gone and any placement put back (while unwinding);
    the interpreter would still wait for the render thread to finish laying out a PDF (seen
    to hold the exit over 60 s on a loaded machine). Exit at once when that thread lives."""
    import threading

    if not any(t.name.startswith("gendisclose-render") and t.is_alive() for t in threading.enumerate()):
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(130)


if __name__ == "__main__":
    main()
