"""Who is waiting on the county: sent and not yet answered, or sent back and not yet sent again.

The status bar asks this on every refresh, beside what is not yet exported; the 上报
menu lists the households concerned in the main window's list. Kept apart from the
batch and county services so that asking loads no workbook code (openpyxl). Of one
collector and one benefit year, as the status bar's other figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.operators import Acting
from desktop_app.exchange.batch_fields import NORMAL, RESUBMITTED
from desktop_app.services.ledger import Ledger
from desktop_app.store import batch_states
from desktop_app.store import county_results as county_store

ANSWERED = (NORMAL, RESUBMITTED)  # the rows a county answers; 作废 and 退费 rows it only takes note of


@dataclass(frozen=True)
class CountyWait:
    waiting: int  # people sent whom the county has not answered yet
    sent_back: int  # people the county sent back, not yet sent again (corrected or not)

    @property
    def text(self) -> str:
        """The status bar's words; empty when nobody waits."""
        parts = []
        if self.waiting:
            parts.append(f"待县回盘 {self.waiting} 人")
        if self.sent_back:
            parts.append(f"县退回待重报 {self.sent_back} 人")
        return "县核：" + " · ".join(parts) if parts else ""


@dataclass(frozen=True)
class WaitingHousehold:
    household_id: int
    names: tuple[str, ...]
    why: str  # 待县回盘（第2批） / 县退回：reason


_known: dict[tuple[str, int, int], tuple[tuple[int, ...], CountyWait]] = {}


def county_wait(ledger: Ledger, acting: Acting) -> CountyWait:
    """Counted again only when a batch, a county answer, a void or a refund was added since the last time:
    the status bar asks after every payment, and on a 100 000-person ledger counting takes a quarter second."""
    operator_id, year = acting.operator.id, acting.benefit_year
    key, fingerprint = (str(ledger.path), operator_id, year), batch_states.waiting_fingerprint(ledger.db)
    known = _known.get(key)
    if known is not None and known[0] == fingerprint:
        return known[1]
    waiting = batch_states.sent_unanswered(ledger.db, ANSWERED, operator_id, year)
    sent_back = [
        r for r in county_store.rejected(ledger.db, operator_id=operator_id, year=year) if r.resubmitted_in is None
    ]
    found = CountyWait(len({w.person_id for w in waiting}), len({r.line_id for r in sent_back}))
    _known[key] = (fingerprint, found)
    return found


def waiting_households(ledger: Ledger, acting: Acting) -> list[WaitingHousehold]:
    """Households with someone sent back first (they need the collector), then those the county owes an answer."""
    operator_id, year = acting.operator.id, acting.benefit_year
    back: dict[int, tuple[list[str], list[str]]] = {}
    results = [
        r for r in county_store.rejected(ledger.db, operator_id=operator_id, year=year) if r.resubmitted_in is None
    ]
    households = batch_states.households_of_lines(ledger.db, [r.line_id for r in results])
    for r in results:
        names, reasons = back.setdefault(households[r.line_id], ([], []))
        names.append(str(r.sent[0]))
        reasons.append(r.reason)
    out = [
        WaitingHousehold(h, tuple(names), "县退回：" + "；".join(dict.fromkeys(reasons)))
        for h, (names, reasons) in back.items()
    ]
    waiting: dict[int, tuple[list[str], set[int]]] = {}
    for w in batch_states.sent_unanswered(ledger.db, ANSWERED, operator_id, year):
        if w.household_id in back:
            continue
        names, batches = waiting.setdefault(w.household_id, ([], set()))
        names.append(w.name)
        batches.add(w.batch_no)
    out += [
        WaitingHousehold(h, tuple(names), f"待县回盘（第{'、'.join(map(str, sorted(nos)))}批）")
        for h, (names, nos) in waiting.items()
    ]
    return out
