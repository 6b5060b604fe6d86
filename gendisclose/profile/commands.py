"""``gendisclose profile init DIR`` / ``gendisclose profile check DIR`` and the ``--profile``
option the other commands share (kept here so cli.py only wires them in)."""

from __future__ import annotations

from pathlib import Path

import typer

from . import ENV_VAR

app = typer.Typer(help="配置（profile）：本局的措辞、结构、版式和检查级别 / a bureau's profile", no_args_is_help=True,
                  rich_markup_mode=None)

HELP = f"配置目录（含 profile.toml；也可设环境变量 {ENV_VAR}）/ profile folder"


def profile_option():  # noqa: ANN201 - a typer Option
    return typer.Option(None, "--profile", envvar=ENV_VAR, help=HELP, show_default=False)


def load_or_exit(folder: Path | None):  # noqa: ANN201 - Profile | None
    """The checked profile (None: the default), or its first mistake in Chinese and exit 2 —
    before any workbook is read."""
    if folder is None:
        return None
    from . import TemplateProblem, load_profile

    try:
        return load_profile(folder)
    except TemplateProblem as exc:
        typer.echo(f"配置有误：{exc}", err=True)
        raise typer.Exit(2) from None


@app.command("init")
def init_cmd(
    folder: Path = typer.Argument(..., help="要写入的目录 / folder to write"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的 profile.toml / overwrite"),
) -> None:
    """写出一份带注释的默认配置（profile.toml 和第三部分模板）供修改 / write the default profile to edit."""
    from .init import init_profile

    try:
        written = init_profile(folder, force=force)
    except FileExistsError:
        typer.echo(f"{folder / 'profile.toml'} 已存在；要覆盖请加 --force", err=True)
        raise typer.Exit(2) from None
    for path in written:
        typer.echo(f"已写出：{path}")


@app.command("check")
def check_cmd(folder: Path = typer.Argument(..., help="配置目录 / profile folder")) -> None:
    """检查配置（不读工作簿）/ check a profile without any workbook."""
    profile = load_or_exit(folder)
    assert profile is not None
    typer.echo(f"配置无误：{folder}（{profile.name}；部分顺序：{'、'.join(profile.parts)}）")
