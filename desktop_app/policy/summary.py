"""A policy as a page of plain Chinese a collector could read out to a villager.

Every price is stated as the amount to pay (each group, each late rule), with no codes and
no English; what the file's author was unsure of comes last, as 需要您核对的事项.
"""

from __future__ import annotations

from desktop_app.domain.money import format_yuan_short as y
from desktop_app.policy.leaflet import describe_condition, leaflet
from desktop_app.policy.model import Policy

__all__ = ["describe_condition", "summarize"]


def summarize(policy: Policy) -> str:
    p, sheet = policy, leaflet(policy)
    out = [p.name, f"适用：{p.jurisdiction}"]
    out += [f"依据：{source}" for source in sheet.sources]
    out += ["", f"【缴费标准】每人每年{y(p.standard.amount)}元"]
    for v in p.standard.variants:
        out.append(f"　{v.name}：{y(v.amount)}元")
    if p.fiscal_share:
        out.append(f"　财政补助每人{y(p.fiscal_share)}元（筹资标准合计{y(p.fiscal_share + p.standard.amount)}元）")
    out += [f"　{r}" for r in sheet.riders]
    out += ["", "【缴费时间】", *(f"　{line}" for line in sheet.periods), f"　待遇享受期：{sheet.benefit_period}"]
    out += ["", "【各类人员个人缴费】（多重身份按最高一项资助，不叠加）"]
    out += [f"　{g.text}" for g in sheet.groups]
    out += ["", "【资助】"]
    out += [
        f"　{describe_condition(s.when, p)}：{s.name}，{'直接减免' if s.mode == 'direct' else '先缴后补'}，{s.payer}"
        for s in p.subsidies
    ] or ["　本通知没有参保资助"]
    if sheet.not_collected:
        out += ["", "【不由村代收】", *(f"　{line}" for line in sheet.not_collected)]
    out += ["", "【集中缴费期后】", *(f"　{late.text}" for late in sheet.late)]
    if sheet.waits:
        out += ["", "【待遇等待期】", *(f"　{line}" for line in sheet.waits)]
    if sheet.bring:
        out += ["", "【请带上】", f"　{'、'.join(sheet.bring)}"]
    if sheet.channels:
        out += ["", "【缴费渠道】", *(f"　{name}" for name in sheet.channels)]
    if sheet.targets:
        out += ["", "【参保率目标】", *(f"　{line}" for line in sheet.targets)]
    out += ["", "【退费】", *(f"　{line}" for line in sheet.refunds)]
    out += ["", "【本软件未计算的内容】", f"　{'、'.join(n.topic for n in p.not_encoded)}"]
    if sheet.to_check:
        out += ["", "【需要您核对的事项】", *(f"　{i}. {line}" for i, line in enumerate(sheet.to_check, 1))]
    return "\n".join(out)
