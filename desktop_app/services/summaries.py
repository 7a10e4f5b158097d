"""The figures behind the progress chart, the status bar and the lists: plain data, no Qt.

Who counts is ``services.coverage``'s rule (issue 12): the people to cover are the active
ones less those excluded (职工医保, 外地参保, 现役军人 …), covered is paid here (a live
line) or through another channel; the unpaid list is whoever is left, a refusal
included. The benefit year is the one asked for, the latest open one by default.

The 困难群众 groups must each reach their own target — 100 % where the policy names none
(山头镇 八(三): 应保尽保, 动态清零): the policy's ``participation_targets``, else the
groups of DESIGN.md a notice means by 困难群众.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain.codes import IDENTITIES, covering
from desktop_app.domain.coverage import EXCLUSIONS, CoverageFigures
from desktop_app.domain.money import Fen
from desktop_app.services.coverage import UncoveredPerson, coverage_figures, uncovered_people
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import quote_people
from desktop_app.services.policies import PolicyFileError, UnknownPolicyError
from desktop_app.store import figures
from desktop_app.store import payments as payment_store
from desktop_app.store import register as register_store

ORDINARY = "普通居民"
UNGROUPED = "（未分组）"
FULL = Decimal(100)
QUOTE_BATCH = 2000  # people per quote: whole households, as many as fit

# 困难群众 when the policy names no groups of its own: the groups the notices subsidise in full
# or in part and want insured to the last person (DESIGN.md's codes, in its order).
HARDSHIP_CODES: tuple[str, ...] = (
    "extreme_poverty",
    "orphan",
    "unsupported_child",
    "subsistence_allowance",
    "returned_to_poverty",
    "monitored",
    "low_income_margin",
)


def group_of(identities: tuple[str, ...]) -> str:
    """One group per person for the day sheet's totals: the first identity in the DESIGN order."""
    for code in IDENTITIES:
        if code in identities:
            return IDENTITIES[code]
    return ORDINARY


@dataclass(frozen=True)
class Participation:
    """One row of the progress figures: ``active`` are the people to cover (registered less excluded),
    ``paid`` those covered, here or elsewhere; ``target`` the row's own (困难群众), None for the village's."""

    group: str
    active: int
    paid: int
    target: Decimal | None = None

    @property
    def rate(self) -> Decimal:
        return (
            Decimal(0)
            if not self.active
            else (Decimal(self.paid) * 100 / Decimal(self.active)).quantize(Decimal("0.1"))
        )


@dataclass(frozen=True)
class HardshipGroup:
    """A group that must reach its own target: its name, the identity codes it takes, the percent."""

    name: str
    identities: tuple[str, ...]
    percent: Decimal


def participation_of(f: CoverageFigures) -> tuple[Participation, list[Participation]]:
    """The village and its groups as rows (a group nobody is to cover is left out)."""
    groups = [
        Participation(name, g.to_cover, g.covered) for name, g in f.village_groups.items() if g.to_cover or g.covered
    ]
    return Participation("全村", f.to_cover, f.covered), groups


def participation(ledger: Ledger, year: int | None = None) -> tuple[Participation, list[Participation]]:
    """Overall and per village group: the people to cover and those covered in the benefit year."""
    return participation_of(coverage_figures(ledger, year))


def hardship_groups(ledger: Ledger, year: int | None = None) -> tuple[HardshipGroup, ...]:
    """The policy's groups with targets of their own, else each of DESIGN.md's 困难群众 groups at 100 %."""
    policy = ledger.policy_of(year).policy
    if policy.participation_targets:
        return tuple(HardshipGroup(t.name, tuple(t.identities), t.percent) for t in policy.participation_targets)
    labels = policy.identity_labels()
    return tuple(HardshipGroup(labels.get(code, IDENTITIES.get(code, code)), (code,), FULL) for code in HARDSHIP_CODES)


def hardship_codes(ledger: Ledger, year: int | None = None) -> frozenset[str]:
    """Every identity code that makes someone one of the 困难群众 (a kind of 监测对象 when the group is 监测对象)."""
    kinds = ledger.policy_of(year).policy.identity_kinds()
    wanted = {code for g in hardship_groups(ledger, year) for code in g.identities}
    return frozenset(k.code for k in kinds if covering((k.code,), kinds) & wanted)


def hardship_participation(ledger: Ledger, year: int | None = None, *, on: date | None = None) -> list[Participation]:
    """Each 困难群众 group somebody is in: its people to cover (holding one of its identities on the day,
    a wider group such as 监测对象 taking its kinds) and those covered, each person once."""
    chosen = ledger.year(year).year
    day = on or ledger.now().date()
    groups = hardship_groups(ledger, chosen)
    kinds = ledger.policy_of(chosen).policy.identity_kinds()
    codes = [k.code for k in kinds]
    members = [
        (str(n), code) for n, g in enumerate(groups) for code in codes if covering((code,), kinds) & set(g.identities)
    ]
    counts = figures.group_counts(ledger.db, chosen, day, tuple(EXCLUSIONS), members)
    return [Participation(g.name, *counts[str(n)], target=g.percent) for n, g in enumerate(groups) if str(n) in counts]


def previous_year(ledger: Ledger, year: int) -> int | None:
    """The year before, when the ledger has it open and its policy file is still here (its figures stand
    beside this year's; without the file its 困难群众 groups and target cannot be told)."""
    if not any(y.year == year - 1 for y in ledger.years()):
        return None
    try:
        ledger.policy_of(year - 1)
    except (UnknownPolicyError, PolicyFileError):
        return None
    return year - 1


def today_totals(ledger: Ledger, day: date, operator_id: int | None = None) -> tuple[int, Fen]:
    """Receipts issued on the day that still stand and the cash they took (one collector's, or everyone's)."""
    return payment_store.issued_on(ledger.db, day, operator_id)


def unpaid_people(ledger: Ledger, year: int | None = None) -> list[UncoveredPerson]:
    """The people still to visit in the benefit year (``services.coverage.uncovered_people``): by village
    group, 户号 and the order they were entered; someone who refused stays, with the reason said."""
    return uncovered_people(ledger, year)


@dataclass(frozen=True)
class UnpaidDue:
    """Someone still to visit and what the quote says they would pay today; ``due`` is None when the village
    does not collect from them (``note`` says why: 由学校组织参保, 不能参保缴费 …)."""

    person: UncoveredPerson
    due: Fen | None
    note: str = ""


def unpaid_dues(ledger: Ledger, year: int | None = None, *, on: date | None = None) -> list[UnpaidDue]:
    """``unpaid_people`` with what each would owe on the day (today by default), quoted household by household
    as the payment dialog would: whole households together, a few thousand people a quote."""
    chosen = ledger.year(year).year
    day = on or ledger.now().date()
    left = unpaid_people(ledger, chosen)
    people = register_store.people_by_ids(ledger.db, [u.person_id for u in left])
    households: dict[int, list[int]] = {}
    for u in left:
        households.setdefault(people[u.person_id].household_id, []).append(u.person_id)
    quotes = {}
    batch: list[int] = []
    for ids in [*households.values(), []]:
        if batch and (not ids or len(batch) + len(ids) > QUOTE_BATCH):
            for pid, q in zip(batch, quote_people(ledger, [people[i] for i in batch], day, year=chosen)):
                quotes[pid] = q
            batch = []
        batch += ids
    out = []
    for u in left:
        q = quotes[u.person_id]
        if q.eligible and not q.excluded:
            out.append(UnpaidDue(u, q.due, "免缴" if q.exempt else ""))
        else:
            out.append(UnpaidDue(u, None, q.reason or "不在本村缴费"))
    return out
