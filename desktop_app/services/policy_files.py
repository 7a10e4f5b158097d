"""A township's own policy files: check, install, copy, upgrade, sign and verify.

Nobody can ship every county's notice every year, so a township turns its own notice into a
policy file — by copying last year's (``new_policy``), editing it, checking it against its
cases (``check_file``), signing it (``sign_file``) and carrying it to the villages, which
install it (``install``) only when the check passes and, once they trust a township key,
only when that key signed it. Every step refuses with the file, the key and the reason in
Chinese; nothing here is ever half-written into the data folder.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import Refusal
from desktop_app.policy.fields import CURRENT_SCHEMA
from desktop_app.policy.loader import PolicyFileError, parse_policy
from desktop_app.policy.model import Policy
from desktop_app.services import keys
from desktop_app.services.paths import bundled_policy_dir, policy_override_dir
from desktop_app.services.policies import CASES_SUFFIX, PolicyCatalogue, UnknownPolicyError, cases_path, failing_cases

__all__ = [
    "CaseFailure",
    "CheckReport",
    "Installed",
    "NewPolicy",
    "PolicyFileError",
    "PolicyRefused",
    "check_file",
    "install",
    "new_policy",
    "read_policy_file",
    "sign_file",
    "upgrade_file",
    "upgrade_text",
    "verify_file",
]


class PolicyRefused(Refusal):
    """A policy file the village will not install (its cases fail, it is older, it is not signed)."""


@dataclass(frozen=True)
class CaseFailure:
    name: str
    clause: str
    differences: tuple[str, ...]
    """Each figure that differs: ``people[0].due: 期望 '240.00'，得到 '370.00'``."""


@dataclass(frozen=True)
class CheckReport:
    """A policy file's check: it loads, and how many of its cases hold."""

    policy: Policy
    path: Path
    cases: int
    failed: tuple[CaseFailure, ...]

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy.id,
            "cases": self.cases,
            "failed": [{"name": f.name, "clause": f.clause, "differences": list(f.differences)} for f in self.failed],
        }

    def lines(self) -> list[str]:
        """The report in Chinese: each failing case and each figure that differs."""
        head = f"政策文件 {self.path.name}（{self.policy.name}）：共 {self.cases} 个用例"
        if self.ok:
            return [head + "，全部相符。"]
        out = [head + f"，{len(self.failed)} 个不符："]
        for f in self.failed:
            out.append(f"  ✗ 用例“{f.name}”（条款 {f.clause}）")
            out += [f"      {d}" for d in f.differences]
        return out


def read_policy_file(path: Path) -> tuple[Policy, bytes]:
    """A policy file, validated; PolicyFileError naming the file, the key and the reason."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise PolicyFileError(str(path), [f"{path}: 无法读取（{e.strerror or e}）"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PolicyFileError(str(path), [f"{path}: 文件不是 UTF-8 编码"]) from None
    return parse_policy(text, path.name), raw


def check_file(path: Path) -> CheckReport:
    """Validate a policy file and run the cases beside it (``<name>.cases.toml``).

    A file that does not load, or has no readable cases, raises PolicyFileError; failing
    cases are in the report.
    """
    policy, _ = read_policy_file(path)
    count, failing = failing_cases(policy, cases_path(path), "（每个政策文件旁须有它的用例）")
    failed = [CaseFailure(c.name, c.clause, tuple(d.removeprefix(".") for d in found)) for c, found in failing]
    return CheckReport(policy, path, count, tuple(failed))


@dataclass(frozen=True)
class Installed:
    path: Path
    report: CheckReport
    signed_by: keys.TrustedKey | None


def install(path: Path, directory: Path | None = None, trusted: tuple[keys.TrustedKey, ...] | None = None) -> Installed:
    """Copy a policy file, its cases and its signature into the data folder, once they pass.

    ``trusted``: the township keys to require (default: the village's own; none trusted, no
    signature needed). The file is written as ``<id>.toml``, whatever its name on the stick.
    """
    report = check_file(path)
    if not report.ok:
        raise PolicyRefused("\n".join(["用例不符，未安装：", *report.lines()]), "cases")
    policy = report.policy
    trusted = keys.trusted_keys() if trusted is None else trusted
    signer = keys.verify(path, cases_path(path), trusted) if trusted else None
    try:
        bundled = PolicyCatalogue([bundled_policy_dir()]).load(policy.id).policy
    except (UnknownPolicyError, PolicyFileError):
        bundled = None
    if bundled is not None and policy.issued_on < bundled.issued_on:
        raise PolicyRefused(
            f"发文日期 {policy.issued_on} 早于随软件提供的 {policy.id} 的 {bundled.issued_on}，是旧文件，未安装",
            "issued_on",
        )
    directory = directory or policy_override_dir()
    target = directory / f"{policy.id}.toml"
    signature = keys.signature_path(path)
    files = [(path, target), (cases_path(path), directory / f"{policy.id}{CASES_SUFFIX}")]
    if signature.is_file():
        files.append((signature, keys.signature_path(target)))
    else:
        keys.signature_path(target).unlink(missing_ok=True)  # an old signature would not match the new file
    for source, destination in files:
        write_atomically(destination, source.read_bytes())
    return Installed(target, report, signer)


def write_atomically(target: Path, data: bytes) -> None:
    """Whole or not at all (a policy changes what villagers pay): a temporary file beside the target, synced,
    then renamed over it; on any failure the temporary file goes and the old file stays."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class NewPolicy:
    path: Path
    cases: Path
    report: CheckReport | None
    problems: tuple[str, ...]
    """Why the copy does not load yet (an edit the township must finish), when it does not."""


def new_policy(
    catalogue: PolicyCatalogue,
    new_id: str,
    source_id: str,
    out: Path,
    *,
    year: int | None = None,
    jurisdiction: str | None = None,
    name: str | None = None,
) -> NewPolicy:
    """An editable copy of a policy and its cases under a new id, every date moved to the new year.

    The year comes from ``year``, else from the new id's last four digits (jl-2027), else stays.
    Dates in both files move by whole years (the cases keep their ages, so they still hold);
    the notice's own words are left as they were, for the township to replace with its notice's.
    """
    if not re.fullmatch(r"[a-z0-9-]+", new_id):
        raise Refusal("新政策的 ID 只能用小写字母、数字和“-”，如 jl-2027", "NEW_ID")
    loaded = catalogue.load(source_id)
    old = loaded.policy
    source_cases = cases_path(loaded.path)
    if not source_cases.is_file():
        source_cases = bundled_policy_dir() / f"{source_id}{CASES_SUFFIX}"
    if not source_cases.is_file():
        raise Refusal(f"政策 {source_id} 没有测试用例文件，无法复制")
    match = re.search(r"(\d{4})$", new_id)
    target_year = year or (int(match.group(1)) if match else old.benefit_year)
    shift = target_year - old.benefit_year
    policy_path, new_cases = out / f"{new_id}.toml", out / f"{new_id}{CASES_SUFFIX}"
    for path in (policy_path, new_cases):
        if path.exists():
            raise Refusal(f"{path} 已存在；不覆盖已有的文件，请换一个文件夹", "--out")
    years = {old.benefit_year - 1, old.benefit_year}
    text = _shift_dates(loaded.path.read_text("utf-8"), shift, years, keep_quotes=True)
    text = _set_top_key(text, "id", _quoted(new_id))
    text = _set_top_key(text, "benefit_year", str(target_year))
    new_name = name or (old.name.replace(str(old.benefit_year), str(target_year)) if shift else old.name)
    text = _set_top_key(text, "name", _quoted(new_name))
    if jurisdiction:
        text = _set_top_key(text, "jurisdiction", _quoted(jurisdiction))
    header = (
        f"# 由 zhengjiao policies new 从 {source_id} 复制（{'日期顺延' + str(shift) + '年' if shift else '日期未改'}）。\n"
        "# 请按新通知逐项修改金额、日期和通知原文（quote），再运行 zhengjiao policies check 核对用例。\n"
    )
    out.mkdir(parents=True, exist_ok=True)
    policy_path.write_text(header + text, "utf-8")
    new_cases.write_text(header + _shift_dates(source_cases.read_text("utf-8"), shift, years), "utf-8")
    try:
        return NewPolicy(policy_path, new_cases, check_file(policy_path), ())
    except PolicyFileError as e:
        return NewPolicy(policy_path, new_cases, None, tuple(e.problems))


_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?!\d)")
_YEAR_WORD = re.compile(r"(?<!\d)(\d{4})(?=年)")
_QUOTE_LINE = re.compile(r"^\s*(\w+_)?quote\s*=")


def _shift_dates(text: str, years: int, named: set[int] | None = None, *, keep_quotes: bool = False) -> str:
    """Every ISO date outside comments ``years`` later (29 February becomes the 28th), and each
    “2022年” of a year in ``named``. With ``keep_quotes`` (the policy file), a notice's own words
    (``quote`` lines) and the cited documents stay as they were."""
    if not years:
        return text

    def moved(m: re.Match[str]) -> str:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            return date(y + years, mo, min(d, 28) if (mo, d) == (2, 29) else d).isoformat()
        except ValueError:
            return m.group(0)

    def year_word(m: re.Match[str]) -> str:
        return str(int(m.group(1)) + years) if named and int(m.group(1)) in named else m.group(0)

    out, table = [], ""
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("["):
            table = line.strip()
        documents = keep_quotes and table == "[[documents]]"  # a cited document's date is a fact, not the year's
        if not line.lstrip().startswith("#") and not documents and not (keep_quotes and _QUOTE_LINE.match(line)):
            line = _YEAR_WORD.sub(year_word, _ISO_DATE.sub(moved, line))
        out.append(line)
    return "".join(out)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _set_top_key(text: str, key: str, value: str) -> str:
    """Set a top-level key (before the first table), keeping every other line and comment."""
    lines = text.splitlines(keepends=True)
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    pattern = re.compile(rf"^{re.escape(key)}\s*=")
    for i in range(first_table):
        if pattern.match(lines[i]):
            lines[i] = f"{key} = {value}\n"
            return "".join(lines)
    at = next((i + 1 for i in range(first_table) if re.match(r"^id\s*=", lines[i])), first_table)
    lines.insert(at, f"{key} = {value}\n")
    return "".join(lines)


def upgrade_text(text: str, source: str) -> str:
    """A version-1 policy file as version 2, losing nothing: every line and comment stays.

    Version 2 only adds optional keys, so the upgrade is the version itself; the file then
    loads to the same policy and quotes exactly as before. A file already at version 2 is
    returned unchanged.
    """
    policy = parse_policy(text, source)
    if policy.schema_version >= CURRENT_SCHEMA:
        return text
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if re.match(r"^id\s*=", line)), 0)
    note = (
        f"# 第{CURRENT_SCHEMA}版政策文件（zhengjiao policies upgrade）：可写 [[documents]]、各条 cite、[waiting]、"
        "[newborn] 等新键；不写时与第1版相同。\n"
    )
    lines[at:at] = [note, f"schema_version = {CURRENT_SCHEMA}\n"]
    upgraded = "".join(lines)
    parse_policy(upgraded, source)  # the upgrade itself must load
    return upgraded


def upgrade_file(path: Path, out: Path | None = None) -> tuple[Path, bool]:
    """Rewrite a policy file as the current version (in place, or to ``out``); whether it changed."""
    _, raw = read_policy_file(path)
    text = raw.decode("utf-8-sig")
    upgraded = upgrade_text(text, path.name)
    target = out or path
    if upgraded != text or target != path:
        write_atomically(target, upgraded.encode("utf-8"))
    return target, upgraded != text


def sign_file(path: Path, key_path: Path, password: str) -> Path:
    """Sign a policy file and its cases with the township's key, once its check passes."""
    report = check_file(path)
    if not report.ok:
        raise PolicyRefused("\n".join(["用例不符，不签名：", *report.lines()]), "cases")
    return keys.sign(path, cases_path(path), keys.load_private(key_path, password))


def verify_file(path: Path, trusted: tuple[keys.TrustedKey, ...] | None = None) -> keys.TrustedKey:
    """The trusted township key that signed this file and its cases (KeyRefusal otherwise)."""
    trusted = keys.trusted_keys() if trusted is None else trusted
    if not trusted:
        raise keys.KeyRefusal("本村还没有信任任何乡镇密钥（zhengjiao keys trust 公钥文件）", "trusted_keys")
    return keys.verify(path, cases_path(path), trusted)
