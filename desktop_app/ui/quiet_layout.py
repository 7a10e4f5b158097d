"""Keeping a keystroke's new texts from laying the whole window out again.

``LabelHost``: a label whose new text lays out nothing around it, unless it needs another
height. ``QuietLayout``: the splitter passes a pane's layout request on only when the
pane's size limits changed.

Qt lays a window out again whenever a label in it gets a new text, whether its size
changed or not; at each keystroke of a search the household's heading and summary
change, and the layouts (the tables asking their headers for sizes) cost more than the
painting of the labels themselves. Held here without a layout, the label's request
stops at its host (a widget without a layout ignores it), which changes its own height
only when the text needs more or fewer lines (字号 特大, a long address): give it the
text through ``set_text``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter, QWidget


class LabelHost(QWidget):
    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.fit()

    def sizeHint(self) -> QSize:
        return QSize(self.label.minimumSizeHint().width(), self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.height())

    def fit(self) -> None:
        """As tall as the text needs at the host's width (at least a line)."""
        width = max(self.width(), 1)
        line = self.label.fontMetrics().height()
        height = (
            max(self.label.heightForWidth(width) if self.label.wordWrap() else self.label.sizeHint().height(), line)
            if self.label.text()
            else line
        )
        if height != self.maximumHeight() or height != self.minimumHeight():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())
        self.fit()

    def set_text(self, text: str) -> None:
        """A new text for the label (its request for a new layout stops here), and a new height if it needs one."""
        self.label.setText(text)
        self.fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit()


class QuietLayout(QObject):
    """Keeps a new text in a label of the list or the household pane from laying out the whole window again.

    Qt passes every layout request up to the window, whether sizes changed or not; at the top the tab
    page lays itself out and repaints all of itself — a third of the time from a keystroke to the
    painted results. The splitter's request goes on only when a pane's size limits did change."""

    def __init__(self, splitter: QSplitter) -> None:
        super().__init__(splitter)
        self.splitter = splitter
        self.seen: tuple[object, ...] = ()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.LayoutRequest:
            return False
        limits = tuple(
            (
                w.isHidden(),
                w.minimumSizeHint().toTuple(),
                w.minimumSize().toTuple(),
                w.maximumSize().toTuple(),
                w.sizeHint().toTuple(),
            )
            for w in (self.splitter.widget(i) for i in range(self.splitter.count()))
            if w is not None
        )
        if limits == self.seen:
            return True
        self.seen = limits
        return False
