"""Starting the window: the application, its font and style, then wizard or login.

A database that does not exist (or was never set up) opens the first-run wizard; one
that does asks which collector and their password. Either way the main window gets an
``Acting``: that collector, in the latest open benefit year. ``--demo`` opens the demo
village, whose password the login dialog shows. Errors nobody caught are shown in Chinese and written
to ``<data>/logs/zhengjiao.log`` (ui.crash) instead of closing the window without a word.
``ZHENGJIAO_EXIT_AFTER_SHOW=1`` quits as soon as the first window is on screen, printing
``FIRST_WINDOW <title>``: bench/bench_build.py times the start of the built program with it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from desktop_app import __version__
from desktop_app.domain.desk import TOWNSHIP_MODE
from desktop_app.domain.operators import Acting, Operator
from desktop_app.services.backups import backup_at_start
from desktop_app.services.integrity import BackgroundCheck, DamagedDatabaseError
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.paths import resource_dir
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.services.printouts import ensure_font
from desktop_app.ui import crash
from desktop_app.ui.idle_collector import IdleCollector
from desktop_app.ui.login_dialog import LoginDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.widgets import apply_font_size, saved_font_size
from desktop_app.ui.wizard import SetupWizard


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("征缴通")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Zhengjiao")
    translator = QTranslator(app)
    if translator.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(translator)
    family = ensure_font()  # the bundled CJK font, or None: then the system's font is used
    if family:
        font = QFont(family)
        font.setPointSize(app.font().pointSize())
        app.setFont(font)
    style = resource_dir() / "style.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text("utf-8"))
    icon = resource_dir() / "icons" / "zhengjiao.png"  # PNG: the built app carries no SVG plugin
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    apply_font_size(saved_font_size(), remember=False)
    if app.findChild(QObject, IdleCollector.NAME) is None:  # create_application may run twice in one process
        IdleCollector(app)
    return app


class QuitAfterFirstWindow(QObject):
    """Prints ``FIRST_WINDOW <title>`` once the first window has been shown and painted, then quits."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            QTimer.singleShot(0, lambda: self._quit(watched.windowTitle()))
        return False

    @staticmethod
    def _quit(title: str) -> None:
        if sys.stdout is not None:
            print(f"FIRST_WINDOW {title}", flush=True)
        QApplication.exit(0)


def open_ledger(path: Path, catalogue: PolicyCatalogue, full_check: bool = True) -> tuple[Ledger | None, str]:
    """The ledger when it exists and is set up; otherwise None and why."""
    if not path.exists():
        return None, ""
    try:
        ledger = Ledger.open(path, catalogue=catalogue, full_check=full_check)
    except DamagedDatabaseError as e:
        return None, damaged_message(path, str(e))
    if not ledger.is_initialised():
        ledger.close()
        return None, ""
    return ledger, ""


def damaged_message(path: Path, detail: str) -> str:
    return f'{detail}\n\n可在命令行运行：zhengjiao --db "{path}" restore'


def start(db_path: Path, *, demo: bool = False) -> QMainWindow | None:
    """Wizard or login, then the main window (shown) — or, on a ledger set up in 乡镇 mode, the township's
    desk (ui.township_window); None when the collector gave up."""
    catalogue = PolicyCatalogue()
    hint = ""
    # the integrity check runs while the password is typed (services.integrity)
    if demo:
        from desktop_app.demo.village import DEMO_COLLECTOR, DEMO_PASSWORD, open_demo

        ledger: Ledger | None = open_demo(db_path, catalogue, full_check=False)
        hint = f"演示数据库：收款员 {DEMO_COLLECTOR}，密码 {DEMO_PASSWORD}"
    else:
        ledger, problem = open_ledger(db_path, catalogue, full_check=False)
        if problem:
            QMessageBox.critical(None, "数据库不能使用", problem)
            return None
    check = BackgroundCheck(db_path) if ledger is not None else None
    acting: Acting | None = None
    clerk: Operator | None = None
    if ledger is None:
        wizard = SetupWizard(db_path, catalogue)
        if not wizard.exec() or wizard.ledger is None:
            return None
        ledger, acting = wizard.ledger, wizard.acting  # just typed the password: no second login
        clerk = wizard.clerk  # 乡镇: the clerk the wizard just set up (no benefit year, no second login)
    if ledger.settings.mode == TOWNSHIP_MODE:  # the township's desk: no benefit year, its own window
        return _start_desk(ledger, db_path, check, clerk)
    if acting is None:
        login = LoginDialog(ledger, None, hint)
        if not login.exec() or login.acting is None:
            ledger.close()
            return None
        acting = login.acting
    if not _sound_and_backed_up(ledger, db_path, check):
        return None
    return _shown(MainWindow(ledger, acting))


def _start_desk(
    ledger: Ledger, db_path: Path, check: BackgroundCheck | None, clerk: Operator | None
) -> QMainWindow | None:
    """The township's desk: the clerk logs in (unless the wizard just set them up), then its window."""
    from desktop_app.ui.township_dialogs import TownshipLogin
    from desktop_app.ui.township_window import TownshipWindow

    if clerk is None:
        login = TownshipLogin(ledger)
        if not login.exec() or login.operator is None:
            ledger.close()
            return None
        clerk = login.operator
    if not _sound_and_backed_up(ledger, db_path, check):
        return None
    return _shown(TownshipWindow(ledger, clerk))


def _sound_and_backed_up(ledger: Ledger, db_path: Path, check: BackgroundCheck | None) -> bool:
    """After the login: the full integrity check (run while the password was typed) must have passed —
    a damaged file is refused before any window — and the backup at start is taken (a failure warns)."""
    damage = check.wait() if check is not None else None
    if damage:
        ledger.close()
        QMessageBox.critical(
            None, "数据库不能使用", damaged_message(db_path, str(DamagedDatabaseError(db_path, damage)))
        )
        return False
    try:
        backup_at_start(ledger)
    except (LedgerError, OSError) as e:
        QMessageBox.warning(None, "没有备份", f"开始前的自动备份没有完成：{e}")
    return True


def _shown(window: QMainWindow) -> QMainWindow:
    window.setWindowTitle(window.windowTitle().replace("征缴通", f"征缴通 {__version__}", 1))
    window.show()
    return window


def run(db_path: Path, *, demo: bool = False) -> int:
    app = create_application()
    crash.install()
    if os.environ.get("ZHENGJIAO_EXIT_AFTER_SHOW"):
        app.installEventFilter(QuitAfterFirstWindow(app))
    window = start(db_path, demo=demo)
    if window is None:
        return 0
    return app.exec()
