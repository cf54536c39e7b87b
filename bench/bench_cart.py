"""Cart optimiser: Larder's branch-and-bound cover against exhaustive enumeration (the peer), same run.

For every ingredient of the offline catalog and a few need sizes, both find the cheapest set of
packages; the script checks they agree on cost and prints the time of each and the speed ratio, then
the time of a whole cart over every taxonomy ingredient.

    python bench/bench_cart.py
"""

from __future__ import annotations

import itertools
import math
import time

from agents.cart.needs import Need
from agents.cart.offers import offer_for
from agents.cart.optimise import Offer, build_cart_from_needs, cheapest_cover
from agents.providers.offline import OfflineCatalog
from data.taxonomy import load_taxonomy

NEED_GRAMS = (150.0, 700.0, 2500.0, 6000.0)


def exhaustive(grams: float, offers: list[Offer]) -> float:
    """Every count vector up to the covering count of each offer."""
    usable = [o for o in offers if o.product.available]
    ranges = [range(math.ceil(grams / o.grams) + 1) for o in usable]
    best = math.inf
    for counts in itertools.product(*ranges):
        if sum(o.grams * n for o, n in zip(usable, counts, strict=True)) >= grams - 1e-9:
            best = min(best, round(sum(o.product.price * n for o, n in zip(usable, counts, strict=True)), 2))
    return best


def main() -> None:
    taxonomy = load_taxonomy()
    catalog = OfflineCatalog()
    cases = []
    for ing in taxonomy:
        offers = [
            o for o in (offer_for(p, taxonomy) for p in catalog.search(ing.id, ing.name)) if o is not None
        ]
        offers = [o for o in offers if not o.product.organic]
        cases += [(grams, offers) for grams in NEED_GRAMS]
    start = time.perf_counter()
    ours = [cheapest_cover(g, o) for g, o in cases]
    t_ours = time.perf_counter() - start
    start = time.perf_counter()
    peer = [exhaustive(g, o) for g, o in cases]
    t_peer = time.perf_counter() - start
    mismatches = sum(1 for a, b in zip(ours, peer, strict=True) if a is None or abs(a.cost - b) > 0.005)
    print(f"{len(cases)} covers: larder {t_ours * 1000:.1f} ms, exhaustive {t_peer * 1000:.1f} ms, "
          f"ratio {t_peer / t_ours:.1f}x, cost mismatches {mismatches}")  # fmt: skip

    needs = [
        Need(i.id, i.id, i.name, 700.0, 1, ("bench",), ("agent",), float(n)) for n, i in enumerate(taxonomy)
    ]
    offers = {
        n.key: [o for o in (offer_for(p, taxonomy) for p in catalog.search(n.key, n.name)) if o]
        for n in needs
    }
    start = time.perf_counter()
    cart = build_cart_from_needs(needs, offers, budget=500.0)
    print(f"whole cart of {len(needs)} needs, budget 500: {(time.perf_counter() - start) * 1000:.1f} ms, "
          f"{len(cart.lines)} lines, total {cart.total:.2f}, {len(cart.short)} short")  # fmt: skip


if __name__ == "__main__":
    main()
