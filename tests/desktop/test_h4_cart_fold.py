"""The Cart page's Where to buy card: folded or open is remembered in the window's settings
(<home>/window.ini), and once a Kroger store is chosen and signed in it folds by itself when the window
is short (under 700 px), so the order history keeps its rows at 1024x640."""

from __future__ import annotations

import pytest

from agents.providers.kroger import KrogerLocation
from desktop.main_window import MINIMUM_SIZE, SETUP_FOLDED_KEY, MainWindow, window_settings

STORE = KrogerLocation("01400943", "KROGER", "Kroger On the Rhine", "100 E Court St, Cincinnati", "45202")


def _open(larder, qtbot, size: tuple[int, int], *, restore: bool = False) -> MainWindow:
    window = MainWindow(larder, restore_state=restore)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    window.show_page("orders")
    qtbot.waitExposed(window)
    return window


def _close(window: MainWindow) -> None:
    window.close()  # saves the state (restore_state) and waits for the workers
    assert window.shutdown(5000)


def _connect_kroger(larder) -> None:
    """Kroger chosen, its keys in the (test) keyring and a sign-in's token: all a store call needs."""
    larder.set_setting("cart.provider", "kroger")
    larder.set_credentials("kroger", {"client_id": "larder-test", "client_secret": "s3cret"})
    larder.secrets.set("kroger", "refresh_token", "token-from-a-sign-in")


def test_the_fold_is_remembered_in_window_ini_and_comes_back(real_larder, qtbot, qapp_theme) -> None:
    window = _open(real_larder, qtbot, (1280, 800), restore=True)
    page = window.orders
    assert not page.setup_folded
    page.setup_toggle.click()
    assert page.setup_folded
    _close(window)
    assert str(window_settings(real_larder.root).value(SETUP_FOLDED_KEY)).lower() == "true"

    again = _open(real_larder, qtbot, (1280, 800), restore=True)
    assert again.orders.setup_folded and not again.orders.setup_body.isVisibleTo(again.orders)
    assert again.orders.setup_summary.text().startswith("Offline catalogue")
    again.orders.setup_toggle.click()  # opened again: remembered too
    _close(again)
    assert str(window_settings(real_larder.root).value(SETUP_FOLDED_KEY)).lower() == "false"
    third = _open(real_larder, qtbot, (1280, 800), restore=True)
    assert not third.orders.setup_folded
    _close(third)


@pytest.mark.parametrize(("size", "folds"), [(MINIMUM_SIZE, True), ((1280, 800), False)])
def test_choosing_a_connected_store_folds_the_card_in_a_short_window(
    real_larder, qtbot, qapp_theme, size, folds
) -> None:
    _connect_kroger(real_larder)
    window = _open(real_larder, qtbot, size)
    page = window.orders
    qtbot.waitUntil(
        lambda: page.connection is not None and page.connection.provider == "kroger", timeout=5000
    )
    assert not page.setup_folded  # signed in, but no store yet: the card has work left
    rows_before = page.orders_table.viewport().height()

    page._on_stores_found((STORE,))  # what find_stores' worker hands back: the nearest is chosen
    qtbot.waitUntil(lambda: page.connection is not None and page.connection.store_id == STORE.location_id)
    assert page.setup_folded is folds
    if folds:
        assert page.setup_summary.text() == "Kroger · Kroger On the Rhine · no budget"
        qtbot.waitUntil(lambda: page.orders_table.viewport().height() > rows_before + 100, timeout=3000)
    _close(window)


def test_a_remembered_open_card_stays_open(real_larder, qtbot, qapp_theme) -> None:
    _connect_kroger(real_larder)
    real_larder.set_kroger_store(STORE)
    settings = window_settings(real_larder.root)
    settings.setValue(SETUP_FOLDED_KEY, False)  # the user opened it last time
    settings.sync()
    window = _open(real_larder, qtbot, MINIMUM_SIZE, restore=True)
    page = window.orders
    qtbot.waitUntil(lambda: page.connection is not None and page.connection.signed_in, timeout=5000)
    qtbot.wait(50)
    assert not page.setup_folded
    _close(window)
