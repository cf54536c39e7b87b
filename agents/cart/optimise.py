"""The cart core: for each need, the cheapest set of packages that covers it, then the budget.

Pure: no storage, no network. Hand it needs (or recommendations and list entries), the offers per
ingredient and the preferences; it returns a Cart."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from agents.cart.needs import ListEntry, Need, merge_needs
from agents.cart.result import Cart, CartLine, ShortItem
from agents.nutrition.result import Recommendation
from agents.providers.base import Product

# A basket with more than three different package sizes of one food is not what people buy, and the
# cap keeps the exact search tiny.
MAX_DISTINCT_PACKAGES = 3
MAX_CANDIDATES = 8


@dataclass(frozen=True)
class Offer:
    """A product and how many grams of the ingredient one package holds."""

    product: Product
    grams: float


@dataclass(frozen=True)
class Preferences:
    brands: tuple[str, ...] = ()  # preferred brands, case-insensitive
    organic: bool = False


@dataclass(frozen=True)
class Pick:
    """Packages chosen for one need: (offer, count) pairs, their cost and the grams they hold."""

    items: tuple[tuple[Offer, int], ...]
    cost: float
    grams: float
    notes: tuple[str, ...] = field(default=())


def _prune(offers: Sequence[Offer]) -> list[Offer]:
    """Drop offers another offer beats on both size and price (never worth buying), keep the best few."""
    usable = [o for o in offers if o.product.available and o.grams > 0 and o.product.price > 0]
    kept = [
        o
        for o in usable
        if not any(
            p is not o
            and p.grams >= o.grams
            and p.product.price <= o.product.price
            and (p.grams > o.grams or p.product.price < o.product.price)
            for p in usable
        )
    ]
    # Ties (same size, same price) keep the first, so the choice is stable.
    unique: list[Offer] = []
    for o in kept:
        if not any(u.grams == o.grams and u.product.price == o.product.price for u in unique):
            unique.append(o)
    unique.sort(key=lambda o: o.product.price / o.grams)
    return unique[:MAX_CANDIDATES]


def cheapest_cover(grams: float, offers: Sequence[Offer]) -> Pick | None:
    """The lowest-cost multiset of packages holding at least `grams` (ties: less waste, fewer packages).

    Exact branch-and-bound over package counts, limited to MAX_DISTINCT_PACKAGES different offers."""
    candidates = _prune(offers)
    if not candidates:
        return None
    grams = max(grams, 1e-9)
    best: list[tuple[float, float, int, tuple[tuple[int, int], ...]]] = []

    def consider(chosen: tuple[tuple[int, int], ...]) -> None:
        cost = round(sum(candidates[i].product.price * n for i, n in chosen), 2)
        held = sum(candidates[i].grams * n for i, n in chosen)
        count = sum(n for _, n in chosen)
        key = (cost, held, count, chosen)
        if not best or key[:3] < best[0][:3]:
            best[:] = [key]

    def search(index: int, remaining: float, cost: float, chosen: tuple[tuple[int, int], ...]) -> None:
        if remaining <= 1e-9:
            consider(chosen)
            return
        if index >= len(candidates) or len(chosen) >= MAX_DISTINCT_PACKAGES:
            return
        offer = candidates[index]
        # Candidates are sorted by price per gram, so no cover of the rest costs less than this
        # offer's rate times the grams still missing: prune on it (ties still explored).
        if best and cost + remaining * offer.product.price / offer.grams > best[0][0] + 1e-9:
            return
        most = math.ceil(remaining / offer.grams - 1e-9)
        if best:  # more packages than the best cost allows can only be worse
            most = min(most, math.floor((best[0][0] + 1e-9 - cost) / offer.product.price))
        for n in range(most, -1, -1):
            added = cost + n * offer.product.price
            search(index + 1, remaining - n * offer.grams, added, (*chosen, (index, n)) if n else chosen)

    search(0, grams, 0.0, ())
    if not best:
        return None
    cost, held, _, chosen = best[0]
    return Pick(tuple((candidates[i], n) for i, n in chosen), cost, held)


def cheapest_packages(count: int, offers: Sequence[Offer]) -> Pick | None:
    """`count` packages of the cheapest available offer (for list entries without an amount)."""
    usable = [o for o in offers if o.product.available and o.product.price > 0]
    if not usable:
        return None
    offer = min(usable, key=lambda o: (o.product.price, -o.grams))
    return Pick(((offer, count),), round(offer.product.price * count, 2), offer.grams * count)


def _apply_preferences(offers: Sequence[Offer], prefs: Preferences) -> tuple[list[Offer], tuple[str, ...]]:
    """Only the preferred brand / organic offers when any exists; otherwise all, with a note."""
    chosen, notes = list(offers), []
    if prefs.brands:
        wanted = {b.lower() for b in prefs.brands}
        branded = [o for o in chosen if o.product.brand.lower() in wanted and o.product.available]
        if branded:
            chosen = branded
        elif chosen:
            notes.append("no preferred brand on offer")
    if prefs.organic:
        organic = [o for o in chosen if o.product.organic and o.product.available]
        if organic:
            chosen = organic
        elif chosen:
            notes.append("no organic option on offer")
    return chosen, tuple(notes)


def pick_for_need(need: Need, offers: Sequence[Offer], prefs: Preferences) -> Pick | None:
    chosen, notes = _apply_preferences(offers, prefs)
    pick = cheapest_cover(need.grams, chosen) if need.grams else cheapest_packages(need.packages, chosen)
    if pick is None:
        return None
    return Pick(pick.items, pick.cost, pick.grams, notes)


def _fit_budget(need: Need, offers: Sequence[Offer], prefs: Preferences, room: float) -> Pick | None:
    """As much of the need as `room` buys: packages with the most grams per unit of money first
    (for a need counted in packages, as many of its cheapest package as fit)."""
    chosen, notes = _apply_preferences(offers, prefs)
    if need.grams is None:
        whole = cheapest_packages(need.packages, chosen)
        if whole is None:
            return None
        offer = whole.items[0][0]
        n = min(need.packages, int((room + 1e-9) // offer.product.price))
        if n <= 0:
            return None
        return Pick(((offer, n),), round(offer.product.price * n, 2), offer.grams * n, notes)
    candidates = sorted(_prune(chosen), key=lambda o: -o.grams / o.product.price)
    wanted = need.grams
    kept: list[tuple[Offer, int]] = []
    spent = held = 0.0
    for offer in candidates:
        if held >= wanted:
            break
        n = min(
            math.ceil((wanted - held) / offer.grams - 1e-9), int((room - spent + 1e-9) // offer.product.price)
        )
        if n > 0:
            kept.append((offer, n))
            spent += n * offer.product.price
            held += n * offer.grams
    if not kept:
        return None
    return Pick(tuple(kept), round(spent, 2), held, notes)


def _lines(need: Need, pick: Pick, partial_note: str = "") -> list[CartLine]:
    lines = []
    reason = need.reason + (f" ({'; '.join(pick.notes)})" if pick.notes else "") + partial_note
    for offer, count in pick.items:
        p = offer.product
        lines.append(
            CartLine(
                ingredient=need.ingredient,
                name=need.name,
                product=p.name,
                brand=p.brand,
                provider=p.provider,
                product_id=p.product_id,
                package_size=p.package_size,
                package_unit=p.package_unit,
                quantity=count,
                unit_price=round(p.price, 2),
                line_total=round(p.price * count, 2),
                currency=p.currency,
                reason=reason,
                indicative=p.indicative,
                origin=need.origin,
                priority=need.priority,
                need_grams=round(need.grams, 1) if need.grams is not None else None,
                covered_grams=round(pick.grams, 1),
                aisle=p.aisle,
                upc=p.upc,
            )
        )
    return lines


def build_cart_from_needs(
    needs: Sequence[Need],
    offers: Mapping[str, Sequence[Offer]],
    *,
    budget: float | None = None,
    preferences: Preferences | None = None,
    currency: str = "USD",
    provider: str = "offline",
    notices: Sequence[str] = (),
) -> Cart:
    """Most important needs first; each gets its cheapest cover, or as much as the budget leaves room for."""
    prefs = preferences or Preferences()
    if budget is not None and (not math.isfinite(budget) or budget < 0):
        raise ValueError(f"the budget must be a positive amount, not {budget}")
    lines: list[CartLine] = []
    short: list[ShortItem] = []
    spent = 0.0
    for need in sorted(needs, key=lambda n: -n.priority):
        pick = pick_for_need(need, offers.get(need.key, ()), prefs)
        if pick is None:
            why = "unavailable" if offers.get(need.key) else "no_product"
            short.append(ShortItem(need.ingredient, need.name, need.grams, why, need.reason, need.priority))
            continue
        room = math.inf if budget is None else budget - spent
        if pick.cost <= room + 1e-9:
            lines.extend(_lines(need, pick))
            spent += pick.cost
            continue
        partial = _fit_budget(need, offers.get(need.key, ()), prefs, room)
        if partial is not None:
            if need.grams is not None:
                missing: float | None = round(max(0.0, need.grams - partial.grams), 1)
                note = f" (budget: {partial.grams:.0f} of {need.grams:.0f} g)"
                still_short = bool(missing)
            else:
                bought = sum(n for _, n in partial.items)
                missing, note = None, f" (budget: {bought} of {need.packages} packages)"
                still_short = bought < need.packages
            lines.extend(_lines(need, partial, note))
            spent += partial.cost
            if still_short:
                short.append(
                    ShortItem(
                        need.ingredient,
                        need.name,
                        missing,
                        "over_budget",
                        need.reason,
                        need.priority,
                        round(pick.cost - partial.cost, 2),
                    )
                )
            continue
        short.append(
            ShortItem(
                need.ingredient, need.name, need.grams, "over_budget", need.reason, need.priority, pick.cost
            )
        )
    return Cart(
        lines=tuple(lines),
        short=tuple(short),
        currency=currency,
        total=round(sum(line.line_total for line in lines), 2),
        budget=budget,
        provider=provider,
        notices=tuple(notices),
        preferences={"brands": list(prefs.brands), "organic": prefs.organic},
    )


def build_cart(
    recommendations: Sequence[Recommendation],
    entries: Sequence[ListEntry],
    offers: Mapping[str, Sequence[Offer]],
    *,
    budget: float | None = None,
    preferences: Preferences | None = None,
    currency: str = "USD",
    provider: str = "offline",
    notices: Sequence[str] = (),
) -> Cart:
    """The cart for recommendations + list entries; `offers` is keyed by ingredient id (or list name)."""
    return build_cart_from_needs(
        merge_needs(recommendations, entries),
        offers,
        budget=budget,
        preferences=preferences,
        currency=currency,
        provider=provider,
        notices=notices,
    )
