"""``zhengjiao --self-test``: a global option, so it needs no database, no command and no password.

Eager like ``--version``: it runs before click looks for a command, prints one line
per check and exits 0 when all passed, 1 otherwise. The checks (services.selftest)
load Qt, openpyxl and the rest only when asked, so every other command starts as fast
as before. This module must not import desktop_app.cli: the top-level group applies
the option while it is being defined.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _run(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from desktop_app.services.selftest import passed, run_self_test

    click.echo("征缴通自检（临时文件夹，不改动本机数据）")
    checks = run_self_test(report=lambda check: click.echo(check.line()))
    ok = passed(checks)
    failed = sum(1 for c in checks if not c.ok)
    click.echo(f"自检{'全部通过' if ok else f'未通过：{failed} 项失败'}（共 {len(checks)} 项）")
    sys.exit(0 if ok else 1)  # not ctx.exit: the group runs click in non-standalone mode, which swallows it


def self_test_option(f: F) -> F:
    return click.option(
        "--self-test",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_run,
        help="自检：在临时文件夹里试算全部政策用例、收费、打印收据 PDF、导出并校验批次",
    )(f)
