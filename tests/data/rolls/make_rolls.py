"""Writes the rolls in this folder (tests/rolls.py says what each holds):

    PYTHONPATH=.:<a folder holding xlwt> .venv/bin/python tests/data/rolls/make_rolls.py

xlwt writes the Excel 97-2003 file (the BIFF8 format WPS saves .xls in); it is not a
dependency of the project, only of this script, and the files are committed.
"""

from __future__ import annotations

from tests.rolls import write_all

if __name__ == "__main__":
    write_all()
