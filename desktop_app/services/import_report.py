"""What an import of the roster or of an identity list reports: counts, bad rows, warnings.

A problem refuses its row (or, in the header, the file); a warning says a row was
imported with a cell kept as written, normalised otherwise, or converted (a relation
the app does not know, a 15-digit ID number made 18 digits) — for the collector to look
at, never a reason to leave the row out. Shared by ``services.imports`` (the roster)
and ``services.identity_imports``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop_app.exchange.sheets import Problem, RowWarning
from desktop_app.services.ledger import LedgerError

__all__ = ["ImportCounts", "ImportReport", "Problem", "Progress", "RowWarning"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportCounts:
    rows: int = 0  # rows holding a person, good or bad
    added_households: int = 0
    added_people: int = 0
    added_identities: int = 0
    updated: int = 0  # people (or identity records) whose fields changed
    updated_households: int = 0
    unchanged: int = 0
    skipped: int = 0  # bad rows left out (only with only_valid)
    ignored: int = 0  # blank, total and signature rows


@dataclass(frozen=True)
class ImportReport:
    file: str
    sha256: str
    sheet: str
    problems: tuple[Problem, ...]
    counts: ImportCounts
    written: bool  # whether anything was written (False for a dry run, a refusal, or nothing new)
    dry_run: bool = False
    only_valid: bool = False
    refused: bool = False  # the header is wrong: nothing can be imported, even with only_valid
    warnings: tuple[RowWarning, ...] = ()  # rows imported (or to be) with a cell kept as written or converted

    @property
    def blocked(self) -> bool:
        """Whether the import was (or would be) refused as a whole."""
        return self.refused or (bool(self.problems) and not self.only_valid)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "sheet": self.sheet,
            "written": self.written,
            "dry_run": self.dry_run,
            "only_valid": self.only_valid,
            "refused": self.blocked,
            "counts": asdict(self.counts),
            "problems": [p._asdict() for p in self.problems],
            "warnings": [w._asdict() for w in self.warnings],
        }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as e:
        raise LedgerError(f"无法读取文件 {path}（{e.strerror}）", "file") from None
    return digest.hexdigest()


def step(progress: Progress | None, done: int) -> None:
    """``progress(done, 4)``: read, checked, written, finished."""
    if progress is not None:
        progress(done, 4)


def kept_warnings(warnings: tuple[RowWarning, ...], problems: tuple[Problem, ...]) -> tuple[RowWarning, ...]:
    """The warnings of rows that are imported: a bad row's cells are not kept anywhere."""
    bad = {p.row for p in problems}
    return tuple(w for w in warnings if w.row not in bad) if bad else warnings
