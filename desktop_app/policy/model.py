"""The schema of a policy file: everything a notice says about money and dates.

A new year or county is a new TOML file, not new code, so every rule the engine applies
lives here as data, with the notice's clause (``clause``) and own words (``quote``).
Unknown keys are refused: a misspelt key must not silently fall back to a default.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from desktop_app.domain.codes import ETHNICITIES, IDENTITIES, REFUND_REASONS, SITUATIONS
from desktop_app.domain.money import Fen, MoneyError, parse_yuan


def _yuan_to_fen(value: object) -> Fen:
    if isinstance(value, float):
        raise ValueError("金额不能写成小数形式的数字，请写成整数元（320）或文字（\"320.50\"）")
    try:
        return parse_yuan(value)  # type: ignore[arg-type]
    except MoneyError as e:
        raise ValueError(str(e)) from None


Yuan = Annotated[int, BeforeValidator(_yuan_to_fen)]
"""An amount written in yuan in the file, held in fen."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Cited(Strict):
    """A rule with the notice's clause number and its own words."""

    clause: str = Field(min_length=1)
    quote: str = Field(min_length=4)


class Condition(Strict):
    """Who a rule applies to. All given fields must hold (AND); empty means everyone."""

    identities_any: tuple[str, ...] = ()
    ethnicities_any: tuple[str, ...] = ()
    situations_any: tuple[str, ...] = ()
    areas_any: tuple[str, ...] = ()
    student: bool | None = None
    parent_insured: bool | None = None
    born_after: date | None = None
    born_on_or_before: date | None = None
    age_days_max: int | None = Field(default=None, ge=0)
    """Days from birth to the payment, at most (90 for '出生之日起90日内')."""
    age_days_min: int | None = Field(default=None, ge=0)
    lapse_days_max: int | None = Field(default=None, ge=0)
    """Days from the employee-insurance lapse to the payment, at most."""
    lapse_days_min: int | None = Field(default=None, ge=0)
    lapse_months_max: int | None = Field(default=None, ge=0)
    """Calendar months from the lapse to the payment, at most ('不超过3个月')."""
    lapse_months_over: int | None = Field(default=None, ge=0)
    continuous_years_min: int | None = Field(default=None, ge=0)
    has_entered_on: bool | None = None

    @field_validator("identities_any")
    @classmethod
    def _known_identities(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _known(v, IDENTITIES, "身份代码")

    @field_validator("situations_any")
    @classmethod
    def _known_situations(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _known(v, SITUATIONS, "情形代码")

    @field_validator("ethnicities_any")
    @classmethod
    def _known_ethnicities(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _known(v, dict.fromkeys(ETHNICITIES), "民族")


def _known(values: tuple[str, ...], table: Mapping[str, object], what: str) -> tuple[str, ...]:
    unknown = [v for v in values if v not in table]
    if unknown:
        raise ValueError(f"未知的{what}：{'、'.join(unknown)}")
    return values


class Area(Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    collection_start: date | None = None
    """Where the notice gives this area its own start of the collection period."""
    clause: str | None = None
    quote: str | None = None


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


class Subsidy(Cited):
    """Help with the individual contribution for a group of people."""

    name: str
    kind: Literal["full", "fixed", "percent"]
    amount: Yuan | None = None
    percent: Decimal | None = Field(default=None, gt=0, le=100)
    mode: Literal["direct", "reimburse"] = "direct"
    payer: str = Field(min_length=1)
    when: Condition
    exempt: bool = False
    """The notice frees these people from paying at all (免缴), rather than someone paying for them."""

    @model_validator(mode="after")
    def _amount_matches_kind(self) -> Subsidy:
        if self.kind == "fixed" and self.amount is None:
            raise ValueError("kind = \"fixed\" 需要写 amount（定额资助金额）")
        if self.kind == "percent" and self.percent is None:
            raise ValueError("kind = \"percent\" 需要写 percent（资助比例）")
        if self.kind == "full" and (self.amount is not None or self.percent is not None):
            raise ValueError("kind = \"full\" 不写 amount 或 percent（全额即个人缴费标准）")
        if self.exempt and (self.kind != "full" or self.mode != "direct"):
            raise ValueError("exempt = true（免缴）只用于 kind = \"full\"、mode = \"direct\" 的资助")
        return self


class NoSubsidy(Cited):
    """A group the notice names but gives nothing (e.g. 稳定脱贫人口不再享受资助)."""

    identities: tuple[str, ...] = Field(min_length=1)
    reason: str

    @field_validator("identities")
    @classmethod
    def _known_identities(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _known(v, IDENTITIES, "身份代码")


class Extension(Cited):
    """The collection period runs longer for some people (返乡农民工 to 02-28)."""

    name: str
    until: date
    when: Condition


class Exclusion(Cited):
    """People the village collector does not collect from at all (e.g. students, who pay at school)."""

    name: str
    reason: str
    when: Condition


BenefitFrom = Literal[
    "period_start", "payment", "day_after_payment", "birth", "entered_on", "lapse_date", "next_month"
]


class Outcome(Strict):
    """What happens to a payment a rule catches: refused, or priced and dated."""

    refused: bool = False
    reason: str | None = None
    benefit_from: BenefitFrom = "day_after_payment"
    waiting_days: int = Field(default=0, ge=0)
    waiting_months: int = Field(default=0, ge=0)
    price: Literal["standard", "full_cost"] = "standard"
    """'full_cost' is the whole 筹资标准: standard plus the fiscal share, no subsidy."""

    @model_validator(mode="after")
    def _refusal_has_reason(self) -> Outcome:
        if self.refused and not self.reason:
            raise ValueError("refused = true 时必须写 reason（拒收理由，中文）")
        return self


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
        return _known(v, REFUND_REASONS, "退费原因代码")


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


class Policy(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    jurisdiction: str
    document: str
    """The notice's number, used in every explanation line: 某政〔2021〕31号."""
    issued_on: date
    benefit_year: int = Field(ge=2000, le=2100)
    benefit_period: Period
    standard: Standard
    fiscal_share: Yuan | None = None
    fiscal_share_clause: str | None = None
    fiscal_share_quote: str | None = None
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
    late_rules: tuple[LateRule, ...] = ()
    refunds: tuple[RefundRule, ...] = ()
    no_refund_reason: str = "本通知未规定个人退费，退费须按县医保部门的规定办理"
    participation_target: Decimal | None = Field(default=None, gt=0, le=100)
    not_encoded: tuple[NotEncoded, ...] = Field(min_length=1)
    ambiguities: tuple[Ambiguity, ...] = ()

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
        if any(r.outcome.price == "full_cost" for r in self.late_rules) and self.fiscal_share is None:
            problems.append("有按筹资标准全额缴费的规则，但没有写 fiscal_share（财政补助标准）")
        if self.benefit_period.start.year != self.benefit_year:
            problems.append("benefit_period.start 不在 benefit_year 这一年")
        if problems:
            raise ValueError("；".join(problems))
        return self

    def _conditions(self) -> list[Condition]:
        conds: list[Condition] = [s.when for s in self.subsidies]
        conds += [e.when for e in self.collection.extensions]
        conds += [e.when for e in self.exclusions]
        conds += [r.when for r in self.late_rules]
        conds += [c for v in self.standard.variants for c in v.any_of]
        return conds

    def area(self, code: str) -> Area | None:
        return next((a for a in self.areas if a.code == code), None)

    def collection_start(self, area_code: str | None) -> date:
        area = self.area(area_code) if area_code else None
        if area and area.collection_start:
            return area.collection_start
        return self.collection.start
