"""Signed by the township: ``keys new`` (township), ``keys trust`` (village, once), ``policies sign``.
Once a village trusts a key, an unsigned or altered policy file is refused at install and at load."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from desktop_app.cli import cli
from desktop_app.services import keys
from desktop_app.services.policies import PolicyCatalogue, PolicyFileError
from tests.policy_support import EXAMPLE_ID, KEY_PASSWORD, cases_of, copy_example, own_data_folder
from tests.village import POLICY_DIR


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return own_data_folder(tmp_path, monkeypatch)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def township(tmp_path: Path) -> Path:
    """A township's key pair, made with the CLI; the folder holding township.key and township.pub."""
    folder = tmp_path / "township-keys"
    result = run("keys", "new", "--out", str(folder), "--password", KEY_PASSWORD)
    assert result.exit_code == 0, result.output
    return folder


def signed_example(folder: Path, township: Path) -> Path:
    policy = copy_example(folder)
    result = run("policies", "sign", str(policy), "--key", str(township / "township.key"), "--password", KEY_PASSWORD)
    assert result.exit_code == 0, result.output
    return policy


def test_keys_new_writes_a_passphrase_protected_private_key_and_a_public_key(township: Path) -> None:
    private, public = township / "township.key", township / "township.pub"
    assert b"ENCRYPTED PRIVATE KEY" in private.read_bytes() and b"PUBLIC KEY" in public.read_bytes()
    with pytest.raises(keys.KeyRefusal, match="口令不对"):
        keys.load_private(private, "wrong-password")
    assert keys.fingerprint(keys.load_private(private, KEY_PASSWORD).public_key()) == keys.fingerprint(
        keys.load_public(public)
    )


def test_keys_new_refuses_a_short_password_and_never_overwrites_a_key(township: Path, tmp_path: Path) -> None:
    short = run("keys", "new", "--out", str(tmp_path / "other"), "--password", "1234")
    assert short.exit_code == 2 and "--password" in short.stderr and "口令至少8个字符" in short.stderr
    again = run("keys", "new", "--out", str(township), "--password", KEY_PASSWORD)
    assert again.exit_code == 2 and "已存在" in again.stderr


def test_the_password_may_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keys.PASSWORD_ENV, KEY_PASSWORD)
    assert run("keys", "new", "--out", str(tmp_path / "k")).exit_code == 0
    policy = copy_example(tmp_path / "p")
    assert run("policies", "sign", str(policy), "--key", str(tmp_path / "k" / "township.key")).exit_code == 0


def test_sign_writes_a_signature_beside_the_file_and_a_wrong_password_is_refused(
    tmp_path: Path, township: Path
) -> None:
    policy = signed_example(tmp_path / "stick", township)
    assert keys.signature_path(policy).is_file() and keys.signature_path(policy).name == f"{EXAMPLE_ID}.toml.sig"
    wrong = run("policies", "sign", str(policy), "--key", str(township / "township.key"), "--password", "not-it-at-all")
    assert wrong.exit_code == 2 and "口令不对" in wrong.stderr


def test_a_file_whose_cases_fail_is_not_signed(tmp_path: Path, township: Path) -> None:
    policy = copy_example(tmp_path / "stick")
    cases = cases_of(policy)
    text = cases.read_text("utf-8").replace('due = "210.00", explanation', 'due = "1.00", explanation')
    cases.write_text(text, "utf-8")
    result = run("policies", "sign", str(policy), "--key", str(township / "township.key"), "--password", KEY_PASSWORD)
    assert result.exit_code == 1 and "不签名" in result.stderr and not keys.signature_path(policy).exists()


def test_trust_stores_the_key_in_the_data_folder_once(data: Path, township: Path) -> None:
    result = run("keys", "trust", str(township / "township.pub"))
    assert result.exit_code == 0, result.output
    (trusted,) = keys.trusted_keys()
    assert trusted.path.parent == data / "trusted_keys" and trusted.fingerprint in result.stdout
    assert run("keys", "trust", str(township / "township.pub")).exit_code == 0 and len(keys.trusted_keys()) == 1


def test_trust_refuses_what_is_not_a_public_key(tmp_path: Path, data: Path, township: Path) -> None:
    result = run("keys", "trust", str(township / "township.key"))
    assert result.exit_code == 2 and "PUBKEY" in result.stderr
    assert keys.trusted_keys() == ()


def test_a_village_that_trusts_no_key_installs_an_unsigned_file(tmp_path: Path, data: Path) -> None:
    result = run("policies", "install", str(copy_example(tmp_path / "stick")))
    assert result.exit_code == 0 and "签名" not in result.stdout


def test_once_trusted_a_signed_file_installs_with_its_signature_and_loads(
    tmp_path: Path, data: Path, township: Path
) -> None:
    assert run("keys", "trust", str(township / "township.pub")).exit_code == 0
    policy = signed_example(tmp_path / "stick", township)
    result = run("policies", "install", str(policy))
    assert result.exit_code == 0, result.output
    assert "签名" in result.stdout and "核对无误" in result.stdout
    installed = data / "policies" / f"{EXAMPLE_ID}.toml"
    assert keys.signature_path(installed).is_file()
    assert PolicyCatalogue().load(EXAMPLE_ID).path == installed


def test_once_trusted_an_unsigned_file_is_refused_at_install(tmp_path: Path, data: Path, township: Path) -> None:
    assert run("keys", "trust", str(township / "township.pub")).exit_code == 0
    result = run("policies", "install", str(copy_example(tmp_path / "stick")))
    assert result.exit_code == 2 and "没有乡镇签名" in result.stderr
    assert not (data / "policies" / f"{EXAMPLE_ID}.toml").exists()


@pytest.mark.parametrize("which", ["policy", "cases"])
def test_once_trusted_a_file_altered_after_signing_is_refused(
    tmp_path: Path, data: Path, township: Path, which: str
) -> None:
    assert run("keys", "trust", str(township / "township.pub")).exit_code == 0
    policy = signed_example(tmp_path / "stick", township)
    target = policy if which == "policy" else cases_of(policy)
    target.write_text(target.read_text("utf-8") + "\n# 改动\n", "utf-8")
    result = run("policies", "install", str(policy))
    assert result.exit_code == 2 and "签名后被改动过" in result.stderr


def test_a_file_signed_by_a_key_the_village_does_not_trust_is_refused(
    tmp_path: Path, data: Path, township: Path
) -> None:
    other = tmp_path / "other-keys"
    assert run("keys", "new", "--out", str(other), "--password", KEY_PASSWORD).exit_code == 0
    assert run("keys", "trust", str(other / "township.pub")).exit_code == 0
    result = run("policies", "install", str(signed_example(tmp_path / "stick", township)))
    assert result.exit_code == 2 and "不是本村信任的乡镇密钥" in result.stderr


def test_once_trusted_an_unsigned_file_in_the_data_folder_is_refused_at_load(data: Path, township: Path) -> None:
    folder = data / "policies"
    copy_example(folder)
    assert PolicyCatalogue().load(EXAMPLE_ID).path == folder / f"{EXAMPLE_ID}.toml"  # no key trusted yet
    assert run("keys", "trust", str(township / "township.pub")).exit_code == 0
    with pytest.raises(PolicyFileError, match="没有乡镇签名"):
        PolicyCatalogue().load(EXAMPLE_ID)


def test_once_trusted_an_unsigned_update_of_a_bundled_policy_is_refused_and_the_bundled_one_used(
    data: Path, township: Path
) -> None:
    folder = data / "policies"
    folder.mkdir(parents=True)
    (folder / "jl-2022.toml").write_text((POLICY_DIR / "jl-2022.toml").read_text("utf-8") + "\n# 更新\n", "utf-8")
    assert run("keys", "trust", str(township / "township.pub")).exit_code == 0
    loaded = PolicyCatalogue().load("jl-2022")
    assert loaded.bundled and "没有乡镇签名" in loaded.refused[0]


def test_verify_names_the_trusted_key_that_signed(tmp_path: Path, township: Path) -> None:
    policy = signed_example(tmp_path / "stick", township)
    trusted = keys.trust(township / "township.pub", tmp_path / "village-keys")
    assert keys.verify(policy, cases_of(policy), (trusted,)).fingerprint == trusted.fingerprint
