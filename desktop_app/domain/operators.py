"""Who acts, and in which benefit year: every use case is handed both.

An ``Acting`` value is made at login (the window) or from the command's options (the
CLI); payments, voids, refunds, imports, exports and audit entries record its
operator and year. Nothing reads "the collector" from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Operator:
    """A collector with an own login and receipt prefix; disabled ones keep their records."""

    id: int
    name: str
    receipt_prefix: str = ""
    active: bool = True


@dataclass(frozen=True)
class BenefitYear:
    """A benefit year the ledger works in, and the policy it is collected under."""

    year: int
    policy_id: str
    area: str | None
    opened_on: date


@dataclass(frozen=True)
class Acting:
    operator: Operator
    year: BenefitYear

    @property
    def name(self) -> str:
        return self.operator.name

    @property
    def benefit_year(self) -> int:
        return self.year.year
