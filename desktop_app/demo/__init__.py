"""The demo layer: demo villages and a synthetic township, for trying the program and for benchmarks.

Holds the demo village the window opens with ``--demo`` (``village``), the sample household
of ``zhengjiao demo`` (``household``) and the generated township of the benchmarks
(``township``) — made-up people, never the township clerk's real work. A client of
``services`` like any user: it sets up ledgers and takes payments through the use cases.
Nothing below it imports it (services never does); the CLI, the window and the
composition root may.

May import: ``desktop_app.services`` and ``desktop_app.domain``. Never store, policy,
exchange or reports directly, nor the window or the CLI.
"""
