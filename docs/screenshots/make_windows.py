"""Screenshots of the window's screens on the demo village, at 1366×768, for the README.

    .venv/bin/python docs/screenshots/make_windows.py [OUT_DIR]

Writes wizard.png, login.png, main-window.png, search.png, member-dialog.png,
household-dialog.png, settings.png, progress.png, main-window-large.png (字号 特大,
the older collector's setting), shortcuts.png (F1) and shortcuts-large.png (F1 at 特大)
into OUT_DIR (default: this folder). Runs offscreen on a 1366×768 screen; the demo database is built in a
temporary folder, so nothing of the user's is touched (settings.png names the demo's
place on a Windows laptop instead of that folder).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path, PureWindowsPath

from camera import WORK, Camera, out_dir
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.demo.village import DEMO_COLLECTOR, DEMO_FILE, DEMO_PASSWORD, open_demo
from desktop_app.services.household_list import list_households
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import acting_as, login
from desktop_app.services.paths import user_data_dir
from desktop_app.services.register import get_household
from desktop_app.services.status import member_statuses
from desktop_app.ui.household_dialog import HouseholdDialog
from desktop_app.ui.login_dialog import LoginDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.member_dialog import MemberDialog
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.widgets import apply_font_size
from desktop_app.ui.wizard import SetupWizard


def as_on_the_laptop(ledger: Ledger) -> Ledger:
    """The same ledger, saying it lives where the demo lives on a collector's Windows laptop
    (the user's data folder), not in this script's temporary folder.

    Only what the 设置 dialog prints changes: the copy shares the connection to the
    temporary database, and no file in the user's data folder is opened or created.
    """
    folder = user_data_dir("nt", {"LOCALAPPDATA": r"C:\Users\Administrator\AppData\Local"})
    return dataclasses.replace(ledger, path=Path(str(PureWindowsPath(folder) / DEMO_FILE)))


def shown_household(ledger: Ledger) -> int:
    """A family of the last group (the one visited last) with a subsidised member who has not
    paid yet: the largest such among the first few, so the table shows several people."""
    group = ledger.settings.village_groups[-1]
    year = ledger.year().year
    best: tuple[int, int] | None = None
    for row in list_households(ledger, year, group, 0, 60):
        members = member_statuses(ledger, row.id, ledger.now().date())
        if any(m.identities and m.payable and m.subsidy for m in members):
            if best is None or len(members) > best[0]:
                best = (len(members), row.id)
    return best[1] if best else list_households(ledger, year, group, 0, 1)[0].id


def main() -> None:
    camera = Camera(out_dir())
    ledger = open_demo(WORK / "demo.sqlite")
    acting = acting_as(ledger, login(ledger, DEMO_COLLECTOR, DEMO_PASSWORD))
    household = get_household(ledger, shown_household(ledger))

    wizard = SetupWizard(WORK / "new.sqlite", clock=ledger.clock)  # on the demo's day: the policy is collecting
    wizard.show()  # shown, it starts at 村 or 乡镇; 村 goes on to the policies
    wizard.next()
    wizard.policy_page.policies.setCurrentRow(
        next(i for i, c in enumerate(wizard.policy_page.choices) if c.id == "ah-sixian-shantou-2022")
    )
    camera.shot(wizard, "wizard.png")
    wizard.close()
    camera.shot(LoginDialog(ledger, None, f"演示数据库：收款员 {DEMO_COLLECTOR}，密码 {DEMO_PASSWORD}"), "login.png")

    window = MainWindow(ledger, acting)
    window.resize(1366, 768)
    window.group_filter.setCurrentText(household.village_group)
    window.presenter.select(household.id)
    window.members.setFocus()
    camera.shot(window, "main-window.png")

    # Pinyin initials find people across the village as they are typed (wxy: 王秀英, 吴晓燕…).
    window.search.setText("wxy")
    window.run_search()
    window.search.setFocus()
    camera.shot(window, "search.png")
    window.search.clear()
    window.run_search()
    window.group_filter.setCurrentText(household.village_group)
    window.presenter.select(household.id)

    head_id = window.member_model.rows[0].person.id
    camera.shot(MemberDialog(ledger, acting, household.id, head_id, window), "member-dialog.png")
    camera.shot(HouseholdDialog(ledger, acting, None, window, household.village_group), "household-dialog.png")
    camera.shot(SettingsDialog(as_on_the_laptop(ledger), acting, window), "settings.png")
    window.tabs.setCurrentIndex(1)
    camera.shot(window, "progress.png")
    window.tabs.setCurrentIndex(0)

    shortcuts(camera, window, "shortcuts.png")
    apply_font_size("特大", remember=False)
    window.members.setFocus()
    camera.shot(window, "main-window-large.png")
    shortcuts(camera, window, "shortcuts-large.png")
    camera.close_all()
    ledger.close()


def shortcuts(camera: Camera, window: MainWindow, name: str) -> None:
    """F1 opens a modal dialog: grab it from inside its own event loop, then close it."""

    def grab_help() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, grab_help)
            return
        camera.shot(box, name)
        box.close()

    QTimer.singleShot(0, grab_help)
    window.actions_.help_keys.trigger()


if __name__ == "__main__":
    main()
