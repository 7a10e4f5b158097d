"""Villages for the batch and county tests: a ledger in a folder of its own, families, payments.

Built on ``tests.village`` (the clock, the password, the set-up ledger, the acting collector);
what is added is a village with several households registered at once, payments taken one
household at a time, and ID numbers of its own series, so that birth dates the batch tests
read back do not depend on how many numbers other tests have drawn.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.domain.register import PersonInput
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.register import add_household, add_identity, add_person
from tests.village import IN_PERIOD, PASSWORD, Clock, acting, new_ledger

__all__ = ["IN_PERIOD", "PASSWORD", "Village", "close", "make_village", "new_id", "pay_households"]

_serials = itertools.count(1)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


@dataclass
class Village:
    ledger: Ledger
    clock: Clock
    collector: str
    people: list[int] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)

    @property
    def acting(self) -> Acting:
        """The village's collector, in the ledger's latest benefit year."""
        return acting(self.ledger, self.collector)

    def pay(self, person_ids: list[int], on: date = IN_PERIOD, cash: int = 200_000) -> Payment:
        self.clock.tick(minutes=3)
        payment = pay(self.ledger, self.acting, PaymentRequest(tuple(person_ids), cash, on))
        self.payments.append(payment)
        return payment


def new_id(born: date, region: str = "220102") -> str:
    """A valid resident ID number of this module's own series, different on every call."""
    n = next(_serials)
    return resident_id(region, (born - timedelta(days=n // 900)).isoformat(), n % 900 + 1)


def make_village(
    folder: Path,
    name: str = "山头村",
    collector: str = "王芳",
    prefix: str = "STZ",
    households: int = 3,
    members: int = 3,
    region: str = "220102",
    id_numbers: list[str] | None = None,
) -> Village:
    """A set-up village with families registered (ID numbers optional, else fresh ones)."""
    clock = Clock()
    folder.mkdir(parents=True, exist_ok=True)
    ledger = new_ledger(
        folder / f"{prefix}.sqlite",
        clock=clock,
        collector=collector,
        prefix=prefix,
        village=name,
        village_groups=("一组", "二组"),
    )
    village = Village(ledger, clock, collector)
    who = village.acting
    numbers = iter(id_numbers or [])
    for h in range(households):
        hid = add_household(ledger, who, f"{prefix}{h + 1:04d}", f"{name}{h + 1}号", "一组" if h % 2 else "二组")
        for m in range(members):
            number = next(numbers, None) or new_id(date(1950 + (h * 7 + m * 13) % 60, 1 + m % 12, 1 + h % 27), region)
            person = add_person(
                ledger,
                who,
                hid,
                PersonInput(
                    name=f"{'王李张刘陈杨'[h % 6]}{GIVEN[(h + m) % len(GIVEN)]}",
                    id_number=number,
                    ethnicity="蒙古族" if (h + m) % 5 == 0 else "汉族",
                ),
            )
            village.people.append(person)
            if (h + m) % 4 == 0:
                add_identity(ledger, who, person, "subsistence_allowance", "民政", "2021年低保名单")
    return village


def pay_households(village: Village, members: int = 3) -> list[Payment]:
    """One payment per household, everyone in it."""
    people = village.people
    return [village.pay(people[i : i + members]) for i in range(0, len(people), members)]


def close(*villages: Any) -> None:
    for v in villages:
        v.ledger.close()
