"""The township's desk (乡镇汇总): the batches that arrived from the villages and what they add up to.

A township clerk receives every village collector's upload batches on sticks. The desk
remembers each batch file it was given (its SHA-256, when, verified or why not), so that
adding the same stick twice changes nothing and a different file under a batch number
already received is flagged rather than merged. From the batches that passed it shows,
per village and collector, how far collection has got and what is missing, and the
people paid for twice (重复参保) with both receipts. These are the values the window,
the CLI and the 进度通报 printout share; money is integer fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain.money import Fen

TOWNSHIP_MODE, VILLAGE_MODE = "township", "village"

VERIFIED, FAILED, CONFLICT = "verified", "failed", "conflict"
STATE_LABELS = {VERIFIED: "校验通过", FAILED: "校验未通过", CONFLICT: "同号不同文件"}

# kinds of finding, in the order the desk lists them
MISSING_BATCH, DUPLICATE, RECEIPT_GAP, TOTALS, CHAIN, ORPHAN, INVALID, CONFLICTING = (
    "缺少批次",
    "重复参保",
    "收据号断号",
    "金额不平衡",
    "批次不连续",
    "作废无原缴费",
    "校验未通过",
    "同号不同文件",
)
FINDING_ORDER = (MISSING_BATCH, DUPLICATE, CONFLICTING, INVALID, CHAIN, TOTALS, ORPHAN, RECEIPT_GAP)


def ranges(numbers: tuple[int, ...] | list[int]) -> str:
    """Batch numbers as a person writes them: [1, 2, 3, 5] -> '1–3、5'."""
    if not numbers:
        return ""
    ordered = sorted(numbers)
    parts: list[str] = []
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return "、".join(parts)


@dataclass(frozen=True)
class ReceivedBatch:
    """One batch file as the desk received it; a file that failed is kept with the reasons."""

    id: int
    village: str
    collector: str
    batch_no: int
    workbook_name: str
    workbook_sha256: str  # of the file as it arrived
    manifest_sha256: str
    previous_sha256: str | None  # the manifest sha256 of the collector's batch before, as this one records it
    created_at: str  # when the collector exported it (the manifest's)
    source: str  # where the clerk added it from
    stored: str  # the desk's own copy: a folder under the desk's batch folder
    received_at: str
    received_by: str
    state: str  # VERIFIED | FAILED | CONFLICT
    problems: tuple[str, ...]
    notes: tuple[str, ...]
    rows: int
    people: int  # 正常 rows: people paid for in this batch
    net_cash: Fen  # 正常 − 作废 − 退费

    @property
    def ok(self) -> bool:
        return self.state == VERIFIED

    @property
    def label(self) -> str:
        return f"{self.village} {self.collector} 第{self.batch_no}批"

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True)
class CollectorProgress:
    """One village collector's batches on the desk and what they add up to."""

    village: str
    collector: str
    batches: tuple[int, ...]  # numbers received and verified
    missing: tuple[int, ...]  # numbers below the highest one that never arrived verified
    rows: int
    people: int  # net: 正常 − 作废 − 退费 rows
    cash: Fen  # net cash from the rows
    manifest_cash: Fen  # the same from the batches' manifests
    last_batch_at: str  # the newest batch's export time ("" when none passed)
    problems: int  # findings that name this collector

    @property
    def reconciled(self) -> bool:
        return self.cash == self.manifest_cash


@dataclass(frozen=True)
class PaidAt:
    village: str
    collector: str
    batch_no: int
    receipt_no: str
    paid_on: str


@dataclass(frozen=True)
class Duplicate:
    """A person paid for under more than one receipt that stands, with every such receipt."""

    id_number: str
    name: str
    paid: tuple[PaidAt, ...]

    @property
    def same_village(self) -> bool:
        return len({p.village for p in self.paid}) == 1

    @property
    def villages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.village for p in self.paid))


@dataclass(frozen=True)
class Finding:
    """Something the clerk must look into: what, whose, and in words."""

    kind: str
    village: str
    collector: str
    detail: str


@dataclass(frozen=True)
class DeskStatus:
    """Everything the desk shows at once."""

    township: str
    as_of: datetime
    collectors: tuple[CollectorProgress, ...]
    batches: tuple[ReceivedBatch, ...]
    duplicates: tuple[Duplicate, ...]
    findings: tuple[Finding, ...]

    @property
    def villages(self) -> tuple[str, ...]:
        """Villages with a batch that passed (a village whose every file failed is not yet counted)."""
        return tuple(dict.fromkeys(c.village for c in self.collectors if c.batches))

    @property
    def verified(self) -> tuple[ReceivedBatch, ...]:
        return tuple(b for b in self.batches if b.ok)

    @property
    def rows(self) -> int:
        return sum(c.rows for c in self.collectors)

    @property
    def people(self) -> int:
        return sum(c.people for c in self.collectors)

    @property
    def cash(self) -> Fen:
        return sum(c.cash for c in self.collectors)

    @property
    def missing(self) -> int:
        return sum(len(c.missing) for c in self.collectors)

    def of_village(self, village: str) -> tuple[CollectorProgress, ...]:
        return tuple(c for c in self.collectors if c.village == village)

    def findings_of(self, village: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.village == village)

    def duplicates_of(self, village: str) -> tuple[Duplicate, ...]:
        return tuple(d for d in self.duplicates if village in d.villages)


@dataclass(frozen=True)
class Arrival:
    """What one 添加批次 did: new batches (verified, failed, conflicting), ones already there, files skipped."""

    added: tuple[ReceivedBatch, ...]
    failed: tuple[ReceivedBatch, ...]
    conflicts: tuple[ReceivedBatch, ...]
    already: tuple[str, ...]  # labels of batches the desk had received before: nothing changed
    skipped: tuple[str, ...]  # files that are not usable batches, and why
    cancelled: bool = False

    @property
    def rows(self) -> int:
        return sum(b.rows for b in self.added)

    def summary(self) -> str:
        parts = [f"新收 {len(self.added)} 批（{self.rows} 行）"]
        if self.failed:
            parts.append(f"校验未通过 {len(self.failed)} 批")
        if self.conflicts:
            parts.append(f"同号不同文件 {len(self.conflicts)} 批")
        if self.already:
            parts.append(f"此前已收 {len(self.already)} 批（未重复记入）")
        if self.skipped:
            parts.append(f"跳过 {len(self.skipped)} 个文件")
        text = "，".join(parts)
        return ("已取消：" + text + "；取消前已收的批次完整保留") if self.cancelled else text


@dataclass(frozen=True)
class VillageRank:
    village: str
    collectors: int
    batches: int
    people: int
    cash: Fen
    rank: int


@dataclass(frozen=True)
class ProgressReport:
    """The 进度通报: one A4 page per village, each with the township's ranking beside it."""

    status: DeskStatus
    villages: tuple[str, ...]  # the villages to print, one page each
    printed_at: datetime

    def ranking(self) -> tuple[VillageRank, ...]:
        """Villages by people paid for (then cash), the most first; equal figures share a rank."""
        rows = []
        for village in self.status.villages:
            own = self.status.of_village(village)
            rows.append(
                (
                    village,
                    len(own),
                    sum(len(c.batches) for c in own),
                    sum(c.people for c in own),
                    sum(c.cash for c in own),
                )
            )
        rows.sort(key=lambda r: (-r[3], -r[4], r[0]))
        out: list[VillageRank] = []
        for n, (village, collectors, batches, people, cash) in enumerate(rows, 1):
            rank = out[-1].rank if out and (out[-1].people, out[-1].cash) == (people, cash) else n
            out.append(VillageRank(village, collectors, batches, people, cash, rank))
        return tuple(out)
