"""``zhengjiao gui [--demo]``: the window, on the usual database or on the demo village.

The CLI and the window are sibling layers: this command does not import the window. It
calls the opener the composition root (``desktop_app.app``) put in the context.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from desktop_app.cli import WindowOpener, cli, fail
from desktop_app.demo.village import demo_path


@cli.command()
@click.option("--demo", is_flag=True, help="打开演示村（大庄村，约1500人）；第一次使用时自动建立")
@click.pass_context
def gui(ctx: click.Context, demo: bool) -> None:
    """打开征缴通窗口（不带子命令时也打开窗口）。"""
    obj: dict[str, Any] = ctx.obj
    opener: WindowOpener | None = obj.get("open_window")
    if opener is None:
        fail("这里不能打开窗口：请运行 zhengjiao 或 python -m desktop_app")
    chosen: Path | None = ctx.find_root().params.get("db_path")
    path = (chosen or demo_path()) if demo else obj["db_path"]
    sys.exit(opener(path, demo))
