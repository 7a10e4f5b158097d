"""USB sticks as the window offers them, and what a failed write on one means, in Chinese.

The drives themselves are found by ``exchange.batch_target`` (Windows: drive type
removable; Linux: the desktop's mounts under /media and /run/media), which the CLI uses
too. This module adds what a dialog needs: a label with the free space, the folder a
batch or a backup goes into, a test write before anything is recorded in the ledger
(a read-only or full stick is found while nothing has happened yet), and one sentence
for each way a write fails — the stick pulled out, write-protected, full.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from desktop_app.exchange.batch_target import FOLDER as UPLOAD_FOLDER
from desktop_app.exchange.batch_target import removable_drives as _removable_drives

__all__ = [
    "BACKUP_FOLDER",
    "UPLOAD_FOLDER",
    "Drive",
    "describe_write_error",
    "free_bytes",
    "human_size",
    "removable_drives",
    "write_problem",
]

BACKUP_FOLDER = "征缴通备份"
PROBE_NAME = ".zhengjiao-probe"
PROBE_BYTES = 64 * 1024  # a test write big enough that a stick with almost no room left fails it

_GONE = {
    errno.ENOENT,
    errno.ENODEV,
    errno.ENXIO,
    errno.EIO,
    getattr(errno, "ESTALE", -1),
    getattr(errno, "ENOMEDIUM", -1),
}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG}
# Windows: ERROR_NOT_READY, ERROR_DEV_NOT_EXIST, ERROR_FILE_NOT_FOUND / PATH_NOT_FOUND (the letter is gone);
# ERROR_WRITE_PROTECT, ERROR_ACCESS_DENIED; ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL.
_WIN_GONE, _WIN_READ_ONLY, _WIN_FULL = {21, 55, 2, 3, 1167}, {19, 5}, {39, 112}


@dataclass(frozen=True)
class Drive:
    root: Path
    free: int | None  # bytes, None when the system would not say

    @property
    def label(self) -> str:
        room = f"，可用 {human_size(self.free)}" if self.free is not None else ""
        return f"U盘 {self.root}{room}"

    @property
    def upload_folder(self) -> Path:
        return self.root / UPLOAD_FOLDER

    @property
    def backup_folder(self) -> Path:
        return self.root / BACKUP_FOLDER


def removable_drives() -> list[Drive]:
    """The sticks plugged in now, each with its free space."""
    return [Drive(root, free_bytes(root)) for root in _removable_drives()]


def free_bytes(folder: Path) -> int | None:
    """Free space where ``folder`` is (or would be), None when unknown."""
    for place in (folder, *folder.parents):
        if place.exists():
            try:
                return shutil.disk_usage(place).free
            except OSError:
                return None
    return None


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} 字节"
    units = ("KB", "MB", "GB", "TB")
    size, step = n / 1024, 0
    while size >= 1024 and step < len(units) - 1:
        size, step = size / 1024, step + 1
    unit = units[step]
    return f"{size:.1f} {unit}" if size < 100 else f"{size:.0f} {unit}"


def describe_write_error(error: OSError, folder: Path) -> str:
    """One sentence saying what happened to the stick and what to do."""
    code, win = error.errno, getattr(error, "winerror", None)
    if code in _FULL or win in _WIN_FULL:
        return f"U盘已满（{folder} 没有足够的空间）：请删掉U盘上不需要的文件，或换一个U盘"
    if code in _READ_ONLY or win in _WIN_READ_ONLY:
        return f"U盘不能写入（{folder} 是只读的或没有写入权限）：请拨开U盘侧面的写保护开关，或换一个U盘"
    if code in _GONE or win in _WIN_GONE or not _still_there(folder):
        return f"U盘好像被拔出了（找不到 {folder}）：请重新插好U盘，稍等几秒再试"
    return f"写入 {folder} 失败（{error.strerror or error}）：请换一个U盘或文件夹再试"


def _still_there(folder: Path) -> bool:
    try:
        return folder.is_dir()
    except OSError:
        return False


def write_problem(folder: Path, need: int = PROBE_BYTES) -> str | None:
    """Make the folder and write a small file into it; None when that worked, else why not.

    Done before a batch is recorded: what fails here fails while the ledger is still
    untouched. ``need`` bytes are also asked of the free space the system reports.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        return describe_write_error(e, folder)
    if not folder.is_dir():
        return f"{folder} 不是文件夹：请选另一个位置"
    free = free_bytes(folder)
    if free is not None and free < need:
        return describe_write_error(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), folder)
    probe = folder / PROBE_NAME
    try:
        with open(probe, "wb") as f:
            f.write(b"\0" * min(need, PROBE_BYTES))
            f.flush()
            os.fsync(f.fileno())
    except OSError as e:
        _remove(probe)
        return describe_write_error(e, folder)
    _remove(probe)
    return None


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
