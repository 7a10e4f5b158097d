"""The upload batch: every payment, void, refund and corrected line not yet sent, once.

A batch is new rows, never an update: its membership (one row per record, UNIQUE by
kind and the record's uid) and its rows exactly as written, so a lost stick is written
again byte for byte. Batch numbers run 1, 2, 3… per collector (a trigger refuses a
gap); a batch holds one benefit year's records of the collector who acts, and says
which year. The database is committed before the files are written: a stick pulled
out mid-write costs a ``--again``, never a batch the ledger does not know.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.domain.batches import PAYMENT, REFUND, RESUBMISSION, VOID, FrozenRow
from desktop_app.domain.money import Fen, format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.domain.register import Household, Person
from desktop_app.exchange.batch_figures import Digest, Row, canonical, figures_of, summary_rows
from desktop_app.exchange.batch_manifest import (
    FORMAT, MANIFEST_SUFFIX, batch_stem, find_batch, manifest_bytes, sha256_of, write_atomically,
)
from desktop_app.exchange.batch_rows import PERSON_FIELDS, PendingRecords, batch_row, with_event
from desktop_app.exchange.batch_target import default_target, removable_drives
from desktop_app.exchange.batch_template import (
    BATCH_FIELDS, FIELD_INDEX, NORMAL, REFUNDED, RESUBMITTED, VOIDED, Template, TemplateError, load_template,
    template_from_json,
)
from desktop_app.exchange.batch_verify import verify
from desktop_app.exchange.batch_workbook import render
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.store import audit
from desktop_app.store import batches as store
from desktop_app.store import county_results
from desktop_app.store import payments as payment_store
from desktop_app.store import register as register_store
from desktop_app.store.connection import integrity_problem
from desktop_app.store.transactions import immediate

__all__ = ["BatchInfo", "BatchResult", "Template", "batch_template", "export_again", "export_batch", "list_batches",
           "target_folder"]


@dataclass(frozen=True)
class BatchResult:
    batch_no: int
    workbook: Path
    manifest: Path
    rows: int
    total: Fen  # net cash: 正常 − 作废 − 退费
    again: bool
    figures: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"batch_no": self.batch_no, "workbook": str(self.workbook), "manifest": str(self.manifest),
                "rows": self.rows, "total": format_yuan(self.total)}


@dataclass(frozen=True)
class BatchInfo:
    """One line of ``zhengjiao batch list`` (and its JSON)."""

    batch_no: int
    collector: str
    created_at: str
    workbook_name: str
    rows: int
    total: str
    workbook_sha256: str


def batch_template(name: str | Path) -> Template:
    """A column template by name or file, refused in Chinese (field ``template``)."""
    try:
        return load_template(name)
    except TemplateError as e:
        raise LedgerError(str(e), "template") from None


# Gathering the records not yet sent, frozen into rows (ROW_FIELDS order) as the workbook will hold them.

@dataclass
class _Records:
    """Payments with the people and households their rows are made from."""

    payments: dict[int, Payment]
    people: dict[int, Person]
    households: dict[int, Household]
    _lines: dict[int, tuple[Payment, int]] | None = None  # line id -> its payment, index; made when first asked

    @property
    def lines(self) -> dict[int, tuple[Payment, int]]:
        if self._lines is None:
            self._lines = {line.id: (p, i) for p in self.payments.values() for i, line in enumerate(p.lines)}
        return self._lines

    def row(self, payment: Payment, line_index: int, status: str, note: str, event_date: str) -> FrozenRow:
        line = payment.lines[line_index]
        return batch_row(payment, line, self.people[line.person_id], self.households[payment.household_id],
                         status, note, event_date)

    def line_row(self, line_id: int, status: str, note: str, event_date: str) -> tuple[Payment, FrozenRow]:
        payment, index = self.lines[line_id]
        return payment, self.row(payment, index, status, note, event_date)


def _records(ledger: Ledger, payment_ids: set[int]) -> _Records:
    payments = {p.id: p for p in payment_store.by_ids(ledger.db, sorted(payment_ids))}
    people = register_store.people_by_ids(ledger.db, sorted({ln.person_id for p in payments.values()
                                                               for ln in p.lines}))
    households = register_store.households_by_ids(ledger.db, sorted({p.household_id for p in payments.values()}))
    return _Records(payments, people, households)


def pending_records(ledger: Ledger, acting: Acting) -> PendingRecords:
    """This collector's payments, corrected rejected lines, voids and refunds of the year not yet in any batch."""
    db, today = ledger.db, ledger.now().date().isoformat()
    operator_id, year = acting.operator.id, acting.benefit_year
    paid = store.unsent_payments(db, operator_id, year)
    rejected = [r for r in county_results.rejected(db, operator_id=operator_id, year=year)
                if r.resubmitted_in is None]
    voided = store.unsent_voids(db, operator_id, year)
    refunded = store.unsent_refunds(db, operator_id, year)
    records = _records(ledger, {*paid, *(r.payment_id for r in rejected), *voided, *(pid for _, pid in refunded)})
    out = PendingRecords()
    payments, people, households = records.payments, records.people, records.households
    for payment_id in paid:
        payment = payments[payment_id]
        on, household = payment.paid_on.isoformat(), households[payment.household_id]
        out.add(PAYMENT, payment.uid, payment.id, [(line.id, batch_row(payment, line, people[line.person_id],
                                                                       household, NORMAL, "", on))
                                                   for line in payment.lines])
        out.policies.add((payment.policy_id, payment.policy_sha256))
    for result in rejected:
        payment, fresh = records.line_row(result.line_id, RESUBMITTED,
                                          f"更正后重报（县级退回原因：{result.reason}）", today)
        if tuple(fresh[PERSON_FIELDS]) != result.sent[PERSON_FIELDS]:
            out.add(RESUBMISSION, result.uid, payment.id, [(result.line_id, fresh)])

    cancelled = [line.id for pid in voided for line in records.payments[pid].lines]
    cancelled += [r.line_id for uid, pid in refunded for r in records.payments[pid].refunds if r.uid == uid]
    stored = store.last_sent_rows(db, [ln for ln in cancelled if ln not in out.sent], (NORMAL, RESUBMITTED))

    def last_sent(line_id: int) -> FrozenRow:
        """The row this line last went out as (this batch first); never sent: as it would have gone."""
        row = out.sent.get(line_id) or stored.get(line_id)
        if row is None:
            row = stored[line_id] = records.line_row(line_id, NORMAL, "", "")[1]
        return row

    for payment_id in voided:
        payment = records.payments[payment_id]
        assert payment.void is not None
        note, on = f"作废：{payment.void.reason}", payment.void.voided_on.isoformat()
        out.add(VOID, payment.uid, payment.id,
                [(line.id, with_event(last_sent(line.id), VOIDED, note, on)) for line in payment.lines])
    for uid, payment_id in refunded:
        made = next(r for r in records.payments[payment_id].refunds if r.uid == uid)
        out.add(REFUND, uid, payment_id, [(made.line_id, with_event(
            last_sent(made.line_id), REFUNDED, f"退费：{made.reason}", made.refunded_on.isoformat(), made.amount))])
    return out


@contextmanager
def _without_collector_pauses() -> Iterator[None]:
    """Building a batch makes a few hundred thousand small objects that all live until it is written.

    The cyclic garbage collector would walk them over and over while they are made (more than a
    second for 100 000 rows) and find nothing to free: it is paused for the export and runs again
    after. Reference counting frees everything as usual meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def target_folder(out: Path | None) -> Path:
    """The folder given, else the single USB stick's upload folder."""
    if out is not None:
        return out
    found = default_target()
    if found is not None:
        return found
    drives = removable_drives()
    if drives:
        raise LedgerError(f"插着多个U盘（{'、'.join(map(str, drives))}），请用 --out 指定导出到哪一个", "out")
    raise LedgerError("没有找到U盘；请插入U盘，或用 --out 指定导出文件夹", "out")


def _refuse_damaged(ledger: Ledger) -> None:
    problem = integrity_problem(ledger.db)
    if problem:
        raise LedgerError(f"数据库完整性检查未通过（{problem}），不能导出；请先用“恢复备份”取回最近的备份", "db")
    chain = audit.verify(ledger.db)
    if not chain.ok:
        raise LedgerError(f"审计日志损坏（第 {chain.broken_at} 条：{chain.problem}），不能导出；请先恢复备份", "db")


def _prepare_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise LedgerError(f"无法创建导出文件夹 {folder}（{e.strerror or e}）", "out") from None
    if not folder.is_dir():
        raise LedgerError(f"{folder} 不是文件夹", "out")


def canonical_rows(template: Template, frozen: list[FrozenRow], village: str, batch_no: int) -> list[Row]:
    batch_values: dict[str, Any] = {"village": village, "batch_no": batch_no}
    pick: list[tuple[int, Any, str, Any]] = []  # row index (-1: a batch value), constant, format, kept as is
    for column in template.columns:
        kept = int if column.format in ("money", "integer") else None if column.format == "date8" else str
        if column.field in BATCH_FIELDS:
            pick.append((-1, canonical(batch_values[column.field], column.format), column.format, None))
        else:
            pick.append((FIELD_INDEX[column.field], None, column.format, kept))
    # a value already of its cell's type (str for text, int for money) is its own canonical form
    return [[constant if i < 0 else v if (v := row[i]).__class__ is kept else canonical(v, fmt)
             for i, constant, fmt, kept in pick] for row in frozen]


def _workbook(template: Template, frozen: list[FrozenRow], village: str, batch_no: int,
              created_at: datetime) -> tuple[bytes, dict[str, Any], str, int]:
    rows = canonical_rows(template, frozen, village, batch_no)
    figures = figures_of(template, rows)
    digest = Digest()
    for row in rows:
        digest.add(row)
    data = render(template, rows, summary_rows(figures), created_at)
    return data, figures.to_json(), digest.hexdigest(), figures.net()[3]


Stage = Callable[[str], None]  # told "records", "workbook", "recording" (all inside the transaction), "writing"


def _no_stage(stage: str) -> None:
    """The CLI does not watch; the window's may raise to cancel while still in the transaction."""


def export_batch(ledger: Ledger, acting: Acting, out: Path | None = None,
                 template: Template | None = None, *, progress: Stage = _no_stage) -> BatchResult:
    """Put the acting collector's records of the year not yet sent into their next batch; write, read back, check."""
    with _without_collector_pauses():
        return _export_batch(ledger, acting, out, template, progress)


def _export_batch(ledger: Ledger, acting: Acting, out: Path | None, template: Template | None,
                  progress: Stage) -> BatchResult:
    _refuse_damaged(ledger)
    folder = target_folder(out)
    _prepare_folder(folder)
    if template is None:
        template = batch_template("default")
    settings, operator, db = ledger.settings, acting.operator, ledger.db
    loaded = ledger.policy_of(acting.year)
    with immediate(db):
        progress("records")
        records = pending_records(ledger, acting)
        if not records.items:
            raise LedgerError("没有尚未上报的缴费、作废、退费或更正记录，不需要导出新批次", "batch")
        last = store.last(db, operator.id)
        batch_no = (last.batch_no + 1) if last else 1
        stem = batch_stem(settings.village, operator.name, batch_no)
        workbook_path, manifest_path = folder / f"{stem}.xlsx", folder / f"{stem}{MANIFEST_SUFFIX}"
        for path in (workbook_path, manifest_path):
            if path.exists():
                raise LedgerError(f"{path} 已经存在，是另一份第{batch_no}批；请换一个空文件夹，"
                                  "或先把它移走并查明来历（是否用旧备份恢复过数据库？）", "out")
        created_at = ledger.now().replace(microsecond=0)
        progress("workbook")
        data, figures, content, net = _workbook(template, records.rows, settings.village, batch_no, created_at)
        seq, head = audit.head(db)
        workbook_sha = sha256_of(data)
        manifest: dict[str, Any] = {
            "format": FORMAT, "batch_no": batch_no, "village": settings.village, "collector": operator.name,
            "receipt_prefix": operator.receipt_prefix or settings.receipt_prefix,
            "created_at": created_at.isoformat(), "benefit_year": acting.benefit_year,
            "policy": {"id": loaded.policy.id, "sha256": loaded.sha256},
            "policies": [{"id": p, "sha256": s} for p, s in sorted(records.policies)],
            "template": {**template.to_json(), "sha256": template.sha256},
            "workbook": {"name": workbook_path.name, "sha256": workbook_sha, "bytes": len(data),
                         "content_sha256": content},
            "figures": figures, "items": records.counts(),
            "audit": {"seq": seq, "head": head},
            "previous": {"batch_no": last.batch_no, "manifest_sha256": last.manifest_sha256} if last else None,
        }
        text = manifest_bytes(manifest)
        progress("recording")
        batch_id = store.add(db, operator_id=operator.id, batch_no=batch_no, benefit_year=acting.benefit_year,
                             village=settings.village, collector=operator.name, created_at=created_at,
                             template=template.canonical_json(), workbook_name=workbook_path.name,
                             workbook_sha256=workbook_sha, manifest=text.decode("utf-8"),
                             manifest_sha256=sha256_of(text))
        store.add_members(db, batch_id, records.items, records.stored_rows())
        ledger.audit(acting, "batch.export", {
            "batch_no": batch_no, "rows": len(records.rows), "items": records.counts(),
            "workbook_sha256": workbook_sha, "manifest_sha256": sha256_of(text)})
    progress("writing")
    _write_and_check(workbook_path, data, manifest_path, text, batch_no)
    return BatchResult(batch_no, workbook_path, manifest_path, len(records.rows), net, False, figures)


def export_again(ledger: Ledger, acting: Acting, batch_no: int, out: Path | None = None, *,
                 progress: Stage = _no_stage) -> BatchResult:
    """Write a past batch of the acting collector again (a lost stick): the same bytes as the first time."""
    with _without_collector_pauses():
        return _export_again(ledger, acting, batch_no, out, progress)


def _export_again(ledger: Ledger, acting: Acting, batch_no: int, out: Path | None, progress: Stage) -> BatchResult:
    _refuse_damaged(ledger)
    folder = target_folder(out)
    _prepare_folder(folder)
    operator = acting.operator
    batch = store.get(ledger.db, operator.id, batch_no)
    if batch is None:
        known = store.numbers(ledger.db, operator.id)
        which = f"已有第 {known[0]}–{known[-1]} 批" if known else "还没有导出过批次"
        raise LedgerError(f"{operator.name}没有第{batch_no}批（{which}）", "again")
    template = template_from_json(_json_object(batch.template), f"第{batch_no}批的模板")
    frozen = store.rows_of(ledger.db, batch.id)
    data, figures, _, net = _workbook(template, frozen, batch.village, batch_no, batch.created_at)
    if sha256_of(data) != batch.workbook_sha256:
        raise LedgerError(f"第{batch_no}批重新生成的工作簿与当初的不一致（程序的表格组件版本可能变了），"
                          "为免两份不同的同号批次，未写出；请联系县医保核对", "again")
    text = batch.manifest.encode("utf-8")
    progress("writing")
    workbook_path = folder / batch.workbook_name
    manifest_path = folder / (batch.workbook_name[: -len(".xlsx")] + MANIFEST_SUFFIX)
    with immediate(ledger.db):
        ledger.audit(acting, "batch.export_again", {"batch_no": batch_no, "folder": str(folder)})
    _write_and_check(workbook_path, data, manifest_path, text, batch_no)
    return BatchResult(batch_no, workbook_path, manifest_path, len(frozen), net, True, figures)


def _json_object(text: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(text)
    return found


def _write_and_check(workbook: Path, data: bytes, manifest: Path, text: bytes, batch_no: int) -> None:
    again = f"请换一个U盘或文件夹后运行 zhengjiao export batch --again {batch_no}"
    try:
        write_atomically(workbook, data)
        write_atomically(manifest, text)
    except OSError as e:
        raise LedgerError(f"第{batch_no}批已记入账本，但写入 {workbook.parent} 失败（{e.strerror or e}）；{again}",
                          "out") from None
    result = verify(find_batch(manifest), check_neighbours=False)
    if not result.ok:
        raise LedgerError(f"第{batch_no}批写入后读回校验失败：{'；'.join(result.problems[:3])}；{again}", "out")


def list_batches(ledger: Ledger, year: int | None = None) -> list[BatchInfo]:
    """Every exported batch by collector and number; of one benefit year when given (None: all)."""
    out = []
    for batch in store.all_batches(ledger.db, year):
        figures = batch.figures
        out.append(BatchInfo(batch.batch_no, batch.operator, batch.created_at.isoformat(), batch.workbook_name,
                             figures["rows"], figures["net"].get("cash", ""), batch.workbook_sha256))
    return out
