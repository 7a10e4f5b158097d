"""Encrypted backup files: what leaves the computer on a stick cannot be read without the password.

A stick gets lost; a ledger holds every villager's ID number, family and subsidy identity
(低保, 特困 …). So a backup written outside the data folder is AES-256-GCM encrypted with a
key derived from a password by scrypt (slow on purpose, so guessing it costs). The file
says what it is (a small header: magic ``ZJBAK1``, version, scrypt parameters, salt,
base nonce, segment size, and a label — the village, how many payments, the last
receipt, whose password protects it — so a restore can list copies before the password
is typed; none of it is personal). The database follows in segments of 4 MiB, each sealed
with its own nonce (base + counter) and the header as associated data, and the last one
marked final: a 200 MB ledger never needs 2× memory, and a file cut short, with a segment
moved, or changed by one byte is refused. A checksum over the header and a key-check
tag tell a damaged file from a wrong password, so the collector hears which it is.

Files are written to a temporary name, flushed to the disk and renamed only when whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import struct
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop_app.services.ledger import LedgerError

__all__ = [
    "BackupDamaged",
    "Header",
    "WrongPassword",
    "check_password",
    "decrypt_file",
    "encrypt_file",
    "is_encrypted",
    "read_header",
    "verify_file",
]

MAGIC = b"ZJBAK1"
VERSION = 1
SEGMENT = 4 * 1024 * 1024
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
TAG = 16
MAX_HEADER = 64 * 1024
MAX_KDF_MEMORY = 128 * 1024 * 1024
DAMAGED = "备份文件已损坏或被改动"

Label = Mapping[str, str | int]


class BackupDamaged(LedgerError):
    """The file is not whole or not as written: refused, whatever the password."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(f"{DAMAGED}{f'（{detail}）' if detail else ''}，不能使用", "backup")


class WrongPassword(LedgerError):
    def __init__(self, protected_by: str = "") -> None:
        hint = f"这个备份是用{protected_by}加密的" if protected_by else "请输入备份时用的密码"
        super().__init__(f"密码不正确，无法解开这个备份（{hint}）", "password")


@dataclass(frozen=True)
class Header:
    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    segment: int
    label: dict[str, str | int]
    raw: bytes  # magic, length and JSON exactly as in the file: the associated data of every seal
    check: bytes  # the key check: a seal of nothing, made with the key

    @property
    def size(self) -> int:
        return len(self.raw) + TAG + 32

    @property
    def protected_by(self) -> str:
        return str(self.label.get("protected_by", ""))


def is_encrypted(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _key(password: str, header: Header) -> AESGCM:
    secret = unicodedata.normalize("NFC", password).encode("utf-8")
    key = hashlib.scrypt(
        secret, salt=header.salt, n=header.n, r=header.r, p=header.p, maxmem=MAX_KDF_MEMORY + 1024 * 1024, dklen=32
    )
    return AESGCM(key)


def _nonce(base: bytes, counter: int) -> bytes:
    return ((int.from_bytes(base, "big") + counter) % (1 << 96)).to_bytes(12, "big")


def _aad(header: Header, counter: int, final: bool) -> bytes:
    return header.raw + struct.pack(">QB", counter, 1 if final else 0)


def _header_bytes(fields: dict[str, object]) -> bytes:
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return MAGIC + struct.pack(">I", len(text)) + text


def _read_header(f: BinaryIO) -> Header:
    if f.read(len(MAGIC)) != MAGIC:
        raise BackupDamaged("不是征缴通的加密备份")
    length_bytes = f.read(4)
    if len(length_bytes) != 4:
        raise BackupDamaged("文件不完整")
    (length,) = struct.unpack(">I", length_bytes)
    if length > MAX_HEADER:
        raise BackupDamaged("文件头不对")
    text, check, digest = f.read(length), f.read(TAG), f.read(32)
    raw = MAGIC + length_bytes + text
    if len(text) != length or len(digest) != 32 or hashlib.sha256(raw + check).digest() != digest:
        raise BackupDamaged("文件头不对")
    try:
        fields = json.loads(text.decode("utf-8"))
        header = Header(
            int(fields["n"]),
            int(fields["r"]),
            int(fields["p"]),
            bytes.fromhex(fields["salt"]),
            bytes.fromhex(fields["nonce"]),
            int(fields["segment"]),
            dict(fields.get("label", {})),
            raw,
            check,
        )
        version = int(fields["version"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupDamaged("文件头不对") from None
    if version != VERSION:
        raise LedgerError(f"这个备份是更新版本的征缴通写的（格式 {version}），请先升级征缴通", "backup")
    sound = (
        header.n > 1
        and header.n & (header.n - 1) == 0
        and 1 <= header.r <= 32
        and 1 <= header.p <= 4
        and 128 * header.n * header.r <= MAX_KDF_MEMORY
        and len(header.salt) >= 16
        and len(header.nonce) == 12
        and 1024 <= header.segment <= 64 * 1024 * 1024
    )
    if not sound:
        raise BackupDamaged("文件头不对")
    return header


def read_header(path: Path) -> Header:
    """What a backup says about itself, without the password (refused when it is not whole)."""
    with open(path, "rb") as f:
        return _read_header(f)


def encrypt_file(
    source: Path, target: Path, password: str, label: Label | None = None, *, segment: int = SEGMENT, n: int = SCRYPT_N
) -> Path:
    """``source`` encrypted into ``target`` (via ``target.partial``, synced, renamed); returns ``target``."""
    if not password:
        raise LedgerError("加密备份需要密码", "password")
    fields: dict[str, object] = {
        "version": VERSION,
        "cipher": "AES-256-GCM",
        "kdf": "scrypt",
        "n": n,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": secrets.token_bytes(16).hex(),
        "nonce": secrets.token_bytes(12).hex(),
        "segment": segment,
        "label": dict(label or {}),
    }
    raw = _header_bytes(fields)
    header = Header(
        n,
        SCRYPT_R,
        SCRYPT_P,
        bytes.fromhex(str(fields["salt"])),
        bytes.fromhex(str(fields["nonce"])),
        segment,
        dict(label or {}),
        raw,
        b"",
    )
    aes = _key(password, header)
    check = aes.encrypt(_nonce(header.nonce, 0), b"", raw)
    temp = target.with_name(target.name + ".partial")
    try:
        with open(source, "rb") as src, open(temp, "wb") as out:
            out.write(raw + check + hashlib.sha256(raw + check).digest())
            count = max(1, -(-os.fstat(src.fileno()).st_size // segment))  # an empty file still has its final seal
            for counter in range(1, count + 1):
                chunk = src.read(segment)
                final = counter == count
                if not final and len(chunk) != segment:
                    raise OSError(f"{source} 在备份时变短了")
                out.write(aes.encrypt(_nonce(header.nonce, counter), chunk, _aad(header, counter, final)))
                del chunk  # one segment in memory at a time (and its seal)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


def _opened(f: BinaryIO, password: str | None) -> tuple[Header, AESGCM]:
    header = _read_header(f)
    if not password:
        raise LedgerError(f"这个备份已加密，请输入它的密码（{header.protected_by or '备份时用的密码'}）", "password")
    aes = _key(password, header)
    try:
        aes.decrypt(_nonce(header.nonce, 0), header.check, header.raw)
    except InvalidTag:
        raise WrongPassword(header.protected_by) from None
    return header, aes


def check_password(path: Path, password: str | None) -> Header:
    """Refuse unless ``password`` opens ``path`` (the header and the key check only: quick, writes nothing)."""
    with open(path, "rb") as f:
        return _opened(f, password)[0]


def _segments(f: BinaryIO, header: Header, aes: AESGCM) -> Iterator[bytes]:
    """The plaintext, segment by segment, each checked before it is given out."""
    remaining = os.fstat(f.fileno()).st_size - f.tell()
    counter = 1
    while True:
        chunk = f.read(min(header.segment + TAG, remaining))
        remaining -= len(chunk)
        final = remaining <= 0
        if len(chunk) < TAG:
            raise BackupDamaged("文件不完整")
        try:
            plain = aes.decrypt(_nonce(header.nonce, counter), chunk, _aad(header, counter, final))
        except InvalidTag:
            raise BackupDamaged() from None
        del chunk
        yield plain
        del plain  # one segment in memory at a time
        if final:
            return
        counter += 1


def decrypt_file(source: Path, target: Path, password: str | None) -> Header:
    """``source`` decrypted into ``target`` (via ``target.partial``). A wrong password writes nothing;
    a damaged segment removes what was written."""
    temp = target.with_name(target.name + ".partial")
    with open(source, "rb") as f:
        header, aes = _opened(f, password)
        try:
            with open(temp, "wb") as out:
                for plain in _segments(f, header, aes):
                    out.write(plain)
                    del plain
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    return header


def verify_file(source: Path, password: str | None) -> Header:
    """Every segment of ``source`` authenticated with ``password``; nothing is written."""
    with open(source, "rb") as f:
        header, aes = _opened(f, password)
        for plain in _segments(f, header, aes):
            del plain
    return header
