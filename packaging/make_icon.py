"""Draw the program icon (a document with a check mark and a chip) and write .png and .ico.

Run by hand when the icon changes: ``python packaging/make_icon.py``. Uses Qt only (offscreen).
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format_ARGB32)
    img.fill(Qt.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing)
    s = size / 256
    # red rounded square (the colour of official seals), a white page, a check mark
    p.setPen(Qt.NoPen)
    p.setBrush(QColor("#b3261e"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 40 * s, 40 * s)
    page = QPainterPath()
    page.moveTo(64 * s, 36 * s)
    page.lineTo(164 * s, 36 * s)
    page.lineTo(196 * s, 68 * s)
    page.lineTo(196 * s, 220 * s)
    page.lineTo(64 * s, 220 * s)
    page.closeSubpath()
    p.setBrush(QColor("#ffffff"))
    p.drawPath(page)
    p.setBrush(QColor("#f2c94c"))  # the yellow star of the flag, small, top-left of the page
    star = QPainterPath()
    import math

    cx, cy, r1, r2 = 96 * s, 76 * s, 20 * s, 8 * s
    for i in range(10):
        r = r1 if i % 2 == 0 else r2
        a = -math.pi / 2 + i * math.pi / 5
        pt = QPointF(cx + r * math.cos(a), cy + r * math.sin(a))
        star.moveTo(pt) if i == 0 else star.lineTo(pt)
    star.closeSubpath()
    p.drawPath(star)
    pen = QPen(QColor("#9e9e9e"), max(1.0, 8 * s), Qt.SolidLine, Qt.RoundCap)
    p.setPen(pen)
    for y in (120, 148):
        p.drawLine(QPointF(84 * s, y * s), QPointF(176 * s, y * s))
    pen = QPen(QColor("#1e8e3e"), max(2.0, 18 * s), Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin)
    p.setPen(pen)
    check = QPainterPath()
    check.moveTo(96 * s, 182 * s)
    check.lineTo(124 * s, 204 * s)
    check.lineTo(176 * s, 164 * s)
    p.setBrush(Qt.NoBrush)
    p.drawPath(check)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data)


def write_ico(path: Path, sizes=(16, 24, 32, 48, 64, 256)) -> None:
    """A multi-size .ico whose entries are PNG images (Windows Vista and later read them)."""
    import struct

    images = [png_bytes(draw(n)) for n in sizes]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries = b""
    for n, data in zip(sizes, images):
        entries += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    path.write_bytes(header + entries + b"".join(images))


def main() -> int:
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "ebgov.png"))
    write_ico(OUT / "ebgov.ico")
    print("wrote", OUT / "ebgov.png", OUT / "ebgov.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
