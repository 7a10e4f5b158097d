"""Where policy files come from: the bundled ones, and newer ones in the data folder.

A township updates a policy without a new build: ``zhengjiao policies install`` (or a file
dropped into ``<data>/policies/``, see services.paths). Such a file is used instead of the
bundled one of the same id, or as a policy of its own, only when it is valid: it loads, its
id matches its name, its test cases all hold — its own ``<id>.cases.toml``, else those of the
bundled file it replaces; a file with no cases at all is never used — it is not older
(``issued_on``) than the file it replaces, and, once the village trusts a township key
(services.keys), it is signed by that key. Otherwise it is refused with the reason in
Chinese and the bundled file is used — a broken stick must never stop the collection. The
app shows which file it uses and its SHA-256 (``zhengjiao policies``, the window's 关于 dialog).

The identity helpers at the end are how services and imports ask which codes a year's
policy knows (DESIGN.md's base table plus the policy's own local identities).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

from desktop_app.domain import codes
from desktop_app.policy.cases import Case, parse_cases, run_case
from desktop_app.policy.leaflet import GroupAmount, LatePrice, Leaflet, leaflet
from desktop_app.policy.loader import PolicyFileError, parse_policy
from desktop_app.policy.model import Policy
from desktop_app.services import keys
from desktop_app.services.paths import bundled_policy_dir, policy_override_dir

CASES_SUFFIX = ".cases.toml"

__all__ = [
    "GroupAmount",
    "LatePrice",
    "Leaflet",
    "LoadedPolicy",
    "Policy",
    "PolicyCatalogue",
    "PolicyFileError",
    "PolicySource",
    "UnknownPolicyError",
    "bundled_policy_dir",
    "default_directories",
    "describe_source",
    "identity_from_label",
    "identity_label",
    "identity_labels",
    "known_identity",
    "leaflet",
    "policy_sources",
]


@dataclass(frozen=True)
class LoadedPolicy:
    policy: Policy
    path: Path
    sha256: str
    bundled: bool = True
    """False when a file from the data folder (or ZHENGJIAO_POLICIES) replaced the bundled one."""
    refused: tuple[str, ...] = ()
    """Files of this id that were not used, each with the reason, in Chinese."""


@dataclass(frozen=True)
class PolicySource:
    """One policy id as the app sees it: the file in use, or why none could be used."""

    policy_id: str
    loaded: LoadedPolicy | None
    error: str | None


class UnknownPolicyError(LookupError):
    pass


def default_directories() -> list[Path]:
    """Bundled first, then the data folder's policies/, then ZHENGJIAO_POLICIES (tests, scripts)."""
    directories = [bundled_policy_dir(), policy_override_dir()]
    extra = os.environ.get("ZHENGJIAO_POLICIES")
    if extra:
        directories.append(Path(extra))
    return directories


class PolicyCatalogue:
    """Policy files by id; a valid file in a later directory replaces an earlier one.

    ``trusted``: the township keys a file outside the bundle must be signed by (none: no
    signature needed). By default, the village's own trusted keys — but only for the default
    directories: a catalogue of given folders (a test's, the self-test's) trusts what it is given.
    """

    def __init__(
        self, directories: list[Path] | None = None, trusted: tuple[keys.TrustedKey, ...] | None = None
    ) -> None:
        if trusted is None:
            trusted = keys.trusted_keys() if directories is None else ()
        self.directories = default_directories() if directories is None else directories
        self.trusted = trusted
        self._cache: dict[str, LoadedPolicy] = {}

    def candidates(self) -> dict[str, list[Path]]:
        """Every policy file by id, in directory order (the first is the fallback)."""
        found: dict[str, list[Path]] = {}
        for directory in self.directories:
            if directory.is_dir():
                for path in sorted(directory.glob("*.toml")):
                    if not path.name.endswith(CASES_SUFFIX):
                        found.setdefault(path.stem, []).append(path)
        return found

    def paths(self) -> dict[str, Path]:
        """The last file found per id (the one that wins when it is valid)."""
        return {policy_id: paths[-1] for policy_id, paths in self.candidates().items()}

    def ids(self) -> list[str]:
        return sorted(self.candidates())

    def load(self, policy_id: str) -> LoadedPolicy:
        if policy_id in self._cache:
            return self._cache[policy_id]
        paths = self.candidates().get(policy_id)
        if not paths:
            raise UnknownPolicyError(f"没有政策“{policy_id}”，可用：{'、'.join(self.ids())}")
        chosen: LoadedPolicy | None = None
        refused: list[tuple[Path, str]] = []
        error: PolicyFileError | None = None
        bundled = bundled_policy_dir()
        fallback_cases: Path | None = None
        for path in paths:
            own = not _inside(path, bundled)
            try:
                loaded = _read(
                    path, policy_id, check_cases=own, fallback_cases=fallback_cases, trusted=self.trusted if own else ()
                )
            except PolicyFileError as e:
                error = e
                refused.append((path, "\n".join(e.problems)))
                continue
            if chosen is not None and loaded.policy.issued_on < chosen.policy.issued_on:
                refused.append(
                    (
                        path,
                        f"发文日期 {loaded.policy.issued_on} 早于 {chosen.path} 的 "
                        f"{chosen.policy.issued_on}，是旧文件；请换成新发的政策文件",
                    )
                )
                continue
            chosen = loaded
            if not own and cases_path(path).is_file():
                fallback_cases = cases_path(path)
        if chosen is None:
            assert error is not None
            raise error
        notes = tuple(f"政策文件 {path} 未采用，仍使用 {chosen.path}：{reason}" for path, reason in refused)
        result = replace(chosen, bundled=_inside(chosen.path, bundled), refused=notes)
        self._cache[policy_id] = result
        return result


def cases_path(policy_path: Path) -> Path:
    """``<id>.cases.toml`` beside ``<id>.toml``."""
    return policy_path.with_name(policy_path.stem + CASES_SUFFIX)


def _read(
    path: Path,
    policy_id: str,
    *,
    check_cases: bool,
    fallback_cases: Path | None = None,
    trusted: tuple[keys.TrustedKey, ...] = (),
) -> LoadedPolicy:
    """One file, validated; a file outside the bundle must pass its cases (and carry a trusted signature)."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise PolicyFileError(str(path), [f"{path}: 无法读取（{e.strerror or e}）"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyFileError(str(path), [f"{path}: 文件不是 UTF-8 编码"]) from None
    policy = parse_policy(text, str(path))
    if policy.id != policy_id:
        raise PolicyFileError(str(path), [f"{path}: id: 文件名是 {policy_id}，文件里写的 id 却是 {policy.id}"])
    if trusted:
        try:
            keys.verify(path, cases_path(path), trusted)
        except keys.KeyRefusal as e:
            raise PolicyFileError(str(path), [f"{path}: {e.message}"]) from None
    if check_cases:
        own = cases_path(path)
        check_cases_file(policy, own if own.is_file() or fallback_cases is None else fallback_cases)
    return LoadedPolicy(policy, path, hashlib.sha256(raw).hexdigest())


def failing_cases(policy: Policy, path: Path, consequence: str = "") -> tuple[int, list[tuple[Case, list[str]]]]:
    """Read the cases beside a policy and run them: how many there are, and each that does not hold with the
    figures that differ. A missing, unreadable or empty cases file is a PolicyFileError (``consequence`` says
    what follows from it)."""
    if not path.is_file():
        raise PolicyFileError(str(path), [f"{path}: 缺少测试用例文件{consequence}"])
    try:
        cases = parse_cases(path.read_text("utf-8-sig"), path.name)
    except (OSError, UnicodeDecodeError, ValueError) as e:  # TOMLDecodeError is a ValueError
        raise PolicyFileError(str(path), [f"{path}: 测试用例文件无法读取：{e}"]) from None
    if not cases:
        raise PolicyFileError(str(path), [f"{path}: 测试用例文件中没有用例{consequence}"])
    failed = []
    for case in cases:
        try:
            found = run_case(policy, case)
        except ValueError as e:  # a request the engine refuses (RequestError)
            found = [str(e)]
        if found:
            failed.append((case, found))
    return len(cases), failed


def check_cases_file(policy: Policy, path: Path) -> int:
    """Run a policy's cases; PolicyFileError naming each case that does not hold. The number of cases."""
    count, failed = failing_cases(policy, path, "；没有通过自己用例的政策文件不会被采用")
    if failed:
        raise PolicyFileError(str(path), [f"{path}: 用例“{c.name}”不成立：{'；'.join(found)}" for c, found in failed])
    return count


def _inside(path: Path, directory: Path) -> bool:
    try:
        return path.resolve().is_relative_to(directory.resolve())
    except OSError:
        return False


def policy_sources(catalogue: PolicyCatalogue) -> list[PolicySource]:
    """Every policy id with the file in use and its hash, or the reason none is usable."""
    out = []
    for policy_id in catalogue.ids():
        try:
            out.append(PolicySource(policy_id, catalogue.load(policy_id), None))
        except PolicyFileError as e:
            out.append(PolicySource(policy_id, None, str(e)))
    return out


def describe_source(source: PolicySource) -> list[str]:
    """A policy's file in use, its hash and any refused update, as lines for the CLI and the 关于 dialog."""
    if source.loaded is None:
        return [f"{source.policy_id}  不能使用：{source.error}"]
    loaded, p = source.loaded, source.loaded.policy
    origin = "随软件提供" if loaded.bundled else "数据文件夹中的更新"
    lines = [f"{p.id}  {p.name}（{p.document}）", f"  文件：{loaded.path}（{origin}）", f"  SHA-256：{loaded.sha256}"]
    lines += [f"  {note}" for note in loaded.refused]
    return lines


# ---- identities a policy knows ------------------------------------------------------------


def identity_labels(policy: Policy | None = None) -> dict[str, str]:
    """Code → Chinese label: DESIGN.md's base table, plus the policy's local identities when given."""
    return policy.identity_labels() if policy is not None else dict(codes.IDENTITIES)


def known_identity(code: str, policy: Policy | None = None) -> bool:
    """Whether ``code`` is an identity the year's policy (or, without one, the base table) knows.

    services.register.add_identity and the identity-list import call this instead of testing
    ``code in IDENTITIES``, so a township's local identity is accepted in its year.
    """
    return code in identity_labels(policy)


def identity_label(code: str, policy: Policy | None = None) -> str:
    """The label a collector reads; an unknown code shows as itself (a code of another year's policy)."""
    return identity_labels(policy).get(code, code)


def identity_from_label(text: str, policy: Policy | None = None) -> str | None:
    """The code an office's name stands for (农村低保 → subsistence_allowance, 低边 → low_income_margin),
    a policy's local names included; None when the name is unknown (never a guess)."""
    kinds = policy.identity_kinds() if policy is not None else codes.IDENTITY_KINDS
    return codes.identity_from_label(text, kinds)
