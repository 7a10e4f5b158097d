"""Participation against the target, painted with QPainter: one bar per village group.

A bar is green when the group has reached the target, amber when within five points,
red below that; the target is a dark dashed line across all bars, and each row says
in words how many people are still needed, so the chart reads without colour too.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.services.summaries import Participation
from desktop_app.ui.main_presenter import MainPresenter, Progress

REACHED, CLOSE, BELOW = QColor("#2e7d32"), QColor("#ef8f00"), QColor("#c62828")
TRACK, TARGET = QColor("#e6e6e6"), QColor("#263238")


def bar_colour(rate: Decimal, target: Decimal | None) -> QColor:
    if target is None:
        return QColor("#1565c0")
    if rate >= target:
        return REACHED
    return CLOSE if rate >= target - 5 else BELOW


class ProgressChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress: Progress | None = None
        self.bars: list[tuple[Participation, QRectF]] = []  # what the last paint drew, for tests
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("参保进度图")

    def set_progress(self, progress: Progress) -> None:
        self.progress = progress
        self.updateGeometry()
        self.update()

    def rows(self) -> list[Participation]:
        if self.progress is None:
            return []
        return [self.progress.overall, *self.progress.groups]

    # -- geometry ----------------------------------------------------------------------
    # Rows share the height the tab gives them (a village has 3 to 10 groups and the tab is
    # most of the window), between a readable minimum and a maximum beyond which the rows
    # would drift apart; the bar itself stops growing at MAX_BAR font heights, so a few
    # groups on a tall screen stay bars and do not become slabs. Below the minimum the
    # scroll area scrolls (a township with twenty groups on a 768-pixel screen).
    MIN_ROW, MAX_ROW, MAX_BAR = 1.9, 4.0, 1.5  # in font heights
    GAP, FOOT = 1 / 3, 1 / 4  # after the 全村 row, and below the last row, in row heights

    def _font_height(self) -> int:
        return QFontMetrics(self.font()).height()

    def _row_height(self) -> float:
        """The rows' pitch for the present height, within MIN_ROW and MAX_ROW font heights."""
        h = self._font_height()
        rows = len(self.rows()) + self.GAP + self.FOOT
        fit = (self.height() - self._top()) / rows if rows else 0.0
        return min(max(fit, h * self.MIN_ROW), h * self.MAX_ROW)

    def _bar_height(self, row_h: float) -> float:
        return min(row_h * 0.55, self._font_height() * self.MAX_BAR)

    def sizeHint(self) -> QSize:
        return QSize(720, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        h = self._font_height() * self.MIN_ROW
        return QSize(480, int(self._top() + h * (len(self.rows()) + self.GAP + self.FOOT)) + 1)

    def _top(self) -> int:
        return int(self._font_height() * 2.2)

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), QColor("#ffffff"))
            self.bars = []
            if self.progress is None or not self.progress.overall.active:
                painter.setPen(QColor("#616161"))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "还没有在册人员，参保进度无从计算")
                return
            self._paint_rows(painter, self.progress)
        finally:
            painter.end()

    def _paint_rows(self, painter: QPainter, progress: Progress) -> None:
        metrics = QFontMetrics(self.font())
        pad = metrics.horizontalAdvance("中")
        label_w = max(metrics.horizontalAdvance(p.group) for p in self.rows()) + 2 * pad
        note_w = metrics.horizontalAdvance("1,234/1,234人  100.0%  差 1,234 人") + pad
        left, right = label_w, self.width() - note_w - pad
        if right - left < 120:
            right = left + 120
        row_h = self._row_height()
        bar_h = self._bar_height(row_h)
        top = self._top()
        target = progress.target

        def x_of(rate: Decimal) -> float:
            return left + float(rate) / 100 * (right - left)

        bold = QFont(self.font())
        bold.setBold(True)
        for i, p in enumerate(self.rows()):
            y = top + (i + (self.GAP if i else 0)) * row_h
            painter.setFont(bold if i == 0 else self.font())
            painter.setPen(QColor("#212121"))
            painter.drawText(QRectF(0, y, label_w - pad / 2, row_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, p.group)
            track = QRectF(left, y + (row_h - bar_h) / 2, right - left, bar_h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TRACK)
            painter.drawRoundedRect(track, 3, 3)
            fill = QRectF(track.x(), track.y(), max(x_of(p.rate) - left, 0.0), bar_h)
            painter.setBrush(bar_colour(p.rate, target))
            if fill.width() > 0:
                painter.drawRoundedRect(fill, 3, 3)
            self.bars.append((p, fill))
            short = progress.short_of_target(p)
            note = f"{p.paid:,}/{p.active:,}人  {p.rate}%"
            if target is not None:
                note += f"  差 {short:,} 人" if short else "  已达标"
            painter.setPen(QColor("#212121") if not short else bar_colour(p.rate, target).darker(120))
            painter.drawText(QRectF(right + pad, y, note_w, row_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)
        if target is not None:
            x = x_of(target)
            pen = QPen(TARGET, 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            bottom = top + (len(self.rows()) + self.GAP) * row_h
            painter.drawLine(QPointF(x, top - metrics.height() * 0.3), QPointF(x, bottom))
            painter.setFont(bold)
            label = f"目标 {target}%"
            w = metrics.horizontalAdvance(label) + pad
            painter.drawText(QRectF(min(x - w / 2, self.width() - w), 0, w, top - metrics.height() * 0.3),
                             Qt.AlignmentFlag.AlignCenter, label)


class ProgressPanel(QWidget):
    """The 参保进度 tab: a sentence with the village's figures, the chart, a legend."""

    def __init__(self, presenter: MainPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.chart = ProgressChart()
        scroll = QScrollArea()
        scroll.setWidget(self.chart)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        legend = QLabel(
            f"<span style='color:{REACHED.name()}'>■</span> 已达目标　"
            f"<span style='color:{CLOSE.name()}'>■</span> 差 5 个百分点以内　"
            f"<span style='color:{BELOW.name()}'>■</span> 差得较多　"
            "┆ 虚线：参保率目标（可在“设置”中修改）　参保率 = 已缴人数 ÷ 在册人数")
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(scroll, 1)
        layout.addWidget(legend)

    def refresh(self) -> None:
        progress = self.presenter.progress()
        self.chart.set_progress(progress)
        self.headline.setText(headline(progress))


def headline(progress: Progress) -> str:
    o = progress.overall
    text = f"<b>全村在册 {o.active:,} 人，已缴 {o.paid:,} 人，参保率 {o.rate}%</b>"
    if progress.target is None:
        return text
    short = progress.short_of_target(o)
    if short:
        return f"{text}　目标 {progress.target}%，还差 <b>{short:,}</b> 人"
    return f"{text}　已达到目标 {progress.target}%"
