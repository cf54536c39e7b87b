"""Products for each need, from the chosen provider with the offline catalog behind it: when the
provider fails (offline, refused, rate limited) the rest of the cart is priced from the catalog and the
user is told which prices are indicative."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from agents.cart.needs import Need
from agents.cart.optimise import Offer
from agents.errors import AgentError, ProviderError
from agents.providers.base import Product, ProductSource
from agents.providers.offline import OfflineCatalog
from data.taxonomy import Taxonomy


def offer_for(product: Product, taxonomy: Taxonomy) -> Offer | None:
    """How many grams of its ingredient one package holds; None when the units cannot be compared."""
    if product.ingredient is None or product.ingredient not in taxonomy:
        return Offer(product, product.package_size) if product.package_unit in ("g", "ml") else None
    try:
        grams = taxonomy.get(product.ingredient).grams(product.package_size, product.package_unit)
    except ValueError:
        return None
    return Offer(product, grams) if grams > 0 else None


def gather_offers(
    needs: Sequence[Need],
    source: ProductSource | None,
    taxonomy: Taxonomy,
    *,
    on_progress: Callable[[float, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> tuple[dict[str, list[Offer]], tuple[str, ...]]:
    """Offers keyed by need key, and notices for the user (which provider failed, what is indicative)."""
    fallback = OfflineCatalog()
    offers: dict[str, list[Offer]] = {}
    notices: list[str] = []
    failed: AgentError | None = None
    from_catalog: list[str] = []
    for index, need in enumerate(needs):
        if cancel is not None and cancel.is_set():
            raise ProviderError("cart building cancelled")
        if on_progress:
            on_progress(index / max(1, len(needs)), need.name)
        ingredient = (
            taxonomy.get(need.ingredient) if need.ingredient and need.ingredient in taxonomy else None
        )
        query = ingredient.name.split(",")[0] if ingredient else need.name
        products: list[Product] = []
        if source is not None and source.name != "offline" and failed is None:
            try:
                products = source.search(need.ingredient or need.key, query, limit=10)
            except AgentError as exc:
                failed = exc  # one failure is enough: do not hammer a provider that is down
        found = [o for o in (offer_for(p, taxonomy) for p in products) if o is not None]
        if not found and need.ingredient:
            found = [
                o for o in (offer_for(p, taxonomy) for p in fallback.search(need.ingredient, query)) if o
            ]
            if source is not None and source.name != "offline":
                from_catalog.append(need.name)
        offers[need.key] = found
    if on_progress:
        on_progress(1.0, "priced")
    if failed is not None:
        notices.append(f"{failed} - the rest of the cart uses indicative offline prices")
    if from_catalog:
        notices.append(
            "indicative offline prices for: "
            + ", ".join(from_catalog[:12])
            + ("..." if len(from_catalog) > 12 else "")
        )
    if source is None or source.name == "offline":
        notices.append("all prices are indicative estimates from the offline catalog, not store quotes")
    return offers, tuple(notices)
