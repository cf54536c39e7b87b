"""The appearance memory alone: products taught from 2 photos each, found on the other photos.

EpicureAi val (110 photos of the same packaged products and produce, photographed again and again, so
recognising a taught product is what it measures): walking the photos in order, every box of a class
taught fewer than twice so far is taught (its photo is then a teaching photo); every other photo is
judged by `AppearanceMemory.find` alone (no detector): presence per photo, precision/recall/F1, and
milliseconds per photo. (Figures, not a test.)

    python bench/bench_vision_memory.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("LARDER_SHARED_DIR", "/work/shared"))


def main() -> None:
    from vision.bundled.classes import EPICUREAI
    from vision.datasets import load_dataset, read_labels
    from vision.memory import AppearanceMemory
    from vision.photos import load_photo

    dataset = load_dataset(SHARED / "datasets" / "epicureai" / "data.yaml")
    rows = []
    for image in dataset.images("val"):
        labels = [
            (EPICUREAI.get(dataset.names[b.cls], dataset.names[b.cls]), b)
            for b in read_labels(image, len(dataset.names))
        ]
        rows.append((image, labels))
    memory = AppearanceMemory(Path(tempfile.mkdtemp()) / "memory")
    taught: dict[str, int] = {}
    teaching = set()
    for image, labels in rows:
        names = {n for n, _ in labels}
        if not any(taught.get(n, 0) < 2 for n in names):
            continue
        photo = load_photo(image)
        w, h = photo.width, photo.height
        for name, b in labels:
            if taught.get(name, 0) < 2:
                box = ((b.cx - b.w / 2) * w, (b.cy - b.h / 2) * h, (b.cx + b.w / 2) * w, (b.cy + b.h / 2) * h)
                memory.teach(photo.image.crop(box), name, name, f"{image.stem}-{name}")
        for name in names:
            taught[name] = taught.get(name, 0) + 1
        teaching.add(image)
    judged = [r for r in rows if r[0] not in teaching]
    tp = fp = fn = 0
    started = time.perf_counter()
    for image, labels in judged:
        truth = {n for n, _ in labels}
        found = {hit.name for hit in memory.find(load_photo(image).image)}
        tp, fp, fn = tp + len(found & truth), fp + len(found - truth), fn + len(truth - found)
    ms = 1000 * (time.perf_counter() - started) / len(judged)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"taught {len(memory)} crops from {len(teaching)} photos (2 per class); judged {len(judged)} photos"
    )
    print(f"memory alone: precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f}; {ms:.0f} ms per photo")


if __name__ == "__main__":
    main()
