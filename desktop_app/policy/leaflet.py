"""What a collector reads out and pins on the wall (政策明白纸), as data: every price, in words.

A villager asks “how much do I pay?”, not “what is the subsidy?”: each group's line says the
amount to pay first and the help after it (低保对象：个人缴费190元（资助190元）). Each late rule
says its price, each wait its months. Nothing here is a code or a key: labels come from the
identity table and the policy's areas, and the file's ambiguities become questions for the
collector to check. Another module lays this out on A4; ``summary`` prints it for the CLI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from desktop_app.domain.codes import EXCLUSION_KINDS, IDENTITIES, REFUND_REASONS, SITUATIONS
from desktop_app.domain.money import Fen, percent_of
from desktop_app.domain.money import format_yuan_short as y
from desktop_app.policy.fields import LEVEL_NAMES, READ_NAMES
from desktop_app.policy.model import PRICE_NAMES, Condition, Outcome, Policy, Subsidy
from desktop_app.policy.timing import describe_outcome
from desktop_app.policy.waiting import WaitingByYears

LOCAL = "金额由当地确定，请乡镇在政策中填写"


@dataclass(frozen=True)
class GroupAmount:
    """One group of people and what each of them pays."""

    group: str
    standard: Fen
    subsidy: Fen | None
    """None: the notice leaves the amount to local rules (not yet filled in)."""
    to_pay: Fen | None
    """What the person hands over at the counter; None when not known yet."""
    text: str
    """The whole line in words: 低保对象：个人缴费190元（资助190元）."""


@dataclass(frozen=True)
class LatePrice:
    """Someone enrolling after the collection period: who, what it costs, when benefits start."""

    who: str
    price: str
    benefit: str

    @property
    def text(self) -> str:
        return f"{self.who}：{self.price}；{self.benefit}"


@dataclass(frozen=True)
class Leaflet:
    title: str
    jurisdiction: str
    sources: tuple[str, ...]
    benefit_period: str
    periods: tuple[str, ...]
    groups: tuple[GroupAmount, ...]
    riders: tuple[str, ...]
    not_collected: tuple[str, ...]
    late: tuple[LatePrice, ...]
    waits: tuple[str, ...]
    bring: tuple[str, ...]
    channels: tuple[str, ...]
    refunds: tuple[str, ...]
    targets: tuple[str, ...]
    to_check: tuple[str, ...]
    """需要您核对的事项: where the notice can be read more than one way."""


def leaflet(policy: Policy, area: str | None = None) -> Leaflet:
    """The 明白纸 of a policy (for one area when given: its period and riders)."""
    p = policy
    return Leaflet(
        title=p.name,
        jurisdiction=p.jurisdiction,
        sources=_sources(p),
        benefit_period=f"{p.benefit_period.start} 至 {p.benefit_period.end}",
        periods=_periods(p, area),
        groups=group_amounts(p),
        riders=tuple(
            f"另收{r.name}{y(r.amount)}元（{_area_names(p, r.areas)}）"
            for r in p.riders
            if area is None or area in r.areas
        ),
        not_collected=tuple(_exclusion(p, e.name, e.kind, e.reason) for e in p.exclusions),
        late=late_prices(p),
        waits=_waits(p),
        bring=p.bring.items if p.bring else (),
        channels=p.channels.names if p.channels else (),
        refunds=_refunds(p),
        targets=_targets(p),
        to_check=tuple(to_check(p)),
    )


def describe_condition(c: Condition, policy: Policy | None = None) -> str:
    labels = policy.identity_labels() if policy else {}
    parts: list[str] = []
    if c.identities_any:
        parts.append("、".join(labels.get(i) or IDENTITIES.get(i, "其他困难群众") for i in c.identities_any))
    if c.ethnicities_any:
        parts.append("、".join(c.ethnicities_any))
    if c.situations_any:
        parts.append("、".join(SITUATIONS[s] for s in c.situations_any))
    if c.areas_any and policy:
        parts.append(_area_names(policy, c.areas_any))
    if c.student:
        parts.append("在校学生")
    if c.student is False:
        parts.append("非在校学生")
    if c.parent_insured:
        parts.append("父母一方已参保")
    if c.born_after:
        parts.append(f"{c.born_after}以后出生")
    if c.born_on_or_before:
        parts.append(f"{c.born_on_or_before}及以前出生")
    if c.age_days_max is not None:
        parts.append(f"出生{c.age_days_max}天内")
    if c.age_days_min is not None:
        parts.append(f"出生满{c.age_days_min}天")
    if c.continuous_years_min:
        parts.append(f"连续参保{c.continuous_years_min}年以上")
    if c.lapse_months_max is not None:
        parts.append(f"断保{c.lapse_months_max}个月以内")
    if c.lapse_months_over is not None:
        parts.append(f"断保超过{c.lapse_months_over}个月")
    if c.lapse_days_max is not None:
        parts.append(f"断保{c.lapse_days_max}天以内")
    if c.lapse_days_min is not None:
        parts.append(f"断保满{c.lapse_days_min}天")
    if c.has_entered_on:
        parts.append("已进入儿童福利机构")
    return "，".join(parts) or "所有人"


def group_amounts(policy: Policy) -> tuple[GroupAmount, ...]:
    """Every group's amount to pay: ordinary residents, each standard variant, each subsidy, each
    group the notice names without help."""
    p, base = policy, policy.standard.amount
    rows = [GroupAmount("普通居民", base, 0, base, f"普通居民：个人缴费{y(base)}元")]
    rows += [
        GroupAmount(v.name, v.amount, 0, v.amount, f"{v.name}：个人缴费{y(v.amount)}元") for v in p.standard.variants
    ]
    for s in p.subsidies:
        who = s.name if s.when.born_after or s.when.parent_insured else describe_condition(s.when, p)
        rows.append(_subsidy_row(s, who, base))
        for v in p.standard.variants:
            if s.kind in ("fixed", "percent"):
                rows.append(_subsidy_row(s, f"{who}（{v.name}）", v.amount))
    labels = p.identity_labels()
    for n in p.no_subsidy:
        who = "、".join(labels[i] for i in n.identities)
        rows.append(GroupAmount(who, base, 0, base, f"{who}：个人缴费{y(base)}元（不享受资助：{n.reason}）"))
    return tuple(rows)


def _subsidy_row(s: Subsidy, who: str, standard: Fen) -> GroupAmount:
    if s.kind == "local":
        return GroupAmount(who, standard, None, None, f"{who}：{LOCAL}")
    help_ = {
        "full": standard,
        "fixed": min(s.amount or 0, standard),
        "percent": percent_of(standard, s.percent) if s.percent else 0,
    }[s.kind]
    if s.exempt:
        return GroupAmount(who, standard, help_, 0, f"{who}：免缴（个人缴费0元）")
    if s.mode == "reimburse":
        return GroupAmount(
            who,
            standard,
            help_,
            standard,
            f"{who}：个人缴费{y(standard)}元（先缴后补：缴费后由{s.payer}补助{y(help_)}元）",
        )
    to_pay = standard - help_
    return GroupAmount(who, standard, help_, to_pay, f"{who}：个人缴费{y(to_pay)}元（资助{y(help_)}元，{s.payer}）")


def late_prices(policy: Policy) -> tuple[LatePrice, ...]:
    """Each late rule and the rest, with the price a late payer pays and when benefits start."""
    p = policy
    out = []
    if p.newborn:
        out.append(
            LatePrice(
                f"新生儿出生{p.newborn.within_days}天内参保",
                _price_text(p, Outcome()),
                "自出生之日起享受待遇，不设待遇等待期",
            )
        )
    for rule in p.late_rules:
        out.append(LatePrice(rule.name, _price_text(p, rule.outcome), _benefit_text(rule.outcome)))
    after = p.collection.after_period
    out.append(LatePrice("其他人集中缴费期后缴费", _price_text(p, after), _benefit_text(after)))
    return tuple(out)


def _price_text(p: Policy, outcome: Outcome) -> str:
    if outcome.refused:
        return f"不予参保（{outcome.reason}）"
    spans = sorted(outcome.prices, key=lambda d: d.start)
    parts = [f"{d.start}至{d.end}缴费：{_one_price(p, d.price, d.amount)}" for d in spans]
    general = _one_price(p, outcome.price, None)
    if not parts:
        return general
    after = p.collection.end + timedelta(days=1)
    whole = (
        spans[0].start <= after
        and spans[-1].end >= p.benefit_period.end
        and all(b.start <= a.end + timedelta(days=1) for a, b in zip(spans, spans[1:], strict=False))
    )
    return "；".join(parts if whole else [*parts, f"其他日期缴费：{general}"])


def _one_price(p: Policy, price: str | None, amount: Fen | None) -> str:
    base = p.standard.amount
    if amount is not None:
        return f"{y(amount)}元（含财政补助部分，不享受资助）" if amount > base else f"{y(amount)}元（不享受资助）"
    if price == "full_cost" and p.fiscal_share is not None:
        return f"{y(base + p.fiscal_share)}元（含财政补助部分）"
    if price == "standard_no_subsidy":
        return f"{y(base)}元（不享受资助）"
    return f"{y(base)}元（{PRICE_NAMES['standard']}）"


def _benefit_text(outcome: Outcome) -> str:
    if outcome.refused:
        return "不能在村缴费"
    return describe_outcome(outcome)


def _waits(p: Policy) -> tuple[str, ...]:
    rule = p.waiting
    if rule is None:
        return ()
    return (wait_rule_text(rule),)


def wait_rule_text(rule: WaitingByYears) -> str:
    who = "集中缴费期外参保或未连续参保的" if rule.in_period else "集中缴费期外参保的"
    parts = [f"{who}，设固定待遇等待期{rule.fixed_months}个月"]
    if rule.per_uncovered_year_months:
        free = (
            f"（断保第{rule.uncovered_years_free}年不加）"
            if rule.uncovered_years_free == 1
            else (f"（前{rule.uncovered_years_free}年不加）" if rule.uncovered_years_free else "")
        )
        parts.append(f"每多断保1年，增加{rule.per_uncovered_year_months}个月{free}")
    if rule.per_back_paid_year_months:
        parts.append(f"每补缴1年，减少{rule.per_back_paid_year_months}个月（只减增加的部分）")
    if rule.min_months:
        since = f"连续断保{rule.min_from_uncovered_years}年及以上的，" if rule.min_from_uncovered_years else ""
        parts.append(f"{since}补缴后合计不少于{rule.min_months}个月")
    if rule.max_months is not None:
        parts.append(f"最长{rule.max_months}个月")
    return "；".join(parts)


def _periods(p: Policy, area: str | None) -> tuple[str, ...]:
    out = [f"集中缴费期：{p.collection.start} 至 {p.collection.end}"]
    for a in p.areas:
        if area is not None and a.code != area:
            continue
        if a.collection_start:
            out.append(f"{a.name}自{a.collection_start}开始")
        if a.collection_end and a.collection_end > p.collection.end:
            out.append(f"{a.name}延长至{a.collection_end}")
    for e in p.collection.extensions:
        out.append(f"{e.name}（{describe_condition(e.when, p)}）：延长至{e.until}")
    return tuple(out)


def _area_names(p: Policy, codes: tuple[str, ...]) -> str:
    return "、".join(a.name for a in p.areas if a.code in codes)


def _exclusion(p: Policy, name: str, kind: str | None, reason: str) -> str:
    if kind == "school":
        return f"{name}：{EXCLUSION_KINDS['school']}"
    return f"{name}：不在村代收（{reason}）"


def _sources(p: Policy) -> tuple[str, ...]:
    if not p.documents:
        return (f"{p.document}（{p.issued_on}）",)
    out = []
    for d in p.documents:
        facts = [
            x
            for x in (
                d.number,
                str(d.issued_on) if d.issued_on else None,
                LEVEL_NAMES[d.level] + "文件" if d.level else None,
            )
            if x
        ]
        facts.append(f"依据{READ_NAMES[d.read]}" if d.read != "notice" else "已读通知原文")
        out.append(f"{d.title}（{'，'.join(facts)}）")
    return tuple(out)


def _refunds(p: Policy) -> tuple[str, ...]:
    if not p.refunds:
        return (p.no_refund_reason,)
    return tuple(f"待遇开始前因{'、'.join(REFUND_REASONS[r] for r in rf.reasons)}可退个人缴费" for rf in p.refunds)


def _targets(p: Policy) -> tuple[str, ...]:
    out = [f"全体参保率：{p.participation_target.normalize():f}%"] if p.participation_target else []
    labels = p.identity_labels()
    out += [
        f"{t.name}（{'、'.join(labels[i] for i in t.identities)}）参保率：{t.percent.normalize():f}%"
        for t in p.participation_targets
    ]
    return tuple(out)


_ASCII_ASIDE = re.compile(r"[（(][^（）()]*[A-Za-z][^（）()]*[）)]")
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*\"?([A-Za-z0-9_.\-]+)\"?")
_ASCII_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.\[\]]*")
_WORDS = {
    "student": "在校学生",
    "parent_insured": "父母一方已参保",
    "exclusions": "不代收名单",
    "late_rules": "期外参保规则",
    "ethnicities_any": "民族名单",
    "identities_any": "身份名单",
    "reimburse": "先缴后补",
    "direct": "直接减免",
    "payer": "资助方",
    "fiscal_share": "财政补助标准",
    "full_cost": "按筹资标准全额缴费",
    "document": "文号",
    "issued_on": "印发日期",
    "no_subsidy": "无资助名单",
    "refunds": "退费规则",
    "no_refund_reason": "退费提示",
    "participation_target": "参保率目标",
    "full": "全额",
    "fixed": "定额",
    "percent": "按比例",
}


def plain(text: str, policy: Policy) -> str:
    """A reading written for the file's editor, in words a collector can check: codes and keys
    become Chinese words, asides about keys disappear."""
    names: dict[str, str] = {
        **_WORDS,
        **policy.identity_labels(),
        **SITUATIONS,
        **REFUND_REASONS,
        **{a.code: a.name for a in policy.areas},
    }

    def assignment(m: re.Match[str]) -> str:
        key, value = m.group(1), m.group(2)
        return names.get(value) or (names.get(key, "") if value == "true" else "")

    text = _ASSIGNMENT.sub(assignment, text)
    for code in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z_]){re.escape(code)}(?![A-Za-z_])", names[code], text)
    text = _ASCII_ASIDE.sub("", text)
    text = _ASCII_WORD.sub("", text)
    return re.sub(r"\s+", "", text)


def to_check(policy: Policy) -> list[str]:
    """需要您核对的事项: each ambiguity as its question, or its topic and the reading chosen."""
    return [a.ask or f"{a.topic}：本软件的读法是——{plain(a.choice, policy)}" for a in policy.ambiguities]
