"""The main window opens with every page, over an empty and over a populated database."""

from __future__ import annotations

from desktop.main_window import MINIMUM_SIZE, PAGES
from desktop.services import FEATURES, EntryPoint


def test_window_opens_with_every_page_on_demo_data(demo_services, make_main_window, qtbot) -> None:
    window = make_main_window(demo_services)
    window.show()
    qtbot.waitExposed(window)
    assert window.page_keys() == [key for key, _label, _icon in PAGES]
    for key in window.page_keys():
        window.show_page(key)
        assert window.current_page_key() == key
        assert window.stack.currentWidget() is window.pages[key]
        assert window.rail.current() == window.page_keys().index(key)
        assert window.pages[key].header.primary is not None  # one primary action per page
    assert window.fridge.stack.currentIndex() == 1  # the last scan, not the drop zone
    assert window.fridge.photo_view.photo_loaded
    assert window.fridge.photo_view.box_count == 9
    assert window.inventory.model.rowCount() == 16
    assert window.plan.bars.rows and window.plan.recommendation_count == 5
    assert window.orders.orders_model.rowCount() == 4
    assert window.orders.lines_model.rowCount() == 6  # newest order (the draft) selected
    assert str(demo_services.paths.database) in window.status.db_label.text()


def test_badges_count_expiring_items_and_draft_lines(demo_services, make_main_window) -> None:
    window = make_main_window(demo_services)
    keys = window.page_keys()
    # Demo: strawberries (today), milk (tomorrow), chicken and salmon (2 days minus hours) expire within 2 days.
    assert window.rail.badge_text(keys.index("inventory")) == str(window.inventory.expiring_count)
    assert window.inventory.expiring_count == 4
    assert window.rail.badge_text(keys.index("orders")) == "6"


def test_empty_database_shows_empty_states(services, make_main_window) -> None:
    window = make_main_window(services)
    assert window.fridge.stack.currentIndex() == 0  # drop zone
    assert window.inventory.stack.currentWidget() is window.inventory.empty
    assert window.plan.empty.isVisibleTo(window.plan) and not window.plan.bars_card.isVisibleTo(window.plan)
    assert not window.orders.orders_table.isVisibleTo(window.orders)
    assert window.rail.badge_text(window.page_keys().index("inventory")) == ""


def test_missing_core_feature_is_a_note_not_a_crash(services, make_main_window, monkeypatch, qtbot) -> None:
    monkeypatch.setitem(FEATURES, "plan", ("The nutrition plan", (EntryPoint("agents.no_such_module", "x"),)))
    window = make_main_window(services)
    assert "not available in this build" in window.plan.empty.text.text()
    window.plan.start_plan()
    qtbot.waitUntil(lambda: window.plan.banner.isVisibleTo(window.plan), timeout=5000)
    assert "not available in this build" in window.plan.banner.text.text()
    assert window.plan.banner.kind == "warning"


def test_window_fits_the_minimum_size(demo_services, make_main_window, qtbot) -> None:
    window = make_main_window(demo_services)
    window.resize(*MINIMUM_SIZE)
    window.show()
    qtbot.waitExposed(window)
    for key in window.page_keys():
        window.show_page(key)
        page = window.pages[key]
        assert page.width() <= window.width()
        assert page.minimumSizeHint().width() <= page.width(), key
