"""An upload batch as recorded, what it holds, and what the county answered about its rows.

A batch is written once and never changed: its membership (one item per payment, void,
refund or resubmission), its rows frozen as the workbook holds them, and the manifest
text exactly as it went onto the stick, so a lost stick is written again byte for byte.
The county's answer is kept per row, newest last; it changes nothing about a payment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

PAYMENT, VOID, REFUND, RESUBMISSION = "payment", "void", "refund", "resubmission"
ITEM_KINDS = (PAYMENT, VOID, REFUND, RESUBMISSION)
ACCEPTED, REJECTED = "accepted", "rejected"

FrozenRow = list[Any]  # one workbook row in ROW_FIELDS order, as stored in batch_rows.data


@dataclass(frozen=True)
class Batch:
    """One exported batch of one collector; numbered 1, 2, 3… per collector."""

    id: int
    operator_id: int
    operator: str  # the collector's name as the batch carries it
    batch_no: int
    benefit_year: int | None  # None only for a batch that held no payment of any year (never made)
    village: str
    created_at: datetime
    template: str  # the column template, canonical JSON
    workbook_name: str
    workbook_sha256: str
    manifest: str  # the manifest text exactly as written
    manifest_sha256: str

    @property
    def figures(self) -> dict[str, Any]:
        figures: dict[str, Any] = json.loads(self.manifest)["figures"]
        return figures


@dataclass(frozen=True)
class BatchItem:
    """A record the county heard about in a batch: its kind, its uid, its payment."""

    kind: str
    record_uid: str
    payment_id: int
    batch_no: int


@dataclass(frozen=True)
class SentRow:
    """A row of an exported batch, found again to record the county's answer about it."""

    id: int
    batch_no: int
    line_id: int


@dataclass(frozen=True)
class CountyResult:
    """The county's newest answer about one payment line, and the row it answered."""

    uid: str
    line_id: int
    payment_id: int
    batch_row_id: int
    batch_no: int  # the batch whose row it answers
    outcome: str  # accepted | rejected
    reason: str
    sent: tuple[Any, ...]  # that row as the batch carried it (ROW_FIELDS order)
    resubmitted_in: int | None  # the batch that carried the corrected row again, if one did
