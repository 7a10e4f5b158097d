"""Every screenshot of the README gallery, in one command.

    .venv/bin/python docs/screenshots/make_all.py [OUT_DIR]

Runs make_windows.py (wizard, login, main window, search, register dialogs, settings,
progress, 字号 特大, the F1 shortcuts), make_dialogs.py (收费, 作废, 退费, 导入) and
make_printouts.py (receipts, 收款清单, 日结单, 未缴名单) and make_township.py (the
township's desk and its 进度通报) and make_policies.py (新年度, the policy view, 安装新政策,
the township's policy editor, the 政策明白纸) and make_imports.py (rolls as offices write
them: the import's warnings, a list imported by its own identity column) and make_stick.py (the
USB stick, the county's answer, the 工具 menu) and make_cash.py (forms, cash and refunds: the
58 mm and 套打 receipts, the test page, 结报单, 退费申请表, 发放名单, the 收费 menu's dialogs) and make_coverage.py
(who is really covered: 导入县已缴名单, 参保状态, 重复缴费, the 参保进度 tab, the 未缴名单 and its 公示) and
make_collectors.py (several collectors, the wizard's 村 / 第二台电脑 / 乡镇, expired policies, 暂无收款), each in its own process
(each makes its own offscreen QApplication), and writes into OUT_DIR (default: this
folder). Needs poppler's pdftoppm for the printouts; without it nothing is written and
the message says how to install it. Takes under a minute.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "make_windows.py",
    "make_dialogs.py",
    "make_printouts.py",
    "make_township.py",
    "make_policies.py",
    "make_imports.py",
    "make_stick.py",
    "make_cash.py",
    "make_coverage.py",
    "make_collectors.py",
)


def main() -> int:
    out = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
    if not shutil.which("pdftoppm"):
        sys.path.insert(0, str(HERE))
        from make_printouts import NO_PDFTOPPM

        print(NO_PDFTOPPM, file=sys.stderr)
        print("(make_windows.py and make_dialogs.py also run on their own.)", file=sys.stderr)
        return 1
    for script in SCRIPTS:
        done = subprocess.run([sys.executable, str(HERE / script), str(out)])
        if done.returncode:
            print(f"{script} failed (exit {done.returncode})", file=sys.stderr)
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
