"""A demo village to try the window on: ``zhengjiao gui --demo``.

大庄村 of 山头镇 (the bundled ah-sixian-shantou-2022 policy): about 1 500 people in
about 450 households in seven 村民小组, with identities from the 民政 and 乡村振兴
lists, a newborn without an ID number yet, one villager moved out and one deceased, and
the payments of the past three weeks (most in the groups already visited), one voided, so that every
screen has something on it. The demo lives on a fixed day inside the collection period
(its clock keeps the real time of day), so the quotes are those of the season.
The database is built under a temporary name and renamed when complete.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from desktop_app.demo.township import GROUPS, PlannedHousehold, generate_township, insert_township
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.paths import data_dir
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.services.register import (
    PersonInput,
    add_person,
    find_household,
    household_members,
    update_person,
    with_status,
)
from desktop_app.services.setup import Setup, initialise
from desktop_app.services.status import member_statuses

DEMO_POLICY = "ah-sixian-shantou-2022"
DEMO_VILLAGE = "大庄村"
DEMO_COLLECTOR = "张会计"
DEMO_PASSWORD = "1234"
DEMO_PREFIX = "DZC"
DEMO_PEOPLE = 1500
DEMO_GROUPS = GROUPS[:7]
DEMO_FILE = "demo.sqlite"
_GROUP_WEIGHTS = (70, 62, 75, 58, 66, 54, 65)
_DAYS_INTO_COLLECTION = 52
_PAYING_DAYS = 20
_TODAY = 6  # payments already taken on the demo day
_GROUP_SHARE = (1.0, 0.98, 0.8, 0.62, 0.5, 0.4, 0.3)  # of households that have paid, by group


def demo_path() -> Path:
    return data_dir() / DEMO_FILE


def demo_day(catalogue: PolicyCatalogue | None = None) -> date:
    """The demo's today: some weeks into the collection period."""
    policy = (catalogue or PolicyCatalogue()).load(DEMO_POLICY).policy
    return policy.collection_start(None) + timedelta(days=_DAYS_INTO_COLLECTION)


class DemoClock:
    """The demo day at the real time of day, so the status bar's 'today' stays the demo's."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> datetime:
        return datetime.combine(self.day, datetime.now().time().replace(microsecond=0))


class _SteppingClock:
    """Each reading a little later, never past ``limit``: a big demo (bench/) takes more payments a day than
    fit in one at this pace, and a payment dated today must not be stamped tomorrow."""

    def __init__(self, start: datetime) -> None:
        self.now = start
        self.limit = datetime.max

    def __call__(self) -> datetime:
        self.now = min(self.now + timedelta(seconds=37), self.limit)
        return self.now


def open_demo(
    path: Path | None = None,
    catalogue: PolicyCatalogue | None = None,
    people: int = DEMO_PEOPLE,
    full_check: bool = True,
) -> Ledger:
    """The demo ledger, built on first use."""
    catalogue = catalogue or PolicyCatalogue()
    path = path or demo_path()
    day = demo_day(catalogue)
    if not path.exists():
        build_demo(path, catalogue, people)
    return Ledger.open(path, catalogue=catalogue, clock=DemoClock(day), full_check=full_check)


def build_demo(
    path: Path, catalogue: PolicyCatalogue | None = None, people: int = DEMO_PEOPLE, seed: int = 20211116
) -> Path:
    catalogue = catalogue or PolicyCatalogue()
    day = demo_day(catalogue)
    temp = path.with_name(path.name + ".building")
    for leftover in (temp, temp.with_name(temp.name + "-wal"), temp.with_name(temp.name + "-shm")):
        if leftover.exists():
            leftover.unlink()
    clock = _SteppingClock(datetime.combine(day - timedelta(days=_PAYING_DAYS + 5), time(8, 30)))
    with Ledger.open(temp, catalogue=catalogue, clock=clock, create=True) as ledger:
        acting = initialise(
            ledger,
            Setup(DEMO_POLICY, DEMO_VILLAGE, DEMO_COLLECTOR, DEMO_PREFIX, village_groups=DEMO_GROUPS),
            DEMO_PASSWORD,
        )
        rng = random.Random(seed)
        households = _register(ledger, acting, rng, day, people)
        _payments(ledger, acting, rng, clock, day, households)
    log = temp.with_name(temp.name + "-wal")
    if log.exists() and log.stat().st_size:  # closing the last connection moves the log into the file
        raise RuntimeError(f"{log} was not checkpointed; the demo would be incomplete")
    os.replace(temp, path)
    return path


def _register(ledger: Ledger, acting: Acting, rng: random.Random, day: date, people: int) -> list[tuple[int, str]]:
    """The villagers, a newborn, one moved out and one deceased; (household id, 村民小组) in 户号 order."""
    township = generate_township(DEMO_POLICY, day, people, seed=rng.randrange(10**6), village=DEMO_VILLAGE)
    counts: Counter[int] = Counter()
    households = []
    for h in township.households:
        g = rng.choices(range(len(DEMO_GROUPS)), _GROUP_WEIGHTS)[0]
        counts[g] += 1
        group = DEMO_GROUPS[g]
        households.append(
            replace(
                h,
                household_no=f"{g + 1:02d}{counts[g]:03d}",
                village_group=group,
                address=f"{DEMO_VILLAGE}{group}{counts[g]}号",
            )
        )
    households.sort(key=lambda h: h.household_no)
    insert_township(ledger, acting, replace(township, households=tuple(households)))
    ids = [_household_id(ledger, h) for h in households]
    # A newborn registered before the ID number exists.
    young = next((hid for hid in ids[len(ids) // 10 :] if len(household_members(ledger, hid)) >= 4), ids[-1])
    surname = household_members(ledger, young)[0].name[0]
    add_person(
        ledger,
        acting,
        young,
        PersonInput(
            f"{surname}小雨", birth_date=day - timedelta(days=41), sex="女", relation="孙女", parent_insured=True
        ),
    )
    # One villager moved out, one died this year.
    for hid, status in ((ids[len(ids) // 40], "moved_out"), (ids[len(ids) // 5], "deceased")):
        person = household_members(ledger, hid)[-1]
        update_person(ledger, acting, person.id, with_status(person, status))
    return [(hid, h.village_group) for hid, h in zip(ids, households)]


def _household_id(ledger: Ledger, planned: PlannedHousehold) -> int:
    found = find_household(ledger, planned.household_no)
    assert found is not None, planned.household_no
    return found.id


def _payments(
    ledger: Ledger,
    acting: Acting,
    rng: random.Random,
    clock: _SteppingClock,
    day: date,
    households: list[tuple[int, str]],
) -> None:
    """Past days' payments, more in the groups the collector has already visited; a few today.

    ``households`` in 户号 order, which is also the order they were registered in."""
    share = dict(zip(DEMO_GROUPS, _GROUP_SHARE))
    payers = [hid for hid, group in households if rng.random() < share.get(group, 0.5)]
    rng.shuffle(payers)
    days = [
        day - timedelta(days=back) for back in range(_PAYING_DAYS, 0, -1) if (day - timedelta(days=back)).weekday() != 6
    ]  # the village office is shut on Sundays
    plan = [(days[i % len(days)], hid) for i, hid in enumerate(payers[:-_TODAY])]
    plan.sort(key=lambda p: p[0])
    plan += [(day, hid) for hid in payers[-_TODAY:]]
    voided = False
    current: date | None = None
    for on, hid in plan:
        if on != current:
            current = on
            clock.now = datetime.combine(on, time(8, 40))
            clock.limit = datetime.combine(on, time(23, 59, 59))
        payable = [m for m in member_statuses(ledger, hid, on) if m.payable]
        if len(payable) > 2 and share[payable[0].person.village_group] < 1 and rng.random() < 0.06:
            payable = payable[:-1]  # someone away at work pays later
        if not payable:
            continue
        due = sum(m.due for m in payable)
        cash = due if rng.random() < 0.4 else -(-due // 10000) * 10000
        request = PaymentRequest(tuple(m.person.id for m in payable), cash, on)
        payment = pay(ledger, acting, request)
        clock.now = min(clock.now + timedelta(minutes=rng.randint(2, 9)), clock.limit)
        if not voided and on == day - timedelta(days=3):
            void(ledger, acting, payment.receipt_no, "收错人员，重新开票")
            pay(ledger, acting, request)
            voided = True
