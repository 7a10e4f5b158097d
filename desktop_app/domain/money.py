"""Money as integer fen.

Floats never hold money here: 0.1 + 0.2 is not 0.3, and a receipt must add up to the
fen. Yuan strings exist only at the edges (files, the CLI, the screen).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

Fen = int

_YUAN = re.compile(r"^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$")


class MoneyError(ValueError):
    """A yuan amount that cannot be read exactly."""


def parse_yuan(text: str | int) -> Fen:
    """Read '320', '320.5' or '320.50' (or an int of yuan) as fen; refuse anything else.

    A float is refused on purpose: 320.1 as a float is not 320.1.
    """
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise MoneyError(f"金额须写成“320”或“320.00”这样的文字，不能是 {text!r}")
    if isinstance(text, int):
        if text < 0:
            raise MoneyError("金额不能为负数")
        return text * 100
    m = _YUAN.match(text)
    if not m:
        raise MoneyError(f"金额“{text}”格式不对，应为如 320 或 320.00 的元数，最多两位小数")
    whole, frac = m.group(1), (m.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(frac)


def format_yuan(fen: Fen) -> str:
    """Two decimals, as the quote contract and receipts print it: 24000 -> '240.00'."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def format_yuan_short(fen: Fen) -> str:
    """For explanations: whole yuan without decimals ('280'), else two decimals."""
    return str(fen // 100) if fen % 100 == 0 else format_yuan(fen)


def percent_of(fen: Fen, percent: Decimal) -> Fen:
    """A share of an amount, rounded half up to the fen."""
    return int((Decimal(fen) * percent / Decimal(100)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_capitals(fen: Fen) -> str:
    """The amount in Chinese capitals as receipts print it: 32000 -> '叁佰贰拾元整'."""
    if fen < 0:
        raise MoneyError("负数金额不能写成大写")
    if fen == 0:
        return "零元整"
    import cn2an  # on first use: it takes a third of a second to import, before the window opens

    text: str = cn2an.an2cn(format_yuan(fen), "rmb")
    return text
