"""Print commands: the receipt, the receipt list, the daily summary, the unpaid list, as PDF.

Rendering needs Qt; it runs on the offscreen platform, so these work on a server or
over SSH as well as on the collector's laptop.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from desktop_app.cli import cli, fail, print_json
from desktop_app.cli.ledger import DATE, opened
from desktop_app.reports.day_summary import day_summary_document
from desktop_app.reports.fonts import FontMissingError
from desktop_app.reports.output import Printout, to_pdf
from desktop_app.reports.receipt import receipt_document
from desktop_app.reports.receipt_list import receipt_list_document
from desktop_app.reports.unpaid import unpaid_document
from desktop_app.services import printouts

PDF_OPTION = click.option("--pdf", "pdf", required=True, type=click.Path(dir_okay=False, path_type=Path),
                          help="输出的 PDF 文件")


def write(obj: dict[str, Any], printout: Printout, pdf: Path) -> None:
    if pdf.suffix.lower() != ".pdf":
        fail(f"--pdf: 文件名应以 .pdf 结尾，而不是“{pdf.name}”")
    try:
        path = to_pdf(printout, pdf)
    except FontMissingError as e:
        fail(str(e), 1)
    except OSError as e:
        fail(f"--pdf: 无法写入 {pdf}（{e}）")
    if obj["json"]:
        print_json({"pdf": str(path), "title": printout.title})
    else:
        click.echo(f"已生成 {printout.title}：{path}")


@cli.group("print")
def print_group() -> None:
    """打印：收据、收款清单、日结单、未缴名单（输出 PDF）。"""


@print_group.command("receipt")
@click.argument("receipt_no")
@PDF_OPTION
@click.option("--a4", is_flag=True, help="A4 版式（默认为 80 毫米热敏纸）")
@click.option("--reprint", is_flag=True, help="补打：收据上标明“补打”和补打时间")
@click.pass_obj
def print_receipt(obj: dict[str, Any], receipt_no: str, pdf: Path, a4: bool, reprint: bool) -> None:
    """打印一张收据（作废的收据标明“作废”）。"""
    with opened(obj, write=False) as ledger:
        data = printouts.gather_receipt(ledger, receipt_no, reprint=reprint)
    write(obj, receipt_document(data, "a4" if a4 else "roll"), pdf)


@print_group.command("receipts")
@click.option("--from", "date_from", type=DATE, required=True, help="起始缴费日期 YYYY-MM-DD")
@click.option("--to", "date_to", type=DATE, required=True, help="截止缴费日期 YYYY-MM-DD")
@PDF_OPTION
@click.pass_obj
def print_receipts(obj: dict[str, Any], date_from: date, date_to: date, pdf: Path) -> None:
    """收款清单：期间内的全部收据（含作废、退费）、合计与签字栏。"""
    if date_to < date_from:
        fail(f"--to: 截止日期 {date_to} 早于起始日期 {date_from}")
    with opened(obj, write=False) as ledger:
        data = printouts.gather_receipt_list(ledger, date_from, date_to)
    write(obj, receipt_list_document(data), pdf)


@print_group.command("day-summary")
@click.option("--on", "day", type=DATE, default=None, help="日期（默认今天）")
@PDF_OPTION
@click.pass_obj
def print_day_summary(obj: dict[str, Any], day: date | None, pdf: Path) -> None:
    """日结单：当日开具、作废、退费、应交现金，按资助类别汇总。"""
    with opened(obj, write=False) as ledger:
        data = printouts.gather_day_sheet(ledger, day or ledger.now().date())
    write(obj, day_summary_document(data), pdf)


@print_group.command("unpaid")
@PDF_OPTION
@click.pass_obj
def print_unpaid(obj: dict[str, Any], pdf: Path) -> None:
    """未缴名单：按村民小组列出本年度未缴费的在册人员，供催缴。"""
    with opened(obj, write=False) as ledger:
        data = printouts.gather_unpaid(ledger)
    write(obj, unpaid_document(data), pdf)
