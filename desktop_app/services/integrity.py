"""The full integrity check of a big ledger, run while the collector types the password.

``PRAGMA integrity_check`` reads every page and matches every index against its table:
1.1–1.6 s on a 100 000-person township when the file is in the page cache, more from a
cold disk — most of a two-second start. The window opens the file without it, starts
this check at once on a connection of its own, and waits for its answer after the
password and before the main window: nothing can be written before the file has passed
the same check as the CLI's.

``DamagedDatabaseError`` (what opening a damaged file raises) is re-exported here for the
window and the CLI, which do not reach into the store.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from desktop_app.store.connection import DamagedDatabaseError, full_check

__all__ = ["BackgroundCheck", "DamagedDatabaseError"]


class BackgroundCheck:
    """``integrity_check`` in a daemon thread (sqlite releases the GIL while it reads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None
        self.seconds = 0.0
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        start = time.perf_counter()
        self.problem = full_check(self.path)
        self.seconds = time.perf_counter() - start

    def wait(self) -> str | None:
        """None when the file is sound, else what is wrong with it."""
        self._thread.join()
        return self.problem
