"""A saved scan stored the way `larder scan --save` stores one, without a detector: for the tests of the
review command and of the user's own items."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from agents.inventory.scanning import PhotoInfo, ScanItem, ScanResult
from agents.inventory.store import record_scan
from data.db import Database
from vision.detections import Detection, PhotoDetections


def saved_scan(home: Path, tmp_path: Path) -> int:
    """A saved scan of one photo with an egg and a tomato; its scan id."""
    photo = tmp_path / "fridge.png"
    Image.new("RGB", (200, 100), (120, 120, 120)).save(photo)
    dets = (
        Detection("egg", "egg", 0.9, (10.0, 10.0, 60.0, 60.0)),
        Detection("tomato", "tomato", 0.8, (100.0, 10.0, 150.0, 60.0)),
    )
    items = tuple(ScanItem(d.ingredient, d.label, d.label, 1, d.confidence, 1.0, "piece", 1) for d in dets)
    result = ScanResult(
        "test.pt",
        0.25,
        items,
        (PhotoDetections(photo, "c" * 64, 200, 100, dets, 5.0),),
        (PhotoInfo(str(photo), "c" * 64, 200, 100, None),),
        frozenset({"egg", "tomato"}),
    )
    db = Database(home / "larder.db")
    scan_id = record_scan(db, result, save=True).scan_id
    db.close()
    return scan_id
