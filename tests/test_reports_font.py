"""The bundled font is where the program looks for it, with its licence, and registers once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop_app.reports.fonts import FAMILY, FONT_FILE, ensure_font, font, fonts_dir
from desktop_app.services.paths import resource_dir
from tests.conftest import ROOT


def test_the_reports_find_fonts_where_the_rest_of_the_program_keeps_resources() -> None:
    assert fonts_dir() == resource_dir() / "fonts"


def test_the_bundled_font_ships_with_its_apache_licence() -> None:
    assert (fonts_dir() / FONT_FILE).stat().st_size > 4_000_000
    licence = (fonts_dir() / "LICENSE-wqy-microhei.txt").read_text("utf-8")
    assert "WenQuanYi" in licence and "Apache License" in licence and "Version 2.0" in licence
    assert "The WenQuanYi Project Board of Trustees" in licence


def test_the_font_registers_once_and_names_its_family(qapp: object) -> None:
    first = ensure_font()
    assert first == FAMILY == ensure_font()
    assert font(12).family() == FAMILY and font(12).pointSizeF() == 12


def test_a_long_print_run_does_not_abort_the_process_at_exit(tmp_path: Path) -> None:
    """PySide6 6.12.0 on Python 3.11 lost a reference to None per void call and aborted; 6.11.3 is pinned."""
    script = (
        "from PySide6.QtGui import QImage, QPainter\n"
        "from desktop_app.reports.output import ensure_application\n"
        "ensure_application()\n"
        "image = QImage(10, 10, QImage.Format.Format_RGB32)\n"
        "painter = QPainter(image)\n"
        "for _ in range(20000):\n"
        "    painter.save()\n"
        "    painter.restore()\n"
        "painter.end()\n"
        "print('done')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"
