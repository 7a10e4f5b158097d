"""The township's policy editor without a window: a policy file as a form and back, losing nothing;
last year's copied for the new year; the edited values checked, the sample households quoted and
written as the cases; saved, signed and exported for the villages — and what a village sees change."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.services import keys
from desktop_app.services.ledger import Ledger
from desktop_app.services.policies import PolicyCatalogue, leaflet
from desktop_app.services.policy_editing import EXPORT_FOLDER, FormRefused, build, export, save, sign
from desktop_app.services.policy_files import PolicyRefused, check_file, read_policy_file
from desktop_app.services.policy_form import LocalIdentityRow, SubsidyRow, read_form
from desktop_app.services.policy_sample_rows import SampleRow
from desktop_app.services.policy_samples import answers
from desktop_app.services.policy_updates import changes, preview_install, set_consult_phone, year_choices
from desktop_app.services.toml_writer import dumps
from tests.editor_support import NEW_ID, PAID_ON, SAMPLES, YEAR, edited, fixed_row
from tests.policy_support import EXAMPLE_DIR, KEY_PASSWORD, own_data_folder
from tests.village import POLICY_DIR, acting
from tests.years_support import write_policy

FILES = sorted([*POLICY_DIR.glob("*.toml"), *EXAMPLE_DIR.glob("*.toml")])
POLICIES = [p for p in FILES if not p.name.endswith(".cases.toml")]


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return own_data_folder(tmp_path, monkeypatch)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_toml_writer_gives_back_exactly_what_tomllib_read(path: Path) -> None:
    data = tomllib.loads(path.read_text("utf-8"))
    assert tomllib.loads(dumps(data, "一行说明\n第二行")) == data


def test_the_toml_writer_escapes_quotes_backslashes_and_control_characters() -> None:
    data = {"quote": '他说："按\\规定"\n第二行\t完', "键 名": [1, 2], "t": {"when": {"a": [True]}}}
    assert tomllib.loads(dumps(data)) == data


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.stem)
def test_a_policy_read_as_a_form_and_written_back_is_the_same_policy_with_the_same_cases(path: Path) -> None:
    form = read_form(path)
    built = build(form)
    original, _ = read_policy_file(path)
    assert built.policy.model_dump(exclude={"schema_version"}) == original.model_dump(exclude={"schema_version"})
    assert (
        tomllib.loads(built.cases)["cases"]
        == tomllib.loads(path.with_name(f"{path.stem}.cases.toml").read_text("utf-8"))["cases"]
    )


def test_a_copy_for_the_next_year_has_the_new_id_and_year_every_date_moved_on_and_no_old_cases() -> None:
    form = edited()
    assert (form.policy_id, form.benefit_year) == (NEW_ID, str(YEAR))
    assert (form.collection_start, form.collection_end) == ("2022-10-01", "2022-12-31")
    assert (form.benefit_start, form.benefit_end) == ("2023-01-01", "2023-12-31")
    assert "2023" in form.name and not form.extra_cases


def test_the_edited_copy_quotes_the_new_standard_and_subsidy_and_its_samples_agree() -> None:
    form = edited()
    built = build(form)
    assert built.policy.standard.amount == 38000
    assert built.policy.subsidies[fixed_row(form)].amount == 15000
    found = answers(built.policy, form)
    assert [a.due for a in found] == ["380.00", "380.00", "230.00"] and not any(a.differs for a in found)
    cases = tomllib.loads(built.cases)["cases"]
    assert [c["expected"]["total_due"] for c in cases] == ["760.00", "230.00"]
    assert cases[1]["input"]["people"][0]["identities"] == ["subsistence_allowance"]


def test_saving_writes_the_policy_and_its_cases_and_the_check_passes(tmp_path: Path) -> None:
    saved = save(edited(), tmp_path / "work")
    assert saved.path.name == f"{NEW_ID}.toml" and saved.cases.name == f"{NEW_ID}.cases.toml"
    assert saved.report.ok and saved.report.cases == 2
    assert check_file(saved.path).ok
    again = read_form(saved.path)
    assert again.samples == SAMPLES and again.standard == "380"


def test_a_sample_the_app_quotes_differently_is_marked_and_the_saved_file_fails_its_check(tmp_path: Path) -> None:
    wrong = replace(edited(), samples=(*SAMPLES[:2], replace(SAMPLES[2], expected_due="210")))
    found = answers(build(wrong).policy, wrong)
    assert [a.differs for a in found] == [False, False, True] and found[2].due == "230.00"
    saved = save(wrong, tmp_path)
    assert not saved.report.ok
    assert "people[0].due: 期望 '210.00'，得到 '230.00'" in "\n".join(saved.report.lines())
    with pytest.raises(PolicyRefused, match="不签名"):
        sign(saved.path, tmp_path / "no.key", KEY_PASSWORD)


def test_every_value_that_cannot_be_written_is_named_at_once() -> None:
    form = edited()
    subsidies = list(form.subsidies)
    subsidies[0] = replace(subsidies[0], who="低保户们")
    bad = replace(
        form,
        standard="三百八",
        collection_end="2022-13-01",
        subsidies=tuple(subsidies),
        samples=(SampleRow("1", "张三", "1980-01-01", paid_on=PAID_ON, expected_due="abc"),),
    )
    with pytest.raises(FormRefused) as refused:
        build(bad)
    text = "\n".join(refused.value.problems)
    for expected in (
        "个人缴费标准“三百八”不是金额",
        "集中缴费期的结束日期“2022-13-01”不是日期",
        "身份“低保户们”不认识",
        "样例户1第1人的通知应缴金额“abc”不是金额",
    ):
        assert expected in text
    assert refused.value.field == "standard"


def test_saving_without_a_sample_household_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormRefused, match="至少录入一户样例户"):
        save(replace(edited(), samples=()), tmp_path)


def test_a_local_identity_with_its_own_subsidy_is_written_and_quoted() -> None:
    """The sixth jurisdiction's 低保边缘家庭成员 (190 元) that the codes could not say before."""
    form = edited()
    margin = SubsidyRow(
        "低保边缘家庭成员定额资助",
        "本镇困难边缘户",
        "定额",
        "190",
        "医疗救助",
        clause="三",
        quote="低保边缘家庭成员每人定额资助190元。",
    )
    form = replace(
        form,
        identities=(LocalIdentityRow("本镇困难边缘户", "边缘户"),),
        subsidies=(*form.subsidies, margin),
        samples=(*SAMPLES, SampleRow("3", "赵边缘", "1970-01-01", "边缘户", paid_on=PAID_ON, expected_due="190")),
    )
    built = build(form)
    assert built.policy.identities[0].code.startswith("local_")
    assert [a.due for a in answers(built.policy, form)][-1] == "190.00"


def test_an_amount_set_locally_becomes_a_fixed_amount_once_the_township_writes_it() -> None:
    form = read_form(EXAMPLE_DIR / "example-2027.toml")
    local = next(i for i, s in enumerate(form.subsidies) if s.kind == "当地确定")
    subsidies = list(form.subsidies)
    subsidies[local] = replace(subsidies[local], kind="定额", value="200")
    built = build(replace(form, subsidies=tuple(subsidies)))
    assert built.policy.subsidies[local].kind == "fixed" and built.policy.subsidies[local].amount == 20000


def test_waits_by_uncovered_years_are_written_from_the_form_and_quoted_for_a_late_payer() -> None:
    form = edited()
    waiting = replace(
        form.waiting,
        fixed="3",
        per_uncovered="1",
        free_years="1",
        per_back_paid="1",
        cite=replace(form.waiting.cite, clause="五", quote="设置固定待遇等待期3个月，每多断保1年增加1个月"),
    )
    late = SampleRow(
        "9",
        "孙返乡",
        "1991-01-21",
        uncovered="3",
        paid_on="2023-01-10",
        expected_due="380",
        expected_start="2023-06-11",
    )
    form = replace(form, waiting=waiting, after_wait="按断保年数", samples=(late,))
    built = build(form)
    assert built.policy.waiting is not None and built.policy.collection.after_period.waiting_by_years
    (found,) = answers(built.policy, form)
    assert (found.benefit_start, found.differs) == ("2023-06-11", False)


def test_sign_export_and_a_village_sees_what_changes_and_refuses_an_altered_file(
    tmp_path: Path, data: Path, ledger: Ledger
) -> None:
    saved = save(edited(), tmp_path / "work")
    private, public = keys.new_key_pair(tmp_path / "key", KEY_PASSWORD)
    sign(saved.path, private, KEY_PASSWORD)
    written = export(saved.path, tmp_path / "stick", public)
    folder = tmp_path / "stick" / EXPORT_FOLDER
    assert sorted(p.name for p in written) == sorted(
        [f"{NEW_ID}.toml", f"{NEW_ID}.cases.toml", f"{NEW_ID}.toml.sig", "township.pub"]
    )
    keys.trust(folder / "township.pub")
    preview = preview_install(ledger, folder / f"{NEW_ID}.toml")
    assert preview.ok and preview.signed_by == keys.fingerprint(keys.load_public(public))
    texts = [c.text for c in preview.changes]
    assert "个人缴费标准：360元 → 380元" in texts
    assert any("低保对象" in t and "个人缴费230元（资助150元" in t for t in texts)
    stick = folder / f"{NEW_ID}.toml"
    stick.write_text(stick.read_text("utf-8").replace("amount = 380", "amount = 300"), "utf-8")
    refused = preview_install(ledger, stick)
    assert not refused.ok and any("签名后被改动过" in p or "用例不符" in p for p in refused.problems)


def test_changes_name_the_standard_each_groups_amount_and_nothing_when_nothing_changed() -> None:
    old = read_policy_file(POLICY_DIR / "jl-2022.toml")[0]
    new = build(edited()).policy
    found = {c.topic: c for c in changes(old, new)}
    assert found["个人缴费标准"].after == "380元"
    assert any(topic.startswith("个人缴费·低保对象") for topic in found)
    assert changes(old, old) == []
    assert all(g.text for g in leaflet(new).groups)


def test_only_policies_made_for_the_year_whose_cases_pass_may_open_it(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "policies"
    write_policy(folder, 2023)
    write_policy(folder, 2024)
    cases = folder / "jl-2024.cases.toml"
    cases.write_text(cases.read_text("utf-8").replace('"360.00"', '"1.00"'), "utf-8")
    ledger.catalogue = PolicyCatalogue([POLICY_DIR, folder])
    usable, refused = year_choices(ledger, 2023)
    assert [c.policy.id for c in usable] == ["jl-2023"]
    usable, refused = year_choices(ledger, 2024)
    assert usable == [] and any("jl-2024" in line for line in refused)


def test_the_townships_phone_is_kept_in_the_settings(ledger: Ledger) -> None:
    set_consult_phone(ledger, acting(ledger), " 0431-12345678 ")
    assert ledger.settings.consult_phone == "0431-12345678"
