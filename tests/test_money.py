from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.money import MoneyError, format_yuan, parse_yuan, percent_of, to_capitals


@pytest.mark.parametrize(("text", "fen"), [("320", 32000), ("320.5", 32050), ("0.01", 1), (280, 28000)])
def test_yuan_text_is_read_exactly_as_fen(text: str | int, fen: int) -> None:
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("bad", ["320.123", "-5", "三百", "", "1e3"])
def test_anything_but_plain_yuan_is_refused(bad: str) -> None:
    with pytest.raises(MoneyError):
        parse_yuan(bad)


def test_a_float_is_refused_because_it_is_not_exact() -> None:
    with pytest.raises(MoneyError):
        parse_yuan(320.1)  # type: ignore[arg-type]


@given(st.integers(0, 10**9))
def test_formatting_and_reading_back_is_the_identity(fen: int) -> None:
    assert parse_yuan(format_yuan(fen)) == fen


def test_half_of_320_is_160_and_shares_round_half_up() -> None:
    assert percent_of(32000, Decimal(50)) == 16000
    assert percent_of(1, Decimal(50)) == 1


@pytest.mark.parametrize(("fen", "words"), [(32000, "叁佰贰拾元整"), (24050, "贰佰肆拾元伍角"), (0, "零元整")])
def test_amounts_in_chinese_capitals(fen: int, words: str) -> None:
    assert to_capitals(fen) == words
