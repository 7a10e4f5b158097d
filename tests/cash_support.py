"""Helpers for the forms, cash and refund-application tests: the CLI on a village ledger whose
clock the test holds, and a few shortcuts through the services.

The CLI opens the ledger with the system clock; ``cli_village`` points that clock at the
test's ``Clock`` so that "today" is the day the test says.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from desktop_app.cli import cli
from desktop_app.cli.labels import label_of
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.services import ledger as ledger_module
from desktop_app.services.bills import next_free
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay
from tests.village import IN_PERIOD, PASSWORD, Clock, new_ledger

CJK = re.compile(r"[\u4e00-\u9fff]")


def zj(db: Path, *args: Any, as_json: bool = True) -> Result:
    """``zhengjiao [--json] --db DB ARGS…`` in this process, with the collector's password in the environment."""
    head = ["--json"] if as_json else []
    return CliRunner(env={"ZHENGJIAO_PASSWORD": PASSWORD, "ZHENGJIAO_DB": None}).invoke(
        cli, [*head, "--db", str(db), *(str(a) for a in args)]
    )


def ok(result: Result) -> Any:
    """The command succeeded; its JSON output."""
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return json.loads(result.stdout) if result.stdout.strip().startswith(("{", "[")) else result.stdout


def refused(result: Result, field: str, *words: str) -> str:
    """Exit 2 with one Chinese line on stderr naming the field by its Chinese label (and the words), nothing on stdout."""
    assert result.exit_code == 2, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and label_of(field) in lines[0] and CJK.search(lines[0]), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def cli_village(path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A jl-2022 village (collector 张会计) in a file, closed again, whose CLI runs see ``clock``."""
    new_ledger(path, clock=clock).close()
    monkeypatch.setattr(ledger_module, "system_clock", clock)
    return path


def pay_on_form(
    ledger: Ledger,
    who: Acting,
    person_ids: list[int],
    *,
    on: date = IN_PERIOD,
    cash: int = 200_000,
    late_entry: str | None = None,
    bill_no: str | None = None,
) -> Payment:
    """A payment written on the collector's next free form (or the one given)."""
    number = bill_no or next_free(ledger, who.operator)
    return pay(ledger, who, PaymentRequest(tuple(person_ids), cash, on, late_entry=late_entry, bill_no=number))
