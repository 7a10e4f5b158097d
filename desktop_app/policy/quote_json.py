"""The quote contract's JSON shape. Other tools depend on it: extend, never rename."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.domain.money import format_yuan
from desktop_app.policy.engine import PersonQuote, Quote


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def person_to_json(p: PersonQuote) -> dict[str, Any]:
    return {
        "name": p.name,
        "id_number": p.id_number,
        "birth_date": p.birth_date.isoformat(),
        "eligible": p.eligible,
        "reason": p.reason,
        "standard": format_yuan(p.standard),
        "riders": [{"name": r.name, "amount": format_yuan(r.amount), "short": r.short} for r in p.riders],
        "subsidy": format_yuan(p.subsidy),
        "subsidy_mode": p.subsidy_mode,
        "subsidy_payer": p.subsidy_payer,
        "subsidy_name": p.subsidy_name,
        "due": format_yuan(p.due),
        "benefit_start": _day(p.benefit_start),
        "benefit_end": _day(p.benefit_end),
        "waiting_until": _day(p.waiting_until),
        "full_cost": p.full_cost,
        "explanation": list(p.explanation),
        "exempt": p.exempt,
        "excluded": p.excluded,
    }


def quote_to_json(q: Quote) -> dict[str, Any]:
    return {
        "policy": q.policy,
        "paid_on": q.paid_on.isoformat(),
        "area": q.area,
        "total_due": format_yuan(q.total_due),
        "people": [person_to_json(p) for p in q.people],
    }
