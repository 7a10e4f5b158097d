"""The main window's household list: browsing a village group page by page.

Search results come from ``services.search``; this module answers the empty box (every
household of a group, in 户号 order, a page at a time so 30 000 households load as the
list scrolls), adds each household's count of members not yet paid this year, and
suggests the next free 户号 for a new household.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.services.ledger import Ledger
from desktop_app.store import register as store


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    household_no: str
    village_group: str
    address: str
    head_name: str
    active: int  # members in the register
    unpaid: int  # of those, not covered for the benefit year
    matched: tuple[str, ...] = ()  # the members a search found
    why: str = ""  # how the search found them


def count_households(ledger: Ledger, group: str | None = None) -> int:
    return store.count_households(ledger.db, group)


def list_households(
    ledger: Ledger, year: int, group: str | None = None, offset: int = 0, limit: int = 200
) -> list[HouseholdRow]:
    """A page of households in 户号 order, optionally of one village group."""
    return household_rows(ledger, year, store.household_page(ledger.db, group, offset, limit))


def household_rows(ledger: Ledger, year: int, household_ids: list[int]) -> list[HouseholdRow]:
    """The rows for these households, in the order given, with who is not covered in the year."""
    if not household_ids:
        return []
    by_id = {r[0]: HouseholdRow(*r) for r in store.household_summaries(ledger.db, household_ids, year)}
    return [by_id[i] for i in household_ids if i in by_id]


def village_groups_in_use(ledger: Ledger) -> dict[str, int]:
    """Households per village group as the register has them (including groups not in the settings)."""
    return store.groups_in_use(ledger.db)


def suggest_household_no(ledger: Ledger, village_group: str = "") -> str:
    """One more than the highest numeric 户号 of the group (or of the village), keeping its width."""
    for group in ([village_group] if village_group else []) + [None]:
        highest = store.highest_numeric_household_no(ledger.db, group)
        found = re.fullmatch(r"(.*?)(\d+)", highest) if highest else None
        if found:
            head, digits = found.groups()
            candidate = f"{head}{int(digits) + 1:0{len(digits)}d}"
            if store.household_by_no(ledger.db, candidate) is None:
                return candidate
    return "0001" if not count_households(ledger) else ""
