"""The core under the window's list and cart pages: the list's own order (kept without a schema change),
another product put in a draft line, and the alternatives offered for it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from agents.app import Larder
from agents.cart.catalog import load_catalog
from agents.errors import UserError
from agents.shopping_list import ORDER_KEY, add_entry, entries, move_entry, remove_entry, set_checked
from data.db import Database
from data.settings import get_setting
from data.taxonomy import load_taxonomy


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(tmp_path / "larder.db")


def test_entries_keep_the_order_they_are_moved_to_within_their_group(db: Database) -> None:
    taxonomy = load_taxonomy()
    a, b, c, d = (add_entry(db, taxonomy, name) for name in ("milk", "eggs", "candles", "bread"))
    assert [e.id for e in move_entry(db, d.id, -2)] == [a.id, d.id, b.id, c.id]
    assert [e.id for e in move_entry(db, a.id, 10)] == [d.id, b.id, c.id, a.id]  # clamped to the end
    assert [e.id for e in move_entry(db, d.id, -1)] == [d.id, b.id, c.id, a.id]  # already first
    set_checked(db, b.id, True)
    # A ticked entry sinks below the unticked; moving stays within its group.
    assert [e.id for e in entries(db)] == [d.id, c.id, a.id, b.id]
    assert [e.id for e in move_entry(db, b.id, -3)] == [d.id, c.id, a.id, b.id]
    # Removed entries drop out; new ones come last; the stored order is only ids.
    remove_entry(db, c.id)
    e = add_entry(db, taxonomy, "butter")
    assert [x.id for x in entries(db)] == [d.id, a.id, e.id, b.id]
    assert all(isinstance(v, int) for v in get_setting(db, ORDER_KEY))
    with pytest.raises(UserError, match="no shopping-list entry"):
        move_entry(db, 999, 1)


def test_the_list_export_follows_the_users_order(tmp_path: Path) -> None:
    with Larder.open(tmp_path / "home") as larder:
        first = larder.add_to_list("milk")
        second = larder.add_to_list("greek yogurt")  # the same aisle: the export groups by aisle
        text = larder.export(f"list:{first.list_id}", "txt").data.decode()
        assert text.index(first.name) < text.index(second.name)
        larder.move_list_entry(second.id, -1)
        text = larder.export(f"list:{first.list_id}", "txt").data.decode()
        assert text.index(second.name) < text.index(first.name)


def test_a_swapped_line_takes_the_new_product_and_totals_follow(tmp_path: Path) -> None:
    with Larder.open(tmp_path / "home") as larder:
        larder.add_to_list("greek yogurt", 1000, unit="g")
        larder.add_to_list("eggs", 12)
        cart = larder.build_cart(days=1)
        assert cart.order_id is not None
        order = larder.order(cart.order_id)
        line = next(li for li in order.lines if li.ingredient and "yogurt" in li.ingredient)
        offered = larder.line_alternatives(order.id, line.id)
        assert offered and all(p.ingredient == line.ingredient for p in offered)
        assert all(not (p.name == line.product and p.package_size == line.package_size) for p in offered)
        assert [p.price for p in offered] == sorted(p.price for p in offered)
        assert len(offered) < len(load_catalog()[line.ingredient])  # the line's own is left out
        choice = offered[-1]
        swapped = larder.swap_order_line(order.id, line.id, choice)
        new = next(li for li in swapped.lines if li.id == line.id)
        assert (new.product, new.package_size, new.unit_price, new.quantity) == (
            choice.name,
            choice.package_size,
            choice.price,
            line.quantity,
        )
        assert new.line_total == round(choice.price * line.quantity, 2)
        assert swapped.total == round(sum(li.line_total for li in swapped.lines), 2)
        assert "now " + choice.name in swapped.history[-1].note
        with pytest.raises(UserError, match="no usable price"):
            larder.swap_order_line(order.id, line.id, replace(choice, price=0.0))
        larder.cancel_order(order.id)
        with pytest.raises(UserError, match="only a draft"):
            larder.swap_order_line(order.id, line.id, choice)
