"""The cart agent end to end: recommendations and the shopping list in, a priced draft order out."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import select

from agents.cart import settings as cart_settings
from agents.cart.needs import ListEntry, merge_needs
from agents.cart.offers import gather_offers
from agents.cart.optimise import Preferences, build_cart_from_needs
from agents.cart.orders import save_draft
from agents.cart.result import Cart
from agents.errors import UserError
from agents.nutrition.result import Recommendation
from agents.providers.base import CartTaker, ProductSource
from agents.providers.config import base_url, kroger_redirect_uri
from agents.secrets import SecretStore
from data.db import Database
from data.models import ShoppingListItem
from data.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    from agents.providers.kroger import KrogerClient

PROVIDERS = ("offline", "kroger", "instacart")


@dataclass(frozen=True)
class Plan:
    recommendations: tuple[Recommendation, ...]
    plan_id: int | None
    notices: tuple[str, ...]


def load_plan(db: Database, days: int) -> Plan:
    """The nutrition agent's recommendations, priced from the offline catalog for its ranking."""
    from agents.cart.catalog import CatalogPrices
    from agents.nutrition.service import plan_from_database

    # Saved, so the order can say which plan (targets, reasons) it was built from.
    result = plan_from_database(db, days=days, save=True, price_source=CatalogPrices())
    return Plan(result.recommendations, result.plan_id, ())


def list_entries(db: Database, taxonomy: Taxonomy) -> list[ListEntry]:
    """Unticked shopping-list items, resolved to taxonomy ingredients where a name or alias matches."""
    with db.session() as s:
        items = list(s.exec(select(ShoppingListItem).where(ShoppingListItem.checked == False)))  # noqa: E712
    entries = []
    for item in items:
        ingredient = None
        if item.ingredient_id and item.ingredient_id in taxonomy:
            ingredient = taxonomy.get(item.ingredient_id)
        else:
            ingredient = taxonomy.lookup(item.name)
        grams: float | None = None
        packages = max(1, round(item.quantity)) if item.quantity > 0 else 1
        if ingredient is not None and item.unit not in ("package", "packages", "pack"):
            try:
                grams = ingredient.grams(item.quantity, item.unit) or None
            except ValueError:
                grams = None
        entries.append(
            ListEntry(item.name, ingredient.id if ingredient else None, grams, packages, item.note)
        )
    return entries


def kroger_client(settings: dict[str, Any], secrets: SecretStore) -> KrogerClient:
    from agents.providers.kroger import KrogerClient

    return KrogerClient(
        secrets,
        base_url("kroger", settings),
        location_id=settings.get(cart_settings.KROGER_LOCATION),
        redirect_uri=kroger_redirect_uri(settings),
        modality=str(settings.get(cart_settings.KROGER_MODALITY) or "PICKUP").strip().upper(),
    )


def make_source(name: str, settings: dict[str, Any], secrets: SecretStore) -> ProductSource | None:
    if name == "kroger":
        return kroger_client(settings, secrets)
    # Instacart has no price search: its carts are priced from the offline catalog.
    return None


def make_taker(name: str, settings: dict[str, Any], secrets: SecretStore) -> CartTaker:
    if name == "kroger":
        return kroger_client(settings, secrets)
    if name == "instacart":
        from agents.providers.instacart import InstacartClient

        return InstacartClient(secrets, base_url("instacart", settings))
    raise UserError(f"{name} orders cannot be sent anywhere: export them instead (`larder export ID`)")


def build_draft(
    db: Database,
    *,
    provider: str = "offline",
    budget: float | None = None,
    days: int = 7,
    secrets: SecretStore | None = None,
    preferences: Preferences | None = None,
    on_progress: Callable[[float, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> Cart:
    """Plan, list, prices, optimisation, then the draft saved in one transaction."""
    if provider not in PROVIDERS:
        raise UserError(f"unknown provider {provider!r} (choose {', '.join(PROVIDERS)})")
    if budget is not None and not (math.isfinite(budget) and budget > 0):
        raise UserError(f"the budget must be a positive amount, not {budget:g}")
    if not 1 <= days <= 60:
        raise UserError(f"--days must be between 1 and 60, not {days}")
    taxonomy = load_taxonomy()
    settings = cart_settings.read_settings(db)
    plan = load_plan(db, days)
    needs = merge_needs(plan.recommendations, list_entries(db, taxonomy))
    source = make_source(provider, settings, secrets or SecretStore())
    try:
        offers, price_notices = gather_offers(needs, source, taxonomy, on_progress=on_progress, cancel=cancel)
    finally:
        close = getattr(source, "close", None)
        if close:
            close()
    currency = cart_settings.currency(settings)
    notices = list(plan.notices) + list(price_notices)
    if currency != "USD":
        notices.append(f"offline prices are in USD; your currency setting is {currency}")
    if not needs:
        notices.append("nothing to buy: no recommendations and an empty shopping list")
    cart = build_cart_from_needs(
        needs,
        offers,
        budget=budget,
        preferences=preferences or cart_settings.preferences(settings),
        currency="USD",
        provider=provider,
        notices=notices,
    )
    return save_draft(db, cart, plan_id=plan.plan_id)
