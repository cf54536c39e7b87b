"""The bundled detector's classes: taxonomy ids, and how each source data set's names map onto them.

Three data sets name the same food differently (``eggs``/``egg``, ``tomatoes``/``tomato``); merging them
through one taxonomy id per food gives one class per food. COCO's fridge-relevant food classes are kept
(and their head rows reused) so the model starts out knowing them.
"""

from __future__ import annotations

# Source name -> taxonomy id. Checked against data.taxonomy by check_classes(); names not listed map to
# themselves.
AICOOK = {
    "apple": "apple",
    "banana": "banana",
    "beef": "beef_steak_sirloin_raw",
    "blueberries": "blueberries",
    "bread": "bread_white",
    "butter": "butter_salted",
    "carrot": "carrot",
    "cheese": "cheddar",
    "chicken": "chicken_whole_raw",
    "chicken_breast": "chicken_breast_raw",
    "chocolate": "dark_chocolate_70_85",
    "corn": "corn_sweet",
    "eggs": "egg",
    "flour": "flour_all_purpose",
    "goat_cheese": "goat_cheese",
    "green_beans": "green_beans",
    "ground_beef": "ground_beef_85",
    "ham": "ham_sliced",
    "heavy_cream": "heavy_cream",
    "lime": "lime",
    "milk": "milk_whole",
    "mushrooms": "mushroom_white",
    "onion": "onion",
    "potato": "potato",
    "shrimp": "shrimp_raw",
    "spinach": "spinach",
    "strawberries": "strawberries",
    "sugar": "sugar_granulated",
    "sweet_potato": "sweet_potato",
    "tomato": "tomato",
}
EPICUREAI = {
    "almond_milk": "almond_milk_unsweetened",
    "avocado": "avocado",
    "banana": "banana",
    "carrot": "carrot",
    "courgette": "zucchini",
    "cured_goat_cheese": "goat_cheese_aged",
    "egg": "egg",
    "milk": "milk_whole",
    "oat_milk": "oat_milk",
    "oats": "oats_dry",
    "olive_oil": "olive_oil",
    "potato": "potato",
    "quinoa": "quinoa",
    "rice": "rice_white_raw",
    "salmon": "salmon_atlantic_farmed_raw",
    "spaghetti": "pasta_dry",
    "sweet_potato": "sweet_potato",
    "tomato": "tomato",
}
FRIDGE_OBJECTS = {
    "avocado": "avocado",
    "bacon": "bacon_raw",
    "butter": "butter_salted",
    "cheese": "cheddar",
    "eggs": "egg",
    "lemon": "lemon",
    "milk": "milk_whole",
    "pepper": "bell_pepper_red",
    "tomatoes": "tomato",
    "yogurt": "yogurt_plain_whole",
}
SOURCES: dict[str, dict[str, str]] = {
    "aicook": AICOOK,
    "epicureai": EPICUREAI,
    "fridge-objects": FRIDGE_OBJECTS,
}

# COCO class index -> taxonomy id, for the COCO food classes a fridge holds. Their head rows are copied
# and the COCO model pseudo-labels them on training photos whose data set does not label them.
COCO_FOODS = {47: "apple", 46: "banana", 49: "orange", 50: "broccoli", 51: "carrot"}

# New classes start from the head row of a COCO class that looks alike, so that early in training they
# fire where the COCO model saw something similar rather than nowhere.
COCO_LOOKALIKE = {
    "milk_whole": 39,  # bottle
    "almond_milk_unsweetened": 39,
    "oat_milk": 39,
    "olive_oil": 39,
    "heavy_cream": 39,
    "yogurt_plain_whole": 41,  # cup
    "lemon": 49,  # orange
    "lime": 49,
    "tomato": 47,  # apple
    "bell_pepper_red": 47,
    "avocado": 47,
    "onion": 47,
    "potato": 47,
    "sweet_potato": 51,  # carrot
    "spinach": 50,  # broccoli
    "green_beans": 50,
    "zucchini": 50,
    "bread_white": 48,  # sandwich
    "cheddar": 55,  # cake
    "butter_salted": 55,
    "goat_cheese": 55,
    "goat_cheese_aged": 55,
}


def class_names() -> list[str]:
    """All class ids in a stable order: COCO foods first, then the data sets' classes alphabetically."""
    ids = set(COCO_FOODS.values())
    for mapping in SOURCES.values():
        ids.update(mapping.values())
    coco = [COCO_FOODS[i] for i in sorted(COCO_FOODS)]
    return coco + sorted(ids - set(coco))


def check_classes() -> list[str]:
    """Problems with the class list against data.taxonomy: unknown ids, or source names it maps elsewhere."""
    from data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    problems = [f"{name} is not a taxonomy id" for name in class_names() if name not in taxonomy]
    for dataset, mapping in SOURCES.items():
        for source, target in mapping.items():
            found = taxonomy.lookup(source)
            if found is not None and found.id != target:
                problems.append(f"{dataset} {source!r}: taxonomy says {found.id}, mapped to {target}")
    return problems
