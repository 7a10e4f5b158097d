"""The village's own settings: its name, groups, target, housekeeping, cash rules and receipt forms.

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
    cash_limit: int = 500_000  # fen a collector may hold before settling (结报限额), as the tax office sets it
    settle_deadline_days: int = 3  # days cash may be held before settling (结报期限)
    official_forms: bool = False  # the tax office's pre-numbered forms (专用票据) are used; set by the first book
    query_channel: str = ""  # where a villager checks the payment reached the tax office (on the village's own slip)
    show_identity_on_receipt: bool = False  # the villager's receipt names the subsidy identity (低保, 特困 …)
    mode: str = "village"  # "township": the township's desk (乡镇汇总), which receives the villages' batches
    form_layout: str = ""  # the 套打 layout file (resources/receipt_layouts/<name>.toml); "" = the bundled example
    printer_offset_mm: tuple[float, float] = (0.0, 0.0)  # 套打 correction added to every position: +right, +down
    consult_phone: str = ""  # the township's 咨询电话, printed on the 政策明白纸
    task_count: int = 0  # the township's 任务数: people the village must cover this year; 0: the target in percent

    @staticmethod
    def from_rows(rows: dict[str, str]) -> Settings:
        return Settings(
            village=rows.get("village", ""),
            receipt_prefix=rows.get("receipt_prefix", ""),
            village_groups=tuple(json.loads(rows.get("village_groups", "[]"))),
            participation_target=rows.get("participation_target", ""),
            backup_every=int(rows.get("backup_every", "20")),
            backup_keep=int(rows.get("backup_keep", "10")),
            cash_limit=int(rows.get("cash_limit", "500000")),
            settle_deadline_days=int(rows.get("settle_deadline_days", "3")),
            official_forms=_flag(rows.get("official_forms", "")),
            query_channel=rows.get("query_channel", ""),
            show_identity_on_receipt=_flag(rows.get("show_identity_on_receipt", "")),
            mode=rows.get("mode", "village"),
            form_layout=rows.get("form_layout", ""),
            printer_offset_mm=_offset(rows.get("printer_offset_mm", "")),
            consult_phone=rows.get("consult_phone", ""),
            task_count=_count(rows.get("task_count", "")),
        )

    def to_rows(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = json.dumps(list(value), ensure_ascii=False) if isinstance(value, tuple) else str(value)
        return out


def _offset(text: str) -> tuple[float, float]:
    """The printer's offset as stored ("[1.5, -2.0]"); absent or unreadable: none."""
    try:
        x, y = (float(v) for v in json.loads(text))
    except (ValueError, TypeError):
        return (0.0, 0.0)
    return (x, y)


def _count(text: str) -> int:
    """A whole number as stored; absent (older ledgers) or unreadable: 0."""
    try:
        return max(int(text), 0)
    except ValueError:
        return 0


def _flag(text: str) -> bool:
    """A yes/no setting as stored ("True"/"False"; "1"/"0" also read), absent in older ledgers: no."""
    return text.strip().lower() in ("true", "1", "yes")
