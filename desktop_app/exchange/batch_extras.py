"""What a batch row says beyond the payment line: the ONE subsidised identity, its list, the riders' names.

A line keeps every identity its person held on the payment day (``identities``) and the
name of the one subsidy the quote chose (``subsidy_name``), but not which identity earned
it. The county's template wants that one identity (参保身份/人员类别 as the subsidy
office counts it), so it is worked out here from the policy the payment was quoted under:

1. no subsidy (or 0) on the line: none;
2. the chosen subsidy's condition names identities: the person's own held code that falls
   under one of them (脱贫不稳定户 under 监测对象 counts as 脱贫不稳定户), the first in the
   identity table's order (its order of precedence) when several do;
3. it names ethnicities (达拉特旗's 蒙古族 … 定额补助): the person's ethnicity;
4. it names neither (an age or a situation): none — the subsidy's name and payer say it;
5. the policy file or the subsidy is no longer known: the first held identity, in table order.

The quote engine could say this itself (a ``subsidy_identity`` beside ``subsidy_name`` in
``PersonQuote`` and ``PaymentLine``, frozen at payment); until it does, this rule reads
the same answer back from the policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from desktop_app.domain.codes import IDENTITIES, IDENTITY_KINDS, covering
from desktop_app.domain.payments import PaymentLine
from desktop_app.domain.register import Identity
from desktop_app.policy.model import Policy

__all__ = ["identity_source", "rider_shorts", "subsidised_identity"]


def subsidised_identity(policy: Policy | None, line: PaymentLine, ethnicity: str) -> tuple[str, str]:
    """(identity code or "", what the row says): the identity (or ethnicity) the line's subsidy was given for."""
    if line.subsidy <= 0 or not line.subsidy_name:
        return "", ""
    labels = policy.identity_labels() if policy is not None else IDENTITIES
    held = [code for code in labels if code in line.identities]
    chosen = next((s for s in policy.subsidies if s.name == line.subsidy_name), None) if policy else None
    if chosen is None:
        return (held[0], labels[held[0]]) if held else ("", "")
    wanted = set(chosen.when.identities_any)
    if wanted:
        kinds = policy.identity_kinds() if policy is not None else IDENTITY_KINDS
        for code in held:
            if covering((code,), kinds) & wanted:
                return code, labels[code]
        return "", ""
    if chosen.when.ethnicities_any and ethnicity in chosen.when.ethnicities_any:
        return "", ethnicity
    return "", ""


def identity_source(records: Iterable[Identity], code: str, day: date) -> str:
    """The list the identity came from ('民政：2021年低保名单'), of a record valid on the payment day when one is."""
    if not code:
        return ""
    found = [r for r in records if r.code == code]
    best = next((r for r in found if r.holds_on(day)), found[0] if found else None)
    if best is None:
        return ""
    return "：".join(part for part in (best.source.strip(), best.list_name.strip()) if part)


def rider_shorts(policy: Policy | None) -> dict[str, str]:
    """Rider name -> its short name (长护险) in the policy, for ``rider:长护险`` columns."""
    if policy is None:
        return {}
    return {r.name: r.short or "" for r in policy.riders}
