"""From per-photo detections to counts per ingredient for one fridge.

Photos of one fridge show different parts of it (shelves, door), so counts add up across photos;
the same photo given twice (same content hash) is counted once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vision.detections import PhotoDetections


def item_key(ingredient: str | None, label: str) -> str:
    """What one fridge item is keyed by: its ingredient, or `?label` while the label is unrecognised
    (the same rule for counts, saved scans and inventory rows, so a scan finds the row it updates)."""
    return ingredient or f"?{label}"


@dataclass(frozen=True)
class ItemCount:
    ingredient: str | None  # None: an unrecognised label the user can map
    label: str  # the model's label (the most confident one when several map to one ingredient)
    count: int
    confidence: float  # the best detection's confidence
    photos: int  # in how many photos it was seen

    @property
    def key(self) -> str:
        return item_key(self.ingredient, self.label)


def unique_photos(results: Iterable[PhotoDetections]) -> list[PhotoDetections]:
    seen: set[str] = set()
    out = []
    for result in results:
        if result.sha256 not in seen:
            seen.add(result.sha256)
            out.append(result)
    return out


def count_items(results: Iterable[PhotoDetections], *, conf: float = 0.0) -> list[ItemCount]:
    """Counts per ingredient (and per unknown label), most confident first; ignored labels are skipped."""
    counts: dict[str, int] = {}
    best: dict[str, tuple[float, str, str | None]] = {}
    photos: dict[str, set[str]] = {}
    for result in unique_photos(results):
        for det in result.detections:
            if det.ignored or det.confidence < conf:
                continue
            key = item_key(det.ingredient, det.label)
            counts[key] = counts.get(key, 0) + 1
            photos.setdefault(key, set()).add(result.sha256)
            if key not in best or det.confidence > best[key][0]:
                best[key] = (det.confidence, det.label, det.ingredient)
    items = [
        ItemCount(ingredient=ing, label=label, count=counts[key], confidence=score, photos=len(photos[key]))
        for key, (score, label, ing) in best.items()
    ]
    items.sort(key=lambda i: (i.ingredient is None, -i.confidence, i.key))
    return items
