"""The township's figures are read from sums the ledger keeps by triggers (migration 0011): after every
kind of change they must equal a count from scratch — payments, voids, refund applications and their
answers, marks and clears, people moving out or to another household, households changing group,
and two benefit years side by side."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.coverage import EXCLUSIONS, PAID_ELSEWHERE, CoverageFigures, GroupFigures
from desktop_app.domain.operators import Acting
from desktop_app.domain.register import PersonInput
from desktop_app.services.county_paid import import_county_paid
from desktop_app.services.coverage import clear, coverage_figures, coverage_of, mark
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import live_payment_for, void
from desktop_app.services.refunds import refund, set_refund_state
from desktop_app.services.register import (
    add_household,
    add_identity,
    add_person,
    find_by_id_number,
    get_household,
    get_person,
    identities_on,
    move_person,
    update_household,
    update_person,
    with_status,
)
from desktop_app.store import coverage as store
from desktop_app.store.coverage_totals import BULK_MARKS
from tests.village import Clock, acting, family, new_id, pay_for
from tests.years_support import start_year, years_ledger

ADULT, ELDER = date(1980, 3, 1), date(1950, 6, 1)


@pytest.fixture
def village(tmp_path: Path, clock: Clock) -> Iterator[tuple[Ledger, Acting]]:
    """A village in 2022 that can open 2023, and its collector acting in 2022."""
    with years_ledger(
        tmp_path / "v.sqlite", clock, tmp_path / "policies", village_groups=("一组", "二组", "三组")
    ) as ledger:
        yield ledger, acting(ledger, year=2022)


def recount(ledger: Ledger, year: int) -> CoverageFigures:
    """The figures from the register's records one person at a time: nothing kept, nothing summed by SQL."""
    day = ledger.now().date()
    ids = [r[0] for r in ledger.db.execute("SELECT id FROM people ORDER BY id")]
    excluded: Counter[str] = Counter()
    here = elsewhere = refused = registered = 0
    groups: dict[str, list[int]] = {g: [0, 0] for g in ledger.settings.village_groups}
    identity: dict[str, list[int]] = {}
    for pid in ids:
        person = get_person(ledger, pid)
        if person.status != "active":
            continue
        group = get_household(ledger, person.household_id).village_group or "（未分组）"
        row = groups.setdefault(group, [0, 0])
        current = coverage_of(ledger, pid, year)
        paid_here = live_payment_for(ledger, pid, year) is not None
        status = current.status if current else None
        registered += 1
        if paid_here:
            here += 1
        elif status in EXCLUSIONS:
            excluded[str(status)] += 1
            continue
        elif status == PAID_ELSEWHERE:
            elsewhere += 1
        elif status == "refused":
            refused += 1
        row[0] += 1
        row[1] += paid_here or status == PAID_ELSEWHERE
        for code in identities_on(ledger, pid, day):
            counts = identity.setdefault(code, [0, 0])
            counts[0] += 1
            counts[1] += paid_here or status == PAID_ELSEWHERE
    got = coverage_figures(ledger, year)
    return CoverageFigures(
        year,
        registered,
        {k: excluded[k] for k in EXCLUSIONS},
        here,
        elsewhere,
        got.rate,
        got.target,
        {k: GroupFigures(*v) for k, v in identity.items()},
        {k: GroupFigures(*v) for k, v in groups.items()},
        refused,
    )


def agrees(ledger: Ledger, *years: int) -> None:
    for year in years:
        got, want = coverage_figures(ledger, year), recount(ledger, year)
        assert got.to_json() == want.to_json() and got.refused == want.refused, year
        assert sorted(store.class_counts(ledger.db, year), key=str) == sorted(
            store.class_counts_recount(ledger.db, year), key=str
        ), year


def test_the_kept_figures_equal_a_recount_after_every_kind_of_change(village: tuple[Ledger, Acting]) -> None:
    ledger, first = village
    a, b, c, d = family(ledger, "0001", ADULT, ADULT, ADULT, ELDER, group="一组")
    e, f, g = family(ledger, "0002", ADULT, ELDER, ADULT, group="二组")
    add_identity(ledger, first, a, "subsistence_allowance", "民政", "低保名册")
    add_identity(ledger, first, e, "extreme_poverty", "民政", "特困名册")
    agrees(ledger, 2022)

    paid = pay_for(ledger, [a, b], who=first)
    other = pay_for(ledger, [e, f], who=first)
    agrees(ledger, 2022)
    void(ledger, first, other.receipt_no, "录错人员")  # e and f no longer paid here
    agrees(ledger, 2022)
    again = pay_for(ledger, [e], who=first)
    agrees(ledger, 2022)

    mark(ledger, first, c, "employee_insurance", note="在县城企业上班")
    mark(ledger, first, d, "paid_elsewhere", channel="线上", on=date(2021, 10, 8))
    mark(ledger, first, f, "refused", note="说不想交")
    mark(ledger, first, b, "paid_elsewhere", channel="银行")  # paid here too: a duplicate, counted once
    mark(ledger, first, e, "military")  # paid here and a soldier: still paid here
    agrees(ledger, 2022)
    clear(ledger, first, c)
    mark(ledger, first, f, "moved_out")  # a refusal replaced by an exclusion
    agrees(ledger, 2022)

    refund(ledger, first, paid.receipt_no, "重复缴费", id_numbers=(get_person(ledger, b).id_number or "",))
    agrees(ledger, 2022)  # an application takes b's line out at once
    application = ledger.db.execute("SELECT uid FROM refund_applications ORDER BY id DESC").fetchone()[0]
    set_refund_state(ledger, first, application, "不予退费", "税务答复：已过退费期限")
    agrees(ledger, 2022)  # declined: the line covers b again
    refund(ledger, first, again.receipt_no, "重复缴费")
    answer = ledger.db.execute("SELECT uid FROM refund_applications ORDER BY id DESC").fetchone()[0]
    set_refund_state(ledger, first, answer, "已退")
    agrees(ledger, 2022)

    update_person(ledger, first, a, with_status(get_person(ledger, a), "moved_out"))
    agrees(ledger, 2022)
    update_person(ledger, first, a, with_status(get_person(ledger, a), "active"))
    update_person(ledger, first, g, with_status(get_person(ledger, g), "deceased"))
    agrees(ledger, 2022)
    household = get_household(ledger, get_person(ledger, e).household_id)
    update_household(
        ledger, first, household.id, address=household.address, village_group="三组", phone=household.phone
    )
    agrees(ledger, 2022)
    move_person(ledger, first, d, household.id)  # 一组 → 三组, with its mark
    agrees(ledger, 2022)
    h = add_household(ledger, first, "0003", "", "")  # no group
    add_person(ledger, first, h, PersonInput("孙新", new_id(ADULT)))
    add_person(ledger, first, h, PersonInput("孙走", new_id(ADULT), status="moved_out"))
    agrees(ledger, 2022)

    start_year(ledger, 2023)
    second = acting(ledger, year=2023)
    agrees(ledger, 2022, 2023)
    pay_for(ledger, [c], on=ledger.now().date(), who=second)
    mark(ledger, second, b, "school")
    agrees(ledger, 2022, 2023)
    assert coverage_figures(ledger, 2023).covered_here == 1 and coverage_figures(ledger, 2023).excluded["school"] == 1


def test_a_ledger_made_before_the_sums_gets_them_counted_when_it_is_opened(tmp_path: Path, clock: Clock) -> None:
    """Migration 0011 counts what is already there: the sums equal a recount on the first opening."""
    with years_ledger(tmp_path / "v.sqlite", clock, tmp_path / "policies") as ledger:
        who = acting(ledger)
        a, b, c = family(ledger, "0001", ADULT, ADULT, ELDER)
        pay_for(ledger, [a], who=who)
        mark(ledger, who, b, "paid_elsewhere", channel="POS")
        mark(ledger, who, c, "refused", note="不交")
        kept = store.class_counts(ledger.db, 2022)
        with ledger.db.conn:  # as a ledger of migration 0010 had them: no sums, no triggers keeping them
            for (trigger,) in ledger.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                "(sql LIKE '%coverage_facts%' OR sql LIKE '%coverage_group_people%')"
            ).fetchall():
                ledger.db.execute(f"DROP TRIGGER {trigger}")
            for table in ("coverage_facts", "coverage_totals", "coverage_group_people"):
                ledger.db.execute(f"DROP TABLE {table}")
            ledger.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0011_coverage_totals'")
    with Ledger.open(tmp_path / "v.sqlite", clock=clock, catalogue=ledger.catalogue) as reopened:
        assert sorted(store.class_counts(reopened.db, 2022), key=str) == sorted(kept, key=str)
        agrees(reopened, 2022)


def test_a_roster_inserted_in_bulk_is_counted_set_wise_and_the_counting_trigger_comes_back(
    tmp_path: Path, clock: Clock
) -> None:
    from desktop_app.demo.township import populate

    with years_ledger(tmp_path / "v.sqlite", clock, tmp_path / "policies") as ledger:
        who = acting(ledger)
        family(ledger, "0001", ADULT, ADULT)  # counted one by one, before the bulk
        populate(ledger, who, 3000, seed=7)  # more than BULK_ROWS: the set-wise path
        agrees(ledger, 2022)
        assert (
            ledger.db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'people_coverage_added'").fetchone()[0]
            == 1
        )
        family(ledger, "9999", ADULT)  # and one by one again after it
        agrees(ledger, 2022)

        # a county list of more than BULK_MARKS people: its marks are carried into the sums set-wise
        people = ledger.db.execute(
            "SELECT name, id_number FROM people WHERE id_number IS NOT NULL ORDER BY id LIMIT 2600"
        ).fetchall()
        listed = tmp_path / "已缴费名单.csv"
        listed.write_text(
            "缴费人姓名,缴费人证件号码,缴费渠道\n" + "".join(f"{n},{i},微信\n" for n, i in people), "utf-8"
        )
        report = import_county_paid(ledger, who, listed)
        assert report.marked == len(people) >= BULK_MARKS
        agrees(ledger, 2022)
        assert (
            ledger.db.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                "('coverage_latest_facts_insert', 'coverage_latest_facts_update', "
                "'coverage_facts_added', 'coverage_facts_changed')"
            ).fetchone()[0]
            == 4
        )
        clear(ledger, who, get_person_id(ledger, people[0][1]))  # one by one again: the triggers are back
        agrees(ledger, 2022)
        assert (
            coverage_figures(ledger).registered
            == ledger.db.execute("SELECT COUNT(*) FROM people WHERE status = 'active'").fetchone()[0]
        )


def get_person_id(ledger: Ledger, id_number: str) -> int:
    return find_by_id_number(ledger, id_number).id
