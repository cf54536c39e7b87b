"""An own item linked to ANY SR28 food (not only the taxonomy's): searched by word starts, linked with the
grams of one piece (the user's, else SR28's largest household portion), counted by the nutrition plan
under the item's own name, and never proposed as something to buy. Revision 0008 keeps older links."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from stored_scan import saved_scan  # tests/stored_scan.py (tests/ is on the path)

from agents.app import Larder, UserError
from agents.cli import main
from data.db import MIGRATIONS_DIR, SCHEMA_REVISION, Database, current_revision, make_engine, migrate
from data.sr28_foods import food_words, load_sr28_foods
from data.taxonomy import load_taxonomy

KIMCHI_NDB = "11118"  # "Cabbage, kimchi": no taxonomy row carries it


def _own_kimchi(larder: Larder, scan_id: int) -> Any:
    tomato = next(d.id for d in larder.review(scan_id).photos[0].detections if d.ingredient == "tomato")
    larder.apply_review(scan_id, {"relabel": {str(tomato): "kimchi"}})
    return next(r for r in larder.inventory() if r.name == "kimchi")


def test_search_reaches_every_sr28_food_by_word_starts_and_ranks_the_plain_food_first() -> None:
    with Larder.open() as larder:
        for query, wanted in (
            ("pickles", "Pickles, cucumber"),
            ("beer", "Alcoholic beverage, beer"),
            ("wine", "wine"),
            ("kimchi", "Cabbage, kimchi"),
            ("sauerkraut", "Sauerkraut"),
        ):
            found = larder.search_foods(query)
            assert found, query
            assert wanted.lower() in found[0].name.lower(), (query, [f.name for f in found[:3]])
            assert len({f.id for f in found}) == len(found)
        kimchi = larder.search_foods("kimchi")[0]
        assert (kimchi.id, kimchi.ingredient, kimchi.in_larder) == (KIMCHI_NDB, None, False)
        assert kimchi.food_group == "Vegetables and Vegetable Products"
        assert kimchi.piece_source == "sr28_portion" and kimchi.piece_g == 150.0  # SR28: 1 cup = 150 g
        # A word start, never a substring: "cola" finds colas, not chocolate or arugula.
        colas = larder.search_foods("cola", limit=500)
        assert colas and all(
            any(w.startswith("cola") for w in food_words(f.name)) or f.in_larder for f in colas
        )
        assert not any("chocolate" in f.name.lower() or "arugula" in f.name.lower() for f in colas)
        # Larder's ingredients first, then the rest of SR28; a food a taxonomy row carries is that row.
        milk = larder.search_foods("milk")
        assert milk[0].ingredient == "milk_whole" and milk[0].piece_source == "larder_package"
        flags = [f.in_larder for f in larder.search_foods("jam")]
        assert flags[0] and flags == sorted(flags, reverse=True)
        assert larder.food(load_taxonomy().get("jam").ndb_no).ingredient == "jam"
        assert larder.food(f"sr28:{KIMCHI_NDB}").id == KIMCHI_NDB
        started = time.perf_counter()
        for query in ("pickles", "beer", "wine", "chicken", "b"):
            larder.search_foods(query)
        assert (time.perf_counter() - started) / 5 < 0.2  # answers while the user types


def test_a_linked_sr28_food_counts_count_x_grams_x_nutrient_under_the_own_name(tmp_path: Path) -> None:
    home = tmp_path / "home"
    scan_id = saved_scan(home, tmp_path)
    protein_per_100g = load_sr28_foods().get(KIMCHI_NDB).nutrients["protein_g"]  # type: ignore[union-attr]
    with Larder.open(home) as larder:
        own = _own_kimchi(larder, scan_id)
        assert own.ingredient_id is None and own.unit == "piece"
        before = larder.plan_nutrition(days=7, save=False)
        assert not any(line.item_id == own.id for line in before.supply_lines)

        link = larder.link_own_food("Kimchi", KIMCHI_NDB)  # default: SR28's largest portion
        assert (link.name, link.food.id, link.piece_g, link.piece_source) == (
            "kimchi",
            KIMCHI_NDB,
            150.0,
            "sr28_portion",
        )
        line = next(x for x in larder.plan_nutrition(days=7, save=False).supply_lines if x.item_id == own.id)
        assert line.ingredient == f"sr28:{KIMCHI_NDB}" and line.name == "kimchi (as Cabbage, kimchi)"
        assert line.grams == pytest.approx(own.quantity * 150.0)

        larder.link_own_food("kimchi", KIMCHI_NDB, 400.0)  # a 400 g jar
        after = larder.plan_nutrition(days=7, save=False)
        line = next(x for x in after.supply_lines if x.item_id == own.id)
        assert line.grams == pytest.approx(own.quantity * 400.0) and line.counted_grams == pytest.approx(
            line.grams
        )
        assert line.nutrients["protein_g"] == pytest.approx(own.quantity * 400.0 * protein_per_100g / 100)
        assert after.supply["protein_g"] == pytest.approx(
            before.supply["protein_g"] + line.nutrients["protein_g"]
        )
        # Counted for this item only: never a food to buy, never a name a detection resolves to.
        taxonomy = load_taxonomy()
        assert all(rec.ingredient in taxonomy for rec in after.recommendations)
        assert taxonomy.lookup("kimchi") is None and not larder.ingredients("kimchi")
        assert [(lk.name, lk.piece_g, lk.piece_source) for lk in larder.food_links()] == [
            ("kimchi", 400.0, "yours")
        ]
        with pytest.raises(UserError, match="grams per piece"):
            larder.link_own_food("kimchi", KIMCHI_NDB, 0.0)
        assert larder.food_links()[0].piece_g == 400.0  # the refusal changed nothing

        # Undone (the window's undo stack uses these): no link, so no nutrients; then the link again.
        kept = larder.food_link("Kimchi")
        assert kept is not None and kept.chosen_piece_g == 400.0 and larder.unlink_own_food("kimchi")
        assert larder.food_link("kimchi") is None and not larder.unlink_own_food("kimchi")
        assert not any(x.item_id == own.id for x in larder.plan_nutrition(days=7, save=False).supply_lines)
        larder.link_own_food(kept.name, kept.food.id, kept.chosen_piece_g)
        assert larder.food_links() == (kept,)


def test_the_plan_names_an_own_item_linked_to_a_larder_ingredient_by_its_own_name(tmp_path: Path) -> None:
    home = tmp_path / "home"
    scan_id = saved_scan(home, tmp_path)
    with Larder.open(home) as larder:
        tomato = next(d.id for d in larder.review(scan_id).photos[0].detections if d.ingredient == "tomato")
        larder.apply_review(scan_id, {"relabel": {str(tomato): "Grandma's plum jam"}})
        jam = load_taxonomy().get("jam")
        link = larder.link_own_food("grandma's plum jam", jam.ndb_no)
        assert link.food.ingredient == "jam" and link.piece_g == jam.piece_g
        line = next(
            x for x in larder.plan_nutrition(days=7, save=False).supply_lines if x.name.startswith("grandma")
        )
        assert line.name == "grandma's plum jam (as Jams and preserves)" and line.ingredient == "jam"


def _cli(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, Any, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, json.loads(out.out) if code == 0 and "--json" in argv else out.out, out.err


def test_the_cli_links_an_sr28_food_with_grams_a_piece_and_refuses_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    scan_id = saved_scan(home, tmp_path)
    code, found, _ = _cli(capsys, ["foods", "kimchi", "--json", "--home", str(home)])
    assert code == 0 and found["foods"][0]["id"] == KIMCHI_NDB and found["foods"][0]["in_larder"] is False
    with Larder.open(home) as larder:
        tomato = next(d.id for d in larder.review(scan_id).photos[0].detections if d.ingredient == "tomato")
    base = ["review", str(scan_id), "--relabel", f"{tomato}=kimchi", "--home", str(home)]
    for bad, says in (
        (f"kimchi={KIMCHI_NDB}@lots", "after @"),
        (f"kimchi={KIMCHI_NDB}@-5", "above 0"),
        ("kimchi=99999@300", "no SR28 food"),
    ):
        code, out, err = _cli(capsys, [*base, "--nutrients", bad, "--json"])
        assert code == 2 and out == "" and says in err and len(err.strip().splitlines()) == 1, (bad, err)
    with Larder.open(home) as larder:  # refused before the relabel was written
        assert not any(r.name == "kimchi" for r in larder.inventory()) and not larder.food_links()
    code, done, _ = _cli(capsys, [*base, "--nutrients", f"kimchi={KIMCHI_NDB}@400", "--json"])
    assert code == 0
    [linked] = done["linked"]
    assert (linked["piece_g"], linked["piece_source"], linked["piece_why"]) == (400.0, "yours", "you said")
    assert linked["food"]["name"] == "Cabbage, kimchi"
    code, text_out, _ = _cli(capsys, ["foods", "--links", "--home", str(home)])
    assert code == 0 and "Cabbage, kimchi" in text_out and "400 g" in text_out


def test_revision_0008_keeps_older_links_and_downgrades(tmp_path: Path) -> None:
    path = tmp_path / "larder.db"
    engine = make_engine(path)
    migrate(engine, "0007_own_food_links")
    with engine.begin() as conn:
        columns = [row[1] for row in conn.execute(text("PRAGMA table_info('own_food_links')"))]
        assert "piece_g" not in columns  # really the old schema
        conn.execute(
            text(
                "INSERT INTO own_food_links (name, ingredient_id, ndb_no, linked_at)"
                " VALUES ('grandma''s plum jam', 'jam', '19297', '2026-12-01 23:55:00')"
            )
        )
    engine.dispose()
    db = Database(path)  # opening upgrades
    try:
        assert current_revision(db.engine) == SCHEMA_REVISION == "0008_own_food_piece_grams"
    finally:
        db.close()
    with Larder.open(tmp_path) as larder:  # the same file: tmp_path/larder.db
        [link] = larder.food_links()
        assert (link.name, link.food.ingredient, link.piece_source) == (
            "grandma's plum jam",
            "jam",
            "larder_package",
        )
        larder.link_own_food("kimchi", KIMCHI_NDB, 350.0)
    engine = make_engine(path)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007_own_food_links")
    with engine.connect() as conn:
        columns = [row[1] for row in conn.execute(text("PRAGMA table_info('own_food_links')"))]
        assert "piece_g" not in columns
        rows = conn.execute(text("SELECT name, ingredient_id FROM own_food_links ORDER BY name")).all()
        assert [tuple(r) for r in rows] == [("grandma's plum jam", "jam"), ("kimchi", f"sr28:{KIMCHI_NDB}")]
    engine.dispose()
