"""First run without widgets: the choices offered, the checks each wizard page makes before
it lets the collector go on, and the ``Setup`` that ``services.setup.initialise`` turns into
a ledger and the first collector acting in its first benefit year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from desktop_app.domain.names import initials
from desktop_app.domain.operators import Acting
from desktop_app.services.clock import Clock
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.policies import PolicyCatalogue, PolicyFileError
from desktop_app.services.settings import parse_target, split_groups, validate_groups
from desktop_app.services.setup import Setup, initialise

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

    @property
    def label(self) -> str:
        return f"{self.name}（{self.jurisdiction}，{self.document}）"


def policy_choices(catalogue: PolicyCatalogue) -> list[PolicyChoice]:
    """Every policy file that loads, newest benefit year first; broken files are left out."""
    out = []
    for policy_id in catalogue.ids():
        try:
            p = catalogue.load(policy_id).policy
        except PolicyFileError:
            continue
        out.append(PolicyChoice(p.id, p.name, p.jurisdiction, p.document, p.benefit_year,
                                tuple((a.code, a.name) for a in p.areas), p.area_required, p.participation_target))
    return sorted(out, key=lambda c: (-c.benefit_year, c.jurisdiction))


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


def check_policy(choice: PolicyChoice | None, area: str | None) -> None:
    if choice is None:
        raise LedgerError("请选择本村执行的政策（县或镇的征缴通知）", "policy")
    if choice.areas and not area:  # areas differ in riders and collection dates: always ask
        raise LedgerError("本政策分地区执行（附加险、缴费起始日可能不同），请选择本村所在的地区", "area")


def check_village(village: str, groups_text: str) -> None:
    if not village.strip():
        raise LedgerError("请填写村名，如 大庄村", "village")
    validate_groups(split_groups(groups_text))


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
    return Setup(policy_id=answers.policy_id, village=answers.village.strip(), collector=answers.collector.strip(),
                 receipt_prefix=answers.receipt_prefix.strip().upper(), area=answers.area or None,
                 village_groups=split_groups(answers.groups_text),
                 participation_target=parse_target(answers.target_text))


def create_ledger(path: Path, answers: SetupAnswers, catalogue: PolicyCatalogue | None = None,
                  clock: Clock | None = None) -> tuple[Ledger, Acting]:
    """Make the database file and set it up: the ledger, and its first collector acting in its first year.
    On a refusal nothing is left set up (and nothing open)."""
    setup = setup_of(answers)
    ledger = Ledger.open(path, catalogue=catalogue, clock=clock, create=True)
    try:
        acting = initialise(ledger, setup, answers.password)
    except LedgerError:
        ledger.close()
        raise
    return ledger, acting


def summary_lines(choice: PolicyChoice, answers: SetupAnswers, path: Path) -> list[str]:
    area = dict(choice.areas).get(answers.area or "", "（不分地区）")
    groups = "、".join(split_groups(answers.groups_text))
    return [
        f"政策：{choice.name}",
        f"依据：{choice.document}，{choice.benefit_year}年度待遇",
        f"地区：{area}",
        f"村庄：{answers.village.strip()}（{groups}）",
        f"收款员：{answers.collector.strip()}",
        f"收据号：{answers.receipt_prefix.strip().upper()}{choice.benefit_year}000001 起",
        f"参保率目标：{parse_target(answers.target_text)}%",
        f"数据库：{path}",
    ]
