"""A batch the desk has copied and verified, entered into its records against what it already holds.

Verifying a copy needs no database and runs on the desk's pool threads
(``services.township_desk``); deciding what the copy means does: whether exactly these
files came before, whether another file already holds the number, and whether the chain
of the collector's batches holds on both sides. That part runs on the one thread that
writes, one batch to a transaction, and is kept here apart from the reading and the
pool that feed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.desk import CONFLICT, FAILED, VERIFIED, ReceivedBatch
from desktop_app.domain.operators import Operator
from desktop_app.exchange.batch_manifest import BatchFiles
from desktop_app.exchange.batch_template import NORMAL
from desktop_app.exchange.batch_verify import Verification
from desktop_app.services.ledger import Ledger
from desktop_app.store import desk as desk_store
from desktop_app.store.county_index import IndexedRow
from desktop_app.store.transactions import immediate

__all__ = ["Checked", "record_batch"]


@dataclass(frozen=True)
class Checked:
    """A batch copied into the desk's folder and verified there, not yet recorded."""

    files: BatchFiles
    workbook_sha: str
    stored: str
    result: Verification
    rows: list[IndexedRow]


def record_batch(ledger: Ledger, operator: Operator, checked: Checked) -> ReceivedBatch | None:
    """One verified copy into the desk's records, checked against what the desk holds; None when exactly
    these files were received before."""
    db = ledger.db
    files, result, workbook_sha = checked.files, checked.result, checked.workbook_sha
    m, manifest_sha = files.manifest, files.manifest_sha256
    village, collector, number = m["village"], m["collector"], m["batch_no"]
    previous = m["previous"].get("manifest_sha256") if isinstance(m["previous"], dict) else None
    problems, notes = list(result.problems), list(result.notes)
    with immediate(db):
        if desk_store.by_files(db, manifest_sha, workbook_sha) is not None:
            return None  # the same files twice on one stick
        chain_problems, chain_notes = _continuity(ledger, village, collector, number, manifest_sha, previous)
        problems += chain_problems
        notes += chain_notes
        same_number = desk_store.verified(db, village, collector, number)
        state = VERIFIED if not problems else FAILED
        if same_number is not None:
            problems.insert(
                0,
                f"已收到过另一份第{number}批（{same_number.workbook_name}，收于 "
                f"{same_number.received_at.replace('T', ' ')}），两份内容不同；本份未计入",
            )
            state = CONFLICT if state == VERIFIED else FAILED
        figures = result.figures
        by_status = figures.by_status if figures is not None else {}
        record = ReceivedBatch(
            0,
            village,
            collector,
            number,
            files.workbook.name,
            workbook_sha,
            manifest_sha,
            previous,
            m["created_at"],
            str(files.manifest_path.parent),
            checked.stored,
            ledger.stamp(),
            operator.name,
            state,
            tuple(problems),
            tuple(notes),
            len(result.rows),
            by_status.get(NORMAL, [0])[0],
            figures.net()[3] if figures is not None else 0,
        )
        saved = desk_store.add_batch(db, record, checked.rows if state == VERIFIED else ())
        ledger.audit(
            operator.name,
            "desk.receive",
            {
                "village": village,
                "collector": collector,
                "batch_no": number,
                "workbook": files.workbook.name,
                "workbook_sha256": workbook_sha,
                "manifest_sha256": manifest_sha,
                "state": state,
                "rows": len(result.rows),
                "problems": problems[:5],
            },
        )
    return saved


def _continuity(
    ledger: Ledger, village: str, collector: str, number: int, manifest_sha: str, previous: str | None
) -> tuple[list[str], list[str]]:
    """The chain of one collector's batches, against the ones the desk already holds."""
    db = ledger.db
    problems: list[str] = []
    notes: list[str] = []
    if number == 1 and previous is not None:
        problems.append("第1批不应指向上一批")
    if number > 1 and previous is None:
        problems.append(f"第{number}批的清单没有记录上一批（第{number - 1}批）的清单摘要")
    before = desk_store.verified(db, village, collector, number - 1) if number > 1 else None
    if number > 1 and previous is not None:
        if before is None:
            notes.append(f"上一批（第{number - 1}批）尚未收到，收到后再核对连续性")
        elif before.manifest_sha256 != previous:
            problems.append(
                f"与上一批不连续：本批记录的第{number - 1}批清单摘要与已收到的第{number - 1}批"
                f"（{before.workbook_name}）不符——其中一份被替换或改动过"
            )
        else:
            notes.append(f"与上一批（第{number - 1}批）连续")
    after = desk_store.verified(db, village, collector, number + 1)
    if after is not None:
        if after.previous_sha256 != manifest_sha:
            problems.append(
                f"与下一批不连续：已收到的第{number + 1}批（{after.workbook_name}）记录的上一批"
                "清单摘要与本批不符——本批在下一批导出后被改动或替换过"
            )
        else:
            notes.append(f"下一批（第{number + 1}批）与本批连续")
    return problems, notes
