"""Ledger commands: set up, take payments, void, refund, list receipts, audit, backups.

Who acts and in which benefit year come from ``--operator`` and ``--year`` (``acting_options``):
without them, the village's one active collector and the latest open year. Void and
refund ask that operator's own password.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from desktop_app.cli import cli, fail, print_json
from desktop_app.domain.codes import SITUATIONS
from desktop_app.domain.dates import parse_iso_date
from desktop_app.domain.money import MoneyError, format_yuan, parse_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.audit_log import verify_chain
from desktop_app.services.backups import (
    backup_at_start,
    backup_now,
    is_encrypted,
    is_local,
    maybe_backup_after_payment,
    password_owner,
    restore,
)
from desktop_app.services.integrity import DamagedDatabaseError
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import acting_as, find_operator, only_operator, verify_password
from desktop_app.services.payments import Circumstances, PaymentRequest, pay
from desktop_app.services.payments import void as void_payment
from desktop_app.services.records import list_payments, payment_json
from desktop_app.services.refunds import refund as refund_payment
from desktop_app.services.register import find_by_id_number
from desktop_app.services.setup import Setup, initialise

PASSWORD_HELP = "收款员密码（也可用环境变量 ZHENGJIAO_PASSWORD）"
OPERATOR_HELP = "收款员姓名（本村只有一位在用的收款员时可省略）"
YEAR_HELP = "缴费年度（默认最近开启的年度）"
ADMIN_PASSWORD_ENV = "ZHENGJIAO_ADMIN_PASSWORD"
BACKUP_PASSWORD_HELP = (
    "加密备份的密码：本村的管理密码，还没有设置管理密码时用收款员密码"
    f"（也可用环境变量 {ADMIN_PASSWORD_ENV} 或 ZHENGJIAO_PASSWORD）"
)


class DateType(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_iso_date(str(value))
        except ValueError:
            self.fail(f"“{value}”不是有效日期，应写成 YYYY-MM-DD", param, ctx)


DATE = DateType()


@contextmanager
def opened(obj: dict[str, Any], *, create: bool = False, write: bool = True) -> Iterator[Ledger]:
    """The ledger, with every refusal turned into one Chinese line and exit 2."""
    path: Path = obj["db_path"]
    try:
        ledger = Ledger.open(path, catalogue=obj["catalogue"], create=create)
    except FileNotFoundError as e:
        fail(f"--db: {e}")
    except DamagedDatabaseError as e:
        fail(f"{e}（zhengjiao --db {path} restore）")
    try:
        if write and not create:
            guarded_backup(backup_at_start, ledger)
        yield ledger
    except LedgerError as e:
        fail(f"{e.field}: {e.message}" if e.field else e.message)
    except OSError as e:
        fail(f"{e.filename or ''}: 无法读写文件（{e.strerror or e}）；请检查文件夹是否存在、U盘是否写保护")
    finally:
        ledger.close()


def guarded_backup(take: Callable[[Ledger], object], ledger: Ledger) -> None:
    """A backup that fails (full disk, a file in the way) warns; it never blocks or hides a payment."""
    try:
        take(ledger)
    except OSError as e:
        click.echo(
            f"警告：自动备份失败（{e.strerror or e}：{e.filename or ''}），数据已保存；请尽快检查备份文件夹", err=True
        )


def password_of(password: str | None) -> str | None:
    return password or os.environ.get("ZHENGJIAO_PASSWORD")


def backup_password_of(password: str | None) -> str | None:
    """An encrypted backup's password: ``--password``, else the admin's, else the collector's from the environment."""
    return password or os.environ.get(ADMIN_PASSWORD_ENV) or os.environ.get("ZHENGJIAO_PASSWORD")


def acting_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--operator NAME`` and ``--year Y``: who acts, in which benefit year (see ``acting_of``)."""
    command = click.option("--year", "year", type=int, default=None, help=YEAR_HELP)(command)
    return click.option("--operator", "operator", default=None, help=OPERATOR_HELP)(command)


def acting_of(ledger: Ledger, operator: str | None, year: int | None) -> Acting:
    """The named collector (else the village's only active one) in the year (else the latest open one)."""
    if not ledger.is_initialised():
        raise LedgerError("数据库尚未设置村庄与政策；请先运行 zhengjiao db init")
    chosen = find_operator(ledger, operator) if operator is not None else only_operator(ledger)
    if not chosen.active:
        raise LedgerError(f"收款员“{chosen.name}”已停用，不能收费、作废或退费", "operator")
    return acting_as(ledger, chosen, year)


def acting_with_password(ledger: Ledger, operator: str | None, year: int | None, password: str | None) -> Acting:
    """``acting_of`` for what only the collector may do (void, refund, settle …): their own password first."""
    acting = acting_of(ledger, operator, year)
    verify_password(ledger, acting.operator, password_of(password))
    return acting


@cli.group()
def db() -> None:
    """数据库：首次设置。"""


@db.command("init")
@click.option("--policy", "policy_id", required=True, help="政策编号，见 zhengjiao policies list")
@click.option("--village", required=True, help="村名")
@click.option("--collector", required=True, help="收款员（代征员）姓名")
@click.option("--receipt-prefix", required=True, help="收据号前缀（字母或数字）")
@click.option("--area", default=None, help="地区拼音代码（政策分地区时）")
@click.option("--password", default=None, help=PASSWORD_HELP)
@click.option("--groups", default="", help="村民小组，用逗号分隔，如 一组,二组")
@click.option("--target", default="", help="参保率目标（%），如 95")
@click.pass_obj
def db_init(
    obj: dict[str, Any],
    policy_id: str,
    village: str,
    collector: str,
    receipt_prefix: str,
    area: str | None,
    password: str | None,
    groups: str,
    target: str,
) -> None:
    """设置村庄、政策、收款员与收据号前缀。"""
    pw = password_of(password)
    if not pw:
        fail("--password: 需要为收款员设置密码（--password 或环境变量 ZHENGJIAO_PASSWORD）")
    setup = Setup(
        policy_id=policy_id,
        village=village.strip(),
        collector=collector.strip(),
        receipt_prefix=receipt_prefix.strip().upper(),
        area=area or None,
        village_groups=tuple(g.strip() for g in groups.replace("，", ",").split(",") if g.strip()),
        participation_target=target,
    )
    with opened(obj, create=True) as ledger:
        acting = initialise(ledger, setup, pw)
        if obj["json"]:
            print_json({"db": str(ledger.path), **setup_json(ledger, acting)})
        else:
            click.echo(f"已设置：{village}，政策 {policy_id}，收款员 {collector}，数据库 {ledger.path}")


# The receipts' late-entry, form and refund-application options live with the cash commands (cli.cash), which
# use the helpers above: imported once those exist, so that either module may be loaded first.
from desktop_app.cli.cash import pay_json_extras, pay_options, refund_options  # noqa: E402


def setup_json(ledger: Ledger, acting: Acting) -> dict[str, str]:
    """What ``db init --json`` has always printed: the village's settings with its policy and collector."""
    settings = ledger.settings
    return {
        "policy_id": acting.year.policy_id,
        "village": settings.village,
        "collector": acting.name,
        "receipt_prefix": acting.operator.receipt_prefix,
        "area": acting.year.area or "",
        **{k: v for k, v in settings.to_rows().items() if k not in ("village", "receipt_prefix")},
    }


@cli.command("pay")
@click.option("--id-number", "id_numbers", multiple=True, required=True, help="缴费人的证件号码（可多次）")
@click.option("--cash", required=True, help="收到的现金（元）")
@click.option("--on", "paid_on", type=DATE, default=None, help="缴费日期（默认今天）")
@click.option("--situation", type=click.Choice(sorted(SITUATIONS)), default=None, help="期外参保情形")
@click.option("--lapse-date", type=DATE, default=None, help="职工医保断保日期")
@click.option("--continuous-years", type=click.IntRange(0), default=None, help="连续参保年数")
@click.option("--entered-on", type=DATE, default=None, help="进入儿童福利机构日期")
@pay_options
@acting_options
@click.pass_obj
def pay_command(
    obj: dict[str, Any],
    id_numbers: tuple[str, ...],
    cash: str,
    paid_on: date | None,
    situation: str | None,
    lapse_date: date | None,
    continuous_years: int | None,
    entered_on: date | None,
    operator: str | None,
    year: int | None,
    late_entry: str | None,
    bill_no: str | None,
) -> None:
    """收费：为同一户的一人或多人缴费，出收据号。输出 JSON。"""
    try:
        cash_fen = parse_yuan(cash)
    except MoneyError as e:
        fail(f"--cash: {e}")
    with opened(obj) as ledger:
        acting = acting_of(ledger, operator, year)
        people = [find_by_id_number(ledger, n) for n in id_numbers]
        circumstances = Circumstances(situation, lapse_date, continuous_years, entered_on)
        request = PaymentRequest(
            tuple(p.id for p in people),
            cash_fen,
            paid_on or ledger.now().date(),
            {p.id: circumstances for p in people},
            late_entry=late_entry,
            bill_no=bill_no,
        )
        payment = pay(ledger, acting, request)
        full = payment_json(payment)
        print_json(
            {
                "receipt_no": payment.receipt_no,
                "total_due": full["total_due"],
                "cash": full["cash"],
                "change": full["change"],
                "uid": payment.uid,
                "paid_on": full["paid_on"],
                "lines": full["lines"],
                **pay_json_extras(payment),
            }
        )
        guarded_backup(maybe_backup_after_payment, ledger)


@cli.command("void")
@click.argument("receipt_no")
@click.option("--reason", required=True, help="作废原因")
@click.option("--password", default=None, help=PASSWORD_HELP)
@acting_options
@click.pass_obj
def void_command(
    obj: dict[str, Any], receipt_no: str, reason: str, password: str | None, operator: str | None, year: int | None
) -> None:
    """作废收据（保留收据号，记录原因与操作员）。"""
    with opened(obj) as ledger:
        acting = acting_with_password(ledger, operator, year, password)
        payment = void_payment(ledger, acting, receipt_no, reason)
        if obj["json"]:
            print_json(payment_json(payment))
        else:
            click.echo(f"收据 {payment.receipt_no} 已作废：{reason}")


@cli.command("refund")
@click.argument("receipt_no")
@click.option("--reason", required=True, help="退费原因：重复缴费、死亡、参加职工医保、参加其他统筹地区居民医保")
@click.option("--on", "on", type=DATE, default=None, help="退费日期（默认今天）")
@click.option("--id-number", "id_numbers", multiple=True, help="只退其中某人的费用（可多次）")
@click.option("--password", default=None, help=PASSWORD_HELP)
@refund_options
@acting_options
@click.pass_obj
def refund_command(
    obj: dict[str, Any],
    receipt_no: str,
    reason: str,
    on: date | None,
    id_numbers: tuple[str, ...],
    password: str | None,
    operator: str | None,
    year: int | None,
    evidence: str,
    bank: str,
    account: str,
) -> None:
    """退费（按政策的退费规定；作为新记录关联原收据）。"""
    with opened(obj) as ledger:
        acting = acting_with_password(ledger, operator, year, password)
        payment = refund_payment(
            ledger, acting, receipt_no, reason, on, id_numbers, evidence=evidence, bank=bank, account=account
        )
        if obj["json"]:
            print_json(payment_json(payment))
        else:
            click.echo(f"收据 {payment.receipt_no} 已退费 {format_yuan(payment.refunded)} 元")


@cli.command("receipts")
@click.option("--from", "date_from", type=DATE, default=None, help="起始缴费日期")
@click.option("--to", "date_to", type=DATE, default=None, help="截止缴费日期")
@click.option("--year", "year", type=int, default=None, help="只列此缴费年度的收据")
@click.option("--operator", "operator", default=None, help="只列此收款员开的收据")
@click.pass_obj
def receipts_command(
    obj: dict[str, Any], date_from: date | None, date_to: date | None, year: int | None, operator: str | None
) -> None:
    """列出收据（含状态：正常 / 作废 / 退费）。输出 JSON。"""
    with opened(obj, write=False) as ledger:
        operator_id = find_operator(ledger, operator).id if operator is not None else None
        chosen = ledger.year(year).year if year is not None else None
        print_json(
            [payment_json(p) for p in list_payments(ledger, date_from, date_to, year=chosen, operator_id=operator_id)]
        )


@cli.group("audit")
def audit_group() -> None:
    """审计日志。"""


@audit_group.command("verify")
@click.pass_obj
def audit_verify(obj: dict[str, Any]) -> None:
    """校验审计日志的哈希链；损坏时指出第一条出错的记录（退出码 1）。"""
    with opened(obj, write=False) as ledger:
        check = verify_chain(ledger)
    if obj["json"]:
        print_json(
            {
                "ok": check.ok,
                "entries": check.entries,
                "head": check.head,
                "broken_at": check.broken_at,
                "problem": check.problem,
            }
        )
    elif check.ok:
        click.echo(f"审计链完好：{check.entries} 条记录，链头 {check.head}")
    else:
        click.echo(f"审计链损坏：{check.problem}（第 {check.broken_at} 条）", err=True)
    if not check.ok:
        raise SystemExit(1)


@cli.command("backup")
@click.option(
    "--to",
    "target",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="备份到此文件夹（如U盘），加密；默认为数据库旁的 backups 文件夹（不加密）",
)
@click.option("--password", default=None, help=BACKUP_PASSWORD_HELP)
@click.pass_obj
def backup_command(obj: dict[str, Any], target: Path | None, password: str | None) -> None:
    """立即备份数据库；备份到别的文件夹（如U盘）时加密。"""
    with opened(obj, write=False) as ledger:
        pw = None
        if target is not None and not is_local(ledger.path, target):
            pw = backup_password_of(password)
            if not pw:
                fail(
                    f"--password: 备份到别的文件夹（如U盘）要加密，需要{password_owner(ledger)}"
                    f"（--password 或环境变量 {ADMIN_PASSWORD_ENV}）"
                )
        path = backup_now(ledger, target, rotate=target is None, password=pw)
    encrypted = is_encrypted(path)
    if obj["json"]:
        print_json({"backup": str(path), "encrypted": encrypted})
    else:
        click.echo(f"已备份到 {path}" + ("（已加密，恢复时要输入这个密码）" if encrypted else ""))


@cli.command("restore")
@click.argument("backup", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--password", default=None, help=f"加密备份（U盘上的）的密码（也可用环境变量 {ADMIN_PASSWORD_ENV}）")
@click.pass_obj
def restore_command(obj: dict[str, Any], backup: Path | None, password: str | None) -> None:
    """用备份恢复数据库（默认最近的一份）；原文件改名保留，不删除。加密的备份要输入密码。"""
    try:
        used, moved = restore(obj["db_path"], backup, password=backup_password_of(password))
    except LedgerError as e:
        fail(f"{e.field}: {e.message}")
    if obj["json"]:
        print_json({"restored_from": str(used), "previous_file": str(moved) if moved else None})
    else:
        click.echo(f"已用 {used} 恢复数据库" + (f"；原文件保留为 {moved}" if moved else ""))
