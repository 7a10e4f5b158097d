"""The 困难群众 groups' figures for a benefit year: people holding a group's identities, each once.

The village's own figures are ``store.coverage.class_counts`` (sums kept by triggers) and
``identity_counts`` (one identity at a time); a group of several identities (低保 and 特困,
监测对象 with its three kinds) must count a person holding two of them once, so it is
counted here over the people. Who is covered and who excluded comes from the same
``coverage_facts`` rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from sqlite_utils import Database


def group_counts(
    db: Database, year: int, day: date, exclusions: Sequence[str], members: Sequence[tuple[str, str]]
) -> dict[str, tuple[int, int]]:
    """Per group key of ``members`` ((key, identity code) pairs): the active people holding one of its codes
    on the day and not excluded for the year (unless they paid here all the same), and how many of them
    are covered. Groups nobody is in are absent."""
    rows = db.execute(
        "WITH g(grp, code) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
        "                      FROM json_each(:members)), "
        "held AS (SELECT DISTINCT i.person_id, i.code, COALESCE(f.paid OR f.status = 'paid_elsewhere', 0) AS covered "
        "  FROM identities i CROSS JOIN people p ON p.id = i.person_id "
        "  LEFT JOIN coverage_facts f ON f.person_id = i.person_id AND f.benefit_year = :year "
        "  WHERE p.status = 'active' AND (i.valid_from IS NULL OR i.valid_from <= :day) "
        "   AND (i.valid_to IS NULL OR i.valid_to >= :day) "
        "   AND NOT (COALESCE(f.status IN (SELECT value FROM json_each(:excluded)), 0) AND NOT f.paid)) "
        "SELECT g.grp, COUNT(DISTINCT h.person_id), COUNT(DISTINCT CASE WHEN h.covered THEN h.person_id END) "
        "FROM held h JOIN g ON g.code = h.code GROUP BY g.grp",
        {
            "year": year,
            "day": day.isoformat(),
            "excluded": json.dumps(list(exclusions)),
            "members": json.dumps([list(m) for m in members], ensure_ascii=False),
        },
    )
    return {str(r[0]): (int(r[1]), int(r[2])) for r in rows}
