"""What the county knows of each payment: sent in batch N, accepted, or rejected and why.

The county's answer (回盘) is recorded per row, newest last; nothing about a rejected
payment changes — the cash was taken and the receipt stands until it is voided or
refunded. A rejected line whose person the collector then corrects in the register
goes into the next batch as a 重报 row (see ``services.batches``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.domain.batches import ACCEPTED, REJECTED
from desktop_app.domain.operators import Acting
from desktop_app.exchange.batch_manifest import BatchFileError
from desktop_app.exchange.batch_rows import PERSON_FIELDS, batch_row
from desktop_app.exchange.batch_template import NORMAL, RESUBMITTED
from desktop_app.exchange.batch_verify import Verification, verify_path
from desktop_app.exchange.county_merge import MergeInputError, MergeReport, merge
from desktop_app.exchange.results import read_results
from desktop_app.exchange.sheets import SheetError
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.unexported import unexported_summary
from desktop_app.store import batches as batch_store
from desktop_app.store import county_results as county_store
from desktop_app.store import payments as payment_store
from desktop_app.store import register as register_store
from desktop_app.store.county_index import CountyIndex
from desktop_app.store.transactions import immediate

__all__ = [
    "ExportState",
    "ImportReport",
    "LineState",
    "Rejection",
    "export_state",
    "import_county_results",
    "merge_batches",
    "rejected_people",
    "unexported_summary",
    "verify_batch",
]


@dataclass(frozen=True)
class Rejection:
    name: str
    id_number: str
    receipt_no: str
    batch_no: int
    reason: str
    household_no: str
    person_id: int
    line_id: int
    state: str  # 待更正 | 已更正，下一批重报 | 已重报（第N批）


@dataclass
class ImportReport:
    file: str
    accepted: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "accepted": self.accepted,
            "rejected": [r.__dict__ for r in self.rejected],
            "unchanged": self.unchanged,
            "problems": self.problems,
        }


def import_county_results(ledger: Ledger, acting: Acting, path: Path) -> ImportReport:
    """Mark each line of the county's answer; lines that match no sent row are listed, not guessed."""
    try:
        answer = read_results(path)
    except SheetError as e:
        raise LedgerError(str(e), "file") from None
    report = ImportReport(answer.name, problems=list(answer.problems))
    stamp = ledger.stamp()
    rejected_lines: list[int] = []
    db = ledger.db
    with immediate(db):
        # the same file again answers the rows it answered then, never a row sent since (a corrected 重报)
        earlier = county_store.answered_by(db, answer.sha256)
        by_id = {number: line_id for (_, number), line_id in earlier.items()}
        for line in answer.lines:
            again = earlier.get((line.receipt_no, line.id_number)) if line.receipt_no else by_id.get(line.id_number)
            if again is not None:
                report.unchanged += 1
                if line.outcome == REJECTED:
                    rejected_lines.append(again)
                else:
                    report.accepted += 1
                continue
            found = batch_store.sent_row(
                db, receipt_no=line.receipt_no, id_number=line.id_number, name=line.name, statuses=(NORMAL, RESUBMITTED)
            )
            if found is None:
                who = " ".join(
                    x for x in (line.name, line.id_number, line.receipt_no and f"收据号 {line.receipt_no}") if x
                )
                report.problems.append(f"第{line.row}行（{who}）：在已上报的批次中找不到这一行，未记录")
                continue
            latest = county_store.latest(db, [found.line_id]).get(found.line_id)
            if latest is not None and (latest.batch_row_id, latest.outcome, latest.reason) == (
                found.id,
                line.outcome,
                line.reason,
            ):
                report.unchanged += 1
            else:
                county_store.add(
                    db,
                    uid=str(uuid.uuid4()),
                    batch_row_id=found.id,
                    line_id=found.line_id,
                    outcome=line.outcome,
                    reason=line.reason,
                    source_name=answer.name,
                    source_sha256=answer.sha256,
                    operator=acting.name,
                    imported_at=stamp,
                )
            if line.outcome == REJECTED:
                rejected_lines.append(found.line_id)
            else:
                report.accepted += 1
        ledger.audit(
            acting,
            "county_result.import",
            {
                "file": answer.name,
                "sha256": answer.sha256,
                "accepted": report.accepted,
                "rejected": len(rejected_lines),
                "unchanged": report.unchanged,
                "problems": len(report.problems),
            },
        )
    wanted = set(rejected_lines)
    report.rejected = [r for r in rejected_people(ledger, include_resubmitted=True) if r.line_id in wanted]
    return report


def rejected_people(ledger: Ledger, include_resubmitted: bool = False, *, year: int | None = None) -> list[Rejection]:
    """People the county sent back and the collector has still to settle (newest answer per line).

    Of every collector; of one benefit year when given (None: every year).
    """
    db = ledger.db
    results = county_store.rejected(db, year=year)
    if not include_resubmitted:
        results = [r for r in results if r.resubmitted_in is None]
    payments = {p.id: p for p in payment_store.by_ids(db, sorted({r.payment_id for r in results}))}
    lines = {ln.id: ln for p in payments.values() for ln in p.lines}
    people = register_store.people_by_ids(db, sorted({lines[r.line_id].person_id for r in results}))
    households = register_store.households_by_ids(db, sorted({p.household_id for p in payments.values()}))
    out = []
    for r in results:
        payment, line, sent = payments[r.payment_id], lines[r.line_id], r.sent
        if r.resubmitted_in is not None:
            state = f"已重报（第{r.resubmitted_in}批）"
        else:
            current = batch_row(
                payment, line, people[line.person_id], households[payment.household_id], RESUBMITTED, "", ""
            )
            state = "已更正，下一批重报" if tuple(current[PERSON_FIELDS]) != sent[PERSON_FIELDS] else "待更正"
        out.append(
            Rejection(
                sent[0], sent[2], payment.receipt_no, r.batch_no, r.reason, sent[6], line.person_id, r.line_id, state
            )
        )
    return out


# Export state: what the window shows beside each receipt, and the status bar's summary.


@dataclass(frozen=True)
class LineState:
    name: str
    id_number: str | None
    state: str  # unexported | exported | resubmitted | accepted | rejected
    batch_no: int | None  # the batch that last carried this line
    reason: str  # the county's reason, when it sent the line back


@dataclass(frozen=True)
class ExportState:
    state: str  # unexported | exported | accepted | rejected
    label: str
    batch_no: int | None
    lines: tuple[LineState, ...]
    void_batch_no: int | None
    refund_batches: tuple[int, ...]  # batches with its refund applications (退费) or answers 不予退费 (退费撤销)


def export_state(ledger: Ledger, payment_uid: str) -> ExportState:
    db = ledger.db
    payment = batch_store.payment_by_uid(db, payment_uid)
    if payment is None:
        raise LedgerError(f"没有标识为 {payment_uid} 的缴费记录", "payment")
    in_batch = {(item.kind, item.record_uid): item.batch_no for item in batch_store.items_of_payment(db, payment.id)}
    batch_no = in_batch.get(("payment", payment_uid))
    answers = county_store.latest(db, [line.id for line in payment.lines]) if batch_no is not None else {}
    lines = []
    for line in payment.lines:
        name, id_number = line.name, line.id_number
        latest = answers.get(line.id)
        if batch_no is None:
            lines.append(LineState(name, id_number, "unexported", None, ""))
        elif latest is None:
            lines.append(LineState(name, id_number, "exported", batch_no, ""))
        elif latest.outcome == ACCEPTED:
            lines.append(LineState(name, id_number, "accepted", batch_no, ""))
        elif ("resubmission", latest.uid) in in_batch:
            lines.append(
                LineState(name, id_number, "resubmitted", in_batch[("resubmission", latest.uid)], latest.reason)
            )
        else:
            lines.append(LineState(name, id_number, "rejected", batch_no, latest.reason))
    states = {line.state for line in lines}
    if batch_no is None:
        state, label = "unexported", "未上报"
    elif "rejected" in states:
        reasons = "；".join(dict.fromkeys(f"{ln.name}：{ln.reason}" for ln in lines if ln.state == "rejected"))
        state, label = "rejected", f"县级退回（{reasons}）"
    elif states == {"accepted"}:
        state, label = "accepted", f"县级已接收（第{batch_no}批）"
    else:
        again = sorted({ln.batch_no for ln in lines if ln.state == "resubmitted" and ln.batch_no})
        state, label = (
            "exported",
            (
                f"已上报（第{batch_no}批）"
                + ("，部分已接收" if "accepted" in states else "")
                + (f"，更正后已重报（第{'、'.join(map(str, again))}批）" if again else "")
            ),
        )
    refunds = tuple(sorted({no for (kind, _), no in in_batch.items() if kind == "refund"}))
    return ExportState(state, label, batch_no, tuple(lines), in_batch.get(("void", payment_uid)), refunds)


# The county side: checking batches and merging them. No ledger is needed for either.


def verify_batch(path: Path, check_neighbours: bool = True) -> Verification:
    """Raises LedgerError (field ``file``) when the file is not a usable batch at all."""
    try:
        return verify_path(path, check_neighbours=check_neighbours)
    except BatchFileError as e:
        raise LedgerError(str(e), "file") from None


def merge_batches(paths: list[Path], out: Path) -> MergeReport:
    """The county's merge; its scratch index of every row is the store's ``CountyIndex``."""
    try:
        return merge(paths, out, CountyIndex)
    except (MergeInputError, BatchFileError) as e:
        raise LedgerError(str(e), "file") from None
