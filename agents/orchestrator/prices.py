"""The price subagents: one per provider, started with the run, so store answers arrive while vision,
health and nutrition work. They price what the cart will most likely need (the shopping list, and the
best-value sources of each nutrient the plan can recommend under the run's diet and allergies); the
cart agent asks the store only for what they did not guess, and falls back to offline prices when the
store failed or timed out, saying so.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from agents.cart.needs import ListEntry
from agents.errors import AgentError, ProviderError
from agents.nutrition.core import plan_nutrition
from agents.nutrition.inputs import NutritionInputs, PriceQuote, ProfileData
from agents.orchestrator.graph import AgentContext, AgentFn, AgentOutput, Outcome
from agents.providers.base import Product, ProductSource
from agents.providers.openfoodfacts import PackagedProduct
from data.taxonomy import Taxonomy

GUESSES = 12  # foods the empty-fridge plan is asked for: the run's own plan picks mostly among them


class BarcodeLookup(Protocol):
    def product(self, barcode: str, *, cancel: threading.Event | None = None) -> PackagedProduct: ...


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
    profile: ProfileData,
    *,
    days: int,
    prices: Mapping[str, PriceQuote],
) -> list[Query]:
    """The list's ingredients, then what the nutrition core recommends for this person with an empty
    fridge and no health data: the same ranking (diet, allergies, cost) the run's plan will use, so
    its picks are mostly among these although its deficits are not known yet."""
    guess = plan_nutrition(
        NutritionInputs(profile=profile, days=days, prices=dict(prices), max_recommendations=GUESSES),
        taxonomy,
    )
    chosen: dict[str, None] = {e.ingredient: None for e in entries if e.ingredient}
    for rec in guess.recommendations:
        chosen.setdefault(rec.ingredient, None)
    return [Query(i, taxonomy.get(i).name.split(",")[0]) for i in chosen if i in taxonomy]


def offline_agent(quotes: Callable[[], Mapping[str, PriceQuote]]) -> AgentFn:
    """The offline catalog's indicative prices, which the nutrition agent ranks foods by."""

    def run(ctx: AgentContext, _deps: Mapping[str, Outcome]) -> AgentOutput:
        found = dict(quotes())
        return AgentOutput(
            found, f"offline catalog: indicative prices for {len(found)} ingredients, to rank foods by cost"
        )

    return run


def store_agent(
    source: ProductSource, make_queries: Callable[[], Sequence[Query]], concurrency: int
) -> AgentFn:
    """Searches the store for each query, `concurrency` requests at a time; the first provider error
    fails the agent: a store that is down or refuses is not asked again, and the cart is priced offline."""

    def run(ctx: AgentContext, _deps: Mapping[str, Outcome]) -> AgentOutput:
        queries = list(make_queries())
        ctx.check()

        def progress(done: int, q: Query) -> None:
            ctx.sink.emit(ctx.agent, ctx.lane, "progress", fraction=round(done / max(1, len(queries)), 3),
                          summary=q.words)  # fmt: skip

        found = fetch_all(source, queries, concurrency, ctx.cancel, progress)
        ctx.check()
        priced = sum(1 for v in found.values() if v)
        return AgentOutput(
            PriceBook(source.name, found, len(queries)),
            f"{source.name}: {priced} of {len(queries)} likely needs found at the store "
            f"({len(queries)} searches, {max(1, concurrency)} at a time)",
        )

    return run


def fetch_all(
    source: ProductSource,
    queries: Sequence[Query],
    concurrency: int,
    cancel: threading.Event,
    on_done: Callable[[int, Query], None] | None = None,
) -> dict[str, tuple[Product, ...]]:
    """Products per query's ingredient, `concurrency` searches in flight (the time is spent waiting on
    sockets, so threads overlap it); raises the first provider error, after which nothing more is asked."""
    todo: queue.Queue[Query] = queue.Queue()
    for q in queries:
        todo.put(q)
    found: dict[str, tuple[Product, ...]] = {}
    errors: list[AgentError] = []
    lock = threading.Lock()

    def worker() -> None:
        while not cancel.is_set():
            with lock:
                if errors:
                    return
            try:
                q = todo.get_nowait()
            except queue.Empty:
                return
            try:
                products = search(source, q, cancel)
            except AgentError as exc:
                with lock:
                    errors.append(exc)
                return
            with lock:
                found[q.ingredient] = tuple(products)
                done = len(found)
            if on_done is not None:
                on_done(done, q)

    # Daemon threads, not an executor: a store that never answers must not hold the process open.
    threads = [
        threading.Thread(target=worker, daemon=True) for _ in range(max(1, min(concurrency, len(queries))))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return found


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


def barcode_agent(client: BarcodeLookup, barcodes: Sequence[str]) -> AgentFn:
    """Packaged products to buy, by barcode, looked up on Open Food Facts: each becomes a shopping-list
    style need (its ingredient when one fits, at least one package of its size). A barcode that is
    unknown or malformed is a problem of its own; the others still go to the cart."""

    def run(ctx: AgentContext, _deps: Mapping[str, Outcome]) -> AgentOutput:
        entries: list[ListEntry] = []
        problems: list[str] = []
        for i, code in enumerate(barcodes):
            ctx.check()
            try:
                product = client.product(code, cancel=ctx.cancel)
            except AgentError as exc:
                problems.append(f"barcode {code}: {exc}")
                continue
            grams = product.package_size if product.package_unit in ("g", "ml") else None
            entries.append(
                ListEntry(
                    product.name, product.ingredient, grams, 1, f"barcode {product.barcode}, {product.brand}"
                )
            )
            ctx.progress((i + 1) / len(barcodes), product.name)
        found = ", ".join(f"{e.name} -> {e.ingredient or 'no ingredient'}" for e in entries)
        return AgentOutput(
            tuple(entries),
            f"openfoodfacts: {len(entries)} of {len(barcodes)} barcodes found"
            + (f" ({found})" if found else ""),
            tuple(problems),
        )

    return run
