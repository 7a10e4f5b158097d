"""A village for the service tests: a ledger in a temp folder, families with valid ID numbers,
a clock the test moves, and payments taken by the acting collector.

Plain functions, imported by the test modules; the fixtures built on them are in conftest.py.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.domain.register import PersonInput
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import acting_as, find_operator
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.register import add_household, add_person
from desktop_app.services.setup import Setup, initialise

ROOT = Path(__file__).resolve().parent.parent
POLICY_DIR = ROOT / "policies"
DATA = Path(__file__).resolve().parent / "data"

COLLECTOR = "张会计"
PASSWORD = "mima-2021"
NOW = datetime(2021, 11, 1, 9, 30)
IN_PERIOD = date(2021, 11, 1)  # jl-2022 collection period: 2021-10-01 .. 2021-12-31
REGION = {"jl": "220102", "hn": "430102", "ah": "341324", "nm": "150621"}
RECORDS = ("payments", "payment_lines", "voids", "refunds", "audit_log")  # never updated, never deleted
_serials = itertools.count()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def new_ledger(path: Path, policy_id: str = "jl-2022", *, area: str | None = None, prefix: str = "JL",
               clock: Any = None, collector: str = COLLECTOR, village: str = "测试村", **setup: Any) -> Ledger:
    """A set-up village ledger in a file, with the real pragmas and a fixed clock. The caller closes it."""
    ledger = Ledger.open(path, create=True, clock=clock or Clock())
    initialise(ledger, Setup(policy_id, village, collector, prefix, area=area, **setup), PASSWORD)
    return ledger


def acting(ledger: Ledger, name: str = COLLECTOR, year: int | None = None) -> Acting:
    """The named collector, acting in the given (else the latest) benefit year."""
    return acting_as(ledger, find_operator(ledger, name), year)


def new_id(born: date, region: str = "220102") -> str:
    """A valid resident ID number, different on every call."""
    n = next(_serials)
    return demo_id(region, (born - timedelta(days=n // 999)).isoformat(), n % 999 + 1)


def family(ledger: Ledger, household_no: str, *people: PersonInput | date, group: str = "一组",
           who: Acting | None = None) -> list[int]:
    """A household and its members (a date alone stands for an active adult born then)."""
    by = who or acting(ledger, _first_collector(ledger))
    hid = add_household(ledger, by, household_no, "幸福路1号", group)
    region = REGION.get(ledger.year().policy_id[:2], "110101")
    ids = []
    for i, p in enumerate(people):
        if isinstance(p, date):
            p = PersonInput(name=f"王{'甲乙丙丁戊己'[i % 6]}", id_number=new_id(p, region))
        ids.append(add_person(ledger, by, hid, p))
    return ids


def adult(born: date = date(1980, 3, 1), **fields: Any) -> PersonInput:
    fields.setdefault("name", "李四")
    return PersonInput(id_number=new_id(born), **fields)


def pay_for(ledger: Ledger, person_ids: list[int] | tuple[int, ...], on: date = IN_PERIOD,
            cash: int = 200_000, who: Acting | None = None) -> Payment:
    return pay(ledger, who or acting(ledger, _first_collector(ledger)), PaymentRequest(tuple(person_ids), cash, on))


def counts(ledger: Ledger) -> dict[str, int]:
    return {t: ledger.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in RECORDS}


def _first_collector(ledger: Ledger) -> str:
    return str(ledger.db.execute("SELECT name FROM operators ORDER BY id LIMIT 1").fetchone()[0])
