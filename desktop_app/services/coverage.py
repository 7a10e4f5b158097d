"""Who is covered for a benefit year, through any channel, and who is left to visit.

The collector marks a person by hand (paid online, 职工医保, a soldier, refused with the
reason said) or brings in the county's list of people already paid; the township's
figures count both beside the receipts of this village. Marks are appended, never
changed, each with its audit entry; a county list is taken whole in one transaction or
not at all, and the same list twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.coverage import (
    CHANNELS,
    EXCLUSIONS,
    PAID_ELSEWHERE,
    REFUSED,
    STATUSES,
    Coverage,
    CoverageFigures,
    GroupFigures,
    RowProblem,
    channel_code,
    status_code,
)
from desktop_app.domain.money import Fen, format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.domain.register import identities_on
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.settings import target_of
from desktop_app.store import coverage as store
from desktop_app.store import identities as identity_store
from desktop_app.store import register as register_store
from desktop_app.store.coverage import Duplicate, Mark
from desktop_app.store.transactions import immediate

__all__ = [
    "CHANNELS",
    "EXCLUSIONS",
    "STATUSES",
    "Coverage",
    "CoverageFigures",
    "Duplicate",
    "RowProblem",
    "UncoveredPerson",
    "blocking_mark",
    "clear",
    "coverage_figures",
    "coverage_of",
    "coverages_of",
    "describe_duplicate",
    "duplicate_payments",
    "mark",
    "uncovered_people",
]

UNGROUPED = "（未分组）"


@dataclass(frozen=True)
class UncoveredPerson:
    person_id: int
    id_number: str | None
    name: str
    household_no: str
    village_group: str
    relation: str
    phone: str
    identities: tuple[str, ...]  # the codes held on the day
    mark: Coverage | None  # refused (with the reason said), or None

    @property
    def reason(self) -> str:
        """未参保原因 as the collector wrote it."""
        return self.mark.note if self.mark else ""


# --- by hand -------------------------------------------------------------------------------


def mark(
    ledger: Ledger,
    acting: Acting,
    person_id: int,
    status: str,
    *,
    note: str = "",
    on: date | None = None,
    channel: str | None = None,
    amount: Fen | None = None,
    reference: str = "",
) -> Coverage:
    """Set a person's status for the acting year. ``on`` is the payment day for ``paid_elsewhere``,
    else the day the status holds from (today by default). The same mark again writes nothing.
    Returns the current mark."""
    code = status_code(status)
    if code is None:
        choices = "、".join(f"{c}（{label}）" for c, label in STATUSES.items())
        raise LedgerError(f"参保状态“{status}”不对，应为 {choices}", "status")
    note, reference = note.strip(), reference.strip()
    today = ledger.now().date()
    found_channel = _checked(code, note, on, channel, amount, reference, today)
    paid_on = on if code == PAID_ELSEWHERE else None
    set_on = today if code == PAID_ELSEWHERE else (on or today)
    year = acting.benefit_year
    with immediate(ledger.db):
        person = register_store.person(ledger.db, person_id)
        if person is None:
            raise LedgerError(f"没有编号为 {person_id} 的人员", "person")
        current = store.current(ledger.db, person_id, year)
        wanted = (code, found_channel, paid_on, amount, reference, note, "")
        if (
            current is not None
            and (
                current.status,
                current.channel,
                current.paid_on,
                current.amount,
                current.reference,
                current.note,
                current.source,
            )
            == wanted
            and (on is None or current.set_on == set_on)
        ):
            return current
        store.add_marks(
            ledger.db,
            [
                Mark(
                    person_id,
                    year,
                    "set",
                    code,
                    found_channel,
                    _iso(paid_on),
                    amount,
                    reference,
                    note,
                    set_on.isoformat(),
                    "",
                    "",
                    acting.operator.id,
                    ledger.stamp(),
                )
            ],
        )
        ledger.audit(
            acting,
            "coverage.mark",
            {
                "person": person.id_number or person.name,
                "person_id": person_id,
                "status": code,
                "channel": found_channel,
                "paid_on": _iso(paid_on),
                "amount": amount,
                "reference": reference,
                "note": note,
                "set_on": set_on.isoformat(),
                "replaces": current.status if current is not None else None,
            },
        )
        marked = store.current(ledger.db, person_id, year)
    assert marked is not None
    return marked


def _checked(
    code: str, note: str, on: date | None, channel: str | None, amount: Fen | None, reference: str, today: date
) -> str | None:
    """Refuse what does not fit the status; the channel's code for a payment elsewhere."""
    if on is not None and on > today:
        raise LedgerError(f"日期 {on.isoformat()} 晚于今天（{today.isoformat()}）", "on")
    if amount is not None and amount < 0:
        raise LedgerError("缴费金额不能为负数", "amount")
    if code == REFUSED and not note:
        raise LedgerError("拒绝参保须写明原因（村民怎么说的）", "note")
    if code != PAID_ELSEWHERE:
        for value, what, field in (
            (channel, "缴费渠道", "channel"),
            (amount, "缴费金额", "amount"),
            (reference or None, "缴费凭证", "reference"),
        ):
            if value is not None and str(value).strip():
                raise LedgerError(f"只有“其他渠道已缴费”才填写{what}；“{STATUSES[code]}”不填", field)
        return None
    if not channel or not channel.strip():
        raise LedgerError(f"其他渠道已缴费须写明缴费渠道（{'、'.join(CHANNELS.values())}）", "channel")
    found = channel_code(channel)
    if found is None:
        raise LedgerError(f"缴费渠道“{channel}”不对，应为 {'、'.join(CHANNELS.values())}", "channel")
    return found


def clear(ledger: Ledger, acting: Acting, person_id: int) -> Coverage:
    """Take back a person's status for the acting year (a new row; the old one stays). Returns what was cleared."""
    year = acting.benefit_year
    with immediate(ledger.db):
        person = register_store.person(ledger.db, person_id)
        if person is None:
            raise LedgerError(f"没有编号为 {person_id} 的人员", "person")
        current = store.current(ledger.db, person_id, year)
        if current is None:
            raise LedgerError(f"{person.name}在{year}年度没有参保状态标记，无需清除", "status")
        today = ledger.now().date().isoformat()
        store.add_marks(
            ledger.db,
            [
                Mark(
                    person_id,
                    year,
                    "clear",
                    None,
                    None,
                    None,
                    None,
                    "",
                    "",
                    today,
                    "",
                    "",
                    acting.operator.id,
                    ledger.stamp(),
                )
            ],
        )
        ledger.audit(
            acting,
            "coverage.clear",
            {
                "person": person.id_number or person.name,
                "person_id": person_id,
                "status": current.status,
                "source": current.source,
            },
        )
    return current


def coverage_of(ledger: Ledger, person_id: int, year: int | None = None) -> Coverage | None:
    return store.current(ledger.db, person_id, ledger.year(year).year)


def coverages_of(ledger: Ledger, person_ids: list[int], year: int | None = None) -> dict[int, Coverage]:
    return store.current_of(ledger.db, person_ids, ledger.year(year).year)


def blocking_mark(ledger: Ledger, person_id: int, year: int) -> Coverage | None:
    """The mark that forbids taking cash from this person for the year: paid elsewhere, or excluded.
    A refusal does not block (the villager may change their mind)."""
    current = store.current(ledger.db, person_id, year)
    return current if current is not None and current.status != REFUSED else None


# --- what the township counts --------------------------------------------------------------


def coverage_figures(ledger: Ledger, year: int | None = None, *, on: date | None = None) -> CoverageFigures:
    """The year's figures; identity groups by the identities held ``on`` the day (today by default)."""
    chosen = ledger.year(year).year
    day = on or ledger.now().date()
    excluded = dict.fromkeys(EXCLUSIONS, 0)
    here = elsewhere = refused = registered = 0
    configured = ledger.settings.village_groups
    by_group: dict[str, list[int]] = {g: [0, 0] for g in configured}  # every group, 0/0 before anyone is in it
    for group, status, n, paid in store.class_counts(ledger.db, chosen):
        rest = n - paid  # paid here counts before any mark
        registered += n
        here += paid
        row = by_group.setdefault(group or UNGROUPED, [0, 0])
        row[0] += n
        row[1] += paid
        if status in EXCLUSIONS:
            excluded[status] += rest
            row[0] -= rest
        elif status == PAID_ELSEWHERE:
            elsewhere += rest
            row[1] += rest
        elif status == REFUSED:
            refused += rest
    groups = _identity_groups(ledger, chosen, day)
    to_cover = registered - sum(excluded.values())
    target = target_of(ledger, chosen)
    order = {g: i for i, g in enumerate(configured)}
    ordered = sorted(by_group, key=lambda g: (order.get(g, len(order)), g))
    village_groups = {g: GroupFigures(*by_group[g]) for g in ordered}
    return CoverageFigures(
        chosen,
        registered,
        excluded,
        here,
        elsewhere,
        percent(here + elsewhere, to_cover),
        f"{target:.2f}" if target is not None else None,
        groups,
        village_groups,
        refused,
    )


def _identity_groups(ledger: Ledger, year: int, day: date) -> dict[str, GroupFigures]:
    counts = {
        code: GroupFigures(n, covered)
        for code, n, covered in store.identity_counts(ledger.db, year, day, tuple(EXCLUSIONS))
    }
    rank = {c: i for i, c in enumerate(IDENTITIES)}
    return {c: counts[c] for c in sorted(counts, key=lambda c: (rank.get(c, len(rank)), c))}


def percent(part: int, whole: int) -> str | None:
    """'97.50': two decimals, cut rather than rounded, so 100.00 means everyone."""
    if whole <= 0:
        return None
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_DOWN))


def duplicate_payments(ledger: Ledger, year: int | None = None) -> list[Duplicate]:
    """重复缴费: paid here (a live receipt) and paid elsewhere by a list or by hand — the collector starts a refund."""
    return store.duplicates(ledger.db, ledger.year(year).year)


def uncovered_people(ledger: Ledger, year: int | None = None, *, on: date | None = None) -> list[UncoveredPerson]:
    """The people the collector must still visit: active, not covered, not excluded (a refusal stays on the list)."""
    chosen = ledger.year(year).year
    day = on or ledger.now().date()
    rows = store.uncovered(ledger.db, chosen)
    ids = [r.person_id for r in rows]
    held = identity_store.of_people(ledger.db, ids)
    marks = store.current_of(ledger.db, ids, chosen)
    return [
        UncoveredPerson(
            r.person_id,
            r.id_number,
            r.name,
            r.household_no,
            r.village_group,
            r.relation,
            r.phone,
            identities_on(held.get(r.person_id, []), day),
            marks.get(r.person_id),
        )
        for r in rows
    ]


def describe_duplicate(d: Duplicate) -> str:
    """One Chinese line for the 重复缴费 list: both payments, side by side."""
    there = "，".join(
        x
        for x in (
            f"{CHANNELS.get(d.channel or '', '其他渠道')}缴费",
            d.paid_on.isoformat() if d.paid_on else "",
            f"{format_yuan(d.amount)}元" if d.amount is not None else "",
            f"凭证 {d.reference}" if d.reference else "",
            f"来源：{d.source}" if d.source else "手工登记",
        )
        if x
    )
    return (
        f"{d.name}（{d.id_number or '无证件'}）：本村收据 {d.receipt_no}（{d.receipt_paid_on.isoformat()}，"
        f"{format_yuan(d.due)}元）；又{there}"
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
