"""The appearance memory alone: products taught from 2 photos each, found on the other photos.

EpicureAi val (110 photos of the same packaged products and produce, photographed again and again, so
recognising a taught product is what it measures): walking the photos in order, every box of a class
taught fewer than twice so far is taught (its photo is then a teaching photo); every other photo is
judged by `AppearanceMemory.find` alone (no detector): presence per photo, precision/recall/F1, and
milliseconds per photo. (Figures, not a test.)

    python bench/bench_vision_memory.py
    python bench/bench_vision_memory.py --phone [--no-regions]

`--phone`: each judged photo's labelled products are cut out at their own resolution and pasted onto an
aicook fridge photo enlarged to a phone camera's 3024 x 3024 px (a product then spans 5-15 % of the
photo, as on a phone photo of a whole fridge), and searched the way a scan does: the bundled detector's
boxes (down to 0.05) are the regions the memory looks at closely (vision/memory.py), and a product
counts as found when the scan names it from the memory. `--no-regions`: the whole photo only, as
before regions.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("LARDER_SHARED_DIR", "/work/shared"))


PHONE_SIDE = 3024


def phone_photo(
    image: Image.Image, crops: list[Image.Image], background: Path, rng: random.Random
) -> Image.Image:
    """`crops` at their own pixel size on an aicook fridge photo enlarged to a phone photo's size."""
    canvas = Image.open(background).convert("RGB").resize((PHONE_SIDE, PHONE_SIDE), Image.Resampling.BILINEAR)
    for crop in crops:
        x = rng.randrange(0, max(1, PHONE_SIDE - crop.width))
        y = rng.randrange(0, max(1, PHONE_SIDE - crop.height))
        canvas.paste(crop, (x, y))
    return canvas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phone", action="store_true", help="judge on phone-sized fridge photos")
    parser.add_argument("--no-regions", action="store_true", help="--phone without the detector's regions")
    parser.add_argument(
        "--close-look", action="store_true", help="--phone with the scan's close look (vision/close_look.py)"
    )
    args = parser.parse_args()
    from vision import memory as memory_module
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
                box = b.pixels(w, h)
                memory.teach(photo.image.crop(box), name, name, f"{image.stem}-{name}")
        for name in names:
            taught[name] = taught.get(name, 0) + 1
        teaching.add(image)
    judged = [r for r in rows if r[0] not in teaching]
    detector = None
    if args.phone:
        from vision.detector import UltralyticsDetector
        from vision.labels import LabelResolver
        from vision.photos import LoadedPhoto
        from vision.reviewing import ReviewingDetector

        if args.no_regions:
            memory_module.MAX_REGIONS = 0
        base = UltralyticsDetector(REPO / "assets" / "models" / "fridge.pt", LabelResolver(), device="cpu")
        detector = ReviewingDetector(base, memory=memory, close_look=args.close_look)
    backgrounds = load_dataset(SHARED / "datasets" / "aicook" / "data.yaml").images("train")
    rng = random.Random(7)
    tp = fp = fn = 0
    spent = 0.0
    for image, labels in judged:
        truth = {n for n, _ in labels}
        photo = load_photo(image).image
        if args.phone:
            w, h = photo.size
            crops = [photo.crop(b.pixels(w, h)) for _, b in labels]
            photo = phone_photo(photo, crops, rng.choice(backgrounds), rng)
        started = time.perf_counter()
        if detector is None:
            found = {hit.name for hit in memory.find(photo)}
        else:
            loaded = LoadedPhoto(image, "0" * 64, photo.width, photo.height, "JPEG", None, photo)
            found = {d.label for d in detector.detect_one(loaded).detections if d.source == "memory"}
        spent += time.perf_counter() - started
        tp, fp, fn = tp + len(found & truth), fp + len(found - truth), fn + len(truth - found)
    ms = 1000 * spent / len(judged)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"taught {len(memory)} crops from {len(teaching)} photos (2 per class); judged {len(judged)} photos"
    )
    where = f"phone-sized fridge photos ({PHONE_SIDE} px)" if args.phone else "the data set's photos"
    print(
        f"{'a scan (detector + memory)' if detector else 'memory alone'} on {where}"
        f"{', no regions' if args.no_regions else ''}: precision {p:.3f}, recall {r:.3f}, "
        f"F1 {f1:.3f}; {ms:.0f} ms per photo ({'the whole scan' if detector else 'search only'})"
    )


if __name__ == "__main__":
    main()
