"""Identity codes, their Chinese labels and the names offices write are data (resources/identities.toml),
DESIGN.md's table is the base, and a policy may add groups of its own."""

from __future__ import annotations

import pytest

from desktop_app.domain import codes
from desktop_app.domain.codes import IDENTITIES, IdentityTableError, covering, parse_identity_table
from desktop_app.policy.loader import parse_policy
from desktop_app.policy.model import Policy
from desktop_app.services.policies import identity_from_label, identity_label, identity_labels, known_identity
from tests.policy_support import EXAMPLE_DIR, EXAMPLE_ID
from tests.village import ROOT

DESIGN_CODES = [
    "extreme_poverty",
    "orphan",
    "unsupported_child",
    "severe_disability",
    "priority_care",
    "family_planning",
    "subsistence_allowance",
    "returned_to_poverty",
    "monitored",
    "unstable_out_of_poverty",
    "margin_at_risk",
    "sudden_hardship",
    "low_income_margin",
    "struggling_child",
    "needy_veteran",
    "registered_poor",
    "stable_out_of_poverty",
]


def example() -> Policy:
    return parse_policy((EXAMPLE_DIR / f"{EXAMPLE_ID}.toml").read_text("utf-8"), f"{EXAMPLE_ID}.toml")


def test_the_base_table_is_design_md_in_its_order_read_from_the_resources_file() -> None:
    table = parse_identity_table((ROOT / "resources" / codes.IDENTITY_FILE).read_text("utf-8"))
    assert [k.code for k in table] == DESIGN_CODES == list(IDENTITIES)
    assert IDENTITIES == {k.code: k.label for k in table}
    assert IDENTITIES["subsistence_allowance"] == "低保对象" and IDENTITIES["low_income_margin"] == "低保边缘家庭成员"


def test_the_three_kinds_of_monitored_people_are_covered_by_monitored() -> None:
    for kind in ("unstable_out_of_poverty", "margin_at_risk", "sudden_hardship"):
        assert covering([kind]) == {kind, "monitored"}
    assert covering(["subsistence_allowance"]) == {"subsistence_allowance"}


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("农村低保", "subsistence_allowance"),
        ("城市低保", "subsistence_allowance"),
        ("低保户", "subsistence_allowance"),
        ("五保户", "extreme_poverty"),
        (" 五保 ", "extreme_poverty"),
        ("低边", "low_income_margin"),
        ("低保边缘家庭成员", "low_income_margin"),
        ("脱贫不稳定户", "unstable_out_of_poverty"),
        ("边缘易致贫户", "margin_at_risk"),
        ("突发严重困难户", "sudden_hardship"),
        ("防止返贫监测对象", "monitored"),
        ("一、二级残疾人", "severe_disability"),
        ("subsistence_allowance", "subsistence_allowance"),
    ],
)
def test_the_names_offices_write_map_to_their_code(written: str, code: str) -> None:
    assert identity_from_label(written) == code


@pytest.mark.parametrize("written", ["", "低保？", "困难户", "贫困", "dibao"])
def test_an_unknown_name_maps_to_nothing_rather_than_a_guess(written: str) -> None:
    assert identity_from_label(written) is None


def test_a_policys_own_group_is_known_labelled_and_found_by_its_names_in_that_policy_only() -> None:
    policy = example()
    assert known_identity("poor_elderly", policy) and not known_identity("poor_elderly")
    assert known_identity("low_income_margin") and not known_identity("dibao", policy)
    assert identity_label("poor_elderly", policy) == "高龄困难老人"
    assert identity_label("poor_elderly") == "poor_elderly"  # another year's local code shows as itself
    assert identity_from_label("困难高龄老人", policy) == "poor_elderly" and identity_from_label("困难高龄老人") is None
    assert identity_labels(policy)["orphan"] == "孤儿" and "poor_elderly" not in identity_labels()


def test_a_table_with_a_code_twice_or_a_name_of_two_codes_is_refused_with_each_problem() -> None:
    text = """
[[identities]]
code = "a_group"
label = "甲类"
aliases = ["困难户"]

[[identities]]
code = "a_group"
label = "乙类"

[[identities]]
code = "b_group"
label = "丙类"
aliases = ["困难户"]
within = "nothing"
"""
    with pytest.raises(IdentityTableError) as caught:
        parse_identity_table(text, "identities.toml")
    message = str(caught.value)
    assert (
        "a_group 重复" in message and "“困难户”同时属于 a_group 和 b_group" in message and "within = nothing" in message
    )


def test_the_shipped_table_has_no_name_of_two_codes() -> None:
    assert codes.check_kinds(codes.IDENTITY_KINDS) == []
