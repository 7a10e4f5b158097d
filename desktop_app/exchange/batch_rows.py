"""A batch row made from the records, the rows of the next batch, and the cells a template makes of them.

The one place that says what a workbook row holds: ``batch_row`` turns a payment, one of
its lines, the person and the payment's household (and ``Extras``: the household head,
the subsidised identity, the rider names, the contribution period) into the values in
``ROW_FIELDS`` order. The row is frozen (as JSON in ``batch_rows.data``) when the batch
is made, so this order and these values never change: a batch made years ago is written
again from its frozen rows, byte for byte; a field added since reads as empty in them.
The person's fields are read as they are *now* (a corrected name goes out in a 重报
row); the money is the line's, frozen at payment. ``cells`` makes the workbook's values
from frozen rows through a template (formats, value maps, constants, one column per
rider), and refuses a value that a column's map lacks, naming the row, column and value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.batches import FrozenRow
from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.errors import Refusal
from desktop_app.domain.idnumber import IdKind
from desktop_app.domain.payments import Payment, PaymentLine
from desktop_app.domain.register import NO_ID_KIND, Household, Person
from desktop_app.exchange.batch_fields import (
    BATCH_FIELDS, CHANNEL, FIELD_INDEX, LATE_NO, LATE_YES, NORMAL, PAY_METHOD, RESUBMITTED, RIDER, is_rider,
)
from desktop_app.exchange.batch_figures import Row, Value, canonical
from desktop_app.exchange.batch_template import Template

PERSON_FIELDS = slice(0, 8)  # name … village_group: what a correction in the register changes
_KIND_LABELS = {k.value: k.label for k in IdKind} | {NO_ID_KIND: "无证件"}
_MODE_LABELS = {"direct": "直接减免", "reimburse": "先缴后补"}
_STATUS, _NOTE, _EVENT_DATE, _CASH = (FIELD_INDEX[f] for f in ("status", "note", "event_date", "cash"))
_identity_labels: dict[tuple[str, ...], str] = {}
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # = json.dumps with these options, made once


def identity_label(codes: tuple[str, ...]) -> str:
    """'低保对象、…' in the order of the identity table, or 普通居民 for none."""
    label = _identity_labels.get(codes)
    if label is None:
        held = set(codes)
        label = "、".join(name for code, name in IDENTITIES.items() if code in held) or "普通居民"
        _identity_labels[codes] = label
    return label


@dataclass(frozen=True)
class Extras:
    """What a row carries beyond the payment, its line, the person and the household (read by the service)."""

    head: tuple[str, str] = ("", "")  # the household head's name and ID number
    subsidy_identity: str = ""  # the one identity (or ethnicity) the subsidy was given for
    identity_source: str = ""  # the list it came from
    rider_shorts: Mapping[str, str] = field(default_factory=dict)  # rider name -> its short name (长护险)
    period: tuple[str, str] = ("", "")  # 费款所属期: the benefit year's period, ISO dates


NO_EXTRAS = Extras()


def batch_row(payment: Payment, line: PaymentLine, person: Person, household: Household, status: str,
              note: str, event_date: str, extras: Extras = NO_EXTRAS) -> FrozenRow:
    """The row in ROW_FIELDS order; ``household`` is the payment's household."""
    shorts = extras.rider_shorts
    return [person.name, _KIND_LABELS.get(person.id_kind, person.id_kind), person.id_number or "", person.sex,
            person.birth_date.isoformat(), person.ethnicity, household.household_no, household.village_group,
            identity_label(line.identities), payment.benefit_year, line.standard + line.rider_total, line.subsidy,
            _MODE_LABELS.get(line.subsidy_mode or "", ""), line.due, line.benefit_start.isoformat(),
            payment.receipt_no, payment.paid_on.isoformat(), payment.operator, status, note, event_date,
            line.subsidy_payer or "", line.benefit_end.isoformat(),
            # issue 14
            person.phone or household.phone, person.relation, extras.head[0], extras.head[1], household.address,
            [[r.name, shorts.get(r.name, ""), r.amount] for r in line.riders], line.standard,
            extras.subsidy_identity, extras.identity_source, PAY_METHOD, CHANNEL, payment.bill_no or "",
            extras.period[0], extras.period[1], LATE_YES if payment.late_entry else LATE_NO,
            payment.created_at[:10]]


def with_event(row: FrozenRow, status: str, note: str, on: str, cash: int | None = None) -> FrozenRow:
    """A row sent before, marked with what happened to it since (作废, 退费) — a copy."""
    out = list(row)
    out[_STATUS], out[_NOTE], out[_EVENT_DATE] = status, note, on
    if cash is not None:
        out[_CASH] = cash
    return out


def row_json(row: FrozenRow) -> str:
    """The frozen row as ``batch_rows.data`` stores it."""
    return _JSON.encode(row)


@dataclass
class PendingRecords:
    """What the next batch holds: its rows, and for each row its record and line."""

    rows: list[FrozenRow] = field(default_factory=list)
    meta: list[tuple[int, int]] = field(default_factory=list)  # per row: index into items, payment line id
    items: list[tuple[str, str, int]] = field(default_factory=list)  # kind, record uid, payment id
    policies: set[tuple[str, str]] = field(default_factory=set)
    sent: dict[int, FrozenRow] = field(default_factory=dict)  # line id -> its 正常/重报 row in this batch

    def add(self, kind: str, uid: str, payment_id: int, rows: list[tuple[int, FrozenRow]]) -> None:
        self.items.append((kind, uid, payment_id))
        item = len(self.items) - 1
        for line_id, row in rows:
            self.rows.append(row)
            self.meta.append((item, line_id))
            if row[_STATUS] in (NORMAL, RESUBMITTED):
                self.sent[line_id] = row

    def counts(self) -> dict[str, int]:
        out = {"payment": 0, "void": 0, "refund": 0, "resubmission": 0}
        for kind, _, _ in self.items:
            out[kind] += 1
        return out

    def stored_rows(self) -> list[tuple[int, int, int, str, str, str, str, str]]:
        """Per row: item index, row number, line id, receipt, ID number, name, status, frozen JSON."""
        f = FIELD_INDEX
        receipt, id_number, name = f["receipt_no"], f["id_number"], f["name"]
        return [(item, n, line_id, row[receipt], row[id_number], row[name], row[_STATUS], row_json(row))
                for n, (row, (item, line_id)) in enumerate(zip(self.rows, self.meta), 1)]
