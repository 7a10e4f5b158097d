"""征缴通 — offline collection of resident medical insurance contributions."""

from importlib.metadata import PackageNotFoundError, version


def _version() -> str:
    """pyproject.toml's version: from the installed metadata (the built app carries a copy),
    else read from pyproject.toml itself (a source tree that was never installed)."""
    try:
        return version("zhengjiao")
    except PackageNotFoundError:
        pass
    import sys
    import tomllib
    from pathlib import Path

    base = Path(getattr(sys, "_MEIPASS", None) or Path(__file__).resolve().parent.parent)
    try:
        found = tomllib.loads((base / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    except (OSError, KeyError, ValueError):
        return "0.0.0"
    return str(found)


__version__ = _version()
