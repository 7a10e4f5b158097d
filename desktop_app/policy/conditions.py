"""Whether a rule's condition holds for a person on the payment date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.dates import add_months
from desktop_app.policy.model import Condition
from desktop_app.policy.request import PersonRequest


@dataclass(frozen=True)
class Facts:
    person: PersonRequest
    paid_on: date
    area: str | None
    identities: frozenset[str] = field(default=frozenset())
    """The person's identities with the wider groups they belong to (脱贫不稳定户 is also 监测对象);
    the engine fills it from the policy's identity table."""


def holds(cond: Condition, facts: Facts) -> bool:
    p, paid_on = facts.person, facts.paid_on
    held = facts.identities or frozenset(p.identities)
    if cond.identities_any and not set(cond.identities_any) & held:
        return False
    if cond.ethnicities_any and p.ethnicity not in cond.ethnicities_any:
        return False
    if cond.situations_any and _situation(p, paid_on) not in cond.situations_any:
        return False
    if cond.areas_any and facts.area not in cond.areas_any:
        return False
    if cond.student is not None and p.student != cond.student:
        return False
    if cond.parent_insured is not None and p.parent_insured != cond.parent_insured:
        return False
    if cond.born_after is not None and not p.birth_date > cond.born_after:
        return False
    if cond.born_on_or_before is not None and not p.birth_date <= cond.born_on_or_before:
        return False
    age_days = (paid_on - p.birth_date).days
    if cond.age_days_max is not None and age_days > cond.age_days_max:
        return False
    if cond.age_days_min is not None and age_days < cond.age_days_min:
        return False
    if cond.has_entered_on is not None and (p.entered_on is not None) != cond.has_entered_on:
        return False
    if cond.continuous_years_min is not None and (p.continuous_years or 0) < cond.continuous_years_min:
        return False
    return _lapse_holds(cond, p.lapse_date, paid_on)


def _lapse_holds(cond: Condition, lapse: date | None, paid_on: date) -> bool:
    wants_lapse = (cond.lapse_days_max, cond.lapse_days_min, cond.lapse_months_max, cond.lapse_months_over)
    if all(v is None for v in wants_lapse):
        return True
    if lapse is None or lapse > paid_on:
        return False  # a lapse after the payment is a typing error, never a reason to skip waiting
    days = (paid_on - lapse).days
    if cond.lapse_days_max is not None and days > cond.lapse_days_max:
        return False
    if cond.lapse_days_min is not None and days < cond.lapse_days_min:
        return False
    if cond.lapse_months_max is not None and paid_on > add_months(lapse, cond.lapse_months_max):
        return False
    if cond.lapse_months_over is not None and paid_on <= add_months(lapse, cond.lapse_months_over):
        return False
    return True


def _situation(p: PersonRequest, paid_on: date) -> str | None:
    """A lapse dated after the payment has not happened yet: no lapse rule may use it."""
    if p.situation == "employee_insurance_lapse" and (p.lapse_date is None or p.lapse_date > paid_on):
        return None
    return p.situation
