"""The price subagents: one per provider, started with the run, so store answers arrive while vision,
health and nutrition work. They price what the cart will most likely need (the shopping list, and the
best-value sources of each nutrient the plan can recommend under the run's diet and allergies); the
cart agent asks the store only for what they did not guess, and falls back to offline prices when the
store failed or timed out, saying so.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agents.cart.catalog import indicative_price_per_kg, load_catalog
from agents.cart.needs import ListEntry
from agents.errors import AgentError, ProviderError
from agents.nutrition.deficits import IMPORTANCE
from agents.nutrition.preferences import allowed
from agents.nutrition.recommend import EXCLUDED_CATEGORIES, SEASONINGS, SUPPLEMENTS, WHOLE_BIRDS
from agents.orchestrator.graph import AgentContext, AgentFn, AgentOutput, Outcome
from agents.providers.base import Product, ProductSource
from data.taxonomy import Taxonomy

PER_NUTRIENT = 2  # likely picks per nutrient the plan may ask for
FOCUS = tuple(k for k in IMPORTANCE if k not in ("energy_kcal", "fat_g", "carbs_g"))


@dataclass(frozen=True)
class Query:
    ingredient: str
    words: str  # what the store is searched for (the cart agent searches the same words)


@dataclass(frozen=True)
class PriceBook:
    provider: str
    products: Mapping[str, tuple[Product, ...]]  # ingredient id -> products
    asked: int


def likely_needs(
    taxonomy: Taxonomy,
    entries: Sequence[ListEntry],
    *,
    diet: str | None,
    allergens: frozenset[str],
    dislikes: frozenset[str],
) -> list[Query]:
    """The list's ingredients, then per nutrient the allowed foods with the most of it per dollar."""
    per_kg = indicative_price_per_kg()
    chosen: dict[str, None] = {e.ingredient: None for e in entries if e.ingredient}
    foods = [
        ing
        for ing in taxonomy
        if ing.id in per_kg
        and ing.category not in EXCLUDED_CATEGORIES
        and ing.id not in SEASONINGS | SUPPLEMENTS | WHOLE_BIRDS
        and allowed(ing, diet, allergens, dislikes)
    ]
    for nutrient in FOCUS:
        ranked = sorted(foods, key=lambda ing: -ing.nutrients.get(nutrient, 0.0) / per_kg[ing.id])
        for ing in ranked[:PER_NUTRIENT]:
            if ing.nutrients.get(nutrient, 0.0) > 0:
                chosen.setdefault(ing.id, None)
    return [Query(i, taxonomy.get(i).name.split(",")[0]) for i in chosen if i in taxonomy]


def offline_agent(queries: Sequence[Query]) -> AgentFn:
    def run(ctx: AgentContext, _deps: Mapping[str, Outcome]) -> AgentOutput:
        catalog = load_catalog()
        found = {q.ingredient: catalog.get(q.ingredient, ()) for q in queries}
        priced = sum(1 for v in found.values() if v)
        return AgentOutput(
            PriceBook("offline", found, len(queries)),
            f"offline catalog: {priced} of {len(queries)} likely needs priced (indicative estimates)",
        )

    return run


def store_agent(source: ProductSource, queries: Sequence[Query], concurrency: int) -> AgentFn:
    """Searches the store for each query, `concurrency` requests at a time (the waiting is on sockets,
    so threads overlap it); the first provider error stops the agent: a store that is down or refuses
    is not asked again, and the cart is priced offline."""

    def run(ctx: AgentContext, _deps: Mapping[str, Outcome]) -> AgentOutput:
        todo: queue.Queue[Query] = queue.Queue()
        for q in queries:
            todo.put(q)
        found: dict[str, tuple[Product, ...]] = {}
        errors: list[AgentError] = []
        lock = threading.Lock()

        def worker() -> None:
            while not ctx.cancel.is_set():
                with lock:
                    if errors:
                        return
                try:
                    q = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    products = search(source, q, ctx.cancel)
                except AgentError as exc:
                    with lock:
                        errors.append(exc)
                    return
                with lock:
                    found[q.ingredient] = tuple(products)
                    done = len(found)
                ctx.sink.emit(ctx.agent, ctx.lane, "progress", fraction=round(done / max(1, len(queries)), 3),
                              summary=q.words)  # fmt: skip

        # Daemon threads, not an executor: a store that never answers must not hold the process open.
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, concurrency))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        ctx.check()
        if errors:
            raise errors[0]
        priced = sum(1 for v in found.values() if v)
        return AgentOutput(
            PriceBook(source.name, found, len(queries)),
            f"{source.name}: {priced} of {len(queries)} likely needs found at the store "
            f"({len(queries)} searches, {max(1, concurrency)} at a time)",
        )

    return run


def search(source: ProductSource, q: Query, cancel: threading.Event) -> list[Product]:
    try:
        return source.search(q.ingredient, q.words, limit=10, cancel=cancel)  # type: ignore[call-arg]
    except TypeError:  # a source without a cancel parameter
        return source.search(q.ingredient, q.words, limit=10)


class PrefetchedSource:
    """A ProductSource for gather_offers: answers from the price book, asks the live store only for
    what was not prefetched, and refuses at once when the price agent already found the store down."""

    def __init__(
        self, name: str, book: PriceBook | None, live: ProductSource | None, failure: str | None
    ) -> None:
        self.name = name
        self.book = book
        self.live = live
        self.failure = failure
        self.live_searches = 0

    def search(self, ingredient: str, query: str, *, limit: int = 10) -> list[Product]:
        if self.book is not None and ingredient in self.book.products:
            return list(self.book.products[ingredient])[:limit]
        if self.failure is not None:
            raise ProviderError(self.failure)
        if self.live is None:
            return []
        self.live_searches += 1
        return self.live.search(ingredient, query, limit=limit)
