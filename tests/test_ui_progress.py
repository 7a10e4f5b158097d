"""The participation chart paints the figures of services.summaries.participation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.services.demo import demo_id
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import Operator
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.register import PersonInput, add_household, add_person
from desktop_app.services.settings import update_settings
from desktop_app.services.summaries import Participation, participation
from desktop_app.ui.main_presenter import Progress
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.progress_chart import CLOSE, REACHED, ProgressChart, bar_colour, headline
from tests.ledger_fixtures import make_ledger, wang_household
from tests.ui_support import isolated_preferences, press, show_active

__all__ = ["isolated_preferences"]


@pytest.fixture
def village(tmp_path: Path) -> Iterator[tuple[Ledger, Operator]]:
    ledger, op, _ = make_ledger(tmp_path)
    ids = wang_household(ledger, op)
    h = add_household(ledger, op.name, "0002", "", "二组")
    zhao = add_person(ledger, op.name, h, PersonInput("赵丽", demo_id("220102", "1985-05-05", 222)))
    pay(ledger, op, PaymentRequest((zhao,), 1000_00, date(2021, 11, 1)))
    pay(ledger, op, PaymentRequest((ids["spouse"],), 1000_00, date(2021, 11, 1)))
    update_settings(ledger, op.name, village_groups=("一组", "二组"), participation_target="90",
                    receipt_prefix="XL")
    yield ledger, op
    ledger.close()


def test_the_chart_paints_the_participation_figures(qtbot: QtBot, village: tuple[Ledger, Operator]) -> None:
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


def test_a_new_payment_moves_the_bar(qtbot: QtBot, village: tuple[Ledger, Operator]) -> None:
    ledger, op = village
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    window.tabs.setCurrentIndex(1)
    people = [m for m in ledger.db.execute("SELECT id FROM people WHERE name = '王小明'").fetchall()]
    pay(ledger, op, PaymentRequest((people[0][0],), 1000_00, date(2021, 11, 1)))
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
