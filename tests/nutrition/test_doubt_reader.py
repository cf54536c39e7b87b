"""The reader's "sure" rule: typed-in items, hand edits and reviewed detections count; doubtful ones don't."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from agents.nutrition.service import plan_from_database
from data.db import Database
from data.models import Detection, InventoryEvent, InventoryItem, Photo, Scan

TODAY = date(2024, 3, 1)
ADDED = datetime(2024, 3, 1, 9, tzinfo=UTC)


def test_low_confidence_detections_are_maybe_unless_a_person_vouched(tmp_path: Path) -> None:
    db = Database(tmp_path / "larder.db")
    with db.session() as s:
        scan = Scan(model="fridge.pt")
        photo = Photo(sha256="0" * 64, path="p.jpg", width=10, height=10)
        s.add(scan)
        s.add(photo)
        s.flush()
        assert scan.id is not None and photo.id is not None

        def detected(ingredient: str, confidence: float) -> InventoryItem:
            item = InventoryItem(
                ingredient_id=ingredient,
                name=ingredient,
                quantity=1,
                unit="piece",
                source="detected",
                confidence=confidence,
                last_scan_id=scan.id,
                added_at=ADDED,
            )
            s.add(item)
            return item

        detected("sugar_granulated", 0.35)  # doubtful: a maybe
        detected("yogurt_plain_whole", 0.36)  # the user confirmed its box on the Fridge page
        edited = detected("cheddar", 0.30)  # the user edited its amount by hand
        detected("milk_whole", 0.90)  # confident: counted
        s.add(InventoryItem(ingredient_id="egg", name="egg", quantity=6, unit="piece", added_at=ADDED))
        s.add(
            Detection(
                scan_id=scan.id,
                photo_id=photo.id,
                ingredient_id="yogurt_plain_whole",
                label="yogurt",
                confidence=0.36,
                x1=0,
                y1=0,
                x2=1,
                y2=1,
                status="confirmed",
            )
        )
        s.flush()
        assert edited.id is not None
        s.add(InventoryEvent(item_id=edited.id, kind="edited", quantity_before=1, quantity_after=2))
    result = plan_from_database(db, today=TODAY)
    db.close()
    counted = {line.ingredient for line in result.supply_lines}
    assert counted == {"yogurt_plain_whole", "cheddar", "milk_whole", "egg"}
    assert [m.ingredient for m in result.maybe] == ["sugar_granulated"]
    assert (
        "sugar 0.35" in " ".join(result.notes) and result.to_public()["maybe_items"][0]["confidence"] == 0.35
    )
