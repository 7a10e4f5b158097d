"""The batch's workbook made from its frozen rows, and the refusal of a template that cannot carry them.

A first export and a ``--again`` must give the same bytes from the same frozen rows, so
both render through the one function here; and a template that would lose rows the county
must tell apart (no 状态 column) or name a rider the policy lacks is refused before the
batch is recorded, so a refused export leaves nothing behind.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop_app.domain.batches import FrozenRow
from desktop_app.exchange.batch_fields import RIDER, SIGNS, is_rider
from desktop_app.exchange.batch_figures import Digest, figures_of, summary_rows
from desktop_app.exchange.batch_rows import PendingRecords, UnmappedValue, cells
from desktop_app.exchange.batch_template import FIELD_INDEX, NORMAL, Template
from desktop_app.exchange.batch_workbook import render
from desktop_app.policy.model import Policy
from desktop_app.services.ledger import LedgerError

__all__ = ["refuse_unfit", "workbook_of"]

_STATUS, _CASH = FIELD_INDEX["status"], FIELD_INDEX["cash"]


def workbook_of(
    template: Template, frozen: list[FrozenRow], village: str, batch_no: int, created_at: datetime
) -> tuple[bytes, dict[str, Any], str, int]:
    """The workbook's bytes, its figures, its content digest and its net cash (from the rows as frozen)."""
    try:
        rows = cells(template, frozen, village, batch_no)
    except UnmappedValue as e:
        raise LedgerError(e.message, "template") from None
    figures = figures_of(template, rows)
    digest = Digest()
    for row in rows:
        digest.add(row)
    data = render(template, rows, summary_rows(figures), created_at)
    if template.index("cash") is not None and template.index("status") is not None:
        net = figures.net()[3]
    else:  # the workbook does not say: the net of the rows as frozen
        net = sum(SIGNS.get(row[_STATUS], 0) * int(row[_CASH] or 0) for row in frozen)
    return data, figures.to_json(), digest.hexdigest(), net


def refuse_unfit(template: Template, records: PendingRecords, policies: list[Policy | None]) -> None:
    """A template that cannot carry this batch: no 状态 column for rows other than payments, a rider unknown."""
    name = template.source or template.name
    if template.index("status") is None:
        others = sum(1 for row in records.rows if row[_STATUS] != NORMAL)
        if others:
            raise LedgerError(
                f"导出模板“{name}”没有“状态”列，本批却有 {others} 行作废、退费、重报或退费撤销记录，"
                "县里无法把它们与缴费分开；请用带“状态”列的模板（如 default）导出本批",
                "template",
            )
    known = {n for p in policies if p is not None for r in p.riders for n in (r.name, r.short) if n}
    for column in template.columns:
        label = column.field[len(RIDER) :].strip() if is_rider(column.field) else None
        if label is not None and label not in known:
            raise LedgerError(
                f"导出模板“{name}”的“{column.header}”列（{column.field}）：本年度政策没有名为"
                f"“{label}”的附加险，可用：{'、'.join(sorted(known)) or '（本政策没有附加险）'}",
                "template",
            )
