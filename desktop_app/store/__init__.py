"""The store layer: SQLite, and every SQL statement of the program.

Holds the connection and its pragmas, the schema migrations, transactions, and the
repositories (payments, register, identities, operators, years, settings, audit, batches,
searches, copies) that take a sqlite-utils ``Database`` and return the frozen records of
``desktop_app.domain``. The rule "a live payment line" is the view ``live_lines``, here.

May import: ``desktop_app.domain`` (and sqlite3, sqlite-utils). Never services, policy
logic, the window or Qt; it opens no transaction of its own choosing for a use case.
"""
