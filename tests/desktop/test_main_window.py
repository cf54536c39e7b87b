"""The main window opens with every page, over an empty home and over one built by the real pipeline,
and shows exactly what the front door holds."""

from __future__ import annotations

from desktop.main_window import MINIMUM_SIZE, PAGES


def test_window_opens_with_every_page_on_a_real_home(real_larder, real_home, make_main_window, qtbot) -> None:
    window = make_main_window(real_larder)
    window.show()
    qtbot.waitExposed(window)
    assert window.page_keys() == [key for key, _label, _icon in PAGES]
    for key in window.page_keys():
        window.show_page(key)
        assert window.current_page_key() == key
        assert window.stack.currentWidget() is window.pages[key]
        assert window.rail.current() == window.page_keys().index(key)
        assert window.pages[key].header.primary is not None  # one primary action per page
    scan = real_larder.latest_scan()
    assert scan is not None and scan.scan_id == real_home.scan_id
    assert window.fridge.stack.currentIndex() == 1  # the last scan, not the drop zone
    assert window.fridge.photo_view.photo_loaded
    assert (
        window.fridge.photo_view.box_count
        == len(real_larder.review(scan.scan_id).photos[0].detections)
        >= real_home.detections
        > 5
    )
    assert window.fridge.items_model.rowCount() > 5  # grouped by ingredient
    assert window.inventory.model.rowCount() == len(real_larder.inventory()) > 5
    plan = real_larder.latest_plan()
    assert plan is not None and plan.plan_id == real_home.plan_id
    assert [r.nutrient for r in window.plan.bars.rows] == [r.nutrient for r in plan.nutrients]
    assert window.plan.recommendation_count == len(plan.recommendations)
    assert window.orders.orders_model.rowCount() == len(real_larder.order_rows()) == 1
    assert window.orders.lines_model.rowCount() == real_home.cart_lines  # the draft selected
    assert str(real_larder.home().database) in window.status.db_label.text()
    assert window.status.model_label.text() == "Model: fridge.pt"


def test_cart_badge_counts_draft_lines(real_larder, real_home, make_main_window) -> None:
    window = make_main_window(real_larder)
    assert window.rail.badge_text(window.page_keys().index("orders")) == str(real_home.cart_lines)


def test_empty_home_shows_empty_states(larder, make_main_window) -> None:
    window = make_main_window(larder)
    assert window.fridge.stack.currentIndex() == 0  # drop zone
    assert window.inventory.stack.currentWidget() is window.inventory.empty
    assert window.plan.empty.isVisibleTo(window.plan) and not window.plan.bars_card.isVisibleTo(window.plan)
    assert not window.orders.orders_table.isVisibleTo(window.orders)
    assert window.rail.badge_text(window.page_keys().index("inventory")) == ""


def test_window_fits_the_minimum_size(real_larder, make_main_window, qtbot) -> None:
    window = make_main_window(real_larder)
    window.resize(*MINIMUM_SIZE)
    window.show()
    qtbot.waitExposed(window)
    for key in window.page_keys():
        window.show_page(key)
        page = window.pages[key]
        assert page.width() <= window.width()
        assert page.minimumSizeHint().width() <= page.width(), key


def test_writes_in_a_row_reload_each_other_page_once_off_the_ui_thread(
    real_larder, make_main_window, qtbot, monkeypatch
) -> None:
    import threading

    window = make_main_window(real_larder)
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=5000)
    reads: list[tuple[str, bool]] = []
    original = type(window.inventory).load

    def counting_load(page):
        reads.append((type(page).__name__, threading.current_thread() is threading.main_thread()))
        return original(page)

    monkeypatch.setattr(type(window.inventory), "load", counting_load)
    for _ in range(3):  # three writes before the loop turns: one reload
        window.plan.data_changed.emit()
    assert window.refreshes.is_stale(window.inventory)
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=10000)
    assert reads == [("InventoryPage", False)]
    assert window.inventory.model.rowCount() == len(real_larder.inventory())


def test_the_detector_preload_loads_the_model_quietly_and_freezes_what_it_imported(
    real_larder, make_main_window, qtbot
) -> None:
    import gc

    from desktop.preload import start_detector_preload

    window = make_main_window(real_larder)
    qtbot.waitUntil(lambda: not window.runner.active, timeout=10000)  # the Settings page's keyring check
    ended: list[str] = []
    window.runner.task_ended.connect(lambda label, _outcome: ended.append(label))
    frozen_before = gc.get_freeze_count()
    task = start_detector_preload(real_larder, window.runner)
    try:
        assert task not in window.runner.active  # quiet: no status-bar entry, a theme switch is not refused
        with qtbot.waitSignal(task.signals.succeeded, timeout=60000) as blocker:
            pass
        assert blocker.args == [True]  # the home's bundled model loaded and ran once
        assert gc.get_freeze_count() > frozen_before
        qtbot.waitUntil(lambda: gc.isenabled(), timeout=5000)
        assert ended == []
    finally:
        gc.unfreeze()  # the rest of the session collects as before


def test_the_foods_table_is_read_in_a_worker_before_the_first_food_search(
    real_larder, make_main_window, qtbot
) -> None:
    """The Nutrients picker searches on the UI thread while the user types; the first search would build the
    SR28 index there (~250 ms), so the window reads it in the quiet query pool first."""
    from desktop.preload import start_foods_preload

    window = make_main_window(real_larder)
    task = start_foods_preload(real_larder, window.runner)
    assert task not in window.runner.active  # quiet: no status-bar entry
    with qtbot.waitSignal(task.signals.succeeded, timeout=30000) as blocker:
        pass
    assert blocker.args == [8790]  # every SR28 food, read off the UI thread
    assert any("kimchi" in f.name.lower() for f in real_larder.search_foods("kimchi"))
