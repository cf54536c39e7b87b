"""Look and feel: every main action has a shortcut that its tooltip names, F1 / Ctrl+/ lists them,
every interactive control has an accessible name, and the window remembers size, position and page."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.main_window import MainWindow, window_settings


def test_every_page_has_a_shortcut_named_in_the_rail_tooltip(make_main_window, larder) -> None:
    window = make_main_window(larder)
    for index, _key in enumerate(window.page_keys()):
        assert f"Ctrl+{index + 1}" in window.rail.tooltip(index)
    shortcuts = {a.text(): a.shortcut() for a in window.window_actions}
    settings = window.page_keys().index("settings") + 1
    assert shortcuts["Go to Settings"] == QKeySequence(f"Ctrl+{settings}")
    assert shortcuts["Keyboard shortcuts"] == QKeySequence("F1")


def test_page_shortcuts_switch_pages(qtbot, make_main_window, larder) -> None:
    window = make_main_window(larder)
    window.show()
    qtbot.waitExposed(window)
    for index, key in enumerate(window.page_keys()):
        action = window.window_actions[index]
        action.trigger()
        assert window.current_page_key() == key


def test_primary_buttons_name_their_shortcut(make_main_window, larder) -> None:
    window = make_main_window(larder)
    for key, page in window.pages.items():
        assert page.header.primary is not None, key
        assert "(Ctrl+Return)" in page.header.primary.toolTip(), key


def test_help_overlay_lists_the_window_and_page_shortcuts(qtbot, make_main_window, larder) -> None:
    window = make_main_window(larder)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("inventory")
    window.help_action.trigger()
    assert window.help.isVisible()
    listed = window.help.listed()
    assert "Go to Fridge" in listed and "Keyboard shortcuts" in listed
    assert any("Undo" in text for text in listed)  # the inventory page's own actions
    assert QKeySequence("Ctrl+/") in window.help_action.shortcuts()
    window.help.hide()


def test_every_interactive_control_has_an_accessible_name(make_main_window, real_larder) -> None:
    from desktop.accessibility import INTERACTIVE, is_part_of_another_control, spoken_name

    window: MainWindow = make_main_window(real_larder)
    missing: list[str] = []
    checked = 0
    for key, page in window.pages.items():
        for widget in page.findChildren(QWidget):
            if not isinstance(widget, INTERACTIVE) or is_part_of_another_control(widget, page):
                continue
            checked += 1
            if not spoken_name(widget).strip():
                missing.append(f"{key}: {type(widget).__name__} {widget.objectName()!r}")
    assert checked > 50
    assert missing == [], "\n".join(missing)


def test_a_control_without_any_hint_is_found(qapp) -> None:
    from desktop.accessibility import name_unnamed_controls, unnamed_controls

    root = QWidget()
    bare = QPushButton(root)  # no text, no tooltip, not in a card: nothing to name it from
    hinted = QPushButton(root)
    hinted.setToolTip("Dismiss (Esc)")
    assert set(unnamed_controls(root)) == {bare, hinted}
    assert name_unnamed_controls(root) == 1
    assert hinted.accessibleName() == "Dismiss" and unnamed_controls(root) == [bare]


def test_the_window_remembers_size_position_and_page(qtbot, qapp_theme, larder) -> None:
    first = MainWindow(larder, restore_state=True)
    qtbot.addWidget(first)
    first.resize(1024, 700)  # the offscreen screen is 800 px wide: wider would be clamped on restore
    first.move(40, 30)
    first.show_page("health")
    first.close()
    settings = window_settings(larder.root)
    assert settings.value("page") == "health"
    assert isinstance(settings.value("geometry"), QByteArray)
    second = MainWindow(larder, restore_state=True)
    qtbot.addWidget(second)
    assert second.current_page_key() == "health"
    assert (second.width(), second.height()) == (1024, 700)
    assert second.y() == first.y() == 30  # x is clamped: the window is wider than the offscreen screen
    assert (larder.root / "window.ini").is_file()
    second.shutdown()


def test_without_restore_state_nothing_is_written(make_main_window, larder) -> None:
    window = make_main_window(larder)
    window.show_page("plan")
    window.close()
    assert not (larder.root / "window.ini").exists()


def test_the_window_shows_before_the_data_is_open(qtbot, qapp_theme, larder) -> None:
    window = MainWindow(None, home_root=larder.root)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.pages == {} and "Opening" in window.placeholder.text()
    window.attach(larder)
    assert window.current_page_key() == "fridge" and window.stack.currentWidget() is window.fridge
    assert window.shutdown()


def test_tab_goes_through_settings_in_reading_order(qtbot, qapp_theme, larder) -> None:
    from PySide6.QtCore import Qt

    from desktop.pages.settings_page import SettingsPage
    from desktop.tasks import TaskRunner

    runner = TaskRunner()
    page = SettingsPage(larder, runner)
    qtbot.addWidget(page)
    expected = [
        page.theme_combo,
        page.units_combo,
        page.currency_combo,
        page.open_folder,
        page.backup_button,
        page.restore_button,
        page.export_button,
        page.delete_button,
        page.secret_edits[("kroger", "client_id")],
        page.test_buttons["instacart"],
        page.model_edit,
        page.conf_spin,
        page.camera_combo,
    ]
    chain: list[QWidget] = []
    widget = page.theme_combo
    for _ in range(200):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled():
            chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is page.theme_combo:
            break
    positions = [chain.index(w) for w in expected if w in chain]
    assert len(positions) == len(expected) - (
        0 if page.secret_edits[("kroger", "client_id")].isEnabled() else 1
    )
    assert positions == sorted(positions)
    assert runner.wait_for_done(5000)
