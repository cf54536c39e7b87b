"""The shipped offline catalog: every taxonomy ingredient priced in one to three sizes, clean names."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from agents.cart.catalog import CATALOG_PATH, load_catalog
from agents.cart.make_catalog import rows, write
from agents.cart.offers import offer_for
from data.taxonomy import load_taxonomy

ANIMAL = ("milk", "yogurt", "cheese", "egg", "butter", "cream", "chicken", "beef", "pork", "fish", "salmon", "tuna",
          "turkey", "ham", "bacon", "shrimp", "whey", "honey", "lamb", "sardine", "cod")  # fmt: skip
PLANT = ("plant", "butternut", "oat", "almond", "coconut", "vegan", "rice", "cashew", "soy", "pea")


def test_every_ingredient_has_one_to_three_conventional_sizes() -> None:
    taxonomy = load_taxonomy()
    catalog = load_catalog()
    assert set(catalog) == {ing.id for ing in taxonomy}
    for ing in taxonomy:
        standard = [p for p in catalog[ing.id] if not p.organic]
        assert 1 <= len(standard) <= 3, ing.id
        offers = [offer_for(p, taxonomy) for p in standard]
        assert all(o is not None and o.grams > 0 and o.product.price > 0 for o in offers), ing.id
        # A bigger package never costs more per gram than a smaller one of the same food.
        per_gram = [o.product.price / o.grams for o in sorted(offers, key=lambda o: o.grams)]  # type: ignore[union-attr]
        assert per_gram == sorted(per_gram, reverse=True), (ing.id, per_gram)


def test_the_file_is_what_the_generator_writes_and_says_it_is_indicative(tmp_path: Path) -> None:
    text = CATALOG_PATH.read_text(encoding="utf-8")
    assert (
        text.startswith("# ")
        and "indicative" in text.splitlines()[0]
        and "not store quotes" in text.splitlines()[0]
    )
    # Content, not a line count: a changed price, name or size in either the file or the generator fails.
    regenerated = tmp_path / "catalog.csv"
    assert write(regenerated) == len(rows())
    assert regenerated.read_text(encoding="utf-8") == text
    with CATALOG_PATH.open(encoding="utf-8") as fh:
        next(fh)  # the note line
        assert list(csv.DictReader(fh)) == rows()
    ids = Counter(p.product_id for products in load_catalog().values() for p in products)
    assert ids.most_common(1)[0][1] == 1


def test_vegan_products_never_carry_animal_words() -> None:
    taxonomy = load_taxonomy()
    for ing in taxonomy:
        if "vegan" not in ing.diets:
            continue
        for product in load_catalog()[ing.id]:
            name = product.name.lower()
            assert not any(a in name for a in ANIMAL) or any(p in name for p in PLANT), product.name
