"""Draws the application icon (a report page with a tick on red) into packaging/cchc.ico.

Run once after changing the drawing: `python packaging/make_icon.py`. The .ico holds PNG images at
the sizes Windows asks for (16 to 256 px); the bundle's executables and the installer use it.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

SIZES = (16, 24, 32, 48, 64, 128, 256)
OUT = Path(__file__).resolve().parent / "cchc.ico"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 64, size / 64)  # drawn on a 64x64 grid
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#b71c1c"))
    p.drawRoundedRect(QRectF(1, 1, 62, 62), 12, 12)
    page = QPainterPath()
    page.moveTo(16, 9)
    page.lineTo(40, 9)
    page.lineTo(50, 19)
    page.lineTo(50, 55)
    page.lineTo(16, 55)
    page.closeSubpath()
    p.setBrush(QColor("white"))
    p.drawPath(page)
    p.setBrush(QColor("#f2c94c"))
    fold = QPainterPath()
    fold.moveTo(40, 9)
    fold.lineTo(40, 19)
    fold.lineTo(50, 19)
    fold.closeSubpath()
    p.drawPath(fold)
    p.setPen(QPen(QColor("#9e9e9e"), 3))
    for y in (24, 31):
        p.drawLine(QPointF(22, y), QPointF(44, y))
    pen = QPen(QColor("#b71c1c"), 5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    tick = QPainterPath()
    tick.moveTo(23, 41)
    tick.lineTo(30, 48)
    tick.lineTo(44, 36)
    p.drawPath(tick)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def write_ico(path: Path, images: list[tuple[int, bytes]]) -> None:
    """ICO = header, one directory entry per image, then the images (PNG data is allowed)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    path.write_bytes(header + entries + blobs)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    write_ico(OUT, [(s, png_bytes(draw(s))) for s in SIZES])
    del app
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
