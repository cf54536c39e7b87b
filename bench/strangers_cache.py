"""The model's raw boxes on every photo of a split, both passes of a scan, kept in a JSON file.

What a scan claims is decided after the model has answered (calibration, the close look's merge, home
thresholds), so a benchmark that compares claim rules need ask the model only once per photo. This
asks it the way Larder's scan does (vision.reviewing.ReviewingDetector.detect_one with the close look:
the first pass at the model's size from vision.close_look.LOOK_FROM, a second at CLOSE_IMGSZ when the
items are small) and stores both passes' boxes with each photo's labels.

    python bench/strangers_cache.py --model M.pt --source aicook --split train --out cache.json
    # what-ifs a scan does not do (bench/vision_learning.md (i): neither helped)
    python bench/strangers_cache.py ... --augment-close     # test-time augmentation on the second pass
    python bench/strangers_cache.py ... --close-imgsz 800   # a larger second pass
    python bench/strangers_cache.py ... --also 512          # whole-fridge photos asked at 512 too
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from vision.bundled.classes import SOURCES  # noqa: E402
from vision.bundled.offline_env import SHARED_DIR, configure_offline  # noqa: E402


def boxes(found: object) -> list[list[object]]:
    from vision.detections import PhotoDetections

    assert isinstance(found, PhotoDetections)
    return [[d.label, d.ingredient, d.confidence, list(d.box), d.ignored] for d in found.detections]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--source", choices=sorted(SOURCES), required=True)
    parser.add_argument("--split", default="val")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--close-imgsz", type=int, default=None, help="the second pass's size (a what-if)")
    parser.add_argument(
        "--also",
        type=int,
        nargs="*",
        default=[],
        help="more sizes to ask whole-fridge photos at, stored as at<size> (a what-if)",
    )
    parser.add_argument(
        "--augment-close",
        action="store_true",
        help="ultralytics' test-time augmentation on the second pass (a what-if)",
    )
    args = parser.parse_args()
    configure_offline()
    from vision.close_look import CLOSE_IMGSZ, LOOK_FROM, small_items
    from vision.datasets import load_dataset, read_labels
    from vision.detector import UltralyticsDetector
    from vision.labels import LabelResolver
    from vision.photos import load_photo

    mapping = SOURCES[args.source]
    dataset = load_dataset(SHARED_DIR / "datasets" / args.source / "data.yaml")
    vocabulary = sorted({mapping.get(n, n) for n in dataset.names.values()})
    detector = UltralyticsDetector(args.model, LabelResolver(), device="cpu")
    close_imgsz = args.close_imgsz or CLOSE_IMGSZ
    # flips and two smaller scales, boxes merged: what a scan does not do (yet)
    closer = (
        UltralyticsDetector(args.model, LabelResolver(), device="cpu") if args.augment_close else detector
    )
    if args.augment_close:
        closer._model.predict = functools.partial(closer._model.predict, augment=True)  # type: ignore[method-assign]
    photos = []
    started = time.perf_counter()
    for image in dataset.images(args.split)[: args.limit]:
        labels = read_labels(image, len(dataset.names))
        photo = load_photo(image)
        first = detector.detect_one(photo, conf=LOOK_FROM)
        close = closer.detect_one(photo, conf=LOOK_FROM, imgsz=close_imgsz) if small_items(first) else None
        more = {
            f"at{size}": boxes(detector.detect_one(photo, conf=LOOK_FROM, imgsz=size))
            if close is not None
            else None
            for size in args.also
        }
        photos.append(
            {
                **more,
                "path": str(image),
                "width": first.width,
                "height": first.height,
                "truth": sorted({mapping.get(dataset.names[b.cls], dataset.names[b.cls]) for b in labels}),
                "first": boxes(first),
                "close": boxes(close) if close is not None else None,
            }
        )
    payload = {
        "model": str(args.model),
        "source": args.source,
        "split": args.split,
        "augment_close": args.augment_close,
        "close_imgsz": close_imgsz,
        "vocabulary": vocabulary,
        "seconds": round(time.perf_counter() - started, 1),
        "photos": photos,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload) + "\n", encoding="utf-8")
    print(f"{len(photos)} photos in {payload['seconds']} s -> {args.out}")


if __name__ == "__main__":
    main()
