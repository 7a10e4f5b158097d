"""The township's desk from the terminal: the same use cases as its window (ui.township_window).

``zhengjiao --db 乡镇.sqlite desk init --township 山头镇 --clerk 孙文书`` sets a ledger up in 乡镇
mode (password: --password or ZHENGJIAO_PASSWORD); ``desk add FOLDER…`` receives every batch in
the folders (a stick's root will do); ``desk status`` shows each village collector's progress,
重复参保 and what does not add up; ``desk export --out 县汇总.xlsx`` writes the county workbook
of the verified batches (as ``county merge`` does). Like the other scripted commands they act
as the desk's one clerk (``--clerk`` when there are several) and ask no password.
``add`` and ``export`` exit 1 when something needs looking into.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from desktop_app.cli import cli, fail, print_json
from desktop_app.cli.ledger import opened, password_of
from desktop_app.domain.desk import DeskStatus, ranges
from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Operator
from desktop_app.services.desk_status import desk_status
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import find_operator, only_operator
from desktop_app.services.township_desk import add_batches, export_county, initialise_township, is_township, to_json

EXIT_PROBLEMS = 1
CLERK = "以哪位经办人的身份（默认：唯一的经办人）"


@cli.group("desk")
def desk_group() -> None:
    """乡镇汇总：接收各村U盘上的上报批次，核验、汇总、导出县汇总。"""


def township_only(ledger: Ledger) -> None:
    if not is_township(ledger):
        raise LedgerError(f"{ledger.path} 不是乡镇汇总的数据库；请另建一个：zhengjiao --db 乡镇.sqlite desk init", "db")


def clerk_of(ledger: Ledger, name: str | None) -> Operator:
    township_only(ledger)
    return find_operator(ledger, name) if name is not None else only_operator(ledger)


@desk_group.command("init")
@click.option("--township", required=True, help="乡镇名称")
@click.option("--clerk", required=True, help="经办人姓名")
@click.option("--password", default=None, help="经办人的密码（也可用环境变量 ZHENGJIAO_PASSWORD）")
@click.pass_obj
def desk_init(obj: dict[str, Any], township: str, clerk: str, password: str | None) -> None:
    """把一个新数据库设置为乡镇汇总（不收费，不开缴费年度）。"""
    pw = password_of(password)
    if not pw:
        fail("--password: 需要为经办人设置密码（--password 或环境变量 ZHENGJIAO_PASSWORD）")
    with opened(obj, create=True) as ledger:
        operator = initialise_township(ledger, township, clerk, pw)
    if obj["json"]:
        print_json({"db": str(obj["db_path"]), "township": township.strip(), "clerk": operator.name})
    else:
        click.echo(f"已设置乡镇汇总：{township.strip()}，经办人 {operator.name}，数据库 {obj['db_path']}")


@desk_group.command("add")
@click.argument("places", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--clerk", default=None, help=CLERK)
@click.pass_obj
def desk_add(obj: dict[str, Any], places: tuple[Path, ...], clerk: str | None) -> None:
    """接收文件夹（可以是U盘根目录，逐层查找）或文件里的上报批次：复制到本机、核验、记录。"""
    with opened(obj) as ledger:
        arrival = add_batches(ledger, clerk_of(ledger, clerk), list(places))
    if obj["json"]:
        print_json(
            {
                "added": [to_json(b) for b in arrival.added],
                "failed": [to_json(b) for b in arrival.failed],
                "conflicts": [to_json(b) for b in arrival.conflicts],
                "already": list(arrival.already),
                "skipped": list(arrival.skipped),
            }
        )
    else:
        click.echo(arrival.summary())
        for b in (*arrival.failed, *arrival.conflicts):
            click.echo(f"  ✗ {b.label}（{b.workbook_name}）{b.state_label}：{'；'.join(b.problems[:3])}")
        for s in arrival.skipped:
            click.echo(f"  · 跳过 {s}")
    if arrival.failed or arrival.conflicts:
        sys.exit(EXIT_PROBLEMS)


def status_json(status: DeskStatus) -> dict[str, Any]:
    return {
        "township": status.township,
        "rows": status.rows,
        "people": status.people,
        "cash": format_yuan(status.cash),
        "collectors": [
            {
                "village": c.village,
                "collector": c.collector,
                "batches": list(c.batches),
                "missing": list(c.missing),
                "people": c.people,
                "cash": format_yuan(c.cash),
                "manifest_cash": format_yuan(c.manifest_cash),
                "last_batch_at": c.last_batch_at,
                "problems": c.problems,
            }
            for c in status.collectors
        ],
        "duplicates": [
            {
                "id_number": d.id_number,
                "name": d.name,
                "same_village": d.same_village,
                "paid": [p.__dict__ for p in d.paid],
            }
            for d in status.duplicates
        ],
        "findings": [f.__dict__ for f in status.findings],
    }


@desk_group.command("status")
@click.pass_obj
def desk_status_command(obj: dict[str, Any]) -> None:
    """各村各收款员的批次、人数、金额、缺少的批次；重复参保；待核对的问题。"""
    with opened(obj, write=False) as ledger:
        township_only(ledger)
        status = desk_status(ledger)
    if obj["json"]:
        print_json(status_json(status))
        return
    click.echo(
        f"{status.township}：已收 {len(status.verified)} 批，缴费 {status.people} 人，"
        f"实收 {format_yuan(status.cash)} 元"
    )
    for c in status.collectors:
        missing = f"，缺第 {ranges(c.missing)} 批" if c.missing else ""
        click.echo(
            f"  {c.village} {c.collector}：第 {ranges(c.batches) or '—'} 批{missing}，{c.people} 人，"
            f"{format_yuan(c.cash)} 元" + ("" if c.reconciled else "（金额不符）")
        )
    for d in status.duplicates:
        where = "；".join(f"{p.village} {p.collector} 第{p.batch_no}批 收据 {p.receipt_no}" for p in d.paid)
        click.echo(f"  重复参保 {d.name} {d.id_number}：{where}")
    for f in status.findings:
        click.echo(f"  {f.kind} {f.village} {f.collector}：{f.detail}")


@desk_group.command("export")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="县汇总工作簿（.xlsx），报告写在旁边（.report.json）",
)
@click.option("--clerk", default=None, help=CLERK)
@click.pass_obj
def desk_export(obj: dict[str, Any], out: Path, clerk: str | None) -> None:
    """把校验通过的批次汇总成县汇总工作簿（与 county merge 相同）。"""
    with opened(obj) as ledger:
        report = export_county(ledger, clerk_of(ledger, clerk), out)
    if obj["json"]:
        print_json(report.to_json())
    else:
        click.echo(
            f"县汇总已导出：{report.workbook}（{len(report.batches)} 批 {report.rows} 行）；报告 {report.report}"
        )
        if not report.ok:
            click.echo(
                f"  待核对：重复参保 {len(report.duplicates)} 人，缺批 {len(report.missing_batches)} 处，"
                f"收据号断号 {len(report.gaps)} 处，不平衡 {len(report.unreconciled)} 项"
            )
    if not report.ok:
        sys.exit(EXIT_PROBLEMS)
