"""The villagers' bank or 一卡通 accounts: the newest row per person counts (see schema_accounts)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from desktop_app.domain.accounts import PersonAccount


def add(db: Database, person_id: int, bank: str, account: str, operator_id: int, created_at: str) -> None:
    db.execute(
        "INSERT INTO person_accounts (person_id, bank, account, operator_id, created_at) VALUES (?,?,?,?,?)",
        [person_id, bank, account, operator_id, created_at],
    )


def of_people(db: Database, person_ids: Sequence[int]) -> dict[int, PersonAccount]:
    """Per person, the account as last entered (a person whose account was cleared or never entered: absent)."""
    out: dict[int, PersonAccount] = {}
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for person_id, bank, account, created_at in db.execute(
            "SELECT a.person_id, a.bank, a.account, a.created_at FROM person_accounts a "
            f"WHERE a.person_id IN ({','.join('?' * len(chunk))}) AND a.id = (SELECT MAX(b.id) "
            "FROM person_accounts b WHERE b.person_id = a.person_id)",
            chunk,
        ):
            if bank or account:
                out[person_id] = PersonAccount(person_id, bank, account, created_at)
    return out
