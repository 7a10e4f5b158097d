"""Telling the window how far long work has got, and letting the collector stop it in time.

A long use case (writing a batch, verifying one, a backup) is handed a ``Progress``:
``step(text, done, total)`` between its parts (``total`` 0: busy, no count),
``checkpoint()`` only where stopping leaves nothing half-done (before anything is
written, or inside a transaction that then rolls back) — the window's raises
``Cancelled`` there once 取消 was pressed — and ``no_way_back()`` when from then on the
job must finish (the window greys 取消). The base class watches nothing: the CLI's.
"""

from __future__ import annotations


class Cancelled(Exception):
    """The collector pressed 取消 before anything was written."""


class Progress:
    def step(self, text: str, done: int = 0, total: int = 0) -> None:
        """How far the work has got, in the collector's words."""

    def checkpoint(self) -> None:
        """Raise ``Cancelled`` when the collector asked to stop."""

    def no_way_back(self) -> None:
        """From here on the job finishes (or fails) on its own."""


QUIET = Progress()
