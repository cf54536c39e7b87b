"""COCO's own fruit and vegetable rows on a fridge the food model does not know: figures, a what-if.

The fridge model's head grew out of COCO YOLOv8n's (vision/bundled/train_bundled.py), and on a fridge it
never saw it finds COCO's own produce classes worse than COCO does: on aicook's 364 photos, which neither
model trained on, the unmodified COCO model (`assets/models/containers.pt`, the scan's container model)
asked at 640 px finds apples at P 0.68 / R 0.27 (conf 0.2) where a base trained without aicook finds
almost none. This asks the COCO model for its food rows once per photo of each bench/strangers_cache.py
cache (stored beside it as coco-<name>.json), then scores Larder's claim path
(bench_vision_strangers.claims) with COCO's produce boxes added as claims on the whole-fridge photos
the model finds unfamiliar, for a few rules: which classes, from which confidence, and whether a food
box of the model's own already covering the spot (it has a name for it) vetoes the addition.

    python bench/strangers_coco_produce.py --calibrate-on epicureai-val.json fridge-objects-val.json \\
        --judge aicook-train.json aicook-val.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import bench_vision_strangers as strangers  # noqa: E402

COCO_PRODUCE = {46: "banana", 47: "apple", 49: "orange", 50: "broccoli", 51: "carrot"}
SIZES = (416, 640)
RULES: dict[str, dict[str, float]] = {
    "none (today)": {},
    "banana, carrot from 0.35": {"banana": 0.35, "carrot": 0.35},
    "banana, carrot from 0.25": {"banana": 0.25, "carrot": 0.25},
    "banana, carrot 0.35, apple 0.35": {"banana": 0.35, "carrot": 0.35, "apple": 0.35},
    "banana, carrot 0.35, apple 0.5": {"banana": 0.35, "carrot": 0.35, "apple": 0.5},
    "all five from 0.35": {c: 0.35 for c in COCO_PRODUCE.values()},
}


def coco_boxes(cache_path: Path) -> dict[str, Any]:
    """COCO's food-row boxes on every photo of the cache, at both sizes (asked once, then read back)."""
    out_path = cache_path.with_name("coco-" + cache_path.name)
    if out_path.is_file():
        return dict(json.loads(out_path.read_text()))
    from vision.bundled.offline_env import configure_offline

    configure_offline()
    from vision.containers import CONTAINER_MODEL
    from vision.ultralytics_env import yolo_class

    model = yolo_class()(str(CONTAINER_MODEL), task="detect")
    cache = json.loads(cache_path.read_text())
    out: dict[str, Any] = {}
    started = time.perf_counter()
    for photo in cache["photos"]:
        per = {}
        for imgsz in SIZES:
            r = model.predict(
                photo["path"], imgsz=imgsz, conf=0.05, verbose=False, classes=list(range(46, 56))
            )[0]
            per[str(imgsz)] = [
                [int(k), round(float(s), 4), [round(v, 1) for v in b]]
                for k, s, b in zip(
                    r.boxes.cls.tolist(), r.boxes.conf.tolist(), r.boxes.xyxy.tolist(), strict=True
                )
            ]
        out[photo["path"]] = per
    out_path.write_text(json.dumps(out))
    print(f"asked COCO about {len(out)} photos in {time.perf_counter() - started:.1f} s -> {out_path.name}")
    return out


def claimed_with_coco(
    cache: Mapping[str, Any],
    coco: Mapping[str, Any],
    calibration: Any,
    parent_id: Any,
    rule: Mapping[str, float],
    size: str,
    veto: bool,
) -> tuple[list[set[str]], int]:
    """What the scan claims on each photo with COCO's produce boxes added by `rule`; how many claims that adds."""
    from vision.close_look import is_unfamiliar
    from vision.containers import overlap

    out = []
    added = 0
    for photo in cache["photos"]:
        got = strangers.claims(photo, calibration, parent_id)
        if rule and photo["close"] is not None and is_unfamiliar(strangers._found(photo, "first")):
            # every food box of the model's, faint ones too: where it already has a name of its own
            named = [b[3] for key in ("first", "close") for b in photo[key] if b[1]]
            for k, conf, box in coco[photo["path"]][size]:
                cls = COCO_PRODUCE.get(k)
                if cls is None or cls not in rule or conf < rule[cls]:
                    continue
                if veto and any(overlap(box, other)[0] >= 0.5 for other in named):
                    continue
                added += cls not in got
                got.add(cls)
        out.append(got)
    return out, added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate-on", type=Path, nargs="+", required=True)
    parser.add_argument("--judge", type=Path, nargs="+", required=True)
    parser.add_argument("--ceiling", type=float, default=0.25, help="the calibration's unfamiliar_from")
    args = parser.parse_args()
    from data.taxonomy import load_taxonomy
    from vision.bundled.classes import class_names

    taxonomy = load_taxonomy()

    def parent_id(word: str) -> str | None:
        found = taxonomy.lookup(word)
        return found.id if found is not None else None

    base = strangers.calibration_from([json.loads(p.read_text()) for p in args.calibrate_on], class_names())
    calibration = replace(base, unfamiliar_from=args.ceiling)
    for path in args.judge:
        cache = json.loads(path.read_text())
        coco = coco_boxes(path)
        print(f"\n{cache['source']} {cache['split']} ({len(cache['photos'])} photos), ceiling {args.ceiling}")
        print("| COCO produce added | size | own box vetoes | P / R vocabulary | P all | claims added |")
        print("|---|---|---|---|---|---|")
        for name, rule in RULES.items():
            for size in map(str, SIZES) if rule else ("-",):
                for veto in (False, True) if rule else (False,):
                    claimed, added = claimed_with_coco(cache, coco, calibration, parent_id, rule, size, veto)
                    v = strangers.score(cache, claimed, True)
                    a = strangers.score(cache, claimed, False)
                    print(
                        f"| {name} | {size} | {'yes' if veto else 'no'} | {v[0]:.3f} / {v[1]:.3f} | {a[0]:.3f} "
                        f"| {added} |"
                    )


if __name__ == "__main__":
    main()
