"""Importing the roster (花名册): every bad row reported, all or nothing, and a re-import changes nothing."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop_app.domain.operators import Acting
from desktop_app.services.imports import ImportReport, import_roster
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.register import (
    PersonInput,
    add_household,
    add_person,
    find_by_id_number,
    household_members,
    normalized,
)
from desktop_app.store import audit
from tests.roster_sheets import person_row, write_sheet
from tests.village import DATA, acting

MESSY = DATA / "import_roster_messy.xlsx"
BAD = DATA / "import_roster_bad.xlsx"
HEAD_ID = "220102197003141310"  # 王建国 in every import_roster_* fixture
WEI_ID = "220102198501201659"
X_ID = "22010219600202103X"


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting]:
    """新立村, and its collector 李会计 acting in its benefit year."""
    return xinli, acting(xinli, "李会计")


def count(ledger: Ledger, table: str) -> int:
    n: int = ledger.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return n


def problems(report: ImportReport) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for p in report.problems:
        out.setdefault(p.row, []).append((p.field, p.reason))
    return out


def test_a_messy_sheet_with_a_title_merged_cells_and_a_total_row_imports_whole(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    report = import_roster(ledger, who, MESSY)
    assert report.problems == ()
    assert report.written
    c = report.counts
    assert (c.rows, c.added_households, c.added_people, c.unchanged, c.ignored) == (7, 3, 7, 0, 4)
    head = find_by_id_number(ledger, HEAD_ID)
    members = household_members(ledger, head.household_id)
    # 户号 and 村民小组 were merged down the household: each member carries them
    assert [m.name for m in members] == ["王建国", "李秀兰", "王小明", "王宝宝"]
    assert {(m.household_no, m.village_group) for m in members} == {("0001", "一组")}
    spouse, son, newborn = members[1:]
    assert spouse.ethnicity == "蒙古族"  # '蒙古' is the same group
    assert son.id_number == "220102201009011532" and son.student
    assert (newborn.id_number, newborn.birth_date, newborn.sex, newborn.id_kind) == (
        None,
        date(2021, 10, 1),
        "女",
        "none",
    )
    wei = find_by_id_number(ledger, WEI_ID)  # written "220102 19850120 1659" with spaces
    assert (wei.name, wei.ethnicity, wei.village_group) == ("王伟", "回族", "二组")  # '王  伟' aligned by hand
    zhao = household_members(ledger, wei.household_id)[1]
    assert (zhao.name, zhao.phone, zhao.ethnicity) == ("赵红梅", "13900000004", "汉族")  # full-width digits
    assert find_by_id_number(ledger, X_ID).name == "钱多多"  # written with a lowercase x


def test_imported_rows_are_what_the_register_would_store(village: tuple[Ledger, Acting]) -> None:
    """The batch insert follows register.normalized() to the column."""
    ledger, who = village
    import_roster(ledger, who, MESSY)
    columns = (
        "name",
        "relation",
        "phone",
        "student",
        "parent_insured",
        "status",
        "id_number",
        "id_kind",
        "sex",
        "birth_date",
        "id_reversed",
        "ethnicity",
        "name_pinyin",
        "name_initials",
    )
    rows = ledger.db.execute(f"SELECT {', '.join(columns)} FROM people ORDER BY id").fetchall()
    assert len(rows) == 7
    for row in rows:
        stored = dict(zip(columns, row))
        again = normalized(
            PersonInput(
                name=stored["name"],
                id_number=stored["id_number"],
                birth_date=date.fromisoformat(stored["birth_date"]),
                sex=stored["sex"],
                ethnicity=stored["ethnicity"],
                relation=stored["relation"],
                student=bool(stored["student"]),
                phone=stored["phone"],
                status=stored["status"],
            )
        )
        assert again == stored


def test_importing_the_same_file_again_changes_nothing(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    import_roster(ledger, who, MESSY)
    before = (count(ledger, "people"), count(ledger, "households"), audit.head(ledger.db))
    again = import_roster(ledger, who, MESSY)
    assert not again.written and again.problems == ()
    assert (again.counts.added_people, again.counts.added_households, again.counts.unchanged) == (0, 0, 7)
    assert (count(ledger, "people"), count(ledger, "households"), audit.head(ledger.db)) == before


def test_one_audit_entry_names_the_file_its_hash_and_the_counts(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    seq_before = audit.head(ledger.db)[0]
    report = import_roster(ledger, who, MESSY)
    entries = ledger.db.execute(
        "SELECT action, operator, payload FROM audit_log WHERE seq > ?", [seq_before]
    ).fetchall()
    assert [(a, o) for a, o, _ in entries] == [("import.roster", "李会计")]
    payload = entries[0][2]
    assert "import_roster_messy.xlsx" in payload and report.sha256 in payload and '"added_people":7' in payload
    assert audit.verify(ledger.db).ok


def test_every_kind_of_bad_row_is_reported_and_nothing_is_written(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    head = audit.head(ledger.db)
    report = import_roster(ledger, who, BAD)
    assert report.blocked and not report.written
    found = problems(report)
    assert set(found) == {4, 5, 6, 7, 8, 9, 12, 13, 14}  # rows 3 and 15 are good; 10 and 11 only warned about
    expect = {
        4: ("id_number", "存成了数字"),
        5: ("id_number", "科学计数法"),
        6: ("id_number", "校验位"),
        7: ("id_number", "与第3行重复"),  # the 15-digit number, made 18 digits, is row 3's
        8: ("id_number", "与第3行重复"),
        9: ("name", "姓名为空"),
        12: ("student", "可能"),  # jl-2022 prices students apart: the flag decides money
        13: ("household_no", "户号为空"),
        14: ("id_number", "出生日期"),
    }
    for row, (field, words) in expect.items():
        assert any(f == field and words in reason for f, reason in found[row]), (row, found[row])
    assert "后几位已丢失" in found[4][0][1]  # says why a number cell cannot be used
    assert (count(ledger, "people"), count(ledger, "households"), audit.head(ledger.db)) == (0, 0, head)


def test_an_unknown_relation_or_ethnicity_is_kept_as_written_and_warned_about(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    report = import_roster(ledger, who, BAD, dry_run=True)
    warned = {(w.row, w.field): w for w in report.warnings}
    assert set(warned) == {(10, "ethnicity"), (11, "relation")}  # row 7's conversion: the row is refused anyway
    assert (warned[10, "ethnicity"].value, warned[10, "ethnicity"].kept) == ("火星族", "火星族")
    assert warned[11, "relation"].label == "与户主关系" and "已按原文保留" in warned[11, "relation"].reason


def test_only_valid_imports_the_good_rows_and_lists_the_rest(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    report = import_roster(ledger, who, BAD, only_valid=True)
    assert report.written and not report.blocked
    assert (report.counts.added_people, report.counts.skipped) == (4, 9)
    assert {r[0] for r in ledger.db.execute("SELECT name FROM people")} == {"张大山", "周九", "李四", "李五"}
    assert len(report.problems) == 9
    assert find_by_id_number(ledger, "220102198001012333").ethnicity == "火星族"
    li_wu = ledger.db.execute("SELECT relation FROM people WHERE name = '李五'").fetchone()[0]
    assert li_wu == "邻居"


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    head = audit.head(ledger.db)
    report = import_roster(ledger, who, MESSY, dry_run=True)
    assert (report.dry_run, report.written, report.counts.added_people, report.counts.added_households) == (
        True,
        False,
        7,
        3,
    )
    assert (count(ledger, "people"), audit.head(ledger.db)) == (0, head)


def test_a_person_registered_in_another_household_is_refused(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    other = add_household(ledger, who, "0099")
    add_person(ledger, who, other, PersonInput("王建国", HEAD_ID, relation="户主"))
    report = import_roster(ledger, who, MESSY)
    assert not report.written
    [(row, [(field, reason)])] = problems(report).items()
    assert (row, field) == (4, "id_number") and "已登记在户 0099" in reason
    assert count(ledger, "people") == 1


def test_changed_phone_and_group_update_the_registered_people(village: tuple[Ledger, Acting], tmp_path: Path) -> None:
    ledger, who = village
    import_roster(ledger, who, MESSY)
    changed = tmp_path / "花名册（改）.xlsx"
    shutil.copy(MESSY, changed)
    book = load_workbook(changed)
    sheet = book.active
    assert sheet is not None
    sheet["H5"] = "13700000009"  # 李秀兰's phone
    sheet["G9"] = "五组"  # 户 0002's 村民小组 (merged down G9:G10)
    book.save(changed)
    seq = audit.head(ledger.db)[0]
    report = import_roster(ledger, who, changed)
    assert (report.counts.updated, report.counts.updated_households, report.counts.unchanged) == (1, 1, 6)
    spouse = find_by_id_number(ledger, "220102197207021425")
    assert spouse.phone == "13700000009"
    assert find_by_id_number(ledger, WEI_ID).village_group == "五组"
    [(action, payload)] = ledger.db.execute("SELECT action, payload FROM audit_log WHERE seq > ?", [seq]).fetchall()
    assert action == "import.roster" and "13800000002" in payload and "13700000009" in payload
    assert import_roster(ledger, who, changed).written is False


def test_a_newborn_registered_without_a_number_gets_it_from_a_later_roster(
    village: tuple[Ledger, Acting], tmp_path: Path
) -> None:
    ledger, who = village
    import_roster(ledger, who, MESSY)
    later = tmp_path / "later.xlsx"
    shutil.copy(MESSY, later)
    book = load_workbook(later)
    sheet = book.active
    assert sheet is not None
    number = "220102202110011224"  # born 2021-10-01, female
    sheet["D7"], sheet["J7"], sheet["K7"] = number, None, None
    book.save(later)
    report = import_roster(ledger, who, later)
    assert report.problems == ()
    assert (report.counts.updated, report.counts.added_people) == (1, 0)
    baby = find_by_id_number(ledger, number)
    assert (baby.name, baby.id_kind, baby.birth_date) == ("王宝宝", "resident", date(2021, 10, 1))


def test_a_column_named_twice_refuses_the_file_even_with_only_valid(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    report = import_roster(ledger, who, DATA / "import_roster_duplicate_header.csv", only_valid=True)
    assert report.refused and report.blocked and not report.written
    assert any(p.row == 1 and "出现了2次" in p.reason for p in report.problems)
    assert count(ledger, "people") == 0


def test_a_file_without_a_recognisable_header_is_refused_with_the_column_names(
    village: tuple[Ledger, Acting], tmp_path: Path
) -> None:
    ledger, who = village
    path = tmp_path / "notes.csv"
    path.write_text("备忘\n明天开会\n", encoding="utf-8")
    with pytest.raises(LedgerError) as e:
        import_roster(ledger, who, path)
    assert e.value.field == "file" and "表头" in e.value.message and "姓名" in e.value.message


def test_a_file_of_another_kind_is_refused(village: tuple[Ledger, Acting], tmp_path: Path) -> None:
    ledger, who = village
    path = tmp_path / "roster.docx"
    path.write_bytes(b"PK")
    with pytest.raises(LedgerError, match="不支持的文件类型"):
        import_roster(ledger, who, path)


def test_a_failure_while_writing_leaves_no_row_behind(
    village: tuple[Ledger, Acting], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, who = village

    def broken(*args: Any) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ledger, "audit", broken)
    with pytest.raises(RuntimeError):
        import_roster(ledger, who, MESSY)
    assert (count(ledger, "people"), count(ledger, "households")) == (0, 0)
    names = {r[0] for r in ledger.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"people_name", "people_pinyin", "people_initials", "people_id_reversed"} <= names


def test_a_large_import_keeps_every_index_of_the_register(village: tuple[Ledger, Acting], tmp_path: Path) -> None:
    """Big imports rebuild the people indexes after inserting; they come back exactly as they were."""
    ledger, who = village
    sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' ORDER BY name"
    before = ledger.db.execute(sql).fetchall()
    rows = [person_row(i) for i in range(2500)]
    path = write_sheet(tmp_path / "big.xlsx", [["户号", "姓名", "身份证号码", "与户主关系"], *rows])
    report = import_roster(ledger, who, path)
    assert report.counts.added_people == 2500
    assert ledger.db.execute(sql).fetchall() == before
    assert ledger.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
