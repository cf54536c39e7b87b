"""The Cart page against loopback stand-ins of Kroger and Instacart (tests/cart/fakes): sign in (the
"browser" follows the authorize redirect to the loopback receiver), choose a store by ZIP, build a cart
with a budget of 60, edit/swap/remove lines, confirm what goes where, submit; Instacart's link opens;
the status bar says when the last store call failed."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
from cart.fakes.instacart import API_KEY, InstacartApp
from cart.fakes.kroger import CLIENT_ID, CLIENT_SECRET, LOCATION, KrogerApp
from cart.fakes.server import FakeServer, Response
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog

from desktop.widgets.cart_dialogs import SubmitConfirmDialog, SwapDialog


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def kroger(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    with FakeServer(KrogerApp()) as server:
        monkeypatch.setenv("LARDER_KROGER_BASE_URL", server.url)
        monkeypatch.setenv("LARDER_KROGER_REDIRECT_URI", f"http://localhost:{free_port()}/callback")
        yield server


@pytest.fixture
def instacart(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    with FakeServer(InstacartApp()) as server:
        monkeypatch.setenv("LARDER_INSTACART_BASE_URL", server.url)
        yield server


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """QDesktopServices.openUrl, as a browser: a Kroger authorize page redirects straight back to the
    loopback (the user signed in); anything else is only recorded."""
    urls: list[str] = []

    def open_url(url) -> bool:
        text = url.toString()
        urls.append(text)
        if "/oauth2/authorize" in text:
            threading.Thread(
                target=lambda: httpx.get(text, follow_redirects=True, timeout=10), daemon=True
            ).start()
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


def wait_task(qtbot, page, task, timeout: int = 60000):
    """The task's result, once the page has also seen it finish (its next action may start then)."""
    assert task is not None
    with qtbot.waitSignal(task.signals.succeeded, timeout=timeout) as blocker:
        pass
    qtbot.waitUntil(lambda: page.progress.task is not task, timeout=3000)
    return blocker.args[0]


def answer(monkeypatch: pytest.MonkeyPatch, dialog_class, code) -> list:
    seen: list = []

    def exec_(self) -> object:
        seen.append(self)
        return code

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return seen


def test_kroger_sign_in_store_budget_edit_swap_remove_confirm_and_submit(
    real_larder, make_main_window, qtbot, kroger, opened, monkeypatch
) -> None:
    app: KrogerApp = kroger.app  # type: ignore[assignment]
    real_larder.set_credentials("kroger", {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
    window = make_main_window(real_larder)
    page, status = window.orders, window.status
    window.list_page.name_box.setText("oat milk")
    assert window.list_page.add_typed() is not None

    window.show_page("orders")
    page.set_provider("kroger")
    assert real_larder.setting("cart.provider") == "kroger" and page.kroger_row.isVisibleTo(page)
    qtbot.waitUntil(
        lambda: page.connection is not None and page.connection.provider == "kroger", timeout=5000
    )
    assert status.offline_label.text() == "Kroger · no store chosen · not signed in"

    # Sign in: the browser opens the authorize page, which comes back to the loopback receiver.
    wait_task(qtbot, page, page.start_kroger_login(), 20000)
    assert opened and opened[0].startswith(f"{kroger.url}/v1/connect/oauth2/authorize?")
    assert real_larder.secrets.has("kroger", "refresh_token")
    assert page.banner.kind == "success" and "Signed in to Kroger" in page.banner.text.text()

    # The nearest stores for a ZIP; the first is chosen and remembered.
    page.zip_box.setText("45202")
    stores = wait_task(qtbot, page, page.find_stores())
    assert [s.location_id for s in stores] == [LOCATION]
    assert app.calls("/v1/locations")[-1].query["filter.zipCode.near"] == "45202"
    assert page.store_box.count() == 1 and "Kroger On the Rhine" in page.store_box.currentText()
    assert real_larder.setting("providers.kroger.location_id") == LOCATION
    qtbot.waitUntil(lambda: "On the Rhine" in status.offline_label.text(), timeout=5000)
    assert status.offline_label.text() == "Kroger · Kroger On the Rhine · signed in"

    # A cart priced at that store, within a budget of 60.
    page.budget_box.setValue(60)
    page.budget_box.editingFinished.emit()
    assert real_larder.setting("cart.budget") == 60
    page.start_cart()
    cart = wait_task(qtbot, page, page.progress.task)
    assert cart.provider == "kroger" and cart.budget == 60 and cart.total <= 60
    assert any(c.query.get("filter.locationId") == LOCATION for c in app.calls("/v1/products"))
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == cart.order_id, timeout=5000)
    order = real_larder.order(cart.order_id)
    kroger_lines = [li for li in order.lines if li.provider == "kroger"]
    assert kroger_lines, "the stand-in's store priced no line"
    assert any(li.ingredient and "oat" in li.ingredient for li in order.lines)  # the list's oat milk

    # Edit a quantity.
    line = kroger_lines[0]
    page.lines_table.selectRow([li.id for li in order.lines].index(line.id))
    assert page.quantity_box.value() == line.quantity and page.swap_button.isEnabled()
    page.quantity_box.setValue(line.quantity + 1)
    page.quantity_box.editingFinished.emit()
    edited = next(li for li in real_larder.order(order.id).lines if li.id == line.id)
    assert edited.quantity == line.quantity + 1 and edited.line_total == round(
        edited.unit_price * edited.quantity, 2
    )

    # Swap it for another size or brand from the store's search.
    searches = len(app.calls("/v1/products"))
    seen_swaps = answer(monkeypatch, SwapDialog, QDialog.DialogCode.Accepted)
    wait_task(qtbot, page, page.start_swap())
    assert len(app.calls("/v1/products")) > searches  # asked the store, not a cache
    (swap,) = seen_swaps
    chosen = swap.chosen()
    assert chosen is not None and chosen.provider == "kroger" and swap.list.count() >= 1
    swapped = next(li for li in real_larder.order(order.id).lines if li.id == line.id)
    assert (swapped.product, swapped.package_size, swapped.unit_price) == (
        chosen.name,
        chosen.package_size,
        chosen.price,
    )
    assert swapped.quantity == line.quantity + 1  # the count stays

    # Remove another line.
    before = real_larder.order(order.id).lines
    other = next(li for li in before if li.id != line.id)
    page.lines_table.selectRow([li.id for li in before].index(other.id))
    page.remove_line_button.click()
    after = real_larder.order(order.id)
    assert len(after.lines) == len(before) - 1 and other.id not in {li.id for li in after.lines}
    assert after.total == round(sum(li.line_total for li in after.lines), 2)

    # Submit: declined first (nothing sent), then confirmed.
    declined = answer(monkeypatch, SubmitConfirmDialog, QDialog.DialogCode.Rejected)
    assert page.submit_button.isEnabled()
    assert page.ask_to_submit() is None and declined and app.carts == []
    confirms = answer(monkeypatch, SubmitConfirmDialog, QDialog.DialogCode.Accepted)
    report = wait_task(qtbot, page, page.ask_to_submit())
    (dialog,) = confirms
    sent_lines = [li for li in after.lines if li.provider == "kroger"]
    assert "Kroger cart" in dialog.destination and "Kroger On the Rhine" in dialog.destination
    assert len(dialog.sent) == len(sent_lines)
    assert all(any(li.product in text for text in dialog.sent) for li in sent_lines)
    assert set(dialog.skipped) == {li.product for li in after.lines if li.provider != "kroger"}
    # The stand-in received exactly the confirmed lines.
    assert len(app.carts) == 1
    assert sorted((i["upc"], i["quantity"]) for i in app.carts[0]) == sorted(
        (li.product_id, li.quantity) for li in sent_lines
    )
    assert report.dry_run is False and real_larder.order(order.id).status == "submitted"
    assert page.banner.kind == "success" and "Kroger cart" in page.banner.text.text()
    assert not page.submit_button.isEnabled() and not page.editing_row.isVisibleTo(page)


def test_instacart_creates_a_link_and_the_window_opens_it(
    real_larder, make_main_window, qtbot, instacart, opened, monkeypatch
) -> None:
    real_larder.set_credentials("instacart", {"api_key": API_KEY})
    page = make_main_window(real_larder).orders
    page.set_provider("instacart")
    qtbot.waitUntil(
        lambda: page.connection is not None and page.connection.provider == "instacart", timeout=5000
    )
    page.start_cart()
    cart = wait_task(qtbot, page, page.progress.task)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == cart.order_id, timeout=5000)
    confirms = answer(monkeypatch, SubmitConfirmDialog, QDialog.DialogCode.Accepted)
    report = wait_task(qtbot, page, page.ask_to_submit())
    assert "Instacart" in confirms[0].destination and len(confirms[0].sent) == len(cart.lines)
    lists = instacart.app.lists  # type: ignore[attr-defined]
    assert len(lists) == 1 and len(lists[0]["line_items"]) == len(cart.lines)
    link = report.external["products_link_url"]
    assert link.startswith("https://www.instacart.com/store/shopping_lists/")
    assert opened == [link]  # the window opened the created link
    assert real_larder.order(cart.order_id).status == "submitted"


def test_the_status_bar_says_when_the_last_store_call_failed(
    real_larder, make_main_window, qtbot, kroger
) -> None:
    real_larder.set_credentials("kroger", {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
    window = make_main_window(real_larder)
    page, status = window.orders, window.status
    page.set_provider("kroger")
    qtbot.waitUntil(
        lambda: page.connection is not None and page.connection.provider == "kroger", timeout=5000
    )
    kroger.app.fail_next("/v1/locations", Response(403, {"errors": {"reason": "forbidden"}}))
    page.zip_box.setText("45202")
    task = page.find_stores()
    with qtbot.waitSignal(task.signals.failed, timeout=30000):
        pass
    qtbot.waitUntil(lambda: status.offline_label.text().endswith("last call failed"), timeout=3000)
    assert status.offline_label.text() == "Kroger · no store chosen · not signed in · last call failed"
    assert "Finding Kroger stores failed" in status.offline_label.toolTip()
    assert "HTTP 403" in status.offline_label.toolTip()
    assert page.banner.kind == "warning"
    # The next call works: the status bar stops saying it failed.
    qtbot.waitUntil(lambda: page.progress.task is None, timeout=3000)  # the failed one has finished
    wait_task(qtbot, page, page.find_stores())
    qtbot.waitUntil(lambda: "last call failed" not in status.offline_label.text(), timeout=3000)
    qtbot.waitUntil(lambda: "On the Rhine" in status.offline_label.text(), timeout=3000)


def test_a_sign_in_left_waiting_in_the_browser_can_be_cancelled(
    real_larder, make_main_window, qtbot, kroger, monkeypatch
) -> None:
    real_larder.set_credentials("kroger", {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
    urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url.toString()) or True)
    )
    page = make_main_window(real_larder).orders
    page.set_provider("kroger")
    task = page.start_kroger_login()
    assert task is not None and page.progress.cancel_button.isVisibleTo(page)
    qtbot.waitUntil(lambda: bool(urls), timeout=10000)  # the browser was asked; the user never signs in
    with qtbot.waitSignal(task.signals.cancelled, timeout=5000):
        page.progress.cancel_button.click()
    assert "Sign-in cancelled" in page.banner.text.text()
    assert not real_larder.secrets.has("kroger", "refresh_token")
    qtbot.waitUntil(lambda: not page.progress.isVisibleTo(page), timeout=3000)
