"""The upload batch: every payment, void, refund and corrected line not yet sent, once.

A batch is new rows, never an update: its membership (one row per record, UNIQUE by
kind and the record's uid) and its rows exactly as written, so a lost stick is written
again byte for byte. Batch numbers run 1, 2, 3… per collector (a trigger refuses a
gap); a batch holds one benefit year's records of the collector who acts, and says
which year. The database is committed before the files are written: a stick pulled
out mid-write costs a ``--again``, never a batch the ledger does not know.

Refunds are applications (issue 14): the application goes out as a 退费 row (the person
leaves, the amount counts −); the answer 已退 is the county's own and is not sent; the
answer 不予退费 goes out once as a 退费撤销 row (the person is covered again, the amount
counts + again), a copy of the row last sent for that line like a 作废 row. A late entry
(补录) says so in its row (``late_entry``, and ``补录：reason`` in the note), and the
manifest counts the late entries and the form numbers (专用票据) of the batch's payments.
A value a template's map lacks, a rider column the year's policy does not know, or a
template without 状态 for a batch holding anything but payments stops the export before
anything is recorded or written.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.money import Fen, format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.exchange.batch_manifest import (
    FORMAT,
    MANIFEST_SUFFIX,
    batch_stem,
    find_batch,
    manifest_bytes,
    sha256_of,
    write_atomically,
)
from desktop_app.exchange.batch_rows import cells
from desktop_app.exchange.batch_target import default_target, removable_drives
from desktop_app.exchange.batch_template import Template, TemplateError, load_template, template_from_json
from desktop_app.exchange.batch_verify import verify
from desktop_app.services.batch_records import pending_records
from desktop_app.services.batch_rendering import refuse_unfit, workbook_of
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.store import audit
from desktop_app.store import batches as store
from desktop_app.store.connection import integrity_problem
from desktop_app.store.transactions import immediate

__all__ = [
    "BatchInfo",
    "BatchResult",
    "Template",
    "batch_template",
    "canonical_rows",
    "export_again",
    "export_batch",
    "list_batches",
    "target_folder",
]

canonical_rows = cells  # the name the bench and older tests use


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
        return {
            "batch_no": self.batch_no,
            "workbook": str(self.workbook),
            "manifest": str(self.manifest),
            "rows": self.rows,
            "total": format_yuan(self.total),
        }


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


Stage = Callable[[str], None]  # told "records", "workbook", "recording" (all inside the transaction), "writing"


def _no_stage(stage: str) -> None:
    """The CLI does not watch; the window's may raise to cancel while still in the transaction."""


def export_batch(
    ledger: Ledger,
    acting: Acting,
    out: Path | None = None,
    template: Template | None = None,
    *,
    progress: Stage = _no_stage,
) -> BatchResult:
    """Put the acting collector's records of the year not yet sent into their next batch; write, read back, check."""
    with _without_collector_pauses():
        return _export_batch(ledger, acting, out, template, progress)


def _export_batch(
    ledger: Ledger, acting: Acting, out: Path | None, template: Template | None, progress: Stage
) -> BatchResult:
    _refuse_damaged(ledger)
    folder = target_folder(out)
    _prepare_folder(folder)
    if template is None:
        template = batch_template("default")
    try:  # the copy in the manifest must read back as this very template (the county reads that one)
        if template_from_json(template.to_json(), template.source or template.name) != template:
            raise TemplateError(template.name, ["模板写入清单后读回不一致"])
    except TemplateError as e:
        raise LedgerError(
            f"导出模板“{template.source or template.name}”无法写入清单：{e.message}", "template"
        ) from None
    settings, operator, db = ledger.settings, acting.operator, ledger.db
    loaded = ledger.policy_of(acting.year)
    with immediate(db):
        progress("records")
        records = pending_records(ledger, acting)
        if not records.items:
            raise LedgerError("没有尚未上报的缴费、作废、退费或更正记录，不需要导出新批次", "batch")
        refuse_unfit(template, records, [loaded.policy])
        last = store.last(db, operator.id)
        batch_no = (last.batch_no + 1) if last else 1
        stem = batch_stem(settings.village, operator.name, batch_no)
        workbook_path, manifest_path = folder / f"{stem}.xlsx", folder / f"{stem}{MANIFEST_SUFFIX}"
        for path in (workbook_path, manifest_path):
            if path.exists():
                raise LedgerError(
                    f"{path} 已经存在，是另一份第{batch_no}批；请换一个空文件夹，"
                    "或先把它移走并查明来历（是否用旧备份恢复过数据库？）",
                    "out",
                )
        created_at = ledger.now().replace(microsecond=0)
        progress("workbook")
        data, figures, content, net = workbook_of(template, records.rows, settings.village, batch_no, created_at)
        seq, head = audit.head(db)
        workbook_sha = sha256_of(data)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "batch_no": batch_no,
            "village": settings.village,
            "collector": operator.name,
            "receipt_prefix": operator.receipt_prefix or settings.receipt_prefix,
            "created_at": created_at.isoformat(),
            "benefit_year": acting.benefit_year,
            "policy": {"id": loaded.policy.id, "sha256": loaded.sha256},
            "policies": [{"id": p, "sha256": s} for p, s in sorted(records.policies)],
            "template": {**template.to_json(), "sha256": template.sha256},
            "workbook": {
                "name": workbook_path.name,
                "sha256": workbook_sha,
                "bytes": len(data),
                "content_sha256": content,
            },
            "figures": figures,
            "items": records.counts(),
            "late_entry_payments": records.late_entries,
            "bill_numbers_used": len(records.bill_numbers),
            "audit": {"seq": seq, "head": head},
            "previous": {"batch_no": last.batch_no, "manifest_sha256": last.manifest_sha256} if last else None,
        }
        text = manifest_bytes(manifest)
        progress("recording")
        batch_id = store.add(
            db,
            operator_id=operator.id,
            batch_no=batch_no,
            benefit_year=acting.benefit_year,
            village=settings.village,
            collector=operator.name,
            created_at=created_at,
            template=template.canonical_json(),
            workbook_name=workbook_path.name,
            workbook_sha256=workbook_sha,
            manifest=text.decode("utf-8"),
            manifest_sha256=sha256_of(text),
        )
        store.add_members(db, batch_id, records.items, records.stored_rows())
        ledger.audit(
            acting,
            "batch.export",
            {
                "batch_no": batch_no,
                "rows": len(records.rows),
                "items": records.counts(),
                "workbook_sha256": workbook_sha,
                "manifest_sha256": sha256_of(text),
            },
        )
    progress("writing")
    _write_and_check(workbook_path, data, manifest_path, text, batch_no)
    return BatchResult(batch_no, workbook_path, manifest_path, len(records.rows), net, False, figures)


def export_again(
    ledger: Ledger, acting: Acting, batch_no: int, out: Path | None = None, *, progress: Stage = _no_stage
) -> BatchResult:
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
    data, figures, _, net = workbook_of(template, frozen, batch.village, batch_no, batch.created_at)
    if sha256_of(data) != batch.workbook_sha256:
        raise LedgerError(
            f"第{batch_no}批重新生成的工作簿与当初的不一致（程序的表格组件版本可能变了），"
            "为免两份不同的同号批次，未写出；请联系县医保核对",
            "again",
        )
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
        raise LedgerError(
            f"第{batch_no}批已记入账本，但写入 {workbook.parent} 失败（{e.strerror or e}）；{again}", "out"
        ) from None
    result = verify(find_batch(manifest), check_neighbours=False)
    if not result.ok:
        raise LedgerError(f"第{batch_no}批写入后读回校验失败：{'；'.join(result.problems[:3])}；{again}", "out")


def list_batches(ledger: Ledger, year: int | None = None) -> list[BatchInfo]:
    """Every exported batch by collector and number; of one benefit year when given (None: all)."""
    out = []
    for batch in store.all_batches(ledger.db, year):
        figures = batch.figures
        out.append(
            BatchInfo(
                batch.batch_no,
                batch.operator,
                batch.created_at.isoformat(),
                batch.workbook_name,
                figures["rows"],
                figures["net"].get("cash", ""),
                batch.workbook_sha256,
            )
        )
    return out
