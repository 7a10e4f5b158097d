"""Importing the roster (花名册) into the register, all or nothing (identity lists: ``identity_imports``).

First every row is checked, against the file and against the register; nothing is
written unless every row is good, or the user asked for the good rows only. The
import is one transaction and one audit entry (file name, SHA-256, counts, every
change to someone already registered). Importing the same file again changes
nothing and writes nothing.

Only what decides money or identity refuses a row (``exchange.roster``): the 民族 and
the student flag do when the acting year's policy prices by them (``money_columns``:
达拉特旗 subsidises four 民族, jl-2022 has a student price); otherwise a value the app
does not know there is kept and reported as a warning, like an unknown relation.

A 100 000-row roster is checked column by column (each distinct value read once),
with the same row rules as ``register.normalized``, and written with one
``executemany`` per table (``store.register_bulk``: indexes and CHECK constraints
applied set-wise after the insert, inside the same transaction). While calamine
parses the sheet on another core, this thread loads pypinyin and reads ahead the
names' pinyin. bench/run.py compares it with reading the file and inserting its rows
raw; bench/README.md has the figures and where the time goes.
"""

from __future__ import annotations

import gc
import re
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import partial
from itertools import count, repeat
from operator import getitem, itemgetter
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel

from desktop_app.domain.names import pinyin_keys
from desktop_app.domain.operators import Acting
from desktop_app.domain.register import NO_ID_KIND, Person
from desktop_app.exchange.roster import LENIENT, RosterEntry, RosterRows, read_roster
from desktop_app.exchange.sheets import Busy, Problem, RowWarning, SheetError, workbook_texts
from desktop_app.policy.rules import Condition
from desktop_app.services.identity_imports import NOT_IN_ROSTER, file_identity_column, import_identities
from desktop_app.services.import_report import (
    ImportCounts,
    ImportReport,
    Progress,
    kept_warnings,
    sha256_of,
    step,
)
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.policies import Policy
from desktop_app.store import imports as store
from desktop_app.store.register import update_person
from desktop_app.store.register_bulk import Every, add_households, add_people
from desktop_app.store.transactions import immediate

__all__ = [
    "NOT_IN_ROSTER",
    "ImportCounts",
    "ImportReport",
    "Problem",
    "RowWarning",
    "file_identity_column",
    "import_identities",
    "import_roster",
    "money_columns",
]

_BACKWARDS = slice(None, None, -1)
_NAME_LIKE = re.compile(r"[\u3400-\u9fff·]{2,12}")  # 王伟 … 阿依古丽·买买提; not an address with digits
_UPDATABLE = ("name", "ethnicity", "relation", "phone", "student", "status", "id_number", "id_kind", "sex")


@dataclass
class _Plan:
    problems: list[Problem] = field(default_factory=list)
    new: list[int] = field(default_factory=list)  # positions in the good rows of people to add
    updates: list[tuple[Person, dict[str, Any]]] = field(default_factory=list)  # (registered, changes)
    unchanged: int = 0


def import_roster(
    ledger: Ledger,
    acting: Acting,
    path: Path | str,
    *,
    dry_run: bool = False,
    only_valid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row of a roster file and, unless a row is bad (or ``only_valid``), import it whole,
    as ``acting`` (the audit entry names the collector and the benefit year).

    ``progress(step, 4)`` is called as the file is read, checked, written and done.
    """
    path = Path(path)
    digest = sha256_of(path)
    strict = money_columns(ledger.policy_of(acting.year).policy)
    with _collector_paused():
        try:
            roster = read_roster(path, meanwhile=None if dry_run else partial(_read_ahead, path), strict=strict)
        except SheetError as e:
            raise LedgerError(str(e), "file") from None
        step(progress, 1)
        with store.roomy_cache(ledger.db), immediate(ledger.db):
            good = roster.good
            plan = _plan_roster(ledger, good, roster.labels["id_number"])
            step(progress, 2)
            problems = tuple(sorted([*roster.problems, *plan.problems], key=lambda p: p.row))
            warnings = kept_warnings(roster.warnings, tuple(plan.problems))
            skipped = sorted({p.row for p in problems})
            refused = roster.refused or (bool(problems) and not only_valid)
            new = good if len(plan.new) == len(good) else good.take(plan.new)
            households = _new_households(ledger, new)
            changed = _household_changes(ledger, good, {p.row for p in plan.problems})
            counts = ImportCounts(
                rows=roster.rows,
                added_households=len(households),
                added_people=len(new),
                updated=len(plan.updates),
                updated_households=len(changed),
                unchanged=plan.unchanged,
                skipped=0 if refused else len(skipped),
                ignored=roster.ignored,
            )
            written = not (refused or dry_run) and bool(len(new) or plan.updates or changed)
            if written:
                _write_roster(ledger, new, households, plan.updates, changed)
                step(progress, 3)
                ledger.audit(
                    acting,
                    "import.roster",
                    {
                        "file": path.name,
                        "sha256": digest,
                        "sheet": roster.sheet,
                        "counts": asdict(counts),
                        "skipped_rows": skipped,
                        "updated": [_change_json(was, now) for was, now in plan.updates],
                        "updated_households": changed,
                        "warnings": len(warnings),
                    },
                )
    step(progress, 4)
    return ImportReport(
        path.name, digest, roster.sheet, problems, counts, written, dry_run, only_valid, roster.refused, warnings
    )


def money_columns(policy: Policy) -> frozenset[str]:
    """The roster's lenient columns (民族, 是否在校学生) that decide what someone pays under ``policy``:
    a rule's condition names them (a subsidy for four 民族, a student price, students not collected
    in the village). There a value the app cannot read refuses the row; elsewhere it is kept."""
    used: set[str] = set()
    for condition in _conditions(policy):
        if condition.student is not None:
            used.add("student")
        if condition.ethnicities_any:
            used.add("ethnicity")
    return frozenset(used & set(LENIENT))


def _conditions(node: object) -> Iterator[Condition]:
    """Every condition anywhere in a policy (subsidies, variants, exclusions, late rules …)."""
    if isinstance(node, Condition):
        yield node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _conditions(getattr(node, name))
    elif isinstance(node, tuple):
        for item in node:
            yield from _conditions(item)


def _plan_roster(ledger: Ledger, good: RosterRows, id_label: str) -> _Plan:
    """Each good row: someone new, someone registered (changed or not), or a clash with another household."""
    by_id = (
        store.people_by_id_number(ledger.db, [n for n in good.id_number if n]) if store.has_people(ledger.db) else {}
    )
    no_id = {(p.household_no, p.name, p.birth_date.isoformat()): p for p in store.people_without_id_number(ledger.db)}
    if not by_id and not no_id:
        return _Plan(new=list(range(len(good))))
    plan = _Plan()
    for position, entry in enumerate(map(RosterEntry._make, zip(*good.lists()))):
        number, household_no, name, birth = entry.id_number, entry.household_no, entry.name, entry.birth_date
        found = by_id.get(number) if number else None
        if found is not None and found.household_no != household_no:
            plan.problems.append(
                Problem(
                    good.row[position],
                    "id_number",
                    id_label,
                    f"证件号码 {number} 已登记在户 {found.household_no}（{found.name}），"
                    "同一人不能在两户；如确已分户，请先在程序中把此人迁到新户",
                )
            )
            continue
        if found is None:
            found = no_id.get((household_no, name, birth))
        if found is None:
            plan.new.append(position)
            continue
        changes = _changes(found, entry)
        if changes:
            plan.updates.append((found, changes))
        else:
            plan.unchanged += 1
    return plan


def _registered(found: Person) -> dict[str, Any]:
    """The fields an import may change, as the register holds them (a flag as 0 or 1)."""
    return {
        "name": found.name,
        "ethnicity": found.ethnicity,
        "relation": found.relation,
        "phone": found.phone,
        "student": int(found.student),
        "status": found.status,
        "id_number": found.id_number,
        "id_kind": found.id_kind,
        "sex": found.sex,
    }


def _changes(found: Person, entry: RosterEntry) -> dict[str, Any]:
    """What the row changes about someone registered; a blank cell keeps what is there."""
    out: dict[str, Any] = {}
    if entry.name != found.name:
        out["name"] = entry.name
    for key, old, new in (
        ("ethnicity", found.ethnicity, entry.ethnicity),
        ("relation", found.relation, entry.relation),
        ("phone", found.phone, entry.phone),
        ("status", found.status, entry.status),
    ):
        if new and new != old:
            out[key] = new
    if entry.student is not None and entry.student != found.student:
        out["student"] = int(entry.student)
    if entry.id_number and entry.id_number != found.id_number:  # a newborn's number, now issued
        out.update(id_number=entry.id_number, id_kind=entry.id_kind)
    if entry.sex and entry.sex != found.sex:
        out["sex"] = entry.sex
    return out


def _new_households(ledger: Ledger, new: RosterRows) -> dict[str, int]:
    """Households to create (户号 -> the position of the first row naming it), in the file's order."""
    first: dict[str, int] = {}
    deque(map(first.setdefault, new.household_no, count()), maxlen=0)  # each 户号's first position, in order
    known = store.household_numbers(ledger.db)
    return {no: at for no, at in first.items() if no not in known} if known else first


def _household_changes(ledger: Ledger, good: RosterRows, bad_rows: set[int]) -> list[dict[str, Any]]:
    """Registered households whose 村民小组 or address the file changes (a blank keeps), from their first good row."""
    if not store.has_households(ledger.db):
        return []
    first: dict[str, tuple[str, str]] = {}
    for row, number, group, address in zip(good.row, good.household_no, good.village_group, good.address):
        if (group or address) and row not in bad_rows and number not in first:
            first[number] = (group, address)
    out = []
    registered = store.households_by_no(ledger.db, list(first))
    for number, (group, address) in first.items():
        found = registered.get(number)
        if found is None:
            continue
        new_group, new_address = group or found.village_group, address or found.address
        if (new_group, new_address) != (found.village_group, found.address):
            out.append(
                {
                    "household_id": found.id,
                    "household_no": number,
                    "before": {"village_group": found.village_group, "address": found.address},
                    "after": {"village_group": new_group, "address": new_address},
                }
            )
    return out


def _write_roster(
    ledger: Ledger,
    new: RosterRows,
    households: dict[str, int],
    updates: list[tuple[Person, dict[str, Any]]],
    changed: list[dict[str, Any]],
) -> None:
    db, stamp = ledger.db, Every(ledger.stamp())
    firsts = list(households.values())
    ids = add_households(
        db,
        list(households),
        {
            "address": _column([new.address[p] for p in firsts]),
            "village_group": [new.village_group[p] for p in firsts],
            "phone": [new.phone[p] for p in firsts],
            "created_at": stamp,
        },
    )
    if not all(map(ids.__contains__, new.household_no)):  # some join households already registered
        joined = store.households_by_no(db, sorted(set(new.household_no).difference(ids)))
        ids.update((number, household.id) for number, household in joined.items())
    spelled = list(map(pinyin_keys, new.name))  # cached per name: a family's surname and a common name, read once
    numbers = new.id_number
    add_people(
        db,
        {
            "household_id": map(ids.__getitem__, new.household_no),
            "name": new.name,
            "id_number": numbers,
            "id_kind": _column(new.id_kind if all(new.id_kind) else [k or NO_ID_KIND for k in new.id_kind]),
            "sex": new.sex,
            "birth_date": new.birth_date,
            "ethnicity": new.ethnicity,
            "relation": new.relation,
            "student": map(int, map(bool, new.student)) if any(new.student) else Every(0),
            "phone": new.phone,
            "status": _column([s or "active" for s in new.status]) if any(new.status) else Every("active"),
            "name_pinyin": map(itemgetter(0), spelled),
            "name_initials": map(itemgetter(1), spelled),
            "id_reversed": map(getitem, cast(Sequence[str], numbers), repeat(_BACKWARDS))
            if None not in numbers
            else [n[::-1] if n else "" for n in numbers],
            "created_at": stamp,
        },
        len(new),
    )
    for found, changes in updates:
        values = {**_registered(found), **changes}
        values["name_pinyin"], values["name_initials"] = pinyin_keys(values["name"])
        values["id_reversed"] = values["id_number"][::-1] if values["id_number"] else ""
        update_person(db, found.id, values)
    store.move_households(
        db, [(c["household_id"], c["after"]["village_group"], c["after"]["address"]) for c in changed]
    )


def _column(values: Sequence[str]) -> Sequence[str] | Every:
    """A column of few values (证件类型, 住址): one value for all rows is written once."""
    return Every(values[0]) if values and values.count(values[0]) == len(values) else values


def _change_json(found: Person, changes: dict[str, Any]) -> dict[str, Any]:
    before = _registered(found)
    return {
        "person_id": found.id,
        "household_no": found.household_no,
        "id_number": found.id_number or changes.get("id_number"),
        "before": {k: before[k] for k in changes},
        "after": changes,
    }


def _read_ahead(path: Path, busy: Busy) -> None:
    """While calamine parses the sheet on another core: pypinyin's dictionaries loaded (a fifth of a
    second), then the pinyin of the names found in the file's XML, for as long as the parse lasts.
    Only a cache is filled; the import reads every name again from the parsed cells. (A dry run
    writes no pinyin, and does without.)"""
    pinyin_keys("王")
    for text in workbook_texts(path, busy):
        if _NAME_LIKE.fullmatch(text):
            pinyin_keys(text)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector, paused while 100 000 rows are built (it would rescan them
    again and again, a third of the import's time); an import makes no reference cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
