"""The township's desk (乡镇汇总): set it up, receive the villages' batches, export the county workbook.

The clerk adds a folder or a stick; every batch found in it (a workbook with its
manifest beside it, at any depth) is copied into the desk's own folder and the copy is
checked as the county checks it (``exchange.batch_verify``: every byte against the
manifest's SHA-256, every row and figure read back), then against the desk's record of
the same collector's batches (``services.desk_recording``): the one before must be the
one this batch names, the one after must name this one. What arrives is recorded in the
desk's ledger — which files, their hashes, when, by whom, passed or why not — so the
same stick added twice changes nothing and a different file under a number already
received is flagged, never merged. A passing batch's rows go in with its record, in one transaction: a
cancelled load keeps the batches finished before it, each whole.

The county workbook is the county merge itself (``exchange.county_merge``, as
``zhengjiao county merge`` runs it) over the desk's copies of the verified batches;
its index reports each batch as it goes, which is where the window's progress bar and
取消 come from. What the desk shows is ``services.desk_status``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from desktop_app.domain.desk import CONFLICT, FAILED, TOWNSHIP_MODE, VERIFIED, Arrival, ReceivedBatch
from desktop_app.domain.operators import Operator
from desktop_app.domain.village import Settings
from desktop_app.exchange.batch_manifest import (
    MANIFEST_SUFFIX,
    BatchFileError,
    BatchFiles,
    find_batch,
    sha256_of,
    write_atomically,
)
from desktop_app.exchange.batch_verify import verify
from desktop_app.exchange.county_merge import MergeInputError, MergeReport, indexed_rows, merge
from desktop_app.exchange.county_report import RowIndex
from desktop_app.services.desk_recording import Checked, record_batch
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import add_operator
from desktop_app.services.progress import QUIET, Cancelled, Progress
from desktop_app.store import desk as desk_store
from desktop_app.store.county_index import CountyIndex, IndexedRow
from desktop_app.store.transactions import immediate

__all__ = [
    "Arrival",
    "Cancelled",
    "MergeReport",
    "add_batches",
    "desk_folder",
    "export_county",
    "find_batches",
    "initialise_township",
    "is_township",
]

CLERK_PREFIX = "XZ"  # the clerk issues no receipts; the operator record wants a prefix all the same


# -- setting up -------------------------------------------------------------------------------


def initialise_township(ledger: Ledger, township: str, clerk: str, password: str) -> Operator:
    """A desk ledger: the township's name and its clerk, in one transaction. No benefit year is opened:
    the desk takes no payments."""
    if ledger.is_initialised():
        raise LedgerError(f"数据库 {ledger.path} 已经设置过", "db")
    township = township.strip()
    if not township:
        raise LedgerError("乡镇名称不能为空", "township")
    with immediate(ledger.db):
        operator = add_operator(ledger, clerk, password, CLERK_PREFIX)
        ledger.save_settings(Settings(village=township, mode=TOWNSHIP_MODE), operator.name)
    return operator


def is_township(ledger: Ledger) -> bool:
    """Whether this ledger is a township's desk rather than a village's collection ledger."""
    return ledger.is_initialised() and ledger.settings.mode == TOWNSHIP_MODE


def desk_folder(ledger: Ledger) -> Path:
    """Where the desk keeps its own copy of every batch it received: beside the ledger file."""
    return ledger.path.with_name(f"{ledger.path.stem}-收到的批次")


# -- finding the batches on a stick -------------------------------------------------------------


def find_batches(places: Iterable[Path], skip: Path | None = None) -> tuple[list[BatchFiles], list[str]]:
    """Every batch in the folders (at any depth) and files given, and why other workbooks were skipped.

    ``skip``: a folder not to look into (the desk's own copies).
    """
    found: dict[Path, BatchFiles] = {}
    skipped: list[str] = []
    workbooks: list[Path] = []
    for place in places:
        if not place.exists():
            skipped.append(f"{place}：不存在（U盘是否已拔出？）")
            continue
        if place.is_dir():
            candidates = sorted(p for p in place.rglob("*") if p.is_file() and _wanted(p, skip))
        else:
            candidates = [place]
        for path in candidates:
            if path.name.endswith(MANIFEST_SUFFIX):
                try:
                    files = find_batch(path)
                except BatchFileError as e:
                    skipped.append(e.message)
                    continue
                found.setdefault(files.manifest_path.resolve(), files)
            elif path.suffix.lower() == ".xlsx":
                workbooks.append(path)
            elif not place.is_dir():
                skipped.append(f"{path}：不是上报批次（应为 .xlsx 工作簿或 {MANIFEST_SUFFIX} 清单）")
    claimed = {f.workbook.resolve() for f in found.values()}
    for path in workbooks:
        if path.resolve() in claimed:
            continue
        try:
            files = find_batch(path)
        except BatchFileError as e:
            skipped.append(e.message)
            continue
        found.setdefault(files.manifest_path.resolve(), files)
    ordered = sorted(
        found.values(),
        key=lambda f: (f.manifest["village"], f.manifest["collector"], f.manifest["batch_no"], str(f.manifest_path)),
    )
    return ordered, skipped


def _wanted(path: Path, skip: Path | None) -> bool:
    if path.name.startswith((".", "~$")):
        return False  # half-written (.partial) files and Excel's lock files
    return skip is None or not path.resolve().is_relative_to(skip.resolve())


# -- receiving ----------------------------------------------------------------------------------

WORKERS = 2  # batches read and checked at once: calamine parses without the GIL, and the copies' fsyncs wait
LOOKAHEAD = 3  # batches read ahead of the one being recorded (each is a few hundred kB in memory)
LARGE_LOAD = 30  # from this many batches on, the index by person is built once at the end instead of row by row


def add_batches(ledger: Ledger, operator: Operator, places: Sequence[Path], progress: Progress = QUIET) -> Arrival:
    """Receive every batch in the folders and files given: copy, verify, record (see the module's doc).

    The copying and checking of the next batches runs on a small pool of threads (no database
    there) while this thread records each batch in turn, in order. 取消 is honoured between
    batches: the ones recorded by then stay, each whole, and the arrival says it was cancelled.
    """
    progress.step("正在查找批次文件…")
    batches, skipped = find_batches(places, skip=desk_folder(ledger))
    large = len(batches) >= LARGE_LOAD
    if large:
        desk_store.defer_person_index(ledger.db)
    try:
        return _receive_all(ledger, operator, batches, skipped, progress)
    finally:
        if large:
            progress.step("正在整理索引…")
            desk_store.ensure_person_index(ledger.db)


def _receive_all(
    ledger: Ledger, operator: Operator, batches: list[BatchFiles], skipped: list[str], progress: Progress
) -> Arrival:
    """The loop of ``add_batches``: read ahead, check on the pool, record here in order."""
    root = desk_folder(ledger)
    added: list[ReceivedBatch] = []
    failed: list[ReceivedBatch] = []
    conflicts: list[ReceivedBatch] = []
    already: list[str] = []
    pending: deque[tuple[BatchFiles, Future[Checked] | None]] = deque()
    queued: set[tuple[str, str]] = set()
    ahead = iter(batches)

    def arrival(cancelled: bool = False) -> Arrival:
        return Arrival(tuple(added), tuple(failed), tuple(conflicts), tuple(already), tuple(skipped), cancelled)

    with ThreadPoolExecutor(WORKERS, thread_name_prefix="desk-check") as pool:

        def feed() -> None:
            while len(pending) < LOOKAHEAD:
                files = next(ahead, None)
                if files is None:
                    return
                try:
                    data = files.workbook.read_bytes()
                except OSError as e:
                    skipped.append(f"{files.workbook}：无法读取（{e.strerror or e}）")
                    continue
                key = (files.manifest_sha256, sha256_of(data))
                seen = key in queued or desk_store.by_files(ledger.db, *key) is not None
                queued.add(key)  # the same files twice on one stick are checked (and copied) once
                pending.append((files, None if seen else pool.submit(_check, root, files, data, key[1])))

        feed()
        done = 0
        while pending:
            try:
                progress.checkpoint()
            except Cancelled:
                for _, future in pending:
                    if future is not None:
                        future.cancel()
                return arrival(cancelled=True)
            files, future = pending.popleft()
            m = files.manifest
            label = f"{m['village']} {m['collector']} 第{m['batch_no']}批"
            progress.step(f"正在核验 {label}（{done + 1}/{len(batches)}）", done, len(batches))
            done += 1
            try:
                checked = future.result() if future is not None else None
            except OSError as e:
                skipped.append(f"{files.workbook}：无法复制到本机（{e.strerror or e}）")
                feed()
                continue
            feed()  # the pool reads the next batches while this one is recorded
            received = record_batch(ledger, operator, checked) if checked is not None else None
            if received is None:
                already.append(label)
            else:
                {VERIFIED: added, FAILED: failed, CONFLICT: conflicts}[received.state].append(received)
    progress.step("完成", len(batches), len(batches))
    return arrival()


def _check(root: Path, files: BatchFiles, data: bytes, workbook_sha: str) -> Checked:
    """On a pool thread: copy the batch into the desk's folder and verify the copy (no database here)."""
    manifest_sha = files.manifest_sha256
    stored = f"{Path(files.workbook.name).stem}-{manifest_sha[:8]}-{workbook_sha[:8]}"
    folder = root / stored
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / files.workbook.name, data)
    write_atomically(folder / files.manifest_path.name, files.manifest_bytes)
    try:
        result = verify(find_batch(folder / files.manifest_path.name), check_neighbours=False)
    except BatchFileError as e:  # the copy is not what was read: the disk failed under us
        raise OSError(e.message) from None
    return Checked(files, workbook_sha, stored, result, indexed_rows(result) if result.ok else [])


# -- the county workbook -------------------------------------------------------------------------


class _ReportingIndex(CountyIndex):
    """The merge's scratch index, reporting each batch it is given (and stopping when asked to)."""

    def __init__(self, path: Path, total: int, progress: Progress) -> None:
        super().__init__(path)
        self.total, self.progress, self.done = total, progress, 0

    def add(self, rows: Sequence[IndexedRow]) -> None:
        self.progress.checkpoint()  # nothing is written yet: the merge's own clean-up removes its scratch files
        super().add(rows)
        self.done += 1
        if self.done < self.total:
            self.progress.step(f"正在汇总（{self.done}/{self.total} 批）", self.done, self.total)
        else:
            self.progress.step("正在写出县汇总工作簿…")
            self.progress.no_way_back()


def export_county(ledger: Ledger, operator: Operator, out: Path, progress: Progress = QUIET) -> MergeReport:
    """The county workbook of every verified batch, as ``zhengjiao county merge`` makes it, and its report
    beside it. 取消 (``Cancelled``) is honoured until the last batch is in: nothing is written then."""
    verified = [b for b in desk_store.all_batches(ledger.db) if b.state == VERIFIED]
    if not verified:
        raise LedgerError("还没有校验通过的批次，无法导出县汇总；请先添加批次", "batches")
    root = desk_folder(ledger)
    paths = [root / b.stored / b.workbook_name for b in verified]
    gone = [p for p in paths if not p.is_file()]
    if gone:
        raise LedgerError(f"本机保存的批次副本不见了：{gone[0]}（共 {len(gone)} 个）；请重新添加这些批次", "batches")

    def opener(path: Path) -> RowIndex:
        return _ReportingIndex(path, len(paths), progress)

    progress.step(f"正在汇总（0/{len(paths)} 批）", 0, len(paths))
    progress.checkpoint()
    try:
        report = merge(paths, out, opener)
    except (MergeInputError, BatchFileError) as e:
        raise LedgerError(e.message, "out") from None
    with immediate(ledger.db):
        ledger.audit(
            operator.name,
            "desk.export",
            {"workbook": report.workbook, "rows": report.rows, "batches": len(report.batches), "ok": report.ok},
        )
    return report


def describe(batch: ReceivedBatch) -> str:
    """A received batch in words, for a tooltip or the CLI."""
    lines = [
        f"{batch.label}：{batch.state_label}",
        f"文件 {batch.workbook_name}",
        f"SHA-256 {batch.workbook_sha256}",
        f"清单 SHA-256 {batch.manifest_sha256}",
        f"导出于 {batch.created_at.replace('T', ' ')}",
        f"收到于 {batch.received_at.replace('T', ' ')}（{batch.received_by}），来自 {batch.source}",
    ]
    lines += [f"✗ {p}" for p in batch.problems] + [f"· {n}" for n in batch.notes]
    return "\n".join(lines)


def to_json(batch: ReceivedBatch) -> dict[str, object]:
    return {**batch.__dict__, "problems": list(batch.problems), "notes": list(batch.notes)}
