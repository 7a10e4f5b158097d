"""A township's signing key, and the keys a village trusts (Ed25519, from ``cryptography``).

A policy file changes what villagers are charged, so once a village trusts its township's
key it takes no policy file that key has not signed. The township makes a key pair once
(``zhengjiao keys new``): the private key stays with the township, protected by a
passphrase; the public key goes to each village on a stick, where ``zhengjiao keys trust``
copies it into ``<data>/trusted_keys/``. A signature (``<policy>.toml.sig`` beside the file)
covers the policy file and its cases file, byte for byte: change either and it no longer holds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop_app.domain.errors import Refusal
from desktop_app.services.paths import data_dir

TRUSTED_DIR = "trusted_keys"
PRIVATE_SUFFIX = ".key"
PUBLIC_SUFFIX = ".pub"
SIGNATURE_SUFFIX = ".sig"
PASSWORD_ENV = "ZHENGJIAO_KEY_PASSWORD"
MIN_PASSWORD = 8
SIGNED_WHAT = "征缴通政策签名 第1版"


class KeyRefusal(Refusal):
    """A key or signature the program cannot use, with the reason in Chinese."""


@dataclass(frozen=True)
class TrustedKey:
    key: Ed25519PublicKey
    fingerprint: str
    path: Path


def trusted_dir() -> Path:
    """``<data>/trusted_keys``: the township keys this village accepts policy files from."""
    return data_dir() / TRUSTED_DIR


def fingerprint(key: Ed25519PublicKey) -> str:
    """A short name for a public key a person can compare by eye (16 hex digits in 4 groups)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def new_key_pair(out: Path, password: str, name: str = "township") -> tuple[Path, Path]:
    """Write ``<name>.key`` (private, passphrase-protected) and ``<name>.pub`` into ``out``."""
    if len(password) < MIN_PASSWORD:
        raise KeyRefusal(f"口令至少{MIN_PASSWORD}个字符", "password")
    out.mkdir(parents=True, exist_ok=True)
    private_path, public_path = out / f"{name}{PRIVATE_SUFFIX}", out / f"{name}{PUBLIC_SUFFIX}"
    for path in (private_path, public_path):
        if path.exists():
            raise KeyRefusal(f"{path} 已存在；不覆盖已有的密钥，请换一个文件夹或名称", "out")
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password.encode("utf-8")),
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    private_path.write_bytes(private)
    os.chmod(private_path, 0o600)
    public_path.write_bytes(public)
    return private_path, public_path


def load_private(path: Path, password: str) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KeyRefusal(f"无法读取私钥 {path}（{e.strerror or e}）", "key") from None
    try:
        key = serialization.load_pem_private_key(data, password.encode("utf-8"))
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise KeyRefusal(f"私钥 {path} 打不开：口令不对，或不是征缴通生成的私钥", "password") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyRefusal(f"{path} 不是征缴通的签名私钥（Ed25519）", "key")
    return key


def load_public(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except OSError as e:
        raise KeyRefusal(f"无法读取公钥 {path}（{e.strerror or e}）", "pubkey") from None
    except (ValueError, UnsupportedAlgorithm):
        raise KeyRefusal(f"{path} 不是公钥文件（应是乡镇用 zhengjiao keys new 生成的 .pub 文件）", "pubkey") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyRefusal(f"{path} 不是征缴通的签名公钥（Ed25519）", "pubkey")
    return key


def trust(public_path: Path, directory: Path | None = None) -> TrustedKey:
    """Copy a township's public key into the village's trusted keys (once, from the township's stick)."""
    key = load_public(public_path)
    directory = directory or trusted_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = fingerprint(key)
    target = directory / f"{name}{PUBLIC_SUFFIX}"
    target.write_bytes(key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return TrustedKey(key, name, target)


def trusted_keys(directory: Path | None = None) -> tuple[TrustedKey, ...]:
    """The keys this village trusts; none until ``zhengjiao keys trust`` has been run."""
    directory = directory or trusted_dir()
    if not directory.is_dir():
        return ()
    found = []
    for path in sorted(directory.glob(f"*{PUBLIC_SUFFIX}")):
        key = load_public(path)
        found.append(TrustedKey(key, fingerprint(key), path))
    return tuple(found)


def signature_path(policy_path: Path) -> Path:
    return policy_path.with_name(policy_path.name + SIGNATURE_SUFFIX)


def _message(policy_bytes: bytes, cases_bytes: bytes) -> bytes:
    """What is signed: the two files' hashes, so neither can change without the signature failing."""
    return (
        f"{SIGNED_WHAT}\n政策文件 SHA-256 {hashlib.sha256(policy_bytes).hexdigest()}\n"
        f"用例文件 SHA-256 {hashlib.sha256(cases_bytes).hexdigest()}\n"
    ).encode("utf-8")


def sign(policy_path: Path, cases_path: Path, key: Ed25519PrivateKey) -> Path:
    """Write ``<policy>.sig`` beside the policy file, over it and its cases file."""
    signature = key.sign(_message(policy_path.read_bytes(), cases_path.read_bytes()))
    record = {
        "format": SIGNED_WHAT,
        "key": fingerprint(key.public_key()),
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    target = signature_path(policy_path)
    target.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return target


def verify(policy_path: Path, cases_path: Path, trusted: tuple[TrustedKey, ...]) -> TrustedKey:
    """The trusted key that signed this policy and its cases; KeyRefusal with the reason otherwise."""
    sig_path = signature_path(policy_path)
    if not sig_path.is_file():
        raise KeyRefusal(
            f"政策文件 {policy_path.name} 没有乡镇签名（缺少 {sig_path.name}）；"
            "本村已设置信任的乡镇密钥，只接受乡镇签名的政策文件",
            "signature",
        )
    try:
        record = json.loads(sig_path.read_text("utf-8"))
        signature = base64.b64decode(record["signature"], validate=True)
    except (OSError, ValueError, KeyError, TypeError):
        raise KeyRefusal(f"签名文件 {sig_path.name} 已损坏，请让乡镇重新签名", "signature") from None
    if not cases_path.is_file():
        raise KeyRefusal(f"缺少测试用例文件 {cases_path.name}，签名无法核对", "cases")
    message = _message(policy_path.read_bytes(), cases_path.read_bytes())
    for candidate in trusted:
        try:
            candidate.key.verify(signature, message)
        except InvalidSignature:
            continue
        return candidate
    if any(str(record.get("key")) == t.fingerprint for t in trusted):
        raise KeyRefusal(f"政策文件 {policy_path.name} 或其用例文件在签名后被改动过，签名不符；已拒绝", "signature")
    raise KeyRefusal(
        f"政策文件 {policy_path.name} 的签名密钥（{record.get('key')}）不是本村信任的乡镇密钥；已拒绝", "signature"
    )


def password_from_env() -> str | None:
    return os.environ.get(PASSWORD_ENV) or None
