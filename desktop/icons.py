"""Line icons from assets/icons, recoloured at load time (the SVGs draw with currentColor)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parents[1] / "assets" / "icons"


@lru_cache(maxsize=256)
def _svg(name: str) -> str:
    path = ICON_DIR / f"{name}.svg"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def pixmap(name: str, color: str, size: int = 20, ratio: float = 2.0) -> QPixmap:
    svg = _svg(name).replace("currentColor", color)
    pix = QPixmap(int(size * ratio), int(size * ratio))
    pix.fill(Qt.GlobalColor.transparent)
    if svg:
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        painter = QPainter(pix)
        renderer.render(painter, QRectF(0, 0, size * ratio, size * ratio))
        painter.end()
    pix.setDevicePixelRatio(ratio)
    return pix


def icon(name: str, color: str = "#5d6776", active: str | None = None, size: int = 20) -> QIcon:
    """An icon whose checked/selected state uses `active` (the accent on the rail)."""
    result = QIcon()
    result.addPixmap(pixmap(name, color, size), QIcon.Mode.Normal, QIcon.State.Off)
    result.addPixmap(pixmap(name, "#b3b9c3", size), QIcon.Mode.Disabled, QIcon.State.Off)
    if active:
        result.addPixmap(pixmap(name, active, size), QIcon.Mode.Normal, QIcon.State.On)
    return result


def icon_size(size: int = 20) -> QSize:
    return QSize(size, size)
