"""The participation chart paints the figures of services.summaries.participation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.operators import Acting
from desktop_app.domain.register import PersonInput
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.register import add_household, add_person, find_household, household_members
from desktop_app.services.settings import update_settings
from desktop_app.services.summaries import Participation, participation
from desktop_app.ui.main_presenter import Progress
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.progress_chart import CLOSE, REACHED, ProgressChart, bar_colour, headline
from tests.ui_support import isolated_preferences, press, show_active
from tests.village import XINLI, acting, wang_household

__all__ = ["isolated_preferences"]


@pytest.fixture
def village(make_ledger: Callable[..., Ledger]) -> tuple[Ledger, Acting]:
    ledger = make_ledger("jl-2022", **XINLI)
    op = acting(ledger, "李会计")
    ids = wang_household(ledger, op)
    h = add_household(ledger, op, "0002", "", "二组")
    zhao = add_person(ledger, op, h, PersonInput("赵丽", demo_id("220102", "1985-05-05", 222)))
    pay(ledger, op, PaymentRequest((zhao,), 1000_00, date(2021, 11, 1)))
    pay(ledger, op, PaymentRequest((ids["spouse"],), 1000_00, date(2021, 11, 1)))
    update_settings(ledger, op, village_groups=("一组", "二组"), participation_target="90", receipt_prefix="XL")
    return ledger, op


def test_the_chart_paints_the_participation_figures(qtbot: QtBot, village: tuple[Ledger, Acting]) -> None:
    ledger, op = village
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    press(qtbot, Qt.Key.Key_2, modifier=Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.progress_panel
    chart = window.progress_panel.chart
    chart.grab()
    overall, groups = participation(ledger)
    assert [b[0] for b in chart.bars] == [overall, *groups]
    assert [(p.group, p.active, p.paid) for p, _ in chart.bars] == [("全村", 5, 2), ("一组", 4, 1), ("二组", 1, 1)]
    full = chart.bars[2][1]
    quarter = chart.bars[1][1]
    assert quarter.width() == pytest.approx(full.width() / 4, rel=0.01)
    assert "还差" in window.progress_panel.headline.text() and "已缴 2 人" in window.progress_panel.headline.text()


def test_a_new_payment_moves_the_bar(qtbot: QtBot, village: tuple[Ledger, Acting]) -> None:
    ledger, op = village
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    window.tabs.setCurrentIndex(1)
    household = find_household(ledger, "0001")
    assert household is not None
    student = next(p for p in household_members(ledger, household.id) if p.name == "王小明")
    pay(ledger, op, PaymentRequest((student.id,), 1000_00, date(2021, 11, 1)))
    window.after_change()
    window.progress_panel.chart.grab()
    assert window.progress_panel.chart.bars[0][0].paid == 3


def test_colours_follow_the_target() -> None:
    assert bar_colour(Decimal("95.0"), Decimal(95)) == REACHED
    assert bar_colour(Decimal("91.0"), Decimal(95)) == CLOSE
    assert bar_colour(Decimal("50.0"), Decimal(95)) not in (REACHED, CLOSE)


def test_short_of_target_counts_people_rounding_up() -> None:
    p = Progress(Participation("全村", 101, 90), (), Decimal(99))
    assert p.short_of_target(p.overall) == 10  # 99% of 101 is 99.99 -> 100 people
    assert "还差 <b>10</b> 人" in headline(p)
    assert Progress(p.overall, (), None).short_of_target(p.overall) == 0


def test_an_empty_village_paints_a_sentence_not_an_error(qtbot: QtBot) -> None:
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.set_progress(Progress(Participation("全村", 0, 0), (), Decimal(95)))
    chart.grab()
    assert chart.bars == []


def seven_groups(count: int = 7) -> Progress:
    groups = tuple(Participation(f"{i}组", 200, 20 * i) for i in range(1, count + 1))
    overall = Participation("全村", sum(g.active for g in groups), sum(g.paid for g in groups))
    return Progress(overall, groups, Decimal(95))


def span(chart: ProgressChart) -> float:
    """From the top of the first bar to the bottom of the last."""
    first, last = chart.bars[0][1], chart.bars[-1][1]
    return last.bottom() - first.top()


def test_seven_groups_fill_most_of_the_tab_with_bars_of_a_sensible_thickness(
    qtbot: QtBot, village: tuple[Ledger, Acting]
) -> None:
    ledger, op = village
    window = MainWindow(ledger, op)
    window.resize(1366, 768)
    show_active(qtbot, window)
    window.tabs.setCurrentIndex(1)
    chart = window.progress_panel.chart
    chart.set_progress(seven_groups())
    qtbot.waitUntil(lambda: chart.height() > 400)
    chart.grab()
    assert len(chart.bars) == 8
    assert span(chart) >= 0.7 * chart.height(), (span(chart), chart.height())
    font_h = chart.fontMetrics().height()
    assert all(rect.height() <= ProgressChart.MAX_BAR * font_h + 0.5 for _, rect in chart.bars)
    assert chart.bars[-1][1].bottom() <= chart.height()  # no bar below the fold: nothing to scroll for


def test_one_group_keeps_thin_bars_at_the_top_and_twenty_groups_scroll(qtbot: QtBot) -> None:
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.resize(1100, 600)
    chart.set_progress(seven_groups(1))
    chart.grab()
    font_h = chart.fontMetrics().height()
    assert [rect.height() <= ProgressChart.MAX_BAR * font_h + 0.5 for _, rect in chart.bars] == [True, True]
    assert span(chart) <= 2 * ProgressChart.MAX_ROW * font_h  # rows stay together, not spread over the tab
    chart.set_progress(seven_groups(20))
    assert chart.minimumSizeHint().height() > 600  # the scroll area scrolls rather than squeezing the rows
    chart.resize(1100, chart.minimumSizeHint().height())
    chart.grab()
    pitch = chart.bars[2][1].top() - chart.bars[1][1].top()
    assert pitch >= ProgressChart.MIN_ROW * font_h - 0.5 and chart.bars[-1][1].bottom() <= chart.height()
