"""Build ``data/reference/sr28_foods.csv.gz`` (every USDA SR28 food) from the SR28 files.

Larder's taxonomy (``ingredients.csv``) carries only the foods its detector and planner use. An item of
the user's own (pickles, beer, kimchi) may be counted as ANY SR28 food, so the app ships this second,
derived table: one row per SR28 food with its description, food group, the nutrients Larder uses (renamed
to the taxonomy's keys and units, per 100 g edible portion; empty = not analysed in SR28, not zero) and
its household portions (``grams:description`` joined by ``|``, from SR28's WEIGHT file; the two portions
of ``foods_sr28_per100g.csv`` where WEIGHT has none). The USDA files are NOT part of this repository;
only the derived table is committed. Re-running this script must reproduce it byte for byte (gzip with
mtime 0 and no file name; ``tests/test_sr28_foods.py`` checks it when ``../shared/nutrition`` exists)::

    python data/reference/build_sr28_foods.py                  # rewrite the table
    python data/reference/build_sr28_foods.py --check          # exit 1 if it differs
    python data/reference/build_sr28_foods.py --nutrition-dir /path/to/shared/nutrition

Source: U.S. Department of Agriculture, Agricultural Research Service. 2016. USDA
National Nutrient Database for Standard Reference, Release 28 (slightly revised).
Public domain.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from pathlib import Path

# Taxonomy nutrient key -> column of foods_sr28_per100g.csv: the taxonomy's own pairs. Both builders are
# scripts run from this folder, which Python puts first on the path, so the sibling imports as a module.
from build_taxonomy import NUTRIENT_SOURCE, write_or_check

REPO = Path(__file__).resolve().parents[2]
DEFAULT_NUTRITION_DIR = REPO.parent / "shared" / "nutrition"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "sr28_foods.csv.gz"

COLUMNS = ("ndb_no", "description", "food_group", *NUTRIENT_SOURCE, "portions")


def _grams(value: str) -> str:
    """Grams as SR28 writes them, without trailing zeros ("14.20" -> "14.2", "5.0" -> "5")."""
    number = float(value)
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _clean(text: str) -> str:
    """One line, no separators of the portions field, single spaces."""
    return " ".join(text.replace("|", "/").replace(":", " ").split())


def read_weights(nutrition_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """NDB number -> [(grams, "amount measure")] in SR28's order (WEIGHT.txt: latin-1, ``^``/``~``)."""
    path = nutrition_dir / "sr28" / "WEIGHT.txt"
    out: dict[str, list[tuple[str, str]]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.strip():
            continue
        fields = [f.strip("~") for f in line.split("^")]
        ndb, amount, measure, grams = fields[0], fields[2], fields[3], fields[4]
        if not grams or float(grams) <= 0:
            continue
        amount_text = _grams(amount) if amount else "1"
        out.setdefault(ndb, []).append((_grams(grams), _clean(f"{amount_text} {measure}")))
    return out


def build(nutrition_dir: Path) -> bytes:
    """The gzip bytes of the table (deterministic: mtime 0, no name in the header)."""
    weights = read_weights(nutrition_dir)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    with (nutrition_dir / "foods_sr28_per100g.csv").open(encoding="utf-8", newline="") as fh:
        foods = sorted(csv.DictReader(fh), key=lambda row: row["ndb_no"])
    for food in foods:
        portions = weights.get(food["ndb_no"])
        if portions is None:
            portions = [
                (_grams(food[f"portion{i}_g"]), _clean(food[f"portion{i}_desc"]))
                for i in (1, 2)
                if food[f"portion{i}_g"].strip() and float(food[f"portion{i}_g"]) > 0
            ]
        row = [food["ndb_no"], food["description"].strip(), food["food_group"].strip()]
        row += [food[src].strip() for src in NUTRIENT_SOURCE.values()]  # verbatim; empty = not analysed
        row.append("|".join(f"{g}:{d}" for g, d in portions))  # all of them: about 1 kB more than six
        writer.writerow(row)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(out.getvalue().encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--nutrition-dir", type=Path, default=DEFAULT_NUTRITION_DIR)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare with --output instead of writing")
    args = parser.parse_args(argv)
    data = build(args.nutrition_dir)
    foods = gzip.decompress(data).count(b"\n") - 1
    what = f"{foods} foods, {len(data):,} bytes"
    # build_taxonomy is a sibling script, not a module mypy follows: say what its helper returns
    status: int = write_or_check(args.output, data, check=args.check, what=what, script=__file__)
    return status


if __name__ == "__main__":
    sys.exit(main())
