"""Participation against the target, painted with QPainter: the village, its 困难群众, its groups.

Covered counts every channel (issue 12): paid here, online, at the bank, through the
school; the people to cover leave out the excluded (职工医保, 外地参保, 现役军人 …). The
first row is the village; then, when anyone holds one, each 困难群众 group with its own
target (100 % — 应保尽保); then one bar per 村民小组. A bar is green when its row has
reached its target, amber when within five points, red below that; the target is a dark
dashed line across each row, and each row says in words how many people are still
needed, so the chart reads without colour too. When the ledger has last year open, a
thin grey bar under each row shows last year's rate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.services.coverage import EXCLUSIONS
from desktop_app.services.summaries import Participation
from desktop_app.ui.main_presenter import MainPresenter, Progress

REACHED, CLOSE, BELOW = QColor("#2e7d32"), QColor("#ef8f00"), QColor("#c62828")
TRACK, TARGET, LAST_YEAR = QColor("#e6e6e6"), QColor("#263238"), QColor("#90a4ae")
HARDSHIP, GROUPS = "困难群众", "村民小组"


def bar_colour(rate: Decimal, target: Decimal | None) -> QColor:
    if target is None:
        return QColor("#1565c0")
    if rate >= target:
        return REACHED
    return CLOSE if rate >= target - 5 else BELOW


@dataclass(frozen=True)
class _Line:
    """One line of the chart: a bar's row, a section's heading, or the gap before a section."""

    kind: str  # row | head | gap
    row: Participation | None = None
    text: str = ""


class ProgressChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress: Progress | None = None
        # What the last paint drew, for tests: the village and its groups; the 困难群众; last year's.
        self.bars: list[tuple[Participation, QRectF]] = []
        self.hardship_bars: list[tuple[Participation, QRectF]] = []
        self.last_year_bars: list[tuple[Participation, QRectF]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("参保进度图")

    def set_progress(self, progress: Progress) -> None:
        self.progress = progress
        self.updateGeometry()
        self.update()

    def rows(self) -> list[Participation]:
        """Every bar, top to bottom."""
        return [line.row for line in self._lines() if line.row is not None]

    def _lines(self) -> list[_Line]:
        p = self.progress
        if p is None:
            return []
        lines = [_Line("row", p.overall), _Line("gap")]
        if p.hardship:
            targets = {p.target_of(h) for h in p.hardship}
            said = f"目标 {targets.pop()}%" if len(targets) == 1 else "各类目标见虚线"
            lines += [
                _Line("head", text=f"{HARDSHIP}（应保尽保，{said}）"),
                *(_Line("row", h) for h in p.hardship),
                _Line("gap"),
                _Line("head", text=GROUPS),
            ]
        return lines + [_Line("row", g) for g in p.groups]

    # -- geometry ----------------------------------------------------------------------
    # Rows share the height the tab gives them (a village has 3 to 10 groups and the tab is
    # most of the window), between a readable minimum and a maximum beyond which the rows
    # would drift apart; the bar itself stops growing at MAX_BAR font heights, so a few
    # groups on a tall screen stay bars and do not become slabs. Below the minimum the
    # scroll area scrolls (a township with twenty groups on a 768-pixel screen).
    MIN_ROW, MAX_ROW, MAX_BAR = 1.9, 4.0, 1.5  # in font heights
    GAP, FOOT = 1 / 3, 1 / 4  # before a section, and below the last row, in row heights
    HEAD = 1.4  # a section's heading, in font heights

    def _font_height(self) -> int:
        return QFontMetrics(self.font()).height()

    def _counts(self) -> tuple[int, int, int]:
        """How many rows, gaps and section headings."""
        kinds = [line.kind for line in self._lines()]
        return kinds.count("row"), kinds.count("gap"), kinds.count("head")

    def _row_height(self) -> float:
        """The rows' pitch for the present height, within MIN_ROW and MAX_ROW font heights."""
        h = self._font_height()
        rows, gaps, heads = self._counts()
        units = rows + gaps * self.GAP + self.FOOT
        fit = (self.height() - self._top() - heads * self.HEAD * h) / units if rows else 0.0
        return min(max(fit, h * self.MIN_ROW), h * self.MAX_ROW)

    def _bar_height(self, row_h: float) -> float:
        return min(row_h * 0.55, self._font_height() * self.MAX_BAR)

    def sizeHint(self) -> QSize:
        return QSize(720, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        h = self._font_height()
        rows, gaps, heads = self._counts()
        height = self._top() + heads * self.HEAD * h + h * self.MIN_ROW * (rows + gaps * self.GAP + self.FOOT)
        return QSize(480, int(height) + 1)

    def _top(self) -> int:
        return int(self._font_height() * 2.2)

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), QColor("#ffffff"))
            self.bars, self.hardship_bars, self.last_year_bars = [], [], []
            if self.progress is None or not (self.progress.overall.active or self.progress.overall.paid):
                painter.setPen(QColor("#616161"))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "还没有应参保的人员，参保进度无从计算")
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
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.85)

        def x_of(rate: Decimal) -> float:
            return left + float(min(rate, Decimal(100))) / 100 * (right - left)

        y = float(self._top())
        first = True
        for line in self._lines():
            if line.kind == "gap":
                y += self.GAP * row_h
                continue
            if line.kind == "head":
                head_h = self.HEAD * metrics.height()
                painter.setFont(bold)
                painter.setPen(QColor("#37474f"))
                painter.drawText(
                    QRectF(pad / 2, y, self.width() - pad, head_h),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                    line.text,
                )
                y += head_h
                continue
            assert line.row is not None
            self._paint_row(
                painter,
                progress,
                line.row,
                y,
                row_h,
                bar_h,
                (left, right, label_w, note_w, pad),
                bold if first else self.font(),
                small,
                x_of,
            )
            first = False
            y += row_h
        target = progress.target
        if target is not None:
            painter.setFont(bold)
            painter.setPen(TARGET)
            label = f"任务数 {progress.task_count:,} 人（{target}%）" if progress.task_count else f"目标 {target}%"
            x = x_of(target)
            w = metrics.horizontalAdvance(label) + 2 * pad
            top = self._top()
            painter.drawText(
                QRectF(max(min(x - w / 2, self.width() - w), 0), 0, w, top - metrics.height() * 0.3),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )

    def _paint_row(
        self,
        painter: QPainter,
        progress: Progress,
        p: Participation,
        y: float,
        row_h: float,
        bar_h: float,
        box: tuple[float, float, float, float, float],
        font: QFont,
        small: QFont,
        x_of: Callable[[Decimal], float],
    ) -> None:
        left, right, label_w, note_w, pad = box
        target = progress.target_of(p)
        last = progress.last_year_of(p)
        main_h = bar_h * 0.65 if last is not None else bar_h
        painter.setFont(font)
        painter.setPen(QColor("#212121"))
        painter.drawText(
            QRectF(0, y, label_w - pad / 2, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, p.group
        )
        top = y + (row_h - bar_h) / 2
        track = QRectF(left, top, right - left, main_h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK)
        painter.drawRoundedRect(track, 3, 3)
        fill = QRectF(track.x(), track.y(), max(x_of(p.rate) - left, 0.0), main_h)
        painter.setBrush(bar_colour(p.rate, target))
        if fill.width() > 0:
            painter.drawRoundedRect(fill, 3, 3)
        (self.hardship_bars if p in progress.hardship else self.bars).append((p, fill))
        if last is not None:
            thin = QRectF(left, top + bar_h * 0.7, max(x_of(last.rate) - left, 0.0), bar_h * 0.3)
            painter.setBrush(LAST_YEAR)
            if thin.width() > 0:
                painter.drawRoundedRect(thin, 2, 2)
            self.last_year_bars.append((last, thin))
        if target is not None:
            painter.setPen(QPen(TARGET, 2, Qt.PenStyle.DashLine))
            x = x_of(target)
            painter.drawLine(QPointF(x, y), QPointF(x, y + row_h))
        short = progress.short_of_target(p)
        note = f"{p.paid:,}/{p.active:,}人  {p.rate}%"
        if target is not None:
            note += f"  差 {short:,} 人" if short else "  已达标"
        painter.setPen(QColor("#212121") if not short else bar_colour(p.rate, target).darker(120))
        if last is None:
            painter.drawText(
                QRectF(right + pad, y, note_w, row_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note
            )
            return
        half = row_h / 2
        painter.drawText(
            QRectF(right + pad, y, note_w, half), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, note
        )
        painter.setFont(small)
        painter.setPen(QColor("#546e7a"))
        year = f"{progress.previous.year}年度" if progress.previous and progress.previous.year else "上一年度"
        painter.drawText(
            QRectF(right + pad, y + half, note_w, half),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            f"{year} {last.rate}%",
        )


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
        self.legend = QLabel(
            f"<span style='color:{REACHED.name()}'>■</span> 已达目标　"
            f"<span style='color:{CLOSE.name()}'>■</span> 差 5 个百分点以内　"
            f"<span style='color:{BELOW.name()}'>■</span> 差得较多　"
            f"<span style='color:{LAST_YEAR.name()}'>▬</span> 上一年度　"
            "┆ 虚线：目标（参保率目标或乡镇任务数，可在“设置”中修改；困难群众 100%）<br/>"
            "参保率 = 已参保人数（本村收款和其他渠道）÷ 应参保人数（在册人数减去职工医保、外地参保、现役军人等不计入的人）"
        )
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.legend)

    def refresh(self) -> None:
        progress = self.presenter.progress()
        self.chart.set_progress(progress)
        self.headline.setText(headline(progress))


def headline(progress: Progress) -> str:
    o = progress.overall
    text = f"<b>全村应参保 {o.active:,} 人，已缴 {o.paid:,} 人，参保率 {o.rate}%</b>"
    short = progress.short_of_target(o)
    if progress.task_count:
        text += (
            f"　乡镇任务数 {progress.task_count:,} 人，还差 <b>{short:,}</b> 人"
            if short
            else f"　已完成乡镇任务数 {progress.task_count:,} 人"
        )
    elif progress.target is not None:
        text += f"　目标 {progress.target}%，还差 <b>{short:,}</b> 人" if short else f"　已达到目标 {progress.target}%"
    return text + details(progress)


def details(progress: Progress) -> str:
    """The second line: who is not counted, through which channels people paid, who refused, last year."""
    f = progress.figures
    if f is None:
        return ""
    parts = [f"在册 {f.registered:,} 人"]
    left_out = "、".join(f"{EXCLUSIONS[k]} {n:,}" for k, n in f.excluded.items() if n)
    if left_out:
        parts.append(f"不计入 {f.registered - f.to_cover:,} 人（{left_out}）")
    parts.append(f"已缴中本村收款 {f.covered_here:,} 人、其他渠道 {f.covered_elsewhere:,} 人")
    if f.refused:
        parts.append(f"拒绝参保 {f.refused:,} 人（仍在未缴名单上）")
    previous = progress.previous
    if previous is not None and previous.year:
        parts.append(f"{previous.year}年度参保率 {previous.overall.rate}%")
    return "<br/><span style='color:#455a64'>" + "；".join(parts) + "</span>"
