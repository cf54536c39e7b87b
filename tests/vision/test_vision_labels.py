"""Model class names from several data sets resolve to taxonomy ids; user mappings win; non-food is ignored."""

from __future__ import annotations

import pytest

from vision.labels import LabelResolver, spellings


@pytest.fixture(scope="module")
def resolver() -> LabelResolver:
    return LabelResolver()


@pytest.mark.parametrize(
    "label,ingredient",
    [
        ("egg", "egg"),
        ("eggs", "egg"),
        ("Eggs", "egg"),
        ("Milk", "milk_whole"),
        ("bell pepper", "bell_pepper_red"),
        ("tomatoes", "tomato"),
        ("chicken_breast", "chicken_breast_raw"),
        ("strawberries", "strawberries"),
        ("banana", "banana"),
        ("courgette", "zucchini"),
    ],
)
def test_data_set_names_resolve_through_aliases(resolver: LabelResolver, label: str, ingredient: str) -> None:
    match = resolver.resolve(label)
    assert (match.ingredient_id, match.resolution) == (ingredient, "taxonomy")


def test_unknown_label_stays_visible(resolver: LabelResolver) -> None:
    match = resolver.resolve("widget")
    assert match.ingredient_id is None and match.resolution == "unknown"


@pytest.mark.parametrize("label", ["refrigerator", "bowl", "person", "bottle"])
def test_coco_non_food_is_ignored(resolver: LabelResolver, label: str) -> None:
    assert resolver.resolve(label).resolution == "ignored"


def test_user_mapping_wins_and_is_case_insensitive() -> None:
    resolver = LabelResolver(user_mappings={"Widget": "tofu_firm", "milk": "oat_milk"})
    assert resolver.resolve("widget").ingredient_id == "tofu_firm"
    assert resolver.resolve("widget").resolution == "user"
    assert resolver.resolve("Milk").ingredient_id == "oat_milk"


def test_custom_lookup_sees_normalised_spellings() -> None:
    asked: list[str] = []

    def lookup(name: str) -> str | None:
        asked.append(name)
        return "green_beans" if name == "green bean" else None

    assert LabelResolver(lookup=lookup).ingredient("Green_Beans") == "green_beans"
    assert asked[0] == "Green_Beans"


def test_spellings_cover_plurals_and_separators() -> None:
    s = spellings("Cherry-Tomatoes")
    assert "cherry tomatoes" in s and "cherry_tomato" in s and "cherry tomato" in s
