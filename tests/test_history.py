"""Each person's history for the quote: uncovered years the ledger knows, and what the collector enters.

A ledger runs 2022 → 2023 → 2024 (tests/years_support.py); people registered in the
collection period before 2022 are known to it from 2022 on.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from desktop_app.cli import cli
from desktop_app.domain.history import COVERED, UNCOVERED, UNKNOWN
from desktop_app.domain.register import PersonInput
from desktop_app.services.coverage import mark
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import void
from desktop_app.services.years import clear_history, history_entries, history_for, set_history
from tests.village import COLLECTOR, Clock, acting, family, new_id, pay_for
from tests.years_support import start_year, years_ledger

IN_2023 = date(2022, 11, 1)  # in jl-2023's collection period


@pytest.fixture
def village(tmp_path: Path, clock: Clock) -> Iterator[Ledger]:
    ledger = years_ledger(tmp_path / "history.sqlite", clock, tmp_path / "policies")
    yield ledger
    ledger.close()


def figures(ledger: Ledger, person_ids: list[int], year: int | None = None) -> list[tuple[int | None, int | None]]:
    found = history_for(ledger, person_ids, year)
    return [(found[p].uncovered_years, found[p].back_paid_years) for p in person_ids]


def test_in_the_ledgers_first_year_nobodys_history_is_known(village: Ledger) -> None:
    (person,) = family(village, "0001", date(1980, 1, 1))
    (found,) = history_for(village, [person]).values()
    assert (found.uncovered_years, found.back_paid_years, found.source) == (None, None, None)
    assert [(y.year, y.state) for y in found.years] == [(2021, UNKNOWN)]
    assert "2021年度及以前的参保情况账本中没有记录" in found.describe()


def test_unpaid_years_count_one_after_another_and_a_payment_ends_the_run(village: Ledger) -> None:
    paid, unpaid, later = family(village, "0001", date(1980, 1, 1), date(1982, 2, 2), date(1984, 3, 3))
    pay_for(village, [paid])
    start_year(village, 2023)
    assert figures(village, [paid, unpaid, later]) == [(0, 0), (1, 0), (1, 0)]
    pay_for(village, [later], on=IN_2023)
    start_year(village, 2024)
    assert figures(village, [paid, unpaid, later]) == [(1, 0), (2, 0), (0, 0)]
    assert figures(village, [unpaid], 2023) == [(1, 0)], "an earlier year is asked with its year"
    found = history_for(village, [unpaid])[unpaid]
    assert [(y.year, y.state) for y in found.years] == [(2023, UNCOVERED), (2022, UNCOVERED), (2021, UNKNOWN)]
    assert found.describe() == "断保2年（2023、2022年度未参保；2021年度及以前账本中没有记录），补缴0年"
    assert history_for(village, [paid])[paid].describe() == "断保1年（2023年度未参保），补缴0年"
    assert history_for(village, [later])[later].describe() == "2023年度已参保（本村收款），未断保"


def test_a_voided_receipt_does_not_cover_its_year(village: Ledger) -> None:
    (person,) = family(village, "0001", date(1980, 1, 1))
    payment = pay_for(village, [person])
    void(village, acting(village), payment.receipt_no, "收错了人")
    start_year(village, 2023)
    assert figures(village, [person]) == [(1, 0)]


def test_paid_elsewhere_and_insured_otherwise_are_coverage_refused_is_not(village: Ledger) -> None:
    people = family(village, "0001", *[date(1970 + i, 1, 1) for i in range(5)])
    online, employee, soldier, refused, prisoner = people
    who = acting(village)
    mark(village, who, online, "paid_elsewhere", channel="online")
    mark(village, who, employee, "employee_insurance")
    mark(village, who, soldier, "military")
    mark(village, who, refused, "refused", note="说明年再交")
    mark(village, who, prisoner, "prison")
    start_year(village, 2023)
    assert figures(village, people) == [(0, 0), (0, 0), (0, 0), (1, 0), (None, None)]
    found = history_for(village, people)
    assert found[online].years[0].why == "其他渠道已缴费" and found[employee].years[0].why == "职工医保"
    assert found[refused].years[0].why == "拒绝参保" and found[prisoner].years[0].state == UNKNOWN


def test_someone_registered_after_the_years_start_is_not_counted_for_it(village: Ledger, clock: Clock) -> None:
    clock.now = datetime(2022, 3, 1, 9, 0)
    (newcomer,) = family(village, "0009", date(1990, 6, 6))
    start_year(village, 2023)
    found = history_for(village, [newcomer])[newcomer]
    assert (found.uncovered_years, found.years[0].why) == (None, "2022年度待遇期开始后才登记")


def test_a_skipped_year_is_unknown_not_uncovered(village: Ledger) -> None:
    (person,) = family(village, "0001", date(1980, 1, 1))
    start_year(village, 2024, skip_gap=True)
    found = history_for(village, [person])[person]
    assert (found.uncovered_years, found.years[0].why) == (None, "账本没有2023年度")


def test_an_entered_history_wins_and_the_latest_entry_counts(village: Ledger, clock: Clock) -> None:
    (person,) = family(village, "0001", date(1980, 1, 1))
    start_year(village, 2023)
    assert figures(village, [person]) == [(1, 0)]
    who = acting(village)
    entered = set_history(village, who, person, None, 3, 1, "县医保系统查询")
    assert (entered.uncovered_years, entered.back_paid_years, entered.source) == (3, 1, "entered")
    assert entered.describe() == f"断保3年，补缴1年（{COLLECTOR}登记：县医保系统查询）"
    set_history(village, who, person, 2023, 2, 0)
    assert figures(village, [person]) == [(2, 0)]
    assert figures(village, [person], 2022) == [(None, None)], "an entry belongs to its year"
    cleared = clear_history(village, who, person)
    assert (cleared.uncovered_years, cleared.source) == (1, "ledger")
    assert [(e.uncovered_years, e.back_paid_years) for e in history_entries(village, person)] == [
        (3, 1),
        (2, 0),
        (None, None),
    ]
    actions = [
        r[0] for r in village.db.execute("SELECT action FROM audit_log WHERE action LIKE 'history.%' ORDER BY seq")
    ]
    assert actions == ["history.set", "history.set", "history.clear"]


def test_the_same_entry_twice_writes_once(village: Ledger) -> None:
    (person,) = family(village, "0001", date(1980, 1, 1))
    set_history(village, acting(village), person, None, 2, 0, "外地迁入")
    set_history(village, acting(village), person, None, 2, 0, "外地迁入")
    assert len(history_entries(village, person)) == 1


def test_an_entry_for_a_newcomer_carries_into_the_next_years(village: Ledger, clock: Clock) -> None:
    start_year(village, 2023)
    (newcomer,) = family(village, "0009", date(1990, 6, 6))  # registered in November 2022
    set_history(village, acting(village), newcomer, None, 4, 1, "在外务工多年未参保")
    start_year(village, 2024)
    found = history_for(village, [newcomer])[newcomer]
    assert (found.uncovered_years, found.back_paid_years, found.source) == (5, 1, "ledger")
    assert found.describe() == "断保5年（2023年度未参保，加上2023年度登记的此前断保4年），补缴1年"


def test_an_entry_that_cannot_be_true_is_refused(village: Ledger) -> None:
    (child,) = family(village, "0001", PersonInput("小宝", new_id(date(2020, 5, 1))))
    who = acting(village)
    for uncovered, back_paid, field, words in [
        (1, 2, "back_paid", "不能多于断保年数"),
        (3, 0, "uncovered", "最多断保2年"),
        (-1, 0, "uncovered", "不小于0的整数"),
    ]:
        with pytest.raises(LedgerError) as e:
            set_history(village, who, child, None, uncovered, back_paid)
        assert e.value.field == field and words in e.value.message
    with pytest.raises(LedgerError) as e:
        clear_history(village, who, child)
    assert e.value.field == "history"
    with pytest.raises(LedgerError) as e:
        set_history(village, who, child, 2030, 0, 0)
    assert e.value.field == "year"


def test_entries_are_never_changed_in_place(village: Ledger) -> None:
    (person,) = family(village, "0001", date(1980, 1, 1))
    set_history(village, acting(village), person, None, 2, 0)
    with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
        village.db.execute("UPDATE history_entries SET uncovered_years = 0")
    with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
        village.db.execute("DELETE FROM history_entries")


def test_history_from_the_command_line(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "cli.sqlite"
    with years_ledger(path, clock, tmp_path / "policies") as ledger:
        (person,) = family(ledger, "0001", date(1980, 1, 1))
        number = ledger.db.execute("SELECT id_number FROM people WHERE id = ?", [person]).fetchone()[0]
    runner = CliRunner()
    entered = runner.invoke(
        cli,
        [
            "--db",
            str(path),
            "history",
            "--id-number",
            number,
            "--uncovered",
            "2",
            "--back-paid",
            "1",
            "--note",
            "外地迁入",
        ],
    )
    assert entered.exit_code == 0, entered.output
    assert "2022年度以前：断保2年，补缴1年（张会计登记：外地迁入）\n" in entered.output
    shown = runner.invoke(cli, ["--db", str(path), "--json", "history", "--id-number", number, "--year", "2022"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert (data["uncovered_years"], data["back_paid_years"], data["source"]) == (2, 1, "entered")
    assert [e["note"] for e in data["entries"]] == ["外地迁入"]
    bad = runner.invoke(cli, ["--db", str(path), "history", "--id-number", number, "--back-paid", "1"])
    assert bad.exit_code == 2 and "断保年数（--uncovered）：" in bad.output
    too_many = runner.invoke(
        cli, ["--db", str(path), "history", "--id-number", number, "--uncovered", "1", "--back-paid", "2"]
    )
    assert too_many.exit_code == 2 and "补缴年数：补缴年数（2年）不能多于断保年数（1年）" in too_many.output
    cleared = runner.invoke(cli, ["--db", str(path), "--json", "history", "--id-number", number, "--clear"])
    assert cleared.exit_code == 0 and json.loads(cleared.output)["uncovered_years"] is None


def test_covered_years_stop_the_walk_even_with_an_older_entry(village: Ledger) -> None:
    (person,) = family(village, "0001", date(1980, 1, 1))
    set_history(village, acting(village), person, 2022, 3, 0)
    pay_for(village, [person])
    start_year(village, 2023)
    found = history_for(village, [person])[person]
    assert (found.uncovered_years, found.entry) == (0, None)
    assert found.years[0].state == COVERED
