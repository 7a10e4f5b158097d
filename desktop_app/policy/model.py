"""The schema of a policy file: everything a notice says about money and dates.

A new year or county is a new TOML file, not new code, so every rule the engine applies
lives here as data, with the notice's clause (``clause``) and own words (``quote``).
Unknown keys are refused: a misspelt key must not silently fall back to a default.

Version 2 of the schema (``schema_version = 2``) only adds optional keys — cited documents,
local identities, prices for late payers, waits by uncovered years, newborns, group targets,
payment channels — so a file of version 1 loads and quotes exactly as it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator

from desktop_app.domain.codes import IDENTITY_KINDS, REFUND_REASONS, IdentityKind, check_kinds
from desktop_app.policy.fields import CURRENT_SCHEMA, Cited, Document, Strict, Yuan
from desktop_app.policy.rules import (
    Bring,
    Channels,
    Condition,
    Exclusion,
    LocalIdentity,
    Newborn,
    NoSubsidy,
    ParticipationTarget,
    Subsidy,
    known,
)
from desktop_app.policy.waiting import WaitingByYears

__all__ = ["CURRENT_SCHEMA", "Cited", "Condition", "Document", "Exclusion", "Outcome", "Policy", "Subsidy", "Yuan"]


class Area(Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    collection_start: date | None = None
    """Where the notice gives this area its own start of the collection period."""
    collection_end: date | None = None
    """Where a notice extends the period for this area (长沙 to 2022-02-28)."""
    clause: str | None = None
    quote: str | None = None
    cite: str | None = None


class StandardVariant(Cited):
    """A different individual standard for some people (students, those born after a date)."""

    name: str
    amount: Yuan
    any_of: tuple[Condition, ...] = Field(min_length=1)


class Standard(Cited):
    amount: Yuan
    variants: tuple[StandardVariant, ...] = ()


class Rider(Cited):
    """An amount collected with the contribution in some areas (a long-term care insurance pilot)."""

    name: str
    amount: Yuan
    areas: tuple[str, ...] = Field(min_length=1)
    short: str | None = Field(default=None, min_length=1, max_length=8)
    """The notice's own short name (长护险), for a column heading; None: the heading says only 附加."""


class Extension(Cited):
    """The collection period runs longer for some people (返乡农民工 to 02-28) or areas."""

    name: str
    until: date
    when: Condition


BenefitFrom = Literal["period_start", "payment", "day_after_payment", "birth", "entered_on", "lapse_date", "next_month"]
Price = Literal["standard", "standard_no_subsidy", "full_cost"]
PRICE_NAMES: dict[str, str] = {
    "standard": "按个人缴费标准，可享受资助",
    "standard_no_subsidy": "按个人缴费标准，不享受资助",
    "full_cost": "按筹资标准全额缴纳（含财政补助部分），不享受资助",
}


class DatedPrice(Strict):
    """What a late payer pays when paying between two dates (a price that rises through the year)."""

    start: date
    end: date
    price: Price | None = None
    amount: Yuan | None = None
    """A set amount instead (the notice's own figure, 1020), with no subsidy."""

    @model_validator(mode="after")
    def _one_price(self) -> DatedPrice:
        if (self.price is None) == (self.amount is None):
            raise ValueError("每一段须写 price（standard / standard_no_subsidy / full_cost）或 amount 之一")
        if self.end < self.start:
            raise ValueError(f"结束日期 {self.end} 早于开始日期 {self.start}")
        return self


class Outcome(Strict):
    """What happens to a payment a rule catches: refused, or priced and dated."""

    refused: bool = False
    reason: str | None = None
    benefit_from: BenefitFrom = "day_after_payment"
    waiting_days: int = Field(default=0, ge=0)
    waiting_months: int = Field(default=0, ge=0)
    waiting_by_years: bool = False
    """The wait is the policy's ``[waiting]``: fixed plus per uncovered year, less years paid back."""
    price: Price = "standard"
    """'full_cost' is the whole 筹资标准: standard plus the fiscal share, no subsidy."""
    prices: tuple[DatedPrice, ...] = ()
    """Prices by payment date; a date in none of them pays ``price``."""

    @model_validator(mode="after")
    def _refusal_has_reason(self) -> Outcome:
        if self.refused and not self.reason:
            raise ValueError("refused = true 时必须写 reason（拒收理由，中文）")
        if self.waiting_by_years and (self.waiting_days or self.waiting_months):
            raise ValueError("waiting_by_years 与 waiting_days / waiting_months 不能同时写")
        spans = sorted(self.prices, key=lambda p: p.start)
        if any(later.start <= earlier.end for earlier, later in zip(spans, spans[1:], strict=False)):
            raise ValueError("prices 中的日期段有重叠")
        return self

    def price_on(self, day: date) -> DatedPrice | None:
        return next((p for p in self.prices if p.start <= day <= p.end), None)


class LateRule(Cited):
    """A situation in which someone may still enrol outside the collection period."""

    name: str
    when: Condition
    outcome: Outcome


class RefundRule(Cited):
    reasons: tuple[str, ...] = Field(min_length=1)
    until: Literal["benefit_start"] = "benefit_start"
    """Refund allowed before the person's benefits start (which ends any waiting period)."""

    @field_validator("reasons")
    @classmethod
    def _known_reasons(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return known(v, REFUND_REASONS, "退费原因代码")


class Period(Cited):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"结束日期 {self.end} 早于开始日期 {self.start}")
        return self


class Collection(Period):
    """The collection period; everything after it goes through the late rules."""

    extensions: tuple[Extension, ...] = ()
    after_period: Outcome
    """What happens to someone no late rule catches."""
    after_period_clause: str
    after_period_quote: str = Field(min_length=4)
    after_period_cite: str | None = None


class NotEncoded(Strict):
    """A thing the notice says that the engine does not compute, and why."""

    topic: str
    quote: str
    reason: str


class Ambiguity(Strict):
    """Where the notice can be read more than one way, and the reading chosen."""

    topic: str
    quote: str
    choice: str
    ask: str | None = None
    """The question for the collector, in plain words (需要您核对的事项); None: the topic and choice."""


class Policy(Strict):
    schema_version: int = Field(default=1, ge=1)
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    jurisdiction: str
    document: str
    """The notice's number, used in every explanation line: 某政〔2021〕31号."""
    issued_on: date
    benefit_year: int = Field(ge=2000, le=2100)
    documents: tuple[Document, ...] = ()
    identities: tuple[LocalIdentity, ...] = ()
    """Groups of this notice's own, beside DESIGN.md's base table."""
    benefit_period: Period
    standard: Standard
    fiscal_share: Yuan | None = None
    fiscal_share_clause: str | None = None
    fiscal_share_quote: str | None = None
    fiscal_share_cite: str | None = None
    areas: tuple[Area, ...] = ()
    area_required: bool = False
    riders: tuple[Rider, ...] = ()
    collection: Collection
    stacking: Literal["highest"] = "highest"
    stacking_clause: str | None = None
    stacking_quote: str | None = None
    """Few notices state the rule; where none allows a sum, the highest applies."""
    subsidies: tuple[Subsidy, ...] = ()
    no_subsidy: tuple[NoSubsidy, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    newborn: Newborn | None = None
    late_rules: tuple[LateRule, ...] = ()
    waiting: WaitingByYears | None = None
    refunds: tuple[RefundRule, ...] = ()
    no_refund_reason: str = "本通知未规定个人退费，退费须按县医保部门的规定办理"
    participation_target: Decimal | None = Field(default=None, gt=0, le=100)
    participation_targets: tuple[ParticipationTarget, ...] = ()
    channels: Channels | None = None
    bring: Bring | None = None
    not_encoded: tuple[NotEncoded, ...] = Field(min_length=1)
    ambiguities: tuple[Ambiguity, ...] = ()

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, v: int) -> int:
        if v > CURRENT_SCHEMA:
            raise ValueError(f"这是第{v}版的政策文件，本程序只认识到第{CURRENT_SCHEMA}版；请先升级征缴通")
        return v

    @model_validator(mode="after")
    def _cross_references(self) -> Policy:
        problems: list[str] = []
        codes = {a.code for a in self.areas}
        if len(codes) != len(self.areas):
            problems.append("areas 中有重复的地区代码")
        for rider in self.riders:
            for code in rider.areas:
                if code not in codes:
                    problems.append(f"riders“{rider.name}”用到的地区 {code} 不在 areas 中")
        for cond in self._conditions():
            for code in cond.areas_any:
                if code not in codes:
                    problems.append(f"条件中的地区 {code} 不在 areas 中")
        outcomes = [r.outcome for r in self.late_rules] + [self.collection.after_period]
        if self.fiscal_share is None and any(
            o.price == "full_cost" or any(p.price == "full_cost" for p in o.prices) for o in outcomes
        ):
            problems.append("有按筹资标准全额缴费的规则，但没有写 fiscal_share（财政补助标准）")
        if self.waiting is None and any(o.waiting_by_years for o in outcomes):
            problems.append("有 waiting_by_years = true 的规则，但没有写 [waiting]（按断保年数的等待期）")
        if self.benefit_period.start.year != self.benefit_year:
            problems.append("benefit_period.start 不在 benefit_year 这一年")
        problems += self._document_problems()
        problems += self._identity_problems()
        if problems:
            raise ValueError("；".join(problems))
        return self

    def _document_problems(self) -> list[str]:
        ids = [d.id for d in self.documents]
        problems = [f"documents 中的 id {i} 重复" for i in sorted({i for i in ids if ids.count(i) > 1})]
        for where, cite in self._citations():
            if cite is not None and cite not in ids:
                problems.append(f'{where} 的 cite = "{cite}" 不在 documents 中')
        return problems

    def _identity_problems(self) -> list[str]:
        base = {k.code for k in IDENTITY_KINDS}
        problems = [
            f"identities 中的 {i.code} 与基本身份代码重名，请换一个代码" for i in self.identities if i.code in base
        ]
        return problems + check_kinds(self.identity_kinds())

    def _conditions(self) -> list[Condition]:
        conds: list[Condition] = [s.when for s in self.subsidies]
        conds += [e.when for e in self.collection.extensions]
        conds += [e.when for e in self.exclusions]
        conds += [r.when for r in self.late_rules]
        conds += [c for v in self.standard.variants for c in v.any_of]
        return conds

    def _citations(self) -> Iterator[tuple[str, str | None]]:
        """Every rule's ``cite``, with where it is, for the cross-check against ``documents``."""
        yield "benefit_period", self.benefit_period.cite
        yield "standard", self.standard.cite
        yield "collection", self.collection.cite
        yield "collection.after_period_cite", self.collection.after_period_cite
        yield "fiscal_share_cite", self.fiscal_share_cite
        named: list[tuple[str, tuple[Cited | Area | LocalIdentity, ...]]] = [
            ("standard.variants", self.standard.variants),
            ("areas", self.areas),
            ("riders", self.riders),
            ("collection.extensions", self.collection.extensions),
            ("subsidies", self.subsidies),
            ("no_subsidy", self.no_subsidy),
            ("exclusions", self.exclusions),
            ("late_rules", self.late_rules),
            ("refunds", self.refunds),
            ("identities", self.identities),
            ("participation_targets", self.participation_targets),
        ]
        for key, items in named:
            for i, item in enumerate(items):
                yield f"{key}[{i}]", item.cite
        for key, single in (
            ("newborn", self.newborn),
            ("waiting", self.waiting),
            ("channels", self.channels),
            ("bring", self.bring),
        ):
            if single is not None:
                yield key, single.cite

    def identity_kinds(self) -> tuple[IdentityKind, ...]:
        """The base identities and this policy's own, in that order."""
        local = tuple(IdentityKind(i.code, i.label, i.label, i.aliases, i.within) for i in self.identities)
        return IDENTITY_KINDS + local

    def identity_labels(self) -> dict[str, str]:
        """Code → label for every identity this policy knows (the base table and its own)."""
        return {k.code: k.label for k in self.identity_kinds()}

    def identity_codes(self) -> frozenset[str]:
        return frozenset(k.code for k in self.identity_kinds())

    def cited(self, cite: str | None) -> str:
        """How an explanation line names the document a rule cites (the policy's own by default)."""
        document = next((d for d in self.documents if d.id == cite), None) if cite else None
        return document.label() if document else self.document

    def area(self, code: str) -> Area | None:
        return next((a for a in self.areas if a.code == code), None)

    def collection_start(self, area_code: str | None) -> date:
        area = self.area(area_code) if area_code else None
        if area and area.collection_start:
            return area.collection_start
        return self.collection.start

    def collection_end(self, area_code: str | None) -> date:
        area = self.area(area_code) if area_code else None
        if area and area.collection_end and area.collection_end > self.collection.end:
            return area.collection_end
        return self.collection.end
