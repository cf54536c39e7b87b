"""The Cart page at the window's minimum size (1024x640) shows at least seven cart lines before the table
scrolls: where to buy and the order history sit beside the lines, the reason below them is capped,
and the page's header holds Export and Submit."""

from __future__ import annotations

import pytest

from desktop.main_window import MINIMUM_SIZE

WANTED_LINES = 7


def visible_lines(page) -> float:
    table = page.lines_table
    return table.viewport().height() / table.rowHeight(0)


@pytest.mark.parametrize("provider", ["offline", "kroger"])
def test_seven_cart_lines_are_visible_at_the_minimum_size(
    real_larder, real_home, make_main_window, qtbot, provider
) -> None:
    assert real_home.cart_lines >= WANTED_LINES + 1, "the built cart must be longer than the view"
    real_larder.set_setting("cart.provider", provider)
    window = make_main_window(real_larder)
    window.resize(*MINIMUM_SIZE)
    window.show()
    window.show_page("orders")
    qtbot.waitExposed(window)
    page = window.orders
    qtbot.waitUntil(lambda: window.refreshes.idle and not window.runner.active, timeout=10000)
    assert window.width() == MINIMUM_SIZE[0] and window.height() == MINIMUM_SIZE[1]
    assert page.kroger_row.isVisibleTo(page) == (provider == "kroger")
    assert page.lines_model.rowCount() == real_home.cart_lines
    assert page.lines_table.verticalScrollBar().maximum() > 0  # it does scroll: the count is what fits
    assert visible_lines(page) >= WANTED_LINES, visible_lines(page)
    # The selected line's reason is shown, whole when it fits its capped box, never taller than that.
    assert not page.reason.isHidden() and page.reason_box.height() <= page.reason_box.cap()
    # Nothing of the page is cut off at this size.
    assert page.minimumSizeHint().height() <= page.height()


def test_folding_where_to_buy_leaves_one_line_that_says_what_is_chosen(
    real_larder, make_main_window, qtbot
) -> None:
    real_larder.set_setting("cart.budget", 60)
    window = make_main_window(real_larder)
    window.resize(*MINIMUM_SIZE)
    window.show()
    window.show_page("orders")
    page = window.orders
    before = page.setup_card.height()
    page.setup_toggle.click()
    qtbot.waitUntil(lambda: page.setup_card.height() < before, timeout=3000)
    assert not page.setup_body.isVisibleTo(page)
    assert page.setup_summary.text() == "Offline catalogue · $60 budget"
    page.setup_toggle.click()
    assert page.setup_body.isVisibleTo(page) and page.setup_summary.text() == ""
