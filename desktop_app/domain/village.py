"""The village's own settings: its name, groups, target and housekeeping.

The policy is not here: each benefit year has its own (``BenefitYear``). Nor is the
collector: each operator logs in for themselves (``Operator``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Settings:
    village: str
    receipt_prefix: str = ""  # the first collector's, proposed to the next ones
    village_groups: tuple[str, ...] = ()
    participation_target: str = ""
    backup_every: int = 20
    backup_keep: int = 10

    @staticmethod
    def from_rows(rows: dict[str, str]) -> Settings:
        return Settings(
            village=rows.get("village", ""),
            receipt_prefix=rows.get("receipt_prefix", ""),
            village_groups=tuple(json.loads(rows.get("village_groups", "[]"))),
            participation_target=rows.get("participation_target", ""),
            backup_every=int(rows.get("backup_every", "20")),
            backup_keep=int(rows.get("backup_keep", "10")),
        )

    def to_rows(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = json.dumps(list(value), ensure_ascii=False) if isinstance(value, tuple) else str(value)
        return out
