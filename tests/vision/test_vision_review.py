"""Reviewing a saved scan: each operation, the inventory following in one transaction, undo, names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from agents.errors import UserError
from agents.inventory import manual
from agents.inventory.review import (
    PUBLIC_ID_BASE,
    AddBox,
    ReviewChanges,
    apply_review,
    parse_changes,
    review_view,
    undo_review,
)
from agents.inventory.review_learning import dataset_dir, learn_from_scan, open_memory
from agents.inventory.review_names import resolve_name
from agents.inventory.scanning import PhotoInfo, ScanItem, ScanResult
from agents.inventory.store import record_scan
from data.db import Database
from data.models import DetectionReview
from data.paths import LarderPaths
from data.taxonomy import load_taxonomy
from vision.detections import Detection, PhotoDetections

TAXONOMY = load_taxonomy()


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "larder.db")
    yield database
    database.close()


def _scan(db: Database, photo: Path, dets: list[Detection]) -> int:
    """A saved scan of one photo with these detections, counted the way scan_photos counts them."""
    counts: dict[str, list[Detection]] = {}
    for d in dets:
        if not d.ignored:
            counts.setdefault(d.ingredient or f"?{d.label}", []).append(d)
    items = tuple(
        ScanItem(ds[0].ingredient, ds[0].label, ds[0].label, len(ds), 0.9, float(len(ds)), "piece", 1)
        for ds in counts.values()
    )
    found = PhotoDetections(photo, "b" * 64, 200, 100, tuple(dets), 10.0)
    result = ScanResult(
        "test.pt",
        0.25,
        items,
        (found,),
        (PhotoInfo(str(photo), "b" * 64, 200, 100, None),),
        frozenset({"egg", "tomato", "milk_whole"}),
    )
    return record_scan(db, result, save=True).scan_id


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "fridge.png"
    Image.new("RGB", (200, 100), (120, 120, 120)).save(path)
    return path


def _present(db: Database) -> dict[str, float]:
    return {(i.ingredient or f"?{i.name}"): i.quantity for i in manual.list_items(db)}


def _ids(db: Database, scan_id: int) -> dict[str, int]:
    view = review_view(db, TAXONOMY, scan_id)
    return {d.label: d.id for p in view.photos for d in p.detections}


def _three(db: Database, photo: Path) -> int:
    return _scan(
        db,
        photo,
        [
            Detection("egg", "egg", 0.9, (10, 10, 40, 40)),
            Detection("tomato", "tomato", 0.6, (50, 10, 90, 40)),
            Detection("milk_whole", "milk_whole", 0.4, (100, 10, 140, 60)),
            Detection(None, "bottle", 0.7, (150, 10, 190, 90), ignored=True, source="container"),
        ],
    )


def test_review_lists_every_detection_with_box_status_and_the_scanned_path(db: Database, photo: Path) -> None:
    scan_id = _three(db, photo)
    view = review_view(db, TAXONOMY, scan_id)
    (p,) = view.photos
    assert p.path == str(photo) and (p.width, p.height) == (200, 100)
    by_label = {d.label: d for d in p.detections}
    assert by_label["egg"].box == (10, 10, 40, 40) and by_label["egg"].status == "detected"
    assert by_label["egg"].name == TAXONOMY.get("egg").name
    assert all(d.id > PUBLIC_ID_BASE for d in p.detections)
    unnamed = by_label["bottle"]
    assert (unnamed.ingredient, unnamed.name, unnamed.status) == (None, None, "unnamed")
    assert by_label["milk_whole"].unsure and not by_label["egg"].unsure


def test_each_operation_moves_the_inventory_and_undo_puts_it_back(db: Database, photo: Path) -> None:
    scan_id = _three(db, photo)
    assert _present(db) == {"egg": 1.0, "tomato": 1.0, "milk_whole": 1.0}
    ids = _ids(db, scan_id)
    changes = ReviewChanges(
        confirm=(ids["egg"],),
        reject=(ids["tomato"],),
        relabel={ids["milk_whole"]: "canned tuna", ids["bottle"]: "grandma's plum jam"},
        count={ids["egg"]: 6},
        add=(AddBox(str(photo), "pickles", (5.0, 50.0, 60.0, 99.0)),),
    )
    result = apply_review(db, TAXONOMY, scan_id, changes)
    present = _present(db)
    assert present["egg"] == 6.0  # the count
    assert "tomato" not in present  # rejected
    assert "milk_whole" not in present and "tuna_light_canned_water" in present  # relabelled
    assert "?grandma's plum jam" in present and "?pickles" in present  # named unnamed; drawn box
    statuses = {d.id: d.status for p in result.view.photos for d in p.detections}
    assert statuses[ids["tomato"]] == "rejected" and statuses[ids["bottle"]] == "relabelled"
    assert len(result.added) == 1 and statuses[result.added[0]] == "added"

    undone = undo_review(db, scan_id)
    assert undone.review_id == result.review_id
    assert _present(db) == {"egg": 1.0, "tomato": 1.0, "milk_whole": 1.0}
    view = review_view(db, TAXONOMY, scan_id)
    assert {d.label: d.status for p in view.photos for d in p.detections} == {
        "egg": "detected", "tomato": "detected", "milk_whole": "detected", "bottle": "unnamed",
    }  # fmt: skip
    with pytest.raises(UserError, match="no review to undo"):
        undo_review(db, scan_id)


def test_a_batch_with_one_bad_change_changes_nothing(db: Database, photo: Path) -> None:
    scan_id = _three(db, photo)
    ids = _ids(db, scan_id)
    before = _present(db)
    bad = [
        ReviewChanges(
            reject=(ids["egg"],), relabel={ids["tomato"]: "ketchup"}, confirm=(PUBLIC_ID_BASE + 999,)
        ),
        ReviewChanges(
            reject=(ids["egg"],), add=(AddBox(str(photo), "ketchup", (500.0, 500.0, 600.0, 600.0)),)
        ),
        ReviewChanges(reject=(ids["egg"],), relabel={ids["tomato"]: "   "}),
        ReviewChanges(reject=(ids["egg"],), add=(AddBox(99999, "ketchup", (1.0, 1.0, 20.0, 20.0)),)),
    ]
    for changes in bad:
        with pytest.raises(UserError):
            apply_review(db, TAXONOMY, scan_id, changes)
    assert _present(db) == before
    assert all(d.status in ("detected", "unnamed") for p in review_view(db, TAXONOMY, scan_id).photos
               for d in p.detections)  # fmt: skip
    with db.session() as s:
        assert s.exec(select(DetectionReview)).all() == []


def test_names_resolve_through_the_taxonomy_and_unknown_ones_are_kept() -> None:
    assert resolve_name(TAXONOMY, "tuna, canned").ingredient == "tuna_light_canned_water"
    assert resolve_name(TAXONOMY, "Canned Tuna").ingredient == "tuna_light_canned_water"
    assert resolve_name(TAXONOMY, "tomatoes").ingredient == "tomato"
    own = resolve_name(TAXONOMY, "  Grandma's   Plum Jam ")
    assert (own.ingredient, own.name, own.own) == (None, "grandma's plum jam", True)


def test_correction_files_are_checked_before_anything_is_applied() -> None:
    parsed = parse_changes(
        {"confirm": ["1000001"], "relabel": {"1000002": "ketchup"}, "count": {"1000003": 2},
         "add": [{"photo": 1, "name": "pickles", "box": [1, 2, 30, 40]}]}
    )  # fmt: skip
    assert (
        parsed.confirm == (1000001,)
        and parsed.relabel == {1000002: "ketchup"}
        and parsed.count == {1000003: 2}
    )
    for bad in (
        [],
        {"confrim": [1]},
        {"confirm": ["x"]},
        {"count": {"1": -1}},
        {"count": {"1": 1.5}},
        {"add": [{"photo": 1, "name": "x", "box": [1, 2, 3]}]},
        {"relabel": {"1": 5}},
    ):
        with pytest.raises(UserError):
            parse_changes(bad)


def test_unnamed_containers_cannot_be_confirmed_without_a_name(db: Database, photo: Path) -> None:
    scan_id = _three(db, photo)
    ids = _ids(db, scan_id)
    with pytest.raises(UserError, match="unnamed"):
        apply_review(db, TAXONOMY, scan_id, ReviewChanges(confirm=(ids["bottle"],)))


def test_reviewed_photos_become_yolo_data_and_named_boxes_are_remembered(
    db: Database, tmp_path: Path
) -> None:
    rng_image = Image.effect_noise((200, 100), 80).convert("RGB")  # texture, so crops have features
    path = tmp_path / "textured.png"
    rng_image.save(path)
    scan_id = _scan(
        db,
        path,
        [
            Detection("egg", "egg", 0.9, (10, 10, 90, 90)),
            Detection("tomato", "tomato", 0.5, (100, 10, 190, 90)),
        ],
    )
    ids = _ids(db, scan_id)
    apply_review(
        db, TAXONOMY, scan_id, ReviewChanges(relabel={ids["egg"]: "pickles"}, reject=(ids["tomato"],))
    )
    paths = LarderPaths(tmp_path / "home").ensure()
    learned = learn_from_scan(db, paths, scan_id)
    assert learned.photos == 1 and learned.taught == 1
    folder = dataset_dir(paths)
    classes = json.loads((folder / "classes.json").read_text())
    (label,) = list((folder / "labels").glob("*.txt"))
    rows = [line.split() for line in label.read_text().splitlines()]
    assert [classes[int(r[0])] for r in rows] == ["pickles"]  # the rejected box is not a label
    assert [float(v) for v in rows[0][1:]] == pytest.approx([0.25, 0.5, 0.4, 0.8])
    assert open_memory(paths).names == ("pickles",)
    undo_review(db, scan_id)
    assert learn_from_scan(db, paths, scan_id).taught == 0
    assert len(open_memory(paths)) == 0  # an undone name is forgotten


def test_an_unanswered_question_is_greyed_out_for_training_not_taught_as_background(
    db: Database, tmp_path: Path
) -> None:
    from vision.personal import UNKNOWN_GREY, build_training_set, read_dataset

    path = tmp_path / "textured.png"
    Image.effect_noise((200, 100), 80).convert("RGB").save(path)
    scan_id = _scan(
        db,
        path,
        [
            Detection("egg", "egg", 0.9, (10, 10, 90, 90)),
            Detection(None, "bottle", 0.7, (80, 20, 190, 90), ignored=True, source="container"),
        ],
    )
    ids = _ids(db, scan_id)
    apply_review(db, TAXONOMY, scan_id, ReviewChanges(confirm=(ids["egg"],)))  # the bottle is left unanswered
    paths = LarderPaths(tmp_path / "home").ensure()
    learn_from_scan(db, paths, scan_id)
    classes, (labelled,) = read_dataset(dataset_dir(paths))
    assert [classes[b[0]] for b in labelled.boxes] == ["egg"]
    (unknown,) = labelled.unknown
    assert unknown == pytest.approx((0.4, 0.2, 0.95, 0.9))

    out = tmp_path / "train"
    build_training_set([labelled], out, pasted=0)
    with Image.open(out / "images" / "photo0000.jpg") as seen, Image.open(path) as original:
        seen_rgb, original_rgb = seen.convert("RGB"), original.convert("RGB")
        grey = [seen_rgb.getpixel((x, 55)) for x in range(110, 180, 10)]  # inside the bottle only
        assert all(max(abs(a - b) for a, b in zip(px, UNKNOWN_GREY, strict=True)) < 12 for px in grey)
        egg = [(seen_rgb.getpixel((x, 50)), original_rgb.getpixel((x, 50))) for x in range(20, 80, 10)]
        assert sum(max(abs(a - b) for a, b in zip(s, o, strict=True)) for s, o in egg) / len(egg) < 40

    apply_review(db, TAXONOMY, scan_id, ReviewChanges(relabel={ids["bottle"]: "ketchup"}))
    learn_from_scan(db, paths, scan_id)
    classes, (labelled,) = read_dataset(dataset_dir(paths))
    assert labelled.unknown == () and sorted(classes[b[0]] for b in labelled.boxes) == ["egg", "ketchup"]


def test_a_reviewed_scan_is_undone_review_first(db: Database, photo: Path) -> None:
    scan_id = _three(db, photo)
    ids = _ids(db, scan_id)
    apply_review(db, TAXONOMY, scan_id, ReviewChanges(reject=(ids["egg"],)))
    with pytest.raises(UserError, match="review"):
        manual.undo_scan(db, scan_id)
    undo_review(db, scan_id)
    manual.undo_scan(db, scan_id)
    assert _present(db) == {}
