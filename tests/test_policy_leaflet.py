"""What the collector reads out: ``policies show`` and the 政策明白纸's content state every price — each
group's amount to pay, each late rule's price — in plain Chinese, with the file's doubts last."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from desktop_app.cli import cli
from desktop_app.policy.leaflet import leaflet
from desktop_app.policy.loader import parse_policy
from desktop_app.policy.model import Policy
from desktop_app.policy.summary import summarize
from tests.policy_support import EXAMPLE_DIR, EXAMPLE_ID
from tests.village import POLICY_DIR

BUNDLED = sorted(p.stem for p in POLICY_DIR.glob("*.toml") if not p.name.endswith(".cases.toml"))


def bundled(policy_id: str) -> Policy:
    return parse_policy((POLICY_DIR / f"{policy_id}.toml").read_text("utf-8"), f"{policy_id}.toml")


def example() -> Policy:
    return parse_policy((EXAMPLE_DIR / f"{EXAMPLE_ID}.toml").read_text("utf-8"), f"{EXAMPLE_ID}.toml")


def shown(policy_id: str) -> str:
    result = CliRunner().invoke(cli, ["policies", "show", policy_id])
    assert result.exit_code == 0, result.stderr
    return result.stdout[: result.stdout.index("\n政策文件：")]  # the file's path and hash follow


def plain_lines(text: str, policy: Policy) -> list[str]:
    """Every line but the payment channels, which are the notice's own names (手机APP)."""
    channels = set(policy.channels.names) if policy.channels else set()
    return [line for line in text.splitlines() if line.strip() not in channels]


@pytest.mark.parametrize("policy_id", BUNDLED)
def test_show_is_plain_chinese_with_no_codes_no_english_and_no_engine(policy_id: str) -> None:
    text = shown(policy_id)
    lines = plain_lines(text, bundled(policy_id))
    assert not [line for line in lines if re.search(r"[A-Za-z]", line)], "\n".join(lines)
    assert "引擎" not in text and policy_id not in text


@pytest.mark.parametrize("policy_id", BUNDLED)
def test_show_states_each_groups_amount_to_pay_and_each_late_rules_price(policy_id: str) -> None:
    policy, text = bundled(policy_id), shown(policy_id)
    sheet = leaflet(policy)
    assert f"普通居民：个人缴费{policy.standard.amount // 100}元" in text
    for group in sheet.groups:
        assert group.text in text
        assert "个人缴费" in group.text or "免缴" in group.text or "金额由当地确定" in group.text
    for late in sheet.late:
        assert late.text in text and ("元" in late.price or late.price.startswith("不予参保"))
    for rule in policy.late_rules:
        assert rule.name in text
    if policy.ambiguities:
        assert "【需要您核对的事项】" in text


def test_a_group_reads_its_amount_to_pay_before_the_help() -> None:
    text = shown("hb-2026")
    assert "低保对象、监测人口：个人缴费160元（资助240元，医疗救助）" in text
    assert "特困人员、孤儿：个人缴费0元（资助400元，医疗救助）" in text


def test_a_subsidy_paid_back_later_says_the_person_pays_in_full_first() -> None:
    assert "个人缴费360元（先缴后补：缴费后由旗民族事务委员会补助150元）" in shown("nm-dalate-2022")


def test_a_late_rule_at_the_full_cost_states_that_price() -> None:
    assert "900元（含财政补助部分）" in shown("hn-2022")


def test_pupils_the_school_enrols_read_so_and_never_that_they_cannot_enrol() -> None:
    text = shown("nm-dalate-2022")
    assert "在校（在园）学生：由学校组织参保（不在村代收）" in text
    assert "不能参保" not in text


def test_waits_by_years_and_the_doubts_are_stated() -> None:
    text = shown("sc-zigong-2025")
    assert "每多断保1年，增加1个月（断保第1年不加）" in text and "补缴后合计不少于6个月" in text
    assert "【需要您核对的事项】" in text and "请向区（县）医保部门核实" in text
    assert "依据二手摘要，未见通知原文" in text  # each document says how far it could be read


def test_the_leaflet_of_every_new_key_as_data() -> None:
    sheet = leaflet(example(), area="east")
    groups = {g.group: g for g in sheet.groups}
    assert groups["低保边缘家庭成员"].to_pay == 21000 and groups["低保边缘家庭成员"].subsidy == 19000
    assert groups["重点优抚对象"].to_pay is None and "金额由当地确定" in groups["重点优抚对象"].text
    assert groups["高龄困难老人"].to_pay == 20000
    assert sheet.periods == ("集中缴费期：2026-09-01 至 2026-12-31", "东片延长至2027-02-28")
    (after,) = [late for late in sheet.late if late.who == "其他人集中缴费期后缴费"]
    assert after.price == (
        "2027-01-01至2027-03-31缴费：400元（按个人缴费标准，可享受资助）；"
        "2027-04-01至2027-12-31缴费：1020元（含财政补助部分，不享受资助）"
    )
    assert sheet.late[0].who == "新生儿出生90天内参保" and "自出生之日起" in sheet.late[0].benefit
    assert sheet.bring == ("户口簿", "居民身份证") and "税务手机APP" in sheet.channels
    assert sheet.not_collected == ("在校大学生：由学校组织参保（不在村代收）",)
    assert "困难群众（特困人员、低保对象、低保边缘家庭成员）参保率：100%" in sheet.targets
    assert sheet.to_check and sheet.to_check[0].startswith("东片在2027年1月1日")
    assert sheet.waits == (
        "集中缴费期外参保的，设固定待遇等待期3个月；每多断保1年，增加1个月；每补缴1年，减少1个月（只减增加的部分）；最长6个月",
    )


def test_the_summary_of_the_example_reads_every_section() -> None:
    text = summarize(example())
    for heading in (
        "【各类人员个人缴费】",
        "【不由村代收】",
        "【集中缴费期后】",
        "【待遇等待期】",
        "【请带上】",
        "【缴费渠道】",
        "【参保率目标】",
        "【需要您核对的事项】",
    ):
        assert heading in text
