"""Qt item models over what the services return: households, members, identity records.

The household list and the members are painted again at every keystroke of a search, and
Qt asks ``data`` for each visible cell a dozen times (text, font, colours, alignment …).
So each row's texts are made once, when the rows are set, and ``data`` answers a role it
does not use before looking at anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import format_yuan
from desktop_app.services.household_list import HouseholdRow
from desktop_app.services.register import Identity
from desktop_app.services.status import MemberStatus
from desktop_app.ui.widgets import BADGES_ROLE, status_brushes

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's object
DISPLAY = Qt.ItemDataRole.DisplayRole
_DISPLAY, _ROW, _ALIGN = int(DISPLAY), int(ROW_ROLE), int(Qt.ItemDataRole.TextAlignmentRole)
_FORE, _BACK, _FONT = (
    int(Qt.ItemDataRole.ForegroundRole),
    int(Qt.ItemDataRole.BackgroundRole),
    int(Qt.ItemDataRole.FontRole),
)
_TIP, _BADGES = int(Qt.ItemDataRole.ToolTipRole), int(BADGES_ROLE)
ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)
ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
PAID_UP = "已缴清"  # under the heading 未缴 a tick read as "unpaid": the words say it


@lru_cache(maxsize=1)
def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


@lru_cache(maxsize=64)
def _brushes(status: str) -> tuple[QColor, QColor]:
    return status_brushes(status)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class _TableModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def _replace(
        self,
        old: list[Any],
        new: list[Any],
        old_cells: Sequence[object],
        new_cells: Sequence[object],
        store: Callable[[], None],
    ) -> None:
        """The rows replaced by rows removed or added at the end and the changed ones marked changed — not a
        reset, which makes the headers lay themselves out and the whole table repaint: a row that shows
        the same as before is not painted again (``store`` puts the new rows in place)."""
        shared = min(len(old), len(new))
        if len(new) < len(old):
            self.beginRemoveRows(QModelIndex(), len(new), len(old) - 1)
            store()
            self.endRemoveRows()
        elif len(new) > len(old):
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            store()
            self.endInsertRows()
        else:
            store()
        changed = [r for r in range(shared) if old_cells[r] != new_cells[r] or old[r] != new[r]]
        if changed:
            last = len(self.headers) - 1
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(self.headers):
            return self.headers[section]
        return None


class HouseholdListModel(_TableModel):
    """Households, loaded a page at a time when browsing, all at once for search results."""

    headers = ("户号", "户主", "小组", "在册", "未缴", "查到")
    MATCHED = 5

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[HouseholdRow] = []
        self.cells: list[tuple[object, ...]] = []
        self._total = 0
        self._fetch: Callable[[int], list[HouseholdRow]] | None = None

    def set_rows(
        self,
        rows: Sequence[HouseholdRow],
        total: int | None = None,
        fetch: Callable[[int], list[HouseholdRow]] | None = None,
    ) -> None:
        """``fetch(offset)`` loads the next page while the list scrolls, up to ``total``."""
        new = list(rows)
        cells = [self._cells(r) for r in new]

        def store() -> None:
            self.rows, self.cells = new, cells

        self._total = len(new) if total is None else total
        self._fetch = fetch
        self._replace(self.rows, new, self.cells, cells, store)

    @staticmethod
    def _cells(row: HouseholdRow) -> tuple[object, ...]:
        return (
            row.household_no,
            row.head_name,
            row.village_group,
            row.active,
            row.unpaid or (PAID_UP if row.active else ""),
            "、".join(row.matched[:3]) + ("…" if len(row.matched) > 3 else ""),
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._fetch is not None and len(self.rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if self._fetch is None or parent.isValid():
            return
        more = self._fetch(len(self.rows))
        if not more:
            self._total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.cells.extend(self._cells(r) for r in more)
        self.endInsertRows()

    @property
    def total(self) -> int:
        return self._total

    def row_of(self, household_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == household_id), -1)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in _HOUSEHOLD_ROLES:
            return None
        r = index.row()
        if not 0 <= r < len(self.rows):
            return None
        col = index.column()
        if role == _DISPLAY:
            return self.cells[r][col]
        row = self.rows[r]
        if role == _ROW:
            return row
        if role == _ALIGN:
            return (ALIGN_RIGHT if row.unpaid or col == 3 else ALIGN_CENTER) if col in (3, 4) else None
        if role == _FORE:
            return _brushes("未缴" if row.unpaid else "已缴")[0] if col == 4 else None
        found = f"\n查到：{'、'.join(row.matched)}（{row.why}）" if row.matched else ""
        return f"户号 {row.household_no}  {row.address}\n在册 {row.active} 人，未缴 {row.unpaid} 人{found}"


_HOUSEHOLD_ROLES = frozenset((_DISPLAY, _ROW, _ALIGN, _FORE, _TIP))
_MEMBER_ROLES = frozenset((_DISPLAY, _ROW, _ALIGN, _FORE, _BACK, _FONT, _TIP, _BADGES))


class MemberStatusModel(_TableModel):
    headers = ("姓名", "关系", "性别", "年龄", "证件号码", "身份", "状态", "资助", "应缴", "收据号 / 说明")
    NAME, IDENTITIES, STATUS, SUBSIDY, DUE, NOTE = 0, 5, 6, 7, 8, 9

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[MemberStatus] = []
        self.cells: list[tuple[str, ...]] = []
        self.today = date(2000, 1, 1)
        self.highlighted: set[str] = set()

    def set_rows(self, rows: Sequence[MemberStatus], today: date, highlighted: Sequence[str] = ()) -> None:
        old, new, highlighted_now = self.rows, list(rows), set(highlighted)
        previous = self.highlighted
        self.today = today
        cells = [tuple(self._text(m, c) for c in range(len(self.headers))) for m in new]

        def store() -> None:
            self.rows, self.cells, self.highlighted = new, cells, highlighted_now

        self._replace(old, new, self.cells, cells, store)
        if highlighted_now != previous and new:  # the names in bold
            self.dataChanged.emit(self.index(0, self.NAME), self.index(len(new) - 1, self.NAME))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in _MEMBER_ROLES:
            return None
        r = index.row()
        if not 0 <= r < len(self.rows):
            return None
        col = index.column()
        if role == _DISPLAY:
            return self.cells[r][col]
        m = self.rows[r]
        if role == _ROW:
            return m
        if role == _BADGES:
            return m.identities if col == self.IDENTITIES else None
        if role in (_FORE, _BACK):
            if col != self.STATUS:
                return None
            fore, back = _brushes(m.status)
            return fore if role == _FORE else back
        if role == _FONT:
            if col == self.STATUS or (col == self.NAME and m.person.name in self.highlighted):
                return _bold()
            return None
        if role == _ALIGN:
            return ALIGN_RIGHT if col in (3, self.SUBSIDY, self.DUE) else None
        return self._tooltip(m, col)

    def _text(self, m: MemberStatus, col: int) -> str:
        p = m.person
        if col == 0:
            return p.name
        if col == 1:
            return p.relation
        if col == 2:
            return p.sex
        if col == 3:
            return str(age_on(p.birth_date, self.today))
        if col == 4:
            return p.id_number or "（无证件）"
        if col == self.IDENTITIES:
            return ""  # painted as badges
        if col == self.STATUS:
            return m.status
        if col == self.SUBSIDY:
            return format_yuan(m.subsidy) if m.subsidy else ""
        if col == self.DUE:
            return format_yuan(m.due) if m.status in ("未缴", "已缴", "待遇等待期", "全额资助", "免缴") else ""
        extras = [m.receipt_no or "", m.note]
        if m.status in ("未缴", "全额资助", "免缴") and m.subsidy_label:
            extras.append(m.subsidy_label)
        if p.student:
            extras.append("在校学生")
        return "  ".join(e for e in extras if e)

    def _tooltip(self, m: MemberStatus, col: int) -> str | None:
        if col == self.IDENTITIES and m.identities:
            return "\n".join(IDENTITIES.get(c, c) for c in m.identities)
        if col == self.SUBSIDY and m.subsidy_label:
            return m.subsidy_label
        if col == self.NOTE:
            # The cell does not wrap and a long reason ends in "…": the tooltip has all of it.
            text = self._text(m, col)
            why = "\n".join(m.quote.explanation) if m.quote is not None and m.quote.explanation else ""
            return "\n".join(x for x in (text, why) if x) or None
        if col == self.STATUS and m.quote is not None and m.quote.explanation:
            return "\n".join(m.quote.explanation)
        if col == 4 and m.person.id_number is None:
            return f"出生日期 {m.person.birth_date}"
        return m.note or None


class IdentityRecordModel(_TableModel):
    headers = ("身份", "来源", "名单", "有效期起", "有效期止", "现在")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Identity] = []
        self.today = date(2000, 1, 1)

    def set_rows(self, rows: Sequence[Identity], today: date) -> None:
        self.beginResetModel()
        self.rows, self.today = list(rows), today
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        if role == DISPLAY:
            state = (
                "有效"
                if r.holds_on(self.today)
                else ("未生效" if r.valid_from and r.valid_from > self.today else "已结束")
            )
            return (
                IDENTITIES.get(r.code, r.code),
                r.source,
                r.list_name,
                str(r.valid_from or "—"),
                str(r.valid_to or "长期"),
                state,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 5 and not r.holds_on(self.today):
            return status_brushes("不在册")[0]
        return None
