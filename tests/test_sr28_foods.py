"""The full SR28 table Larder ships (data/reference/sr28_foods.csv.gz, data/sr28_foods.py): rebuilt byte
for byte from ../shared when it is there, read without it, and turned into an ingredient only for a link."""

from __future__ import annotations

import csv
import gzip
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from data.sr28_foods import as_ingredient, load_sr28_foods, ndb_of, read_table, sr28_id
from data.taxonomy import NUTRIENT_KEYS, load_taxonomy

REPO = Path(__file__).resolve().parents[1]
TABLE = REPO / "data" / "reference" / "sr28_foods.csv.gz"
BUILD_SCRIPT = REPO / "data" / "reference" / "build_sr28_foods.py"
SHARED_NUTRITION = Path(__file__).parents[2] / "shared" / "nutrition"


@pytest.mark.skipif(not SHARED_NUTRITION.is_dir(), reason="../shared/nutrition (USDA SR28) not available")
def test_build_reproduces_the_committed_table_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "sr28_foods.csv.gz"
    argv = [sys.executable, str(BUILD_SCRIPT), "--nutrition-dir", str(SHARED_NUTRITION), "--output", str(out)]
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == TABLE.read_bytes()
    check = subprocess.run([*argv, "--check"], capture_output=True, text=True, check=False)
    assert check.returncode == 0 and "up to date" in check.stdout
    out.write_bytes(gzip.compress(b"ndb_no\n", mtime=0))
    assert subprocess.run([*argv, "--check"], capture_output=True, check=False).returncode == 1


@pytest.mark.skipif(not SHARED_NUTRITION.is_dir(), reason="../shared/nutrition (USDA SR28) not available")
def test_every_sr28_food_is_in_the_table_with_its_nutrients() -> None:
    with (SHARED_NUTRITION / "foods_sr28_per100g.csv").open(encoding="utf-8", newline="") as fh:
        source = {row["ndb_no"]: row for row in csv.DictReader(fh)}
    table = load_sr28_foods()
    assert len(table) == len(source) == 8790
    kimchi, pickles = table.get("11118"), table.get("11937")
    assert kimchi is not None and kimchi.nutrients["protein_g"] == float(source["11118"]["protein_g"])
    assert pickles is not None and pickles.nutrients["sodium_mg"] == float(source["11937"]["sodium_mg"])
    # Empty = not analysed: 0.0 and listed, never a silent zero.
    no_fiber = next(n for n, row in source.items() if not row["fiber_g"].strip())
    food = table.get(no_fiber)
    assert food is not None and "fiber_g" in food.missing_nutrients and food.nutrients["fiber_g"] == 0.0


def test_the_packaged_table_is_small_complete_and_agrees_with_the_taxonomy() -> None:
    assert TABLE.stat().st_size < 600_000
    table = load_sr28_foods()
    assert len(table) == 8790 and load_sr28_foods() is table  # read once
    assert sum(1 for f in table if f.portions) > 8000
    for ing in load_taxonomy():
        food = table.get(ing.ndb_no)
        assert food is not None, ing.id
        assert ing.usda_description.startswith(food.description), ing.id
        assert {k: food.nutrients[k] for k in NUTRIENT_KEYS} == dict(ing.nutrients), ing.id
    # Installed with the package, like ingredients.csv.
    package_data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "reference/*.csv.gz" in package_data["data"]


def test_a_food_becomes_an_ingredient_only_with_the_grams_of_a_piece() -> None:
    kimchi = load_sr28_foods().get("11118")
    assert kimchi is not None and kimchi.largest_portion() is not None
    ing = as_ingredient(kimchi, 400.0)
    assert (ing.id, ing.unit, ing.piece_g, ing.category, ing.aisle) == (
        "sr28:11118",
        "piece",
        400.0,
        "vegetable",
        "Produce",
    )
    assert ing.grams(2) == 800.0 and ing.nutrients_for(800.0)["protein_g"] == pytest.approx(8 * 1.1)
    assert ndb_of(sr28_id("11118")) == "11118" and ndb_of("kimchi") is None
    assert "sr28:11118" not in load_taxonomy() and load_taxonomy().lookup("kimchi") is None
    with pytest.raises(ValueError, match="grams per piece"):
        as_ingredient(kimchi, 0.0)


def test_a_damaged_table_is_refused_with_its_line() -> None:
    good = gzip.decompress(TABLE.read_bytes()).decode("utf-8").splitlines()
    bad = "\n".join([good[0], good[1].replace(",717,", ",-717,", 1)]) + "\n"
    with pytest.raises(ValueError, match=":2: column 'energy_kcal'"):
        read_table(gzip.compress(bad.encode()))
    with pytest.raises(ValueError, match="unexpected header"):
        read_table(gzip.compress(b"ndb,desc\n"))
