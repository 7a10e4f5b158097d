"""``zhengjiao import county-paid``, ``zhengjiao mark`` and ``zhengjiao coverage``: who is covered.

The county's list of people paid through any channel is imported for the acting year
(rows it could not take are listed on stderr as ``第N行 列 原因``; a file that cannot
be read or has no ID column exits 2 naming the file and what is missing); a status is
set or cleared by hand; the township's figures are printed as JSON or as a summary.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from desktop_app.cli import cli, fail, print_json
from desktop_app.cli.imports import import_group
from desktop_app.cli.ledger import DATE, acting_of, acting_options, opened
from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import MoneyError, format_yuan, parse_yuan
from desktop_app.services.county_paid import CountyPaidReport, import_county_paid
from desktop_app.services.coverage import (
    CHANNELS,
    EXCLUSIONS,
    STATUSES,
    Coverage,
    CoverageFigures,
    clear,
    coverage_figures,
    mark,
)
from desktop_app.services.register import find_by_id_number

LIST_FILE = click.Path(dir_okay=False, path_type=Path)


@import_group.command("county-paid")
@click.argument("file", type=LIST_FILE)
@click.option("--dry-run", is_flag=True, help="只检查，不写入")
@acting_options
@click.pass_obj
def county_paid_command(obj: dict[str, Any], file: Path, dry_run: bool, operator: str | None, year: int | None) -> None:
    """导入县医保或税务部门的已缴费名单（线上、银行、POS、学校…各渠道）：按证件号码登记为已缴费。"""
    with opened(obj, write=not dry_run) as ledger:
        acting = acting_of(ledger, operator, year)
        report = import_county_paid(ledger, acting, file, dry_run=dry_run)
    for p in report.problems:
        click.echo(f"第{p.row}行 {p.column} {p.reason}", err=True)
    for w in report.warnings:
        click.echo(f"提示：第{w.row}行 {w.column} {w.reason}", err=True)
    if obj["json"]:
        print_json(report.to_json())
    else:
        click.echo(county_summary(report))


def county_summary(report: CountyPaidReport) -> str:
    head = "检查通过（未写入）" if report.dry_run else ("已导入" if report.marked else "没有需要写入的变化")
    lines = [
        f"{head}：已缴费名单 {report.file}（{report.benefit_year}年度），读取 {report.rows} 行，"
        f"对上花名册 {report.matched} 人，新登记 {report.marked} 人，已登记过 {report.unchanged} 人"
    ]
    if report.problems:
        lines.append(f"未登记的行 {len(report.problems)} 行（原因见上）")
    if report.not_in_register:
        lines.append(f"花名册中没有的 {len(report.not_in_register)} 人：")
        lines += [f"  第{n.row}行 {n.name or '（无姓名）'} {n.id_number}" for n in report.not_in_register]
    if report.paid_here_too:
        lines.append(f"重复缴费 {len(report.paid_here_too)} 人（本村已收费，名单上又有；请核实并办理退费）：")
        lines += [f"  {p.name} {p.id_number} 本村收据 {p.receipt_no}" for p in report.paid_here_too]
    return "\n".join(lines)


@cli.command("mark")
@click.option("--id-number", required=True, help="人员的证件号码")
@click.option(
    "--status", default=None, help="参保状态：" + "、".join(f"{code}（{label}）" for code, label in STATUSES.items())
)
@click.option("--clear", "clear_it", is_flag=True, help="清除此人本年度的参保状态")
@click.option("--note", default="", help="说明（拒绝参保时必填：村民怎么说的）")
@click.option("--on", "on", type=DATE, default=None, help="日期：其他渠道的缴费日期，或状态开始的日期（默认今天）")
@click.option("--channel", default=None, help=f"缴费渠道（其他渠道已缴费时必填）：{'、'.join(CHANNELS.values())}")
@click.option("--amount", default=None, help="其他渠道缴费的金额（元）")
@click.option("--reference", default="", help="缴费凭证号（如电子税票号码）")
@acting_options
@click.pass_obj
def mark_command(
    obj: dict[str, Any],
    id_number: str,
    status: str | None,
    clear_it: bool,
    note: str,
    on: date | None,
    channel: str | None,
    amount: str | None,
    reference: str,
    operator: str | None,
    year: int | None,
) -> None:
    """登记或清除一人本年度的参保状态：其他渠道已缴费、职工医保、外地参保、现役军人、服刑、学校参保、拒绝参保…"""
    if clear_it == (status is not None):
        fail("--status: 请用 --status 指定参保状态，或用 --clear 清除（二者选一）")
    amount_fen = None
    if amount is not None:
        try:
            amount_fen = parse_yuan(amount)
        except MoneyError as e:
            fail(f"--amount: {e}")
    with opened(obj) as ledger:
        acting = acting_of(ledger, operator, year)
        person = find_by_id_number(ledger, id_number)
        if clear_it:
            done = clear(ledger, acting, person.id)
        else:
            assert status is not None
            done = mark(
                ledger,
                acting,
                person.id,
                status,
                note=note,
                on=on,
                channel=channel,
                amount=amount_fen,
                reference=reference,
            )
    if obj["json"]:
        print_json({"id_number": person.id_number, "name": person.name, "cleared": clear_it, **coverage_json(done)})
    elif clear_it:
        click.echo(f"已清除 {person.name} {done.benefit_year}年度的参保状态（原为：{done.label}）")
    else:
        click.echo(f"已登记 {person.name} {done.benefit_year}年度：{done.describe()}")


def coverage_json(c: Coverage) -> dict[str, Any]:
    return {
        "benefit_year": c.benefit_year,
        "status": c.status,
        "label": c.label,
        "channel": c.channel,
        "paid_on": c.paid_on.isoformat() if c.paid_on else None,
        "amount": format_yuan(c.amount) if c.amount is not None else None,
        "reference": c.reference,
        "note": c.note,
        "set_on": c.set_on.isoformat(),
        "source": c.source,
        "operator": c.operator,
    }


@cli.command("coverage")
@click.option("--year", "year", type=int, default=None, help="缴费年度（默认最近开启的年度）")
@click.pass_obj
def coverage_command(obj: dict[str, Any], year: int | None) -> None:
    """参保进度：应参保人数、各渠道已参保、不计入的人员、参保率与目标，分困难群众与村民小组。"""
    with opened(obj, write=False) as ledger:
        figures = coverage_figures(ledger, year)
    if obj["json"]:
        print_json(figures.to_json())
    else:
        click.echo(coverage_summary(figures))


def coverage_summary(f: CoverageFigures) -> str:
    excluded = "、".join(f"{EXCLUSIONS[k]} {n}" for k, n in f.excluded.items() if n) or "无"
    rate = f"{f.rate}%" if f.rate is not None else "—"
    target = f"，目标 {f.target}%" if f.target is not None else ""
    lines = [
        f"{f.benefit_year}年度参保进度：在册 {f.registered} 人，不计入 {f.registered - f.to_cover} 人（{excluded}），"
        f"应参保 {f.to_cover} 人",
        f"已参保 {f.covered} 人（本村收款 {f.covered_here}，其他渠道 {f.covered_elsewhere}），"
        f"未参保 {f.uncovered} 人（其中拒绝参保 {f.refused}），参保率 {rate}{target}",
    ]
    if f.groups:
        lines.append(
            "困难群众："
            + "；".join(f"{IDENTITIES.get(code, code)} {g.covered}/{g.to_cover}" for code, g in f.groups.items())
        )
    if f.village_groups:
        lines.append(
            "村民小组：" + "；".join(f"{name} {g.covered}/{g.to_cover}" for name, g in f.village_groups.items())
        )
    return "\n".join(lines)
