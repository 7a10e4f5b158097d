"""The policy layer: the policy-file schema, its loader and the quote engine (pure).

Holds what a county's notice says about money and dates, as data validated at load
(``model``, ``loader``), the request and the engine that answers it (``request``,
``engine``: ``quote(policy, request)``), the refund rules, the policy's test cases and its
summary in words.

May import: ``desktop_app.domain`` only (and pydantic). Never sqlite3, sqlite-utils, os,
pathlib, shutil, time or Qt: the caller reads the file and passes the text and the dates.
"""
