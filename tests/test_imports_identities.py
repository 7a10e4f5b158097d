"""Identity lists from 民政 / 乡村振兴 / 残联: everyone on them must be in the register; all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.operators import Acting
from desktop_app.services.imports import import_identities, import_roster
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.register import find_by_id_number, identities_on, identity_records
from desktop_app.store import audit
from tests.village import DATA, acting

DIBAO = DATA / "import_identities_dibao.xlsx"
BAD = DATA / "import_identities_bad.csv"
HEAD_ID, SON_ID = "220102197003141310", "220102201009011532"


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting]:
    """新立村 with the messy roster imported, and its collector 李会计 acting."""
    who = acting(xinli, "李会计")
    import_roster(xinli, who, DATA / "import_roster_messy.xlsx")
    return xinli, who


def test_a_list_with_a_title_and_a_total_row_records_each_identity(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    report = import_identities(ledger, who, DIBAO, "subsistence_allowance", "民政")
    assert report.written and report.problems == ()
    assert (report.counts.rows, report.counts.added_identities, report.counts.ignored) == (2, 2, 1)
    head = find_by_id_number(ledger, HEAD_ID)
    [record] = identity_records(ledger, head.id)
    assert (record.code, record.source, record.list_name) == ("subsistence_allowance", "民政", DIBAO.name)
    assert (record.valid_from, record.valid_to) == (date(2021, 1, 1), date(2021, 12, 31))
    assert identities_on(ledger, head.id, date(2022, 1, 1)) == ()
    son = find_by_id_number(ledger, SON_ID)  # 认定日期 written as Excel's serial 44197
    assert identity_records(ledger, son.id)[0].valid_from == date(2021, 1, 1)


def test_importing_the_same_list_again_changes_nothing(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    import_identities(ledger, who, DIBAO, "subsistence_allowance", "民政")
    head = audit.head(ledger.db)
    again = import_identities(ledger, who, DIBAO, "subsistence_allowance", "民政")
    assert (again.written, again.counts.unchanged, again.counts.added_identities) == (False, 2, 0)
    assert audit.head(ledger.db) == head
    assert ledger.db.execute("SELECT count(*) FROM identities").fetchone()[0] == 2


def test_every_bad_row_is_reported_and_nothing_is_written(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    head = audit.head(ledger.db)
    report = import_identities(ledger, who, BAD, "subsistence_allowance", "民政")  # a GBK CSV
    assert report.blocked and not report.written
    reasons = {p.row: (p.field, p.reason) for p in report.problems}
    assert set(reasons) == {3, 4, 5, 6, 7}
    assert "不在花名册中" in reasons[3][1]
    assert reasons[4][0] == "name" and "李秀兰" in reasons[4][1]
    assert "校验位" in reasons[5][1]
    assert reasons[6][0] == "valid_to"
    assert "与第2行重复" in reasons[7][1]
    assert ledger.db.execute("SELECT count(*) FROM identities").fetchone()[0] == 0
    assert audit.head(ledger.db) == head


def test_only_valid_records_the_good_rows(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    report = import_identities(ledger, who, BAD, "extreme_poverty", "民政", only_valid=True)
    assert (report.written, report.counts.added_identities, report.counts.skipped) == (True, 1, 5)
    head = find_by_id_number(ledger, HEAD_ID)
    assert [r.code for r in identity_records(ledger, head.id)] == ["extreme_poverty"]


def test_new_dates_for_a_listed_person_update_the_record(village: tuple[Ledger, Acting], tmp_path: Path) -> None:
    ledger, who = village
    first = tmp_path / "残疾人名单.csv"
    first.write_text(f"身份证号码,截止日期\n{HEAD_ID},2021-06-30\n", encoding="utf-8")
    import_identities(ledger, who, first, "severe_disability", "残联")
    first.write_text(f"身份证号码,截止日期\n{HEAD_ID},2022-06-30\n", encoding="utf-8")
    report = import_identities(ledger, who, first, "severe_disability", "残联")
    assert (report.counts.updated, report.counts.added_identities) == (1, 0)
    head = find_by_id_number(ledger, HEAD_ID)
    assert identity_records(ledger, head.id)[0].valid_to == date(2022, 6, 30)


def test_an_unknown_code_or_a_blank_source_is_refused_before_reading(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    with pytest.raises(LedgerError) as e:
        import_identities(ledger, who, DIBAO, "poor", "民政")
    assert e.value.field == "code"
    with pytest.raises(LedgerError) as e:
        import_identities(ledger, who, DIBAO, "orphan", "  ")
    assert e.value.field == "source"
