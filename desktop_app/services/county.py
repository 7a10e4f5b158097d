"""What the county knows of each payment: sent in batch N, accepted, or rejected and why.

The county's answer (回盘) is recorded per row, newest last; nothing about a rejected
payment changes — the cash was taken and the receipt stands until it is voided or
refunded. A rejected line whose person the collector then corrects in the register
goes into the next batch as a 重报 row (see ``services.batches``).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain.money import Fen
from desktop_app.exchange.batch_manifest import BatchFileError
from desktop_app.exchange.batch_template import NORMAL, RESUBMITTED
from desktop_app.exchange.batch_verify import Verification, verify_path
from desktop_app.exchange.county_merge import MergeInputError, MergeReport, merge
from desktop_app.exchange.results import REJECTED, ResultLine, read_results
from desktop_app.exchange.sheets import SheetError
from desktop_app.services.batches import LINE_SQL, PERSON_FIELDS, frozen_row
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.unexported import unexported_summary
from desktop_app.store.transactions import immediate


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
        return {"file": self.file, "accepted": self.accepted, "rejected": [r.__dict__ for r in self.rejected],
                "unchanged": self.unchanged, "problems": self.problems}


def _sent_row(ledger: Ledger, line: ResultLine) -> Any:
    where, args = "br.status IN (?, ?)", [NORMAL, RESUBMITTED]
    if line.receipt_no:
        where += " AND br.receipt_no = ?"
        args.append(line.receipt_no)
    if line.id_number:
        where += " AND br.id_number = ?"
        args.append(line.id_number)
    else:
        where += " AND br.name = ?"
        args.append(line.name)
    return ledger.db.execute(f"SELECT br.id, br.line_id, b.batch_no FROM batch_rows br JOIN batches b "
                             f"ON b.id = br.batch_id WHERE {where} ORDER BY br.id DESC LIMIT 1", args).fetchone()


def import_county_results(ledger: Ledger, operator: str, path: Path) -> ImportReport:
    """Mark each line of the county's answer; lines that match no sent row are listed, not guessed."""
    try:
        answer = read_results(path)
    except SheetError as e:
        raise LedgerError(str(e), "file") from None
    report = ImportReport(answer.name, problems=list(answer.problems))
    stamp = ledger.now().isoformat(timespec="seconds")
    rejected_lines: list[int] = []
    with immediate(ledger.db):
        for line in answer.lines:
            found = _sent_row(ledger, line)
            if found is None:
                who = " ".join(x for x in (line.name, line.id_number, line.receipt_no and f"收据号 {line.receipt_no}")
                               if x)
                report.problems.append(f"第{line.row}行（{who}）：在已上报的批次中找不到这一行，未记录")
                continue
            row_id, line_id, _ = found
            latest = ledger.db.execute("SELECT batch_row_id, outcome, reason FROM county_results WHERE line_id = ? "
                                       "ORDER BY id DESC LIMIT 1", [line_id]).fetchone()
            if latest is not None and tuple(latest) == (row_id, line.outcome, line.reason):
                report.unchanged += 1
            else:
                ledger.db.execute(
                    "INSERT INTO county_results (uid, batch_row_id, line_id, outcome, reason, source_name, "
                    "source_sha256, operator, imported_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    [str(uuid.uuid4()), row_id, line_id, line.outcome, line.reason, answer.name, answer.sha256,
                     operator, stamp])
            if line.outcome == REJECTED:
                rejected_lines.append(line_id)
            else:
                report.accepted += 1
        ledger.audit(operator, "county_result.import", {
            "file": answer.name, "sha256": answer.sha256, "accepted": report.accepted,
            "rejected": len(rejected_lines), "unchanged": report.unchanged, "problems": len(report.problems)})
    wanted = set(rejected_lines)
    report.rejected = [r for r in rejected_people(ledger, include_resubmitted=True) if r.line_id in wanted]
    return report


def rejected_people(ledger: Ledger, include_resubmitted: bool = False) -> list[Rejection]:
    """People the county sent back and the collector has still to settle (newest answer per line)."""
    db = ledger.db
    out = []
    for uid, line_id, reason, data, batch_no in db.execute(
            "SELECT c.uid, c.line_id, c.reason, br.data, b.batch_no FROM county_results c "
            "JOIN batch_rows br ON br.id = c.batch_row_id JOIN batches b ON b.id = br.batch_id "
            "JOIN payment_lines l ON l.id = c.line_id WHERE c.outcome = 'rejected' "
            "AND c.id = (SELECT MAX(c2.id) FROM county_results c2 WHERE c2.line_id = c.line_id) "
            "AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.payment_id = l.payment_id) "
            "AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.line_id = l.id) ORDER BY c.id").fetchall():
        sent = json.loads(data)
        current = db.execute(LINE_SQL + "WHERE l.id = ?", [line_id]).fetchone()
        person_id = db.execute("SELECT person_id FROM payment_lines WHERE id = ?", [line_id]).fetchone()[0]
        again = db.execute("SELECT b.batch_no FROM batch_items i JOIN batches b ON b.id = i.batch_id "
                           "WHERE i.kind = 'resubmission' AND i.record_uid = ?", [uid]).fetchone()
        if again is not None:
            if not include_resubmitted:
                continue
            state = f"已重报（第{again[0]}批）"
        elif frozen_row(current, RESUBMITTED, "", "")[PERSON_FIELDS] != sent[PERSON_FIELDS]:
            state = "已更正，下一批重报"
        else:
            state = "待更正"
        out.append(Rejection(sent[0], sent[2], current[18], batch_no, reason, sent[6], person_id, line_id, state))
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
    refund_batches: tuple[int, ...]


def export_state(ledger: Ledger, payment_uid: str) -> ExportState:
    db = ledger.db
    payment = db.execute("SELECT id FROM payments WHERE uid = ?", [payment_uid]).fetchone()
    if payment is None:
        raise LedgerError(f"没有标识为 {payment_uid} 的缴费记录", "payment")
    items = db.execute("SELECT i.kind, i.record_uid, b.batch_no FROM batch_items i JOIN batches b "
                       "ON b.id = i.batch_id WHERE i.payment_id = ? ORDER BY i.id", [payment[0]]).fetchall()
    in_batch = {(kind, uid): no for kind, uid, no in items}
    batch_no = in_batch.get(("payment", payment_uid))
    lines = []
    for line_id, name, id_number in db.execute("SELECT id, name, id_number FROM payment_lines "
                                               "WHERE payment_id = ? ORDER BY id", [payment[0]]).fetchall():
        if batch_no is None:
            lines.append(LineState(name, id_number, "unexported", None, ""))
            continue
        latest = db.execute("SELECT uid, outcome, reason FROM county_results WHERE line_id = ? "
                            "ORDER BY id DESC LIMIT 1", [line_id]).fetchone()
        if latest is None:
            lines.append(LineState(name, id_number, "exported", batch_no, ""))
        elif latest[1] == "accepted":
            lines.append(LineState(name, id_number, "accepted", batch_no, ""))
        elif ("resubmission", latest[0]) in in_batch:
            lines.append(LineState(name, id_number, "resubmitted", in_batch[("resubmission", latest[0])], latest[2]))
        else:
            lines.append(LineState(name, id_number, "rejected", batch_no, latest[2]))
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
        state, label = "exported", (f"已上报（第{batch_no}批）" + ("，部分已接收" if "accepted" in states else "")
                                    + (f"，更正后已重报（第{'、'.join(map(str, again))}批）" if again else ""))
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
    try:
        return merge(paths, out)
    except (MergeInputError, BatchFileError) as e:
        raise LedgerError(str(e), "file") from None
