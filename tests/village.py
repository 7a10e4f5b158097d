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
from desktop_app.services.register import add_household, add_identity, add_person
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


def new_ledger(
    path: Path,
    policy_id: str = "jl-2022",
    *,
    area: str | None = None,
    prefix: str = "JL",
    clock: Any = None,
    collector: str = COLLECTOR,
    village: str = "测试村",
    **setup: Any,
) -> Ledger:
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


def family(
    ledger: Ledger, household_no: str, *people: PersonInput | date, group: str = "一组", who: Acting | None = None
) -> list[int]:
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


def pay_for(
    ledger: Ledger,
    person_ids: list[int] | tuple[int, ...],
    on: date = IN_PERIOD,
    cash: int = 200_000,
    who: Acting | None = None,
) -> Payment:
    """A payment taken on that day: a later day moves the test's clock there first (a payment is dated
    today); an earlier day is entered late (补录) with a reason."""
    clock = ledger.clock
    if isinstance(clock, Clock) and on > clock.now.date():
        clock.now = datetime.combine(on, clock.now.time())
    late = "测试补录" if on < ledger.now().date() else None
    return pay(
        ledger,
        who or acting(ledger, _first_collector(ledger)),
        PaymentRequest(tuple(person_ids), cash, on, late_entry=late),
    )


XINLI: dict[str, Any] = {
    "area": "changchun",
    "prefix": "XL",
    "collector": "李会计",
    "village": "新立村",
    "village_groups": ("一组", "二组"),
}
"""新立村 (jl-2022, 长春: with the 长护险 rider), collector 李会计: ``make_ledger("jl-2022", **XINLI)``."""


def wang_household(ledger: Ledger, who: Acting | None = None) -> dict[str, int]:
    """户主 (低保), spouse, a student, and a newborn without an ID number, in 一组 (their ``household`` id too)."""
    by = who or acting(ledger, _first_collector(ledger))
    h = add_household(ledger, by, "0001", "新立村一组3号", "一组", "13800000001")
    ids = {
        "head": add_person(ledger, by, h, PersonInput("王建国", demo_id("220102", "1970-03-14", 131), relation="户主")),
        "spouse": add_person(
            ledger,
            by,
            h,
            PersonInput("李秀兰", demo_id("220102", "1972-07-02", 142), relation="配偶", ethnicity="蒙古族"),
        ),
        "student": add_person(
            ledger, by, h, PersonInput("王小明", demo_id("220102", "2010-09-01", 153), relation="子", student=True)
        ),
        "newborn": add_person(
            ledger, by, h, PersonInput("王宝宝", birth_date=date(2021, 10, 1), sex="女", relation="孙女")
        ),
    }
    add_identity(ledger, by, ids["head"], "subsistence_allowance", "民政", "低保名册")
    ids["household"] = h
    return ids


def counts(ledger: Ledger) -> dict[str, int]:
    return {t: ledger.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in RECORDS}


def _first_collector(ledger: Ledger) -> str:
    return str(ledger.db.execute("SELECT name FROM operators ORDER BY id LIMIT 1").fetchone()[0])
