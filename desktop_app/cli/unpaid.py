"""``zhengjiao unpaid``: the people the collector must still visit, and what each would pay today.

Only the uncovered are listed (issue 12 §4): not paid here, not paid through another
channel, not excluded (职工医保, 外地参保, 现役军人 …); someone who refused stays, with the
reason the collector wrote. ``due`` is the quote for today (``--on``: another day), household by household as
the payment dialog would make it; ``null`` where the village does not collect from the
person (``note`` says why). ``--hardship-only`` keeps the 困难群众, who must all be insured.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from desktop_app.cli import cli, print_json
from desktop_app.cli.ledger import DATE, opened
from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import format_yuan
from desktop_app.services.summaries import UnpaidDue, hardship_codes, unpaid_dues


@cli.command("unpaid")
@click.option("--year", "year", type=int, default=None, help="缴费年度（默认最近开启的年度）")
@click.option("--hardship-only", is_flag=True, help="只列困难群众（特困、低保、监测对象等）")
@click.option("--on", "on", type=DATE, default=None, help="应缴金额按哪一天缴费计算（默认今天）")
@click.pass_obj
def unpaid_command(obj: dict[str, Any], year: int | None, hardship_only: bool, on: date | None) -> None:
    """未缴名单：本年度还没有参保（本村和其他渠道都没有缴费、也不属于不计入的人员）的人，及今天应缴金额。"""
    with opened(obj, write=False) as ledger:
        found = unpaid_dues(ledger, year, on=on)
        chosen = ledger.year(year).year
        if hardship_only:
            wanted = hardship_codes(ledger, chosen)
            found = [d for d in found if wanted.intersection(d.person.identities)]
    if obj["json"]:
        print_json({"benefit_year": chosen, "count": len(found), "people": [unpaid_json(d) for d in found]})
        return
    households = len({(d.person.village_group, d.person.household_no) for d in found})
    click.echo(f"{chosen}年度未缴 {len(found)} 人（{households} 户）" + ("，只列困难群众" if hardship_only else ""))
    for d in found:
        p = d.person
        labels = "、".join(IDENTITIES.get(c, c) for c in p.identities)
        due = f"应缴 {format_yuan(d.due)} 元" if d.due is not None else d.note
        reason = f"　未参保原因：{p.reason}" if p.reason else ""
        click.echo(
            f"{p.village_group or '（未分组）'} {p.household_no} {p.name} {p.id_number or '（无证件）'}"
            f"{'　' + labels if labels else ''}　{due}{reason}"
        )


def unpaid_json(d: UnpaidDue) -> dict[str, Any]:
    p = d.person
    return {
        "id_number": p.id_number,
        "name": p.name,
        "household_no": p.household_no,
        "village_group": p.village_group,
        "identities": list(p.identities),
        "due": format_yuan(d.due) if d.due is not None else None,
        "note": d.note,
        "status": p.mark.status if p.mark else None,
        "reason": p.reason,
    }
