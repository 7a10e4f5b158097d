"""The garbage collector runs between events on the window's thread, never at a random allocation
inside a Qt walk over every widget (ui.idle_collector, installed by create_application)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from desktop_app.ui.app import create_application
from desktop_app.ui.idle_collector import IdleCollector
from tests.ui_support import isolated_preferences

__all__ = ["isolated_preferences"]


class Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector(qapp: QApplication) -> Iterator[IdleCollector]:
    owner = QObject()
    made = IdleCollector(owner, interval_ms=60_000)  # the test calls check() itself
    yield made
    made.timer.stop()
    del owner


def test_automatic_collection_is_off_and_a_tick_collects_the_cycles_left(collector: IdleCollector) -> None:
    assert not gc.isenabled()
    gc.collect()
    for _ in range(collector.threshold[0] + 10):
        Cycle()
    assert collector.check() >= collector.threshold[0]  # the cycles waited for the tick, then went
    assert collector.check() == 0  # nothing past a threshold: the next tick does nothing


def test_the_program_installs_one_collector_however_often_it_is_set_up(qapp: QApplication) -> None:
    sheet = qapp.styleSheet()
    try:
        create_application()
        create_application()
        found = [c for c in qapp.findChildren(QObject) if c.objectName() == IdleCollector.NAME]
        assert len(found) == 1 and found[0].timer.isActive()
    finally:
        for made in [c for c in qapp.findChildren(QObject) if c.objectName() == IdleCollector.NAME]:
            made.timer.stop()  # the suite's own fixtures decide when to collect in the other tests
            made.deleteLater()
        qapp.setStyleSheet(sheet)
