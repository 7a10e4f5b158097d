"""``zhengjiao year start``, ``zhengjiao years`` and ``zhengjiao history``: benefit years and people's history.

Opening a year changes what everyone is charged from then on, so it asks the acting
collector's own password, as a void does. ``history`` shows a person's uncovered and
back-paid years before a benefit year as the quote will use them, and enters them for
someone the ledger cannot know (new to the village); ``--clear`` takes an entry back.
"""

from __future__ import annotations

from typing import Any

import click

from desktop_app.cli import cli, fail, print_json
from desktop_app.cli.ledger import (
    OPERATOR_HELP,
    PASSWORD_HELP,
    acting_of,
    acting_options,
    acting_with_password,
    opened,
)
from desktop_app.domain.history import LEDGER, SOURCE_LABELS, PersonHistory, YearSummary
from desktop_app.services.register import find_by_id_number
from desktop_app.services.years import clear_history, history_entries, history_for, list_years, open_year, set_history


@cli.group("year")
def year_group() -> None:
    """缴费年度：开启新年度。"""


@year_group.command("start")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("--policy", "policy_id", required=True, help="新年度的政策编号，见 zhengjiao policies list")
@click.option("--area", default=None, help="地区拼音代码（政策分地区时；默认沿用上一年度的地区）")
@click.option("--skip-gap", is_flag=True, help="允许跳过未开启的年度（跳过的年度不计入断保年数）")
@click.option("--operator", "operator", default=None, help=OPERATOR_HELP)
@click.option("--password", default=None, help=PASSWORD_HELP)
@click.pass_obj
def year_start(
    obj: dict[str, Any],
    year: int,
    policy_id: str,
    area: str | None,
    skip_gap: bool,
    operator: str | None,
    password: str | None,
) -> None:
    """开启新的缴费年度：户、人员与身份原样带入，以前年度的缴费与参保情况保留为历史，收据号从000001重新编号。"""
    with opened(obj) as ledger:
        acting = acting_with_password(ledger, operator, None, password)
        started = open_year(ledger, acting, year, policy_id, area, skip_gap=skip_gap)
        summary = next(s for s in list_years(ledger) if s.year == started.year)
    if obj["json"]:
        print_json(summary.to_json())
    else:
        click.echo(
            f"已开启{summary.year}年度：{_policy_text(summary)}。户、人员与身份原样带入；"
            f"以前年度的缴费与参保情况保留为历史；收据号从000001重新编号"
        )


@cli.command("years")
@click.pass_obj
def years_command(obj: dict[str, Any]) -> None:
    """列出账本开启的缴费年度及其政策、开启日期与人数。"""
    with opened(obj, write=False) as ledger:
        years = list_years(ledger)
    if obj["json"]:
        print_json([y.to_json() for y in years])
        return
    if not years:
        click.echo("账本还没有开启任何缴费年度")
        return
    click.echo("年度　政策　　　　　　　　　　　　　开启日期　　开启人　收据数　已参保人数")
    for y in years:
        click.echo(
            f"{y.year}　{_policy_text(y)}　{y.opened_on.isoformat()}　{y.opened_by}　{y.payments}　{y.people_covered}"
        )
    click.echo(f"当前年度：{years[-1].year}（其他年度用 --year 指定）")


def _policy_text(y: YearSummary) -> str:
    name = y.policy_name or "（政策文件不可用）"
    area = f"，{y.area_name or y.area}" if y.area else ""
    return f"{y.policy_id}（{name}{area}）"


@cli.command("history")
@click.option("--id-number", required=True, help="人员的证件号码")
@click.option("--uncovered", type=click.IntRange(0), default=None, help="登记断保年数（本年度以前连续未参保的年数）")
@click.option("--back-paid", type=click.IntRange(0), default=None, help="登记补缴年数（默认0）")
@click.option("--note", default="", help="说明（如：县医保系统查询结果）")
@click.option("--clear", "clear_it", is_flag=True, help="清除收款员登记的断保年数，改用账本记录")
@acting_options
@click.pass_obj
def history_command(
    obj: dict[str, Any],
    id_number: str,
    uncovered: int | None,
    back_paid: int | None,
    note: str,
    clear_it: bool,
    operator: str | None,
    year: int | None,
) -> None:
    """查看或登记一人某年度以前的断保年数与补缴年数（计算待遇等待期用）。"""
    if clear_it and (uncovered is not None or back_paid is not None):
        fail("--clear: 清除登记时不要同时填写 --uncovered 或 --back-paid")
    if uncovered is None and back_paid is not None:
        fail("--uncovered: 登记补缴年数时须同时填写断保年数")
    writes = clear_it or uncovered is not None
    with opened(obj, write=writes) as ledger:
        person = find_by_id_number(ledger, id_number)
        if writes:
            acting = acting_of(ledger, operator, year)
            if clear_it:
                found = clear_history(ledger, acting, person.id, year)
            else:
                assert uncovered is not None
                found = set_history(ledger, acting, person.id, year, uncovered, back_paid or 0, note)
        else:
            found = history_for(ledger, [person.id], year)[person.id]
        entries = history_entries(ledger, person.id)
    if obj["json"]:
        print_json(
            {
                "id_number": person.id_number,
                "name": person.name,
                **found.to_json(),
                "entries": [
                    {
                        "benefit_year": e.benefit_year,
                        "uncovered_years": e.uncovered_years,
                        "back_paid_years": e.back_paid_years,
                        "note": e.note,
                        "operator": e.operator,
                        "entered_at": e.entered_at,
                    }
                    for e in entries
                ],
            }
        )
    else:
        click.echo(history_summary(person.name, found, clear_it))


def history_summary(name: str, h: PersonHistory, cleared: bool = False) -> str:
    head = "已清除登记，" if cleared else ""
    source = f"（{SOURCE_LABELS[h.source]}）" if h.source == LEDGER else ""
    lines = [f"{head}{name} {h.benefit_year}年度以前：{h.describe()}{source}"]
    lines += [f"  {y.year}年度：{y.why}" for y in h.years]
    return "\n".join(lines)
