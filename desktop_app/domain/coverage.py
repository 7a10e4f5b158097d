"""Who is covered for a benefit year, and why not: the statuses beyond "paid here".

A village's people pay on their phones, at the bank, through their school or their
employer, or are insured elsewhere, serve in the army, sit in prison, or refuse. The
township counts all of these (山头镇 八(三): 查漏补缺, 动态清零), so the ledger keeps, per
person and benefit year, one current mark beside the receipts it issued itself. The
rate is covered ÷ (registered − excluded); the unpaid list is whoever is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.money import Fen

PAID_ELSEWHERE = "paid_elsewhere"
REFUSED = "refused"

# Not counted in the village's figures at all: someone else covers them, or nobody can.
EXCLUSIONS: dict[str, str] = {
    "employee_insurance": "职工医保",
    "insured_elsewhere": "外地参保",
    "military": "现役军人",
    "prison": "服刑",
    "school": "由学校组织参保",
    "deceased": "死亡",
    "moved_out": "迁出",
}
STATUSES: dict[str, str] = {
    PAID_ELSEWHERE: "其他渠道已缴费",
    **EXCLUSIONS,
    REFUSED: "拒绝参保",
}

CHANNELS: dict[str, str] = {
    "online": "线上",
    "bank": "银行",
    "pos": "POS",
    "school": "学校",
    "employer": "单位代缴",
    "other": "其他",
}
OTHER_CHANNEL = "other"

HERE, ELSEWHERE = "here", "elsewhere"
HOW_LABELS = {HERE: "本村收款", ELSEWHERE: "其他渠道"}


def status_code(text: str) -> str | None:
    """A status as a code or as its Chinese label ('military', '现役军人'); None when it is neither."""
    word = text.strip()
    if word in STATUSES:
        return word
    return next((code for code, label in STATUSES.items() if label == word), None)


def channel_code(text: str) -> str | None:
    """A channel as a code or as its label ('online', '线上', 'pos', 'POS'); None when it is neither."""
    word = text.strip()
    if word.lower() in CHANNELS:
        return word.lower()
    return next((code for code, label in CHANNELS.items() if label.lower() == word.lower()), None)


@dataclass(frozen=True)
class Coverage:
    """A person's current mark for a benefit year (a receipt of this village is not a mark).

    ``set_on`` is the day the collector gives for the status (entered the army, refused,
    died; the day of marking by default); ``paid_on`` the day of a payment elsewhere
    when known. ``source`` names the county list it came from, "" when set by hand.
    """

    person_id: int
    benefit_year: int
    status: str
    channel: str | None
    paid_on: date | None
    amount: Fen | None
    reference: str
    source: str
    note: str
    set_on: date
    operator: str

    @property
    def label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def excluded(self) -> bool:
        return self.status in EXCLUSIONS

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel or "", "")

    def describe(self) -> str:
        """One Chinese line: what the collector sees beside the person, and what refusing a payment says."""
        if self.status == PAID_ELSEWHERE:
            parts = [f"已通过{self.channel_label or '其他渠道'}缴费"]
            if self.paid_on:
                parts.append(f"缴费日期 {self.paid_on.isoformat()}")
            if self.reference:
                parts.append(f"凭证 {self.reference}")
            parts.append(f"来源：{self.source}" if self.source else f"{self.operator} 手工登记")
            return "，".join(parts)
        text = f"{self.label}（{self.set_on.isoformat()} {self.operator}登记"
        text += f"，来源：{self.source}）" if self.source else "）"
        return text + (f"：{self.note}" if self.note else "")


@dataclass(frozen=True)
class GroupFigures:
    to_cover: int
    covered: int


@dataclass(frozen=True)
class CoverageFigures:
    """The figures the township reports for one benefit year (issue 12 §4).

    ``registered`` counts the register's active people; ``to_cover`` leaves out the
    excluded; ``covered`` is paid here plus paid elsewhere; ``rate`` is covered ÷
    to_cover in percent with two decimals ("97.50"), None while nobody is to cover;
    ``target`` the village's or the policy's target as "99.00", None when there is none.
    """

    benefit_year: int
    registered: int
    excluded: dict[str, int]
    covered_here: int
    covered_elsewhere: int
    rate: str | None
    target: str | None
    groups: dict[str, GroupFigures] = field(default_factory=dict)
    village_groups: dict[str, GroupFigures] = field(default_factory=dict)
    refused: int = 0

    @property
    def to_cover(self) -> int:
        return self.registered - sum(self.excluded.values())

    @property
    def covered(self) -> int:
        return self.covered_here + self.covered_elsewhere

    @property
    def uncovered(self) -> int:
        return self.to_cover - self.covered

    def to_json(self) -> dict[str, object]:
        return {
            "benefit_year": self.benefit_year,
            "registered": self.registered,
            "excluded": dict(self.excluded),
            "to_cover": self.to_cover,
            "covered": {HERE: self.covered_here, ELSEWHERE: self.covered_elsewhere},
            "uncovered": self.uncovered,
            "rate": self.rate,
            "target": self.target,
            "groups": {k: {"to_cover": g.to_cover, "covered": g.covered} for k, g in self.groups.items()},
            "village_groups": {
                k: {"to_cover": g.to_cover, "covered": g.covered} for k, g in self.village_groups.items()
            },
        }


@dataclass(frozen=True)
class RowProblem:
    """One row of a county list that was not taken as it stands: the row as Excel numbers it,
    the column as the file names it, and why, in Chinese."""

    row: int
    column: str
    reason: str

    @property
    def sentence(self) -> str:
        where = f"第{self.row}行“{self.column}”列" if self.column else f"第{self.row}行"
        return f"{where}：{self.reason}"
