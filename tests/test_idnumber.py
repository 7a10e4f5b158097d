from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from desktop_app.domain.idnumber import IdKind, IdNumberError, parse_id_number


def make_id(region: str, born: date, serial: int) -> str:
    body = f"{region}{born:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def test_a_valid_resident_id_gives_birth_date_sex_and_region() -> None:
    parsed = parse_id_number("11010519491231002X")
    assert parsed.kind is IdKind.RESIDENT
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "女"
    assert parsed.region.startswith("北京")


def test_spaces_full_width_digits_and_a_lowercase_x_are_accepted() -> None:
    assert parse_id_number(" 1101 0519 4912 3100 2x ").number == "11010519491231002X"
    assert parse_id_number("１１０１０５１９４９１２３１００２Ｘ").number == "11010519491231002X"


def test_a_region_code_created_after_the_birth_year_is_still_valid() -> None:
    # 341324 (泗县) only exists since the 1990s; a villager born in 1981 may carry it.
    number = make_id("341324", date(1981, 5, 20), 123)
    with pytest.raises(ValidationError):
        ric.validate(number)  # stdnum refuses this real person
    assert parse_id_number(number).birth_date == date(1981, 5, 20)


def test_an_unknown_region_code_only_informs() -> None:
    number = make_id("100000", date(1990, 1, 1), 11)  # 100000 names no region
    parsed = parse_id_number(number)
    assert (parsed.kind, parsed.region) == (IdKind.RESIDENT, "")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("11010519491231002", "18位"),
        ("110105194912310021", "校验位"),
        ("11010519490230002" + ric.calc_check_digit("110105194902300020"), "出生日期"),
        ("3.41324198111111E+17", "科学计数法"),
        ("110105491231002", "15位"),
        ("11010519491231002Y", "数字"),
        ("", "为空"),
    ],
)
def test_each_bad_number_is_refused_with_a_reason(text: str, words: str) -> None:
    with pytest.raises(IdNumberError, match=words):
        parse_id_number(text)


def test_hong_kong_macao_taiwan_residence_permits_are_recognised() -> None:
    number = make_id("810000", date(1990, 6, 1), 21)
    parsed = parse_id_number(number)
    assert parsed.kind is IdKind.HK_MO_TW_PERMIT
    assert parsed.region == "香港"


def test_the_new_foreign_permanent_residence_id_is_recognised() -> None:
    number = make_id("933156", date(1985, 2, 3), 11)
    assert parse_id_number(number).kind is IdKind.FOREIGN_PERMANENT


def test_the_old_foreign_permanent_residence_id_is_recognised() -> None:
    parsed = parse_id_number("USA118501011213")
    assert parsed.kind is IdKind.FOREIGN_PERMANENT
    assert parsed.birth_date == date(1985, 1, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 999))
def test_every_well_formed_number_round_trips(born: date, serial: int) -> None:
    number = make_id("220102", born, serial)
    parsed = parse_id_number(number.lower())
    assert (parsed.number, parsed.birth_date) == (number, born)
    assert parsed.sex == ("男" if serial % 2 else "女")


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(0, 999),
    st.integers(0, 16),
    st.integers(1, 9),
)
def test_changing_any_one_digit_is_caught(born: date, serial: int, pos: int, delta: int) -> None:
    number = make_id("220102", born, serial)
    wrong = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    with pytest.raises(IdNumberError):
        parse_id_number(wrong)
