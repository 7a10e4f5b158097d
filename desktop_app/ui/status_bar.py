"""The main window's status bar: its figures on one line, or on two where one line would cut them.

Today's cash, what is not yet exported, who is logged in, the cash not yet settled — each
part of the window adds its label with ``addPermanentWidget``. At 字号 特大 on a
1366-pixel screen they no longer fit on one line, and a status bar cuts what does not
fit; here they go onto a second line instead. A passing message (``showMessage``: "请先
在左边选中一户") is shown on the left, so while one is up the figures take two lines too,
leaving it room to be read. The figures never make the window wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QVBoxLayout, QWidget


class _Figures(QWidget):
    """The figures' lines; asks for the width of its longer line, and never insists on it."""

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())


class WrappingStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = _Figures()
        box = QVBoxLayout(self.area)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.lines = (QHBoxLayout(), QHBoxLayout())
        for line in self.lines:
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(0)
            box.addLayout(line)
        self.parts: list[QWidget] = []
        self.split = 0  # how many figures are on the first line
        super().addPermanentWidget(self.area)
        self.area.installEventFilter(self)  # a figure's new text asks its parent, the area, for a new layout
        self.messageChanged.connect(lambda _: self.arrange())

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        """Into the figures' area (every part's label is a figure, kept in the order added)."""
        self.parts.append(widget)
        self.split = -1  # lay out again
        self.arrange()

    def add_labels(self, count: int) -> tuple[QLabel, ...]:
        """``count`` figures, in order, each a label with a little room on both sides."""
        labels = tuple(QLabel() for _ in range(count))
        for label in labels:
            label.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(label)
        return labels

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.area and event.type() == QEvent.Type.LayoutRequest:
            self.arrange()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

    def shown(self) -> list[QWidget]:
        """The figures not hidden on purpose (one not yet shown counts: it is shown with the window)."""
        return [
            w
            for w in self.parts
            if not (w.isHidden() and w.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide))
        ]

    def arrange(self) -> None:
        """One line when it fits (and no message needs the room); otherwise two, split as evenly as can be."""
        shown = self.shown()
        widths = [w.sizeHint().width() for w in shown]
        room = self.width() - 24
        two = len(shown) > 1 and (sum(widths) > room or bool(self.currentMessage()))
        split = min(range(1, len(shown)), key=lambda k: max(sum(widths[:k]), sum(widths[k:]))) if two else len(shown)
        if split == self.split:
            return
        self.split = split
        for line in self.lines:
            while line.count():
                line.takeAt(0)
        for n, w in enumerate(shown):
            self.lines[0 if n < split else 1].addWidget(w)
        for line in self.lines:
            line.addStretch(1)
