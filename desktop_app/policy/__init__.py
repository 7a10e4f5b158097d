"""The policy layer: the policy-file schema, its loader and the quote engine (pure).

Holds what a county's notice says about money and dates, as data validated at load
(``model`` with its parts ``fields``, ``rules`` and ``waiting``; ``loader``), the request
and the engine that answers it (``request``, ``engine``: ``quote(policy, request)``, with
``timing`` for periods, late rules and waits), the refund rules, the policy's test cases,
and the policy in words (``leaflet``: the 明白纸's content as data; ``summary``).

May import: ``desktop_app.domain`` only (and pydantic). Never sqlite3, sqlite-utils, os,
pathlib, shutil, time or Qt: the caller reads the file and passes the text and the dates.
"""
