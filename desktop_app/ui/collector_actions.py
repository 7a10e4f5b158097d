"""Several collectors, in the window's 工具 menu: 收款员管理 (add, disable or enable, reset a password).

The dialog asks the village's admin password first (``ui.collectors_dialog``); it is imported
when the action is used, so the window starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.ui.features import MenuPart, action

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

KEYS = (("工具 → 收款员管理", "添加收款员（如组长）、停用或启用、重设密码；要输本村的管理密码"),)


def open_collectors(window: MainWindow) -> None:
    from desktop_app.ui.collectors_dialog import manage_collectors

    if manage_collectors(window.ledger, window.acting, window):
        window.after_change()


def parts(window: MainWindow) -> list[MenuPart]:
    manage = action(window, "收款员管理(&M)…", lambda: open_collectors(window))
    manage.setObjectName("collectors")
    return [MenuPart("工具(&T)", [manage], keys=KEYS)]
