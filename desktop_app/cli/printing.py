"""Print commands: the receipt, the receipt list, the daily summary, the unpaid list, as PDF.

Each goes through services.printouts, the registry the window uses too, so both print
the same thing. The lists are the acting collector's (``--operator``, by default the
village's only collector; ``--all`` for every collector's, 全村汇总) in the acting
benefit year (``--year``, by default the latest open one). Rendering needs Qt; it
runs on the offscreen platform, so these work on a server or over SSH as well as on
the collector's laptop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from desktop_app.cli import cli, fail, print_json
from desktop_app.cli.ledger import DATE, opened
from desktop_app.domain.errors import Refusal
from desktop_app.domain.operators import Acting
from desktop_app.services import printouts
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import acting_as, find_operator, list_operators, only_operator
from desktop_app.services.refunds import refund_applications

F = TypeVar("F", bound=Callable[..., Any])

PAPERS = {"80": "roll", "58": "roll58", "a4": "a4", "form": "form"}
PDF_OPTION = click.option(
    "--pdf", "pdf", required=True, type=click.Path(dir_okay=False, path_type=Path), help="输出的 PDF 文件"
)


def acting_options(f: F) -> F:
    f = click.option("--year", "year", type=int, default=None, help="缴费年度（默认最近开启的年度）")(f)
    return click.option("--operator", "operator", default=None, help="收款员姓名（本村只有一位收款员时可省略）")(f)


def acting_of(ledger: Ledger, operator: str | None, year: int | None, *, anyone: bool = False) -> Acting:
    """Who prints, in which year. ``anyone``: the printout is the whole village's, so any collector will do
    when several share the ledger and none was named."""
    if operator:
        chosen = find_operator(ledger, operator)
    elif anyone:
        active = [o for o in list_operators(ledger) if o.active]
        chosen = active[0] if len(active) > 1 else only_operator(ledger)
    else:
        chosen = only_operator(ledger)
    return acting_as(ledger, chosen, year)


def write(obj: dict[str, Any], printout: printouts.Printout, pdf: Path) -> None:
    if pdf.suffix.lower() != ".pdf":
        fail(f"--pdf: 文件名应以 .pdf 结尾，而不是“{pdf.name}”")
    try:
        path = printouts.to_pdf(printout, pdf)
    except Refusal as e:  # the bundled font is missing: the program, not the input, is at fault
        fail(str(e), 1)
    except OSError as e:
        fail(f"--pdf: 无法写入 {pdf}（{e}）")
    if obj["json"]:
        print_json({"pdf": str(path), "title": printout.title})
    else:
        click.echo(f"已生成 {printout.title}：{path}")


@cli.group("print")
def print_group() -> None:
    """打印：收据、套打票据与测试页、收款清单、日结单、未缴名单、结报单、退费申请表、先缴后补发放名单（输出 PDF）。"""


@print_group.command("receipt")
@click.argument("receipt_no")
@PDF_OPTION
@click.option("--a4", is_flag=True, help="A4 版式（默认为 80 毫米热敏纸）")
@click.option(
    "--paper",
    type=click.Choice(tuple(PAPERS)),
    default=None,
    help="纸张：80（毫米卷纸，默认）、58（毫米卷纸）、a4，或 form（套打到税务专用票据上）",
)
@click.option("--reprint", is_flag=True, help="补打：收据上标明“补打”和补打时间")
@click.pass_obj
def print_receipt(obj: dict[str, Any], receipt_no: str, pdf: Path, a4: bool, paper: str | None, reprint: bool) -> None:
    """打印一张收据（作废的收据标明“作废”），或套打到税务专用票据上（--paper form）。"""
    layout = PAPERS[paper or ("a4" if a4 else "80")]
    with opened(obj, write=False) as ledger:
        if layout == "form":
            printout = printouts.document(ledger, None, "form_receipt", receipt_no=receipt_no, reprint=reprint)
        else:
            printout = printouts.document(
                ledger, None, "receipt", receipt_no=receipt_no, reprint=reprint, layout=layout
            )
    write(obj, printout, pdf)


@print_group.command("test-page")
@PDF_OPTION
@click.pass_obj
def print_test_page(obj: dict[str, Any], pdf: Path) -> None:
    """套打测试页：毫米网格、十字和版式的各栏，用来量出打印机偏移。"""
    with opened(obj, write=False) as ledger:
        printout = printouts.document(ledger, None, "test_page")
    write(obj, printout, pdf)


@print_group.command("settlement")
@click.argument("number", type=int)
@acting_options
@PDF_OPTION
@click.pass_obj
def print_settlement(obj: dict[str, Any], number: int, operator: str | None, year: int | None, pdf: Path) -> None:
    """结报单：收款员第 N 号结报（期间、收据和票据号段、作废票据、金额大小写、缴款书号、签字栏）。"""
    with opened(obj, write=False) as ledger:
        printout = printouts.document(ledger, acting_of(ledger, operator, year), "settlement", settlement_no=number)
    write(obj, printout, pdf)


@print_group.command("refund-form")
@click.argument("which")
@PDF_OPTION
@click.pass_obj
def print_refund_form(obj: dict[str, Any], which: str, pdf: Path) -> None:
    """退费申请表：按申请编号，或按收据号（该收据最近的一份申请）。"""
    with opened(obj, write=False) as ledger:
        uid = which.strip()
        if not any(a.uid == uid for a in refund_applications(ledger)):
            found = refund_applications(ledger, receipt_no=uid.upper())
            if not found:
                fail(f"收据 {uid} 没有退费申请")
            uid = found[-1].uid
        printout = printouts.document(ledger, None, "refund_form", uid=uid)
    write(obj, printout, pdf)


@print_group.command("payout")
@acting_options
@PDF_OPTION
@click.pass_obj
def print_payout(obj: dict[str, Any], operator: str | None, year: int | None, pdf: Path) -> None:
    """先缴后补发放名单：按资助部门列出本年度应补发资助的人员和金额。"""
    with opened(obj, write=False) as ledger:
        printout = printouts.document(ledger, acting_of(ledger, operator, year, anyone=True), "payout")
    write(obj, printout, pdf)


@print_group.command("leaflet")
@click.option("--year", type=int, default=None, help="缴费年度（默认最近开启的年度）")
@PDF_OPTION
@click.pass_obj
def print_leaflet(obj: dict[str, Any], year: int | None, pdf: Path) -> None:
    """政策明白纸（A4 一页）：各类人员个人缴费金额、缴费期、期外规定、要带的材料、缴费渠道、咨询电话。"""
    with opened(obj, write=False) as ledger:
        printout = printouts.document(ledger, None, "leaflet", year=year)
    write(obj, printout, pdf)


@print_group.command("receipts")
@click.option("--from", "date_from", type=DATE, required=True, help="起始缴费日期 YYYY-MM-DD")
@click.option("--to", "date_to", type=DATE, required=True, help="截止缴费日期 YYYY-MM-DD")
@click.option("--all", "everyone", is_flag=True, help="全村汇总：全部收款员的收据")
@acting_options
@PDF_OPTION
@click.pass_obj
def print_receipts(
    obj: dict[str, Any],
    date_from: date,
    date_to: date,
    everyone: bool,
    operator: str | None,
    year: int | None,
    pdf: Path,
) -> None:
    """收款清单：期间内收款员的全部收据（含作废、退费）、合计与签字栏。"""
    if date_to < date_from:
        fail(f"--to: 截止日期 {date_to} 早于起始日期 {date_from}")
    with opened(obj, write=False) as ledger:
        acting = acting_of(ledger, operator, year, anyone=everyone)
        printout = printouts.document(
            ledger, acting, "receipt_list", date_from=date_from, date_to=date_to, everyone=everyone
        )
    write(obj, printout, pdf)


@print_group.command("day-summary")
@click.option("--on", "day", type=DATE, default=None, help="日期（默认今天）")
@click.option("--all", "everyone", is_flag=True, help="全村汇总：全部收款员当日的收款")
@acting_options
@PDF_OPTION
@click.pass_obj
def print_day_summary(
    obj: dict[str, Any], day: date | None, everyone: bool, operator: str | None, year: int | None, pdf: Path
) -> None:
    """日结单：收款员当日开具、作废、退费、应交现金，按资助类别汇总。"""
    with opened(obj, write=False) as ledger:
        acting = acting_of(ledger, operator, year, anyone=everyone)
        printout = printouts.document(ledger, acting, "day_sheet", day=day, everyone=everyone)
    write(obj, printout, pdf)


@print_group.command("unpaid")
@click.option("--hardship-only", is_flag=True, help="只列困难群众（特困、低保、监测对象等，须应保尽保）")
@click.option("--public", is_flag=True, help="公示版：不印资助身份、电话和未参保原因，证件号码只留前四位和后四位")
@acting_options
@PDF_OPTION
@click.pass_obj
def print_unpaid(
    obj: dict[str, Any], hardship_only: bool, public: bool, operator: str | None, year: int | None, pdf: Path
) -> None:
    """未缴名单：按村民小组列出本年度还没有参保的人（含未参保原因），供催缴；--public 印张贴公示的版本。"""
    with opened(obj, write=False) as ledger:
        printout = printouts.document(
            ledger, acting_of(ledger, operator, year, anyone=True), "unpaid", hardship_only=hardship_only, public=public
        )
    write(obj, printout, pdf)
