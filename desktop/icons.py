"""Line icons from assets/icons, recoloured at load time (the SVGs draw with currentColor).

Each icon is rendered from the SVG at the screen's device pixel ratio (at least 2x), so it stays crisp
on high-DPI screens; colours default to the current theme's (desktop/theme.py)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

import assets

ICON_DIR = assets.ICONS  # package data: a wheel install has it too
MIN_RATIO = 2.0


@lru_cache(maxsize=256)
def _svg(name: str) -> str:
    path = ICON_DIR / f"{name}.svg"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def device_ratio() -> float:
    """The largest device pixel ratio of the screens (2 at least: a moved window stays sharp)."""
    ratios = [screen.devicePixelRatio() for screen in QGuiApplication.screens()]
    return max([MIN_RATIO, *ratios])


def pixmap(name: str, color: str, size: int = 20, ratio: float | None = None) -> QPixmap:
    ratio = ratio or device_ratio()
    svg = _svg(name).replace("currentColor", color)
    side = round(size * ratio)
    pix = QPixmap(side, side)
    pix.fill(Qt.GlobalColor.transparent)
    if svg:
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, side, side))
        painter.end()
    pix.setDevicePixelRatio(ratio)
    return pix


def _theme_color(name: str) -> str:
    from desktop.theme import COLORS  # theme imports this module: look the colour up when needed

    return COLORS[name]


def icon(name: str, color: str | None = None, active: str | None = None, size: int = 20) -> QIcon:
    """An icon in `color` (default: the theme's muted text) whose checked state uses `active`."""
    result = QIcon()
    result.addPixmap(pixmap(name, color or _theme_color("muted"), size), QIcon.Mode.Normal, QIcon.State.Off)
    result.addPixmap(pixmap(name, _theme_color("disabled"), size), QIcon.Mode.Disabled, QIcon.State.Off)
    if active:
        result.addPixmap(pixmap(name, active, size), QIcon.Mode.Normal, QIcon.State.On)
    return result


def icon_size(size: int = 20) -> QSize:
    return QSize(size, size)
