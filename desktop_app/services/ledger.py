"""The open ledger: the database, the clock, the policies, and the village's settings.

Every use case receives a Ledger; nothing else opens the database, so the CLI and the
window see the same rules and the same transactions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app.services import audit
from desktop_app.services.clock import Clock, system_clock
from desktop_app.services.policies import LoadedPolicy, PolicyCatalogue
from desktop_app.store.connection import open_database


class LedgerError(ValueError):
    """A request the ledger refuses, in Chinese, naming what to fix. Nothing was written."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Settings:
    policy_id: str
    village: str
    collector: str
    receipt_prefix: str
    area: str | None = None
    village_groups: tuple[str, ...] = ()
    participation_target: str = ""
    backup_every: int = 20
    backup_keep: int = 10

    @staticmethod
    def from_rows(rows: dict[str, str]) -> Settings:
        return Settings(
            policy_id=rows["policy_id"],
            village=rows["village"],
            collector=rows["collector"],
            receipt_prefix=rows["receipt_prefix"],
            area=rows.get("area") or None,
            village_groups=tuple(json.loads(rows.get("village_groups", "[]"))),
            participation_target=rows.get("participation_target", ""),
            backup_every=int(rows.get("backup_every", "20")),
            backup_keep=int(rows.get("backup_keep", "10")),
        )

    def to_rows(self) -> dict[str, str]:
        return {
            "policy_id": self.policy_id,
            "village": self.village,
            "collector": self.collector,
            "receipt_prefix": self.receipt_prefix,
            "area": self.area or "",
            "village_groups": json.dumps(list(self.village_groups), ensure_ascii=False),
            "participation_target": self.participation_target,
            "backup_every": str(self.backup_every),
            "backup_keep": str(self.backup_keep),
        }


@dataclass
class Ledger:
    db: Database
    path: Path
    catalogue: PolicyCatalogue = field(default_factory=PolicyCatalogue)
    clock: Clock = system_clock

    @classmethod
    def open(cls, path: Path | str, *, catalogue: PolicyCatalogue | None = None,
             clock: Clock | None = None, create: bool = False, full_check: bool = True) -> Ledger:
        """``full_check=False``: the integrity check is the caller's, before any write (services.integrity)."""
        path = Path(path)
        db = open_database(path, create=create, full_check=full_check)
        return cls(db=db, path=path, catalogue=catalogue or PolicyCatalogue(), clock=clock or system_clock)

    def close(self) -> None:
        self.db.conn.close()

    def now(self) -> datetime:
        return self.clock()

    def is_initialised(self) -> bool:
        return bool(self.db.execute("SELECT 1 FROM settings WHERE key = 'policy_id'").fetchone())

    @property
    def settings(self) -> Settings:
        rows = dict(self.db.execute("SELECT key, value FROM settings").fetchall())
        if "policy_id" not in rows:
            raise LedgerError("数据库尚未设置村庄与政策；请先运行 zhengjiao db init")
        return Settings.from_rows(rows)

    def save_settings(self, settings: Settings, operator: str) -> None:
        """Inside the caller's transaction."""
        for key, value in settings.to_rows().items():
            self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
        self.audit(operator, "settings.save", settings.to_rows())

    @property
    def policy(self) -> LoadedPolicy:
        return self.catalogue.load(self.settings.policy_id)

    def audit(self, operator: str, action: str, payload: Any) -> str:
        return audit.append(self.db, self.now(), operator, action, payload)
