"""Search as the collector types: names, pinyin, ID numbers and their tails, 户号."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

import pytest

from desktop_app.demo.township import generate_township, insert_township
from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.names import initials
from desktop_app.services.ledger import Ledger
from desktop_app.services.register import PersonInput, add_household, add_person
from desktop_app.services.search import (
    CONTAINED,
    EXACT,
    HOUSEHOLD_NO,
    HOUSEHOLD_PREFIX,
    ID_HEAD,
    ID_NUMBER,
    ID_TAIL,
    INITIALS,
    NAME,
    NAME_CONTAINS,
    NAME_PREFIX,
    PINYIN,
    PREFIX,
    SearchHit,
    search,
    search_households,
)
from tests.village import acting

OP = "李会计"
REGION = "341324"


def x_id(birth: str) -> str:
    """An ID number whose check digit is X, for tail searches like '123X'."""
    for serial in range(1, 1000):
        number = demo_id(REGION, birth, serial)
        if number.endswith("X"):
            return number
    raise AssertionError("no serial gives X")


ZHANG_WEI = demo_id(REGION, "1975-04-12", 131)
X_NUMBER = x_id("1988-06-15")


POLICY = "ah-sixian-shantou-2022"


def shantou(make_ledger: Callable[..., Ledger]) -> Ledger:
    """山头村 (泗县山头镇), collector 李会计; closed by the fixture that made it."""
    return make_ledger(POLICY, prefix="ST", village="山头村", collector=OP)


@pytest.fixture
def village(make_ledger: Callable[..., Ledger]) -> Ledger:
    ledger = shantou(make_ledger)
    who = acting(ledger, OP)
    people = {
        ("0100001", "一组"): [
            ("张伟", ZHANG_WEI, "户主"),
            ("李秀兰", demo_id(REGION, "1977-02-03", 142), "配偶"),
            ("张小明", demo_id(REGION, "2008-09-01", 153), "子"),
        ],
        ("0100002", "一组"): [
            ("曾小明", demo_id(REGION, "1980-01-01", 111), "户主"),
            ("曾伟", demo_id(REGION, "2005-05-05", 113), "子"),
        ],
        ("0100003", "一组"): [("单丽", demo_id(REGION, "1966-03-03", 122), "户主"), ("单丽华", X_NUMBER, "女")],
        ("0200001", "二组"): [
            ("张伟民", demo_id(REGION, "1970-07-07", 171), "户主"),
            ("李张伟", demo_id(REGION, "1972-08-08", 182), "配偶"),
        ],
        ("0200002", "二组"): [
            ("赵伟", demo_id(REGION, "1990-10-10", 191), "户主"),
            ("黄秀英", demo_id(REGION, "1950-12-12", 202), "母亲"),
        ],
    }
    for (no, group), members in people.items():
        household = add_household(ledger, who, no, f"山头村{group}", group)
        for name, number, relation in members:
            add_person(ledger, who, household, PersonInput(name, number, relation=relation))
    moved = add_household(ledger, who, "0200003", "", "二组")
    add_person(
        ledger, who, moved, PersonInput("张伟", demo_id(REGION, "1960-01-20", 211), relation="户主", status="moved_out")
    )
    return ledger


def names(hits: list[SearchHit]) -> list[str]:
    return [h.name for h in hits]


def test_zeng_is_found_by_its_surname_reading_zeng_and_by_z(village: Ledger) -> None:
    assert set(names(search(village, "zeng"))) == {"曾小明", "曾伟"}
    assert {"曾小明", "曾伟"} <= set(names(search(village, "z")))
    assert "曾伟" in names(search(village, "zw"))


def test_shan_finds_the_surname_written_dan(village: Ledger) -> None:
    assert set(names(search(village, "shan"))) == {"单丽", "单丽华"}
    assert names(search(village, "shanlihua")) == ["单丽华"]
    assert search(village, "dan") == []


def test_a_two_character_name_is_found_by_its_surname_and_by_the_whole_name(village: Ledger) -> None:
    assert {"张伟", "张伟民", "张小明"} <= set(names(search(village, "张")))
    hits = search(village, "张伟")
    assert hits[0].name == "张伟" and hits[0].why == NAME and hits[0].rank == EXACT
    assert names(search(village, "赵伟")) == ["赵伟"]


def test_exact_names_come_before_prefixes_and_prefixes_before_names_that_contain_the_text(village: Ledger) -> None:
    hits = search(village, "张伟")
    assert names(hits) == ["张伟", "张伟", "张伟民", "李张伟"]
    assert [h.why for h in hits] == [NAME, NAME, NAME_PREFIX, NAME_CONTAINS]
    assert [h.rank for h in hits] == [EXACT, EXACT, PREFIX, CONTAINED]


def test_people_still_in_the_register_come_before_those_moved_out(village: Ledger) -> None:
    exact = [h for h in search(village, "张伟") if h.name == "张伟"]
    assert [h.status for h in exact] == ["active", "moved_out"]


def test_pinyin_initials_and_full_pinyin_find_the_person(village: Ledger) -> None:
    hits = search(village, "zw")
    assert {"张伟", "曾伟", "赵伟"} <= set(names(hits))
    assert all(h.why == INITIALS for h in hits[:3])
    assert "张伟民" in names(hits)  # zwm begins with zw, after the exact ones
    assert names(hits).index("张伟民") > names(hits).index("赵伟")
    full = search(village, "zhangwei")
    assert names(full)[:2] == ["张伟", "张伟"] and full[0].why == PINYIN
    assert names(full)[2] == "张伟民"


def test_a_single_letter_lists_everyone_whose_name_begins_with_it(village: Ledger) -> None:
    assert set(names(search(village, "h"))) == {"黄秀英"}


def test_the_last_digits_of_an_id_number_find_its_holder(village: Ledger) -> None:
    hits = search(village, ZHANG_WEI[-4:])
    assert hits[0].id_number == ZHANG_WEI and hits[0].why == ID_TAIL
    tail = X_NUMBER[-6:]
    assert tail.endswith("X")
    for typed in (tail, tail.lower(), X_NUMBER[-4:].lower()):
        assert [h.id_number for h in search(village, typed)] == [X_NUMBER]


def test_a_whole_id_number_or_its_first_digits_find_its_holder(village: Ledger) -> None:
    hits = search(village, ZHANG_WEI)
    assert [h.name for h in hits] == ["张伟"] and hits[0].why == ID_NUMBER and hits[0].rank == EXACT
    head = search(village, ZHANG_WEI[:12])
    assert [h.id_number for h in head] == [ZHANG_WEI] and head[0].why == ID_HEAD
    spaced = " ".join([ZHANG_WEI[:6], ZHANG_WEI[6:14], ZHANG_WEI[14:]])
    assert names(search(village, spaced.replace(" ", ""))) == ["张伟"]


def test_a_household_number_finds_every_member_of_the_household(village: Ledger) -> None:
    hits = search(village, "0100001")
    assert names(hits) == ["张伟", "李秀兰", "张小明"]
    assert {h.why for h in hits} == {HOUSEHOLD_NO}
    assert {h.household_no for h in hits} == {"0100001"}
    assert {h.household_no for h in search(village, "01000")} == {"0100001", "0100002", "0100003"}
    assert {h.why for h in search(village, "01000")} == {HOUSEHOLD_PREFIX}


def test_a_household_number_with_letters_is_found_as_written(village: Ledger) -> None:
    household = add_household(village, OP, "SZ-012", "", "三组")
    add_person(village, OP, household, PersonInput("孙强", demo_id(REGION, "1985-05-05", 301), relation="户主"))
    assert [(h.name, h.why) for h in search(village, "SZ-012")] == [("孙强", HOUSEHOLD_NO)]
    assert [(h.name, h.why) for h in search(village, "ＳＺ")] == [("孙强", HOUSEHOLD_PREFIX)]
    assert [(h.name, h.why) for h in search(village, "sz-012")] == [("孙强", HOUSEHOLD_NO)]
    assert names(search(village, "sz")) == ["孙强"]  # not by initials (sq) but by 户号


def test_a_hit_carries_the_household_and_its_village_group(village: Ledger) -> None:
    hit = search(village, "黄秀英")[0]
    assert (hit.household_no, hit.village_group, hit.status) == ("0200002", "二组", "active")
    assert hit.household_id == search(village, "赵伟")[0].household_id


def test_the_limit_caps_the_hits_and_keeps_the_best(village: Ledger) -> None:
    assert names(search(village, "张伟", limit=2)) == ["张伟", "张伟"]
    assert len(search(village, "z", limit=3)) == 3
    assert search(village, "张", limit=0) == []


@pytest.mark.parametrize("typed", ["", "   ", "\t\n", "　"])
def test_an_empty_box_finds_nobody(village: Ledger, typed: str) -> None:
    assert search(village, typed) == []
    assert search_households(village, typed) == []


@pytest.mark.parametrize("typed", ["ｚｗ", "ZW", " zw ", "z w"])
def test_full_width_capital_and_spaced_letters_read_as_pinyin(village: Ledger, typed: str) -> None:
    assert names(search(village, typed))[:3] == names(search(village, "zw"))[:3]


def test_full_pinyin_with_spaces_or_capitals_reads_as_one_word(village: Ledger) -> None:
    assert names(search(village, "Zhang Wei"))[:2] == ["张伟", "张伟"]


def test_full_width_digits_read_as_an_id_tail(village: Ledger) -> None:
    tail = ZHANG_WEI[-4:].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert names(search(village, tail))[0] == "张伟"


def test_a_name_begun_in_characters_and_finished_in_pinyin_is_found(village: Ledger) -> None:
    assert names(search(village, "张x")) == ["张小明"]
    assert set(names(search(village, "张w"))) == {"张伟", "张伟民"}


def test_a_name_and_id_digits_together_must_both_match(village: Ledger) -> None:
    assert names(search(village, f"张 {ZHANG_WEI[-4:]}")) == ["张伟"]
    assert names(search(village, f"zw {ZHANG_WEI[-4:]}")) == ["张伟"]
    assert search(village, f"曾 {ZHANG_WEI[-4:]}") == []
    assert names(search(village, f"张伟，{ZHANG_WEI[-4:]}")) == ["张伟"]
    assert names(search(village, "zeng'xiao'ming")) == ["曾小明"]


@pytest.mark.parametrize("typed", ["没有这个人", "qqqq", "99999999", "★", "张@", "'", "%", "_", "\U0001f600"])
def test_text_that_matches_nobody_finds_nobody_without_error(village: Ledger, typed: str) -> None:
    assert search(village, typed) == []


def test_like_wildcards_are_taken_literally(village: Ledger) -> None:
    assert search(village, "张%") == [] and search(village, "%伟") == []


def test_households_are_listed_once_with_head_and_member_count(village: Ledger) -> None:
    found = search_households(village, "伟")
    assert len({h.household_no for h in found}) == len(found)
    by_no = {h.household_no: h for h in found}
    assert set(by_no) == {"0100001", "0100002", "0200001", "0200002", "0200003"}
    assert by_no["0200001"].head_name == "张伟民" and by_no["0200001"].member_count == 2
    assert by_no["0200001"].matched == ("张伟民", "李张伟")
    assert by_no["0200002"].matched == ("赵伟",) and by_no["0200002"].head_name == "赵伟"
    assert by_no["0100001"].head_name == "张伟" and by_no["0100001"].member_count == 3
    assert by_no["0200003"].active_count == 0


def test_a_household_found_through_a_member_shows_the_head_not_the_member(village: Ledger) -> None:
    [household] = search_households(village, "黄秀英")
    assert (household.head_name, household.matched, household.why) == ("赵伟", ("黄秀英",), NAME)
    assert household.address == "山头村二组"


def test_household_search_by_number_prefix_lists_each_household_once(village: Ledger) -> None:
    found = search_households(village, "0100")
    assert [h.household_no for h in found] == ["0100001", "0100002", "0100003"]
    assert [h.member_count for h in found] == [3, 2, 2]
    assert len(search_households(village, "0", limit=2)) == 2


def test_in_a_generated_township_every_sampled_person_is_found_by_name_initials_and_id_tail(
    make_ledger: Callable[..., Ledger],
) -> None:
    ledger = shantou(make_ledger)
    town = generate_township(POLICY, date(2021, 9, 1), 3000, seed=7)
    insert_township(ledger, acting(ledger, OP), town)
    people = [m for h in town.households for m in h.members]
    for person in random.Random(1).sample(people, 40):
        assert person.id_number in {h.id_number for h in search(ledger, person.name, limit=500)}
        assert person.id_number in {h.id_number for h in search(ledger, person.id_number[-6:])}
        by_initials = search(ledger, initials(person.name), limit=3000)
        assert person.id_number in {h.id_number for h in by_initials}
