"""Tests for the ingredient taxonomy (data/taxonomy.py and data/reference/)."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
import time
from pathlib import Path

import pytest

from data.taxonomy import (
    ALLERGENS,
    CSV_COLUMNS,
    DIETS,
    NUTRIENT_KEYS,
    NUTRIENT_UNITS,
    UNITS,
    Ingredient,
    Taxonomy,
    load_taxonomy,
    normalize_label,
)

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "data" / "reference"
CSV_PATH = REFERENCE / "ingredients.csv"
BUILD_SCRIPT = REFERENCE / "build_taxonomy.py"
SHARED_NUTRITION = Path(__file__).parents[2] / "shared" / "nutrition"

AICOOK = (
    *("apple", "banana", "beef", "blueberries", "bread", "butter", "carrot", "cheese", "chicken"),
    *("chicken_breast", "chocolate", "corn", "eggs", "flour", "goat_cheese", "green_beans", "ground_beef"),
    *("ham", "heavy_cream", "lime", "milk", "mushrooms", "onion", "potato", "shrimp", "spinach"),
    *("strawberries", "sugar", "sweet_potato", "tomato"),
)
EPICUREAI = (
    *("almond_milk", "avocado", "banana", "carrot", "courgette", "cured_goat_cheese", "egg", "milk"),
    *("oat_milk", "oats", "olive_oil", "potato", "quinoa", "rice", "salmon", "spaghetti", "sweet_potato"),
    "tomato",
)
FRIDGE_OBJECTS = (
    "avocado",
    "bacon",
    "butter",
    "cheese",
    "eggs",
    "lemon",
    "milk",
    "pepper",
    "tomatoes",
    "yogurt",
)
COCO_FOOD = (
    *("banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake"),
)

# class name -> the entry it must resolve to (the generic-name choices)
EXPECTED_MAPPING = {
    "milk": "milk_whole",
    "cheese": "cheddar",
    "yogurt": "yogurt_plain_whole",
    "chicken": "chicken_whole_raw",
    "chicken_breast": "chicken_breast_raw",
    "beef": "beef_steak_sirloin_raw",
    "ground_beef": "ground_beef_85",
    "pepper": "bell_pepper_red",
    "bell pepper": "bell_pepper_red",
    "courgette": "zucchini",
    "aubergine": "eggplant",
    "coriander": "cilantro",
    "mushrooms": "mushroom_white",
    "eggs": "egg",
    "bread": "bread_white",
    "rice": "rice_white_raw",
    "spaghetti": "pasta_dry",
    "chocolate": "dark_chocolate_70_85",
    "goat_cheese": "goat_cheese",
    "cured_goat_cheese": "goat_cheese_aged",
    "oat_milk": "oat_milk",
    "almond_milk": "almond_milk_unsweetened",
    "oats": "oats_dry",
    "flour": "flour_all_purpose",
    "sugar": "sugar_granulated",
    "corn": "corn_sweet",
    "shrimp": "shrimp_raw",
    "salmon": "salmon_atlantic_farmed_raw",
    "ham": "ham_sliced",
    "bacon": "bacon_raw",
    "butter": "butter_salted",
    "tomatoes": "tomato",
    "hot dog": "hot_dog_beef",
    "pizza": "pizza_cheese_frozen_cooked",
    "sandwich": "sandwich_ham_sub",
    "donut": "donut",
    "cake": "cake_yellow_chocolate_frosting",
}

# Values read from SR28 (foods_sr28_per100g.csv), per 100 g.
SR28_SPOT_CHECKS = {
    "greek_yogurt_plain_nonfat": ("01256", {"energy_kcal": 59, "protein_g": 10.19, "calcium_mg": 110}),
    "egg": ("01123", {"energy_kcal": 143, "protein_g": 12.56, "fat_g": 9.51, "vitamin_b12_ug": 0.89}),
    "milk_whole": ("01077", {"energy_kcal": 61, "protein_g": 3.15, "calcium_mg": 113, "vitamin_d_ug": 1.3}),
    "chicken_breast_raw": ("05062", {"energy_kcal": 120, "protein_g": 22.5, "fat_g": 2.62}),
    "tofu_firm": ("16426", {"energy_kcal": 144, "protein_g": 17.27, "calcium_mg": 683}),
    "almonds": ("12061", {"energy_kcal": 579, "protein_g": 21.15, "fiber_g": 12.5}),
    "banana": ("09040", {"energy_kcal": 89, "potassium_mg": 358, "carbs_g": 22.84}),
    "quinoa": ("20035", {"energy_kcal": 368, "protein_g": 14.12}),
    "lentils_dry": ("16069", {"energy_kcal": 352, "protein_g": 24.63}),
    "salmon_atlantic_farmed_raw": ("15236", {"energy_kcal": 208, "vitamin_d_ug": 11.0}),
}


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def csv_rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --- the committed CSV -----------------------------------------------------------------


def test_csv_header_and_size(csv_rows: list[dict[str, str]]) -> None:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == CSV_COLUMNS
    assert len(csv_rows) >= 150


def test_default_load_is_cached(tax: Taxonomy) -> None:
    assert load_taxonomy() is tax
    assert len(tax) >= 150
    assert len(load_taxonomy(CSV_PATH)) == len(tax)


def test_ids_unique_and_snake_case(tax: Taxonomy) -> None:
    ids = [ing.id for ing in tax]
    assert len(ids) == len(set(ids))
    for ing_id in ids:
        assert ing_id == ing_id.lower() and ing_id.replace("_", "").isalnum(), ing_id
    assert len({normalize_label(i) for i in ids}) == len(ids)


def test_fridge_staples_labels_are_ids(tax: Taxonomy) -> None:
    for label, ndb in {
        "milk_whole": "01077",
        "egg": "01123",
        "greek_yogurt_plain_nonfat": "01256",
        "chicken_breast_raw": "05062",
        "strawberries": "09316",
        "tofu_firm": "16426",
        "whey_protein_isolate": "14058",
        "pizza_cheese_frozen_cooked": "21224",
        "hot_dog_beef": "07022",
    }.items():
        assert tax.get(label).ndb_no == ndb
    staples = SHARED_NUTRITION / "fridge_staples.csv"
    if staples.exists():
        with staples.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                assert tax.get(row["label"]).ndb_no == row["ndb_no"]


def test_field_values_are_valid(tax: Taxonomy) -> None:
    for ing in tax:
        assert ing.allergens <= ALLERGENS, ing.id
        assert ing.diets <= DIETS, ing.id
        assert ing.unit in UNITS, ing.id
        assert ing.piece_g > 0 and ing.density_g_per_ml > 0 and ing.shelf_life_days > 0, ing.id
        assert len(ing.ndb_no) == 5 and ing.ndb_no.isdigit(), ing.id
        assert ing.name and ing.category and ing.aisle and ing.package_desc and ing.usda_description, ing.id
        assert set(ing.nutrients) == set(NUTRIENT_KEYS), ing.id
        assert all(v >= 0 and math.isfinite(v) for v in ing.nutrients.values()), ing.id
        assert ing.missing_nutrients <= set(NUTRIENT_KEYS)


def test_diet_hierarchy_and_allergen_consistency(tax: Taxonomy) -> None:
    for ing in tax:
        if "vegan" in ing.diets:
            assert "vegetarian" in ing.diets, ing.id
            assert not ing.allergens & {"milk", "egg", "fish", "shellfish"}, ing.id
        if "vegetarian" in ing.diets:
            assert "pescatarian" in ing.diets, ing.id
            assert not ing.allergens & {"fish", "shellfish"}, ing.id
        if "wheat" in ing.allergens:
            assert "gluten_free" not in ing.diets, ing.id
        if "milk" in ing.allergens:
            assert "lactose_free" not in ing.diets, ing.id
        if ing.category in {"meat", "poultry"}:
            assert not ing.diets & {"vegetarian", "vegan", "pescatarian"}, ing.id
        if ing.category in {"fish", "shellfish"}:
            assert ing.diets & {"vegetarian", "vegan", "pescatarian"} == {"pescatarian"}, ing.id


@pytest.mark.parametrize(
    ("ing_id", "allergens"),
    [
        ("butter_salted", {"milk"}),
        ("cheddar", {"milk"}),
        ("greek_yogurt_plain_nonfat", {"milk"}),
        ("heavy_cream", {"milk"}),
        ("whey_protein_isolate", {"milk"}),
        ("egg", {"egg"}),
        ("mayonnaise", {"egg"}),
        ("bread_white", {"wheat"}),
        ("pasta_dry", {"wheat"}),
        ("flour_all_purpose", {"wheat"}),
        ("tortilla_flour", {"wheat"}),
        ("couscous", {"wheat"}),
        ("crackers_saltine", {"wheat"}),
        ("soy_sauce", {"soy", "wheat"}),
        ("tofu_firm", {"soy"}),
        ("edamame_frozen", {"soy"}),
        ("soymilk", {"soy"}),
        ("tempeh", {"soy"}),
        ("miso", {"soy"}),
        ("almond_milk_unsweetened", {"tree_nuts"}),
        ("almonds", {"tree_nuts"}),
        ("cashews", {"tree_nuts"}),
        ("walnuts", {"tree_nuts"}),
        ("coconut_milk_canned", {"tree_nuts"}),  # judgement call, see build_taxonomy.py
        ("peanut_butter", {"peanuts"}),
        ("peanuts", {"peanuts"}),
        ("hummus", {"sesame"}),
        ("tahini", {"sesame"}),
        ("shrimp_raw", {"shellfish"}),
        ("salmon_atlantic_farmed_raw", {"fish"}),
        ("cod_raw", {"fish"}),
        ("tuna_light_canned_water", {"fish"}),
        ("sardines_canned_oil", {"fish"}),
        ("apple", set()),
        ("chicken_breast_raw", set()),
        ("oat_milk", set()),
        ("quinoa", set()),
    ],
)
def test_known_allergens(tax: Taxonomy, ing_id: str, allergens: set[str]) -> None:
    assert tax.get(ing_id).allergens == allergens


@pytest.mark.parametrize(
    ("ing_id", "diets"),
    [
        ("apple", {"vegetarian", "vegan", "pescatarian", "gluten_free", "lactose_free"}),
        ("milk_whole", {"vegetarian", "pescatarian", "gluten_free"}),
        ("egg", {"vegetarian", "pescatarian", "gluten_free", "lactose_free"}),
        ("honey", {"vegetarian", "pescatarian", "gluten_free", "lactose_free"}),
        ("salmon_atlantic_farmed_raw", {"pescatarian", "gluten_free", "lactose_free"}),
        ("chicken_breast_raw", {"gluten_free", "lactose_free"}),
        ("bread_white", {"vegetarian", "vegan", "pescatarian", "lactose_free"}),
        ("oats_dry", {"vegetarian", "vegan", "pescatarian", "lactose_free"}),  # not certified GF
        ("tofu_firm", {"vegetarian", "vegan", "pescatarian", "gluten_free", "lactose_free"}),
        ("vital_wheat_gluten", {"vegetarian", "vegan", "pescatarian", "lactose_free"}),
    ],
)
def test_known_diets(tax: Taxonomy, ing_id: str, diets: set[str]) -> None:
    assert tax.get(ing_id).diets == diets


def test_plant_protein_beyond_soy_and_peanut(tax: Taxonomy) -> None:
    vegan_protein = [
        ing
        for ing in tax
        if "vegan" in ing.diets
        and not ing.allergens & {"soy", "peanuts"}
        and ing.nutrients["protein_g"] >= 10
    ]
    assert len(vegan_protein) >= 10
    for ing_id in (
        "lentils_dry",
        "chickpeas_dry",
        "pumpkin_seeds",
        "hemp_seeds",
        "quinoa",
        "vital_wheat_gluten",
    ):
        assert tax.get(ing_id) in vegan_protein


# --- nutrients -------------------------------------------------------------------------


@pytest.mark.parametrize("ing_id", sorted(SR28_SPOT_CHECKS))
def test_nutrient_spot_checks(tax: Taxonomy, ing_id: str) -> None:
    ndb, expected = SR28_SPOT_CHECKS[ing_id]
    ing = tax.get(ing_id)
    assert ing.ndb_no == ndb
    for key, value in expected.items():
        assert ing.nutrients[key] == pytest.approx(value), key


def test_missing_nutrients_flagged(tax: Taxonomy) -> None:
    shrimp = tax.get("shrimp_raw")  # SR28 has no fiber/sugar/vitamin C/D/B12 for NDB 15270
    assert {"fiber_g", "sugars_g"} <= shrimp.missing_nutrients
    assert shrimp.nutrients["fiber_g"] == 0.0
    assert "protein_g" not in shrimp.missing_nutrients
    assert not tax.get("egg").missing_nutrients & {"energy_kcal", "protein_g", "fat_g", "carbs_g"}


def test_nutrient_units() -> None:
    assert len(NUTRIENT_KEYS) == 18 == len(set(NUTRIENT_KEYS))
    assert set(NUTRIENT_UNITS) == set(NUTRIENT_KEYS)
    assert NUTRIENT_UNITS["energy_kcal"] == "kcal"
    assert NUTRIENT_UNITS["protein_g"] == "g"
    assert NUTRIENT_UNITS["sodium_mg"] == "mg"
    assert NUTRIENT_UNITS["vitamin_d_ug"] == "µg"
    assert NUTRIENT_UNITS["folate_ug"] == "µg"


# --- lookup & search --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted({*AICOOK, *EPICUREAI, *FRIDGE_OBJECTS, *COCO_FOOD}))
def test_dataset_classes_resolve(tax: Taxonomy, name: str) -> None:
    ing = tax.lookup(name)
    assert ing is not None, name
    if name in EXPECTED_MAPPING:
        assert ing.id == EXPECTED_MAPPING[name]


@pytest.mark.parametrize(("name", "ing_id"), sorted(EXPECTED_MAPPING.items()))
def test_generic_names_map_sensibly(tax: Taxonomy, name: str, ing_id: str) -> None:
    found = tax.lookup(name)
    assert found is not None and found.id == ing_id


@pytest.mark.parametrize(
    ("query", "ing_id"),
    [
        ("Eggs", "egg"),
        ("EGG", "egg"),
        ("bell pepper", "bell_pepper_red"),
        ("Bell-Peppers", "bell_pepper_red"),
        ("bell_peppers", "bell_pepper_red"),
        ("tomatoes", "tomato"),
        ("Tomato", "tomato"),
        ("strawberry", "strawberries"),
        ("Strawberries", "strawberries"),
        ("blueberries", "blueberries"),
        ("blueberry", "blueberries"),
        ("Milk", "milk_whole"),
        ("  milk  ", "milk_whole"),
        ("potatoes", "potato"),
        ("Sweet Potatoes", "sweet_potato"),
        ("green-bean", "green_beans"),
        ("Hot Dogs", "hot_dog_beef"),
        ("peaches", "peach"),
        ("radishes", "radish"),
        ("Hummus", "hummus"),
        ("mangoes", "mango"),
        ("courgettes", "zucchini"),
        ("Crème fraîche", "sour_cream"),
        ("GREEK_YOGURT_PLAIN_NONFAT", "greek_yogurt_plain_nonfat"),
    ],
)
def test_lookup_is_case_plural_and_separator_insensitive(tax: Taxonomy, query: str, ing_id: str) -> None:
    found = tax.lookup(query)
    assert found is not None and found.id == ing_id


def test_lookup_unknown(tax: Taxonomy) -> None:
    assert tax.lookup("unobtainium") is None
    assert tax.lookup("") is None
    with pytest.raises(KeyError):
        tax.get("unobtainium")
    with pytest.raises(KeyError):
        tax.get("eggs")  # get() is by exact id only


def test_normalize_label() -> None:
    assert normalize_label("Bell-Peppers") == "bell_pepper"
    assert normalize_label("  Green  Beans ") == "green_bean"
    assert normalize_label("strawberries") == normalize_label("strawberry")
    assert normalize_label("cookies") == normalize_label("cookie")
    assert normalize_label("peaches") == normalize_label("peach")
    assert normalize_label("glass") == "glass"
    assert normalize_label("hummus") == "hummus"
    assert normalize_label("asparagus") == "asparagus"
    assert normalize_label("peas") == "pea"
    assert normalize_label("hot_dog") == normalize_label("Hot Dogs")


def test_no_ambiguous_aliases(tax: Taxonomy) -> None:
    assert tax.alias_conflicts == {}
    # the same check done independently from the CSV: no key names two ingredients
    owners: dict[str, set[str]] = {}
    for ing in tax:
        for name in (ing.id, *ing.aliases):
            owners.setdefault(normalize_label(name), set()).add(ing.id)
    clashes = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert clashes == {}


def _ing(ing_id: str, aliases: tuple[str, ...] = ()) -> Ingredient:
    return Ingredient(
        id=ing_id,
        name=ing_id,
        category="fruit",
        aisle="Produce",
        aliases=aliases,
        unit="piece",
        piece_g=100.0,
        package_desc="1 piece",
        shelf_life_days=7,
        allergens=frozenset(),
        diets=frozenset(),
        density_g_per_ml=1.0,
        ndb_no="00000",
        usda_description="test",
        nutrients={k: 0.0 for k in NUTRIENT_KEYS},
    )


def test_ambiguous_aliases_detected_and_ids_win() -> None:
    t = Taxonomy([_ing("apple", ("fruit", "pear")), _ing("pear", ("fruit",)), _ing("plum")])
    assert t.lookup("fruit") is t.get("apple")  # first holder kept, clash recorded
    assert t.lookup("pear") is t.get("pear")  # ids always win over aliases
    assert set(t.alias_conflicts) == {"fruit", "pear"}
    assert t.alias_conflicts["fruit"] == ("apple", "pear")
    with pytest.raises(ValueError, match="duplicate"):
        Taxonomy([_ing("apple"), _ing("apple")])
    with pytest.raises(ValueError, match="same key"):
        Taxonomy([_ing("apple"), _ing("apples")])


def test_search(tax: Taxonomy) -> None:
    assert tax.search("") == list(tax)
    assert tax.search("eggs")[0].id == "egg"
    assert tax.search("Milk")[0].id == "milk_whole"
    assert tax.search("chick")[0].id.startswith("chicken")
    ids = [i.id for i in tax.search("yogurt")]
    assert ids[0] == "yogurt_plain_whole" and "greek_yogurt_plain_nonfat" in ids
    assert {i.id for i in tax.search("coriander")} == {"cilantro"}
    dairy = tax.search("dairy")
    assert {"milk_whole", "cheddar"} <= {i.id for i in dairy}
    assert tax.search("unobtainium") == []


def test_container_protocol(tax: Taxonomy) -> None:
    egg = tax.get("egg")
    assert "egg" in tax and egg in tax
    assert "eggs" not in tax and 42 not in tax
    assert sum(1 for _ in tax) == len(tax)


def test_lookup_speed(tax: Taxonomy) -> None:
    names = ["Eggs", "bell pepper", "Bell-Peppers", "tomatoes", "strawberry", "Milk", "unknown thing"] * 1430
    start = time.perf_counter()
    for name in names:
        tax.lookup(name)
    assert time.perf_counter() - start < 1.0


# --- Ingredient ------------------------------------------------------------------------


def test_grams_arithmetic(tax: Taxonomy) -> None:
    egg = tax.get("egg")
    assert egg.unit == "piece" and egg.piece_g == 50
    assert egg.grams(3) == 150
    assert egg.grams(2, "piece") == 100
    assert egg.grams(1, "package") == 50
    assert egg.grams(120, "g") == 120
    assert egg.grams(0.5, "kg") == 500
    milk = tax.get("milk_whole")
    assert milk.grams(1) == pytest.approx(milk.piece_g)
    assert milk.grams(250, "ml") == pytest.approx(250 * milk.density_g_per_ml)
    assert milk.grams(1, "L") == pytest.approx(1000 * milk.density_g_per_ml)
    oil = tax.get("olive_oil")
    assert oil.density_g_per_ml == pytest.approx(0.92)
    assert oil.grams(100, "ml") == pytest.approx(92)
    assert tax.get("honey").grams(10, "ml") == pytest.approx(14.2)
    assert egg.grams(0) == 0
    with pytest.raises(ValueError):
        egg.grams(1, "furlong")
    with pytest.raises(ValueError):
        egg.grams(-1)
    with pytest.raises(ValueError):
        egg.grams(float("nan"))


def test_nutrients_are_read_only_and_hashable(tax: Taxonomy) -> None:
    egg = tax.get("egg")
    with pytest.raises(TypeError):
        egg.nutrients["protein_g"] = 0.0  # type: ignore[index]
    assert hash(egg) == hash(egg)
    assert egg.nutrients_for(50)["protein_g"] == pytest.approx(6.28)


def test_to_public_is_json_ready(tax: Taxonomy) -> None:
    for ing in tax:
        public = ing.to_public()
        json.dumps(public)
    public = tax.get("greek_yogurt_plain_nonfat").to_public()
    assert public["id"] == "greek_yogurt_plain_nonfat"
    assert public["allergens"] == ["milk"]
    per100 = public["nutrients_per_100g"]
    assert isinstance(per100, dict) and per100["energy_kcal"] == 59
    assert list(per100) == list(NUTRIENT_KEYS)


# --- malformed CSV ---------------------------------------------------------------------


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_malformed_csv_errors_name_file_and_line(tmp_path: Path) -> None:
    good = CSV_PATH.read_text(encoding="utf-8").splitlines()
    header, first, second = good[0], good[1], good[2]

    path = _write(tmp_path, [header, first, second.rsplit(",", 3)[0]])
    with pytest.raises(ValueError, match=r"bad\.csv:3: expected 32 fields"):
        load_taxonomy(path)

    broken = next(csv.reader([second]))
    broken[CSV_COLUMNS.index("protein_g")] = "lots"
    out = tmp_path / "row.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header.split(","), next(csv.reader([first])), broken])
    with pytest.raises(ValueError, match=r"row\.csv:3: column 'protein_g'"):
        load_taxonomy(out)

    broken = next(csv.reader([second]))
    broken[CSV_COLUMNS.index("allergens")] = "gluten"
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header.split(","), broken])
    with pytest.raises(ValueError, match=r"row\.csv:2: unknown allergens"):
        load_taxonomy(out)

    with pytest.raises(ValueError, match="header"):
        load_taxonomy(_write(tmp_path, ["id,name", "x,y"]))
    with pytest.raises(ValueError, match="empty"):
        load_taxonomy(_write(tmp_path, []))


# --- provenance & reproducibility ------------------------------------------------------


def test_build_script_names_every_ndb(csv_rows: list[dict[str, str]]) -> None:
    table: dict[str, str] = {}
    for line in BUILD_SCRIPT.read_text(encoding="utf-8").splitlines():
        parts = [p.strip() for p in line.split(";")]
        if len(parts) == 13:
            table[parts[0]] = parts[1]
    for row in csv_rows:
        assert table.get(row["id"]) == row["ndb_no"], row["id"]


def test_no_usda_source_files_in_repo() -> None:
    names = {p.name.lower() for p in REFERENCE.iterdir()}
    assert not names & {"foods_sr28_per100g.csv", "abbrev.txt", "food_des.txt", "fridge_staples.csv"}


@pytest.mark.skipif(not SHARED_NUTRITION.is_dir(), reason="../shared/nutrition (USDA SR28) not available")
def test_build_reproduces_committed_csv(tmp_path: Path) -> None:
    out = tmp_path / "ingredients.csv"
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--nutrition-dir", str(SHARED_NUTRITION), "--output", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == CSV_PATH.read_bytes()


@pytest.mark.skipif(not SHARED_NUTRITION.is_dir(), reason="../shared/nutrition (USDA SR28) not available")
def test_every_ndb_exists_in_sr28(tax: Taxonomy) -> None:
    with (SHARED_NUTRITION / "foods_sr28_per100g.csv").open(encoding="utf-8", newline="") as fh:
        sr28 = {row["ndb_no"]: row for row in csv.DictReader(fh)}
    for ing in tax:
        food = sr28[ing.ndb_no]
        assert ing.usda_description.startswith(food["description"]), ing.id
        kcal = food["kcal"]
        assert ing.nutrients["energy_kcal"] == (float(kcal) if kcal else 0.0), ing.id
