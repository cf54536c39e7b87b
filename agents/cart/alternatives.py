"""Other products for one draft line (another size or brand), from the line's provider: the Kroger
store's search, or the offline catalog for offline and Instacart carts (Instacart has no search)."""

from __future__ import annotations

import threading

from agents.cart.orders import LineView, load_order
from agents.errors import UserError
from agents.providers.base import Product
from agents.providers.kroger import KrogerClient
from agents.providers.offline import OfflineCatalog
from data.db import Database
from data.taxonomy import Taxonomy

LIMIT = 12


def _query(line: LineView, taxonomy: Taxonomy) -> tuple[str, str]:
    """(ingredient key, search words): the ingredient's plain name, as the cart agent searched it."""
    if line.ingredient and line.ingredient in taxonomy:
        return line.ingredient, taxonomy.get(line.ingredient).name.split(",")[0]
    return line.ingredient or line.product, line.product


def _is_current(product: Product, line: LineView) -> bool:
    same_id = product.product_id in (line.product_id,) or (product.upc and product.upc == line.product_id)
    return bool(same_id) and product.package_size == line.package_size and product.name == line.product


def alternatives(
    db: Database,
    taxonomy: Taxonomy,
    order_id: int,
    line_id: int,
    kroger: KrogerClient | None,
    *,
    cancel: threading.Event | None = None,
) -> list[Product]:
    """Products that could replace the line, cheapest per package first; the line's own is left out.
    `kroger` searches a Kroger order's store; None (or another provider) uses the offline catalog."""
    order = load_order(db, order_id)
    line = next((li for li in order.lines if li.id == line_id), None)
    if line is None:
        raise UserError(f"order {order_id} has no line {line_id}")
    key, words = _query(line, taxonomy)
    if order.provider == "kroger" and kroger is not None:
        found = kroger.search(key, words, limit=LIMIT, cancel=cancel)
    else:
        if not line.ingredient:
            return []
        found = list(OfflineCatalog().search(line.ingredient, words))
    usable = [p for p in found if p.available and p.price > 0 and not _is_current(p, line)]
    return sorted(usable, key=lambda p: (p.price, p.name))[:LIMIT]
