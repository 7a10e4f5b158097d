"""The domain layer: pure values and rules, and the one definition of each record.

Holds money in fen, ID numbers, names and codes, and the frozen records every other
layer passes around: households, people and identities (``register``), payments, their
lines, voids and refunds (``payments``), operators, benefit years and ``Acting`` (who acts
in which year), the village's settings, and ``Refusal``, the one error a user can act on.

May import: nothing of the application (only the standard library and pure helpers
such as python-stdnum and pypinyin). Never a file, the clock, a database or Qt: callers
pass dates in.
"""
