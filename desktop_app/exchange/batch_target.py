"""Where a batch goes when no folder is given: the USB stick, when exactly one is plugged in.

Windows: drives whose type is DRIVE_REMOVABLE (GetDriveTypeW). Linux: the desktop's
automount points, /media/$USER/* and /run/media/$USER/*. The batch goes into a folder
``医保上报`` on the stick so it sits apart from whatever else the stick holds.
"""

from __future__ import annotations

import getpass
import os
import string
import sys
from pathlib import Path

FOLDER = "医保上报"
DRIVE_REMOVABLE = 2


def removable_drives() -> list[Path]:
    if sys.platform == "win32":
        return _windows_drives()
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        return []
    found: list[Path] = []
    for base in (Path("/media") / user, Path("/run/media") / user):
        try:
            found += sorted(p for p in base.iterdir() if p.is_dir() and os.access(p, os.W_OK))
        except OSError:
            continue
    return found


def _windows_drives() -> list[Path]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    mask = kernel32.GetLogicalDrives()
    drives = []
    for i, letter in enumerate(string.ascii_uppercase):
        if mask & (1 << i) and letter not in "AB":
            root = f"{letter}:\\"
            if kernel32.GetDriveTypeW(root) == DRIVE_REMOVABLE:
                drives.append(Path(root))
    return drives


def default_target() -> Path | None:
    """The stick's upload folder, or None when no single removable drive is present."""
    drives = removable_drives()
    return drives[0] / FOLDER if len(drives) == 1 else None
