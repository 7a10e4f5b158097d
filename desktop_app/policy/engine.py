"""The quote: what each person owes on a date under a policy, and why.

Pure: the policy and the request in, a frozen Quote out; no file, no clock. The payment
dialog, the CLI and the county's checks all call this one function, so an amount on a
receipt can always be explained line by line from the notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.codes import EXCLUSION_KINDS, covering
from desktop_app.domain.money import Fen, format_yuan_short, percent_of
from desktop_app.policy.conditions import Facts, holds
from desktop_app.policy.model import Outcome, Policy, Subsidy
from desktop_app.policy.request import PersonRequest, QuoteRequest, RequestError
from desktop_app.policy.timing import benefit_start, describe_outcome, timing, waits

__all__ = ["PersonQuote", "Quote", "RiderLine", "check_request", "describe_outcome", "quote"]


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
    excluded: str | None = None
    """Why the village does not collect from this person (``school``: the school organises it), when
    the policy's exclusion says; such a person is not unpaid in the village."""

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
    codes = policy.identity_labels()
    for i, person in enumerate(request.people):
        unknown = [c for c in person.identities if c not in codes]
        if unknown:
            raise RequestError(f"people[{i}].identities", f"未知的身份代码“{unknown[0]}”，可用：{'、'.join(codes)}")


def quote(policy: Policy, request: QuoteRequest) -> Quote:
    check_request(policy, request)
    people = tuple(_quote_person(policy, request, person) for person in request.people)
    return Quote(policy=policy.id, paid_on=request.paid_on, area=request.area, people=people)


class _Lines:
    """Explanation lines, each ending in the citation of the document the rule came from."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.lines: list[str] = []

    def add(self, text: str, clause: str | None, cite: str | None = None) -> None:
        where = f"（{self.policy.cited(cite)} {clause}）" if clause else ""
        self.lines.append(text + where)


def _quote_person(policy: Policy, request: QuoteRequest, person: PersonRequest) -> PersonQuote:
    paid_on = request.paid_on
    held = covering(person.identities, policy.identity_kinds())
    facts = Facts(person=person, paid_on=paid_on, area=request.area, identities=held)
    lines = _Lines(policy)

    def refuse(reason: str, verdict: str = "不能参保缴费", excluded: str | None = None) -> PersonQuote:
        return _ineligible(person, reason, tuple(lines.lines), verdict, excluded)

    for exclusion in policy.exclusions:
        if holds(exclusion.when, facts):
            lines.add(f"{exclusion.name}：{exclusion.reason}", exclusion.clause, exclusion.cite)
            return refuse(exclusion.reason, _verdict(exclusion.kind), exclusion.kind)
    if paid_on < person.birth_date:
        return refuse(f"缴费日期 {paid_on} 早于出生日期 {person.birth_date}")
    period = policy.benefit_period
    if paid_on > period.end:
        return refuse(f"{policy.benefit_year}年度待遇期已于{period.end}结束，不能再为该年度缴费")

    found = timing(policy, request, facts, lines.add)
    outcome = found.outcome
    if outcome.refused:
        assert outcome.reason is not None
        return refuse(outcome.reason)

    standard = _standard(policy, facts, lines)
    riders = _riders(policy, request.area, lines)
    subsidy: Subsidy | None = None
    subsidy_amount = 0
    standard, price = _price(policy, outcome, paid_on, standard, lines)
    if price == "standard":
        matched = _subsidy(policy, facts, standard, lines)
        if isinstance(matched, str):
            return refuse(matched)
        subsidy, subsidy_amount = matched

    start = benefit_start(found, person, paid_on, period.start)
    start = max(start, period.start, person.birth_date)
    waiting_until = start - timedelta(days=1) if waits(found) else None
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
        full_cost=price == "full_cost",
        explanation=tuple(lines.lines),
        exempt=subsidy.exempt if subsidy else False,
    )


def _verdict(kind: str | None) -> str:
    """The closing line for someone the village does not collect from: never 不能参保 for a pupil."""
    if kind == "school":
        return EXCLUSION_KINDS["school"]
    if kind is not None:
        return f"不在村代收（{EXCLUSION_KINDS[kind]}）"
    return "不能参保缴费"


def _ineligible(
    person: PersonRequest,
    reason: str,
    explanation: tuple[str, ...],
    verdict: str = "不能参保缴费",
    excluded: str | None = None,
) -> PersonQuote:
    return PersonQuote(
        name=person.name,
        id_number=person.id_number,
        birth_date=person.birth_date,
        eligible=False,
        reason=reason,
        standard=0,
        riders=(),
        subsidy=0,
        subsidy_mode=None,
        subsidy_payer=None,
        subsidy_name=None,
        due=0,
        benefit_start=None,
        benefit_end=None,
        waiting_until=None,
        full_cost=False,
        explanation=explanation + (f"{verdict}：{reason}",),
        excluded=excluded,
    )


def _price(policy: Policy, outcome: Outcome, paid_on: date, standard: Fen, lines: _Lines) -> tuple[Fen, str]:
    """What a payment costs under its outcome: the standard (with subsidies), the standard without
    them, the full cost, or the notice's own amount for the day it is paid."""
    dated = outcome.price_on(paid_on)
    kind = outcome.price
    if dated is not None:
        if dated.amount is not None:
            more = "（含财政补助部分）" if dated.amount > standard else ""
            lines.add(
                f"{dated.start}至{dated.end}期间缴费：按规定缴纳{format_yuan_short(dated.amount)}元{more}，"
                "不享受参保资助",
                None,
            )
            return dated.amount, "full_cost" if dated.amount > standard else "standard_no_subsidy"
        assert dated.price is not None
        kind = dated.price
        lines.add(f"{dated.start}至{dated.end}期间缴费", None)
    if kind == "full_cost":
        assert policy.fiscal_share is not None
        lines.add(
            f"按当年筹资标准一次性足额缴纳{format_yuan_short(standard + policy.fiscal_share)}元"
            f"（个人缴费{format_yuan_short(standard)}元＋财政补助{format_yuan_short(policy.fiscal_share)}元），"
            "不享受参保资助",
            policy.fiscal_share_clause,
            policy.fiscal_share_cite,
        )
        return standard + policy.fiscal_share, kind
    if kind == "standard_no_subsidy":
        lines.add(f"按个人缴费标准{format_yuan_short(standard)}元缴纳，不享受参保资助", None)
    return standard, kind


def _standard(policy: Policy, facts: Facts, lines: _Lines) -> Fen:
    for variant in policy.standard.variants:
        if any(holds(c, facts) for c in variant.any_of):
            lines.add(f"{variant.name}个人缴费标准{format_yuan_short(variant.amount)}元", variant.clause, variant.cite)
            return variant.amount
    lines.add(
        f"个人缴费标准{format_yuan_short(policy.standard.amount)}元", policy.standard.clause, policy.standard.cite
    )
    return policy.standard.amount


def _riders(policy: Policy, area: str | None, lines: _Lines) -> tuple[RiderLine, ...]:
    found = []
    for rider in policy.riders:
        if area in rider.areas:
            lines.add(f"{rider.name}{format_yuan_short(rider.amount)}元，与医保费一并缴纳", rider.clause, rider.cite)
            found.append(RiderLine(rider.name, rider.amount, rider.short))
        elif area is None:
            lines.add(f"未指定地区，不计{rider.name}（仅在试点地区收取）", rider.clause, rider.cite)
    return tuple(found)


def _subsidy_amount(subsidy: Subsidy, standard: Fen) -> Fen:
    if subsidy.kind == "full":
        return standard
    if subsidy.kind == "fixed":
        assert subsidy.amount is not None
        return min(subsidy.amount, standard)
    assert subsidy.percent is not None
    return percent_of(standard, subsidy.percent)


LOCAL_AMOUNT = "金额由当地确定，请乡镇在政策中填写"


def _subsidy(policy: Policy, facts: Facts, standard: Fen, lines: _Lines) -> tuple[Subsidy | None, Fen] | str:
    """The single highest subsidy the person qualifies for; never a sum.

    A group whose amount the notice leaves to local rules (kind = "local") cannot be compared:
    unless another subsidy already pays everything, the answer is the reason to refuse.
    """
    labels = policy.identity_labels()
    for entry in policy.no_subsidy:
        held = [labels[c] for c in entry.identities if c in facts.identities]
        if held:
            lines.add(f"{'、'.join(held)}：{entry.reason}", entry.clause, entry.cite)
    found = [s for s in policy.subsidies if holds(s.when, facts)]
    local = [s for s in found if s.kind == "local"]
    matches = [(s, _subsidy_amount(s, standard)) for s in found if s.kind != "local"]
    best = max(matches, key=lambda m: (m[1], m[0].mode == "direct")) if matches else None
    if local and not (best and best[1] >= standard and best[0].mode == "direct"):
        lines.add(f"{local[0].name}：{LOCAL_AMOUNT}", local[0].clause, local[0].cite)
        return f"{local[0].name}：{LOCAL_AMOUNT}"
    if best is None:
        return None, 0
    # Highest amount wins; on a tie, money paid now beats money paid back later.
    chosen, amount = best
    how = "" if chosen.mode == "direct" else "，先缴后补：先按标准全额缴纳，之后由" + chosen.payer + "补助"
    share = f"（{chosen.percent.normalize():f}%）" if chosen.kind == "percent" and chosen.percent else ""
    lines.add(f"{chosen.name}{share}{format_yuan_short(amount)}元{how}", chosen.clause, chosen.cite)
    rule = "按就高原则不重复资助" if policy.stacking_clause else "只享受最高一项资助，不叠加（本通知未规定可叠加）"
    for other, other_amount in matches:
        if other is not chosen:
            lines.add(f"另符合{other.name}（{format_yuan_short(other_amount)}元），{rule}", policy.stacking_clause)
    for other in local:
        lines.add(f"另符合{other.name}（金额由当地确定），{rule}", policy.stacking_clause)
    return chosen, amount
