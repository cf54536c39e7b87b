"""Light and dark themes: the palette and stylesheet change, system following, icons crisp at 2x."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from desktop import icons, theme


def unreplaced(sheet: str) -> list[str]:
    """@names left in the rules (the header comment mentions @names on purpose)."""
    return re.findall(r"@\w+", sheet.split("*/", 1)[1])


@pytest.fixture
def themed(qapp) -> Iterator[object]:
    yield qapp
    theme.apply_theme(qapp, "light")


def test_dark_changes_the_palette_the_colours_and_the_stylesheet(themed) -> None:
    app = themed
    theme.apply_theme(app, "light")
    light_window = app.palette().color(QPalette.ColorRole.Window).name()
    light_sheet = app.styleSheet()
    assert theme.apply_theme(app, "dark") == "dark"
    assert theme.current_theme() == "dark"
    dark_window = app.palette().color(QPalette.ColorRole.Window).name()
    assert dark_window == theme.DARK["window"] != light_window
    assert app.palette().color(QPalette.ColorRole.Text).lightness() > 200  # light text on dark
    assert theme.COLORS["surface"] == theme.DARK["surface"]
    sheet = app.styleSheet()
    assert sheet != light_sheet and theme.DARK["surface"] in sheet and theme.LIGHT["window"] not in sheet
    assert unreplaced(sheet) == []


def test_every_name_in_the_stylesheet_exists_in_both_palettes() -> None:
    assert set(theme.LIGHT) == set(theme.DARK)
    for name in ("light", "dark"):
        assert unreplaced(theme.stylesheet(name)) == []


def test_system_choice_follows_the_colour_scheme(themed, monkeypatch) -> None:
    monkeypatch.setattr(theme, "system_scheme", lambda: "dark")
    assert theme.apply_theme(themed, "system") == "dark"
    monkeypatch.setattr(theme, "system_scheme", lambda: "light")
    changes: list[str] = []
    theme.notifier().changed.connect(changes.append)
    theme._on_system_scheme_changed(Qt.ColorScheme.Light)  # what the style hints' signal calls
    assert theme.current_theme() == "light" and changes == ["light"]
    theme.apply_theme(themed, "dark")  # a forced choice ignores the system
    theme._on_system_scheme_changed(Qt.ColorScheme.Light)
    assert theme.current_theme() == "dark"


def test_an_unknown_choice_is_refused_before_anything_changes(themed) -> None:
    theme.apply_theme(themed, "light")
    with pytest.raises(ValueError, match="unknown theme"):
        theme.apply_theme(themed, "sepia")
    assert theme.current_choice() == "light"


def test_qss_arrows_are_recoloured_for_dark(themed) -> None:
    sheet = theme.stylesheet("dark")
    folder = sheet.split("image: url(")[1].split("/chevron")[0]
    from pathlib import Path

    svg = (Path(folder) / "chevron-down.svg").read_text()
    assert theme.DARK["muted"] in svg and theme.LIGHT["muted"] not in svg


def test_icons_render_at_least_at_twice_the_size(qapp) -> None:
    pix = icons.pixmap("fridge", "#ff0000", 20)
    assert pix.devicePixelRatio() >= 2.0
    assert pix.width() >= 40
    image = pix.toImage()
    reds = sum(
        1 for x in range(image.width()) for y in range(image.height()) if image.pixelColor(x, y).red() > 200
    )
    assert reds > 20  # drawn, in the colour asked for


def test_the_window_rebuilds_its_pages_in_the_new_theme(qtbot, make_main_window, larder, themed) -> None:
    window = make_main_window(larder)
    window.show_page("settings")
    old = window.settings_page
    window.settings_page.theme_combo.setCurrentIndex(window.settings_page.theme_combo.findData("dark"))
    qtbot.waitUntil(lambda: window.settings_page is not old, timeout=5000)
    assert theme.current_theme() == "dark"
    assert window.current_page_key() == "settings"
    assert window.settings_page.theme_combo.currentData() == "dark"
    qtbot.waitUntil(lambda: not window.runner.active, timeout=5000)
