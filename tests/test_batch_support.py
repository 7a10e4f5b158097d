"""Villages for the batch tests: a ledger in a temp folder, families, payments, a fixed clock.

The other batch and county test modules import these helpers; the one test here checks
that a simulated village is what the others assume.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.services.ledger import Ledger, Settings
from desktop_app.services.operators import Operator, find_operator
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.records import Payment
from desktop_app.services.register import PersonInput, add_household, add_identity, add_person
from desktop_app.services.setup import initialise

PASSWORD = "mima-2021"
IN_PERIOD = date(2021, 11, 1)  # jl-2022 collection period: 2021-10-01 .. 2021-12-31
_serials = itertools.count(1)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = datetime(2021, 11, 1, 9, 30)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Village:
    ledger: Ledger
    clock: Clock
    collector: str
    people: list[int] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)

    @property
    def operator(self) -> Operator:
        return find_operator(self.ledger, self.collector)

    def pay(self, person_ids: list[int], on: date = IN_PERIOD, cash: int = 200_000) -> Payment:
        self.clock.tick(minutes=3)
        payment = pay(self.ledger, self.operator, PaymentRequest(tuple(person_ids), cash, on))
        self.payments.append(payment)
        return payment


def new_id(born: date, region: str = "220102") -> str:
    n = next(_serials)
    return demo_id(region, (born - timedelta(days=n // 900)).isoformat(), n % 900 + 1)


def make_village(folder: Path, name: str = "山头村", collector: str = "王芳", prefix: str = "STZ",
                 households: int = 3, members: int = 3, region: str = "220102",
                 id_numbers: list[str] | None = None) -> Village:
    """A set-up village with families registered (ID numbers optional, else fresh ones)."""
    clock = Clock()
    ledger = Ledger.open(folder / f"{prefix}.sqlite", create=True, clock=clock)
    initialise(ledger, Settings("jl-2022", name, collector, prefix, village_groups=("一组", "二组")), PASSWORD)
    village = Village(ledger, clock, collector)
    numbers = iter(id_numbers or [])
    for h in range(households):
        hid = add_household(ledger, collector, f"{prefix}{h + 1:04d}", f"{name}{h + 1}号", "一组" if h % 2 else "二组")
        for m in range(members):
            number = next(numbers, None) or new_id(date(1950 + (h * 7 + m * 13) % 60, 1 + m % 12, 1 + h % 27), region)
            person = add_person(ledger, collector, hid, PersonInput(
                name=f"{'王李张刘陈杨'[h % 6]}{GIVEN[(h + m) % len(GIVEN)]}", id_number=number,
                ethnicity="蒙古族" if (h + m) % 5 == 0 else "汉族"))
            village.people.append(person)
            if (h + m) % 4 == 0:
                add_identity(ledger, collector, person, "subsistence_allowance", "民政", "2021年低保名单")
    return village


def pay_households(village: Village, members: int = 3) -> list[Payment]:
    """One payment per household, everyone in it."""
    people = village.people
    return [village.pay(people[i:i + members]) for i in range(0, len(people), members)]


def close(*villages: Any) -> None:
    for v in villages:
        v.ledger.close()


def test_a_simulated_village_has_its_families_and_pays_once_per_household(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=2, members=2)
    payments = pay_households(village, members=2)
    assert len(village.people) == 4
    assert [p.receipt_no for p in payments] == ["STZ2022000001", "STZ2022000002"]
    assert all(len(p.lines) == 2 for p in payments)
    close(village)
