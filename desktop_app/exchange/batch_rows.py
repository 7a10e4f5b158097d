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
from types import MappingProxyType
from typing import Any, NamedTuple

from desktop_app.domain.batches import FrozenRow
from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.errors import Refusal
from desktop_app.domain.idnumber import IdKind
from desktop_app.domain.payments import Payment, PaymentLine
from desktop_app.domain.register import NO_ID_KIND, Household, Person
from desktop_app.exchange.batch_fields import (
    BATCH_FIELDS,
    CHANNEL,
    FIELD_INDEX,
    LATE_NO,
    LATE_YES,
    NORMAL,
    PAY_METHOD,
    RESUBMITTED,
    RIDER,
    is_rider,
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


class Extras(NamedTuple):
    """What a row carries beyond the payment, its line, the person and the household (read by the service)."""

    head: tuple[str, str] = ("", "")  # the household head's name and ID number
    subsidy_identity: str = ""  # the one identity (or ethnicity) the subsidy was given for
    identity_source: str = ""  # the list it came from
    rider_shorts: Mapping[str, str] = MappingProxyType({})  # rider name -> its short name (长护险)
    period: tuple[str, str] = ("", "")  # 费款所属期: the benefit year's period, ISO dates


NO_EXTRAS = Extras()


def batch_row(
    payment: Payment,
    line: PaymentLine,
    person: Person,
    household: Household,
    status: str,
    note: str,
    event_date: str,
    extras: Extras = NO_EXTRAS,
) -> FrozenRow:
    """The row in ROW_FIELDS order; ``household`` is the payment's household."""
    shorts = extras.rider_shorts
    return [
        person.name,
        _KIND_LABELS.get(person.id_kind, person.id_kind),
        person.id_number or "",
        person.sex,
        person.birth_date.isoformat(),
        person.ethnicity,
        household.household_no,
        household.village_group,
        identity_label(line.identities),
        payment.benefit_year,
        line.standard + line.rider_total,
        line.subsidy,
        _MODE_LABELS.get(line.subsidy_mode or "", ""),
        line.due,
        line.benefit_start.isoformat(),
        payment.receipt_no,
        payment.paid_on.isoformat(),
        payment.operator,
        status,
        note,
        event_date,
        line.subsidy_payer or "",
        line.benefit_end.isoformat(),
        # issue 14
        person.phone or household.phone,
        person.relation,
        extras.head[0],
        extras.head[1],
        household.address,
        [[r.name, shorts.get(r.name, ""), r.amount] for r in line.riders] if line.riders else [],
        line.standard,
        extras.subsidy_identity,
        extras.identity_source,
        PAY_METHOD,
        CHANNEL,
        payment.bill_no or "",
        extras.period[0],
        extras.period[1],
        LATE_YES if payment.late_entry else LATE_NO,
        payment.created_at[:10],
    ]


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


DECLINED_KEY = "refund_declined"  # the count of 不予退费 answers in a manifest's items (only when there are any)


@dataclass
class PendingRecords:
    """What the next batch holds: its rows, and for each row its record and line."""

    rows: list[FrozenRow] = field(default_factory=list)
    meta: list[tuple[int, int]] = field(default_factory=list)  # per row: index into items, payment line id
    items: list[tuple[str, str, int]] = field(default_factory=list)  # kind, record uid, payment id
    policies: set[tuple[str, str]] = field(default_factory=set)
    sent: dict[int, FrozenRow] = field(default_factory=dict)  # line id -> its 正常/重报 row in this batch
    declined: int = 0  # of the refund items, answers 不予退费 (stored as kind refund, uid of the answer)
    late_entries: int = 0  # payments entered on a later day than paid (补录)
    bill_numbers: set[str] = field(default_factory=set)  # the tax office's form numbers the payments used

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
        if self.declined:
            out["refund"] -= self.declined
            out[DECLINED_KEY] = self.declined
        return out

    def stored_rows(self) -> list[tuple[int, int, int, str, str, str, str, str]]:
        """Per row: item index, row number, line id, receipt, ID number, name, status, frozen JSON."""
        f = FIELD_INDEX
        receipt, id_number, name = f["receipt_no"], f["id_number"], f["name"]
        return [
            (item, n, line_id, row[receipt], row[id_number], row[name], row[_STATUS], row_json(row))
            for n, (row, (item, line_id)) in enumerate(zip(self.rows, self.meta), 1)
        ]


# Cells: frozen rows through a template, as the workbook holds them.


class UnmappedValue(Refusal):
    """A value a column's value map has no code for: the export stops before anything is written."""


def cells(template: Template, frozen: list[FrozenRow], village: str, batch_no: int) -> list[Row]:
    """The workbook's rows: each column's field (or batch value, or constant) in its column's format."""
    batch_values: dict[str, Any] = {"village": village, "batch_no": batch_no}
    pick: list[tuple[int, Any, str, Any]] = []  # row index (-1: the same for every row), constant, format, kept as is
    special = False
    for column in template.columns:
        kept = int if column.format in ("money", "integer") else None if column.format == "date8" else str
        if column.constant is not None:
            pick.append((-1, column.constant, column.format, None))
        elif column.field in BATCH_FIELDS:
            pick.append((-1, canonical(batch_values[column.field], column.format), column.format, None))
        else:
            special = special or column.values is not None or is_rider(column.field)
            pick.append((FIELD_INDEX["riders" if is_rider(column.field) else column.field], None, column.format, kept))
    need = max((i for i, _, _, _ in pick), default=-1) + 1
    frozen = [row if len(row) >= need else _padded(row, need) for row in frozen]
    if special:
        return _special_cells(template, frozen, pick)
    # a value already of its cell's type (str for text, int for money) is its own canonical form
    return [
        [
            constant if i < 0 else v if (v := row[i]).__class__ is kept else canonical(v, fmt)
            for i, constant, fmt, kept in pick
        ]
        for row in frozen
    ]


def _padded(row: FrozenRow, need: int) -> FrozenRow:
    """A row frozen before later fields existed: they read as empty (no riders for the riders field)."""
    out = list(row)
    while len(out) < need:
        out.append([] if len(out) == FIELD_INDEX["riders"] else "")
    return out


def _special_cells(template: Template, frozen: list[FrozenRow], pick: list[tuple[int, Any, str, Any]]) -> list[Row]:
    """Cells when some column maps values or takes one rider: a function per column."""
    getters: list[Callable[[FrozenRow, int], Value]] = []
    for column, (i, constant, fmt, _) in zip(template.columns, pick):
        if i < 0:
            getters.append(lambda row, n, c=constant: c)  # type: ignore[misc]
        elif is_rider(column.field):
            getters.append(_rider_getter(column.field[len(RIDER) :].strip()))
        elif column.values is not None:
            getters.append(_mapped_getter(template, column.header, column.values, i))
        else:
            getters.append(lambda row, n, i=i, fmt=fmt: canonical(row[i], fmt))  # type: ignore[misc]
    return [[get(row, n) for get in getters] for n, row in enumerate(frozen)]


def _rider_getter(label: str) -> Callable[[FrozenRow, int], Value]:
    riders = FIELD_INDEX["riders"]

    def get(row: FrozenRow, n: int) -> Value:
        return sum(int(fen) for name, short, fen in (row[riders] or ()) if label in (name, short))

    return get


def _mapped_getter(
    template: Template, header: str, values: Mapping[str, str], i: int
) -> Callable[[FrozenRow, int], Value]:
    name_at = FIELD_INDEX["name"]

    def get(row: FrozenRow, n: int) -> Value:
        value = "" if row[i] is None else str(row[i])
        code = values.get(value)
        if code is not None:
            return code
        if value == "":
            return ""
        raise UnmappedValue(
            f"导出模板“{template.source or template.name}”的“{header}”列没有“{value}”对应的代码"
            f"（工作簿第{template.header_rows + n + 1}行，{row[name_at]}）；请在模板该列的 values 中补上"
            f"“{value}”的代码，或更正此人的登记信息后再导出。没有写出任何文件",
            "template",
        )

    return get
