"""Benefit years the ledger works in, each with its policy and area."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.operators import BenefitYear


def _year(row: Any) -> BenefitYear:
    return BenefitYear(row[0], row[1], row[2] or None, date.fromisoformat(row[3]))


def all_years(db: Database) -> list[BenefitYear]:
    return [_year(r) for r in db.execute("SELECT year, policy_id, area, opened_on FROM benefit_years ORDER BY year")]


def get(db: Database, year: int) -> BenefitYear | None:
    row = db.execute("SELECT year, policy_id, area, opened_on FROM benefit_years WHERE year = ?", [year]).fetchone()
    return _year(row) if row else None


def add(db: Database, year: BenefitYear, opened_by: str, created_at: str) -> None:
    db.execute(
        "INSERT INTO benefit_years (year, policy_id, area, opened_on, opened_by, created_at) VALUES (?,?,?,?,?,?)",
        [year.year, year.policy_id, year.area, year.opened_on.isoformat(), opened_by, created_at],
    )


def years_paid(db: Database) -> list[int]:
    """Benefit years that payments were recorded for (a ledger made before years were kept)."""
    return [r[0] for r in db.execute("SELECT DISTINCT benefit_year FROM payments ORDER BY benefit_year")]
