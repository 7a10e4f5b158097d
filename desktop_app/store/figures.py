"""The village's figures for a benefit year: who is covered, per village group, and who is not.

Both read the ``live_lines`` view (a line whose payment is not voided and which is
not refunded), so the progress chart, the unpaid list and the payment dialog agree
on who has paid.
"""

from __future__ import annotations

from sqlite_utils import Database

_COVERED = "EXISTS (SELECT 1 FROM live_lines l WHERE l.person_id = p.id AND l.benefit_year = ?)"


def participation(db: Database, year: int) -> list[tuple[str, int, int]]:
    """Per village group (in name order): active people, and those of them covered for the year."""
    rows = db.execute(
        f"SELECT h.village_group, COUNT(*), SUM({_COVERED}) FROM people p JOIN households h ON h.id = p.household_id "
        "WHERE p.status = 'active' GROUP BY h.village_group ORDER BY h.village_group", [year]).fetchall()
    return [(r[0], int(r[1]), int(r[2] or 0)) for r in rows]


def uncovered(db: Database, year: int) -> list[int]:
    """Ids of the active people not covered for the year, by village group, 户号 and the order entered."""
    return [r[0] for r in db.execute(
        f"SELECT p.id FROM people p JOIN households h ON h.id = p.household_id "
        f"WHERE p.status = 'active' AND NOT {_COVERED} ORDER BY h.village_group, h.household_no, p.id", [year])]
