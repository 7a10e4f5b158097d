"""A policy as a page of plain Chinese a collector could read out to a villager."""

from __future__ import annotations

from desktop_app.domain.codes import IDENTITIES, REFUND_REASONS, SITUATIONS
from desktop_app.domain.money import format_yuan_short as y
from desktop_app.policy.engine import describe_outcome
from desktop_app.policy.model import Condition, Policy


def describe_condition(c: Condition) -> str:
    parts: list[str] = []
    if c.identities_any:
        parts.append("、".join(IDENTITIES[i] for i in c.identities_any))
    if c.ethnicities_any:
        parts.append("、".join(c.ethnicities_any))
    if c.situations_any:
        parts.append("、".join(SITUATIONS[s] for s in c.situations_any))
    if c.student:
        parts.append("在校学生")
    if c.parent_insured:
        parts.append("父母一方已参保")
    if c.born_after:
        parts.append(f"{c.born_after}以后出生")
    if c.age_days_max is not None:
        parts.append(f"出生{c.age_days_max}天内")
    if c.age_days_min is not None:
        parts.append(f"出生满{c.age_days_min}天")
    if c.continuous_years_min:
        parts.append(f"连续参保{c.continuous_years_min}年以上")
    if c.lapse_months_max is not None:
        parts.append(f"断保{c.lapse_months_max}个月以内")
    if c.lapse_days_max is not None:
        parts.append(f"断保{c.lapse_days_max}天以内")
    return "，".join(parts) or "所有人"


def summarize(policy: Policy) -> str:
    p = policy
    out = [f"{p.name}（{p.id}）", f"依据：{p.document}（{p.issued_on}）　适用：{p.jurisdiction}", ""]
    out.append(f"【缴费标准】每人每年{y(p.standard.amount)}元")
    for v in p.standard.variants:
        out.append(f"　{v.name}：{y(v.amount)}元")
    if p.fiscal_share:
        out.append(f"　财政补助每人{y(p.fiscal_share)}元（筹资标准合计{y(p.fiscal_share + p.standard.amount)}元）")
    for r in p.riders:
        names = "、".join(a.name for a in p.areas if a.code in r.areas)
        out.append(f"　另收{r.name}{y(r.amount)}元（{names}）")
    out += ["", "【缴费时间】", f"　集中缴费期：{p.collection.start} 至 {p.collection.end}"]
    for a in p.areas:
        if a.collection_start:
            out.append(f"　{a.name}自{a.collection_start}开始")
    for e in p.collection.extensions:
        out.append(f"　{e.name}（{describe_condition(e.when)}）：延长至{e.until}")
    out.append(f"　待遇享受期：{p.benefit_period.start} 至 {p.benefit_period.end}")
    out += ["", "【资助】（多重身份按最高一项资助，不叠加）"]
    for s in p.subsidies:
        amount = {"full": "全额", "fixed": f"{y(s.amount or 0)}元", "percent": f"{s.percent}%"}[s.kind]
        mode = "直接减免" if s.mode == "direct" else "先缴后补"
        out.append(f"　{describe_condition(s.when)}：{amount}，{mode}，{s.payer}")
    for n in p.no_subsidy:
        out.append(f"　{'、'.join(IDENTITIES[i] for i in n.identities)}：{n.reason}")
    if p.exclusions:
        out += ["", "【不由村代收】"]
        out += [f"　{ex.name}：{ex.reason}" for ex in p.exclusions]
    out += ["", "【集中缴费期后】"]
    for rule in p.late_rules:
        out.append(f"　{rule.name}：{describe_outcome(rule.outcome)}")
    out.append(f"　其他人：{describe_outcome(p.collection.after_period)}")
    out += ["", "【退费】"]
    if p.refunds:
        for rf in p.refunds:
            out.append(f"　待遇开始前因{'、'.join(REFUND_REASONS[r] for r in rf.reasons)}可退个人缴费")
    else:
        out.append(f"　{p.no_refund_reason}")
    out += ["", "【本软件未计算的内容】"]
    out += [f"　{n.topic}：{n.reason}" for n in p.not_encoded]
    return "\n".join(out)
