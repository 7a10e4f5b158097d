"""Screenshots of importing rolls as offices write them (issue 12), at 1366×768 and at 字号 特大.

    .venv/bin/python docs/screenshots/make_imports.py [OUT_DIR]

Writes import-roll-warnings.png (the village's household roll: 与户主关系 子女, 干女儿, a
15-digit old ID number, a phone written 无 — checked, nothing wrong, three warnings),
import-by-column.png (a 医保 list whose 医疗救助身份 mixes 特困, 低保 and 监测, imported
"按文件中的身份列") and import-roll-warnings-large.png (the first at 字号 特大) into OUT_DIR
(default: this folder). The rolls are tests/data/rolls/'s; the village is made here.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from camera import ROOT, WORK, Camera, out_dir

from desktop_app.services.imports import import_roster
from desktop_app.services.ledger import Ledger
from desktop_app.services.setup import Setup, initialise
from desktop_app.ui import import_dialog
from desktop_app.ui.import_dialog import ImportDialog
from desktop_app.ui.widgets import apply_font_size

ROLLS = ROOT / "tests" / "data" / "rolls"
NOW = datetime(2021, 11, 1, 9, 30)
SIZE = (1366, 768)


def checked(camera: Camera, dialog: ImportDialog, path: Path) -> ImportDialog:
    """The file chosen by its name (the picture shows no temporary folder) and the check run to its end."""
    os.chdir(path.parent)
    import_dialog.ask_open_path = lambda parent, title: Path(path.name)
    dialog.choose_file()
    dialog.start_check()
    while dialog.running():
        camera.app.processEvents()
        if dialog.thread_ is not None:
            dialog.thread_.wait(20)
    camera.settle()
    return dialog


def main() -> None:
    camera = Camera(out_dir())
    files = WORK / "rolls"
    files.mkdir()
    roll = Path(shutil.copy(ROLLS / "roster_household_roll.xlsx", files / "新立村2022年花名册.xlsx"))
    listed = Path(shutil.copy(ROLLS / "yibao_assistance.xls", files / "医疗救助对象名单.xls"))
    ledger = Ledger.open(WORK / "village.sqlite", create=True, clock=lambda: NOW)
    op = initialise(
        ledger, Setup("jl-2022", "新立村", "李会计", "XL", area="changchun", village_groups=("一组", "二组")), "secret1"
    )

    camera.shot(checked(camera, ImportDialog(ledger, op, "roster"), roll), "import-roll-warnings.png", SIZE)
    camera.close_all()
    apply_font_size("特大", remember=False)
    camera.shot(checked(camera, ImportDialog(ledger, op, "roster"), roll), "import-roll-warnings-large.png", SIZE)
    camera.close_all()
    apply_font_size("中", remember=False)

    import_roster(ledger, op, roll)
    dialog = ImportDialog(ledger, op, "identities")
    assert dialog.source is not None
    dialog.source.setCurrentIndex(dialog.source.findData("医保"))
    camera.shot(checked(camera, dialog, listed), "import-by-column.png", SIZE)
    camera.close_all()
    ledger.close()


if __name__ == "__main__":
    main()
