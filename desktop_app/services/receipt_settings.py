"""The receipt settings: the query channel on the village's own slip, the identity on it, the 套打 layout and offset.

The village's slip says it is the village's collection slip and that the tax office's
record decides (reports.receipt.HONEST_NOTE); ``query_channel`` tells the villager where
to check it (a phone number, the 税务 app, a WeChat account). ``show_identity_on_receipt``
prints the subsidy identity (低保, 特困 …) on the villager's receipt — off unless the
village decides otherwise (§7 隐私). ``form_layout`` and ``printer_offset_mm`` are for
printing onto the tax office's forms (套打). Every change is in the audit log.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from desktop_app.domain.operators import Acting
from desktop_app.domain.village import Settings
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.printouts import form_layout_title, form_layouts
from desktop_app.store.transactions import immediate

__all__ = ["MAX_OFFSET_MM", "form_layouts", "parse_offset", "set_receipt_settings"]

MAX_OFFSET_MM = 30.0  # a printer off by more is mis-fed, not offset
MAX_CHANNEL = 60


def parse_offset(text: str) -> tuple[float, float]:
    """'1.5,-2' / '1.5 -2' / '（1.5，−2）' -> (1.5, -2.0): right and down, in millimetres."""
    cleaned = unicodedata.normalize("NFKC", text).replace("−", "-").strip().strip("()")
    parts = [p for p in re.split(r"[\s,;]+", cleaned) if p]
    try:
        x, y = (float(p) for p in parts)
    except ValueError:
        raise LedgerError(f"打印机偏移“{text}”应写成“向右,向下”的毫米数，如 1.5,-2", "printer_offset") from None
    return check_offset((x, y))


def check_offset(offset: tuple[float, float]) -> tuple[float, float]:
    x, y = (round(float(v), 1) for v in offset)
    if abs(x) > MAX_OFFSET_MM or abs(y) > MAX_OFFSET_MM:
        raise LedgerError(
            f"打印机偏移 ({x}, {y}) 毫米太大（最多 ±{MAX_OFFSET_MM:.0f} 毫米）；请检查票据是否放正、测量是否有误",
            "printer_offset",
        )
    return (x, y)


def set_receipt_settings(
    ledger: Ledger,
    acting: Acting,
    *,
    query_channel: str | None = None,
    show_identity: bool | None = None,
    form_layout: str | None = None,
    printer_offset_mm: tuple[float, float] | None = None,
) -> Settings:
    """Change what is given (None: unchanged), in one transaction with an audit entry; returns the settings."""
    with immediate(ledger.db):
        current = ledger.settings
        changed = current
        if query_channel is not None:
            channel = " ".join(query_channel.split())
            if len(channel) > MAX_CHANNEL:
                raise LedgerError(
                    f"查询渠道太长（最多 {MAX_CHANNEL} 个字），如：县税务局 0557-1234567", "query_channel"
                )
            changed = replace(changed, query_channel=channel)
        if show_identity is not None:
            changed = replace(changed, show_identity_on_receipt=show_identity)
        if form_layout is not None:
            name = form_layout.strip()
            if name:
                form_layout_title(name)  # refused here, naming the file and key, rather than at the printer
            changed = replace(changed, form_layout=name)
        if printer_offset_mm is not None:
            changed = replace(changed, printer_offset_mm=check_offset(printer_offset_mm))
        if changed != current:
            ledger.save_settings(changed, acting)
    return changed
