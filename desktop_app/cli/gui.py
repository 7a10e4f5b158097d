"""``zhengjiao gui [--demo]``: the window, on the usual database or on the demo village."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from desktop_app.cli import cli
from desktop_app.services.demo_village import demo_path


def open_window(db_path: Path, demo: bool = False) -> int:
    """The CLI and the window are sibling layers: the window's module is loaded by name, here only."""
    app = importlib.import_module("desktop_app.ui.app")
    code: int = app.run(db_path, demo=demo)
    return code


@cli.command()
@click.option("--demo", is_flag=True, help="打开演示村（大庄村，约1500人）；第一次使用时自动建立")
@click.pass_context
def gui(ctx: click.Context, demo: bool) -> None:
    """打开征缴通窗口（不带子命令时也打开窗口）。"""
    obj: dict[str, Any] = ctx.obj
    chosen: Path | None = ctx.find_root().params.get("db_path")
    path = (chosen or demo_path()) if demo else obj["db_path"]
    sys.exit(open_window(path, demo))
