"""The user's shopping list: entries resolve to ingredients, merge, tick off, reach the cart and exports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agents.errors import UserError
from agents.shopping_list import add_entry, clear_checked, entries, remove_entry, set_checked
from data.db import Database
from data.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(tmp_path / "larder.db")


def test_names_resolve_and_same_ingredient_entries_merge(db: Database) -> None:
    taxonomy = load_taxonomy()
    first = add_entry(db, taxonomy, "Eggs", 12)
    again = add_entry(db, taxonomy, "egg", 6)
    soap = add_entry(db, taxonomy, "dish  soap")
    assert first.ingredient == "egg" and first.unit == "piece"
    assert again.id == first.id and again.quantity == 18
    assert soap.ingredient is None and soap.name == "dish soap"
    assert [e.name for e in entries(db)] == [first.name, "dish soap"]


def test_ticked_entries_are_kept_apart_and_cleared(db: Database) -> None:
    taxonomy = load_taxonomy()
    milk = add_entry(db, taxonomy, "milk", 2)
    set_checked(db, milk.id, True)
    fresh = add_entry(db, taxonomy, "milk", 1)  # a ticked entry is bought: a new one starts
    assert fresh.id != milk.id
    assert [e.id for e in entries(db, include_checked=False)] == [fresh.id]
    assert clear_checked(db) == 1
    assert [e.id for e in entries(db)] == [fresh.id]
    remove_entry(db, fresh.id)
    assert entries(db) == []


@pytest.mark.parametrize(
    ("name", "quantity", "unit"), [("", 1, None), ("milk", 0, None), ("milk", 1, "gallon")]
)
def test_bad_entries_are_user_errors(db: Database, name: str, quantity: float, unit: str | None) -> None:
    with pytest.raises(UserError):
        add_entry(db, load_taxonomy(), name, quantity, unit)
    assert entries(db) == []


def test_cli_list_reaches_the_cart_and_the_export(tmp_path: Path) -> None:
    def larder(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "agents.cli", *args, "--home", str(tmp_path / "home")],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert larder("list", "add", "oat", "milk", "2").returncode == 0
    assert larder("list", "add", "birthday candles").returncode == 0
    shown = json.loads(larder("list", "--json").stdout)["entries"]
    assert [(e["ingredient"], e["quantity"]) for e in shown] == [("oat_milk", 2.0), (None, 1.0)]
    cart = json.loads(larder("cart", "--json").stdout)["cart"]
    assert any(line["ingredient"] == "oat_milk" and "list" in line["origin"] for line in cart["lines"])
    assert any(s["name"] == "birthday candles" for s in cart["short"])
    assert larder("list", "check", str(shown[1]["id"])).returncode == 0
    text = larder("export", f"list:{shown[0]['list_id']}", "--format", "txt").stdout
    assert "[ ] Oat" in text and "[x] birthday candles" in text
    bad = larder("list", "remove", "x")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
