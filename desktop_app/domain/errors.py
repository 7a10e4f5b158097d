"""The one refusal type: every error a user can act on derives from it.

A refusal carries a Chinese sentence and, where known, the field (or file key, or
column) it is about, so the window can put the cursor there and the CLI can print
``field: message``. The CLI and the window catch ``Refusal`` and nothing narrower
unless they need to; whatever is not a Refusal is a bug and reaches the crash dialog.
"""

from __future__ import annotations


class Refusal(ValueError):
    """Something the program refuses, in Chinese, naming what to fix. Nothing was written."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
