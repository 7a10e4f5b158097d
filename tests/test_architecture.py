"""The layers point one way, the types hold and the house style holds: checked on every test run.

Besides import-linter's contracts (pyproject.toml), mypy and ruff (lint and format; modules
under 400 lines, STYLE.md): SQL lives only in
``desktop_app/store``, test modules do not import each other, and every package says in
its ``__init__`` docstring what it holds and what it may import.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.village import ROOT

BIN = Path(sys.executable).parent
PACKAGE = ROOT / "desktop_app"
TESTS = ROOT / "tests"

EXECUTE = re.compile(r"\.execute(many|script)?\(")
SQL = re.compile(
    r"\bSELECT\b[\s\S]+\bFROM\b|\bINSERT\s+(OR\s+[A-Z]+\s+)?INTO\b|\bUPDATE\s+\S+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bCREATE\s+(TEMP\s+|UNIQUE\s+)?(TABLE|INDEX|VIEW|TRIGGER)\b|\bDROP\s+(TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|\bALTER\s+TABLE\b|\bPRAGMA\s+\w+|\bWITH\s+(RECURSIVE\s+)?\w+\s+AS\s*\("
)


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which(name, path=str(BIN)) or name
    return subprocess.run([exe, *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")


def test_import_contracts_keep_qt_out_of_the_core_and_layers_one_way() -> None:
    done = run_tool("lint-imports", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_passes() -> None:
    done = run_tool("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_finds_nothing_to_fix() -> None:
    done = run_tool("ruff", "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_file_is_as_ruff_format_writes_it() -> None:
    done = run_tool("ruff", "format", "--no-cache", "--check", ".")
    assert done.returncode == 0, "运行 ruff format . 后再提交：\n" + done.stdout + done.stderr


def test_every_module_of_the_application_is_under_four_hundred_lines() -> None:
    too_long = {
        str(path.relative_to(ROOT)): n
        for path in sorted(PACKAGE.rglob("*.py"))
        if (n := len(path.read_text("utf-8").splitlines())) >= 400
    }
    assert too_long == {}


CLOCK_AND_FILES = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("time", "time")}


def test_domain_and_policy_never_read_the_clock() -> None:
    pure = [*PACKAGE.glob("domain/*.py"), *PACKAGE.glob("policy/*.py")]
    for path in pure:
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if isinstance(f, ast.Name) and f.id == "open":
                raise AssertionError(f"{path.name}:{node.lineno} opens a file")
            called = (f.value.id, f.attr) if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else None
            if called in CLOCK_AND_FILES:
                raise AssertionError(f"{path.name}:{node.lineno} reads the clock ({'.'.join(called or ())}())")


# ---- SQL only in store/ ----------------------------------------------------------------


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring nodes: prose about SQL is not SQL."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def string_literals(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Every string literal but docstrings; an f-string with ``{}`` where its values go."""
    skip = _docstrings(tree)
    inside_fstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                inside_fstrings.add(id(value))
                parts.append(value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else "{}")
            yield node.lineno, "".join(parts)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and id(node) not in inside_fstrings
        ):
            yield node.lineno, node.value


def sql_outside_store() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[1] == "store":
            continue
        text = path.read_text("utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            if EXECUTE.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
        for number, literal in string_literals(ast.parse(text, str(path))):
            match = SQL.search(literal)
            if match:
                found.append(f"{relative}:{number}: SQL text “{' '.join(literal.split())[:80]}”")
    return found


def test_the_sql_finder_sees_statements_and_leaves_prose_alone() -> None:
    tree = ast.parse(
        '''"""Reads one SELECT ... FROM people per page."""\n'''
        """q = "SELECT id FROM people WHERE name = ?"\n"""
        """w = f"UPDATE {table} SET x = 1"\n"""
        """m = "请选择本村执行的政策（select a policy from the list）"\n"""
    )
    hits = sorted(text for _, text in string_literals(tree) if SQL.search(text))
    assert hits == ["SELECT id FROM people WHERE name = ?", "UPDATE {} SET x = 1"]


def test_no_sql_and_no_execute_outside_the_store() -> None:
    found = sql_outside_store()
    assert not found, "SQL belongs in desktop_app/store (a repository returning domain records):\n" + "\n".join(found)


# ---- tests stand alone -----------------------------------------------------------------


def imported_test_modules(path: Path) -> Iterator[tuple[int, str]]:
    """The test modules (``tests.test_x`` or ``.test_x``) that a file imports."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            names = [base, *(f"{base}.{a.name}" if base else a.name for a in node.names)]
            if node.level:
                names = [n.lstrip(".") for n in names]
        else:
            continue
        for name in names:
            last = name.rsplit(".", 1)[-1]
            if last.startswith("test_") and (name.startswith("tests.") or "." not in name):
                yield node.lineno, name
                break


def test_no_test_module_imports_another() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, name in imported_test_modules(path)
    ]
    assert not found, (
        "shared helpers go in support modules without the test_ prefix (tests/village.py, "
        "tests/ui_support.py) or in conftest fixtures:\n" + "\n".join(found)
    )


# ---- every layer says what it is -------------------------------------------------------


def test_every_package_says_what_it_holds_and_what_it_may_import() -> None:
    packages = sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file() and not p.name.startswith("_"))
    assert {p.name for p in packages} >= {
        "domain",
        "policy",
        "store",
        "services",
        "exchange",
        "reports",
        "ui",
        "cli",
        "demo",
    }
    for package in packages:
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8"))) or ""
        lowered = doc.lower()
        assert "hold" in lowered and "may import" in lowered, (
            f"desktop_app/{package.name}/__init__.py: its docstring should say what the layer holds "
            f"and what it may import"
        )
