"""The cart subagent, last: the nutrition agent's recommendations and the shopping list, priced from
what the price agents gathered meanwhile (the store first, the offline catalog behind it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from agents.cart.needs import ListEntry, Need, merge_needs
from agents.cart.offers import gather_offers
from agents.cart.optimise import Preferences, build_cart_from_needs
from agents.cart.result import Cart
from agents.errors import AgentError
from agents.nutrition.result import NutritionResult
from agents.orchestrator.graph import AgentContext, AgentFn, AgentOutput, Outcome
from agents.orchestrator.prices import PrefetchedSource, PriceBook, Query, fetch_all
from agents.providers.base import ProductSource
from data.taxonomy import Taxonomy

STORE_NAMES = {"kroger": "Kroger", "instacart": "Instacart", "openfoodfacts": "Open Food Facts"}


def cart_agent(
    taxonomy: Taxonomy,
    *,
    provider: str,
    budget: float | None,
    entries: Sequence[ListEntry],
    preferences: Preferences,
    currency: str,
    nutrition_node: str,
    offline_node: str,
    store_node: str | None,
    barcode_node: str | None,
    live: ProductSource | None,
    concurrency: int = 4,
) -> AgentFn:
    def run(ctx: AgentContext, deps: Mapping[str, Outcome]) -> AgentOutput:
        ctx.check()
        nutrition = deps[nutrition_node]
        result: NutritionResult | None = nutrition.value if nutrition.ok else None
        notices: list[str] = []
        if result is None:
            notices.append(
                f"no recommendations (the nutrition agent {nutrition.status}): the cart holds your list"
            )
        listed = list(entries)
        if barcode_node and deps[barcode_node].ok:
            listed += list(deps[barcode_node].value)
        needs = merge_needs(result.recommendations if result else (), listed)
        failure, book = None, None
        if store_node is not None:
            store = deps[store_node]
            name = STORE_NAMES.get(provider, provider)
            if store.status == "timeout":
                failure = f"{name} timed out after {store.summary.split('within ')[-1]}: offline prices used"
            elif not store.ok:
                failure = f"{name} failed ({store.summary}): offline prices used"
            else:
                book = store.value
        if failure is None and store_node is None:
            offline = deps[offline_node]
            book = offline.value if offline.ok and isinstance(offline.value, PriceBook) else None
        guessed = book.asked if book is not None else 0
        if store_node is not None and failure is None and live is not None:
            book, failure = _fetch_misses(book, needs, live, taxonomy, concurrency, ctx, provider)
        source = PrefetchedSource(provider, book, live if store_node else None, failure)
        offers, price_notices = gather_offers(
            needs, source if store_node else None, taxonomy, cancel=ctx.cancel
        )
        if failure:
            notices.append(failure)
        notices += [n for n in price_notices if not (failure and n.startswith(failure))]
        if not needs:
            notices.append("nothing to buy: no recommendations and an empty shopping list")
        cart = build_cart_from_needs(
            needs, offers, budget=budget, preferences=preferences, currency="USD", provider=provider,
            notices=notices,
        )  # fmt: skip
        if currency != "USD":
            notices.append(f"offline prices are in USD; your currency setting is {currency}")
        return AgentOutput(
            cart,
            describe(cart, source, len(needs), (book.asked if book else 0) - guessed),
            (failure,) if failure else (),
        )

    return run


def _fetch_misses(
    book: PriceBook | None,
    needs: Sequence[Need],
    live: ProductSource,
    taxonomy: Taxonomy,
    concurrency: int,
    ctx: AgentContext,
    provider: str,
) -> tuple[PriceBook | None, str | None]:
    """Ask the store, several at a time, for the needs the price agent did not guess; what it answers
    joins the price book (gather_offers then reads everything from there)."""
    known = book.products if book is not None else {}
    misses = []
    for need in needs:
        key = need.ingredient or need.key
        if key in known:
            continue
        ingredient = (
            taxonomy.get(need.ingredient) if need.ingredient and need.ingredient in taxonomy else None
        )
        misses.append(Query(key, ingredient.name.split(",")[0] if ingredient else need.name))
    if not misses:
        return book, None
    try:
        found = fetch_all(live, misses, concurrency, ctx.cancel)
    except AgentError as exc:
        return book, f"{STORE_NAMES.get(provider, provider)} failed ({exc}): offline prices used"
    ctx.check()
    merged = {**known, **found}
    return PriceBook(provider, merged, (book.asked if book else 0) + len(misses)), None


def describe(cart: Cart, source: PrefetchedSource, needs: int, unguessed: int) -> str:
    text = f"{needs} needs: {len(cart.lines)} lines, total {cart.total:.2f} {cart.currency} ({cart.provider})"
    if cart.budget is not None:
        text += f" within a budget of {cart.budget:g}"
    if cart.short:
        text += f"; {len(cart.short)} left out ({', '.join(sorted({s.why for s in cart.short}))})"
    if source.failure:
        text += f"; {source.failure}"
    elif source.live is not None:
        text += f"; {unguessed} of {needs} needs were not guessed by the price agent and searched now"
    return text


def public_cart(cart: Cart | None) -> dict[str, Any]:
    return {} if cart is None else cart.to_public()
