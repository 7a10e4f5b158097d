"""The 进度通报: the township's desk tells each village where its collection stands. A4, one page
per village.

Each page gives the village's figures from the batches the township received (each
collector's batches, people, cash, the newest batch, batch numbers that never
arrived), the people paid for twice with both receipts (ID numbers masked: the
notice goes to the village), what the desk could not reconcile, and the township's
villages ranked by people paid for, with this village's row shaded.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.desk import CollectorProgress, DeskStatus, ProgressReport, VillageRank, ranges
from desktop_app.reports.html import (
    Cell,
    Column,
    cn_date,
    esc,
    grid,
    heading,
    mask_id,
    page,
    printed,
    ruled,
    signatures,
    spacer,
    yuan,
)
from desktop_app.reports.page import A4, Printout

TITLE = "城乡居民医保征缴进度通报"
NOWRAP = '<span style="white-space: nowrap;">{}</span>'

COLLECTOR_COLUMNS = (
    Column("收款员", 14),
    Column("已收批次", 15),
    Column("缺少批次", 14),
    Column("缴费人数", 11, "right"),
    Column("实收金额（元）", 16, "right"),
    Column("最后一批导出", 18),
    Column("核对", 12, "center"),
)
DUPLICATE_COLUMNS = (
    Column("姓名", 11),
    Column("证件号码", 22),
    Column("缴费村", 13),
    Column("收款员", 11),
    Column("批次", 7, "right"),
    Column("收据号", 22),
    Column("缴费日期", 14),
)
FINDING_COLUMNS = (Column("类别", 15), Column("收款员", 13), Column("说明", 72))
RANK_COLUMNS = (
    Column("名次", 9, "center"),
    Column("村", 24),
    Column("收款员", 11, "right"),
    Column("已收批次", 14, "right"),
    Column("缴费人数", 18, "right"),
    Column("实收金额（元）", 24, "right"),
)


def _nowrap(text: str) -> str:
    return NOWRAP.format(esc(text))


def _numbers(numbers: tuple[int, ...]) -> str:
    return ranges(numbers) or "—"


def _collector_row(c: CollectorProgress) -> list[str]:
    missing = f'<span class="red">{_numbers(c.missing)}</span>' if c.missing else "—"
    checked = "相符" if c.reconciled else '<span class="red">不符</span>'
    return [
        esc(c.collector),
        esc(_numbers(c.batches)),
        missing,
        str(c.people),
        yuan(c.cash),
        _nowrap(c.last_batch_at.replace("T", " ")[:16]),
        checked,
    ]


def _collectors(status: DeskStatus, village: str) -> str:
    own = status.of_village(village)
    total = [
        "合计",
        str(sum(len(c.batches) for c in own)) + " 批",
        str(sum(len(c.missing) for c in own)) + " 批",
        str(sum(c.people for c in own)),
        yuan(sum(c.cash for c in own)),
        "",
        "",
    ]
    return grid(COLLECTOR_COLUMNS, [_collector_row(c) for c in own], total=total if len(own) > 1 else None, padding=5)


def _duplicates(status: DeskStatus, village: str) -> str:
    rows = []
    for d in status.duplicates_of(village):
        for n, p in enumerate(d.paid):
            rows.append(
                [
                    esc(d.name) if n == 0 else "",
                    _nowrap(mask_id(d.id_number)) if n == 0 else "",
                    esc(p.village),
                    esc(p.collector),
                    str(p.batch_no),
                    _nowrap(p.receipt_no),
                    _nowrap(p.paid_on),
                ]
            )
    if not rows:
        return '<p class="muted">未发现本村人员重复参保。</p>'
    return (
        grid(DUPLICATE_COLUMNS, rows, padding=4)
        + '<p class="small muted">同一人有两张以上有效收据：请核实后为多缴的一笔办理退费或作废。</p>'
    )


def _findings(status: DeskStatus, village: str) -> str:
    own = status.findings_of(village)
    if not own:
        return '<p class="muted">本村已收批次均校验通过，批次连续，金额相符。</p>'
    return grid(
        FINDING_COLUMNS,
        [[esc(f.kind), esc(f.collector), f'<span class="small">{esc(f.detail)}</span>'] for f in own],
        padding=4,
    )


def _rank_row(r: VillageRank, village: str) -> list[str]:
    mark = f"{esc(r.village)}（本村）" if r.village == village else esc(r.village)
    return [str(r.rank), mark, str(r.collectors), str(r.batches), str(r.people), yuan(r.cash)]


def _ranking(ranks: tuple[VillageRank, ...], village: str) -> str:
    """Every village by rank; this village's row shaded like a total, so the eye finds it."""
    spec: list[tuple[str, Sequence[Cell]]] = [("head", [Cell(esc(c.label), "center") for c in RANK_COLUMNS])]
    for r in ranks:
        spec.append(
            (
                "total" if r.village == village else "",
                [Cell(v, c.align) for c, v in zip(RANK_COLUMNS, _rank_row(r, village))],
            )
        )
    total = [
        "",
        "全镇合计",
        str(sum(r.collectors for r in ranks)),
        str(sum(r.batches for r in ranks)),
        str(sum(r.people for r in ranks)),
        yuan(sum(r.cash for r in ranks)),
    ]
    spec.append(("", [Cell(v, c.align) for c, v in zip(RANK_COLUMNS, total)]))
    return ruled(spec, widths=[c.width for c in RANK_COLUMNS], head=1, padding=4)


def _village_page(data: ProgressReport, village: str, ranks: tuple[VillageRank, ...], first: bool) -> str:
    status = data.status
    own = status.of_village(village)
    rank = next((r for r in ranks if r.village == village), None)
    subtitle = f"{status.township} · {village} · 截至{cn_date(data.printed_at.date())}"
    people, cash = sum(c.people for c in own), sum(c.cash for c in own)
    place = f"，全镇第 {rank.rank} 名（共 {len(ranks)} 村）" if rank else ""
    parts = [
        heading(TITLE, subtitle),
        spacer(8),
        f'<p class="big">{esc(village)}：乡镇已收到 {len(own)} 名收款员的 {sum(len(c.batches) for c in own)} 批上报，'
        f"缴费 {people} 人，实收 {yuan(cash)} 元{place}。</p>",
        spacer(4),
        '<p class="section">一、各收款员上报情况</p>',
        _collectors(status, village),
        '<p class="small muted">缴费人数、实收金额为净数（正常 − 作废 − 退费）；缺少批次：编号在已收的最大批次之前，'
        "却没有收到或没有通过校验的批次，请收款员重新导出（补导）后送交。</p>",
        spacer(4),
        '<p class="section">二、重复参保（与本村有关）</p>',
        _duplicates(status, village),
        spacer(4),
        '<p class="section">三、待核对事项</p>',
        _findings(status, village),
        spacer(4),
        '<p class="section">四、全镇各村进度</p>',
        _ranking(ranks, village),
        spacer(16),
        signatures(("经办人", "审核人", "日期")),
    ]
    body = "".join(parts)
    return body if first else f'<div style="page-break-before: always;">{body}</div>'


def progress_document(data: ProgressReport) -> Printout:
    """The 进度通报 as A4 pages, one per village asked for."""
    ranks = data.ranking()
    pages = [_village_page(data, v, ranks, n == 0) for n, v in enumerate(data.villages)]
    which = data.villages[0] if len(data.villages) == 1 else "各村"
    return Printout(
        title=f"进度通报 {which} {data.printed_at.date().isoformat()}",
        html=page("".join(pages)),
        page=A4,
        point_size=10.0,
        footer_left=f"{data.status.township} 征缴进度通报",
        footer_right=printed(data.printed_at),
    )
