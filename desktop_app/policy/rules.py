"""The parts of a policy file that name people: conditions, local identities, subsidies and groups.

Which identity codes a condition may use is not fixed here: the base table (domain.codes)
plus whatever local identities the policy itself declares. The loader passes that set in
the validation context, so an unknown code is still reported at its own key
(``subsidies[0].when.identities_any``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from desktop_app.domain.codes import CODE_PATTERN, ETHNICITIES, EXCLUSION_KINDS, IDENTITIES, SITUATIONS
from desktop_app.policy.fields import Cited, Strict, Yuan


def known(values: tuple[str, ...], table: Mapping[str, object], what: str) -> tuple[str, ...]:
    unknown = [v for v in values if v not in table]
    if unknown:
        raise ValueError(f"未知的{what}：{'、'.join(unknown)}")
    return values


def known_identities(values: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    """Base codes, plus the policy's own local ones when the loader says which they are."""
    context = info.context if isinstance(info.context, Mapping) else {}
    table = context.get("identities") or IDENTITIES
    return known(values, table, "身份代码")


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
    def _known_identities(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return known_identities(v, info)

    @field_validator("situations_any")
    @classmethod
    def _known_situations(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return known(v, SITUATIONS, "情形代码")

    @field_validator("ethnicities_any")
    @classmethod
    def _known_ethnicities(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return known(v, dict.fromkeys(ETHNICITIES), "民族")


class LocalIdentity(Strict):
    """A group the notice names that DESIGN.md's table has not (a township's own 低保边缘户, say)."""

    code: str = Field(pattern=CODE_PATTERN)
    label: str = Field(min_length=2)
    aliases: tuple[str, ...] = ()
    within: str | None = None
    """A wider group (a code) that covers this one."""
    clause: str | None = None
    quote: str | None = None
    cite: str | None = None


class Subsidy(Cited):
    """Help with the individual contribution for a group of people."""

    name: str
    kind: Literal["full", "fixed", "percent", "local"]
    """'local': the notice leaves the amount to local rules (按有关文件规定执行); the quote refuses
    to compute it until the township writes the amount in."""
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
            raise ValueError('kind = "fixed" 需要写 amount（定额资助金额）')
        if self.kind == "percent" and self.percent is None:
            raise ValueError('kind = "percent" 需要写 percent（资助比例）')
        if self.kind == "full" and (self.amount is not None or self.percent is not None):
            raise ValueError('kind = "full" 不写 amount 或 percent（全额即个人缴费标准）')
        if self.kind == "local" and (self.amount is not None or self.percent is not None):
            raise ValueError(
                'kind = "local"（金额由当地确定）不写 amount 或 percent；乡镇定下金额后改为 fixed 或 percent'
            )
        if self.exempt and (self.kind != "full" or self.mode != "direct"):
            raise ValueError('exempt = true（免缴）只用于 kind = "full"、mode = "direct" 的资助')
        return self


class NoSubsidy(Cited):
    """A group the notice names but gives nothing (e.g. 稳定脱贫人口不再享受资助)."""

    identities: tuple[str, ...] = Field(min_length=1)
    reason: str

    @field_validator("identities")
    @classmethod
    def _known_identities(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return known_identities(v, info)


class Exclusion(Cited):
    """People the village collector does not collect from at all (e.g. students, who pay at school)."""

    name: str
    reason: str
    when: Condition
    kind: str | None = None
    """Why, as a coverage reason (``school``: 由学校组织参保); such people are not unpaid in the village."""

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, v: str | None) -> str | None:
        if v is not None:
            known((v,), EXCLUSION_KINDS, "不代收原因代码")
        return v


class ParticipationTarget(Cited):
    """A group with a participation target of its own (困难群众应保尽保: 100%)."""

    name: str = Field(min_length=1)
    identities: tuple[str, ...] = Field(min_length=1)
    percent: Decimal = Field(gt=0, le=100)

    @field_validator("identities")
    @classmethod
    def _known_identities(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return known_identities(v, info)


class Channels(Cited):
    """The payment channels the notice names, for the 明白纸 (the village's cash desk is one of many)."""

    names: tuple[str, ...] = Field(min_length=1)


class Bring(Cited):
    """What the notice asks people to bring (证件、材料), for the 明白纸."""

    items: tuple[str, ...] = Field(min_length=1)


class Newborn(Cited):
    """A newborn enrolled within ``within_days`` of birth is covered from birth, with no wait."""

    within_days: int = Field(ge=0)
