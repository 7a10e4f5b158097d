"""The members' table's columns, as wide as what they hold: a Qt "resize to contents" at a fraction of its cost.

Qt sizes a column to its contents by asking every cell for its size through the item
delegate and the style — a quarter of the time from a keystroke to the painted results
on the 100 000-person demo. The texts are known already (``MemberStatusModel.cells``),
so each column is measured here with the font's metrics: the widest text, the identity
badges as ``BadgeDelegate`` paints them, or the heading, whichever is wider. The last
column (收据号 / 说明) takes the room left.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

from desktop_app.ui.models import MemberStatusModel
from desktop_app.ui.widgets import IDENTITY_SHORT, BadgeDelegate

CELL_PAD = 12  # the style's margins around a cell's text, and a little air


class MemberColumns:
    def __init__(self, view: QTableView, model: MemberStatusModel) -> None:
        self.view, self.model = view, model
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.headings: list[int] = []

    def font_changed(self) -> None:
        self.headings = []
        self.fit()

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        if not self.headings:  # the headings' widths change only with the font
            self.headings = [header.sectionSizeHint(c) for c in range(self.model.columnCount())]
        plain = QFontMetrics(self.view.font())
        bold_font = QFont(self.view.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        cells = self.model.cells
        for c in range(self.model.columnCount() - 1):
            metrics = bold if c in (MemberStatusModel.NAME, MemberStatusModel.STATUS) else plain
            if c == MemberStatusModel.IDENTITIES:
                widest = max((self._badges(plain, m.identities) for m in self.model.rows), default=0)
            else:
                widest = max((metrics.horizontalAdvance(row[c]) + CELL_PAD for row in cells), default=0)
            width = max(self.headings[c], widest)
            if self.view.columnWidth(c) != width:
                self.view.setColumnWidth(c, width)

    @staticmethod
    def _badges(metrics: QFontMetrics, codes: tuple[str, ...]) -> int:
        """As wide as ``BadgeDelegate.sizeHint`` says the badges are."""
        pad, gap = BadgeDelegate.padding, BadgeDelegate.gap
        width = sum(metrics.horizontalAdvance(IDENTITY_SHORT.get(c, c)) + 2 * pad + gap for c in codes) + gap
        return max(width, 40)
