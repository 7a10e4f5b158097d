"""Importing an office's identity list (低保、特困、监测对象…) into the register, all or nothing.

Either one code for every row (the collector says which list it is: ``code``), or —
without one — each row's own identity column (医疗救助身份 / 保障类别 / 人员类别 …),
its label mapped to a code by the acting year's policy (DESIGN.md's identities, their
office spellings such as 农村低保 or 分散供养特困, and the policy's local identities).
A label that maps to no code is a reported row, never a guess. 纳入资助时间 / 认定时间
start an identity and 身份取消时间 / 退出时间 / 风险消除时间 end it; the quote uses the
identities valid on the payment day. Everyone listed must be in the register. One
transaction and one audit entry; the same list imported again changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from desktop_app.domain.operators import Acting
from desktop_app.exchange.identity_list import IDENTITY_COLUMNS, identity_column, read_identity_list
from desktop_app.exchange.sheets import Problem, SheetError
from desktop_app.services.import_report import (
    ImportCounts,
    ImportReport,
    Progress,
    kept_warnings,
    sha256_of,
    step,
)
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.policies import Policy, identity_from_label, identity_labels, known_identity
from desktop_app.services.register import IDENTITY_SOURCES
from desktop_app.store import imports as store
from desktop_app.store.register_bulk import add_identities
from desktop_app.store.transactions import immediate

__all__ = ["NOT_IN_ROSTER", "codes_of_label", "file_identity_column", "import_identities"]

NOT_IN_ROSTER = "不在花名册中：请先导入花名册或登记此人"
_SEPARATORS = re.compile(r"[、,，/／;；+＋&]+")


def file_identity_column(path: Path | str) -> str | None:
    """The identity column of a list as it names it (医疗救助身份, 保障类别 …), or None: the window
    chooses "按文件中的身份列" by default when there is one."""
    return identity_column(Path(path))


def codes_of_label(policy: Policy, text: str) -> tuple[str, ...] | None:
    """The codes a row's identity names: one label (农村低保), or several joined by 、 / ，(特困、重度残疾)
    when every one is known; None when any is not."""
    code = identity_from_label(text, policy)
    if code is not None:
        return (code,)
    parts = [p for p in _SEPARATORS.split(text) if p]
    if len(parts) < 2:
        return None
    codes = [identity_from_label(p, policy) for p in parts]
    if any(c is None for c in codes):
        return None
    return tuple(dict.fromkeys(c for c in codes if c is not None))


def import_identities(
    ledger: Ledger,
    acting: Acting,
    path: Path | str,
    code: str | None,
    source: str,
    *,
    dry_run: bool = False,
    only_valid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Record an office's list (list_name = the file name), as ``acting``: every ID number must be in
    the register. ``code`` None (or blank): each row's identity column says which identity it records."""
    policy = ledger.policy_of(acting.year).policy
    code = (code or "").strip() or None
    if code is not None and not known_identity(code, policy):
        raise LedgerError(f"未知的身份代码“{code}”，可用：{'、'.join(identity_labels(policy))}", "code")
    source = source.strip()
    if not source:
        raise LedgerError(f"身份来源不能为空，如 {'、'.join(IDENTITY_SOURCES)}", "source")
    path = Path(path)
    digest, list_name = sha256_of(path), path.name
    try:
        listed = read_identity_list(path, None if code else partial(codes_of_label, policy))
    except SheetError as e:
        raise LedgerError(str(e), "file") from None
    if code is None and "identity" not in listed.columns:
        raise LedgerError(
            f"{path.name} 中没有写明身份的列（如 {'、'.join(IDENTITY_COLUMNS['identity'][:6])}）；"
            "请指定名单上人员是哪一类身份",
            "code",
        )
    step(progress, 1)
    with immediate(ledger.db):
        people = store.people_by_id_number(ledger.db, [e.id_number for e in listed.entries])
        codes = sorted({c for e in listed.entries for c in e.codes} | ({code} if code else set()))
        held = {c: store.identities_listed(ledger.db, c, source, list_name) for c in codes}
        problems = list(listed.problems)
        new: list[tuple[int, str, str | None, str | None]] = []
        updates: list[dict[str, Any]] = []
        unchanged = 0
        for entry in listed.entries:
            person = people.get(entry.id_number)
            if person is None:
                problems.append(
                    Problem(entry.row, "id_number", listed.labels["id_number"], f"{entry.id_number} {NOT_IN_ROSTER}")
                )
                continue
            if entry.name and entry.name != person.name:
                problems.append(
                    Problem(
                        entry.row,
                        "name",
                        listed.labels["name"],
                        f"姓名“{entry.name}”与花名册中此证件号码的“{person.name}”不一致",
                    )
                )
                continue
            dates = (_iso(entry.valid_from), _iso(entry.valid_to))
            for each in entry.codes or (code or "",):
                recorded = held[each]
                if person.id not in recorded:
                    new.append((person.id, each, *dates))
                elif recorded[person.id] != dates:
                    updates.append(
                        {
                            "person_id": person.id,
                            "id_number": entry.id_number,
                            "code": each,
                            "before": recorded[person.id],
                            "after": dates,
                        }
                    )
                else:
                    unchanged += 1
        problems.sort(key=lambda p: p.row)
        step(progress, 2)
        refused = listed.refused or (bool(problems) and not only_valid)
        counts = ImportCounts(
            rows=listed.rows,
            added_identities=len(new),
            updated=len(updates),
            unchanged=unchanged,
            skipped=0 if refused else len({p.row for p in problems}),
            ignored=listed.ignored,
        )
        warnings = kept_warnings(listed.warnings, tuple(problems))
        written = not (refused or dry_run) and bool(new or updates)
        if written:
            add_identities(ledger.db, [(pid, c, source, list_name, a, b) for pid, c, a, b in new], ledger.stamp())
            for each in codes:
                store.redate_identities(
                    ledger.db,
                    each,
                    source,
                    list_name,
                    [(u["person_id"], *u["after"]) for u in updates if u["code"] == each],
                )
            step(progress, 3)
            ledger.audit(
                acting,
                "import.identities",
                {
                    "file": list_name,
                    "sha256": digest,
                    "sheet": listed.sheet,
                    "code": code,
                    "codes": codes,
                    "source": source,
                    "list_name": list_name,
                    "counts": asdict(counts),
                    "skipped_rows": sorted({p.row for p in problems}),
                    "updated": updates,
                    "warnings": len(warnings),
                },
            )
    step(progress, 4)
    return ImportReport(
        list_name, digest, listed.sheet, tuple(problems), counts, written, dry_run, only_valid, listed.refused, warnings
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
