"""Upload batches from the terminal: export, the county's answer, verify, the county's merge.

``zhengjiao export batch --out DIR [--again N]``, ``zhengjiao import county-result FILE``,
``zhengjiao batch verify FILE``, ``zhengjiao county merge FILE… --out OUT.xlsx``.
Verify and merge need no ledger: they are what the county runs. Export and import act as
``--operator NAME`` (default: the village's one active collector) in ``--year Y`` (default:
the latest open benefit year); like before, they ask no password.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from desktop_app.cli import cli, fail, print_json
from desktop_app.cli.ledger import opened
from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.batches import Template, batch_template, export_again, export_batch, list_batches
from desktop_app.services.county import (
    export_state,
    import_county_results,
    merge_batches,
    rejected_people,
    verify_batch,
)
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import acting_as, find_operator, only_operator
from desktop_app.services.records import load_payment_by_receipt

EXIT_PROBLEMS = 1
OPERATOR = "以哪位收款员的身份（默认：本村唯一的收款员；有多位时必须指定）"


def acting(ledger: Ledger, operator: str | None, year: int | None) -> Acting:
    """The named collector (else the village's only active one), in the year (else the latest open one).

    A collector who has since been disabled may still send what they took: the batch is theirs.
    """
    chosen = find_operator(ledger, operator) if operator is not None else only_operator(ledger)
    return acting_as(ledger, chosen, year)


def shared_group(name: str, help_text: str, owner: str | None = None) -> click.Group:
    """The top-level group of that name, whichever command module is loaded first.

    ``owner`` is the module that defines the group for its own commands (``import roster``
    lives in ``desktop_app.cli.imports``); it is loaded first so its group is the one used,
    and when it does not exist the group is made here.
    """
    if owner:
        try:
            importlib.import_module(owner)
        except ModuleNotFoundError as e:
            if e.name != owner:
                raise
    existing = cli.commands.get(name)
    if isinstance(existing, click.Group):
        return existing
    group = click.Group(name, help=help_text)
    cli.add_command(group)
    return group


export_group = shared_group("export", "导出：上报县里的批次。")
import_group = shared_group("import", "导入：花名册、身份名单、县里的回盘。", owner="desktop_app.cli.imports")


@cli.group("batch")
def batch_group() -> None:
    """上报批次：校验、列表、县级退回的人员。"""


@cli.group("county")
def county_group() -> None:
    """县级：汇总各村的上报批次。"""


@export_group.command("batch")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="导出到此文件夹（默认：插着的U盘上的“医保上报”文件夹）",
)
@click.option(
    "--again",
    "again",
    type=click.IntRange(1),
    default=None,
    help="重新导出第 N 批（U盘丢失时），与当初的文件逐字节相同",
)
@click.option("--template", "template_name", default=None, help="列模板名称或 .toml 文件（默认 default）")
@click.option("--operator", "operator", default=None, help=OPERATOR)
@click.option("--year", "year", type=int, default=None, help="导出此缴费年度的记录（默认：最近开启的年度）")
@click.pass_obj
def export_batch_command(
    obj: dict[str, Any],
    out: Path | None,
    again: int | None,
    template_name: str | None,
    operator: str | None,
    year: int | None,
) -> None:
    """把尚未上报的缴费、作废、退费和更正记录导出为下一批（工作簿 + 清单），写完读回校验。"""
    if again is not None and template_name:
        fail("--template: 重新导出沿用该批当初的模板，不能另选模板")
    template: Template | None = None
    if template_name:
        try:
            template = batch_template(template_name)
        except LedgerError as e:
            fail(f"--template: {e.message}")
    with opened(obj) as ledger:
        who = acting(ledger, operator, year)
        if again is not None:
            result = export_again(ledger, who, again, out)
        else:
            result = export_batch(ledger, who, out, template)
    if obj["json"]:
        print_json(result.to_json())
        return
    what = "重新导出" if result.again else "已导出"
    click.echo(f"{what}第{result.batch_no}批：{result.rows} 行，净额 {format_yuan(result.total)} 元；已读回校验")
    click.echo(f"  工作簿 {result.workbook}")
    click.echo(f"  清单   {result.manifest}")


@import_group.command("county-result")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--operator", "operator", default=None, help=OPERATOR)
@click.option("--year", "year", type=int, default=None, help="记入此缴费年度（默认：最近开启的年度）")
@click.pass_obj
def import_county_result_command(obj: dict[str, Any], file: Path, operator: str | None, year: int | None) -> None:
    """导入县里的回盘（.xlsx/.xls/.csv）：逐行记为接收或退回，列出退回的人员。"""
    with opened(obj) as ledger:
        report = import_county_results(ledger, acting(ledger, operator, year), file)
    if obj["json"]:
        print_json(report.to_json())
    else:
        click.echo(
            f"回盘 {report.file}：接收 {report.accepted} 人，退回 {len(report.rejected)} 人"
            + (f"，{report.unchanged} 行此前已记录" if report.unchanged else "")
        )
        for r in report.rejected:
            click.echo(
                f"  退回 {r.name} {r.id_number or '无证件'} 收据 {r.receipt_no}（第{r.batch_no}批）：{r.reason} —— {r.state}"
            )
        if report.rejected:
            click.echo("更正登记信息后，下一次导出会把更正的人作为“重报”行上报。")
        for problem in report.problems:
            click.echo(f"  未记录：{problem}", err=True)
    if report.problems:
        raise SystemExit(EXIT_PROBLEMS)


@batch_group.command("verify")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def verify_command(obj: dict[str, Any], file: Path) -> None:
    """校验批次（工作簿或清单，另一个须在同一文件夹）：哈希、逐行合计、与上一批的连续性。"""
    if not file.is_file():
        fail(f"FILE: {file} 不存在或不是文件")
    try:
        result = verify_batch(file)
    except LedgerError as e:  # the manifest is unreadable or missing: the batch cannot be trusted
        if obj["json"]:
            print_json({"ok": False, "workbook": str(file), "problems": [e.message], "notes": []})
        else:
            click.echo(f"校验未通过：{e.message}", err=True)
        raise SystemExit(EXIT_PROBLEMS) from None
    if obj["json"]:
        print_json(result.to_json())
    elif result.ok:
        click.echo(f"校验通过：{result.label}，{len(result.rows)} 行，与清单一致")
        for note in result.notes:
            click.echo(f"  {note}")
    else:
        click.echo(f"校验未通过：{result.label}", err=True)
        for problem in result.problems:
            click.echo(f"  ✗ {problem}", err=True)
    if not result.ok:
        raise SystemExit(EXIT_PROBLEMS)


@batch_group.command("list")
@click.option("--year", "year", type=int, default=None, help="只列此缴费年度的批次（默认：全部）")
@click.pass_obj
def list_command(obj: dict[str, Any], year: int | None) -> None:
    """已导出的批次。"""
    with opened(obj, write=False) as ledger:
        batches = list_batches(ledger, year)
    if obj["json"]:
        print_json([b.__dict__ for b in batches])
        return
    if not batches:
        click.echo("还没有导出过批次")
    for b in batches:
        click.echo(
            f"第{b.batch_no}批  {b.created_at}  {b.collector}  {b.rows} 行  净额 {b.total} 元  {b.workbook_name}"
        )


@batch_group.command("rejected")
@click.option("--year", "year", type=int, default=None, help="只列此缴费年度的人员（默认：全部）")
@click.pass_obj
def rejected_command(obj: dict[str, Any], year: int | None) -> None:
    """县里退回、尚待处理的人员（更正后下一批重报；或作废、退费）。"""
    with opened(obj, write=False) as ledger:
        people = rejected_people(ledger, year=year)
    if obj["json"]:
        print_json([r.__dict__ for r in people])
        return
    if not people:
        click.echo("没有待处理的退回人员")
    for r in people:
        click.echo(
            f"{r.name} {r.id_number or '无证件'} 户号 {r.household_no} 收据 {r.receipt_no}"
            f"（第{r.batch_no}批）：{r.reason} —— {r.state}"
        )


@batch_group.command("state")
@click.argument("receipt_no")
@click.pass_obj
def state_command(obj: dict[str, Any], receipt_no: str) -> None:
    """一张收据的上报状态：未上报 / 第N批 / 县级已接收 / 县级退回。"""
    with opened(obj, write=False) as ledger:
        state = export_state(ledger, load_payment_by_receipt(ledger, receipt_no).uid)
    if obj["json"]:
        print_json(
            {
                "state": state.state,
                "label": state.label,
                "batch_no": state.batch_no,
                "void_batch_no": state.void_batch_no,
                "refund_batches": list(state.refund_batches),
                "lines": [line.__dict__ for line in state.lines],
            }
        )
    else:
        click.echo(f"收据 {receipt_no.upper()}：{state.label}")


@county_group.command("merge")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="汇总工作簿（.xlsx）；报告写在旁边（.report.json）",
)
@click.pass_obj
def merge_command(obj: dict[str, Any], files: tuple[Path, ...], out: Path) -> None:
    """校验并汇总各村批次，报告重复参保、收据断号、缺批与不平衡（--json：机器可读的报告）。"""
    try:
        report = merge_batches(list(files), out)
    except LedgerError as e:
        fail(e.message)
    if obj["json"]:
        print_json(report.to_json())
    else:
        click.echo("\n".join(merge_lines(report.to_json())))
    if not report.ok:
        raise SystemExit(EXIT_PROBLEMS)


def merge_lines(report: dict[str, Any]) -> list[str]:
    """The merge report in plain Chinese: what was read, each village's and collector's money, what is wrong."""
    lines = [
        f"汇总工作簿：{report['workbook']}（{report['rows']} 行）",
        f"报告：{report['report']}",
        f"批次：{len(report['batches'])} 个",
    ]
    for b in report["batches"]:
        state = b.get("skipped") or ("校验通过" if b["ok"] else "校验未通过")
        lines.append(f"  {b['village']} {b['collector']} 第{b['batch_no']}批 {b['rows']} 行 —— {state}")
    for t in report["totals"]:
        lines.append(
            f"{t['village']} {t['collector']}：第 {'、'.join(map(str, t['batches']))} 批，净额 {t['net_cash']} 元"
        )
    problems = [
        f"重复参保：{d['name']} {d['id_number']}："
        + "；".join(f"{p['village']} {p['collector']} 第{p['batch_no']}批 收据 {p['receipt_no']}" for p in d["paid"])
        for d in report["duplicates"]
    ]
    problems += [
        f"收据号断号：{g['village']} {g['collector']}："
        + "、".join(f"{x['from']}–{x['to']}" if x["count"] > 1 else x["from"] for x in g["missing"])
        for g in report["gaps"]
    ]
    problems += [
        f"缺少批次：{m['village']} {m['collector']} 缺第 {'、'.join(map(str, m['missing']))} 批"
        for m in report["missing_batches"]
    ]
    problems += [
        f"不平衡：{u.get('village', '')} {u.get('collector', '')}：{u['detail']}" for u in report["unreconciled"]
    ]
    if report["voids"] or report["refunds"]:
        lines.append(f"作废 {len(report['voids'])} 条，退费 {len(report['refunds'])} 条")
    lines.append(f"发现问题 {len(problems)} 项：" if problems else "全部核对无误：没有重复参保、断号、缺批或不平衡")
    lines += [f"  ✗ {p}" for p in problems]
    return lines
