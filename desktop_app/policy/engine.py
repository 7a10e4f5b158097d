"""The quote: what each person owes on a date under a policy, and why.

Pure: the policy and the request in, a frozen Quote out; no file, no clock. The payment
dialog, the CLI and the county's checks all call this one function, so an amount on a
receipt can always be explained line by line from the notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.dates import add_months, first_of_next_month, next_day
from desktop_app.domain.money import Fen, format_yuan_short, percent_of
from desktop_app.policy.conditions import Facts, holds
from desktop_app.policy.model import Outcome, Policy, Subsidy
from desktop_app.policy.request import PersonRequest, QuoteRequest, RequestError


@dataclass(frozen=True)
class RiderLine:
    name: str
    amount: Fen
    short: str | None = None
    """The rider's short name from the policy (长护险), for a column heading; None when the file gives none."""


@dataclass(frozen=True)
class PersonQuote:
    name: str
    id_number: str | None
    birth_date: date
    eligible: bool
    reason: str | None
    standard: Fen
    riders: tuple[RiderLine, ...]
    subsidy: Fen
    subsidy_mode: str | None
    subsidy_payer: str | None
    subsidy_name: str | None
    due: Fen
    benefit_start: date | None
    benefit_end: date | None
    waiting_until: date | None
    """Last day of a waiting period (待遇等待期), when there is one."""
    full_cost: bool
    explanation: tuple[str, ...]
    exempt: bool = False
    """The winning subsidy frees the person from paying at all (免缴), as the policy file marks it."""

    @property
    def rider_total(self) -> Fen:
        return sum(r.amount for r in self.riders)


@dataclass(frozen=True)
class Quote:
    policy: str
    paid_on: date
    area: str | None
    people: tuple[PersonQuote, ...]

    @property
    def total_due(self) -> Fen:
        return sum(p.due for p in self.people if p.eligible)


def check_request(policy: Policy, request: QuoteRequest) -> None:
    """Raise RequestError for what the policy cannot quote (an area outside it)."""
    if request.policy != policy.id:
        raise RequestError("policy", f"请求的政策 {request.policy} 与所给政策 {policy.id} 不符")
    if request.area is not None and policy.area(request.area) is None:
        known = "、".join(f"{a.code}（{a.name}）" for a in policy.areas) or "（本政策不分地区，不填 area）"
        raise RequestError("area", f"“{request.area}”不是{policy.jurisdiction}的地区，可用：{known}")


def quote(policy: Policy, request: QuoteRequest) -> Quote:
    check_request(policy, request)
    people = tuple(_quote_person(policy, request, person) for person in request.people)
    return Quote(policy=policy.id, paid_on=request.paid_on, area=request.area, people=people)


class _Lines:
    """Explanation lines, each ending in the notice's citation."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.lines: list[str] = []

    def add(self, text: str, clause: str | None) -> None:
        cite = f"（{self.document} {clause}）" if clause else ""
        self.lines.append(text + cite)


def _quote_person(policy: Policy, request: QuoteRequest, person: PersonRequest) -> PersonQuote:
    paid_on = request.paid_on
    facts = Facts(person=person, paid_on=paid_on, area=request.area)
    lines = _Lines(policy.document)

    def refuse(reason: str) -> PersonQuote:
        return _ineligible(person, reason, tuple(lines.lines))

    for exclusion in policy.exclusions:
        if holds(exclusion.when, facts):
            lines.add(f"{exclusion.name}：{exclusion.reason}", exclusion.clause)
            return refuse(exclusion.reason)
    if paid_on < person.birth_date:
        return refuse(f"缴费日期 {paid_on} 早于出生日期 {person.birth_date}")
    period = policy.benefit_period
    if paid_on > period.end:
        return refuse(f"{policy.benefit_year}年度待遇期已于{period.end}结束，不能再为该年度缴费")

    outcome = _timing(policy, request, facts, lines)
    if outcome.refused:
        assert outcome.reason is not None
        return refuse(outcome.reason)

    standard = _standard(policy, facts, lines)
    riders = _riders(policy, request.area, lines)
    subsidy: Subsidy | None = None
    subsidy_amount = 0
    if outcome.price == "full_cost":
        assert policy.fiscal_share is not None
        lines.add(
            f"按当年筹资标准一次性足额缴纳{format_yuan_short(standard + policy.fiscal_share)}元"
            f"（个人缴费{format_yuan_short(standard)}元＋财政补助{format_yuan_short(policy.fiscal_share)}元），"
            "不享受参保资助",
            policy.fiscal_share_clause,
        )
        standard += policy.fiscal_share
    else:
        subsidy, subsidy_amount = _subsidy(policy, facts, standard, lines)

    start = _benefit_start(outcome, person, paid_on)
    start = max(start, period.start, person.birth_date)
    waiting_until = None
    if outcome.waiting_days or outcome.waiting_months:
        waiting_until = start - timedelta(days=1)
    if start > period.end:
        return refuse(
            f"按规定待遇从 {start} 起享受，已超出{policy.benefit_year}年度待遇期（至 {period.end}），本年度缴费无待遇"
        )
    lines.add(f"待遇享受期 {start} 至 {period.end}", None)

    due = standard + sum(r.amount for r in riders)
    if subsidy is not None and subsidy.mode == "direct":
        due -= subsidy_amount
    return PersonQuote(
        name=person.name,
        id_number=person.id_number,
        birth_date=person.birth_date,
        eligible=True,
        reason=None,
        standard=standard,
        riders=riders,
        subsidy=subsidy_amount,
        subsidy_mode=subsidy.mode if subsidy else None,
        subsidy_payer=subsidy.payer if subsidy else None,
        subsidy_name=subsidy.name if subsidy else None,
        due=due,
        benefit_start=start,
        benefit_end=period.end,
        waiting_until=waiting_until,
        full_cost=outcome.price == "full_cost",
        explanation=tuple(lines.lines),
        exempt=subsidy.exempt if subsidy else False,
    )


def _ineligible(person: PersonRequest, reason: str, explanation: tuple[str, ...]) -> PersonQuote:
    return PersonQuote(
        name=person.name, id_number=person.id_number, birth_date=person.birth_date,
        eligible=False, reason=reason, standard=0, riders=(), subsidy=0, subsidy_mode=None,
        subsidy_payer=None, subsidy_name=None, due=0, benefit_start=None, benefit_end=None,
        waiting_until=None, full_cost=False, explanation=explanation + (f"不能参保缴费：{reason}",),
    )


_IN_PERIOD = Outcome(benefit_from="period_start")


def _timing(policy: Policy, request: QuoteRequest, facts: Facts, lines: _Lines) -> Outcome:
    """Inside the collection period, or which late rule catches the payment."""
    collection = policy.collection
    start = policy.collection_start(request.area)
    area = policy.area(request.area) if request.area else None
    if area and area.collection_start:
        lines.add(f"{area.name}集中缴费期自{area.collection_start}开始", area.clause)
    end = collection.end
    for extension in collection.extensions:
        if extension.until > end and holds(extension.when, facts):
            end = extension.until
            lines.add(f"{extension.name}：缴费期延长至{extension.until}", extension.clause)
    paid_on = request.paid_on
    if paid_on < start:
        return Outcome(refused=True, reason=f"集中缴费期自{start}开始，今天（{paid_on}）尚不能缴费")
    if paid_on <= end:
        lines.add(f"在集中缴费期（{start}至{end}）内缴费", collection.clause)
        return _IN_PERIOD
    lines.add(f"已过集中缴费期（{start}至{end}）", collection.clause)
    for rule in policy.late_rules:
        if holds(rule.when, facts):
            lines.add(f"{rule.name}：{describe_outcome(rule.outcome)}", rule.clause)
            return rule.outcome
    lines.add(f"期外缴费：{describe_outcome(collection.after_period)}", collection.after_period_clause)
    return collection.after_period


_FROM_TEXT = {
    "period_start": "待遇期开始之日",
    "payment": "缴费之日",
    "day_after_payment": "缴费次日",
    "birth": "出生之日",
    "entered_on": "进入儿童福利机构之日",
    "lapse_date": "职工医保断保之日",
    "next_month": "缴费的下个月",
}


def describe_outcome(outcome: Outcome) -> str:
    if outcome.refused:
        return f"不予参保（{outcome.reason}）"
    text = f"自{_FROM_TEXT[outcome.benefit_from]}起"
    if outcome.waiting_days:
        text += f"设{outcome.waiting_days}天待遇等待期"
    elif outcome.waiting_months:
        text += f"设{outcome.waiting_months}个月待遇等待期"
    else:
        text += "享受待遇"
    return text


def _benefit_start(outcome: Outcome, person: PersonRequest, paid_on: date) -> date:
    base = {
        "period_start": date.min,
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
    return base


def _standard(policy: Policy, facts: Facts, lines: _Lines) -> Fen:
    for variant in policy.standard.variants:
        if any(holds(c, facts) for c in variant.any_of):
            lines.add(f"{variant.name}个人缴费标准{format_yuan_short(variant.amount)}元", variant.clause)
            return variant.amount
    lines.add(f"个人缴费标准{format_yuan_short(policy.standard.amount)}元", policy.standard.clause)
    return policy.standard.amount


def _riders(policy: Policy, area: str | None, lines: _Lines) -> tuple[RiderLine, ...]:
    found = []
    for rider in policy.riders:
        if area in rider.areas:
            lines.add(f"{rider.name}{format_yuan_short(rider.amount)}元，与医保费一并缴纳", rider.clause)
            found.append(RiderLine(rider.name, rider.amount, rider.short))
        elif area is None:
            lines.add(f"未指定地区，不计{rider.name}（仅在试点地区收取）", rider.clause)
    return tuple(found)


def _subsidy_amount(subsidy: Subsidy, standard: Fen) -> Fen:
    if subsidy.kind == "full":
        return standard
    if subsidy.kind == "fixed":
        assert subsidy.amount is not None
        return min(subsidy.amount, standard)
    assert subsidy.percent is not None
    return percent_of(standard, subsidy.percent)


def _subsidy(policy: Policy, facts: Facts, standard: Fen, lines: _Lines) -> tuple[Subsidy | None, Fen]:
    """The single highest subsidy the person qualifies for; never a sum."""
    for entry in policy.no_subsidy:
        held = [IDENTITIES[c] for c in entry.identities if c in facts.person.identities]
        if held:
            lines.add(f"{'、'.join(held)}：{entry.reason}", entry.clause)
    matches = [(s, _subsidy_amount(s, standard)) for s in policy.subsidies if holds(s.when, facts)]
    if not matches:
        return None, 0
    # Highest amount wins; on a tie, money paid now beats money paid back later.
    best, amount = max(matches, key=lambda m: (m[1], m[0].mode == "direct"))
    how = "" if best.mode == "direct" else "，先缴后补：先按标准全额缴纳，之后由" + best.payer + "补助"
    share = f"（{best.percent.normalize():f}%）" if best.kind == "percent" and best.percent else ""
    lines.add(f"{best.name}{share}{format_yuan_short(amount)}元{how}", best.clause)
    for other, other_amount in matches:
        if other is not best:
            rule = "按就高原则不重复资助" if policy.stacking_clause else "只享受最高一项资助，不叠加（本通知未规定可叠加）"
            lines.add(f"另符合{other.name}（{format_yuan_short(other_amount)}元），{rule}", policy.stacking_clause)
    return best, amount
