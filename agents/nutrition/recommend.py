"""Foods that close the largest deficits best per unit of energy (or price), in amounts people buy.

Nutrient by nutrient, most important gap first: pick the allowed food that supplies the most of it
per 100 kcal (or per unit of price), size it to close the rest of the gap within per-food and
energy/limit budgets, round to whole pieces or packages, then account for everything it adds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from agents.nutrition.deficits import IMPORTANCE
from agents.nutrition.inputs import PriceQuote
from agents.nutrition.nutrients import KEYS, fmt_amount, fmt_difference, fmt_like, label
from agents.nutrition.preferences import allowed
from agents.nutrition.result import Deficit, Recommendation, Target
from data.taxonomy import Ingredient, Taxonomy

# Foods bought for flavour, cooking or treats rather than nourishment are never recommended.
EXCLUDED_CATEGORIES = frozenset(
    {"condiment", "oil", "spice", "sweetener", "pantry", "snack", "prepared", "frozen", "herb"}
)
# Nutrients worth recommending food for; energy, fat and carbohydrate come with any diet.
FOCUS = tuple(k for k in IMPORTANCE if k not in ("energy_kcal", "fat_g", "carbs_g"))
LIMITS = ("sodium_mg", "saturated_fat_g", "sugars_g")

DAILY_CAP_G = 300.0  # most of one food a person eats in a day
DAILY_CAP_PIECES = 3  # e.g. eggs
MAX_PER_NUTRIENT = 3
MAX_PER_CATEGORY = 3
DENSITY_FACTOR = 1.0  # a source is at least as dense in the nutrient (per kcal) as the whole diet must be
PER_100G_SHARE = 0.08  # ... and 100 g of it gives at least 8 % of a day's target
# For protein the per-gram bar uses at most this daily amount, so a high target does not rule out
# yogurt or beans (10 g per 100 g) while mushrooms (3 g) stay out.
PROTEIN_BAR_G = 75.0
LIMIT_PER_100G_SHARE = 0.25  # 100 g giving over 25 % of a day's sodium or saturated fat: not a source
LIMIT_BUDGET_SHARE = 0.5  # recommendations use at most half the room left under a limit
# A limit already reached constrains, it does not silence: foods low in it (under half the diet's
# allowed amount per kcal) may still add up to 5 % of the limit, so a protein gap still gets a food.
LIMIT_FLOOR_SHARE = 0.05
LOW_IN_LIMIT_FACTOR = 0.5
ENERGY_MARGIN_SHARE = 0.05  # recommended energy may exceed the energy gap by 5 % of the target
# When the fridge already covers energy, recommended foods replace some of it (eaten instead of part
# of what is there) up to 10 % of the energy target: a protein gap is never left open for want of room.
ENERGY_SWAP_SHARE = 0.10
MIN_KCAL_PER_100G = 20.0  # so near-zero-energy foods do not score infinitely
SIDE_BENEFIT_WEIGHT = 0.1
# Used by the spoonful or the slice, never eaten by the 100 g: not recommended to close a gap.
SEASONINGS = frozenset(
    {"garlic", "ginger", "jalapeno", "shallot", "scallion", "lemon", "lime", "olives_black"}
)
# Powders and isolates are supplements or baking ingredients, not the foods a plan should lean on.
SUPPLEMENTS = frozenset({"whey_protein_isolate", "soy_protein_isolate", "vital_wheat_gluten"})
# Sold only as a whole bird: bought for a roast, not as a week's top-up of one nutrient.
WHOLE_BIRDS = frozenset({"turkey_meat_raw", "chicken_whole_raw"})
GUARANTEED = ("protein_g", "fiber_g")  # a significant gap in these always gets a food when one exists
NUTRIENT_SHARE_CAP = 0.4  # one food closes at most 40 % of a nutrient's target, so plans spread out


_FORM_WORDS = frozenset({"raw", "cooked", "dry", "canned", "frozen", "fresh"})


def food_key(ingredient_id: str) -> str:
    """The food regardless of its form: lentils_dry and lentils_cooked are one food, not two picks."""
    return "_".join(w for w in ingredient_id.split("_") if w not in _FORM_WORDS)


@dataclass
class _State:
    gaps: dict[str, float]  # remaining gap per nutrient over the horizon (targets only)
    energy_budget: float
    limit_room: dict[str, float]
    chosen: list[Recommendation]
    categories: dict[str, int]
    tight_limits: frozenset[str] = frozenset()  # limits reached: only foods low in them qualify


def limit_rooms(
    targets: Mapping[str, Target], deficits: Mapping[str, Deficit]
) -> tuple[dict[str, float], frozenset[str]]:
    """Room left under each limit for recommended foods, and the limits that are (nearly) reached.

    Half the room left, but never under 5 % of the limit: a reached limit admits only foods low in it.
    """
    rooms: dict[str, float] = {}
    tight: set[str] = set()
    for key in LIMITS:
        if key not in targets or key not in deficits:
            continue
        total = targets[key].horizon_total
        room = max(0.0, total - deficits[key].supply) * LIMIT_BUDGET_SHARE
        floor = LIMIT_FLOOR_SHARE * total
        if room < floor:
            tight.add(key)
        rooms[key] = max(room, floor)
    return rooms, frozenset(tight)


def energy_budget(targets: Mapping[str, Target], deficits: Mapping[str, Deficit]) -> float:
    """The gap plus a 5 % margin; at least 10 % of the target (food eaten instead of some in the fridge)."""
    if "energy_kcal" not in targets:
        return math.inf
    total = targets["energy_kcal"].horizon_total
    gap = deficits["energy_kcal"].value if "energy_kcal" in deficits else total
    return max(max(0.0, gap) + ENERGY_MARGIN_SHARE * total, ENERGY_SWAP_SHARE * total)


def low_in(ingredient: Ingredient, limit: str, targets: Mapping[str, Target]) -> bool:
    """Under half the diet's allowed amount of `limit` per kcal (low-sugar, low-sodium ...)."""
    energy = targets["energy_kcal"].per_day if "energy_kcal" in targets else 0.0
    if limit not in targets or energy <= 0:
        return True
    amount = ingredient.nutrients.get(limit, 0.0)
    kcal = max(ingredient.nutrients.get("energy_kcal", 0.0), MIN_KCAL_PER_100G)
    return amount / kcal <= LOW_IN_LIMIT_FACTOR * targets[limit].per_day / energy


def _cost_per_100g(ingredient: Ingredient, prices: Mapping[str, PriceQuote]) -> tuple[float, str]:
    """What 100 g costs the plan: its energy, times the square root of its price when one is known.

    Energy comes first (a gap is closed without overshooting energy), price tempers it: price alone
    favours dry staples bought by the kilo (lentils, flour), energy alone favours costly lean cuts
    (tuna steak, shrimp). This ranks foods good on both first, such as Greek yogurt, eggs and
    canned tuna for protein.
    """
    kcal = max(ingredient.nutrients.get("energy_kcal", 0.0), MIN_KCAL_PER_100G)
    quote = prices.get(ingredient.id)
    per_100g = quote.per_100g() if quote is not None else None
    if prices and per_100g is not None:
        return kcal * math.sqrt(per_100g), "price"
    return kcal, "energy"


def is_source(ingredient: Ingredient, nutrient: str, targets: Mapping[str, Target]) -> bool:
    """A real source of `nutrient`: dense per kcal and per gram, and not a sodium or saturated-fat load."""
    per_100g = ingredient.nutrients.get(nutrient, 0.0)
    target = targets[nutrient].per_day
    energy = targets["energy_kcal"].per_day
    if per_100g <= 0 or target <= 0 or energy <= 0:
        return False
    bar = min(target, PROTEIN_BAR_G) if nutrient == "protein_g" else target
    if per_100g < PER_100G_SHARE * bar:
        return False
    kcal = ingredient.nutrients.get("energy_kcal", 0.0)
    if kcal > 0 and per_100g / kcal < DENSITY_FACTOR * target / energy:
        return False
    for limit in ("sodium_mg", "saturated_fat_g"):
        if (
            limit in targets
            and ingredient.nutrients.get(limit, 0.0) > LIMIT_PER_100G_SHARE * targets[limit].per_day
        ):
            return False
    return True


def _score(
    ingredient: Ingredient, nutrient: str, state: _State, targets: Mapping[str, Target], cost: float
) -> float:
    """Weighted share of the nutrient's target per 100 g, per unit of cost, plus a small bonus for other gaps.

    Each side benefit counts at most as much as the main one, so a food that is merely rich in one
    vitamin (mussels and B12) does not outrank the plain best source of the nutrient asked for.
    """
    own = ingredient.nutrients.get(nutrient, 0.0) / targets[nutrient].horizon_total
    extra = 0.0
    for key in FOCUS:
        if key == nutrient or state.gaps.get(key, 0.0) <= 0:
            continue
        share = min(ingredient.nutrients.get(key, 0.0), state.gaps[key]) / targets[key].horizon_total
        extra += IMPORTANCE[key] * min(share, own)
    value = (IMPORTANCE.get(nutrient, 1.0) * own + SIDE_BENEFIT_WEIGHT * extra) / cost
    return value * _limit_penalty(ingredient, targets)


def _limit_penalty(ingredient: Ingredient, targets: Mapping[str, Target]) -> float:
    """Below 1 for foods saltier (or fattier in saturated fat) per kcal than the whole diet may be.

    Square root, so canned tuna (3x the diet's sodium per kcal) still ranks, just below chicken.
    """
    kcal = max(ingredient.nutrients.get("energy_kcal", 0.0), MIN_KCAL_PER_100G)
    energy = targets["energy_kcal"].per_day
    factor = 1.0
    for key in ("sodium_mg", "saturated_fat_g"):
        if key not in targets or energy <= 0:
            continue
        allowed_per_kcal = targets[key].per_day / energy
        per_kcal = ingredient.nutrients.get(key, 0.0) / kcal
        if per_kcal > allowed_per_kcal > 0:
            factor *= math.sqrt(allowed_per_kcal / per_kcal)
    return factor


def _purchase(
    ingredient: Ingredient, wanted_g: float, cap_g: float
) -> tuple[float, float, int | None] | None:
    """(quantity in the ingredient's unit, grams, whole packages) near wanted_g and never over cap_g."""
    pack = ingredient.piece_g
    # Sold by weight and one package would be far more than wanted: buy loose instead.
    loose_is_better = ingredient.unit != "piece" and pack > 1.5 * wanted_g
    if pack <= cap_g and not loose_is_better:
        count = max(1, math.ceil(wanted_g / pack))
        if count * pack > cap_g:
            count = math.floor(cap_g / pack)
        grams = count * pack
        if ingredient.unit == "piece":
            return float(count), grams, count
        quantity = grams if ingredient.unit == "g" else grams / ingredient.density_g_per_ml
        return quantity, grams, count
    if ingredient.unit == "piece":
        return None  # one piece is already more than a person eats in the horizon
    step = 50.0  # sold loose (meat counter, bulk bins): round to 50 g
    grams = min(math.ceil(wanted_g / step) * step, math.floor(cap_g / step) * step)
    if grams <= 0:
        return None
    quantity = grams if ingredient.unit == "g" else grams / ingredient.density_g_per_ml
    return quantity, grams, None


def _amount_text(ingredient: Ingredient, grams: float, packages: int | None) -> str:
    """'1.8 kg Greek yogurt (2 x 32 oz tub)', '450 g Chicken breast' (loose), '12 x Egg (600 g)' (small
    pieces): what to buy, with its weight."""
    weight = f"{grams / 1000:.1f} kg" if grams >= 1000 else f"{grams:.0f} g"
    name = _short_name(ingredient)
    if packages is None:
        return f"{weight} {name}"
    if ingredient.unit == "piece" and ingredient.piece_g < 100:
        return f"{packages} x {name} ({weight})"
    pack = (ingredient.package_desc or f"{ingredient.piece_g:.0f} g pack").removeprefix("1 ").strip()
    return f"{weight} {name} ({packages} x {pack})"


def _short_name(ingredient: Ingredient) -> str:
    """'Greek yogurt, plain, nonfat' -> 'Greek yogurt': the words before the first comma."""
    return ingredient.name.split(",")[0].strip()


def _reason(
    nutrient: str,
    deficit: Deficit,
    targets: Mapping[str, Target],
    days: int,
    amount_text: str,
    adds: Mapping[str, float],
    before: float,
    gaps: Mapping[str, float] | None = None,
) -> str:
    unit_name = deficit.unit
    target, supply, short = fmt_difference(deficit.target, deficit.supply, unit_name)
    text = f"{label(nutrient)}: {days}-day target {target}, the fridge supplies {supply}, {short} short"
    if before < deficit.value - 0.5:
        text += f" ({fmt_like(before, deficit.target, unit_name)} still short after the foods above)"
    text += f"; {amount_text} adds {fmt_amount(adds[nutrient], unit_name)}"
    # Mention side benefits only when they matter: at least a tenth of that nutrient's target, or a
    # quarter of what is still short of it (lentils chosen for fiber that also close the protein gap).
    open_gaps = gaps or {}

    def matters(k: str) -> bool:
        added = adds.get(k, 0.0)
        gap = open_gaps.get(k, 0.0)
        return added >= 0.1 * targets[k].horizon_total > 0 or (gap > 0 and added >= 0.25 * gap)

    others = [
        f"{label(k).lower()} {fmt_amount(adds[k], targets[k].unit)}"
        for k in sorted(FOCUS, key=lambda k: -IMPORTANCE.get(k, 0.0))
        if k != nutrient and k in targets and matters(k)
    ]
    if others:
        text += f", also {', '.join(others[:3])}"
    return text + f" ({fmt_amount(adds.get('energy_kcal', 0.0), 'kcal')})"


def candidate_foods(
    taxonomy: Taxonomy, diet: str | None, allergens: frozenset[str], dislikes: frozenset[str]
) -> list[Ingredient]:
    """Foods a plan may recommend: eaten for nourishment, and allowed by diet, allergies and dislikes."""
    return [
        ing
        for ing in taxonomy
        if ing.category not in EXCLUDED_CATEGORIES
        and ing.id not in SEASONINGS | SUPPLEMENTS | WHOLE_BIRDS
        and allowed(ing, diet, allergens, dislikes)
    ]


def recommend(
    targets: Mapping[str, Target],
    deficits: Mapping[str, Deficit],
    taxonomy: Taxonomy,
    *,
    days: int,
    diet: str | None,
    allergens: frozenset[str],
    dislikes: frozenset[str],
    in_fridge_g: Mapping[str, float],
    prices: Mapping[str, PriceQuote],
    max_items: int = 6,
    unmet: list[str] | None = None,
) -> tuple[tuple[Recommendation, ...], str]:
    """Recommendations in the order chosen, and what the ranking used ('energy' or 'price').

    Each pick closes the largest weighted gap still open (so protein may get a second food before a
    small vitamin gap gets its first). A gap no allowed food can close is said in `unmet`, with why.
    """
    rooms, tight = limit_rooms(targets, deficits)
    state = _State(
        gaps={k: d.value for k, d in deficits.items() if targets[k].kind == "target"},
        energy_budget=energy_budget(targets, deficits),
        limit_room=rooms,
        chosen=[],
        categories={},
        tight_limits=tight,
    )
    candidates = candidate_foods(taxonomy, diet, allergens, dislikes)
    ranked_by = "price" if prices else "energy"
    used: set[str] = set()
    order = [
        k
        for k, d in deficits.items()
        if k in FOCUS and d.significant and d.value > 0 and targets[k].kind == "target"
    ]
    tried: dict[str, set[str]] = {k: set() for k in order}  # one food per category per nutrient
    picks = dict.fromkeys(order, 0)
    done: set[str] = set()  # nutrients with no further pick (closed, or no food fits)
    while len(state.chosen) < max_items:
        nutrient = _next_gap(order, done, picks, state, targets, deficits)
        if nutrient is None:
            break
        deficit = deficits[nutrient]
        pick_index = picks[nutrient]
        pick = _best(nutrient, candidates, used, state, targets, prices, days, in_fridge_g, tried[nutrient])
        if pick is None:
            done.add(nutrient)
            if pick_index == 0 and unmet is not None:
                unmet.append(_why_none(nutrient, candidates, targets, state))
            continue
        picks[nutrient] += 1
        tried_categories = tried[nutrient]
        ingredient, quantity, grams, packages = pick
        used.add(food_key(ingredient.id))
        tried_categories.add(ingredient.category)
        adds = {k: ingredient.nutrients.get(k, 0.0) * grams / 100.0 for k in KEYS}
        before = state.gaps[nutrient]
        reason = _reason(
            nutrient,
            deficit,
            targets,
            days,
            _amount_text(ingredient, grams, packages),
            adds,
            before,
            state.gaps,
        )
        for key, amount in adds.items():
            if key in state.gaps:
                state.gaps[key] -= amount
            if key in state.limit_room:
                state.limit_room[key] -= amount
        state.energy_budget -= adds["energy_kcal"]
        state.categories[ingredient.category] = state.categories.get(ingredient.category, 0) + 1
        state.chosen.append(
            Recommendation(
                ingredient=ingredient.id,
                name=ingredient.name,
                quantity=round(quantity, 1),
                unit=ingredient.unit,
                grams=round(grams, 1),
                reason=reason,
                covers={k: round(v, 2) for k, v in adds.items() if v > 0},
                # The deficit's weight, a little less for each later food for the same nutrient.
                priority=round(deficit.priority - 0.01 * pick_index, 4),
                nutrient=nutrient,
                packages=packages,
                package_desc=ingredient.package_desc,
            )
        )
    return tuple(state.chosen), ranked_by


def _next_gap(
    order: list[str],
    done: set[str],
    picks: Mapping[str, int],
    state: _State,
    targets: Mapping[str, Target],
    deficits: Mapping[str, Deficit],
) -> str | None:
    """The gap to close next: the largest weighted share of its target still open.

    Protein and fiber, the gaps a fridge most often leaves and food choices fix, get a food of their
    own first: a protein gap is closed by a protein food, not left to the side benefits of broccoli.
    """
    open_gaps = [
        k
        for k in order
        if k not in done
        and picks[k] < MAX_PER_NUTRIENT
        and state.gaps.get(k, 0.0) >= 0.1 * deficits[k].target
    ]
    if not open_gaps:
        return None
    unserved = [k for k in GUARANTEED if k in open_gaps and picks[k] == 0]
    if unserved:
        return unserved[0]  # protein, then fiber: before their gaps shrink under other foods' side benefits
    pool = open_gaps

    def weight(key: str) -> float:
        return IMPORTANCE.get(key, 1.0) * state.gaps[key] / targets[key].horizon_total

    return max(pool, key=lambda k: (weight(k), -order.index(k)))


def _why_none(
    nutrient: str, candidates: list[Ingredient], targets: Mapping[str, Target], state: _State
) -> str:
    """Why no food was found for a significant gap: the diet and allergies, or the budgets."""
    sources = [ing for ing in candidates if is_source(ing, nutrient, targets)]
    name = label(nutrient).lower()
    if not sources:
        return f"{label(nutrient)} short, but your diet, allergies and dislikes leave no food that supplies {name}"
    low = [ing for ing in sources if all(low_in(ing, k, targets) for k in state.tight_limits)]
    if not low:
        over = ", ".join(label(k).lower() for k in sorted(state.tight_limits))
        return f"{label(nutrient)} short, but every allowed source of {name} is high in {over}, already over the limit"
    return f"{label(nutrient)} short, but no allowed food fits in the energy and limit budgets left"


def _best(
    nutrient: str,
    candidates: list[Ingredient],
    used: set[str],
    state: _State,
    targets: Mapping[str, Target],
    prices: Mapping[str, PriceQuote],
    days: int,
    in_fridge_g: Mapping[str, float],
    skip_categories: set[str],
) -> tuple[Ingredient, float, float, int | None] | None:
    scored: list[tuple[int, float, int, Ingredient]] = []
    for position, ing in enumerate(candidates):
        if food_key(ing.id) in used:
            continue
        if state.categories.get(ing.category, 0) >= MAX_PER_CATEGORY:
            continue
        if not is_source(ing, nutrient, targets):
            continue
        if any(not low_in(ing, limit, targets) for limit in state.tight_limits):
            continue  # a limit is reached: never a food that adds much of it
        cost, basis = _cost_per_100g(ing, prices)
        # Priced foods rank before unpriced ones when prices are known: scores are not comparable.
        tier = 0 if basis == "price" or not prices else 1
        # A category already used for this nutrient comes after all others: variety first.
        tier += 2 if ing.category in skip_categories else 0
        scored.append((tier, -_score(ing, nutrient, state, targets, cost), position, ing))
    scored.sort(key=lambda item: (item[0], item[1], item[2]))
    for _tier, _neg, _pos, ing in scored:
        sized = _size(ing, nutrient, state, targets, days, in_fridge_g)
        if sized is not None:
            return (ing, *sized)
    return None


def _size(
    ing: Ingredient,
    nutrient: str,
    state: _State,
    targets: Mapping[str, Target],
    days: int,
    in_fridge_g: Mapping[str, float],
) -> tuple[float, float, int | None] | None:
    per_g = ing.nutrients[nutrient] / 100.0
    wanted = min(state.gaps[nutrient], NUTRIENT_SHARE_CAP * targets[nutrient].horizon_total) / per_g
    daily = (
        DAILY_CAP_G
        if ing.unit != "piece" or ing.piece_g * DAILY_CAP_PIECES > DAILY_CAP_G
        else (ing.piece_g * DAILY_CAP_PIECES)
    )
    cap = daily * days - in_fridge_g.get(ing.id, 0.0)
    kcal_per_g = ing.nutrients.get("energy_kcal", 0.0) / 100.0
    if kcal_per_g > 0:
        cap = min(cap, state.energy_budget / kcal_per_g)
    for key, room in state.limit_room.items():
        per = ing.nutrients.get(key, 0.0) / 100.0
        if per > 0:
            cap = min(cap, room / per)
    if cap <= 0:
        return None
    bought = _purchase(ing, wanted, cap)
    if bought is None or bought[1] <= 0:
        return None
    return bought
