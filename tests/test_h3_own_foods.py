"""Nutrients for the user's own items: the SR28 foods Larder ships are searched by text, an own item (a
name the taxonomy lacks, kept from a review) is linked to one, and nutrition counts it as that food from
then on; `larder foods` and `larder review SCAN --nutrients NAME=FOOD_ID` do the same from the shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from stored_scan import saved_scan  # tests/stored_scan.py (tests/ is on the path, as for memory_keyring)

from agents.app import Larder, UserError
from agents.cli import main
from data.taxonomy import load_taxonomy

STEW = "Grandma's lentil stew"


def _tomato_id(larder: Larder, scan_id: int) -> int:
    return next(d.id for d in larder.review(scan_id).photos[0].detections if d.ingredient == "tomato")


def test_search_finds_sr28_foods_by_name_and_by_their_sr28_description() -> None:
    with Larder.open() as larder:
        by_name = larder.search_foods("lentils")
        assert by_name and all(f.id.isdigit() for f in by_name)  # NDB numbers
        assert len({f.id for f in by_name}) == len(by_name)  # one per SR28 food
        # "preserves" is only in SR28's description of the taxonomy's jam ("Jams and preserves").
        assert "preserves" not in load_taxonomy().get("jam").name.lower().replace("/ preserves", "")
        preserves = larder.search_foods("preserves")
        assert [f.ingredient for f in preserves][:1] == ["jam"]
        assert preserves[0].per_100g["energy_kcal"] == pytest.approx(
            load_taxonomy().get("jam").nutrients["energy_kcal"]
        )
        with pytest.raises(UserError):
            larder.search_foods("   ")


def test_a_linked_own_item_counts_the_foods_protein(tmp_path: Path) -> None:
    home = tmp_path / "home"
    scan_id = saved_scan(home, tmp_path)
    with Larder.open(home) as larder:
        larder.apply_review(scan_id, {"relabel": {str(_tomato_id(larder, scan_id)): STEW}})
        own = next(r for r in larder.inventory() if r.ingredient_id is None)
        assert own.name == STEW.lower()
        before = larder.plan_nutrition(days=7, save=False)
        assert not any(line.item_id == own.id for line in before.supply_lines)  # no nutrients: not counted

        lentils = next(f for f in larder.search_foods("lentils cooked") if f.ingredient == "lentils_cooked")
        link = larder.link_own_food(STEW, lentils.id)
        assert (link.name, link.food.id) == (STEW.lower(), lentils.id)
        after = larder.plan_nutrition(days=7, save=False)
        line = next(line for line in after.supply_lines if line.item_id == own.id)
        protein_per_100g = load_taxonomy().get("lentils_cooked").nutrients["protein_g"]
        assert line.ingredient == "lentils_cooked" and line.counted_grams > 0
        assert line.nutrients["protein_g"] == pytest.approx(protein_per_100g * line.counted_grams / 100)
        assert after.supply["protein_g"] == pytest.approx(
            before.supply["protein_g"] + line.nutrients["protein_g"]
        )
        assert [link.name for link in larder.food_links()] == [STEW.lower()]

        # Linked again, the newer food wins; an unknown food or a taxonomy name is refused.
        rice = larder.search_foods("rice")[0]
        larder.link_own_food(STEW, rice.id)
        assert [lk.food.id for lk in larder.food_links()] == [rice.id]
        with pytest.raises(UserError, match="no SR28 food"):
            larder.link_own_food(STEW, "99999")
        with pytest.raises(UserError, match="own nutrients"):
            larder.link_own_food("tomatoes", lentils.id)
        assert [lk.food.id for lk in larder.food_links()] == [rice.id]  # nothing changed by the refusals

    with Larder.open(home) as reopened:  # stored in the home's database
        assert [lk.food.id for lk in reopened.food_links()] == [rice.id]


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, Any, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if code == 0 and "--json" in argv else captured.out, captured.err


def test_the_cli_searches_foods_and_links_an_own_item_of_a_scan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    scan_id = saved_scan(home, tmp_path)
    code, found, _ = _run(capsys, ["foods", "lentils", "cooked", "--json", "--home", str(home)])
    assert code == 0 and found["query"] == "lentils cooked"
    food = next(f for f in found["foods"] if f["ingredient"] == "lentils_cooked")
    assert set(food["per_100g"]) >= {"energy_kcal", "protein_g", "fat_g", "carbs_g"}
    code, text, _ = _run(capsys, ["foods", "preserves", "--home", str(home)])
    assert code == 0 and "Jams and preserves" in text and "kcal" in text

    with Larder.open(home) as larder:
        tomato = _tomato_id(larder, scan_id)
    # A rename to an own name and its nutrients in one call.
    argv = ["review", str(scan_id), "--relabel", f"{tomato}={STEW}", "--nutrients", f"{STEW}={food['id']}"]
    code, done, _ = _run(capsys, [*argv, "--json", "--home", str(home)])
    assert code == 0 and [(lk["name"], lk["food"]) for lk in done["linked"]] == [(STEW.lower(), food)]
    # A Larder ingredient's piece is its package weight, and the link says so.
    assert done["linked"][0]["piece_g"] == food["piece_g"] == load_taxonomy().get("lentils_cooked").piece_g
    assert (
        done["linked"][0]["piece_source"] == "larder_package" and "package" in done["linked"][0]["piece_why"]
    )
    code, links, _ = _run(capsys, ["foods", "--links", "--json", "--home", str(home)])
    assert [lk["food"]["id"] for lk in links["links"]] == [food["id"]]

    # User errors: one line, exit 2, nothing changed.
    for bad, says in (
        (["review", str(scan_id), "--nutrients", f"{STEW}=99999"], "no SR28 food"),
        (["review", str(scan_id), "--nutrients", f"pickled herring={food['id']}"], "no item of your own"),
        (["review", str(scan_id), "--nutrients", "no-equals-sign"], "NAME=FOOD_ID"),
        (["foods", "--home", str(home)], "say what to search for"),
    ):
        code, out, err = _run(capsys, [*bad, "--json", "--home", str(home)])
        assert code == 2 and out == "" and says in err and len(err.strip().splitlines()) == 1, (bad, err)
    with Larder.open(home) as larder:
        assert [lk.food.id for lk in larder.food_links()] == [food["id"]]
