"""A villager's bank or 一卡通 account, where an office pays a subsidy back (先缴后补).

Kept apart from ``Person``: only a few people need one (those owed a later subsidy), it
changes without the register changing, and it goes on the payout list for the paying
office, never on a list for posting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s\-－—_]+")
_DIGITS = re.compile(r"^\d{6,32}$")


@dataclass(frozen=True)
class PersonAccount:
    person_id: int
    bank: str  # 农商银行, 惠民惠农一卡通 (农业银行) …
    account: str  # digits only
    entered_at: str


def clean_account(text: str) -> str | None:
    """The account's digits, spaces and dashes dropped ('6228 4800 …'); None when it is not 6–32 digits."""
    digits = _SEPARATORS.sub("", text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return digits if _DIGITS.match(digits) else None
