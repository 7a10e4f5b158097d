"""The services layer: the use cases, and the only place that opens transactions.

Holds the open ``Ledger`` (database, clock, policies, settings, benefit years), and one
module per use case: setup, operators and login, register, payments, voids and refunds,
imports, batches and the county's answers, summaries and statuses, backups, search, the
printouts registry (``services.printouts``) that both the window and the CLI print
through. Every use case that changes something takes ``acting`` (who, in which year).

May import: ``desktop_app.exchange``, ``desktop_app.reports`` (only through
``services.printouts``), ``desktop_app.store``, ``desktop_app.policy`` and
``desktop_app.domain``. Never ``demo``, ``cli`` or ``ui``; no SQL text here.
"""
