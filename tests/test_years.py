"""One ledger across benefit years: opening 2023 after 2022, what carries over, what is refused.

The 2023 and later policies are jl-2022 moved on by whole years (tests/years_support.py),
in a folder of the test, loaded by a catalogue that also sees the bundled files.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from desktop_app.cli import cli
from desktop_app.domain.operators import BenefitYear
from desktop_app.domain.register import PersonInput
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import quote_people
from desktop_app.services.register import add_identity, get_person, identity_records
from desktop_app.services.years import list_years, open_year
from tests.village import COLLECTOR, DATA, PASSWORD, Clock, acting, family, new_id, pay_for
from tests.years_support import catalogue_with, start_year, write_policy, years_ledger


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    return tmp_path / "policies"


@pytest.fixture
def village(tmp_path: Path, clock: Clock, policies: Path) -> Iterator[Ledger]:
    ledger = years_ledger(tmp_path / "years.sqlite", clock, policies)
    yield ledger
    ledger.close()


def test_opening_2023_after_2022_makes_it_the_latest_year_with_its_policy(village: Ledger) -> None:
    opened = start_year(village, 2023)
    assert opened == BenefitYear(2023, "jl-2023", None, date(2022, 11, 1))
    assert [y.year for y in village.years()] == [2022, 2023]
    assert village.year() == opened
    assert village.policy_of().policy.benefit_year == 2023
    assert village.policy_of(2022).policy.id == "jl-2022"
    action, operator, year, payload = village.db.execute(
        "SELECT action, operator, benefit_year, payload FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert (action, operator, year) == ("year.open", COLLECTOR, 2023)
    assert json.loads(payload)["policy"] == "jl-2023" and json.loads(payload)["after"] == 2022


def test_receipts_restart_at_000001_in_the_new_year_per_collector(village: Ledger) -> None:
    first, second = family(village, "0001", date(1980, 1, 1), date(1982, 2, 2))
    assert pay_for(village, [first]).receipt_no == "JL2022000001"
    assert pay_for(village, [second]).receipt_no == "JL2022000002"
    start_year(village, 2023)
    assert pay_for(village, [first], on=date(2022, 11, 1)).receipt_no == "JL2023000001"
    assert pay_for(village, [second], on=date(2022, 11, 1)).receipt_no == "JL2023000002"


def test_households_people_and_identities_carry_over_with_their_dates(village: Ledger) -> None:
    (head,) = family(village, "0001", PersonInput("赵大", new_id(date(1960, 5, 5)), relation="户主"))
    add_identity(
        village,
        acting(village),
        head,
        "subsistence_allowance",
        "民政",
        "低保名册",
        valid_from=date(2021, 1, 1),
        valid_to=date(2023, 6, 30),
    )
    before = (get_person(village, head), identity_records(village, head))
    start_year(village, 2023)
    assert (get_person(village, head), identity_records(village, head)) == before
    (quote,) = quote_people(village, [get_person(village, head)], date(2022, 11, 1))
    assert quote.subsidy > 0, "the identity still holds on the day of the 2023 payment"
    assert pay_for(village, [head], on=date(2022, 11, 1)).lines[0].benefit_year == 2023


def test_a_year_already_open_an_unknown_policy_or_another_years_policy_is_refused(village: Ledger) -> None:
    village.clock.now = datetime(2022, 11, 1, 9, 0)  # type: ignore[attr-defined]
    cases = [
        (2022, "jl-2022", "year", "2022年度已经开启"),
        (2023, "jl-2099", "policy", "没有政策“jl-2099”"),
        (2023, "jl-2022", "policy", "是2022年度的，不能用于2023年度"),
        (2023, "", "policy", "请指定"),
    ]
    for year, policy_id, field, words in cases:
        with pytest.raises(LedgerError) as e:
            open_year(village, acting(village), year, policy_id)
        assert e.value.field == field and words in e.value.message, (year, policy_id, e.value.message)
    assert [y.year for y in village.years()] == [2022]


def test_an_area_the_policy_does_not_know_is_refused(village: Ledger) -> None:
    village.clock.now = datetime(2022, 11, 1, 9, 0)  # type: ignore[attr-defined]
    with pytest.raises(LedgerError) as e:
        open_year(village, acting(village), 2023, "jl-2023", "huaibei")
    assert e.value.field == "area" and "changchun（长春市）" in e.value.message


def test_the_area_carries_over_unless_another_is_named(tmp_path: Path, clock: Clock, policies: Path) -> None:
    with years_ledger(tmp_path / "cc.sqlite", clock, policies, area="changchun") as ledger:
        assert start_year(ledger, 2023).area == "changchun"
        assert start_year(ledger, 2024, area="siping").area == "siping"


def test_years_open_in_order_and_a_gap_only_when_asked(village: Ledger) -> None:
    village.clock.now = datetime(2023, 11, 1, 9, 0)  # type: ignore[attr-defined]
    with pytest.raises(LedgerError) as e:
        open_year(village, acting(village), 2024, "jl-2024")
    assert e.value.field == "year" and "2023年度还没有开启" in e.value.message and "--skip-gap" in e.value.message
    assert open_year(village, acting(village), 2024, "jl-2024", skip_gap=True).year == 2024
    with pytest.raises(LedgerError) as e:
        open_year(village, acting(village), 2023, "jl-2023")
    assert e.value.field == "year" and "以前的年度不能再开启" in e.value.message
    (payload,) = village.db.execute(
        "SELECT payload FROM audit_log WHERE action = 'year.open' ORDER BY seq DESC"
    ).fetchone()
    assert json.loads(payload)["skipped"] == [2023]


def test_a_year_cannot_be_opened_long_before_its_collection(village: Ledger) -> None:
    with pytest.raises(LedgerError) as e:  # the clock is in November 2021
        open_year(village, acting(village), 2023, "jl-2023")
    assert e.value.field == "year" and "还不能开启2023年度" in e.value.message


def test_the_years_are_listed_with_their_policies_and_counts(village: Ledger) -> None:
    first, second = family(village, "0001", date(1980, 1, 1), date(1982, 2, 2))
    pay_for(village, [first, second])
    start_year(village, 2023)
    pay_for(village, [first], on=date(2022, 11, 1))
    listed = [y.to_json() for y in list_years(village)]
    assert listed == [
        {
            "year": 2022,
            "policy": "jl-2022",
            "policy_name": "吉林省2022年度城乡居民医保参保缴费",
            "area": None,
            "area_name": None,
            "opened_on": "2021-11-01",
            "opened_by": COLLECTOR,
            "payments": 1,
            "people_covered": 2,
        },
        {
            "year": 2023,
            "policy": "jl-2023",
            "policy_name": "吉林省2023年度城乡居民医保参保缴费",
            "area": None,
            "area_name": None,
            "opened_on": "2022-11-01",
            "opened_by": COLLECTOR,
            "payments": 1,
            "people_covered": 1,
        },
    ]


def test_the_legacy_ledger_opens_with_its_one_year_and_can_open_2023(tmp_path: Path, policies: Path) -> None:
    path = tmp_path / "ledger-v0.sqlite"
    shutil.copy(DATA / "legacy" / "ledger-v0.sqlite", path)
    clock = Clock(datetime(2022, 10, 15, 9, 0))
    with Ledger.open(path, clock=clock, catalogue=catalogue_with(policies, 2023)) as legacy:
        assert [(y.year, y.policy_id, y.area) for y in legacy.years()] == [(2022, "jl-2022", "changchun")]
        opened = open_year(legacy, acting(legacy, "李会计"), 2023, "jl-2023")
        assert (opened.year, opened.area) == (2023, "changchun")
        person = legacy.db.execute(
            "SELECT id FROM people WHERE status = 'active' AND id_number IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()[0]
        payment = pay_for(legacy, [person], on=date(2022, 10, 15), who=acting(legacy, "李会计"))
        assert payment.receipt_no == "XL2023000001"
        assert [y.payments for y in list_years(legacy)] == [5, 1]


@pytest.fixture
def cli_db(tmp_path: Path, clock: Clock, policies: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A jl-2022 village on disk for the CLI, with jl-2023 where ZHENGJIAO_POLICIES points."""
    write_policy(policies, 2023)
    monkeypatch.setenv("ZHENGJIAO_POLICIES", str(policies))
    path = tmp_path / "cli.sqlite"
    years_ledger(path, clock, policies).close()
    return path


def test_year_start_asks_the_collectors_password(cli_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZHENGJIAO_PASSWORD", raising=False)
    runner = CliRunner()
    base = ["--db", str(cli_db), "year", "start", "2023", "--policy", "jl-2023"]
    missing = runner.invoke(cli, base)
    assert missing.exit_code == 2 and "密码：需要收款员“张会计”的密码" in missing.output
    wrong = runner.invoke(cli, [*base, "--password", "not-it"])
    assert wrong.exit_code == 2 and "密码：" in wrong.output
    done = runner.invoke(cli, ["--json", *base, "--password", PASSWORD])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["year"] == 2023 and json.loads(done.output)["policy"] == "jl-2023"
    again = runner.invoke(cli, [*base, "--password", PASSWORD])
    assert again.exit_code == 2 and "年度：2023年度已经开启" in again.output


def test_years_lists_the_years_as_json_and_as_a_table(cli_db: Path) -> None:
    runner = CliRunner()
    runner.invoke(
        cli,
        ["--db", str(cli_db), "year", "start", "2023", "--policy", "jl-2023", "--password", PASSWORD],
        catch_exceptions=False,
    )
    listed = runner.invoke(cli, ["--db", str(cli_db), "--json", "years"])
    assert listed.exit_code == 0, listed.output
    assert [(y["year"], y["policy"]) for y in json.loads(listed.output)] == [(2022, "jl-2022"), (2023, "jl-2023")]
    table = runner.invoke(cli, ["--db", str(cli_db), "years"])
    assert table.exit_code == 0 and "jl-2023（吉林省2023年度城乡居民医保参保缴费）" in table.output
    assert "当前年度：2023" in table.output
