"""The options ``pay`` and ``refund`` take for late entries, form numbers and refund applications.

Kept apart from ``cli.cash`` (which imports ``cli.ledger``) so that ``cli.ledger`` can wear
them without an import cycle: ``@pay_options`` on ``pay`` passes ``late_entry`` and
``bill_no`` on to ``PaymentRequest``; ``@refund_options`` on ``refund`` passes ``evidence``,
``bank`` and ``account`` on to ``refund(...)`` as keywords.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from desktop_app.domain.payments import Payment


def pay_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """For ``pay``: ``--late-entry REASON`` (PaymentRequest.late_entry) and ``--bill-no N`` (PaymentRequest.bill_no)."""
    command = click.option(
        "--bill-no", "bill_no", default=None, help="本张收据所用税务专用票据的号码（本村使用专用票据时必填）"
    )(command)
    return click.option(
        "--late-entry",
        "late_entry",
        default=None,
        help="补录原因：--on 不是今天时必填（补录会在收据、批次和日结单上标明）",
    )(command)


def refund_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """For ``refund``: the application's ``--evidence``, ``--bank`` and ``--account`` (refund(...) keywords)."""
    command = click.option("--account", default="", help="退款账号（参保人本人的银行卡或一卡通账号）")(command)
    command = click.option("--bank", default="", help="开户银行")(command)
    return click.option("--evidence", default="", help="证明材料，如 职工医保参保证明、死亡证明")(command)


def pay_json_extras(payment: Payment) -> dict[str, Any]:
    """What ``pay --json`` adds: the late-entry reason (null when paid today) and the form number."""
    return {"late_entry": payment.late_entry, "bill_no": payment.bill_no}
