"""Scan latency per photo with what review and learning add (figures, not a test).

Warm, in one process, same photos, alternating photo by photo so every variant sees the same load:
  bare       UltralyticsDetector.detect_one (what bench/bench_scan.py measures as Larder's scan path)
  scan       the detector a scan uses now: calibration applied, nothing taught (every plain scan)
  memory     plus an appearance memory of N taught crops (a user who has taught N products)
  review     plus the COCO container pass (only scans saved for review run it)

    python bench/bench_vision_latency.py [--photos 4] [--repeat 2] [--taught 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=4, help="val photos per data set")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--taught", type=int, default=20)
    args = parser.parse_args()
    from vision.calibration import load_calibration
    from vision.containers import open_container_finder
    from vision.datasets import load_dataset, read_labels
    from vision.detector import UltralyticsDetector
    from vision.labels import LabelResolver
    from vision.memory import AppearanceMemory
    from vision.model_choice import bundled_model
    from vision.photos import load_photo
    from vision.reviewing import ReviewingDetector

    model = bundled_model()
    assert model is not None
    photos = []
    for folder in sorted((SHARED / "datasets").glob("*/images/val")):
        photos += sorted(folder.glob("*.jpg"))[: args.photos]
    base = UltralyticsDetector(model, LabelResolver(), device="cpu")
    base.warmup()
    memory = AppearanceMemory(Path(tempfile.mkdtemp()) / "memory")
    dataset = load_dataset(SHARED / "datasets" / "aicook" / "data.yaml")
    taught = 0
    for image in dataset.images("val")[-6:]:  # crops from photos that are not timed
        loaded = load_photo(image)
        for b in read_labels(image, len(dataset.names)):
            if taught >= args.taught:
                break
            w, h = loaded.width, loaded.height
            box = b.pixels(w, h)
            taught += memory.teach(loaded.image.crop(box), dataset.names[b.cls], None, f"k{taught}")
    calibration = load_calibration(model)
    from vision.suggestions import SUGGEST_FROM

    variants: dict[str, UltralyticsDetector | ReviewingDetector] = {
        "bare": base,
        "scan, asked once (before the close look)": ReviewingDetector(base, calibration=calibration),
        "scan": ReviewingDetector(base, calibration=calibration, close_look=True),
        "memory": ReviewingDetector(base, calibration=calibration, memory=memory, close_look=True),
        "review": ReviewingDetector(
            base,
            calibration=calibration,
            memory=memory,
            containers=open_container_finder(),
            suggest_from=SUGGEST_FROM,
            close_look=True,
        ),  # fmt: skip
    }
    variants["review"].detect_one(load_photo(photos[0]))  # builds the container model's predictor
    ms: dict[str, list[tuple[bool, float]]] = {k: [] for k in variants}  # (whole fridge?, ms)
    for _ in range(args.repeat):
        for path in photos:
            photo = load_photo(path)
            whole = "aicook" in path.parts  # aicook's photos show a whole fridge; the others close-ups
            for name, detector in variants.items():
                started = time.perf_counter()
                detector.detect_one(photo)
                ms[name].append((whole, (time.perf_counter() - started) * 1000))
    bare = statistics.median(v for _, v in ms["bare"])
    print(f"{len(photos)} photos x {args.repeat}, memory of {len(memory)} taught crops, model {model.name}")
    print("| variant | median ms | mean ms | vs bare | median, whole-fridge photos | median, close-ups |")
    print("|---|---|---|---|---|---|")
    for name, pairs in ms.items():
        values = [v for _, v in pairs]
        med = statistics.median(values)
        whole_ms = statistics.median([v for w, v in pairs if w] or [0.0])
        close_ms = statistics.median([v for w, v in pairs if not w] or [0.0])
        print(
            f"| {name} | {med:.1f} | {statistics.fmean(values):.1f} | {med / bare:.2f}x | {whole_ms:.1f} | "
            f"{close_ms:.1f} |"
        )


if __name__ == "__main__":
    main()
