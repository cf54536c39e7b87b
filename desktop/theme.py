"""Light and dark themes: one accent colour, an 8-px grid, and the QSS in style.qss with named colours.

The choice is "system" (follow the desktop's colour scheme, live, through Qt 6.5's
styleHints().colorScheme() and its change signal), "light" or "dark". COLORS is the live table: it is
updated in place when the theme changes, so `COLORS["text"]` read while building a widget is always the
current colour; widgets that paint with such colours listen to `notifier().changed`."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop.icons import ICON_DIR

SPACING = 8
THEME_CHOICES = ("system", "light", "dark")
THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}

LIGHT: dict[str, str] = {
    "accent": "#1f7a5a",
    "accent_hover": "#17654a",
    "accent_pressed": "#124f3a",
    "accent_soft": "#e4f2ec",
    "on_accent": "#ffffff",
    "window": "#f5f6f8",
    "surface": "#ffffff",
    "alternate": "#f9fafb",
    "rail": "#ffffff",
    "border": "#e1e4e9",
    "border_strong": "#c9ced6",
    "text": "#1c2430",
    "muted": "#5d6776",
    "faint": "#8a93a1",
    "disabled": "#b3b9c3",
    "warning": "#a86a0c",
    "warning_soft": "#fdf1dc",
    "danger": "#b83227",
    "danger_soft": "#fbe7e4",
    "info": "#2b6cb0",
    "info_soft": "#e6effa",
    "neutral_soft": "#eceef2",
    "photo_bg": "#20252c",
    "tooltip_bg": "#1c2430",
    "tooltip_text": "#ffffff",
    "toast_bg": "#1c2430",
    "toast_text": "#ffffff",
    "toast_action": "#e4f2ec",
}

# Dark: surfaces lift towards the viewer (window < surface < soft fills); the accent is a little lighter
# so accent text reads on the dark surfaces, and white on it still reads on buttons.
DARK: dict[str, str] = {
    "accent": "#2f9e76",
    "accent_hover": "#38b085",
    "accent_pressed": "#277f60",
    "accent_soft": "#1d3b31",
    "on_accent": "#ffffff",
    "window": "#15181d",
    "surface": "#1e2228",
    "alternate": "#22272e",
    "rail": "#1a1e23",
    "border": "#2c323a",
    "border_strong": "#3d4550",
    "text": "#e6e9ee",
    "muted": "#a3acb9",
    "faint": "#7d8693",
    "disabled": "#59616c",
    "warning": "#e0a43a",
    "warning_soft": "#3a2d14",
    "danger": "#f0756a",
    "danger_soft": "#3d1f1c",
    "info": "#6ea8e8",
    "info_soft": "#1b2b3f",
    "neutral_soft": "#2a2f37",
    "photo_bg": "#0f1114",
    "tooltip_bg": "#e6e9ee",
    "tooltip_text": "#15181d",
    "toast_bg": "#e6e9ee",
    "toast_text": "#15181d",
    "toast_action": "#1f7a5a",
}

PALETTES: dict[str, dict[str, str]] = {"light": LIGHT, "dark": DARK}

COLORS: dict[str, str] = dict(LIGHT)

# Box and chart colours by taxonomy category, muted enough to sit on photos (photos look the same in
# both themes, so these do not change).
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


class ThemeNotifier(QObject):
    """Says when the colours changed (a new choice, or the system switched while following it)."""

    changed = Signal(str)  # "light" | "dark"


class _State:
    choice = "system"
    applied = "light"
    notifier: ThemeNotifier | None = None
    following: bool = False  # the system's colorSchemeChanged is connected


def notifier() -> ThemeNotifier:
    if _State.notifier is None:
        _State.notifier = ThemeNotifier()
    return _State.notifier


def color(name: str) -> QColor:
    return QColor(COLORS[name])


def category_color(category: str) -> QColor:
    return QColor(CATEGORY_COLORS.get(category, DEFAULT_BOX_COLOR))


def current_theme() -> str:
    """The theme applied now: "light" or "dark"."""
    return _State.applied


def current_choice() -> str:
    return _State.choice


def system_scheme() -> str:
    """What the desktop asks for: "dark" or "light" (unknown counts as light)."""
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def resolve(choice: str) -> str:
    if choice not in THEME_CHOICES:
        raise ValueError(f"unknown theme {choice!r}; use one of {', '.join(THEME_CHOICES)}")
    return system_scheme() if choice == "system" else choice


def _qss_icon_dir(colors: dict[str, str]) -> Path:
    """QSS cannot recolour an SVG: write the arrow files in this theme's colour to a cache folder."""
    source = ICON_DIR / "qss"
    tint = colors["muted"]
    key = hashlib.sha1(f"{tint}{sorted(p.name for p in source.glob('*.svg'))}".encode()).hexdigest()[:10]
    folder = Path(tempfile.gettempdir()) / f"larder-qss-icons-{key}"
    folder.mkdir(exist_ok=True)
    for svg in source.glob("*.svg"):
        target = folder / svg.name
        if not target.is_file():
            text = svg.read_text(encoding="utf-8").replace(LIGHT["muted"], tint)
            target.write_text(text, encoding="utf-8")
    return folder


def stylesheet(theme: str | None = None) -> str:
    colors = PALETTES[theme] if theme else COLORS
    text = Path(__file__).with_name("style.qss").read_text(encoding="utf-8")
    text = text.replace("@icon_dir", _qss_icon_dir(colors).as_posix())
    # Longest names first so "accent_hover" is not eaten by "accent".
    for name in sorted(colors, key=len, reverse=True):
        text = text.replace(f"@{name}", colors[name])
    return text


def palette(theme: str) -> QPalette:
    c = {name: QColor(value) for name, value in PALETTES[theme].items()}
    result = QPalette()
    roles = QPalette.ColorRole
    for role, name in (
        (roles.Window, "window"),
        (roles.Base, "surface"),
        (roles.AlternateBase, "alternate"),
        (roles.Text, "text"),
        (roles.WindowText, "text"),
        (roles.ButtonText, "text"),
        (roles.Button, "surface"),
        (roles.Highlight, "accent_soft"),
        (roles.HighlightedText, "text"),
        (roles.PlaceholderText, "faint"),
        (roles.ToolTipBase, "tooltip_bg"),
        (roles.ToolTipText, "tooltip_text"),
        (roles.Light, "border_strong"),
        (roles.Mid, "border"),
        (roles.Dark, "border_strong"),
        (roles.BrightText, "on_accent"),
        (roles.Link, "accent"),
    ):
        result.setColor(role, c[name])
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        result.setColor(QPalette.ColorGroup.Disabled, role, c["disabled"])
    return result


def apply_theme(app: QApplication, choice: str | None = None) -> str:
    """Apply `choice` (default: the last one, "system" at first); returns the theme now applied."""
    if choice is not None:
        resolve(choice)  # refuse an unknown choice before changing anything
        _State.choice = choice
    theme = resolve(_State.choice)
    COLORS.clear()
    COLORS.update(PALETTES[theme])
    app.setStyle("Fusion")
    app.setPalette(palette(theme))
    font = QFont(app.font())
    font.setPointSizeF(10.0)
    app.setFont(font)
    app.setStyleSheet(stylesheet(theme))
    changed = theme != _State.applied
    _State.applied = theme
    if not _State.following:
        QGuiApplication.styleHints().colorSchemeChanged.connect(_on_system_scheme_changed)
        _State.following = True
    if changed:
        notifier().changed.emit(theme)
    return theme


def _on_system_scheme_changed(_scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if _State.choice == "system" and isinstance(app, QApplication):
        apply_theme(app)
