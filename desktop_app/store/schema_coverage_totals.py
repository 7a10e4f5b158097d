"""Migration 0011: the township's figures kept up to date by triggers, so reading them costs nothing.

The status bar and the 参保进度 tab ask for the coverage figures after every payment;
counting 100 000 people each time took some 200 ms of CPU (issue 12 asks for under
100 ms). Three derived tables hold the counts instead, and triggers keep them exact:

- ``coverage_facts``: per person and benefit year that has a payment line or a coverage
  mark, the person's village group and whether they are active (copied from the
  register), their current status (``''`` without one) and whether a live line covers
  them (``live_lines``, the one rule of "paid here"). A row is refreshed from those
  sources whenever one of them changes for that person and year: a line, a void, a
  refund, the county's answer to a refund application; a mark sets the status alone
  (it cannot change who paid here). The register's triggers carry a move to another
  group, another household, or out of the active people.
- ``coverage_group_people``: the active people per village group, whatever the year.
- ``coverage_totals``: per year, village group and status, the active people with a
  facts row and how many of them paid here — the sum of ``coverage_facts``, kept by the
  triggers on it.

People of a year without any line or mark are in no facts row: they are the group's
people less those with a status, and paid nothing here. ``store.coverage.class_counts``
reads these tables; the tests compare them with a count from scratch after every kind
of change. The refresh reads the same views as everything else (``live_lines``,
``coverage_latest``), so the rule of who is covered still lives in one place.
"""

from __future__ import annotations

from sqlite_utils import Database

from desktop_app.store.schema import migrations, run_statements

# The facts of the (person, year) pairs a SELECT of (pid, yr) names, as they are now: written when
# missing, changed when different. Status and paid are recomputed; group and active are the register's.
_REFRESH = (
    "INSERT INTO coverage_facts (person_id, benefit_year, village_group, active, status, paid) "
    "SELECT p.id, s.yr, h.village_group, p.status = 'active', "
    " COALESCE((SELECT x.status FROM coverage_latest x WHERE x.person_id = p.id AND x.benefit_year = s.yr), ''), "
    " EXISTS (SELECT 1 FROM live_lines l WHERE l.person_id = p.id AND l.benefit_year = s.yr) "
    "FROM ({pairs}) s JOIN people p ON p.id = s.pid JOIN households h ON h.id = p.household_id WHERE true "
    "ON CONFLICT (person_id, benefit_year) DO UPDATE SET status = excluded.status, paid = excluded.paid "
    "WHERE status IS NOT excluded.status OR paid IS NOT excluded.paid"
)

# A mark changes the status only. A person and year without a facts row has no payment line at all
# (every line makes one, and facts rows are never deleted), so such a row starts as not paid here:
# the county's list of 30 000 people is marked without asking ``live_lines`` 30 000 times.
_MARKED = (
    "INSERT INTO coverage_facts (person_id, benefit_year, village_group, active, status, paid) "
    "SELECT p.id, NEW.benefit_year, h.village_group, p.status = 'active', COALESCE(NEW.status, ''), 0 "
    "FROM people p JOIN households h ON h.id = p.household_id WHERE p.id = NEW.person_id "
    "ON CONFLICT (person_id, benefit_year) DO UPDATE SET status = excluded.status "
    "WHERE status IS NOT excluded.status"
)

# What changes who paid here or the status, and which (person, year) pairs it touches.
_SOURCES = {
    "payment_lines": "SELECT NEW.person_id AS pid, NEW.benefit_year AS yr",
    "voids": "SELECT DISTINCT person_id AS pid, benefit_year AS yr FROM payment_lines WHERE payment_id = NEW.payment_id",
    "refunds": "SELECT person_id AS pid, benefit_year AS yr FROM payment_lines WHERE id = NEW.line_id",
    "refund_answers": (
        "SELECT DISTINCT l.person_id AS pid, l.benefit_year AS yr FROM refunds r "
        "JOIN payment_lines l ON l.id = r.line_id WHERE r.application_id = NEW.application_id"
    ),
}

_ADD_TOTAL = (
    "INSERT INTO coverage_totals (benefit_year, village_group, status, people, paid) "
    "VALUES (NEW.benefit_year, NEW.village_group, NEW.status, NEW.active, NEW.active * NEW.paid) "
    "ON CONFLICT (benefit_year, village_group, status) "
    "DO UPDATE SET people = people + excluded.people, paid = paid + excluded.paid"
)

_GROUP_OF = "(SELECT village_group FROM households WHERE id = {}.household_id)"


def _add_people(group: str, count: str, when: str = "true") -> str:
    # a household that does not exist (the foreign key refuses the row a moment later) adds nobody
    return (
        f"INSERT INTO coverage_group_people (village_group, people) SELECT {group}, {count} "
        f"WHERE {when} AND {group} IS NOT NULL "
        "ON CONFLICT (village_group) DO UPDATE SET people = people + excluded.people"
    )


@migrations(name="0011_coverage_totals")
def _coverage_totals(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE coverage_facts (
            person_id INTEGER NOT NULL,
            benefit_year INTEGER NOT NULL,
            village_group TEXT NOT NULL,
            active INTEGER NOT NULL CHECK (active IN (0, 1)),
            status TEXT NOT NULL,
            paid INTEGER NOT NULL CHECK (paid IN (0, 1)),
            PRIMARY KEY (person_id, benefit_year)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE coverage_group_people (
            village_group TEXT PRIMARY KEY,
            people INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE coverage_totals (
            benefit_year INTEGER NOT NULL,
            village_group TEXT NOT NULL,
            status TEXT NOT NULL,
            people INTEGER NOT NULL,
            paid INTEGER NOT NULL,
            PRIMARY KEY (benefit_year, village_group, status)
        ) STRICT, WITHOUT ROWID;

        INSERT INTO coverage_group_people (village_group, people)
            SELECT h.village_group, COUNT(*) FROM people p JOIN households h ON h.id = p.household_id
            WHERE p.status = 'active' GROUP BY h.village_group
        """,
    )
    pairs = (
        "SELECT person_id AS pid, benefit_year AS yr FROM payment_lines "
        "UNION SELECT person_id, benefit_year FROM coverage_latest"
    )
    db.execute(_REFRESH.format(pairs=pairs))
    db.execute(
        "INSERT INTO coverage_totals (benefit_year, village_group, status, people, paid) "
        "SELECT benefit_year, village_group, status, COUNT(*), SUM(paid) FROM coverage_facts "
        "WHERE active GROUP BY benefit_year, village_group, status"
    )

    # The sums follow the facts.
    db.execute(
        f"CREATE TRIGGER coverage_facts_added AFTER INSERT ON coverage_facts WHEN NEW.active BEGIN {_ADD_TOTAL}; END"
    )
    db.execute(
        "CREATE TRIGGER coverage_facts_changed AFTER UPDATE ON coverage_facts BEGIN "
        "UPDATE coverage_totals SET people = people - OLD.active, paid = paid - OLD.active * OLD.paid "
        "WHERE benefit_year = OLD.benefit_year AND village_group = OLD.village_group AND status = OLD.status; "
        f"{_ADD_TOTAL}; END"
    )
    db.execute(
        "CREATE TRIGGER coverage_facts_no_delete BEFORE DELETE ON coverage_facts "
        "BEGIN SELECT RAISE(ABORT, 'coverage_facts 由触发器自动维护，不能删除'); END"
    )

    # The facts follow the payments, the refunds and their answers, and the marks.
    for table, source in _SOURCES.items():
        db.execute(
            f"CREATE TRIGGER {table}_coverage_facts AFTER INSERT ON {table} BEGIN {_REFRESH.format(pairs=source)}; END"
        )
    for verb in ("INSERT", "UPDATE"):
        db.execute(
            f"CREATE TRIGGER coverage_latest_facts_{verb.lower()} AFTER {verb} ON coverage_latest BEGIN {_MARKED}; END"
        )

    # The register: a new person, a person moving out or back, to another household; a household to another group.
    db.execute(
        "CREATE TRIGGER people_coverage_added AFTER INSERT ON people WHEN NEW.status = 'active' "
        f"BEGIN {_add_people(_GROUP_OF.format('NEW'), '1')}; END"
    )
    db.execute(
        "CREATE TRIGGER people_coverage_changed AFTER UPDATE OF status, household_id ON people "
        "WHEN (OLD.status = 'active') IS NOT (NEW.status = 'active') OR OLD.household_id IS NOT NEW.household_id "
        "BEGIN "
        f"UPDATE coverage_group_people SET people = people - 1 WHERE OLD.status = 'active' "
        f"AND village_group = {_GROUP_OF.format('OLD')}; "
        f"{_add_people(_GROUP_OF.format('NEW'), '1', 'NEW.status = ' + repr('active'))}; "
        f"UPDATE coverage_facts SET active = NEW.status = 'active', village_group = {_GROUP_OF.format('NEW')} "
        "WHERE person_id = NEW.id; "
        "END"
    )
    moved = "(SELECT COUNT(*) FROM people WHERE household_id = NEW.id AND status = 'active')"
    db.execute(
        "CREATE TRIGGER households_coverage_group AFTER UPDATE OF village_group ON households "
        "WHEN OLD.village_group IS NOT NEW.village_group "
        "BEGIN "
        f"UPDATE coverage_group_people SET people = people - {moved} WHERE village_group = OLD.village_group; "
        f"{_add_people('NEW.village_group', moved, moved + ' > 0')}; "
        "UPDATE coverage_facts SET village_group = NEW.village_group "
        "WHERE person_id IN (SELECT id FROM people WHERE household_id = NEW.id); "
        "END"
    )
