"""Where a batch or a backup goes: the USB sticks plugged in now, or a folder the collector picks.

A list the keyboard walks (↑↓), with the sticks first — each with its free space — and
"选择文件夹…" last; 刷新 looks again after a stick is plugged in. A stick's entry means
its upload (or backup) folder; a picked folder is used as it is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.drives import Drive, removable_drives

PICK = "选择文件夹…（没有U盘时，或要放到别处）"
FOLDER_ROLE = Qt.ItemDataRole.UserRole + 1


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    """The system's folder chooser; tests replace this function."""
    chosen = QFileDialog.getExistingDirectory(parent, title)
    return Path(chosen) if chosen else None


def find_drives() -> list[Drive]:
    """The sticks plugged in now; tests replace this function."""
    return removable_drives()


class _Places(QListWidget):
    """Enter on "选择文件夹…" opens the chooser and stops there (the dialog's default button is not pressed)."""

    picked = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None and not item.data(FOLDER_ROLE):
            event.accept()
            self.picked.emit()
            return
        super().keyPressEvent(event)


class TargetChooser(QWidget):
    """``changed`` when the chosen folder changes; ``folder()`` is it (None: nothing chosen yet)."""

    changed = Signal()

    def __init__(self, kind: str = "upload", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind  # "upload": the stick's 医保上报 folder; "backup": its 征缴通备份 folder
        self.picked: Path | None = None
        self.list = _Places()
        self.list.setAccessibleName("写到哪里")
        self.list.currentRowChanged.connect(lambda _: self._chosen())
        self.list.picked.connect(self.choose_folder)
        self.list.itemDoubleClicked.connect(self._activated)
        self.refresh_button = QPushButton("刷新 (&R)")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.setToolTip("插上U盘后点这里再找一次")
        self.refresh_button.clicked.connect(self.refresh)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side = QVBoxLayout()
        side.addWidget(self.refresh_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(side)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.where)
        self.refresh()

    def refresh(self) -> None:
        drives = find_drives()
        self.list.blockSignals(True)
        self.list.clear()
        for drive in drives:
            folder = drive.upload_folder if self.kind == "upload" else drive.backup_folder
            item = QListWidgetItem(f"{drive.label}　→ {folder.name}")
            item.setData(FOLDER_ROLE, str(folder))
            self.list.addItem(item)
        if self.picked is not None:
            item = QListWidgetItem(f"文件夹 {self.picked}")
            item.setData(FOLDER_ROLE, str(self.picked))
            self.list.addItem(item)
        self.list.addItem(QListWidgetItem(PICK))
        self.list.blockSignals(False)
        self.list.setCurrentRow(0 if drives or self.picked is not None else -1)
        self._fit()
        self._chosen()

    def _fit(self) -> None:
        """As tall as its entries (at least three lines), a scroll bar's height more for long paths."""
        rows = max(self.list.count(), 3)
        height = self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth() + 4
        self.list.setFixedHeight(height + self.list.horizontalScrollBar().sizeHint().height())

    def folder(self) -> Path | None:
        item = self.list.currentItem()
        value = item.data(FOLDER_ROLE) if item is not None else None
        return Path(value) if value else None

    def choose_folder(self) -> None:
        chosen = ask_folder(self, "选择文件夹")
        if chosen is None:
            return
        self.picked = chosen
        self.refresh()
        for i in range(self.list.count()):
            if self.list.item(i).data(FOLDER_ROLE) == str(chosen):
                self.list.setCurrentRow(i)

    def _activated(self, item: QListWidgetItem) -> None:
        if not item.data(FOLDER_ROLE):
            self.choose_folder()

    def _chosen(self) -> None:
        folder = self.folder()
        if folder is not None:
            self.where.setText(f"将写到：{folder}")
        elif self.list.count() == 1:
            self.where.setText("没有找到U盘：请插入U盘后点“刷新”，或在上面选“选择文件夹…”后按 Enter")
        else:
            self.where.setText("请在上面选一个U盘，或“选择文件夹…”后按 Enter")
        self.changed.emit()
