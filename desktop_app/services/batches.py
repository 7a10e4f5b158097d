"""The upload batch: every payment, void, refund and corrected line not yet sent, once.

A batch is new rows, never an update: its membership (one row per record, UNIQUE by
kind and the record's uid) and its rows exactly as written, so a lost stick is written
again byte for byte. Batch numbers run 1, 2, 3… per collector (a trigger refuses a
gap). The database is committed before the files are written: a stick pulled out
mid-write costs a ``--again``, never a batch the ledger does not know.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.idnumber import IdKind
from desktop_app.domain.money import Fen, format_yuan
from desktop_app.exchange.batch_figures import Digest, Row, canonical, figures_of, summary_rows
from desktop_app.exchange.batch_manifest import (
    FORMAT, MANIFEST_SUFFIX, batch_stem, find_batch, manifest_bytes, sha256_of, write_atomically,
)
from desktop_app.exchange.batch_target import default_target, removable_drives
from desktop_app.exchange.batch_template import (
    BATCH_FIELDS, FIELD_INDEX, NORMAL, REFUNDED, RESUBMITTED, VOIDED, Template, TemplateError, load_template,
    template_from_json,
)
from desktop_app.exchange.batch_verify import verify
from desktop_app.exchange.batch_workbook import render
from desktop_app.services import audit
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import find_operator
from desktop_app.store.connection import integrity_problem
from desktop_app.store.transactions import immediate


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
    batch_no: int
    collector: str
    created_at: str
    workbook_name: str
    rows: int
    total: str
    workbook_sha256: str


# Freezing the records not yet sent into rows (ROW_FIELDS order), as the workbook will hold them.

_KIND_LABELS = {k.value: k.label for k in IdKind} | {"none": "无证件"}
_MODE_LABELS = {"direct": "直接减免", "reimburse": "先缴后补"}
PERSON_FIELDS = slice(0, 8)  # name … village_group: what a correction in the register changes
_NOT_IN = "NOT EXISTS (SELECT 1 FROM batch_items i WHERE i.kind = '{kind}' AND i.record_uid = {uid})"
LINE_SQL = (
    "SELECT p.id, p.uid, l.id, pe.name, pe.id_number, pe.id_kind, pe.sex, pe.birth_date, pe.ethnicity, "
    "h.household_no, h.village_group, l.identities, p.benefit_year, l.standard + l.rider_total, l.subsidy, "
    "l.subsidy_mode, l.due, l.benefit_start, p.receipt_no, p.paid_on, o.name, l.subsidy_payer, l.benefit_end, "
    "p.policy_id, p.policy_sha256 FROM payments p JOIN payment_lines l ON l.payment_id = p.id "
    "JOIN people pe ON pe.id = l.person_id JOIN households h ON h.id = p.household_id "
    "JOIN operators o ON o.id = p.operator_id ")
_identity_labels: dict[str, str] = {}


def _identity(codes_json: str) -> str:
    label = _identity_labels.get(codes_json)
    if label is None:
        codes = set(json.loads(codes_json))
        label = "、".join(name for code, name in IDENTITIES.items() if code in codes) or "普通居民"
        _identity_labels[codes_json] = label
    return label


def frozen_row(r: Any, status: str, note: str, event_date: str) -> list[Any]:
    return [r[3], _KIND_LABELS.get(r[5], r[5]), r[4] or "", r[6], r[7], r[8], r[9], r[10], _identity(r[11]),
            r[12], r[13], r[14], _MODE_LABELS.get(r[15] or "", ""), r[16], r[17], r[18], r[19], r[20], status,
            note, event_date, r[21] or "", r[22]]


@dataclass
class PendingRecords:
    """What the next batch holds: its rows, and for each row its record and line."""

    rows: list[list[Any]]
    meta: list[tuple[int, int]]  # per row: index into items, payment line id
    items: list[tuple[str, str, int]]  # kind, record uid, payment id
    policies: set[tuple[str, str]]

    def counts(self) -> dict[str, int]:
        out = {"payment": 0, "void": 0, "refund": 0, "resubmission": 0}
        for kind, _, _ in self.items:
            out[kind] += 1
        return out

    def insert(self, ledger: Ledger, batch_id: int) -> None:
        first = ledger.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM batch_items").fetchone()[0]
        ledger.db.conn.executemany(
            "INSERT INTO batch_items (id, batch_id, kind, record_uid, payment_id) VALUES (?,?,?,?,?)",
            [(first + i, batch_id, kind, uid, pid) for i, (kind, uid, pid) in enumerate(self.items)])
        f = FIELD_INDEX
        ledger.db.conn.executemany(
            "INSERT INTO batch_rows (batch_id, item_id, row_no, line_id, receipt_no, id_number, name, status, data) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            [(batch_id, first + item, n, line_id, row[f["receipt_no"]], row[f["id_number"]], row[f["name"]],
              row[f["status"]], json.dumps(row, ensure_ascii=False, separators=(",", ":")))
             for n, (row, (item, line_id)) in enumerate(zip(self.rows, self.meta), 1)])


def pending_records(ledger: Ledger, operator_id: int) -> PendingRecords:
    """Payments, corrected rejected lines, voids and refunds of this collector not yet in any batch."""
    db, today = ledger.db, ledger.now().date().isoformat()
    out = PendingRecords([], [], [], set())
    sent: dict[int, list[Any]] = {}

    def add(kind: str, uid: str, payment_id: int, rows: list[tuple[int, list[Any]]]) -> None:
        out.items.append((kind, uid, payment_id))
        for line_id, row in rows:
            out.rows.append(row)
            out.meta.append((len(out.items) - 1, line_id))
            if row[FIELD_INDEX["status"]] in (NORMAL, RESUBMITTED):
                sent[line_id] = row

    current: tuple[int, str] | None = None
    group: list[tuple[int, list[Any]]] = []
    for r in db.execute(LINE_SQL + "WHERE p.operator_id = ? AND " + _NOT_IN.format(kind="payment", uid="p.uid")
                        + " ORDER BY p.id, l.id", [operator_id]):
        if current is not None and current[0] != r[0]:
            add("payment", current[1], current[0], group)
            group = []
        current = (r[0], r[1])
        group.append((r[2], frozen_row(r, NORMAL, "", r[19])))
        out.policies.add((r[23], r[24]))
    if current is not None:
        add("payment", current[1], current[0], group)

    for uid, line_id, reason, data in db.execute(
            "SELECT c.uid, c.line_id, c.reason, br.data FROM county_results c "
            "JOIN batch_rows br ON br.id = c.batch_row_id JOIN payment_lines l ON l.id = c.line_id "
            "JOIN payments p ON p.id = l.payment_id WHERE p.operator_id = ? AND c.outcome = 'rejected' "
            "AND c.id = (SELECT MAX(c2.id) FROM county_results c2 WHERE c2.line_id = c.line_id) AND "
            + _NOT_IN.format(kind="resubmission", uid="c.uid")
            + " AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.payment_id = p.id) "
            "AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.line_id = l.id) ORDER BY c.id",
            [operator_id]).fetchall():
        r = db.execute(LINE_SQL + "WHERE l.id = ?", [line_id]).fetchone()
        fresh = frozen_row(r, RESUBMITTED, f"更正后重报（县级退回原因：{reason}）", today)
        if fresh[PERSON_FIELDS] != json.loads(data)[PERSON_FIELDS]:
            add("resubmission", uid, r[0], [(line_id, fresh)])

    def last_sent(line_id: int) -> list[Any]:
        if line_id not in sent:
            found = db.execute("SELECT data FROM batch_rows WHERE line_id = ? AND status IN (?, ?) "
                               "ORDER BY id DESC LIMIT 1", [line_id, NORMAL, RESUBMITTED]).fetchone()
            sent[line_id] = (json.loads(found[0]) if found else
                             frozen_row(db.execute(LINE_SQL + "WHERE l.id = ?", [line_id]).fetchone(), NORMAL, "", ""))
        return list(sent[line_id])

    def changed(row: list[Any], status: str, note: str, on: str, cash: int | None = None) -> list[Any]:
        row[FIELD_INDEX["status"]], row[FIELD_INDEX["note"]], row[FIELD_INDEX["event_date"]] = status, note, on
        if cash is not None:
            row[FIELD_INDEX["cash"]] = cash
        return row

    for payment_id, uid, reason, voided_on in db.execute(
            "SELECT p.id, p.uid, v.reason, v.voided_on FROM voids v JOIN payments p ON p.id = v.payment_id "
            "WHERE p.operator_id = ? AND " + _NOT_IN.format(kind="void", uid="p.uid") + " ORDER BY v.id",
            [operator_id]).fetchall():
        lines = [r[0] for r in db.execute("SELECT id FROM payment_lines WHERE payment_id = ? ORDER BY id",
                                          [payment_id])]
        add("void", uid, payment_id,
            [(ln, changed(last_sent(ln), VOIDED, f"作废：{reason}", voided_on)) for ln in lines])
    for uid, payment_id, line_id, amount, reason, refunded_on in db.execute(
            "SELECT r.uid, r.payment_id, r.line_id, r.amount, r.reason, r.refunded_on FROM refunds r "
            "JOIN payments p ON p.id = r.payment_id WHERE p.operator_id = ? AND "
            + _NOT_IN.format(kind="refund", uid="r.uid") + " ORDER BY r.id", [operator_id]).fetchall():
        add("refund", uid, payment_id,
            [(line_id, changed(last_sent(line_id), REFUNDED, f"退费：{reason}", refunded_on, amount))])
    return out


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


def canonical_rows(template: Template, frozen: list[list[Any]], village: str, batch_no: int) -> list[Row]:
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


def _workbook(template: Template, frozen: list[list[Any]], village: str, batch_no: int,
              created_at: datetime) -> tuple[bytes, dict[str, Any], str, int]:
    rows = canonical_rows(template, frozen, village, batch_no)
    figures = figures_of(template, rows)
    digest = Digest()
    for row in rows:
        digest.add(row)
    data = render(template, rows, summary_rows(figures), created_at)
    return data, figures.to_json(), digest.hexdigest(), figures.net()[3]


def export_batch(ledger: Ledger, out: Path | None = None, template: Template | None = None,
                 operator_name: str | None = None) -> BatchResult:
    """Put everything not yet sent into the next batch, write it, read it back, check it."""
    _refuse_damaged(ledger)
    folder = target_folder(out)
    _prepare_folder(folder)
    if template is None:
        try:
            template = load_template("default")
        except TemplateError as e:
            raise LedgerError(str(e), "template") from None
    settings = ledger.settings
    operator = find_operator(ledger, operator_name or settings.collector)
    with immediate(ledger.db):
        records = pending_records(ledger, operator.id)
        if not records.items:
            raise LedgerError("没有尚未上报的缴费、作废、退费或更正记录，不需要导出新批次", "batch")
        last = ledger.db.execute("SELECT batch_no, manifest_sha256 FROM batches WHERE operator_id = ? "
                                 "ORDER BY batch_no DESC LIMIT 1", [operator.id]).fetchone()
        batch_no = (last[0] + 1) if last else 1
        stem = batch_stem(settings.village, operator.name, batch_no)
        workbook_path, manifest_path = folder / f"{stem}.xlsx", folder / f"{stem}{MANIFEST_SUFFIX}"
        for path in (workbook_path, manifest_path):
            if path.exists():
                raise LedgerError(f"{path} 已经存在，是另一份第{batch_no}批；请换一个空文件夹，"
                                  "或先把它移走并查明来历（是否用旧备份恢复过数据库？）", "out")
        created_at = ledger.now().replace(microsecond=0)
        data, figures, content, net = _workbook(template, records.rows, settings.village, batch_no, created_at)
        seq, head = audit.head(ledger.db)
        loaded = ledger.policy
        workbook_sha = sha256_of(data)
        manifest: dict[str, Any] = {
            "format": FORMAT, "batch_no": batch_no, "village": settings.village, "collector": operator.name,
            "receipt_prefix": settings.receipt_prefix, "created_at": created_at.isoformat(),
            "policy": {"id": loaded.policy.id, "sha256": loaded.sha256},
            "policies": [{"id": p, "sha256": s} for p, s in sorted(records.policies)],
            "template": {**template.to_json(), "sha256": template.sha256},
            "workbook": {"name": workbook_path.name, "sha256": workbook_sha, "bytes": len(data),
                         "content_sha256": content},
            "figures": figures, "items": records.counts(),
            "audit": {"seq": seq, "head": head},
            "previous": {"batch_no": last[0], "manifest_sha256": last[1]} if last else None,
        }
        text = manifest_bytes(manifest)
        cur = ledger.db.execute(
            "INSERT INTO batches (operator_id, batch_no, village, collector, created_at, template, workbook_name, "
            "workbook_sha256, manifest, manifest_sha256) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [operator.id, batch_no, settings.village, operator.name, created_at.isoformat(),
             template.canonical_json(), workbook_path.name, workbook_sha, text.decode("utf-8"),
             sha256_of(text)])
        assert cur.lastrowid is not None
        records.insert(ledger, cur.lastrowid)
        ledger.audit(operator.name, "batch.export", {
            "batch_no": batch_no, "rows": len(records.rows), "items": records.counts(),
            "workbook_sha256": workbook_sha, "manifest_sha256": sha256_of(text)})
    _write_and_check(workbook_path, data, manifest_path, text, batch_no)
    return BatchResult(batch_no, workbook_path, manifest_path, len(records.rows), net, False, figures)


def export_again(ledger: Ledger, batch_no: int, out: Path | None = None,
                 operator_name: str | None = None) -> BatchResult:
    """Write a past batch again (a lost stick): the same bytes as the first time."""
    _refuse_damaged(ledger)
    folder = target_folder(out)
    _prepare_folder(folder)
    operator = find_operator(ledger, operator_name or ledger.settings.collector)
    row = ledger.db.execute(
        "SELECT id, village, created_at, template, workbook_name, workbook_sha256, manifest FROM batches "
        "WHERE operator_id = ? AND batch_no = ?", [operator.id, batch_no]).fetchone()
    if row is None:
        known = [r[0] for r in ledger.db.execute("SELECT batch_no FROM batches WHERE operator_id = ? "
                                                 "ORDER BY batch_no", [operator.id])]
        which = f"已有第 {known[0]}–{known[-1]} 批" if known else "还没有导出过批次"
        raise LedgerError(f"{operator.name}没有第{batch_no}批（{which}）", "again")
    batch_id, village, created_at, template_json, workbook_name, workbook_sha, manifest_text = row
    template = template_from_json(json.loads(template_json), f"第{batch_no}批的模板")
    frozen = [json.loads(r[0]) for r in ledger.db.execute(
        "SELECT data FROM batch_rows WHERE batch_id = ? ORDER BY row_no", [batch_id])]
    data, figures, _, net = _workbook(template, frozen, village, batch_no, datetime.fromisoformat(created_at))
    if sha256_of(data) != workbook_sha:
        raise LedgerError(f"第{batch_no}批重新生成的工作簿与当初的不一致（程序的表格组件版本可能变了），"
                          "为免两份不同的同号批次，未写出；请联系县医保核对", "again")
    text = manifest_text.encode("utf-8")
    workbook_path = folder / workbook_name
    manifest_path = folder / (workbook_name[: -len(".xlsx")] + MANIFEST_SUFFIX)
    with immediate(ledger.db):
        ledger.audit(operator.name, "batch.export_again", {"batch_no": batch_no, "folder": str(folder)})
    _write_and_check(workbook_path, data, manifest_path, text, batch_no)
    return BatchResult(batch_no, workbook_path, manifest_path, len(frozen), net, True, figures)


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


def list_batches(ledger: Ledger) -> list[BatchInfo]:
    out = []
    for no, collector, created, name, sha, manifest in ledger.db.execute(
            "SELECT batch_no, collector, created_at, workbook_name, workbook_sha256, manifest FROM batches "
            "ORDER BY collector, batch_no"):
        figures = json.loads(manifest)["figures"]
        out.append(BatchInfo(no, collector, created, name, figures["rows"], figures["net"].get("cash", ""), sha))
    return out
