"""Policies in the window: 帮助 → 本年度政策…, 打印 → 政策明白纸…, 文件 → 安装新政策… and 信任乡镇密钥….

本年度政策 shows the acting year's policy as the collector reads it out, with 需要您核对的事项
and the 明白纸 to print (ui.policy_view). 安装新政策 takes a township's file from a stick,
showing its check, its signature and what changes before anything is written; 信任乡镇密钥
takes the township's public key, once (ui.policy_install). Each dialog loads when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.ui.features import MenuPart, action

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

KEYS = (("Ctrl+Shift+Z", "本年度政策：各类人员缴多少、期外价格、需要您核对的事项；打印明白纸"),)


def open_policy_view(window: MainWindow) -> None:
    from desktop_app.ui.policy_view import PolicyViewDialog

    PolicyViewDialog(window.ledger, window.acting, window).exec()


def print_leaflet(window: MainWindow) -> None:
    from desktop_app.ui.print_dialog import choose_and_print

    done = choose_and_print(window, window.ledger, window.acting, "leaflet", year=window.acting.benefit_year)
    if done:
        window.statusBar().showMessage(done, 10000)


def open_install(window: MainWindow) -> None:
    from desktop_app.ui.policy_install import InstallPolicyDialog

    dialog = InstallPolicyDialog(window.ledger, window.acting, window)
    if dialog.exec() and dialog.installed is not None:
        window.after_change()  # the year's policy may be the one updated
        window.info(f"已安装：{dialog.installed}\n开启新年度时可以选用它（文件 → 新年度…）。")


def open_trust(window: MainWindow) -> None:
    from desktop_app.ui.policy_install import TrustKeyDialog

    dialog = TrustKeyDialog(window.ledger, window.acting, window)
    if dialog.exec() and dialog.trusted:
        window.info(f"已信任乡镇密钥 {dialog.trusted}。从现在起只安装这个乡镇签名的政策文件。")


def parts(window: MainWindow) -> list[MenuPart]:
    view = action(window, "本年度政策(&P)…", lambda: open_policy_view(window), "Ctrl+Shift+Z")
    leaflet = action(window, "政策明白纸(&M)…", lambda: print_leaflet(window))
    install = action(window, "安装新政策(&I)…", lambda: open_install(window))
    trust = action(window, "信任乡镇密钥(&K)…", lambda: open_trust(window))
    return [
        MenuPart("帮助(&B)", [view], keys=KEYS),
        MenuPart("打印(&P)", [leaflet]),
        MenuPart("文件(&F)", [install, trust]),
    ]
