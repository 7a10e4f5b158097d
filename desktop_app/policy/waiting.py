"""Waiting periods that grow with the years a person went uncovered (国办发〔2024〕38号).

The national long-term mechanism sets, from 2025, a fixed wait for whoever enrols outside
the collection period or after a lapse, plus a variable wait per year of lapse, which the
person may shorten by paying years back — within limits. Every number is data in the
policy file (``[waiting]``); this module only adds them up and says how, part by part, so
the collector can read the sum to the villager.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, model_validator

from desktop_app.policy.fields import Cited


class WaitingByYears(Cited):
    """A fixed part, plus a part per uncovered year, less a part per year paid back; with limits."""

    fixed_months: int = Field(ge=0)
    """设置参保后固定待遇等待期3个月."""
    per_uncovered_year_months: int = Field(default=0, ge=0)
    """每多断保1年 … 增加变动待遇等待期1个月."""
    uncovered_years_free: int = Field(default=0, ge=0)
    """Uncovered years that add nothing (“每多断保1年”: the first year of a lapse adds no month)."""
    per_back_paid_year_months: int = Field(default=0, ge=0)
    """每多缴纳1年可减少1个月变动待遇等待期 (only the variable part shrinks)."""
    min_months: int = Field(default=0, ge=0)
    """The total never goes below this after paying back (修复后 … 原则上不少于6个月) …"""
    min_from_uncovered_years: int = Field(default=0, ge=0)
    """… for those uncovered at least this many consecutive years (连续断保4年及以上的); 0: everyone."""
    max_months: int | None = Field(default=None, ge=0)
    """The total never goes above this; None: no ceiling."""
    in_period: bool = False
    """Also for whoever pays inside the collection period after a lapse (未连续参保的人员), counted
    from the start of the benefit period."""

    @model_validator(mode="after")
    def _limits_ordered(self) -> WaitingByYears:
        if self.max_months is not None and self.max_months < max(self.min_months, self.fixed_months):
            raise ValueError("max_months（最长等待期）小于固定等待期或 min_months")
        return self


@dataclass(frozen=True)
class Wait:
    """A waiting period and its parts, in months."""

    months: int
    fixed: int
    added: int
    """The variable part the uncovered years add."""
    repaired: int
    """Months taken off the variable part by years paid back."""
    uncovered_years: int
    back_paid_years: int
    floor: int | None = None
    """The minimum that raised the sum, when one did."""
    ceiling: int | None = None
    """The maximum that lowered the sum, when one did."""


def wait_for(rule: WaitingByYears, uncovered_years: int, back_paid_years: int) -> Wait:
    """The months to wait for someone uncovered for ``uncovered_years`` who paid ``back_paid_years`` back."""
    counted = max(0, uncovered_years - rule.uncovered_years_free)
    added = counted * rule.per_uncovered_year_months
    repaired = min(added, back_paid_years * rule.per_back_paid_year_months)
    months = rule.fixed_months + added - repaired
    floor = ceiling = None
    if uncovered_years >= rule.min_from_uncovered_years and months < rule.min_months:
        months = floor = rule.min_months
    if rule.max_months is not None and months > rule.max_months:
        months = ceiling = rule.max_months
    return Wait(months, rule.fixed_months, added, repaired, uncovered_years, back_paid_years, floor, ceiling)


def describe_wait(wait: Wait) -> str:
    """Each part in words: 断保2年，变动等待期1个月；补缴1年，减少1个月；固定等待期3个月，合计3个月."""
    parts = []
    if wait.uncovered_years:
        parts.append(f"断保{wait.uncovered_years}年，变动等待期{wait.added}个月")
    if wait.back_paid_years:
        parts.append(f"补缴{wait.back_paid_years}年，减少{wait.repaired}个月")
    parts.append(f"固定等待期{wait.fixed}个月")
    if wait.floor is not None:
        parts.append(f"补缴后不少于{wait.floor}个月")
    if wait.ceiling is not None:
        parts.append(f"最长{wait.ceiling}个月")
    return "；".join(parts) + f"，合计等待期{wait.months}个月"
