"""What the township's desk window shows, as plain tables and sentences (no Qt).

The window hands a ``DeskStatus`` (services.desk_status) and the village chosen in its
filter to these functions and puts what comes back on screen; the tests read the same
tables without a window. A cell may be marked bad (red: a missing batch, a clash, a
total that does not add up) or good (green), and may carry a tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.domain.desk import Arrival, DeskStatus, ReceivedBatch, ranges
from desktop_app.domain.money import format_yuan
from desktop_app.services.township_desk import MergeReport, describe

ALL_VILLAGES = "全部村"
BAD, GOOD = "bad", "good"


@dataclass(frozen=True)
class Cell:
    text: str
    tone: str = ""  # BAD | GOOD | ""
    tip: str = ""


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: frozenset[int] = field(default_factory=frozenset)  # right-aligned columns
    empty: str = ""  # what the table says when it has no rows

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


def _day(stamp: str) -> str:
    return stamp.replace("T", " ")[:16] or "—"


def yuan(fen: int) -> str:
    """18220.00 as the window shows money: 18,220.00."""
    whole, cents = format_yuan(abs(fen)).split(".")
    return f"{'-' if fen < 0 else ''}{int(whole):,}.{cents}"


def progress_table(status: DeskStatus, village: str | None = None) -> Table:
    """One row per village collector: batches, what is missing, people and cash, the newest batch."""
    rows = []
    for c in status.collectors:
        if village and c.village != village:
            continue
        missing = (
            Cell(
                f"缺第 {ranges(c.missing)} 批",
                BAD,
                "编号在已收的最大批次之前却没有收到（或没有通过校验）的批次；请该收款员补导后送来",
            )
            if c.missing
            else Cell("—")
        )
        if not c.batches:
            checked = Cell("无有效批次", BAD, "收到的文件都没有通过校验，见“问题与不平衡”和“已收批次”")
        elif c.reconciled:
            checked = Cell("相符", GOOD)
        else:
            checked = Cell("不符", BAD, f"明细净额 {yuan(c.cash)} 元，各批清单合计 {yuan(c.manifest_cash)} 元")
        problems = (
            Cell(f"{c.problems} 项", BAD, "见“问题与不平衡”（Alt+3）和“重复参保”（Alt+2）") if c.problems else Cell("—")
        )
        rows.append(
            (
                Cell(c.village),
                Cell(c.collector),
                Cell(ranges(c.batches) or "—"),
                missing,
                Cell(str(c.people)),
                Cell(yuan(c.cash)),
                Cell(_day(c.last_batch_at)),
                checked,
                problems,
            )
        )
    return Table(
        ("村", "收款员", "已收批次", "缺少批次", "缴费人数", "实收金额（元）", "最后一批导出", "核对", "问题"),
        tuple(rows),
        frozenset({4, 5}),
        "还没有收到任何批次：按 Ctrl+O 添加U盘或文件夹里的批次",
    )


def duplicates_table(status: DeskStatus, village: str | None = None) -> Table:
    """Each person paid for twice, one row per receipt that stands, so both receipts are side by side."""
    rows = []
    for d in status.duplicates:
        if village and village not in d.villages:
            continue
        where = "同村重复" if d.same_village else "跨村重复：" + "、".join(d.villages)
        for p in d.paid:
            rows.append(
                (
                    Cell(d.name, tip=where),
                    Cell(d.id_number, tip=where),
                    Cell(p.village),
                    Cell(p.collector),
                    Cell(str(p.batch_no)),
                    Cell(p.receipt_no),
                    Cell(p.paid_on),
                )
            )
    return Table(
        ("姓名", "证件号码", "缴费村", "收款员", "批次", "收据号", "缴费日期"),
        tuple(rows),
        frozenset({4}),
        "没有发现重复参保",
    )


def findings_table(status: DeskStatus, village: str | None = None) -> Table:
    rows = tuple(
        (Cell(f.kind, BAD), Cell(f.village), Cell(f.collector), Cell(f.detail, tip=f.detail))
        for f in status.findings
        if not village or f.village == village
    )
    return Table(("类别", "村", "收款员", "说明"), rows, frozenset(), "没有待核对的问题：批次连续，金额相符")


def _state(batch: ReceivedBatch) -> Cell:
    return Cell(batch.state_label, GOOD if batch.ok else BAD, describe(batch))


def batches_table(status: DeskStatus, village: str | None = None) -> Table:
    rows = []
    for b in status.batches:
        if village and b.village != village:
            continue
        said = b.problems[0] if b.problems else (b.notes[0] if b.notes else "")
        rows.append(
            (
                Cell(b.village),
                Cell(b.collector),
                Cell(str(b.batch_no)),
                Cell(str(b.rows)),
                Cell(yuan(b.net_cash)),
                Cell(_day(b.created_at)),
                Cell(_day(b.received_at)),
                _state(b),
                Cell(said, BAD if b.problems else "", describe(b)),
            )
        )
    return Table(
        ("村", "收款员", "批次", "行数", "净额（元）", "导出时间", "收到时间", "校验", "说明"),
        tuple(rows),
        frozenset({2, 3, 4}),
        "还没有收到任何批次",
    )


def tab_titles(status: DeskStatus, village: str | None = None) -> tuple[str, str, str, str]:
    duplicates = sum(1 for d in status.duplicates if not village or village in d.villages)
    findings = sum(1 for f in status.findings if not village or f.village == village)
    batches = sum(1 for b in status.batches if not village or b.village == village)
    return (
        "各村进度 (&1)",
        f"重复参保 {duplicates} 人 (&2)",
        f"问题与不平衡 {findings} 项 (&3)",
        f"已收批次 {batches} 个 (&4)",
    )


def summary_line(status: DeskStatus) -> str:
    if not status.batches:
        return f"{status.township}：还没有收到任何批次"
    parts = [
        f"{status.township}：已收 {len(status.verified)} 批（{len(status.villages)} 村 {sum(1 for c in status.collectors if c.batches)} "
        f"名收款员）",
        f"缴费 {status.people:,} 人",
        f"实收 {yuan(status.cash)} 元",
    ]
    if status.missing:
        parts.append(f"缺 {status.missing} 批")
    if status.duplicates:
        parts.append(f"重复参保 {len(status.duplicates)} 人")
    if status.findings:
        parts.append(f"待核对 {len(status.findings)} 项")
    return " · ".join(parts)


def needs_attention(status: DeskStatus) -> bool:
    return bool(status.missing or status.duplicates or status.findings)


def arrival_message(arrival: Arrival) -> tuple[str, bool]:
    """What one 添加批次 did, in sentences; True when something needs the clerk's attention."""
    lines = [arrival.summary() + "。"]
    for b in arrival.failed:
        lines.append(f"✗ {b.label}（{b.workbook_name}）校验未通过：{'；'.join(b.problems[:2])}")
    for b in arrival.conflicts:
        lines.append(f"✗ {b.label}（{b.workbook_name}）：{b.problems[0]}")
    lines += [f"· 跳过 {s}" for s in arrival.skipped[:5]]
    if len(arrival.skipped) > 5:
        lines.append(f"· 另有 {len(arrival.skipped) - 5} 个文件跳过")
    if not (arrival.added or arrival.failed or arrival.conflicts or arrival.already or arrival.cancelled):
        lines[0] = "这里没有找到上报批次（每批是一个 .xlsx 工作簿和旁边的 .manifest.json 清单）。"
    return "\n".join(lines), bool(arrival.failed or arrival.conflicts or arrival.skipped)


def export_message(report: MergeReport) -> str:
    text = f"县汇总已导出：{report.workbook}\n共 {len(report.batches)} 批 {report.rows} 行；报告 {report.report}"
    if not report.ok:
        text += (
            f"\n其中有待核对的问题：重复参保 {len(report.duplicates)} 人，缺批 {len(report.missing_batches)} 处，"
            f"收据号断号 {len(report.gaps)} 处，不平衡 {len(report.unreconciled)} 项（见工作簿的“问题”表）"
        )
    return text


def villages_of(status: DeskStatus) -> list[str]:
    """The villages for the filter: those with verified batches, then those with only failed ones."""
    named = list(status.villages)
    named += [v for v in dict.fromkeys(b.village for b in status.batches) if v not in named]
    return named
