"""Screenshots of the window's screens on the demo village, at 1366×768, for the README.

    .venv/bin/python docs/screenshots/make_windows.py [OUT_DIR] [FONT_SIZE]

Writes wizard.png, login.png, main-window.png, member-dialog.png, household-dialog.png,
progress.png and settings.png into OUT_DIR (default: this folder). FONT_SIZE is one of
小 / 中 / 大 / 特大 (default 中). Runs offscreen on a 1366×768 screen; the demo
database is built in a temporary folder, so nothing of the user's is touched.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="zhengjiao-shots-"))
SCREEN = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
(WORK / "screen.json").write_text(json.dumps(SCREEN), "utf-8")
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={WORK / 'screen.json'}"

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop_app.services.demo_village import DEMO_COLLECTOR, DEMO_PASSWORD, open_demo  # noqa: E402
from desktop_app.services.operators import login  # noqa: E402
from desktop_app.services.household_list import list_households  # noqa: E402
from desktop_app.services.ledger import Ledger  # noqa: E402
from desktop_app.services.register import get_household  # noqa: E402
from desktop_app.services.status import member_statuses  # noqa: E402
from desktop_app.ui.app import create_application  # noqa: E402
from desktop_app.ui.household_dialog import HouseholdDialog  # noqa: E402
from desktop_app.ui.login_dialog import LoginDialog  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402
from desktop_app.ui.member_dialog import MemberDialog  # noqa: E402
from desktop_app.ui.settings_dialog import SettingsDialog  # noqa: E402
from desktop_app.ui.widgets import apply_font_size  # noqa: E402
from desktop_app.ui.wizard import SetupWizard  # noqa: E402



def shown_household(ledger: Ledger) -> int:
    """The first household of the last group with a subsidised member who has not paid yet."""
    group = ledger.settings.village_groups[-1]
    for row in list_households(ledger, group, 0, 500):
        members = member_statuses(ledger, row.id, ledger.now().date())
        if any(m.identities and m.payable and m.subsidy for m in members):
            return row.id
    return list_households(ledger, group, 0, 1)[0].id


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    size = sys.argv[2] if len(sys.argv) > 2 else "中"
    out.mkdir(parents=True, exist_ok=True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(WORK / "prefs"))
    app = create_application()
    apply_font_size(size, remember=False)

    def shot(widget: QWidget, name: str) -> None:
        widget.show()
        for _ in range(3):
            app.processEvents()
        widget.grab().save(str(out / name))
        print(out / name)

    ledger = open_demo(WORK / "demo.sqlite")
    operator = login(ledger, DEMO_COLLECTOR, DEMO_PASSWORD)
    household = get_household(ledger, shown_household(ledger))

    wizard = SetupWizard(WORK / "new.sqlite")
    wizard.policy_page.policies.setCurrentRow(
        next(i for i, c in enumerate(wizard.policy_page.choices) if c.id == "ah-sixian-shantou-2022"))
    shot(wizard, "wizard.png")
    wizard.close()
    shot(LoginDialog(ledger, None, f"演示数据库：收款员 {DEMO_COLLECTOR}，密码 {DEMO_PASSWORD}"), "login.png")

    window = MainWindow(ledger, operator)
    window.resize(1366, 768)
    window.group_filter.setCurrentText(household.village_group)
    window.presenter.select(household.id)
    window.members.setFocus()
    shot(window, "main-window.png")
    head = window.member_model.rows[0].person.id
    shot(MemberDialog(ledger, operator, household.id, head, window), "member-dialog.png")
    shot(HouseholdDialog(ledger, operator, None, window, household.village_group), "household-dialog.png")
    shot(SettingsDialog(ledger, operator, window), "settings.png")
    window.tabs.setCurrentIndex(1)
    shot(window, "progress.png")
    for widget in QApplication.topLevelWidgets():
        widget.close()
    ledger.close()


if __name__ == "__main__":
    main()
