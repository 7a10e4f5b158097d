"""The composition root: the one module above both the command line and the window.

``zhengjiao`` (the console script), ``python -m desktop_app`` and the built program all
start in ``main``. The CLI does not import the window and the window does not import
the CLI; this module hands the CLI the function that opens the window, so ``zhengjiao
gui [--demo]`` and a bare ``zhengjiao`` still open it. Qt is loaded only then, so every
other command starts without it.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.cli import main as run_cli


def open_window(db_path: Path, demo: bool = False) -> int:
    """The window on ``db_path`` (or on the demo village); its exit code."""
    from desktop_app.ui.app import run  # Qt and the widgets, only when the window is wanted

    return run(db_path, demo=demo)


def main() -> None:
    run_cli(open_window)


if __name__ == "__main__":
    main()
