"""The upload batch onto a USB stick, as the window does it: what goes out, the write, what went wrong.

``services.batches`` makes and writes the batch; this module is the window's side of it.
Before anything is recorded the stick gets a test write (a read-only, full or missing
stick is refused while the ledger is still untouched). The batch is recorded in the
ledger before its files are written — the batch service's rule — so a stick pulled out
or full mid-write leaves a batch the ledger knows and no stick holds: ``StickError``
then names it (``unwritten``) and the window offers to write it again at once (补导,
the same bytes). Nothing half-written stays behind: a ``.partial`` file, or a workbook
whose manifest never made it, is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.errors import Refusal
from desktop_app.domain.money import Fen, format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.exchange.batch_manifest import MANIFEST_SUFFIX, sha256_of
from desktop_app.services.batches import BatchResult, export_again, export_batch
from desktop_app.services.county_watch import ANSWERED
from desktop_app.services.drives import describe_write_error, write_problem
from desktop_app.services.ledger import Ledger
from desktop_app.services.progress import QUIET, Progress
from desktop_app.services.unexported import unexported_summary
from desktop_app.store import batch_states
from desktop_app.store import batches as batch_store
from desktop_app.store import county_results as county_store

__all__ = [
    "BatchLine",
    "BatchResult",
    "Outgoing",
    "StickError",
    "batch_lines",
    "outgoing",
    "thousands",
    "write_again",
    "write_new_batch",
]

STEPS = 5
_STAGES = {
    "records": ("正在整理尚未上报的记录…", 1),
    "workbook": ("正在生成工作簿…", 2),
    "recording": ("正在记入账本…", 3),
    "writing": ("正在写入U盘并读回核对…", 4),
}


class StickError(Refusal):
    """The batch did not reach the stick whole; ``unwritten``: a batch the ledger recorded, to be written again."""

    def __init__(self, message: str, unwritten: int | None = None) -> None:
        super().__init__(message, "out")
        self.unwritten = unwritten


@dataclass(frozen=True)
class Outgoing:
    """What the next batch of the acting collector will carry."""

    records: int  # payments, voids and refunds not yet in any batch
    lines: int  # people on those payments (one row each)
    people: int
    voids: int
    refunds: int
    resubmissions: int  # people the county sent back, corrected since: they go out again
    cash: Fen
    oldest: date | None

    @property
    def empty(self) -> bool:
        return not self.records and not self.resubmissions

    @property
    def text(self) -> str:
        if self.empty:
            return "没有尚未上报的记录：所有缴费、作废、退费都已记入批次。"
        paid = self.records - self.voids - self.refunds
        parts = [f"缴费 {paid} 笔（{self.people} 人）"] if paid or not self.resubmissions else []
        parts += [f"作废 {self.voids} 笔"] if self.voids else []
        parts += [f"退费 {self.refunds} 笔"] if self.refunds else []
        parts += [f"更正后重报 {self.resubmissions} 人"] if self.resubmissions else []
        oldest = f"；最早一笔 {self.oldest.isoformat()}" if self.oldest else ""
        return f"{'、'.join(parts)}；应交现金 {thousands(format_yuan(self.cash))} 元{oldest}"


@dataclass(frozen=True)
class BatchLine:
    """One exported batch and what the county has said about it."""

    batch_no: int
    collector: str
    operator_id: int
    created_at: datetime
    benefit_year: int | None
    rows: int
    total: str  # net cash, yuan
    state: str
    rejected: int
    workbook_name: str


def thousands(yuan: str) -> str:
    """'294400.00' -> '294,400.00' (as the status bar writes money); anything else as it is."""
    whole, dot, cents = yuan.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    return f"{sign}{int(digits):,}{dot}{cents}" if digits.isdigit() else yuan


def outgoing(ledger: Ledger, acting: Acting) -> Outgoing:
    operator_id, year = acting.operator.id, acting.benefit_year
    records, cash, oldest = unexported_summary(ledger, operator_id, year)
    lines, people = batch_states.unsent_people(ledger.db, operator_id, year)
    voids = len(batch_store.unsent_voids(ledger.db, operator_id, year))
    refunds = len(batch_store.unsent_refunds(ledger.db, operator_id, year))
    return Outgoing(records, lines, people, voids, refunds, _corrected(ledger, acting), cash, oldest)


def _corrected(ledger: Ledger, acting: Acting) -> int:
    """People sent back and corrected since, who go out in the next batch (as the batch service decides)."""
    mine = {
        r.line_id
        for r in county_store.rejected(ledger.db, operator_id=acting.operator.id, year=acting.benefit_year)
        if r.resubmitted_in is None
    }
    if not mine:
        return 0
    from desktop_app.services.county import rejected_people  # the workbook code, only when someone was sent back

    return sum(
        1
        for r in rejected_people(ledger, year=acting.benefit_year)
        if r.line_id in mine and r.state.startswith("已更正")
    )


def batch_lines(ledger: Ledger, acting: Acting | None = None, year: int | None = None) -> list[BatchLine]:
    """Every batch (of the acting collector when given), newest first, with the county's answers so far."""
    answers = batch_states.answers_by_batch(ledger.db, ANSWERED)
    out = []
    for batch in batch_store.all_batches(ledger.db, year):
        if acting is not None and batch.operator_id != acting.operator.id:
            continue
        figures = batch.figures
        said = answers.get((batch.operator_id, batch.batch_no), batch_states.BatchAnswers(0, 0, 0))
        out.append(
            BatchLine(
                batch.batch_no,
                batch.operator,
                batch.operator_id,
                batch.created_at,
                batch.benefit_year,
                int(figures.get("rows", 0)),
                thousands(str(figures.get("net", {}).get("cash", ""))),
                _state(said),
                said.rejected,
                batch.workbook_name,
            )
        )
    out.sort(key=lambda b: (b.collector, -b.batch_no))
    return out


def _state(said: batch_states.BatchAnswers) -> str:
    answered = said.accepted + said.rejected
    if not answered:
        return "已导出，待县回盘" if said.rows else "已导出"
    if said.rejected:
        rest = "，其余待回盘" if answered < said.rows else ""
        return f"县退回 {said.rejected} 人" + (f"，接收 {said.accepted} 人" if said.accepted else "") + rest
    if said.accepted >= said.rows:
        return "县已全部接收"
    return f"县已接收 {said.accepted} 人，其余待回盘"


# --- writing ------------------------------------------------------------------------------


class _Stages:
    """The batch service's stages as steps; 取消 counts until the batch is recorded, not after."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.writing = False

    def __call__(self, stage: str) -> None:
        text, done = _STAGES.get(stage, ("正在导出…", 1))
        if stage == "writing":
            self.writing = True
            self.progress.no_way_back()
        else:
            self.progress.checkpoint()
        self.progress.step(text, done, STEPS)


def write_new_batch(ledger: Ledger, acting: Acting, folder: Path, progress: Progress = QUIET) -> BatchResult:
    """The acting collector's next batch into ``folder``; refused before anything when the stick won't take it."""
    _check_stick(folder, progress)
    before = batch_store.last(ledger.db, acting.operator.id)
    stages = _Stages(progress)
    try:
        result = export_batch(ledger, acting, folder, progress=stages)
    except (Refusal, OSError) as e:
        last = batch_store.last(ledger.db, acting.operator.id)
        made = last if last is not None and (before is None or last.batch_no > before.batch_no) else None
        if made is None:
            raise
        _clear_half_written(folder, made.workbook_name, made.workbook_sha256)
        raise StickError(_why(e, folder, made.batch_no), made.batch_no) from None
    progress.step("完成", STEPS, STEPS)
    return result


def write_again(ledger: Ledger, acting: Acting, batch_no: int, folder: Path, progress: Progress = QUIET) -> BatchResult:
    """A past batch again, the same bytes (补导); the ledger keeps it whatever happens on the stick."""
    _check_stick(folder, progress)
    progress.checkpoint()
    stages = _Stages(progress)
    try:
        result = export_again(ledger, acting, batch_no, folder, progress=stages)
    except (Refusal, OSError) as e:
        if not stages.writing:
            raise
        made = batch_store.get(ledger.db, acting.operator.id, batch_no)
        if made is not None:
            _clear_half_written(folder, made.workbook_name, made.workbook_sha256)
        raise StickError(_why(e, folder, batch_no), batch_no) from None
    progress.step("完成", STEPS, STEPS)
    return result


def _check_stick(folder: Path, progress: Progress) -> None:
    progress.step("正在检查U盘…", 0, STEPS)
    problem = write_problem(folder)
    if problem:
        raise StickError(problem + "。账本没有任何改动。")


def _why(error: Refusal | OSError, folder: Path, batch_no: int) -> str:
    """The write's failure in the collector's words: what happened to the stick, and that the batch is safe."""
    cause, there = error if isinstance(error, OSError) else error.__context__, _is_dir(folder)
    if isinstance(cause, OSError):
        what = describe_write_error(cause, folder)
    elif not there:
        what = describe_write_error(FileNotFoundError(2, "No such file or directory"), folder)
    else:
        detail = error.message.split("；")[0] if isinstance(error, Refusal) else str(error)
        what = f"写入后读回核对不符（{detail}）：U盘可能有坏块，请换一个U盘"
    again = f"点“重新写出第{batch_no}批”即可（内容与原来一字不差）"
    if there:
        return f"{what}。\n第{batch_no}批已记入账本，U盘上没有留下不完整的文件；插好或换一个U盘后，{again}。"
    return (
        f"{what}。\n第{batch_no}批已记入账本；U盘上可能只写了一半，重新插好U盘（或换一个）后，{again}，这一批就完整了。"
    )


def _is_dir(folder: Path) -> bool:
    try:
        return folder.is_dir()
    except OSError:
        return False


def _clear_half_written(folder: Path, workbook_name: str, workbook_sha256: str) -> None:
    """No ``.partial`` file, and no workbook of this batch without its manifest."""
    workbook = folder / workbook_name
    manifest = folder / (workbook_name[: -len(".xlsx")] + MANIFEST_SUFFIX)
    for leftover in (folder / f".{workbook.name}.partial", folder / f".{manifest.name}.partial"):
        _remove(leftover)
    try:
        if workbook.is_file() and not manifest.is_file() and sha256_of(workbook.read_bytes()) == workbook_sha256:
            _remove(workbook)
    except OSError:
        pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
