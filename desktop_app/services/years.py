"""One ledger across benefit years: opening the next year, listing them, and each person's history.

Opening a year changes what everyone is charged from then on (the new year's policy),
so it is refused unless the policy is usable and made for that year. Households,
people and identities are not per year: they carry over as they are, identities with
their validity dates. Payments and coverage marks belong to their year and stay as
history; receipts are numbered per collector and year, so each year starts at 000001.

Years are opened in order: the year after the latest open one, or a later one only
when the caller says so (``skip_gap``: a village that did not collect with the app for
a year). A skipped year is unknown to the history below, never counted as uncovered.

History (国办发〔2024〕38号: the wait grows with the years uncovered). For a person and
benefit year Y, ``uncovered_years`` counts the consecutive years right before Y the
ledger KNOWS were without coverage. Walking back from Y−1, a year is

- covered: a live receipt of this village or paid elsewhere (the ``covered`` view), or a
  mark that is coverage in the national sense — 职工医保, 外地参保, 现役军人, 由学校组织参保
  (the national rule counts years without resident or employee insurance; these are
  insured). The run stops there.
- uncovered: the year was open in the ledger, the person was known to it that year
  (in the register before the year's benefit start, or marked refused, or entered by
  the collector for that year) and is neither covered nor excluded. It counts.
- unknown: the year was not open, the person came later, or a mark says 服刑, 迁出 or
  死亡. The run stops there: the ledger never claims a year it cannot show. Nothing
  known at all (the year right before is unknown) gives ``None``.

When the run reaches an uncovered year for which the collector entered figures, those
figures (the years before it) are added and the walk stops. The collector's latest
entry for Y itself wins over the computed figures. The ledger records no back payment
(补缴) of its own: computed ``back_paid_years`` is 0, or what a reached entry says.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from desktop_app.domain.coverage import REFUSED, STATUSES
from desktop_app.domain.history import (
    COVERED,
    COVERED_BY_EXCLUSION,
    ENTERED,
    LEDGER,
    UNCOVERED,
    UNKNOWN,
    HistoryEntry,
    PersonHistory,
    YearState,
    YearSummary,
)
from desktop_app.domain.operators import Acting, BenefitYear
from desktop_app.domain.register import Person
from desktop_app.policy.model import Policy
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.policies import PolicyFileError, UnknownPolicyError
from desktop_app.store import history as store
from desktop_app.store import register as register_store
from desktop_app.store import years as years_store
from desktop_app.store.transactions import immediate

__all__ = [
    "HistoryEntry",
    "PersonHistory",
    "YearSummary",
    "clear_history",
    "history_entries",
    "history_for",
    "list_years",
    "open_year",
    "set_history",
]

_HOW = {"here": "本村收款", "elsewhere": "其他渠道已缴费"}


# --- opening a year ------------------------------------------------------------------------


def open_year(
    ledger: Ledger, acting: Acting, year: int, policy_id: str, area: str | None = None, *, skip_gap: bool = False
) -> BenefitYear:
    """Open a benefit year under its policy; ``area`` defaults to the latest year's when the policy knows it."""
    if not acting.operator.active:
        raise LedgerError(f"收款员“{acting.name}”已停用，不能开启新年度", "operator")
    policy = _usable_policy(ledger, policy_id.strip(), year)
    with immediate(ledger.db):
        known = ledger.years()
        existing = next((y for y in known if y.year == year), None)
        if existing is not None:
            raise LedgerError(
                f"{year}年度已经开启（政策 {existing.policy_id}，{existing.opened_on.isoformat()} 开启）", "year"
            )
        latest = known[-1] if known else None
        if latest is not None:
            _check_order(ledger, year, latest.year, skip_gap)
        chosen_area = _area(policy, area, latest)
        opened = BenefitYear(year, policy.id, chosen_area, ledger.now().date())
        years_store.add(ledger.db, opened, acting.name, ledger.stamp())
        ledger.audit(
            Acting(acting.operator, opened),
            "year.open",
            {
                "year": year,
                "policy": policy.id,
                "policy_sha256": ledger.catalogue.load(policy.id).sha256,
                "area": chosen_area,
                "after": latest.year if latest else None,
                "skipped": list(range(latest.year + 1, year)) if latest else [],
            },
        )
    return opened


def _usable_policy(ledger: Ledger, policy_id: str, year: int) -> Policy:
    if not policy_id:
        raise LedgerError("请指定新年度的政策编号（zhengjiao policies list）", "policy")
    try:
        policy = ledger.catalogue.load(policy_id).policy
    except (UnknownPolicyError, PolicyFileError) as e:
        raise LedgerError(str(e), "policy") from None
    if policy.benefit_year != year:
        raise LedgerError(
            f"政策“{policy_id}”（{policy.name}）是{policy.benefit_year}年度的，不能用于{year}年度", "policy"
        )
    return policy


def _check_order(ledger: Ledger, year: int, latest: int, skip_gap: bool) -> None:
    if year < latest:
        raise LedgerError(f"{year}年度早于已开启的{latest}年度；以前的年度不能再开启", "year")
    if year > latest + 1 and not skip_gap:
        raise LedgerError(
            f"{latest + 1}年度还没有开启；确实要跳过"
            f"{'、'.join(str(y) for y in range(latest + 1, year))}年度直接开启{year}年度，请加 --skip-gap"
            "（跳过的年度没有记录，不计入断保年数）",
            "year",
        )
    today = ledger.now().date()
    if year > today.year + 1:
        raise LedgerError(f"今天是{today.isoformat()}，还不能开启{year}年度（最早在{year - 1}年的征缴期开启）", "year")


def _area(policy: Policy, area: str | None, latest: BenefitYear | None) -> str | None:
    code = (area or "").strip() or None
    if code is None and latest is not None and latest.area and policy.area(latest.area) is not None:
        code = latest.area  # the village has not moved: the same area under the new policy
    if code is not None and policy.area(code) is None:
        known = "、".join(f"{a.code}（{a.name}）" for a in policy.areas) or "（本政策不分地区）"
        raise LedgerError(f"地区“{code}”不在{policy.jurisdiction}，可用：{known}", "area")
    if code is None and policy.area_required:
        known = "、".join(f"{a.code}（{a.name}）" for a in policy.areas)
        raise LedgerError(f"政策“{policy.id}”分地区收费，请用 --area 指定地区：{known}", "area")
    return code


def list_years(ledger: Ledger) -> list[YearSummary]:
    """Every open year with its policy, who opened it, and its counts (``zhengjiao --json years``)."""
    by = store.opened_by(ledger.db)
    counts = store.year_counts(ledger.db)
    out = []
    for y in ledger.years():
        name = area_name = None
        try:
            policy = ledger.policy_of(y).policy
        except (UnknownPolicyError, PolicyFileError):
            pass
        else:
            name = policy.name
            found = policy.area(y.area) if y.area else None
            area_name = found.name if found else None
        payments, covered = counts.get(y.year, (0, 0))
        out.append(
            YearSummary(
                y.year, y.policy_id, name, y.area, area_name, y.opened_on, by.get(y.year, ""), payments, covered
            )
        )
    return out


# --- history -------------------------------------------------------------------------------


def history_for(ledger: Ledger, person_ids: Iterable[int], year: int | None = None) -> dict[int, PersonHistory]:
    """Each person's uncovered and back-paid years before the benefit year (the latest open one by default)."""
    target = ledger.year(year).year
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return {}
    starts = {y.year: _benefit_start(ledger, y) for y in ledger.years() if y.year < target}
    walk = _Walk(
        target,
        starts,
        store.registered_on(ledger.db, ids),
        store.covered_before(ledger.db, ids, target),
        store.marks_before(ledger.db, ids, target),
        store.latest_entries(ledger.db, ids, target),
    )
    return {pid: walk.history(pid) for pid in ids}


def _benefit_start(ledger: Ledger, year: BenefitYear) -> date:
    try:
        return ledger.policy_of(year).policy.benefit_period.start
    except (UnknownPolicyError, PolicyFileError):
        return date(year.year, 1, 1)  # a resident benefit year is the calendar year


class _Walk:
    """Back from the year before ``target`` through what the ledger knows, one person at a time."""

    def __init__(
        self,
        target: int,
        starts: dict[int, date],
        registered: dict[int, date],
        covered: dict[int, dict[int, str]],
        marks: dict[int, dict[int, str]],
        entries: dict[int, dict[int, HistoryEntry]],
    ) -> None:
        self.target, self.starts, self.registered = target, starts, registered
        self.covered, self.marks, self.entries = covered, marks, entries

    def history(self, pid: int) -> PersonHistory:
        entries = {y: e for y, e in self.entries.get(pid, {}).items() if not e.cleared}
        states: list[YearState] = []
        reached: HistoryEntry | None = None
        year = self.target - 1
        while True:
            state = self.state(pid, year, year in entries)
            states.append(state)
            if state.state != UNCOVERED:
                break
            if year in entries:
                reached = entries[year]
                break
            year -= 1
        run = sum(1 for s in states if s.state == UNCOVERED)
        own = entries.get(self.target)
        if own is not None:
            return PersonHistory(
                pid, self.target, own.uncovered_years, own.back_paid_years, ENTERED, tuple(states), own
            )
        if reached is not None:
            assert reached.uncovered_years is not None
            return PersonHistory(
                pid, self.target, run + reached.uncovered_years, reached.back_paid_years, LEDGER, tuple(states), reached
            )
        if run == 0 and states[-1].state == UNKNOWN:
            return PersonHistory(pid, self.target, None, None, None, tuple(states))
        return PersonHistory(pid, self.target, run, 0, LEDGER, tuple(states))

    def state(self, pid: int, year: int, entered: bool) -> YearState:
        if year not in self.starts:
            return YearState(year, UNKNOWN, f"账本没有{year}年度")
        how = self.covered.get(pid, {}).get(year)
        if how is not None:
            return YearState(year, COVERED, _HOW.get(how, how))
        status = self.marks.get(pid, {}).get(year)
        if status in COVERED_BY_EXCLUSION:
            return YearState(year, COVERED, STATUSES[status])
        if status is not None and status != REFUSED:
            return YearState(year, UNKNOWN, STATUSES.get(status, status))
        registered = self.registered.get(pid)
        known = status == REFUSED or entered or (registered is not None and registered < self.starts[year])
        if not known:
            return YearState(year, UNKNOWN, f"{year}年度待遇期开始后才登记")
        return YearState(year, UNCOVERED, "拒绝参保" if status == REFUSED else "未参保")


def set_history(
    ledger: Ledger,
    acting: Acting,
    person_id: int,
    year: int | None,
    uncovered_years: int,
    back_paid_years: int = 0,
    note: str = "",
) -> PersonHistory:
    """Enter what the ledger cannot know (someone new to the village); the latest entry for the year wins."""
    target = ledger.year(year).year
    note = note.strip()
    for value, what, field in ((uncovered_years, "断保年数", "uncovered"), (back_paid_years, "补缴年数", "back_paid")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise LedgerError(f"{what}应为不小于0的整数", field)
    if back_paid_years > uncovered_years:
        raise LedgerError(f"补缴年数（{back_paid_years}年）不能多于断保年数（{uncovered_years}年）", "back_paid")
    with immediate(ledger.db):
        person = _person(ledger, person_id)
        most = max(target - person.birth_date.year, 0)
        if uncovered_years > most:
            raise LedgerError(
                f"{person.name}生于{person.birth_date.year}年，{target}年度以前最多断保{most}年，"
                f"不会是{uncovered_years}年",
                "uncovered",
            )
        current = _current_entry(ledger, person_id, target)
        if current is not None and (current.uncovered_years, current.back_paid_years, current.note) == (
            uncovered_years,
            back_paid_years,
            note,
        ):
            return history_for(ledger, [person_id], target)[person_id]
        store.add_entry(
            ledger.db, person_id, target, uncovered_years, back_paid_years, note, acting.operator.id, ledger.stamp()
        )
        ledger.audit(
            acting,
            "history.set",
            {
                "person": person.id_number or person.name,
                "person_id": person_id,
                "benefit_year": target,
                "uncovered_years": uncovered_years,
                "back_paid_years": back_paid_years,
                "note": note,
                "replaces": None if current is None else [current.uncovered_years, current.back_paid_years],
            },
        )
        return history_for(ledger, [person_id], target)[person_id]


def clear_history(ledger: Ledger, acting: Acting, person_id: int, year: int | None = None) -> PersonHistory:
    """Take the collector's entry back (a new row): the ledger's own figures count again."""
    target = ledger.year(year).year
    with immediate(ledger.db):
        person = _person(ledger, person_id)
        current = _current_entry(ledger, person_id, target)
        if current is None:
            raise LedgerError(f"{person.name}在{target}年度没有登记过断保年数，无需清除", "history")
        store.add_entry(ledger.db, person_id, target, None, None, "", acting.operator.id, ledger.stamp())
        ledger.audit(
            acting,
            "history.clear",
            {
                "person": person.id_number or person.name,
                "person_id": person_id,
                "benefit_year": target,
                "was": [current.uncovered_years, current.back_paid_years],
            },
        )
        return history_for(ledger, [person_id], target)[person_id]


def history_entries(ledger: Ledger, person_id: int) -> list[HistoryEntry]:
    """Everything entered for a person, oldest first, taken-back entries included."""
    return store.entries_of(ledger.db, person_id)


def _person(ledger: Ledger, person_id: int) -> Person:
    person = register_store.person(ledger.db, person_id)
    if person is None:
        raise LedgerError(f"没有编号为 {person_id} 的人员", "person")
    return person


def _current_entry(ledger: Ledger, person_id: int, year: int) -> HistoryEntry | None:
    found = store.latest_entries(ledger.db, [person_id], year).get(person_id, {}).get(year)
    return None if found is None or found.cleared else found
