"""The audit log as the CLI and the window see it: is the hash chain whole?

Entries are written by ``Ledger.audit`` inside each use case's transaction; this module
only reads them back, so ``zhengjiao audit verify`` goes through services like every
other command instead of reaching into the store.
"""

from __future__ import annotations

from desktop_app.services.ledger import Ledger
from desktop_app.store.audit import ChainCheck, verify

__all__ = ["ChainCheck", "verify_chain"]


def verify_chain(ledger: Ledger) -> ChainCheck:
    """Every entry in order, each hash recomputed: the first entry that does not fit, if any."""
    return verify(ledger.db)
