"""What the screenshot scripts share: an offscreen 1366×768 screen and a grab that waits for layout.

Import this module before anything imports PySide6: the platform is chosen when the
QApplication is made, and the window must believe it is on the common village laptop
screen (1366×768 at 96 dpi), not on the offscreen plugin's default 800×600. The
user's preferences (font size, window geometry) are kept in a temporary folder, so a
screenshot run neither reads nor changes them.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="zhengjiao-shots-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
SCREEN = {
    "screens": [
        {
            "name": "laptop",
            "x": 0,
            "y": 0,
            "width": 1366,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ]
}
(WORK / "screen.json").write_text(json.dumps(SCREEN), "utf-8")
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={WORK / 'screen.json'}"

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop_app.ui.app import create_application  # noqa: E402


class Camera:
    """The application as the collector sees it (bundled font, style sheet, 字号 中) and a shutter."""

    def __init__(self, out: Path) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(WORK / "prefs"))
        self.app = create_application()

    def settle(self) -> None:
        """Let layouts, deferred timers (row heights after a resize) and repaints run."""
        for _ in range(4):
            self.app.processEvents()

    def show(self, widget: QWidget, size: tuple[int, int] | None = None) -> None:
        if size is not None:
            widget.resize(*size)
        widget.show()
        self.settle()

    def shot(self, widget: QWidget, name: str, size: tuple[int, int] | None = None) -> Path:
        self.show(widget, size)
        path = self.out / name
        widget.grab().save(str(path))
        print(path)
        return path

    def close_all(self) -> None:
        for widget in QApplication.topLevelWidgets():
            widget.close()
        self.settle()


def out_dir() -> Path:
    """The first argument, or this folder."""
    return Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
