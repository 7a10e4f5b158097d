"""First run without widgets: the choices offered, the checks each wizard page makes before
it lets the collector go on, and the ``Setup`` that ``services.setup.initialise`` turns into
a ledger and the first collector acting in its first benefit year (with the village's admin
password, which adding further collectors asks for). A township's desk (乡镇汇总) is set up
instead through ``services.township_desk.initialise_township``: its name, clerk and password.

The policies offered are the bundled ones (and any newer file in the data folder); when the
collection period of every one of them is over, the wizard says so plainly — a real village
needs this year's policy file first — and still lets a trainer go on with an old one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop_app.domain.names import initials
from desktop_app.domain.operators import Acting, Operator
from desktop_app.services.backup_entries import entry_of
from desktop_app.services.backups import check_backup, is_encrypted
from desktop_app.services.clock import Clock
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.paths import policy_override_dir
from desktop_app.services.policies import PolicyCatalogue, PolicyFileError
from desktop_app.services.settings import parse_target, split_groups, validate_groups
from desktop_app.services.setup import Setup, initialise, join_from_backup

DEFAULT_GROUPS = "一组 二组 三组 四组 五组 六组"


@dataclass(frozen=True)
class PolicyChoice:
    id: str
    name: str
    jurisdiction: str
    document: str
    benefit_year: int
    areas: tuple[tuple[str, str], ...]  # (code, name)
    area_required: bool
    target: Decimal | None
    collection_start: date = date.min
    collection_end: date = date.max  # the latest end of any area's collection period

    @property
    def label(self) -> str:
        return f"{self.name}（{self.jurisdiction}，{self.document}）"

    def period_over(self, today: date) -> bool:
        return self.collection_end < today

    def period_text(self, today: date) -> str:
        """集中缴费期 2021-10-08 至 2022-02-28（已结束）."""
        state = "（已结束）" if self.period_over(today) else ""
        return f"集中缴费期 {self.collection_start} 至 {self.collection_end}{state}"


def policy_choices(catalogue: PolicyCatalogue) -> list[PolicyChoice]:
    """Every policy file that loads, newest benefit year first; broken files are left out."""
    out = []
    for policy_id in catalogue.ids():
        try:
            p = catalogue.load(policy_id).policy
        except PolicyFileError:
            continue
        areas = [None, *(a.code for a in p.areas)]
        out.append(
            PolicyChoice(
                p.id,
                p.name,
                p.jurisdiction,
                p.document,
                p.benefit_year,
                tuple((a.code, a.name) for a in p.areas),
                p.area_required,
                p.participation_target,
                min(p.collection_start(a) for a in areas),
                max(p.collection_end(a) for a in areas),
            )
        )
    return sorted(out, key=lambda c: (-c.benefit_year, c.jurisdiction))


def expiry_warning(choices: list[PolicyChoice], today: date) -> str:
    """A plain warning when the collection period of every policy offered is over; "" when one is still open."""
    if not choices or not all(c.period_over(today) for c in choices):
        return ""
    latest = max(choices, key=lambda c: c.collection_end)
    return (
        f"注意：这里列出的政策，集中缴费期都已结束（最晚的是{latest.name}，到 {latest.collection_end}）。"
        f"今天是 {today}。正式收费前，请向乡镇医保办要本年度的政策文件，放进 {policy_override_dir()} "
        "文件夹后重新打开本程序。只是培训或练习的话，可以选一项旧政策继续。"
    )


@dataclass(frozen=True)
class SetupAnswers:
    policy_id: str
    area: str | None
    village: str
    groups_text: str
    collector: str
    password: str
    password_again: str
    receipt_prefix: str
    target_text: str
    admin_password: str = ""


def check_policy(choice: PolicyChoice | None, area: str | None) -> None:
    if choice is None:
        raise LedgerError("请选择本村执行的政策（县或镇的征缴通知）", "policy")
    if choice.areas and not area:  # areas differ in riders and collection dates: always ask
        raise LedgerError("本政策分地区执行（附加险、缴费起始日可能不同），请选择本村所在的地区", "area")


def check_village(village: str, groups_text: str) -> None:
    if not village.strip():
        raise LedgerError("请填写村名，如 大庄村", "village")
    validate_groups(split_groups(groups_text))


def check_admin_password(password: str, again: str) -> None:
    """The admin password (管理密码): for adding, disabling and resetting collectors later."""
    if len(password) < 4:
        raise LedgerError("管理密码至少4位", "admin_password")
    if password != again:
        raise LedgerError("两次输入的管理密码不一样，请重新输入", "admin_again")


def check_collector(answers: SetupAnswers) -> None:
    if not answers.collector.strip():
        raise LedgerError("请填写收款员（代征员）姓名", "collector")
    if len(answers.password) < 4:
        raise LedgerError("密码至少4位", "password")
    if answers.password != answers.password_again:
        raise LedgerError("两次输入的密码不一样，请重新输入", "password_again")
    if not re.fullmatch(r"[A-Za-z0-9]{1,8}", answers.receipt_prefix.strip()):
        raise LedgerError("收据号前缀应为1到8位字母或数字，如 DZC", "receipt_prefix")
    parse_target(answers.target_text)


def suggested_prefix(village: str) -> str:
    """大庄村 -> DZC: the village's pinyin initials, as the receipt books often use."""
    letters = re.sub(r"[^a-z0-9]", "", initials(village.strip()))
    return letters.upper()[:8] or "ZJ"


def setup_of(answers: SetupAnswers) -> Setup:
    return Setup(
        policy_id=answers.policy_id,
        village=answers.village.strip(),
        collector=answers.collector.strip(),
        receipt_prefix=answers.receipt_prefix.strip().upper(),
        area=answers.area or None,
        village_groups=split_groups(answers.groups_text),
        participation_target=parse_target(answers.target_text),
    )


def create_ledger(
    path: Path, answers: SetupAnswers, catalogue: PolicyCatalogue | None = None, clock: Clock | None = None
) -> tuple[Ledger, Acting]:
    """Make the database file and set it up: the ledger, and its first collector acting in its first year.
    On a refusal nothing is left set up (and nothing open)."""
    setup = setup_of(answers)
    ledger = Ledger.open(path, catalogue=catalogue, clock=clock, create=True)
    try:
        acting = initialise(ledger, setup, answers.password, answers.admin_password or None)
    except LedgerError:
        ledger.close()
        raise
    return ledger, acting


@dataclass(frozen=True)
class TownshipAnswers:
    township: str
    clerk: str
    password: str
    password_again: str


def check_township(answers: TownshipAnswers) -> None:
    if not answers.township.strip():
        raise LedgerError("请填写乡镇名称，如 城关镇", "township")
    if not answers.clerk.strip():
        raise LedgerError("请填写经办人姓名", "clerk")
    if len(answers.password) < 4:
        raise LedgerError("密码至少4位", "password")
    if answers.password != answers.password_again:
        raise LedgerError("两次输入的密码不一样，请重新输入", "password_again")


def create_township(
    path: Path, answers: TownshipAnswers, catalogue: PolicyCatalogue | None = None, clock: Clock | None = None
) -> tuple[Ledger, Operator]:
    """Make the township desk's database: the ledger and its clerk. On a refusal nothing is left open."""
    from desktop_app.services.township_desk import initialise_township  # the desk's modules load only for it

    check_township(answers)
    ledger = Ledger.open(path, catalogue=catalogue, clock=clock, create=True)
    try:
        clerk = initialise_township(ledger, answers.township.strip(), answers.clerk.strip(), answers.password)
    except LedgerError:
        ledger.close()
        raise
    return ledger, clerk


def township_lines(answers: TownshipAnswers, path: Path) -> list[str]:
    return [
        "用途：乡镇汇总（接收各村的U盘批次，核对后汇总上报县医保局；不收费）",
        f"乡镇：{answers.township.strip()}",
        f"经办人：{answers.clerk.strip()}",
        f"数据库：{path}",
    ]


def summary_lines(choice: PolicyChoice, answers: SetupAnswers, path: Path, today: date | None = None) -> list[str]:
    area = dict(choice.areas).get(answers.area or "", "（不分地区）")
    groups = "、".join(split_groups(answers.groups_text))
    over = (
        [f"注意：本政策的集中缴费期已于 {choice.collection_end} 结束——正式收费请先换本年度的政策；培训练习可以继续"]
        if today is not None and choice.period_over(today)
        else []
    )
    return [
        *over,
        f"政策：{choice.name}",
        f"依据：{choice.document}，{choice.benefit_year}年度待遇",
        f"地区：{area}",
        f"村庄：{answers.village.strip()}（{groups}）",
        f"收款员：{answers.collector.strip()}（以后可在“工具 → 收款员管理”中增加，需要管理密码）",
        f"收据号：{answers.receipt_prefix.strip().upper()}{choice.benefit_year}000001 起",
        f"参保率目标：{parse_target(answers.target_text)}%",
        "管理密码：已设置（增加、停用收款员，重置密码时要用）",
        f"数据库：{path}",
    ]


def backup_summary(backup: Path) -> str:
    """What a backup holds, in the collector's terms: its village, when it was taken, its last receipt,
    and whose password opens it when it is encrypted (a backup on a stick is)."""
    try:
        entry = entry_of(backup)
    except OSError as e:
        return f"无法读取：{e}"
    if entry.facts.problem:
        return entry.facts.problem
    village = entry.facts.village or "（不是征缴通的数据库）"
    locked = f" · 已加密，要输{entry.protected_by}" if entry.encrypted else ""
    return f"{village} · 备份于 {entry.taken_at:%Y-%m-%d %H:%M} · 最后一张收据：{entry.receipt_text}{locked}"


def is_encrypted_backup(backup: Path | None) -> bool:
    return backup is not None and backup.is_file() and is_encrypted(backup)


def check_join(backup: Path | None, password: str | None = None) -> None:
    if backup is None:
        raise LedgerError("请选择第一台电脑的备份文件（在U盘上，文件名以 zhengjiao-backup- 开头）", "backup")
    if is_encrypted_backup(backup) and not password:
        raise LedgerError("这个备份已加密：请输入备份时用的管理密码", "password")
    check_backup(backup, password or None)


def join_lines(backup: Path | None, path: Path) -> list[str]:
    return [
        "用途：村里的第二台电脑（户籍从第一台电脑的备份复制过来，以后两台电脑各记各的）",
        f"备份：{backup}",
        backup_summary(backup) if backup is not None else "",
        f"数据库：{path}",
        "完成后用您自己的收款员名字登录；名单里没有您的话，先用已有的收款员登录，"
        "在“工具 → 收款员管理”中添加您（要管理密码），再重新打开程序。",
    ]


def join_ledger(
    path: Path,
    backup: Path | None,
    password: str | None = None,
    catalogue: PolicyCatalogue | None = None,
    clock: Clock | None = None,
) -> Ledger:
    """The second laptop's ledger, copied from the first laptop's backup (``services.setup.join_from_backup``)."""
    check_join(backup, password)
    assert backup is not None
    return join_from_backup(path, backup, catalogue, clock, password=password or None)
