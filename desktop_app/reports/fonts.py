"""The bundled CJK font, so Chinese renders on a machine without Chinese system fonts.

WenQuanYi Micro Hei (resources/fonts/wqy-microhei.ttc, Apache-2.0, licence beside it)
renders every GBK character and its PDF text extracts exactly (民 stays 民; Noto Sans
CJK would extract as the radical ⺠). The window and the printouts both call
``ensure_font()``; it registers the file once per process.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

from desktop_app._bundled import resource_dir
from desktop_app.domain.errors import Refusal

FONT_FILE = "wqy-microhei.ttc"
FAMILY = "WenQuanYi Micro Hei"

_registered: str | None = None


class FontMissingError(Refusal):
    """The bundled font file is not where the program expects it (reinstalling mends it)."""


def fonts_dir() -> Path:
    """resources/fonts wherever this installation ships it (see desktop_app._bundled)."""
    return resource_dir() / "fonts"


def ensure_font() -> str:
    """Register the bundled font (once) and return its family name.

    Needs a QGuiApplication. Raises FontMissingError, in Chinese, when the file is
    missing or unreadable, rather than printing boxes instead of names.
    """
    global _registered
    if _registered is not None:
        return _registered
    path = fonts_dir() / FONT_FILE
    if not path.is_file():
        raise FontMissingError(f"找不到字体文件 {path}；请重新安装程序")
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise FontMissingError(f"字体文件 {path} 无法读取；请重新安装程序")
    _registered = next((f for f in families if f == FAMILY), families[0])
    return _registered


def font(point_size: float = 10.0, bold: bool = False) -> QFont:
    """The bundled family at a point size."""
    f = QFont(ensure_font())
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f
