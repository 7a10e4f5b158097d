"""Forms, cash and refund applications from the terminal.

``zhengjiao bills receive --from N --to M [--code C]``, ``zhengjiao bills spoil N --reason R``,
``zhengjiao --json bills``; ``zhengjiao --json cash``; ``zhengjiao settle --slip-no S --to NAME
[--amount Y]``; ``zhengjiao settings cash --limit Y --deadline-days N``; ``zhengjiao refunds list``
and ``zhengjiao refunds answer UID --state 已退|不予退费``. The options ``pay`` and ``refund``
take for late entries, form numbers and applications are in ``cli.cash_options``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from desktop_app.cli import cli, fail, print_json
from desktop_app.cli.cash_options import pay_json_extras, pay_options, refund_options
from desktop_app.cli.ledger import PASSWORD_HELP, acting_of, acting_options, acting_with_password, opened
from desktop_app.domain.errors import Refusal
from desktop_app.domain.money import MoneyError, format_yuan, parse_yuan
from desktop_app.services import printouts
from desktop_app.services.bills import book_json, books, next_free, receive, spoil
from desktop_app.services.cash import cash_json, in_hand, set_cash_rules, settle, settlement_json, settlements
from desktop_app.services.operators import find_operator
from desktop_app.services.receipt_settings import parse_offset, set_receipt_settings
from desktop_app.services.refunds import application_json, refund_applications, set_refund_state

__all__ = ["pay_json_extras", "pay_options", "refund_options"]  # what cli.ledger's pay and refund wear


def _group(name: str, help_text: str) -> click.Group:
    """The top-level group of that name, shared with any other command module that adds to it."""
    existing = cli.commands.get(name)
    if isinstance(existing, click.Group):
        return existing
    group = click.Group(name, help=help_text)
    cli.add_command(group)
    return group


def _yuan(text: str, option: str) -> int:
    try:
        return parse_yuan(text)
    except MoneyError as e:
        fail(f"{option}: {e}")


# --- forms ----------------------------------------------------------------------------


@cli.group("bills", invoke_without_command=True)
@click.pass_context
def bills_group(ctx: click.Context) -> None:
    """税务专用票据：领用、作废；不带子命令时列出已领用的票据（已用、作废、未用的号码）。"""
    if ctx.invoked_subcommand is not None:
        return
    obj = ctx.obj
    with opened(obj, write=False) as ledger:
        found = books(ledger)
    if obj["json"]:
        print_json([book_json(b) for b in found])
        return
    if not found:
        click.echo("还没有领用票据")
    for b in found:
        click.echo(
            f"{b.code + ' ' if b.code else ''}{b.first}–{b.last}  {b.operator}  {b.received_on} 领用："
            f"已用 {len(b.used)}，作废 {len(b.spoiled)}，未用 {len(b.unused)}"
        )


@bills_group.command("receive")
@click.option("--from", "first", required=True, help="起始号码（照票据上印的写，如 00012301）")
@click.option("--to", "last", required=True, help="截止号码")
@click.option("--code", default="", help="票据代码（如有）")
@acting_options
@click.pass_obj
def bills_receive(
    obj: dict[str, Any], first: str, last: str, code: str, operator: str | None, year: int | None
) -> None:
    """领用一本票据；第一次领用后，本村收费须填写票据号。"""
    with opened(obj) as ledger:
        book = receive(ledger, acting_of(ledger, operator, year), first, last, code)
    if obj["json"]:
        print_json(book_json(book))
    else:
        click.echo(f"已领用票据 {book.first}–{book.last}（{book.size} 份）")


@bills_group.command("spoil")
@click.argument("number")
@click.option("--reason", required=True, help="作废原因，如 打印错位")
@click.option("--password", default=None, help=PASSWORD_HELP)
@acting_options
@click.pass_obj
def bills_spoil(
    obj: dict[str, Any], number: str, reason: str, password: str | None, operator: str | None, year: int | None
) -> None:
    """作废一张未用的票据（保留号码，下次结报时一并上交）。"""
    with opened(obj) as ledger:
        acting = acting_with_password(ledger, operator, year, password)
        form = spoil(ledger, acting, number, reason)
    if obj["json"]:
        print_json({"number": form.number, "reason": form.reason, "spoiled_on": form.spoiled_on.isoformat()})
    else:
        click.echo(f"票据 {form.number} 已作废：{form.reason}")


@bills_group.command("next")
@acting_options
@click.pass_obj
def bills_next(obj: dict[str, Any], operator: str | None, year: int | None) -> None:
    """下一张可用的票据号。"""
    with opened(obj, write=False) as ledger:
        number = next_free(ledger, acting_of(ledger, operator, year).operator)
    if obj["json"]:
        print_json({"next": number})
    else:
        click.echo(number or "没有可用的票据；请先领用")


# --- cash and settlement --------------------------------------------------------------


@cli.command("cash")
@click.option("--operator", "operator", default=None, help="只看此收款员手中的现金（默认：全村）")
@click.pass_obj
def cash_command(obj: dict[str, Any], operator: str | None) -> None:
    """手中未结报的现金，对照结报限额与期限。"""
    with opened(obj, write=False) as ledger:
        operator_id = find_operator(ledger, operator).id if operator is not None else None
        c = in_hand(ledger, operator_id)
    if obj["json"]:
        print_json(cash_json(c))
        return
    click.echo(
        f"未结报现金 {format_yuan(c.in_hand)} 元，{c.receipts} 张收据" + (f"，最早 {c.since}" if c.since else "")
    )
    if c.over_limit:
        click.echo(f"警告：已超过结报限额 {format_yuan(c.limit)} 元，请尽快结报", err=True)
    if c.overdue:
        click.echo(f"警告：最早一笔已持有 {c.days_held} 天，超过结报期限 {c.deadline_days} 天，请尽快结报", err=True)


@cli.command("settle")
@click.option("--slip-no", required=True, help="缴款书（银行缴款单）号")
@click.option("--to", "to_name", required=True, help="收款人（交给谁，如 镇财政所 某某）")
@click.option("--amount", default=None, help="清点后交出的金额（元）；须与手中未结报现金一致")
@click.option("--password", default=None, help=PASSWORD_HELP)
@click.option(
    "--pdf", "pdf", default=None, type=click.Path(dir_okay=False, path_type=Path), help="同时把结报单存为此 PDF 文件"
)
@acting_options
@click.pass_obj
def settle_command(
    obj: dict[str, Any],
    slip_no: str,
    to_name: str,
    amount: str | None,
    password: str | None,
    pdf: Path | None,
    operator: str | None,
    year: int | None,
) -> None:
    """结报：交出手中全部未结报的现金，记下缴款书号；结报后的收据不能再作废。"""
    fen = _yuan(amount, "--amount") if amount is not None else None
    if pdf is not None and pdf.suffix.lower() != ".pdf":
        fail(f"--pdf: 文件名应以 .pdf 结尾，而不是“{pdf.name}”")
    with opened(obj) as ledger:
        acting = acting_with_password(ledger, operator, year, password)
        done = settle(ledger, acting, slip_no, to_name, fen)
        sheet = printouts.document(ledger, acting, "settlement", settlement_no=done.settlement_no) if pdf else None
    written = _write_sheet(sheet, pdf, done.settlement_no)
    if obj["json"]:
        print_json({**settlement_json(done), **({"pdf": str(written)} if written else {})})
    else:
        if written:
            click.echo(f"已生成结报单：{written}")
        click.echo(
            f"第 {done.settlement_no} 号结报：收据 {done.from_receipt}–{done.to_receipt} 共 {done.count} 张"
            f"（作废 {done.voided}），金额 {format_yuan(done.amount)} 元，缴款书 {done.slip_no}"
        )


def _write_sheet(sheet: printouts.Printout | None, pdf: Path | None, number: int) -> Path | None:
    """The 结报单 PDF after the settlement is recorded; a failure says the settlement stands and how to reprint."""
    if sheet is None or pdf is None:
        return None
    again = f"结报已记录（第 {number} 号）；可用 zhengjiao print settlement {number} --pdf 文件 重新打印结报单"
    try:
        return printouts.to_pdf(sheet, pdf)
    except Refusal as e:
        fail(f"{e}；{again}", 1)
    except OSError as e:
        fail(f"--pdf: 无法写入 {pdf}（{e}）；{again}", 1)


@cli.command("settlements")
@click.option("--operator", "operator", default=None, help="只列此收款员的结报")
@click.pass_obj
def settlements_command(obj: dict[str, Any], operator: str | None) -> None:
    """历次结报。"""
    with opened(obj, write=False) as ledger:
        operator_id = find_operator(ledger, operator).id if operator is not None else None
        found = settlements(ledger, operator_id)
    if obj["json"]:
        print_json([settlement_json(s) for s in found])
        return
    if not found:
        click.echo("还没有结报过")
    for s in found:
        click.echo(
            f"{s.operator} 第 {s.settlement_no} 号  {s.settled_on}  {s.from_receipt}–{s.to_receipt}  "
            f"{format_yuan(s.amount)} 元  缴款书 {s.slip_no}"
        )


settings_group = _group("settings", "设置。")


@settings_group.command("cash")
@click.option("--limit", default=None, help="结报限额（元），手中现金超过时提醒")
@click.option("--deadline-days", type=click.IntRange(0), default=None, help="结报期限（天），现金持有超过时提醒")
@acting_options
@click.pass_obj
def settings_cash(
    obj: dict[str, Any], limit: str | None, deadline_days: int | None, operator: str | None, year: int | None
) -> None:
    """结报限额与期限（按税务部门的规定）。"""
    fen = _yuan(limit, "--limit") if limit is not None else None
    with opened(obj) as ledger:
        current = ledger.settings
        changed = set_cash_rules(
            ledger,
            acting_of(ledger, operator, year),
            limit=current.cash_limit if fen is None else fen,
            deadline_days=current.settle_deadline_days if deadline_days is None else deadline_days,
        )
    if obj["json"]:
        print_json({"limit": format_yuan(changed.cash_limit), "deadline_days": changed.settle_deadline_days})
    else:
        click.echo(f"结报限额 {format_yuan(changed.cash_limit)} 元，期限 {changed.settle_deadline_days} 天")


@settings_group.command("receipt")
@click.option("--query-channel", default=None, help="收据上印的查询渠道，如 县税务局 0557-1234567、皖税通APP")
@click.option("--show-identity/--hide-identity", default=None, help="收据上是否印资助身份（低保、特困等；默认不印）")
@click.option("--form-layout", default=None, help="套打版式：程序自带的版式名，或本县量好的 .toml 文件")
@click.option("--printer-offset", default=None, help="套打时打印机的偏移“向右,向下”（毫米），如 1.5,-2")
@acting_options
@click.pass_obj
def settings_receipt(
    obj: dict[str, Any],
    query_channel: str | None,
    show_identity: bool | None,
    form_layout: str | None,
    printer_offset: str | None,
    operator: str | None,
    year: int | None,
) -> None:
    """收据与票据：查询渠道、是否印资助身份、套打版式与打印机偏移。"""
    with opened(obj) as ledger:
        offset = parse_offset(printer_offset) if printer_offset is not None else None
        changed = set_receipt_settings(
            ledger,
            acting_of(ledger, operator, year),
            query_channel=query_channel,
            show_identity=show_identity,
            form_layout=form_layout,
            printer_offset_mm=offset,
        )
    shown = {
        "query_channel": changed.query_channel,
        "show_identity": changed.show_identity_on_receipt,
        "form_layout": changed.form_layout,
        "printer_offset_mm": list(changed.printer_offset_mm),
        "official_forms": changed.official_forms,
    }
    if obj["json"]:
        print_json(shown)
    else:
        x, y = changed.printer_offset_mm
        identity = "印" if changed.show_identity_on_receipt else "不印"
        click.echo(
            f"查询渠道：{changed.query_channel or '（未设置）'}；资助身份：{identity}；"
            f"套打版式：{changed.form_layout or '（程序自带示例）'}；打印机偏移：向右 {x:+.1f}、向下 {y:+.1f} 毫米"
        )


# --- refund applications --------------------------------------------------------------


@cli.group("refunds")
def refunds_group() -> None:
    """退费申请：列表与答复（已退 / 不予退费）。"""


@refunds_group.command("list")
@click.option("--state", default=None, help="只列此状态：申请中、已退、不予退费")
@click.option("--receipt", "receipt_no", default=None, help="只列此收据的申请")
@click.pass_obj
def refunds_list(obj: dict[str, Any], state: str | None, receipt_no: str | None) -> None:
    """退费申请（最早的在前）。"""
    with opened(obj, write=False) as ledger:
        found = refund_applications(ledger, state=state, receipt_no=receipt_no)
    if obj["json"]:
        print_json([application_json(a) for a in found])
        return
    if not found:
        click.echo("没有退费申请")
    for a in found:
        click.echo(
            f"{a.uid}  {a.applied_on}  收据 {a.receipt_no}  {format_yuan(a.amount)} 元  {a.reason}  {a.state_label}"
        )


@refunds_group.command("answer")
@click.argument("uid")
@click.option("--state", required=True, help="答复：已退 或 不予退费")
@click.option("--note", default="", help="说明（不予退费时必填）")
@click.option("--password", default=None, help=PASSWORD_HELP)
@acting_options
@click.pass_obj
def refunds_answer(
    obj: dict[str, Any], uid: str, state: str, note: str, password: str | None, operator: str | None, year: int | None
) -> None:
    """记下退费申请的答复（作为新记录，不修改申请）。"""
    with opened(obj) as ledger:
        acting = acting_with_password(ledger, operator, year, password)
        answered = set_refund_state(ledger, acting, uid, state, note)
    if obj["json"]:
        print_json(application_json(answered))
    else:
        click.echo(f"退费申请 {answered.uid}（收据 {answered.receipt_no}）：{answered.state_label}")
