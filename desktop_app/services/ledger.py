"""The open ledger: the database, the clock, the policies, the village's settings and its years.

Every use case receives a Ledger (and, when it changes something, who acts in which
year: ``domain.operators.Acting``); nothing else opens the database, so the CLI and
the window see the same rules and the same transactions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.errors import Refusal
from desktop_app.domain.operators import Acting, BenefitYear
from desktop_app.domain.village import Settings
from desktop_app.services.clock import Clock, system_clock
from desktop_app.services.policies import LoadedPolicy, PolicyCatalogue, PolicyFileError, UnknownPolicyError
from desktop_app.store import audit
from desktop_app.store import settings as settings_store
from desktop_app.store import years as years_store
from desktop_app.store.connection import open_database
from desktop_app.store.transactions import immediate

__all__ = ["Ledger", "LedgerError", "Settings"]


class LedgerError(Refusal):
    """A request the ledger refuses, in Chinese, naming what to fix. Nothing was written."""


@dataclass
class Ledger:
    db: Database
    path: Path
    catalogue: PolicyCatalogue = field(default_factory=PolicyCatalogue)
    clock: Clock = system_clock

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        catalogue: PolicyCatalogue | None = None,
        clock: Clock | None = None,
        create: bool = False,
        full_check: bool = True,
    ) -> Ledger:
        """``full_check=False``: the integrity check is the caller's, before any write (services.integrity)."""
        path = Path(path)
        db = open_database(path, create=create, full_check=full_check)
        ledger = cls(db=db, path=path, catalogue=catalogue or PolicyCatalogue(), clock=clock or system_clock)
        ledger._adopt_legacy_year()
        return ledger

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> datetime:
        return self.clock()

    def stamp(self) -> str:
        return self.now().isoformat(timespec="seconds")

    def is_initialised(self) -> bool:
        return settings_store.has(self.db, "village")

    @property
    def settings(self) -> Settings:
        rows = settings_store.read_all(self.db)
        if "village" not in rows:
            raise LedgerError("数据库尚未设置村庄与政策；请先运行 zhengjiao db init")
        return Settings.from_rows(rows)

    def save_settings(self, settings: Settings, acting: Acting | str) -> None:
        """Inside the caller's transaction."""
        settings_store.write(self.db, settings.to_rows())
        self.audit(acting, "settings.save", settings.to_rows())

    # --- benefit years -------------------------------------------------------------------

    def years(self) -> list[BenefitYear]:
        return years_store.all_years(self.db)

    def year(self, year: int | None = None) -> BenefitYear:
        """The given benefit year, or the latest open one."""
        if year is None:
            known = self.years()
            if not known:
                raise LedgerError("账本还没有开启任何缴费年度；请先完成设置", "year")
            return known[-1]
        found = years_store.get(self.db, year)
        if found is None:
            opened = "、".join(str(y.year) for y in self.years()) or "无"
            raise LedgerError(f"账本没有{year}年度（已开启：{opened}）", "year")
        return found

    def policy_of(self, year: BenefitYear | int | None = None) -> LoadedPolicy:
        """The policy a benefit year is collected under (the latest year's by default)."""
        chosen = year if isinstance(year, BenefitYear) else self.year(year)
        return self.catalogue.load(chosen.policy_id)

    def _adopt_legacy_year(self) -> None:
        """A ledger made before years were kept names its one policy in the settings: that policy's
        benefit year becomes the ledger's first year, opened when the ledger was set up."""
        rows = settings_store.read_all(self.db)
        if "policy_id" not in rows or years_store.all_years(self.db):
            return
        paid = years_store.years_paid(self.db)
        try:
            year = self.catalogue.load(rows["policy_id"]).policy.benefit_year
        except (UnknownPolicyError, PolicyFileError):
            if not paid:
                return  # nothing to go by until the policy file is back
            year = paid[-1]
        first = audit.oldest_stamp(self.db)
        opened_on = datetime.fromisoformat(first).date() if first else self.now().date()
        adopted = BenefitYear(year, rows["policy_id"], rows.get("area") or None, opened_on)
        who = rows.get("collector") or "系统"
        with immediate(self.db):
            years_store.add(self.db, adopted, who, self.stamp())
            self.audit(
                who,
                "year.adopt",
                {"year": year, "policy": adopted.policy_id, "area": adopted.area, "opened_on": opened_on.isoformat()},
            )

    # --- the audit log -------------------------------------------------------------------

    def audit(self, acting: Acting | str, action: str, payload: Any) -> str:
        """One entry, inside the caller's transaction: the operator, and the year when acting in one."""
        if isinstance(acting, Acting):
            return audit.append(self.db, self.now(), acting.name, action, payload, acting.benefit_year)
        return audit.append(self.db, self.now(), acting, action, payload)
