"""达拉特旗's 先缴后补 payout list from the terminal: ``zhengjiao export payout --out FILE.xlsx [--year Y]``.

One sheet per paying office (who, ID number, identity or ethnicity, amount, bank or
一卡通 account, receipt) and a summary; the people still without an account are counted,
so the collector knows whom to ask. Acts as ``--operator NAME`` (default: the village's
one active collector), like the batch export, and asks no password.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from desktop_app.cli import print_json
from desktop_app.cli.batches import OPERATOR, acting, shared_group
from desktop_app.cli.ledger import opened
from desktop_app.domain.money import format_yuan
from desktop_app.services.payouts import export_payout

export_group = shared_group("export", "导出：上报县里的批次。")


@export_group.command("payout")
@click.option(
    "--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="写到此工作簿（.xlsx）"
)
@click.option("--year", "year", type=int, default=None, help="此缴费年度（默认：最近开启的年度）")
@click.option("--operator", "operator", default=None, help=OPERATOR)
@click.pass_obj
def export_payout_command(obj: dict[str, Any], out: Path, year: int | None, operator: str | None) -> None:
    """导出“先缴后补”资助发放名单（每个资助部门一张表，含账号），交资助部门核发。"""
    with opened(obj) as ledger:
        result = export_payout(ledger, acting(ledger, operator, year), out)
    if obj["json"]:
        print_json(result.to_json())
        return
    found = result.payouts
    click.echo(
        f"已导出{found.benefit_year}年度先缴后补发放名单：{len(found.entries)} 人，"
        f"合计 {format_yuan(found.amount)} 元 —— {result.workbook}"
    )
    for payer, rows in found.groups:
        click.echo(f"  {payer}：{len(rows)} 人，{format_yuan(sum(e.line.subsidy for e in rows))} 元")
    if found.missing_accounts:
        click.echo(f"  其中 {found.missing_accounts} 人还没有登记账号，请在人员信息中补上后再导出")
