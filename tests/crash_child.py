"""A collector's laptop losing power, played by a process that pays in a loop until it is killed.

Driven by tests/test_crash.py:

    python tests/crash_child.py run DB PAID_ON    pay until killed (a fresh interpreter)
    python tests/crash_child.py serve DB PAID_ON  import once, then fork a fresh payer for each
                                                  "go" line on stdin (POSIX only)

The imports take about half a second and a payment about a millisecond, so ``serve`` lets
200 kills fit in seconds. A forked payer opens the database itself, after the fork, exactly
as a fresh process does; the server never opens it.

Lines on stdout, each one ``os.write`` so that a kill never leaves half a line:
    start PID          the payer runs (it has not opened the database yet)
    paid RECEIPT UID   pay() returned: this payment is reported as committed
    backup             the payment count is a multiple of backup_every: a backup begins
    backed-up          that backup returned
    done               no unpaid household is left
    error              an exception, with its traceback on stderr
    exit PID CODE      (serve) the payer has ended; CODE -9 is SIGKILL
A payer never ends by itself: it waits to be killed, so that the parent only ever kills
a process that is still its own.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from datetime import date
from pathlib import Path

from desktop_app.services.backups import maybe_backup_after_payment
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import acting_as, only_operator
from desktop_app.services.payments import PaymentRequest, pay

CASH = 100_000  # 1 000 yuan: more than any household here owes
LATE_ENTRY = "停电前收的现金，补录"  # PAID_ON lies in the 2021 period, days before the computer's today
# Households are paid in the order of their ids, each payment whole or not at all.
NEXT_HOUSEHOLD = (
    "SELECT id FROM households WHERE id > (SELECT COALESCE(MAX(household_id), 0) FROM payments) ORDER BY id LIMIT 1"
)


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))


def payer(db_path: Path, paid_on: date) -> None:
    say(f"start {os.getpid()}")
    try:
        ledger = Ledger.open(db_path)
        acting = acting_as(ledger, only_operator(ledger))
        every = ledger.settings.backup_every
        while True:
            row = ledger.db.execute(NEXT_HOUSEHOLD).fetchone()
            if row is None:
                say("done")
                break
            people = tuple(
                r[0] for r in ledger.db.execute("SELECT id FROM people WHERE household_id = ? ORDER BY id", [row[0]])
            )
            payment = pay(ledger, acting, PaymentRequest(people, CASH, paid_on, late_entry=LATE_ENTRY))
            say(f"paid {payment.receipt_no} {payment.uid}")
            count = ledger.db.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
            if every > 0 and count % every == 0:
                say("backup")
                maybe_backup_after_payment(ledger)
                say("backed-up")
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        say("error")
    time.sleep(120)  # wait for the kill; give up only if the parent is gone


def serve(db_path: Path, paid_on: date) -> None:
    say("ready")
    for command in sys.stdin.buffer:
        if command.strip() != b"go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                payer(db_path, paid_on)
            finally:
                os._exit(3)
        _, status = os.waitpid(pid, 0)
        say(f"exit {pid} {os.waitstatus_to_exitcode(status)}")


def main() -> None:
    mode, db_path, paid_on = sys.argv[1], Path(sys.argv[2]), date.fromisoformat(sys.argv[3])
    if mode == "serve":
        serve(db_path, paid_on)
    else:
        payer(db_path, paid_on)
        sys.exit(3)


if __name__ == "__main__":
    main()
