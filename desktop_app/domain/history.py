"""A person's insurance history before a benefit year, for the waiting period of the quote.

Since 2025 (国办发〔2024〕38号) someone who enrols after a lapse waits a fixed part plus a
part per year they were uncovered, less a part per year they paid back. The ledger
knows the years it had open; a collector may enter what it cannot know (someone new to
the village). ``PersonHistory`` is what the quote receives, with the reasons behind the
figure so the collector can read them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

COVERED, UNCOVERED, UNKNOWN = "covered", "uncovered", "unknown"

LEDGER, ENTERED = "ledger", "entered"
SOURCE_LABELS = {LEDGER: "账本记录", ENTERED: "收款员登记"}

# Coverage marks that are coverage in the national sense (居民医保 or 职工医保, or what stands for them):
# such a year is not a break. Other exclusions (服刑, 迁出, 死亡) leave the year unknown to the ledger.
COVERED_BY_EXCLUSION = ("employee_insurance", "insured_elsewhere", "military", "school")


@dataclass(frozen=True)
class YearState:
    """One earlier benefit year of a person as the ledger knows it, and why (in Chinese)."""

    year: int
    state: str  # covered | uncovered | unknown
    why: str


@dataclass(frozen=True)
class HistoryEntry:
    """What the collector entered for a person and benefit year; ``None`` figures take an entry back."""

    person_id: int
    benefit_year: int
    uncovered_years: int | None
    back_paid_years: int | None
    note: str
    operator: str
    entered_at: str

    @property
    def cleared(self) -> bool:
        return self.uncovered_years is None


@dataclass(frozen=True)
class PersonHistory:
    """The figures the quote receives for one person and benefit year.

    ``uncovered_years`` counts the consecutive benefit years right before ``benefit_year``
    without coverage; ``None`` when neither the ledger nor the collector knows the year
    right before. ``years`` are the earlier years the ledger looked at, newest first.
    ``entry`` is the collector's entry the figures come from (this year's, or an earlier
    year's the uncovered run reached).
    """

    person_id: int
    benefit_year: int
    uncovered_years: int | None
    back_paid_years: int | None
    source: str | None  # ledger | entered | None (unknown)
    years: tuple[YearState, ...] = ()
    entry: HistoryEntry | None = None

    def describe(self) -> str:
        """One Chinese line for the collector: the figures and where they come from."""
        if self.uncovered_years is None:
            return f"{self.benefit_year - 1}年度及以前的参保情况账本中没有记录（可由收款员登记断保年数、补缴年数）"
        back = f"，补缴{self.back_paid_years or 0}年"
        if self.source == ENTERED and self.entry is not None:
            text = f"断保{self.uncovered_years}年{back}（{self.entry.operator}登记"
            return text + (f"：{self.entry.note}）" if self.entry.note else "）")
        if self.uncovered_years == 0:
            last = self.years[0] if self.years else None
            return f"{last.year}年度已参保（{last.why}），未断保" if last else "未断保"
        gaps = "、".join(str(y.year) for y in self.years if y.state == UNCOVERED)
        text = f"断保{self.uncovered_years}年（{gaps}年度未参保"
        if self.entry is not None:
            text += f"，加上{self.entry.benefit_year}年度登记的此前断保{self.entry.uncovered_years}年"
        elif self.years and self.years[-1].state == UNKNOWN:
            text += f"；{self.years[-1].year}年度及以前账本中没有记录"
        return text + "）" + back

    def to_json(self) -> dict[str, object]:
        return {
            "benefit_year": self.benefit_year,
            "uncovered_years": self.uncovered_years,
            "back_paid_years": self.back_paid_years,
            "source": self.source,
            "years": [{"year": y.year, "state": y.state, "why": y.why} for y in self.years],
            "entry": None
            if self.entry is None
            else {
                "benefit_year": self.entry.benefit_year,
                "uncovered_years": self.entry.uncovered_years,
                "back_paid_years": self.entry.back_paid_years,
                "note": self.entry.note,
                "operator": self.entry.operator,
                "entered_at": self.entry.entered_at,
            },
            "explanation": self.describe(),
        }


@dataclass(frozen=True)
class YearSummary:
    """A benefit year of the ledger as ``zhengjiao years`` lists it."""

    year: int
    policy_id: str
    policy_name: str | None  # None when the policy file cannot be loaded any more
    area: str | None
    area_name: str | None
    opened_on: date
    opened_by: str
    payments: int
    people_covered: int

    def to_json(self) -> dict[str, object]:
        return {
            "year": self.year,
            "policy": self.policy_id,
            "policy_name": self.policy_name,
            "area": self.area,
            "area_name": self.area_name,
            "opened_on": self.opened_on.isoformat(),
            "opened_by": self.opened_by,
            "payments": self.payments,
            "people_covered": self.people_covered,
        }
