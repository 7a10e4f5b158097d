"""Helpers for the window tests of the USB stick, the county's answer and the tools.

A "stick" is a folder in tmp_path offered as the one removable drive; the county's
answer is an .xlsx written as the county's system writes it; the failures of a real
stick (read-only, full, pulled out between the two files) are made by hooks on the
writes, so that they happen the same way for root (whom permission bits do not stop)
and for everyone else.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from python_calamine import CalamineWorkbook

from desktop_app.services import batches as batch_service
from desktop_app.services import drives as drives_service
from desktop_app.services.drives import Drive
from desktop_app.ui import stick_target
from desktop_app.ui.workers import WorkPanel

ALT = Qt.KeyboardModifier.AltModifier


def offer_stick(monkeypatch: pytest.MonkeyPatch, root: Path) -> Path:
    """``root`` is the one USB stick plugged in; returns the folder a batch goes to on it."""
    root.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(stick_target, "find_drives", lambda: [Drive(root, 8 * 1024**3)])
    return root / drives_service.UPLOAD_FOLDER


def offer_folder(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, path: Path) -> None:
    """The system's file or folder chooser answers ``path``."""
    monkeypatch.setattr(module, name, lambda *args: path)


def wait_done(qtbot: QtBot, panel: WorkPanel, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: not panel.running(), timeout=timeout)


def run_by_key(qtbot: QtBot, panel: WorkPanel, key: Qt.Key, modifier: Qt.KeyboardModifier = ALT) -> None:
    """Press the key that starts the panel's job (a mnemonic clicks 100 ms later), then wait for the job's end."""
    runs = panel.runs
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    qtbot.waitUntil(lambda: panel.runs > runs, timeout=3000)
    wait_done(qtbot, panel)


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file in the folder (hidden ones too) with its bytes."""
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Make a folder read-only: its mode, and — for root, whom the mode does not stop — a refusal of every write."""
    made: list[Path] = []
    real_open = open

    def refusing_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(ch in mode for ch in "wax+") and any(Path(file).is_relative_to(f) for f in made):
            raise PermissionError(errno.EROFS, os.strerror(errno.EROFS), str(file))
        return real_open(file, mode, *args, **kwargs)

    def make(folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o555)
        made.append(folder)
        monkeypatch.setattr(drives_service, "open", refusing_open, raising=False)

    yield make
    for folder in made:
        folder.chmod(0o755)


class FailingWrite:
    """The batch's atomic writer, failing the way a stick does while ``on``; ``kind``: "full" or "pulled".

    full: the workbook fits, the manifest does not (a ``.partial`` is left behind, then ENOSPC).
    pulled: the stick is pulled out after the workbook (its folder is gone when the manifest is
    written); ``plug_back()`` puts it back as it was, files and all.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, kind: str, away: Path) -> None:
        self.kind, self.away, self.on = kind, away, True
        self.calls: list[Path] = []
        self.pulled: Path | None = None
        self.real = batch_service.write_atomically
        monkeypatch.setattr(batch_service, "write_atomically", self.write)

    def write(self, path: Path, data: bytes) -> None:
        if self.on:
            self.calls.append(path)
            if len(self.calls) == 2 and self.kind == "full":
                (path.parent / f".{path.name}.partial").write_bytes(b"{")
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            if len(self.calls) == 2 and self.kind == "pulled":
                self.pulled = path.parent
                shutil.move(path.parent, self.away)
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        self.real(path, data)

    def plug_back(self) -> None:
        self.on = False
        if self.pulled is not None:
            shutil.move(self.away, self.pulled)


def county_answer(path: Path, *lines: tuple[str, str, str, str, str]) -> Path:
    """The county system's xlsx: a title row, then 序号 姓名 公民身份号码 收据号 审核结果 失败原因."""
    book = Workbook()
    sheet = book.active
    sheet.append(["城乡居民医保参保登记回盘"])
    sheet.append(["序号", "姓名", "公民身份号码", "收据号", "审核结果", "失败原因"])
    for n, line in enumerate(lines, 1):
        sheet.append([n, *line])
    for row in sheet.iter_rows(min_row=3, min_col=3, max_col=3):
        row[0].number_format = "@"
    book.save(path)
    return path


def sheet_rows(path: Path) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        rows: list[list[Any]] = book.get_sheet_by_index(0).to_python()
    finally:
        book.close()
    return rows
