"""A policy file as the township's editor shows it: plain values in words, no keys, no codes.

The township officer edits last year's policy as a form — the standard and its variants,
the riders and their areas, the subsidies per identity (local identities included), the
periods and their extensions, the price and wait of paying late, newborns — and a table
of sample households with the amounts the notice implies. Every value is the text the
officer sees (金额 in 元, dates as 2027-01-01, identities by their Chinese names); reading
them back and checking them is ``services.policy_from_form``, writing the TOML
``services.policy_editing``.

A rule's conditions other than identities (born after a date, students, …) are shown but
kept as the file has them: the form changes amounts, dates, names and who is helped,
not the shape of the notice. Rows the officer adds are new rules with the policy's own
document, their clause and the notice's words (条款, 通知原文) typed beside them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.domain.money import Fen, format_yuan_short
from desktop_app.policy.leaflet import describe_condition
from desktop_app.policy.model import Condition, Outcome, Policy
from desktop_app.services.policies import cases_path
from desktop_app.services.policy_files import read_policy_file
from desktop_app.services.policy_sample_rows import SampleRow, read_sample_area, read_samples

__all__ = [
    "KIND_LABELS",
    "MODE_LABELS",
    "PRICE_LABELS",
    "AreaRow",
    "CitedText",
    "ExtensionRow",
    "LateRuleRow",
    "LocalIdentityRow",
    "PolicyForm",
    "PriceRow",
    "RiderRow",
    "SubsidyRow",
    "VariantRow",
    "WaitingForm",
    "read_form",
    "wait_text",
    "yuan_text",
]

PRICE_LABELS = {
    "standard": "按个人缴费标准（享受资助）",
    "standard_no_subsidy": "按个人缴费标准（不享受资助）",
    "full_cost": "按筹资标准全额（不享受资助）",
}
KIND_LABELS = {"full": "全额", "fixed": "定额", "percent": "按比例", "local": "当地确定", "exempt": "免缴"}
MODE_LABELS = {"direct": "直接减免", "reimburse": "先缴后补"}
BY_YEARS = "按断保年数"


@dataclass(frozen=True)
class CitedText:
    """Where a rule stands in the notice: its clause (条款) and the notice's own words (通知原文)."""

    clause: str = ""
    quote: str = ""


@dataclass(frozen=True)
class VariantRow:
    name: str
    amount: str
    who: str = ""  # read-only: the variant's conditions in words


@dataclass(frozen=True)
class RiderRow:
    name: str
    amount: str
    areas: str  # area names, 、-separated
    clause: str = ""
    quote: str = ""
    index: int | None = None  # the file's row it edits; None: a new rider


@dataclass(frozen=True)
class SubsidyRow:
    name: str
    who: str  # identity names, 、-separated
    kind: str  # a KIND_LABELS value
    value: str  # 定额: 元; 按比例: percent; otherwise empty
    payer: str
    mode: str = MODE_LABELS["direct"]
    clause: str = ""
    quote: str = ""
    others: str = ""  # read-only: conditions besides identities, kept as the file has them
    index: int | None = None


@dataclass(frozen=True)
class LocalIdentityRow:
    label: str
    aliases: str = ""  # 、-separated
    code: str = ""  # kept from the file; a new row gets one when written


@dataclass(frozen=True)
class AreaRow:
    name: str
    collection_start: str = ""
    collection_end: str = ""
    code: str = ""


@dataclass(frozen=True)
class ExtensionRow:
    name: str
    until: str
    who: str = ""  # read-only


@dataclass(frozen=True)
class PriceRow:
    start: str
    end: str
    price: str  # a PRICE_LABELS value, or an amount in 元 (a set price, no subsidy)


@dataclass(frozen=True)
class LateRuleRow:
    name: str
    price: str  # a PRICE_LABELS value, or 不予参保
    wait: str  # "", "3个月", "90天", 按断保年数
    who: str = ""  # read-only


@dataclass(frozen=True)
class WaitingForm:
    """The wait by uncovered years (国办发〔2024〕38号): all empty means the policy has none."""

    fixed: str = ""
    per_uncovered: str = ""
    free_years: str = ""
    per_back_paid: str = ""
    min_months: str = ""
    min_from: str = ""
    max_months: str = ""
    in_period: bool = False
    cite: CitedText = CitedText()


@dataclass(frozen=True)
class PolicyForm:
    policy_id: str
    name: str
    jurisdiction: str
    document: str
    issued_on: str
    benefit_year: str
    standard: str
    standard_cite: CitedText
    fiscal_share: str = ""
    variants: tuple[VariantRow, ...] = ()
    riders: tuple[RiderRow, ...] = ()
    subsidies: tuple[SubsidyRow, ...] = ()
    identities: tuple[LocalIdentityRow, ...] = ()
    benefit_start: str = ""
    benefit_end: str = ""
    benefit_cite: CitedText = CitedText()
    collection_start: str = ""
    collection_end: str = ""
    collection_cite: CitedText = CitedText()
    areas: tuple[AreaRow, ...] = ()
    extensions: tuple[ExtensionRow, ...] = ()
    after_refused: bool = False
    after_reason: str = ""
    after_price: str = PRICE_LABELS["standard"]
    after_prices: tuple[PriceRow, ...] = ()
    after_wait: str = ""
    after_cite: CitedText = CitedText()
    late_rules: tuple[LateRuleRow, ...] = ()
    waiting: WaitingForm = WaitingForm()
    newborn_days: str = ""
    newborn_cite: CitedText = CitedText()
    samples: tuple[SampleRow, ...] = ()
    sample_area: str = ""  # the area name the samples pay in (a policy that charges by area)
    base: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The file as read: what the form does not show is written back from it unchanged."""
    extra_cases: tuple[dict[str, Any], ...] = field(default=(), compare=False, repr=False)
    """Cases of the file that are not sample households (kept as they are)."""


def yuan_text(fen: Fen | None) -> str:
    return "" if fen is None else format_yuan_short(fen)


def _day(value: object) -> str:
    return "" if value is None else str(value)


def wait_text(outcome: Outcome) -> str:
    if outcome.waiting_by_years:
        return BY_YEARS
    if outcome.waiting_months:
        return f"{outcome.waiting_months}个月"
    if outcome.waiting_days:
        return f"{outcome.waiting_days}天"
    return ""


def _who(condition: Condition, policy: Policy) -> str:
    labels = policy.identity_labels()
    return "、".join(labels.get(c, c) for c in condition.identities_any)


def _others(condition: Condition, policy: Policy) -> str:
    """A condition's parts besides identities, in words ('' when there are none)."""
    rest = condition.model_copy(update={"identities_any": ()})
    return "" if rest == Condition() else describe_condition(rest, policy)


def read_form(path: Path, *, keep_cases: bool = True) -> PolicyForm:
    """A policy file (and its sample households, unless ``keep_cases`` is False) as the editor's form."""
    p, raw = read_policy_file(path)
    base: dict[str, Any] = tomllib.loads(raw.decode("utf-8-sig"))
    subsidies = tuple(
        SubsidyRow(
            s.name,
            _who(s.when, p),
            KIND_LABELS["exempt"] if s.exempt else KIND_LABELS[s.kind],
            yuan_text(s.amount) if s.kind == "fixed" else (f"{s.percent.normalize():f}" if s.percent else ""),
            s.payer,
            MODE_LABELS[s.mode],
            s.clause,
            s.quote,
            _others(s.when, p),
            i,
        )
        for i, s in enumerate(p.subsidies)
    )
    areas = {a.code: a.name for a in p.areas}
    after = p.collection.after_period
    w = p.waiting
    waiting = (
        WaitingForm()
        if w is None
        else WaitingForm(
            str(w.fixed_months),
            str(w.per_uncovered_year_months),
            str(w.uncovered_years_free),
            str(w.per_back_paid_year_months),
            str(w.min_months),
            str(w.min_from_uncovered_years),
            "" if w.max_months is None else str(w.max_months),
            w.in_period,
            CitedText(w.clause, w.quote),
        )
    )
    samples, extra = read_samples(cases_path(path), p) if keep_cases else ((), ())
    return PolicyForm(
        policy_id=p.id,
        name=p.name,
        jurisdiction=p.jurisdiction,
        document=p.document,
        issued_on=p.issued_on.isoformat(),
        benefit_year=str(p.benefit_year),
        standard=yuan_text(p.standard.amount),
        standard_cite=CitedText(p.standard.clause, p.standard.quote),
        fiscal_share=yuan_text(p.fiscal_share),
        variants=tuple(
            VariantRow(v.name, yuan_text(v.amount), "；或".join(describe_condition(c, p) for c in v.any_of))
            for v in p.standard.variants
        ),
        riders=tuple(
            RiderRow(r.name, yuan_text(r.amount), "、".join(areas.get(c, c) for c in r.areas), r.clause, r.quote, i)
            for i, r in enumerate(p.riders)
        ),
        subsidies=subsidies,
        identities=tuple(LocalIdentityRow(i.label, "、".join(i.aliases), i.code) for i in p.identities),
        benefit_start=p.benefit_period.start.isoformat(),
        benefit_end=p.benefit_period.end.isoformat(),
        benefit_cite=CitedText(p.benefit_period.clause, p.benefit_period.quote),
        collection_start=p.collection.start.isoformat(),
        collection_end=p.collection.end.isoformat(),
        collection_cite=CitedText(p.collection.clause, p.collection.quote),
        areas=tuple(AreaRow(a.name, _day(a.collection_start), _day(a.collection_end), a.code) for a in p.areas),
        extensions=tuple(
            ExtensionRow(e.name, e.until.isoformat(), describe_condition(e.when, p)) for e in p.collection.extensions
        ),
        after_refused=after.refused,
        after_reason=after.reason or "",
        after_price=PRICE_LABELS[after.price],
        after_prices=tuple(
            PriceRow(d.start.isoformat(), d.end.isoformat(), PRICE_LABELS[d.price] if d.price else yuan_text(d.amount))
            for d in sorted(after.prices, key=lambda d: d.start)
        ),
        after_wait=wait_text(after),
        after_cite=CitedText(p.collection.after_period_clause, p.collection.after_period_quote),
        late_rules=tuple(
            LateRuleRow(
                r.name,
                "不予参保" if r.outcome.refused else PRICE_LABELS[r.outcome.price],
                wait_text(r.outcome),
                describe_condition(r.when, p),
            )
            for r in p.late_rules
        ),
        waiting=waiting,
        newborn_days="" if p.newborn is None else str(p.newborn.within_days),
        newborn_cite=CitedText() if p.newborn is None else CitedText(p.newborn.clause, p.newborn.quote),
        samples=samples,
        sample_area=read_sample_area(cases_path(path), areas) if keep_cases else "",
        base=base,
        extra_cases=extra,
    )
