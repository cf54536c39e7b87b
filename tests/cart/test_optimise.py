"""The cart core with hand-checked answers: package sizes, budgets, merges, preferences."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.cart.needs import LIST_PRIORITY, ListEntry, merge_needs
from agents.cart.optimise import (
    MAX_DISTINCT_PACKAGES,
    Offer,
    Preferences,
    build_cart,
    cheapest_cover,
)
from agents.nutrition.result import Recommendation
from agents.providers.base import Product


def offer(grams: float, price: float, *, ing: str = "oats", brand: str = "Store", organic: bool = False,
          available: bool = True, pid: str = "") -> Offer:  # fmt: skip
    product = Product("offline", pid or f"{ing}-{grams}-{price}-{brand}-{organic}", f"{ing} {grams:g} g", brand,
                      grams, "g", price, "USD", available, ing, organic, indicative=True)  # fmt: skip
    return Offer(product, grams)


def rec(ing: str, grams: float, priority: float, reason: str = "") -> Recommendation:
    return Recommendation(
        ing, ing.replace("_", " "), grams, "g", grams, reason or f"{ing} closes a gap", {}, priority
    )


def counts(pick) -> dict[float, int]:  # type: ignore[no-untyped-def]
    return {o.grams: n for o, n in pick.items}


def test_one_big_package_beats_two_small_when_cheaper() -> None:
    pick = cheapest_cover(1000, [offer(500, 3.00), offer(1000, 5.00)])
    assert counts(pick) == {1000: 1} and pick.cost == 5.00


def test_two_small_packages_beat_one_big_when_cheaper() -> None:
    pick = cheapest_cover(1000, [offer(500, 2.00), offer(1000, 5.00)])
    assert counts(pick) == {500: 2} and pick.cost == 4.00


def test_mixed_sizes_cover_an_awkward_amount() -> None:
    # 1200 g: 1000+500 = 8.00 beats 3x500 = 9.00 and 2x1000 = 10.00.
    pick = cheapest_cover(1200, [offer(500, 3.00), offer(1000, 5.00)])
    assert counts(pick) == {1000: 1, 500: 1} and pick.cost == 8.00 and pick.grams == 1500


def test_equal_cost_and_amount_prefers_fewer_packages() -> None:
    pick = cheapest_cover(1000, [offer(500, 2.50), offer(1000, 5.00)])
    assert counts(pick) == {1000: 1} and pick.cost == 5.00


def test_same_price_for_more_food_is_the_better_buy() -> None:
    pick = cheapest_cover(400, [offer(400, 4.00), offer(1000, 4.00)])
    assert counts(pick) == {1000: 1}


def test_unavailable_and_dominated_offers_are_never_picked() -> None:
    pick = cheapest_cover(500, [offer(500, 1.00, available=False), offer(500, 3.00), offer(400, 3.50)])
    assert counts(pick) == {500: 1} and pick.cost == 3.00


def test_priced_cart_lines_keep_reason_and_total() -> None:
    cart = build_cart(
        [rec("oats", 1200, 2.0, "fiber short 40 g")], [], {"oats": [offer(500, 3.0), offer(1000, 5.0)]}
    )
    assert [(li.package_size, li.quantity, li.line_total) for li in cart.lines] == [
        (1000, 1, 5.0),
        (500, 1, 3.0),
    ]
    assert cart.total == 8.0 and all(li.reason == "fiber short 40 g" for li in cart.lines)
    assert cart.short == () and cart.indicative


def test_budget_keeps_the_most_important_need() -> None:
    offers = {"tofu": [offer(400, 6.0, ing="tofu")], "apple": [offer(200, 5.0, ing="apple")]}
    cart = build_cart([rec("apple", 200, 1.0), rec("tofu", 400, 9.0)], [], offers, budget=7.0)
    assert [li.ingredient for li in cart.lines] == ["tofu"] and cart.total == 6.0
    assert [(s.ingredient, s.why, s.estimated_cost) for s in cart.short] == [("apple", "over_budget", 5.0)]


def test_budget_buys_part_of_a_need_and_says_what_stays_short() -> None:
    # Need 2000 g at 4.00 per 500 g; 10.00 buys two packs (1000 g), 1000 g stays short.
    cart = build_cart(
        [rec("lentils", 2000, 5.0)], [], {"lentils": [offer(500, 4.0, ing="lentils")]}, budget=10.0
    )
    assert [(li.quantity, li.line_total) for li in cart.lines] == [(2, 8.0)]
    assert cart.short[0].missing_grams == 1000 and cart.short[0].why == "over_budget"
    assert cart.total <= 10.0


def test_budget_buys_some_of_a_list_entry_counted_in_packages() -> None:
    # "3 packages of paper towels" at 5.00 each with 12.00 to spend: two fit, one stays short.
    offers = {"paper towels": [offer(1, 5.0, ing="paper towels")]}
    cart = build_cart([], [ListEntry("paper towels", None, None, 3)], offers, budget=12.0)
    assert [(li.quantity, li.line_total) for li in cart.lines] == [(2, 10.0)] and cart.total == 10.0
    assert [(s.why, s.missing_grams, s.estimated_cost) for s in cart.short] == [("over_budget", None, 5.0)]
    assert "budget: 2 of 3 packages" in cart.lines[0].reason
    nothing = build_cart([], [ListEntry("paper towels", None, None, 1)], offers, budget=4.0)
    assert nothing.lines == () and [s.why for s in nothing.short] == ["over_budget"]


def test_a_cheaper_need_still_fits_after_an_expensive_one_is_dropped() -> None:
    offers = {"salmon": [offer(500, 20.0, ing="salmon")], "beans": [offer(400, 1.5, ing="beans")]}
    cart = build_cart([rec("salmon", 500, 9.0), rec("beans", 400, 1.0)], [], offers, budget=10.0)
    assert [li.ingredient for li in cart.lines] == ["beans"]
    assert [s.ingredient for s in cart.short] == ["salmon"]


def test_list_and_agent_asking_for_the_same_food_merge_into_one_need() -> None:
    needs = merge_needs(
        [rec("milk_whole", 2000, 3.0, "calcium short 800 mg")],
        [ListEntry("milk", "milk_whole", 1000.0, 1, "for coffee")],
    )
    assert len(needs) == 1
    need = needs[0]
    assert need.grams == 2000 and need.origins == ("list", "agent") and need.priority == LIST_PRIORITY
    assert "shopping list (for coffee)" in need.reason and "calcium short 800 mg" in need.reason


def test_merged_need_becomes_lines_that_keep_both_reasons() -> None:
    cart = build_cart(
        [rec("milk_whole", 1500, 3.0, "calcium short")],
        [ListEntry("milk", "milk_whole", None, 1)],
        {"milk_whole": [offer(1000, 1.5, ing="milk_whole"), offer(2000, 2.5, ing="milk_whole")]},
    )
    assert [(li.package_size, li.quantity) for li in cart.lines] == [(2000, 1)]
    assert cart.lines[0].origin == "list+agent" and "calcium short" in cart.lines[0].reason


def test_list_entry_without_amount_buys_one_cheapest_package() -> None:
    cart = build_cart(
        [],
        [ListEntry("eggs", "egg", None, 1)],
        {"egg": [offer(600, 4.3, ing="egg"), offer(300, 2.4, ing="egg")]},
    )
    assert [(li.package_size, li.quantity, li.line_total) for li in cart.lines] == [(300, 1, 2.4)]


def test_unknown_list_item_stays_short_with_no_product() -> None:
    cart = build_cart([], [ListEntry("paper towels")], {})
    assert cart.lines == () and cart.short[0].why == "no_product" and cart.short[0].name == "paper towels"


def test_organic_preference_is_respected_when_offered() -> None:
    offers = {"oats": [offer(500, 2.0), offer(500, 3.0, organic=True, pid="org")]}
    cart = build_cart([rec("oats", 500, 1.0)], [], offers, preferences=Preferences(organic=True))
    assert cart.lines[0].product_id == "org" and cart.lines[0].line_total == 3.0


def test_brand_preference_falls_back_with_a_note() -> None:
    offers = {"oats": [offer(500, 2.0, brand="Store"), offer(500, 2.5, brand="Quaker", pid="q")]}
    assert (
        build_cart([rec("oats", 500, 1.0)], [], offers, preferences=Preferences(brands=("quaker",)))
        .lines[0]
        .product_id
        == "q"
    )
    cart = build_cart([rec("oats", 500, 1.0)], [], offers, preferences=Preferences(brands=("Bob's",)))
    assert cart.lines[0].line_total == 2.0 and "no preferred brand" in cart.lines[0].reason


def test_negative_budget_is_refused() -> None:
    with pytest.raises(ValueError):
        build_cart([], [], {}, budget=-1)


def test_to_public_has_the_contract_keys() -> None:
    cart = build_cart([rec("oats", 500, 1.0)], [], {"oats": [offer(500, 2.0)]}, budget=5)
    public = cart.to_public()
    assert {"order_id", "lines", "total", "short", "notices", "currency", "budget"} <= set(public)
    assert {
        "name",
        "product",
        "ingredient",
        "quantity",
        "unit_price",
        "line_total",
        "reason",
        "indicative",
    } <= set(public["lines"][0])


def _beaten(o: Offer, offers: list[Offer]) -> bool:
    """Another offer at least as big for no more money (and better on one of the two)."""
    return any(
        p.grams >= o.grams
        and p.product.price <= o.product.price
        and (p.grams, p.product.price) != (o.grams, o.product.price)
        for p in offers
    )


def _brute_force(grams: float, offers: list[Offer]) -> tuple[float, float, int]:
    """(cost, grams held, packages) of the best cover, written from the rules alone (not with the
    implementation's pruning): try every choice of up to MAX_DISTINCT_PACKAGES offers and every count;
    the cheapest wins (in whole cents); among equally cheap covers one never buys an offer another beats,
    then less food left over, then fewer packages."""
    best: tuple[int, int, float, int] | None = None
    for k in range(1, MAX_DISTINCT_PACKAGES + 1):
        for combo in itertools.combinations(offers, min(k, len(offers))):
            for counts_ in itertools.product(*(range(int(grams // o.grams) + 2) for o in combo)):
                held = sum(o.grams * n for o, n in zip(combo, counts_, strict=True))
                if held < grams:
                    continue
                cents = sum(round(o.product.price * 100) * n for o, n in zip(combo, counts_, strict=True))
                beaten = int(any(n and _beaten(o, offers) for o, n in zip(combo, counts_, strict=True)))
                key = (cents, beaten, held, sum(counts_))
                best = key if best is None or key < best else best
    assert best is not None
    return best[0] / 100, best[2], best[3]


@given(
    st.integers(50, 2500),
    st.lists(
        st.tuples(st.sampled_from([100, 200, 250, 400, 500, 750, 1000]), st.integers(50, 900)),
        min_size=1,
        max_size=5,
    ),
)
@settings(max_examples=60, deadline=None)
def test_cheapest_cover_matches_brute_force(grams: int, sizes_and_cents: list[tuple[int, int]]) -> None:
    offers = [offer(g, c / 100, pid=str(i)) for i, (g, c) in enumerate(sizes_and_cents)]
    pick = cheapest_cover(grams, offers)
    assert pick is not None
    assert (pick.cost, pick.grams, sum(n for _, n in pick.items)) == _brute_force(grams, offers)


def test_a_very_large_need_is_still_quick() -> None:
    sizes = [
        (100, 1.0),
        (150, 1.45),
        (227, 2.1),
        (340, 3.05),
        (454, 4.0),
        (907, 7.9),
        (1361, 11.5),
        (2268, 18.9),
    ]
    started = time.monotonic()
    pick = cheapest_cover(50_000, [offer(g, p, pid=str(g)) for g, p in sizes])
    assert pick is not None and pick.cost == 417.25 and pick.grams >= 50_000
    assert time.monotonic() - started < 5  # the search once took half a minute here


def test_organic_setting_read_from_text_values() -> None:
    from agents.cart.settings import ORGANIC, preferences

    assert preferences({ORGANIC: "false"}).organic is False
    assert preferences({ORGANIC: "0"}).organic is False
    assert preferences({ORGANIC: "yes"}).organic is True
    assert preferences({ORGANIC: True}).organic is True
    assert preferences({}).organic is False
