"""Python's garbage collector runs between events, on the window's thread, never inside a Qt walk.

Left automatic, a collection starts at whatever allocation crosses its threshold: inside a
Python override that Qt calls while it walks every widget (a font size change repolishes them
all, a new toolbar lays out its window), or on a worker thread in the middle of an export. A
cycle holding a widget is then destroyed in the middle of that walk, and the program crashes
(the test suite crashed so, once on Python 3.12 in ``apply_font_size`` and once on 3.13 while
a window built its toolbar). So while the window runs, automatic collection is off and a timer
collects with the interpreter's own thresholds when the event loop is idle. Reference counting
still frees everything that is not in a cycle at once; only cycles wait for the next tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class IdleCollector(QObject):
    """Owned by the application; ``check`` is what the timer calls (also callable from tests)."""

    NAME = "idle-collector"

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName(self.NAME)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """Collect the oldest generation past its threshold, as the interpreter would; the objects found."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                return gc.collect(generation)
        return 0
