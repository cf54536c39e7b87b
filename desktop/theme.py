"""The light theme: one accent colour, an 8-px grid, and the QSS in style.qss with named colours."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from desktop.icons import ICON_DIR

SPACING = 8

COLORS: dict[str, str] = {
    "accent": "#1f7a5a",
    "accent_hover": "#17654a",
    "accent_pressed": "#124f3a",
    "accent_soft": "#e4f2ec",
    "window": "#f5f6f8",
    "surface": "#ffffff",
    "rail": "#ffffff",
    "border": "#e1e4e9",
    "border_strong": "#c9ced6",
    "text": "#1c2430",
    "muted": "#5d6776",
    "faint": "#8a93a1",
    "warning": "#a86a0c",
    "warning_soft": "#fdf1dc",
    "danger": "#b83227",
    "danger_soft": "#fbe7e4",
    "info": "#2b6cb0",
    "info_soft": "#e6effa",
    "neutral_soft": "#eceef2",
}

# Box and chart colours by taxonomy category, muted enough to sit on photos.
CATEGORY_COLORS: dict[str, str] = {
    "dairy": "#2b6cb0",
    "egg": "#c28a16",
    "meat": "#b83227",
    "poultry": "#c2572a",
    "fish": "#1c8a99",
    "vegetable": "#2f8a3b",
    "fruit": "#c2366b",
    "grain": "#8a6a2f",
    "legume": "#6b5b2f",
    "beverage": "#6a4fb3",
    "condiment": "#7a7f8a",
}
DEFAULT_BOX_COLOR = "#1f7a5a"

STATUS_COLORS: dict[str, tuple[str, str]] = {
    "draft": ("warning_soft", "warning"),
    "submitted": ("info_soft", "info"),
    "completed": ("accent_soft", "accent"),
    "cancelled": ("danger_soft", "danger"),
}


def color(name: str) -> QColor:
    return QColor(COLORS[name])


def category_color(category: str) -> QColor:
    return QColor(CATEGORY_COLORS.get(category, DEFAULT_BOX_COLOR))


def stylesheet() -> str:
    text = Path(__file__).with_name("style.qss").read_text(encoding="utf-8")
    # QSS cannot recolour an SVG, so arrows use the plain-coloured files under assets/icons/qss.
    text = text.replace("@icon_dir", (ICON_DIR / "qss").as_posix())
    # Longest names first so "accent_hover" is not eaten by "accent".
    for name in sorted(COLORS, key=len, reverse=True):
        text = text.replace(f"@{name}", COLORS[name])
    return text


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, color("window"))
    palette.setColor(QPalette.ColorRole.Base, color("surface"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f8f9fb"))
    palette.setColor(QPalette.ColorRole.Text, color("text"))
    palette.setColor(QPalette.ColorRole.WindowText, color("text"))
    palette.setColor(QPalette.ColorRole.ButtonText, color("text"))
    palette.setColor(QPalette.ColorRole.Button, color("surface"))
    palette.setColor(QPalette.ColorRole.Highlight, color("accent_soft"))
    palette.setColor(QPalette.ColorRole.HighlightedText, color("text"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, color("faint"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, color("text"))
    palette.setColor(QPalette.ColorRole.ToolTipText, color("surface"))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(10.0)
    app.setFont(font)
    app.setStyleSheet(stylesheet())
