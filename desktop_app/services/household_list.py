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

_LIVE_PAYMENT = (
    "SELECT 1 FROM payment_lines l JOIN payments pay ON pay.id = l.payment_id "
    "LEFT JOIN voids v ON v.payment_id = pay.id LEFT JOIN refunds r ON r.line_id = l.id "
    "WHERE l.person_id = p.id AND l.benefit_year = ? AND v.id IS NULL AND r.id IS NULL")


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    household_no: str
    village_group: str
    address: str
    head_name: str
    active: int  # members in the register
    unpaid: int  # of those, without a live payment for the benefit year
    matched: tuple[str, ...] = ()  # the members a search found
    why: str = ""  # how the search found them


def _year(ledger: Ledger) -> int:
    return ledger.policy.policy.benefit_year


def count_households(ledger: Ledger, group: str | None = None) -> int:
    if group:
        return int(ledger.db.execute("SELECT COUNT(*) FROM households WHERE village_group = ?",
                                     [group]).fetchone()[0])
    return int(ledger.db.execute("SELECT COUNT(*) FROM households").fetchone()[0])


def list_households(ledger: Ledger, group: str | None = None, offset: int = 0,
                    limit: int = 200) -> list[HouseholdRow]:
    """A page of households in 户号 order, optionally of one village group."""
    where, args = ("WHERE village_group = ? ", [group]) if group else ("", [])
    ids = [r[0] for r in ledger.db.execute(
        f"SELECT id FROM households {where}ORDER BY household_no LIMIT ? OFFSET ?",
        [*args, limit, offset]).fetchall()]
    return household_rows(ledger, ids)


def household_rows(ledger: Ledger, household_ids: list[int]) -> list[HouseholdRow]:
    """The rows for these households, in the order given."""
    if not household_ids:
        return []
    marks = ",".join("?" * len(household_ids))
    rows = ledger.db.execute(
        "SELECT h.id, h.household_no, h.village_group, h.address, "
        " COALESCE((SELECT name FROM people WHERE household_id = h.id AND relation = '户主' "
        "   ORDER BY status = 'active' DESC, id LIMIT 1), "
        "  (SELECT name FROM people WHERE household_id = h.id ORDER BY id LIMIT 1), ''), "
        " (SELECT COUNT(*) FROM people p WHERE p.household_id = h.id AND p.status = 'active'), "
        f" (SELECT COUNT(*) FROM people p WHERE p.household_id = h.id AND p.status = 'active' "
        f"   AND NOT EXISTS ({_LIVE_PAYMENT})) "
        f"FROM households h WHERE h.id IN ({marks})", [_year(ledger), *household_ids]).fetchall()
    by_id = {r[0]: HouseholdRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows}
    return [by_id[i] for i in household_ids if i in by_id]


def village_groups_in_use(ledger: Ledger) -> dict[str, int]:
    """Households per village group as the register has them (including groups not in the settings)."""
    rows = ledger.db.execute("SELECT village_group, COUNT(*) FROM households GROUP BY village_group").fetchall()
    return {r[0]: r[1] for r in rows}


def suggest_household_no(ledger: Ledger, village_group: str = "") -> str:
    """One more than the highest numeric 户号 of the group (or of the village), keeping its width."""
    for where, args in ((" AND village_group = ?", [village_group]), ("", [])):
        if where and not village_group:
            continue
        row = ledger.db.execute(
            "SELECT household_no FROM households WHERE household_no GLOB '*[0-9]'" + where +
            " ORDER BY length(household_no) DESC, household_no DESC LIMIT 1", args).fetchone()
        if row:
            found = re.fullmatch(r"(.*?)(\d+)", row[0])
            if found:
                head, digits = found.groups()
                candidate = f"{head}{int(digits) + 1:0{len(digits)}d}"
                if not ledger.db.execute("SELECT 1 FROM households WHERE household_no = ?",
                                         [candidate]).fetchone():
                    return candidate
    return "0001" if not count_households(ledger) else ""
