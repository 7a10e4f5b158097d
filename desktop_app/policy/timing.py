"""When a payment falls, and what that means: the collection period, its extensions, the newborn
rule, the late rules and the waits that grow with uncovered years.

Pure, like the engine that calls it: the policy, the request and the person's facts in, an
outcome (refused, or priced and dated) and the explanation lines out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.dates import add_months, first_of_next_month, next_day
from desktop_app.policy.conditions import Facts, holds
from desktop_app.policy.model import Outcome, Policy
from desktop_app.policy.request import PersonRequest, QuoteRequest
from desktop_app.policy.waiting import Wait, describe_wait, wait_for

AddLine = Callable[[str, str | None, str | None], None]
"""Adds one explanation line: the text, the clause, and the document it cites (None: the policy's own)."""


@dataclass(frozen=True)
class Timing:
    """The outcome for a payment's date, and the wait by uncovered years when one applies."""

    outcome: Outcome
    wait: Wait | None = None
    in_period: bool = False


_IN_PERIOD = Outcome(benefit_from="period_start")
_NEWBORN = Outcome(benefit_from="birth")


def timing(policy: Policy, request: QuoteRequest, facts: Facts, add: AddLine) -> Timing:
    """Inside the collection period, or which late rule catches the payment."""
    collection = policy.collection
    start = policy.collection_start(request.area)
    area = policy.area(request.area) if request.area else None
    if area and area.collection_start:
        add(f"{area.name}集中缴费期自{area.collection_start}开始", area.clause, area.cite)
    end = collection.end
    if area and policy.collection_end(request.area) > end:
        end = policy.collection_end(request.area)
        add(f"{area.name}集中缴费期延长至{end}", area.clause, area.cite)
    for extension in collection.extensions:
        if extension.until > end and holds(extension.when, facts):
            end = extension.until
            add(f"{extension.name}：缴费期延长至{extension.until}", extension.clause, extension.cite)
    paid_on, person = request.paid_on, facts.person
    if paid_on < start:
        return Timing(Outcome(refused=True, reason=f"集中缴费期自{start}开始，今天（{paid_on}）尚不能缴费"))
    newborn = policy.newborn
    is_newborn = newborn is not None and (paid_on - person.birth_date).days <= newborn.within_days
    if paid_on <= end:
        add(f"在集中缴费期（{start}至{end}）内缴费", collection.clause, collection.cite)
        rule = policy.waiting
        if rule is not None and rule.in_period and (person.uncovered_years or 0) > 0 and not is_newborn:
            wait = wait_for(rule, person.uncovered_years or 0, person.back_paid_years or 0)
            add(f"未连续参保：{describe_wait(wait)}，自待遇期开始之日起计算", rule.clause, rule.cite)
            return Timing(_IN_PERIOD, wait, in_period=True)
        return Timing(_IN_PERIOD, in_period=True)
    add(f"已过集中缴费期（{start}至{end}）", collection.clause, collection.cite)
    if newborn is not None and is_newborn:
        add(
            f"新生儿出生{newborn.within_days}天内参保：自出生之日起享受待遇，不设待遇等待期",
            newborn.clause,
            newborn.cite,
        )
        return Timing(_NEWBORN)
    for late in policy.late_rules:
        if holds(late.when, facts):
            found = _with_wait(policy, late.outcome, person)
            add(f"{late.name}：{describe_outcome(late.outcome, found.wait)}", late.clause, late.cite)
            return _explain_wait(policy, found, person, add)
    after = collection.after_period
    found = _with_wait(policy, after, person)
    add(
        f"期外缴费：{describe_outcome(after, found.wait)}", collection.after_period_clause, collection.after_period_cite
    )
    return _explain_wait(policy, found, person, add)


def _with_wait(policy: Policy, outcome: Outcome, person: PersonRequest) -> Timing:
    rule = policy.waiting
    if not outcome.waiting_by_years or rule is None:
        return Timing(outcome)
    return Timing(outcome, wait_for(rule, person.uncovered_years or 0, person.back_paid_years or 0))


def _explain_wait(policy: Policy, found: Timing, person: PersonRequest, add: AddLine) -> Timing:
    """The wait by years, part by part, under the rule that set it."""
    if found.wait is None or policy.waiting is None:
        return found
    if person.uncovered_years is None:
        add("未填写断保年数，按上一年度已参保（断保0年）计算", None, None)
    add(describe_wait(found.wait), policy.waiting.clause, policy.waiting.cite)
    return found


_FROM_TEXT = {
    "period_start": "待遇期开始之日",
    "payment": "缴费之日",
    "day_after_payment": "缴费次日",
    "birth": "出生之日",
    "entered_on": "进入儿童福利机构之日",
    "lapse_date": "职工医保断保之日",
    "next_month": "缴费的下个月",
}


def describe_outcome(outcome: Outcome, wait: Wait | None = None) -> str:
    if outcome.refused:
        return f"不予参保（{outcome.reason}）"
    text = f"自{_FROM_TEXT[outcome.benefit_from]}起"
    if outcome.waiting_days:
        text += f"设{outcome.waiting_days}天待遇等待期"
    elif outcome.waiting_months:
        text += f"设{outcome.waiting_months}个月待遇等待期"
    elif outcome.waiting_by_years and wait is not None:
        text += f"设{wait.months}个月待遇等待期" if wait.months else "享受待遇"
    elif outcome.waiting_by_years:
        text += "设待遇等待期（按断保年数计算）"
    else:
        text += "享受待遇"
    return text


def benefit_start(found: Timing, person: PersonRequest, paid_on: date, period_start: date) -> date:
    """The first day of benefits: the outcome's starting point, plus any waiting period."""
    outcome = found.outcome
    if found.in_period:
        base = period_start
    else:
        base = {
            "period_start": period_start,
            "payment": paid_on,
            "day_after_payment": next_day(paid_on),
            "birth": person.birth_date,
            "entered_on": person.entered_on or paid_on,
            "lapse_date": person.lapse_date or paid_on,
            "next_month": first_of_next_month(paid_on),
        }[outcome.benefit_from]
    if outcome.waiting_days:
        base += timedelta(days=outcome.waiting_days)
    if outcome.waiting_months:
        base = add_months(base, outcome.waiting_months)
    if found.wait is not None and found.wait.months:
        base = add_months(base, found.wait.months)
    return base


def waits(found: Timing) -> bool:
    outcome = found.outcome
    return bool(outcome.waiting_days or outcome.waiting_months or (found.wait and found.wait.months))
