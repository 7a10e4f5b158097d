"""What the township's desk shows: each village collector's progress, 重复参保, and what does not add up.

Everything comes from the batches the desk recorded (``services.township_desk``) and
the rows of those that passed. The questions across villages — who was paid for under
two receipts that both stand, which receipt numbers never arrived, what each
collector's rows add up to, which 作废/退费 rows cancel a payment the desk never saw —
are the county merge's own (``exchange.county_report``), asked of the desk's rows, so
the desk and ``zhengjiao county merge`` cannot disagree. The desk adds what only it
knows: batch numbers that never arrived, files that failed, and files that clash with
a batch already received.
"""

from __future__ import annotations

from collections import defaultdict

from desktop_app.domain.desk import (
    CONFLICT,
    CONFLICTING,
    FAILED,
    FINDING_ORDER,
    INVALID,
    MISSING_BATCH,
    ORPHAN,
    RECEIPT_GAP,
    TOTALS,
    VERIFIED,
    CollectorProgress,
    DeskStatus,
    Duplicate,
    Finding,
    PaidAt,
    ProgressReport,
    ReceivedBatch,
    ranges,
)
from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.exchange import county_report
from desktop_app.exchange.batch_fields import SIGNS
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.store import desk as desk_store

__all__ = ["desk_status", "gather_progress", "received_batches"]

MAX_PROBLEMS_SHOWN = 3


def received_batches(ledger: Ledger) -> list[ReceivedBatch]:
    return desk_store.all_batches(ledger.db)


def desk_status(ledger: Ledger) -> DeskStatus:
    """The whole desk as of now (reads only)."""
    db = ledger.db
    batches = desk_store.all_batches(db)
    index = desk_store.DeskIndex(db)
    try:
        duplicates = county_report.duplicates(index)
        gaps = county_report.gaps(index)
        orphans = county_report.orphans(index)
        totals = county_report.totals(index)
    finally:
        index.close()
    verified: dict[tuple[str, str], list[ReceivedBatch]] = defaultdict(list)
    for b in batches:
        if b.state == VERIFIED:
            verified[(b.village, b.collector)].append(b)
    findings = _batch_findings(batches, verified)
    for (village, collector), by_status in sorted(totals.items()):
        rows_net = county_report.net_cash(by_status)
        recorded = sum(b.net_cash for b in verified.get((village, collector), []))
        if rows_net != recorded:
            findings.append(
                Finding(
                    TOTALS,
                    village,
                    collector,
                    f"明细净额 {format_yuan(rows_net)} 元与各批清单合计 {format_yuan(recorded)} 元不符",
                )
            )
    findings += [Finding(ORPHAN, o["village"], o["collector"], f"第{o['batch_no']}批：{o['detail']}") for o in orphans]
    for g in gaps:
        numbers = "、".join(f"{x['from']}–{x['to']}" if x["count"] > 1 else x["from"] for x in g["missing"])
        findings.append(
            Finding(
                RECEIPT_GAP,
                g["village"],
                g["collector"],
                f"收据号缺 {g['missing_count']} 个：{numbers}（可能在未收到的批次中）",
            )
        )
    found = tuple(
        Duplicate(
            d["id_number"],
            d["name"],
            tuple(
                PaidAt(p["village"], p["collector"], p["batch_no"], p["receipt_no"], p["paid_on"]) for p in d["paid"]
            ),
        )
        for d in duplicates
    )
    findings.sort(key=lambda f: (FINDING_ORDER.index(f.kind), f.village, f.collector))
    collectors = _collectors(batches, verified, totals, findings, found)
    return DeskStatus(ledger.settings.village, ledger.now(), collectors, tuple(batches), found, tuple(findings))


def _batch_findings(
    batches: list[ReceivedBatch], verified: dict[tuple[str, str], list[ReceivedBatch]]
) -> list[Finding]:
    """Missing numbers, clashing files, and failed files no passing copy has replaced."""
    out: list[Finding] = []
    for (village, collector), own in sorted(verified.items()):
        numbers = {b.batch_no for b in own}
        missing = sorted(set(range(1, max(numbers) + 1)) - numbers)
        if missing:
            out.append(
                Finding(
                    MISSING_BATCH,
                    village,
                    collector,
                    f"缺第 {ranges(missing)} 批（已收第 {ranges(sorted(numbers))} 批）",
                )
            )
    for b in batches:
        if b.state == CONFLICT:
            out.append(
                Finding(
                    CONFLICTING,
                    b.village,
                    b.collector,
                    f"第{b.batch_no}批 {b.workbook_name}：" + "；".join(b.problems[:MAX_PROBLEMS_SHOWN]),
                )
            )
        elif b.state == FAILED and b.batch_no not in {v.batch_no for v in verified.get((b.village, b.collector), [])}:
            out.append(
                Finding(
                    INVALID,
                    b.village,
                    b.collector,
                    f"第{b.batch_no}批 {b.workbook_name}："
                    + "；".join(b.problems[:MAX_PROBLEMS_SHOWN])
                    + (
                        f"（另有 {len(b.problems) - MAX_PROBLEMS_SHOWN} 处）"
                        if len(b.problems) > MAX_PROBLEMS_SHOWN
                        else ""
                    ),
                )
            )
    return out


def _collectors(
    batches: list[ReceivedBatch],
    verified: dict[tuple[str, str], list[ReceivedBatch]],
    totals: dict[tuple[str, str], dict[str, list[int]]],
    findings: list[Finding],
    duplicates: tuple[Duplicate, ...],
) -> tuple[CollectorProgress, ...]:
    """Every collector the desk has heard from; one whose files all failed shows with no batches."""
    named: dict[tuple[str, str], int] = defaultdict(int)
    for f in findings:
        named[(f.village, f.collector)] += 1
    for d in duplicates:
        for key in {(p.village, p.collector) for p in d.paid}:
            named[key] += 1
    out = []
    for key in sorted({(b.village, b.collector) for b in batches}):
        own = verified.get(key, [])
        numbers = sorted(b.batch_no for b in own)
        by_status = totals.get(key, {})
        people = sum(sign * by_status.get(s, [0, 0])[0] for s, sign in SIGNS.items())
        missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers)) if numbers else []
        out.append(
            CollectorProgress(
                key[0],
                key[1],
                tuple(numbers),
                tuple(missing),
                sum(b.rows for b in own),
                people,
                county_report.net_cash(by_status),
                sum(b.net_cash for b in own),
                max((b.created_at for b in own), default=""),
                named.get(key, 0),
            )
        )
    return tuple(out)


def gather_progress(
    ledger: Ledger, acting: Acting | None = None, *, village: str | None = None, status: DeskStatus | None = None
) -> ProgressReport:
    """The 进度通报 of one village, or of every village (one page each). ``acting`` is not needed: the desk
    has no benefit year; the printouts registry passes it all the same. ``status``: the desk as the window
    has just read it (else it is read here)."""
    status = status or desk_status(ledger)
    if village is not None and village not in status.villages:
        known = "、".join(status.villages) or "（还没有收到任何批次）"
        raise LedgerError(f"没有收到过“{village}”的批次（已有：{known}）", "village")
    if not status.villages:
        raise LedgerError("还没有收到任何批次，无法打印进度通报", "village")
    return ProgressReport(status, (village,) if village else status.villages, ledger.now())
