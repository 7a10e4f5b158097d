"""A village takes a new policy: which files may open a year, what changes, install and trust.

Whoever opens a benefit year, installs a township's policy file or trusts a township key
changes what villagers are charged, so each step shows what changes first — the standard,
each group's amount to pay, the periods, the late prices — against what the village uses
now, and asks the village's admin password (管理密码; where none is set yet, the acting
collector's own). Only files that pass their own cases are offered for a year; a file that
fails, or is not signed by a key the village trusts, is refused with the reason. After an
install or a new trusted key the ledger's catalogue is read again, so the window sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from desktop_app.domain.money import format_yuan_short as y
from desktop_app.domain.operators import Acting
from desktop_app.services import keys
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import check_admin_password, has_admin_password, verify_password
from desktop_app.services.policies import (
    Policy,
    PolicyCatalogue,
    PolicyFileError,
    UnknownPolicyError,
    cases_path,
    default_directories,
    leaflet,
    policy_sources,
)
from desktop_app.services.policy_files import CheckReport, Installed, PolicyRefused, check_file, install
from desktop_app.store.transactions import immediate

__all__ = [
    "Change",
    "InstallPreview",
    "YearChoice",
    "admin_prompt",
    "changes",
    "check_admin",
    "current_policy",
    "install_policy",
    "key_fingerprint",
    "next_year",
    "preview_install",
    "refresh_catalogue",
    "set_consult_phone",
    "trust_key",
    "trusted_fingerprints",
    "year_choices",
]


# ---- who may: the admin password ----------------------------------------------------------


def admin_prompt(ledger: Ledger) -> str:
    """The label of the password field: the admin password, or the collector's own until one is set."""
    return "管理密码" if has_admin_password(ledger) else "您的收款员密码（本村还没有设置管理密码）"


def check_admin(ledger: Ledger, acting: Acting, password: str) -> None:
    """Refuse unless ``password`` is the admin password (or, with none set, the acting collector's)."""
    if has_admin_password(ledger):
        check_admin_password(ledger, password)
    else:
        verify_password(ledger, acting.operator, password)


# ---- what changes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    topic: str
    before: str
    after: str

    @property
    def text(self) -> str:
        if not self.before:
            return f"新增 {self.topic}：{self.after}"
        if not self.after:
            return f"取消 {self.topic}：{self.before}"
        return f"{self.topic}：{self.before} → {self.after}"


def _split(line: str) -> tuple[str, str]:
    who, _, what = line.partition("：")
    return who, what


def _compare(topic: str, before: list[str], after: list[str]) -> list[Change]:
    old, new = dict(_split(b) for b in before), dict(_split(a) for a in after)
    out = [Change(f"{topic}·{who}", old.get(who, ""), what) for who, what in new.items() if old.get(who) != what]
    out += [Change(f"{topic}·{who}", what, "") for who, what in old.items() if who not in new]
    return out


def changes(old: Policy, new: Policy, area: str | None = None) -> list[Change]:
    """What a collector would charge or say differently under ``new`` than under ``old`` (empty: nothing)."""
    a, b = leaflet(old, area), leaflet(new, area)
    out = []
    if old.standard.amount != new.standard.amount:
        out.append(Change("个人缴费标准", f"{y(old.standard.amount)}元", f"{y(new.standard.amount)}元"))
    if old.fiscal_share != new.fiscal_share:
        out.append(
            Change(
                "财政补助标准",
                f"{y(old.fiscal_share)}元" if old.fiscal_share else "未写",
                f"{y(new.fiscal_share)}元" if new.fiscal_share else "未写",
            )
        )
    out += _compare("个人缴费", [g.text for g in a.groups], [g.text for g in b.groups])
    if a.riders != b.riders:
        out.append(Change("附加", "；".join(a.riders) or "无", "；".join(b.riders) or "无"))
    if a.periods != b.periods:
        out.append(Change("缴费时间", "；".join(a.periods), "；".join(b.periods)))
    if a.benefit_period != b.benefit_period:
        out.append(Change("待遇享受期", a.benefit_period, b.benefit_period))
    out += _compare("集中缴费期后", [late.text for late in a.late], [late.text for late in b.late])
    if a.waits != b.waits:
        out.append(Change("待遇等待期", "；".join(a.waits) or "无", "；".join(b.waits) or "无"))
    if a.not_collected != b.not_collected:
        out.append(Change("不由村代收", "；".join(a.not_collected) or "无", "；".join(b.not_collected) or "无"))
    return out


# ---- opening a year: the policies that may --------------------------------------------------


@dataclass(frozen=True)
class YearChoice:
    """A policy that may open the year: it is made for it and its own cases hold."""

    policy: Policy
    areas: tuple[tuple[str, str], ...]  # (code, name)
    area_required: bool


def next_year(ledger: Ledger) -> int:
    """The year after the latest open one (the year 新年度 proposes)."""
    return ledger.year().year + 1


def year_choices(ledger: Ledger, year: int) -> tuple[list[YearChoice], list[str]]:
    """The policies made for ``year`` whose cases pass; and, in words, those refused and why."""
    usable, refused = [], []
    for source in policy_sources(ledger.catalogue):
        if source.loaded is None:
            refused.append(f"{source.policy_id}：{source.error}")
            continue
        policy = source.loaded.policy
        if policy.benefit_year != year:
            continue
        try:
            report: CheckReport | None = check_file(source.loaded.path)
        except PolicyFileError as e:
            refused.append(f"{policy.name}：{'；'.join(e.problems)}")
            continue
        if report is not None and not report.ok:
            refused.append(f"{policy.name}：{len(report.failed)} 个用例不符，不能使用")
            continue
        usable.append(YearChoice(policy, tuple((a.code, a.name) for a in policy.areas), policy.area_required))
    return usable, refused


def current_policy(ledger: Ledger) -> tuple[Policy | None, str | None]:
    """The latest open year's policy and area (None when its file is not usable)."""
    latest = ledger.year()
    try:
        return ledger.policy_of(latest).policy, latest.area
    except (UnknownPolicyError, PolicyFileError):
        return None, latest.area


# ---- installing a township's file -----------------------------------------------------------


@dataclass(frozen=True)
class InstallPreview:
    """What installing a file would do, before anything is written."""

    path: Path
    policy: Policy | None
    report: CheckReport | None
    problems: tuple[str, ...]
    """Why it would be refused (its cases, its signature, a file that does not load); empty: it may be."""
    signed_by: str | None
    compared_with: str
    changes: tuple[Change, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def preview_install(ledger: Ledger, path: Path) -> InstallPreview:
    """Check a file from the stick, its signature where the village trusts a key, and what it changes."""
    try:
        report = check_file(path)
    except PolicyFileError as e:
        return InstallPreview(path, None, None, tuple(e.problems), None, "", ())
    problems: list[str] = [] if report.ok else ["用例不符，不能安装：", *report.lines()]
    trusted = keys.trusted_keys()
    signed_by = None
    if trusted:
        try:
            signed_by = keys.verify(path, cases_path(path), trusted).fingerprint
        except keys.KeyRefusal as e:
            problems.append(e.message)
    policy = report.policy
    against, what = _installed_or_current(ledger, policy)
    _, area = current_policy(ledger)
    area = area if area and policy.area(area) is not None else None  # the village's own area, where it has one
    found = tuple(changes(against, policy, area)) if against is not None else ()
    return InstallPreview(path, policy, report, tuple(problems), signed_by, what, found)


def _installed_or_current(ledger: Ledger, policy: Policy) -> tuple[Policy | None, str]:
    try:
        return ledger.catalogue.load(policy.id).policy, "与本机现用的同一政策文件相比"
    except (UnknownPolicyError, PolicyFileError):
        pass
    current, _ = current_policy(ledger)
    if current is None:
        return None, ""
    return current, f"与本村{ledger.year().year}年度的政策（{current.name}）相比"


def install_policy(ledger: Ledger, acting: Acting, path: Path) -> Installed:
    """Install the file into the data folder (refused as ``preview_install`` says), audited."""
    try:
        done = install(path)
    except keys.KeyRefusal as e:
        raise PolicyRefused(e.message, "signature") from None
    with immediate(ledger.db):
        ledger.audit(
            acting,
            "policy.install",
            {
                "policy": done.report.policy.id,
                "name": done.report.policy.name,
                "file": str(done.path),
                "from": str(path),
                "cases": done.report.cases,
                "signed_by": done.signed_by.fingerprint if done.signed_by else None,
            },
        )
    refresh_catalogue(ledger)
    return done


def trust_key(ledger: Ledger, acting: Acting, public_path: Path) -> keys.TrustedKey:
    """Trust a township's public key (from its stick): from now on only files it signed are installed."""
    trusted = keys.trust(public_path)
    with immediate(ledger.db):
        ledger.audit(acting, "key.trust", {"fingerprint": trusted.fingerprint, "from": str(public_path)})
    refresh_catalogue(ledger)
    return trusted


def key_fingerprint(public_path: Path) -> str:
    """The fingerprint to compare with the township's by eye (KeyRefusal for a file that is no key)."""
    return keys.fingerprint(keys.load_public(public_path))


def trusted_fingerprints() -> list[str]:
    return [k.fingerprint for k in keys.trusted_keys()]


def refresh_catalogue(ledger: Ledger) -> None:
    """Read the policy folders (and, for the village's own folders, its trusted keys) again."""
    old = ledger.catalogue
    trusted = keys.trusted_keys() if old.directories == default_directories() else old.trusted
    ledger.catalogue = PolicyCatalogue(old.directories, trusted)


# ---- the township's phone on the 明白纸 -------------------------------------------------------


def set_consult_phone(ledger: Ledger, acting: Acting, phone: str) -> None:
    """The township's 咨询电话 printed on the 明白纸 (audited as a settings change)."""
    phone = phone.strip()
    if len(phone) > 40:
        raise LedgerError("咨询电话太长（最多40个字）", "consult_phone")
    with immediate(ledger.db):
        current = ledger.settings
        if current.consult_phone != phone:
            ledger.save_settings(replace(current, consult_phone=phone), acting)
