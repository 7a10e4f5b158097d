"""Draw the application icon with QPainter: resources/icons/zhengjiao.png and zhengjiao.ico.

    .venv/bin/python build_scripts/make_icon.py

The picture is the one in zhengjiao.svg (a receipt with a red cross on a blue tile),
drawn at each size rather than scaled, so 16 px stays sharp. The window loads the
PNG (no SVG plugin needed in the built app); PyInstaller stamps the ICO into the
Windows executable. The .ico is written here, not by Qt or Pillow: a directory of
PNG images, which Windows Vista and later read at every size. Both files are
committed; run this again only when the picture changes.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE, WHITE, RED, GREY = "#1565c0", "#ffffff", "#c62828", "#90a4ae"


def draw(size: int) -> QImage:
    """The SVG's 64-unit drawing at ``size`` pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 64, size / 64)
    p.setPen(Qt.PenStyle.NoPen)

    def rect(x: float, y: float, w: float, h: float, colour: str, radius: float = 0.0) -> None:
        p.setBrush(QColor(colour))
        p.drawRoundedRect(QRectF(x, y, w, h), radius, radius)

    rect(2, 2, 60, 60, BLUE, 12)
    rect(14, 10, 36, 44, WHITE, 3)
    rect(28, 16, 8, 22, RED)
    rect(21, 23, 22, 8, RED)
    if size >= 24:  # the receipt's text lines blur into grey mud at 16 px
        rect(20, 43, 24, 3, GREY)
        rect(20, 48, 16, 3, GREY)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: list[tuple[int, bytes]]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per image + the PNG data (a width of 0 means 256)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in pngs:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    pngs = [(size, png_bytes(draw(size))) for size in SIZES]
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "zhengjiao.png").write_bytes(dict(pngs)[256])
    (ICONS / "zhengjiao.ico").write_bytes(ico_bytes(pngs))
    print(f"已生成 {ICONS / 'zhengjiao.png'} 和 {ICONS / 'zhengjiao.ico'}（{', '.join(map(str, SIZES))} 像素）")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
