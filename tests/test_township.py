"""The generated township: realistic, deterministic, fast to insert, and the same as a 花名册."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from python_calamine import CalamineWorkbook

from desktop_app.demo.township import (
    GROUPS,
    ROSTER_HEADERS,
    SEVEN_COLUMNS,
    Member,
    Township,
    generate_township,
    insert_township,
    populate,
    write_roster,
)
from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.idnumber import parse_id_number
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.register import PersonInput, get_person, normalized
from desktop_app.store import audit
from tests.village import ROOT, acting

POLICY = "ah-sixian-shantou-2022"
TODAY = date(2021, 9, 1)


@pytest.fixture(scope="module")
def town() -> Township:
    return generate_township(POLICY, TODAY, 5000, seed=11)


def members(town: Township) -> list[Member]:
    return [m for h in town.households for m in h.members]


def age(m: Member) -> int:
    return TODAY.year - m.birth_date.year


@pytest.fixture
def shantou(make_ledger: Callable[..., Ledger]) -> tuple[Ledger, Acting]:
    """山头村 set up under the township's policy, and its collector 李会计 acting."""
    ledger = make_ledger(POLICY, prefix="ST", village="山头村", collector="李会计")
    return ledger, acting(ledger, "李会计")


def actions_since(ledger: Ledger, seq: int) -> list[str]:
    return [r[0] for r in ledger.db.execute("SELECT action FROM audit_log WHERE seq > ? ORDER BY seq", [seq])]


def test_the_same_seed_gives_the_same_township_and_another_seed_another() -> None:
    assert generate_township(POLICY, TODAY, 300, seed=3) == generate_township(POLICY, TODAY, 300, seed=3)
    assert generate_township(POLICY, TODAY, 300, seed=3) != generate_township(POLICY, TODAY, 300, seed=4)


def test_it_holds_exactly_the_people_asked_for_in_about_thirty_percent_as_many_households(town: Township) -> None:
    assert town.people == 5000
    assert 0.26 <= len(town.households) / town.people <= 0.34


def test_every_id_number_is_valid_unique_and_agrees_with_sex_and_birth_date(town: Township) -> None:
    people = members(town)
    assert len({m.id_number for m in people}) == len(people)
    for m in people:
        parsed = parse_id_number(m.id_number)
        assert (parsed.birth_date, parsed.sex) == (m.birth_date, m.sex)
        assert m.birth_date <= TODAY
        assert m.id_number[:6] in ("341324", "342225")  # 泗县, and its code before 1999
    old_code = [m for m in people if m.id_number.startswith("342225")]
    assert old_code and all(m.birth_date.year < 1985 for m in old_code)


def test_every_household_has_one_head_and_ages_that_fit_the_relations(town: Township) -> None:
    for h in town.households:
        heads = [m for m in h.members if m.relation == "户主"]
        assert len(heads) == 1 and h.members[0] is heads[0]
        head = heads[0]
        assert age(head) >= 18
        for m in h.members[1:]:
            if m.relation in ("子", "女"):
                assert age(head) - age(m) >= 15, (head, m)
            elif m.relation in ("孙子", "孙女"):
                assert age(head) - age(m) >= 40, (head, m)
            elif m.relation in ("父亲", "母亲"):
                assert age(m) - age(head) >= 18, (head, m)
            elif m.relation in ("配偶", "儿媳"):
                assert age(m) >= 18
            else:
                raise AssertionError(f"unexpected relation {m.relation}")
    assert {m.sex for h in town.households for m in h.members if m.relation in ("子", "孙子", "父亲")} == {"男"}
    assert {m.sex for h in town.households for m in h.members if m.relation in ("女", "孙女", "母亲", "儿媳")} == {"女"}


def test_names_follow_the_common_surnames_and_include_the_polyphonic_ones() -> None:
    people = members(generate_township(POLICY, TODAY, 30000, seed=5))
    surnames = Counter(m.name[0] for m in people)
    assert {s for s, _ in surnames.most_common(5)} <= {"王", "李", "张", "刘", "陈", "杨"}
    assert all(surnames[s] > 0 for s in "曾单解仇")
    assert all(len(m.name) in (2, 3) for m in people)
    assert 0.2 < sum(len(m.name) == 2 for m in people) / len(people) < 0.5


def test_most_are_han_some_mongol_hui_and_manchu(town: Township) -> None:
    ethnicities = Counter(m.ethnicity for m in members(town))
    assert ethnicities["汉族"] / town.people > 0.9
    assert set(ethnicities) == {"汉族", "蒙古族", "回族", "满族"}


def test_about_five_percent_hold_an_identity_from_civil_affairs_or_rural_revitalisation(town: Township) -> None:
    held = [m for m in members(town) if m.identities]
    assert 0.03 <= len(held) / town.people <= 0.08
    assert {source for m in held for _, source, _ in m.identities} <= {"民政", "乡村振兴"}
    assert {code for m in held for code, _, _ in m.identities} <= set(IDENTITIES)
    assert "subsistence_allowance" in {code for m in held for code, _, _ in m.identities}


def test_school_age_children_are_students_and_small_children_are_not(town: Township) -> None:
    people = members(town)
    school = [m for m in people if 7 <= age(m) <= 17]
    assert sum(m.student for m in school) / len(school) > 0.9
    assert not any(m.student for m in people if age(m) < 6 or age(m) > 22)


def test_households_sit_in_ten_village_groups_with_phones(town: Township) -> None:
    assert {h.village_group for h in town.households} == set(GROUPS)
    assert all(len(h.phone) == 11 and h.phone.startswith("1") for h in town.households)
    assert len({h.household_no for h in town.households}) == len(town.households)


def test_inner_mongolia_has_more_mongols_and_its_own_region_codes() -> None:
    town = generate_township("nm-dalate-2022", TODAY, 3000, seed=2)
    people = members(town)
    assert Counter(m.ethnicity for m in people)["蒙古族"] / len(people) > 0.05
    assert {m.id_number[:6] for m in people} <= {"150621", "152722"}


def test_inserted_rows_are_what_the_register_itself_would_store(shantou: tuple[Ledger, Acting], town: Township) -> None:
    ledger, who = shantou
    report = insert_township(ledger, who, town)
    assert (report.households, report.people) == (len(town.households), town.people)
    assert report.identities == sum(len(m.identities) for m in members(town))
    columns = [
        "name",
        "id_number",
        "id_kind",
        "sex",
        "birth_date",
        "ethnicity",
        "relation",
        "student",
        "phone",
        "status",
        "name_pinyin",
        "name_initials",
        "id_reversed",
        "parent_insured",
    ]
    for m in members(town)[::97]:
        row = dict(
            zip(
                columns,
                ledger.db.execute(
                    f"SELECT {', '.join(columns)} FROM people WHERE id_number = ?", [m.id_number]
                ).fetchone(),
            )
        )
        expected = normalized(
            PersonInput(
                m.name, m.id_number, ethnicity=m.ethnicity, relation=m.relation, student=m.student, phone=m.phone
            )
        )
        assert row == {k: expected[k] for k in columns}


def test_insertion_is_one_audit_entry_and_the_chain_holds(shantou: tuple[Ledger, Acting], town: Township) -> None:
    ledger, who = shantou
    before = audit.head(ledger.db)[0]
    insert_township(ledger, who, town)
    assert actions_since(ledger, before) == ["township.generate"]
    entry = ledger.db.execute("SELECT operator, benefit_year FROM audit_log WHERE seq > ?", [before]).fetchone()
    assert tuple(entry) == ("李会计", 2022)  # who acts, in which benefit year
    assert audit.verify(ledger.db).ok
    head = ledger.db.execute("SELECT p.id FROM people p WHERE relation = '户主' LIMIT 1").fetchone()[0]
    assert get_person(ledger, head).household_no == town.households[0].household_no


def test_a_township_inserted_twice_is_refused_and_nothing_more_is_written(shantou: tuple[Ledger, Acting]) -> None:
    ledger, who = shantou
    before = audit.head(ledger.db)[0]
    small = generate_township(POLICY, TODAY, 200, seed=1)
    insert_township(ledger, who, small)
    with pytest.raises(LedgerError, match="重复"):
        insert_township(ledger, who, small)
    assert ledger.db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 200
    assert actions_since(ledger, before) == ["township.generate"]


def test_populate_uses_the_ledgers_policy_and_village(xinli: Ledger) -> None:
    report = populate(xinli, acting(xinli, "李会计"), 500, seed=9)
    ledger = xinli
    assert report.people == 500
    regions = {r[0] for r in ledger.db.execute("SELECT DISTINCT substr(id_number, 1, 6) FROM people")}
    assert regions == {"220122"}
    assert ledger.db.execute("SELECT address FROM households LIMIT 1").fetchone()[0].startswith("新立村")


def test_the_roster_workbook_has_the_headers_and_ids_as_text(tmp_path: Path) -> None:
    town = generate_township(POLICY, TODAY, 400, seed=8)
    path = write_roster(town, tmp_path / "search_roster.xlsx")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert tuple(rows[0]) == ROSTER_HEADERS
    assert len(rows) == 401
    flat = [(h, m) for h in town.households for m in h.members]
    for row, (h, m) in zip(rows[1:], flat):
        assert row == [
            h.household_no,
            m.name,
            m.id_number,
            m.relation,
            m.ethnicity,
            h.village_group,
            m.phone,
            "是" if m.student else "否",
        ]
    sheet = load_workbook(path, read_only=False).active
    assert sheet["C2"].data_type == "s" and sheet["C2"].number_format == "@"
    assert sheet["A2"].number_format == "@"


def test_the_seven_column_roster_has_the_issues_headers_and_the_same_people(tmp_path: Path) -> None:
    town = generate_township(POLICY, TODAY, 50, seed=8)
    path = write_roster(town, tmp_path / "seven.xlsx", SEVEN_COLUMNS)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert (
        tuple(rows[0])
        == SEVEN_COLUMNS
        == ("户号", "姓名", "公民身份号码", "与户主关系", "民族", "村民小组", "联系电话")
    )
    flat = [(h, m) for h in town.households for m in h.members]
    assert [row[:3] for row in rows[1:]] == [[h.household_no, m.name, m.id_number] for h, m in flat]


@pytest.mark.slow
def test_the_benchmark_runs_end_to_end_on_a_small_township(tmp_path: Path) -> None:
    """Only that it runs and reports every section; its figures are read by people, not asserted."""
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--people",
            "600",
            "--queries",
            "10",
            "--payments",
            "5",
            "--repeat",
            "1",
            "--dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for section in ("township: 600 people", "search (", "payment + receipt commit", "targets"):
        assert section in done.stdout
    assert "import" in done.stdout
    for ratio in ("import_ratio ", "import_ratio_7col "):  # both floors, each beside its target
        assert any(line.strip().startswith(ratio) and "target < 1.5" in line for line in done.stdout.splitlines())
    assert list(tmp_path.iterdir()) == []  # the temporary databases are gone
