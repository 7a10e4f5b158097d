"""A whole collection day through the real windows, keyboard first, checked against the ledger.

淮北市杜集区, 2021-02-15, three days after the Spring Festival. The collection period
ended on 2020-12-31; the notice lets returning migrant workers pay until 2021-02-28
and insures a newborn from birth when paid within 90 days, so one morning at the
village office exercises the first-run wizard, both imports, a new household with a
newborn, the out-of-period situation (F4), a 低保 member and an ordinary one, a void and
its re-issue, the receipts and the 日结单 as PDF. (jl-2022 lists 新生儿 as not encoded,
so it could not show benefits from birth.)

What the notice says (policies/ah-huaibei-duji-2020.toml carries its words):
- 二(一) "城乡居民个人缴费标准为每人每年 280 元"                   -> standard 280.00
- 二(三) "对低保对象……给予每人250元定额资助，剩余30元由个人承担"     -> 低保 pays 30.00
- 四 "外出务工春节返乡的农民工等，可以延长至2021年2月28日"           -> 返乡农民工 may pay today
- 四 "新生儿实行“落地”参保，由新生儿监护人在出生之日起90天内完成缴费" -> born 2021-01-05: insured
  from that day; everyone else paying today is insured from 2021-01-01.

The day itself — the windows, the keys, what each window shows — is tests/full_day_support.py
(``the_day``); here what it left is checked against the ledger, the engine and the 日结单.
tests/test_ui_full_day_county.py carries the same day on to the stick and the county's answer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import format_yuan, to_capitals
from desktop_app.policy.engine import PersonQuote, quote
from desktop_app.policy.loader import parse_policy
from desktop_app.policy.request import PersonRequest, QuoteRequest
from desktop_app.reports.model import identity_labels
from desktop_app.services.printouts import gather_day_sheet, gather_receipt
from desktop_app.services.records import Payment, list_payments, load_payment_by_receipt
from desktop_app.services.register import find_by_id_number
from desktop_app.services.status import member_statuses
from desktop_app.services.summaries import ORDINARY, today_totals
from desktop_app.services.unexported import unexported_summary
from desktop_app.ui.main_presenter import yuan
from tests.full_day_support import (
    DIBAO_DUE,
    DIBAO_SUBSIDY,
    LIU_QIANG,
    MIGRANT,
    NEWBORN_BIRTH,
    POLICY,
    STANDARD,
    TODAY,
    WANG_JIANGUO,
    WANG_WEI,
    ZHAO_HONGMEI,
    Day,
    Printed,
    collection_day,
    files_chosen,
    isolated_preferences,
    printed,
)
from tests.village import POLICY_DIR

__all__ = ["files_chosen", "isolated_preferences", "printed"]


# --- what the ledger and the engine say -----------------------------------------------------


def engine_quote(people: list[PersonRequest]) -> tuple[PersonQuote, ...]:
    path = POLICY_DIR / f"{POLICY}.toml"
    policy = parse_policy(path.read_text(encoding="utf-8"), str(path))
    return quote(policy, QuoteRequest(POLICY, TODAY, tuple(people))).people


def assert_lines_agree_with_the_engine(payment: Payment, people: list[PersonRequest]) -> None:
    quotes = engine_quote(people)
    assert [ln.name for ln in payment.lines] == [q.name for q in quotes]
    for line, q in zip(payment.lines, quotes):
        assert q.eligible, q.reason
        assert (line.standard, line.subsidy, line.due, line.benefit_start, line.benefit_end, line.waiting_until) == (
            q.standard,
            q.subsidy,
            q.due,
            q.benefit_start,
            q.benefit_end,
            q.waiting_until,
        ), line.name
        assert line.explanation == q.explanation
    assert payment.total_due == sum(q.due for q in quotes)


# --- the day ------------------------------------------------------------------------------


def test_a_collection_day_from_first_run_to_the_daily_summary_agrees_with_the_ledger(
    qtbot: QtBot, tmp_path: Path, printed: Printed, files_chosen: list[Path]
) -> None:
    with collection_day(qtbot, tmp_path, printed) as day:
        check_the_figures(day)
    assert printed.errors == [] and files_chosen == []


def check_the_figures(day: Day) -> None:
    ledger, window, day_text = day.ledger, day.window, day.day_text
    baby, low_income, wrong, couple = day.baby, day.low_income, day.wrong, day.couple
    # every payment as stored, line by line, against the engine's quote for the same people
    liu, wang, wei, zhao = (find_by_id_number(ledger, n) for n in (LIU_QIANG, WANG_JIANGUO, WANG_WEI, ZHAO_HONGMEI))
    assert_lines_agree_with_the_engine(
        load_payment_by_receipt(ledger, baby.receipt_no), [PersonRequest(NEWBORN_BIRTH, name="刘小雨")]
    )
    assert_lines_agree_with_the_engine(
        load_payment_by_receipt(ledger, low_income.receipt_no),
        [PersonRequest(wang.birth_date, "王建国", WANG_JIANGUO, ("subsistence_allowance",), situation=MIGRANT)],
    )
    ordinary = [PersonRequest(p.birth_date, p.name, p.id_number, situation=MIGRANT) for p in (wei, zhao)]
    assert_lines_agree_with_the_engine(load_payment_by_receipt(ledger, wrong.receipt_no), ordinary[:1])
    assert_lines_agree_with_the_engine(load_payment_by_receipt(ledger, couple.receipt_no), ordinary)
    father = engine_quote([PersonRequest(liu.birth_date, "刘强", LIU_QIANG)])[0]
    assert not father.eligible  # no situation: refused after 2020-12-31, as the window said

    payments = {p.receipt_no: p for p in list_payments(ledger, TODAY, TODAY)}
    assert list(payments) == ["XLC2021000001", "XLC2021000002", "XLC2021000003", "XLC2021000004"]
    assert [(p.total_due, p.cash, p.change) for p in payments.values()] == [
        (STANDARD, 30000, 2000),
        (DIBAO_DUE, 5000, 2000),
        (STANDARD, 30000, 2000),
        (2 * STANDARD, 60000, 4000),
    ]
    assert [ln.benefit_start for p in payments.values() for ln in p.lines] == [
        NEWBORN_BIRTH,
        date(2021, 1, 1),
        date(2021, 1, 1),
        date(2021, 1, 1),
        date(2021, 1, 1),
    ]
    assert [p.status for p in payments.values()] == ["normal", "normal", "voided", "normal"]
    voided = payments["XLC2021000003"].void
    assert voided is not None and (voided.reason, voided.voided_on, voided.operator) == (
        "漏收赵红梅，作废重开",
        TODAY,
        "李会计",
    )
    receipt = gather_receipt(ledger, "XLC2021000002")
    assert [(ln.name, identity_labels(ln.identities), ln.standard, ln.subsidy, ln.due) for ln in receipt.lines] == [
        ("王建国", ("低保对象",), STANDARD, DIBAO_SUBSIDY, DIBAO_DUE)
    ]

    # the 日结单: issued 4 (1 150.00), voided 1 (280.00), to hand over 870.00
    sheet = gather_day_sheet(ledger, window.acting, TODAY)
    live = [p for p in payments.values() if p.void is None]
    assert (sheet.issued_count, sheet.issued_total) == (4, sum(p.total_due for p in payments.values())) == (4, 115000)
    assert sheet.receipt_range == "XLC2021000001 – XLC2021000004"
    assert [r.receipt_no for r in sheet.voided] == ["XLC2021000003"] and sheet.voided_total == STANDARD
    assert (sheet.refund_count, sheet.refunds_total) == (0, 0)
    assert sheet.cash_to_hand_over == sum(p.total_due for p in live) == 87000
    low, plain = IDENTITIES["subsistence_allowance"], ORDINARY
    assert [(g.group, g.people, g.standard, g.subsidy, g.due) for g in sheet.groups] == [
        (low, 1, STANDARD, DIBAO_SUBSIDY, DIBAO_DUE),
        (plain, 3, 3 * STANDARD, 0, 3 * STANDARD),
    ]
    assert sum(g.due for g in sheet.groups) == sheet.cash_to_hand_over
    for words in (
        "城乡居民医保费日结单",
        "2021年2月15日",
        "收款员李会计",
        "4张",
        "1张",
        "1150.00",
        "280.00",
        "870.00",
        to_capitals(87000),
        "XLC2021000001–XLC2021000004",
        "XLC2021000003",
        "漏收赵红梅，作废重开",
        low,
        plain,
        "250.00",
        "30.00",
        "840.00",
    ):
        assert words in day_text, words

    # the status bar: today's valid receipts and their cash, and what is not yet on the stick
    count, cash = today_totals(ledger, TODAY)
    assert (count, cash) == (3, 87000)
    assert window.today_label.text() == f"今日收据 {count} 张 · 现金 {format_yuan(cash)} 元"
    pending, amount, oldest = unexported_summary(ledger)  # payments and the void: nothing is on a stick yet
    assert (pending, amount, oldest) == (5, 87000, TODAY)  # 4 receipts and 1 void; the voided 280 is not cash
    assert window.unexported_label.text() == f"未导出：{pending} 笔 · {yuan(amount)} 元 · 最早 {oldest}"
    assert "收款员 李会计 · 新立村 · 2021年度" == window.who_label.text()
    homes = (wang.household_id, wei.household_id, liu.household_id)
    progress = {m.person.name: m.status for hid in homes for m in member_statuses(ledger, hid, TODAY)}
    assert progress == {
        "王建国": "已缴",
        "李秀兰": "不能参保",
        "王小明": "不能参保",
        "王伟": "已缴",
        "赵红梅": "已缴",
        "刘强": "不能参保",
        "刘小雨": "已缴",
    }
