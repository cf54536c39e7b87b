"""A later scan updates the inventory the way a person would; manual edits, mapping and undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from agents.errors import UserError
from agents.inventory import manual
from agents.inventory.changes import summarise
from agents.inventory.scanning import PhotoInfo, ScanItem, ScanResult
from agents.inventory.settings import label_mappings
from agents.inventory.store import record_scan
from data.db import Database
from data.models import Detection as DetectionRow
from data.models import InventoryItem, Photo
from data.taxonomy import load_taxonomy
from vision.detections import Detection, PhotoDetections
from vision.labels import LabelResolver

DETECTABLE = frozenset({"egg", "milk_whole", "tomato", "?widget"})


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "larder.db")
    yield database
    database.close()


def _result(
    counts: dict[str, int], sha: str = "a" * 64, detectable: frozenset[str] = DETECTABLE
) -> ScanResult:
    taxonomy = load_taxonomy()
    items = []
    dets = []
    for key, count in counts.items():
        ingredient = None if key.startswith("?") else key
        label = key.lstrip("?")
        ing = taxonomy.get(ingredient) if ingredient else None
        items.append(
            ScanItem(ingredient, ing.name if ing else label, label, count, 0.9, float(count), "piece", 1)
        )
        dets += [Detection(ingredient, label, 0.9, (1.0, 2.0, 3.0, 4.0))] * count
    photo = PhotoDetections(Path("fridge.jpg"), sha, 640, 480, tuple(dets), 12.0)
    return ScanResult(
        "test.pt", 0.25, tuple(items), (photo,), (PhotoInfo("fridge.jpg", sha, 640, 480, None),), detectable
    )


def _present(db: Database) -> dict[str, float]:
    return {(i.ingredient or f"?{i.name}"): i.quantity for i in manual.list_items(db)}


def test_second_scan_replaces_counts_and_marks_missing_items_used_up(db: Database) -> None:
    first = record_scan(db, _result({"egg": 6, "milk_whole": 1}), save=True)
    assert {c.kind for c in first.changes} == {"new"}
    assert _present(db) == {"egg": 6.0, "milk_whole": 1.0}

    second = record_scan(db, _result({"egg": 2, "tomato": 2}, sha="b" * 64), save=True)
    kinds = {c.ingredient: c.kind for c in second.changes}
    assert kinds == {"egg": "fewer", "tomato": "new", "milk_whole": "gone"}
    assert _present(db) == {"egg": 2.0, "tomato": 2.0}
    text = summarise(second.changes)
    assert text == "since the last scan: 4 eggs used, 2 tomatoes new, milk gone"
    gone = [i for i in manual.list_items(db, include_gone=True) if i.ingredient == "milk_whole"]
    assert gone[0].status == "used_up"  # kept in history, not deleted


def test_manual_and_undetectable_items_are_left_alone(db: Database) -> None:
    taxonomy = load_taxonomy()
    manual.add_item(db, taxonomy, "tofu", 1)  # the model has no tofu class
    manual.add_item(db, taxonomy, "eggs", 4)  # typed by hand
    record_scan(db, _result({"egg": 6}), save=True)
    assert _present(db) == {"tofu_firm": 1.0, "egg": 4.0}  # scan did not double-count or overwrite eggs
    record_scan(db, _result({}, sha="b" * 64), save=True)
    assert _present(db) == {"tofu_firm": 1.0, "egg": 4.0}


def test_replace_manual_lets_the_photos_overrule(db: Database) -> None:
    manual.add_item(db, load_taxonomy(), "eggs", 4)
    saved = record_scan(db, _result({"egg": 6}), save=True, replace_manual=True)
    assert saved.changes[0].kind == "more"
    items = manual.list_items(db)
    assert [(i.ingredient, i.quantity, i.source) for i in items] == [("egg", 6.0, "detected")]


def test_partial_scan_marks_nothing_used_up(db: Database) -> None:
    record_scan(db, _result({"egg": 6, "milk_whole": 1}), save=True)
    record_scan(db, _result({"tomato": 3}, sha="b" * 64), save=True, partial=True)
    assert _present(db) == {"egg": 6.0, "milk_whole": 1.0, "tomato": 3.0}


def test_undo_restores_the_state_before_the_scan(db: Database) -> None:
    record_scan(db, _result({"egg": 6, "milk_whole": 1}), save=True)
    second = record_scan(db, _result({"egg": 2, "tomato": 2}, sha="b" * 64), save=True)
    scan_id, restored = manual.undo_scan(db)
    assert scan_id == second.scan_id and len(restored) == 3
    assert _present(db) == {"egg": 6.0, "milk_whole": 1.0}
    with pytest.raises(UserError, match="already undone"):
        manual.undo_scan(db, second.scan_id)
    manual.undo_scan(db)
    assert _present(db) == {}
    with pytest.raises(UserError, match="no saved scan"):
        manual.undo_scan(db)


def test_undoing_an_older_scan_names_every_later_scan_to_undo_first(db: Database) -> None:
    first = record_scan(db, _result({"egg": 6}), save=True)
    second = record_scan(db, _result({"egg": 4}, sha="b" * 64), save=True)
    third = record_scan(db, _result({"egg": 2}, sha="c" * 64), save=True)
    with pytest.raises(
        UserError, match=rf"saved scan\(s\) {third.scan_id}, {second.scan_id} came after scan"
    ):
        manual.undo_scan(db, first.scan_id)
    assert _present(db) == {"egg": 2.0}  # the refusal changed nothing
    assert manual.undo_scan(db)[0] == third.scan_id
    assert manual.undo_scan(db)[0] == second.scan_id
    assert manual.undo_scan(db, first.scan_id)[0] == first.scan_id
    assert _present(db) == {}


def test_unknown_label_becomes_an_item_the_user_can_map(db: Database) -> None:
    record_scan(db, _result({"?widget": 2}), save=True)
    assert _present(db) == {"?widget": 2.0}
    ingredient, changed = manual.map_label(db, load_taxonomy(), "widget", "tofu")
    assert (ingredient, changed) == ("tofu_firm", 1)
    assert _present(db) == {"tofu_firm": 2.0}
    assert label_mappings(db) == {"widget": "tofu_firm"}
    assert LabelResolver(user_mappings=label_mappings(db)).ingredient("widget") == "tofu_firm"
    with db.session() as s:
        assert {d.ingredient_id for d in s.exec(select(DetectionRow))} == {"tofu_firm"}


def test_same_photo_in_two_scans_is_one_photo_row_and_counts_are_not_added(db: Database) -> None:
    record_scan(db, _result({"egg": 6}), save=True)
    record_scan(db, _result({"egg": 6}), save=True)
    assert _present(db) == {"egg": 6.0}
    with db.session() as s:
        assert len(s.exec(select(Photo)).all()) == 1


def test_a_failed_save_writes_nothing(db: Database) -> None:
    bad = _result({"egg": 1})
    bad = ScanResult(bad.model, bad.conf, bad.items, bad.photos, (), bad.detectable)  # photo info missing
    with pytest.raises(ValueError):
        record_scan(db, bad, save=True)
    with db.session() as s:
        assert s.exec(select(InventoryItem)).all() == []


def test_manual_edits_are_validated_and_recorded(db: Database) -> None:
    taxonomy = load_taxonomy()
    with pytest.raises(UserError, match="unknown ingredient 'unicorn'"):
        manual.add_item(db, taxonomy, "unicorn")
    milk = manual.add_item(db, taxonomy, "milk")
    assert (milk.quantity, milk.unit) == (1.0, "piece")
    with pytest.raises(UserError, match="between 0"):
        manual.set_item(db, milk.id, -3)
    assert manual.set_item(db, milk.id, 0).status == "used_up"
    assert manual.remove_item(db, milk.id).status == "discarded"
    with pytest.raises(UserError, match="no inventory item with id 999"):
        manual.remove_item(db, 999)
    kinds = [e.kind for e in manual.history(db)]
    assert kinds == ["removed", "edited", "added"]
