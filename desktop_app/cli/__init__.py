"""The CLI layer: ``zhengjiao``, the same use cases as the window, from a terminal.

Holds the click commands. Commands are thin: they parse arguments, call a service and
print. Bad input exits 2 with one Chinese line on stderr naming the field, never a
traceback, because other tools (and the county) script against these commands.

May import: ``desktop_app.services``, ``desktop_app.demo`` and ``desktop_app.domain`` values;
never ``store``, ``policy``, ``exchange``, ``reports`` or ``ui``, and never Qt. The window
is opened through the function the composition root (``desktop_app.app``) hands in.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from desktop_app import __version__
from desktop_app.cli.labels import labelled
from desktop_app.cli.selftest import self_test_option
from desktop_app.services.paths import default_db_path
from desktop_app.services.policies import PolicyCatalogue

EXIT_BAD_INPUT = 2

WindowOpener = Callable[[Path, bool], int]
"""Opens the window on a database (``True``: the demo village) and returns the exit code."""


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """One Chinese line on stderr: ``错误：密码：…`` (the English field name a command passes is labelled here)."""
    click.echo(f"错误：{labelled(message)}", err=True)
    sys.exit(code)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _usage_line(e: click.ClickException) -> str:
    """Click's usage errors, as one Chinese line naming the option."""
    if isinstance(e, click.MissingParameter):
        hint = e.param.opts[0] if e.param is not None and e.param.opts else (e.param_hint or "")
        return f"{hint}: 缺少此项"
    if isinstance(e, click.NoSuchOption):
        return f"{e.option_name}: 没有这个选项（用 --help 查看可用选项）"
    if isinstance(e, click.BadParameter):
        hint = e.param.opts[0] if e.param is not None and e.param.opts else (e.param_hint or "")
        return f"{hint}: 取值不对：{e.message}"
    if isinstance(e, click.UsageError):
        return f"用法不对：{e.message}（用 --help 查看用法）"
    return e.format_message()


class Commands(click.Group):
    """The top-level group: bad usage exits 2 with one Chinese line, never click's English block."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.Abort:
            fail("已取消")
        except click.ClickException as e:
            fail(_usage_line(e), e.exit_code if e.exit_code != 1 else EXIT_BAD_INPUT)


@click.group(cls=Commands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zhengjiao")
@self_test_option
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="数据库文件（默认在用户数据目录；也可用环境变量 ZHENGJIAO_DB）",
)
@click.option("--json", "as_json", is_flag=True, help="机器可读的 JSON 输出")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """征缴通：城乡居民医保村级代征工具。不带子命令时打开窗口。"""
    obj = ctx.ensure_object(dict)  # the composition root may have put the window opener in
    obj.update({"json": as_json, "catalogue": PolicyCatalogue(), "db_path": db_path or default_db_path()})
    if ctx.invoked_subcommand is None:
        from desktop_app.cli.gui import gui  # the window is what a double-click on the program expects

        ctx.invoke(gui)


def main(open_window: WindowOpener | None = None) -> None:
    """Run the command line; ``open_window`` is how ``gui`` (and a bare ``zhengjiao``) open the window."""
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "encoding", "") or "").lower() not in ("utf-8", "utf8"):
            try:
                stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
            except (AttributeError, ValueError):
                pass
    cli(prog_name="zhengjiao", obj={"open_window": open_window})


# The command modules register themselves on the group above.
from desktop_app.cli import (  # noqa: E402,F401  # noqa: E402,F401  # noqa: E402,F401
    batches,
    cash,
    coverage,
    desk,
    gui,
    imports,
    ledger,
    payout,
    policy_files,
    printing,
    quoting,
    unpaid,
    years,
)
