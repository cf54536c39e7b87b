"""Derive `assets/models/fridge.calibration.json`: per-class thresholds, demoted classes, parent fallback.

Chosen for fridges the model has never seen, so never scored on the source it was chosen on: for each
of the three shared data sets (aicook, epicureai, fridge-objects), thresholds are chosen on the other
two sources' val photos and scored on the held-out one (leave-one-source-out); the table this prints is
those held-out scores. The committed thresholds are then chosen on all three together. The model
itself was trained on all three train splits (retraining it three times is out of reach on a 2-core
CPU), so the held-out figures measure the calibration's transfer, not the model's.

* Per-class threshold: the confidence from which reporting the class maximises TP - FP on the
  calibration photos (presence per photo, the user's view); a class never labelled there gets
  UNSUPPORTED_THRESHOLD.
* Demoted: pantry staples (taxonomy aisle Pantry / Baking & Spices, or a shelf life of a year or
  more) that whole-fridge photos rarely show; `sugar_granulated` is the bundled model's most frequent
  false report on strangers' fridges. They need DEMOTED_THRESHOLD.
* Unfamiliar fridge: on a whole-fridge photo the model is unsure of (vision/close_look.py), every class
  but the demoted ones is claimed from UNFAMILIAR_FROM when its threshold is higher: a per-class
  threshold chosen on the fridges a model knows is too high for one it does not. Chosen on a base that
  never saw aicook, on aicook's train photos (the most right claims less 1.5 per wrong one, as
  vision/home_thresholds.py weighs them), and reported on its val photos (bench/bench_vision_strangers.py,
  bench/vision_learning.md section h).
* Parent: the cheese classes fall back to "cheese" between PARENT_THRESHOLD and their own threshold
  (what the taxonomy calls cheese), so an unsure goat cheese is still reported as cheese; on an
  unfamiliar fridge they are always claimed as cheese (vision/calibration.py; bench/vision_learning.md (i)).

Presence is scored per photo, counting only classes the photo's data set labels (a data set cannot say
a class it does not label is absent).

Usage: python -m vision.bundled.calibrate [--model PATH] [--out PATH] [--report FILE.md]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vision.bundled.classes import SOURCES
from vision.bundled.offline_env import SHARED_DIR

if TYPE_CHECKING:
    from vision.calibration import Calibration

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "assets" / "models" / "fridge.pt"
OUT = REPO / "assets" / "models" / "fridge.calibration.json"
GRID = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
BASE_CONF = 0.25
DEMOTED_THRESHOLD = 0.85
# A class the calibration photos never label: no evidence either way. 0.5 scored best of 0.5/0.6/0.9
# held out (the highest grid value, "nothing supports it", halved aicook's recall).
UNSUPPORTED_THRESHOLD = 0.5
PARENT_THRESHOLD = 0.35
UNFAMILIAR_FROM = 0.25
PARENTS = {"cheddar": "cheese", "goat_cheese": "cheese", "goat_cheese_aged": "cheese"}
IMGSZ = 416


@dataclass(frozen=True)
class Photo:
    source: str
    truth: frozenset[str]  # taxonomy ids labelled on the photo
    vocabulary: frozenset[str]  # what its data set can label at all
    found: tuple[tuple[str, float], ...]  # (class, confidence) of every box at conf >= 0.05


def load_photos(model_path: Path, limit: int | None = None) -> list[Photo]:
    from vision.datasets import load_dataset, read_labels
    from vision.ultralytics_env import yolo_class

    model = yolo_class()(str(model_path), task="detect")
    photos = []
    for source, mapping in SOURCES.items():
        dataset = load_dataset(SHARED_DIR / "datasets" / source / "data.yaml")
        vocabulary = frozenset(mapping.get(n, n) for n in dataset.names.values())
        for image in dataset.images("val")[:limit]:
            truth = frozenset(mapping.get(dataset.names[b.cls], dataset.names[b.cls])
                              for b in read_labels(image, len(dataset.names)))  # fmt: skip
            result = model.predict(str(image), conf=0.05, imgsz=IMGSZ, device="cpu", verbose=False)[0]
            found = tuple(
                (str(model.names[int(c)]), float(s))
                for c, s in zip(result.boxes.cls.tolist(), result.boxes.conf.tolist(), strict=True)
            )
            photos.append(Photo(source, truth, vocabulary, found))
    return photos


def demoted_classes(names: Iterable[str]) -> dict[str, str]:
    from data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    out = {}
    for name in names:
        try:
            ing = taxonomy.get(name)
        except KeyError:
            continue
        if ing.aisle in ("Pantry", "Baking & Spices") or ing.shelf_life_days >= 365:
            out[name] = f"pantry staple ({ing.aisle}, keeps {ing.shelf_life_days} days): rarely in a fridge"
    return out


@dataclass(frozen=True)
class Rules:
    thresholds: Mapping[str, float]
    parents: Mapping[str, str]
    parent_thresholds: Mapping[str, float]
    parent_ids: Mapping[str, str]  # parent word -> taxonomy id it reports


def reported(photo: Photo, rules: Rules | None) -> set[str]:
    out = set()
    for name, conf in photo.found:
        if rules is None:
            if conf >= BASE_CONF:
                out.add(name)
            continue
        if conf >= rules.thresholds.get(name, BASE_CONF):
            out.add(name)
        elif name in rules.parents and conf >= rules.parent_thresholds.get(name, 1.0):
            out.add(rules.parent_ids[rules.parents[name]])
    return {n for n in out if n in photo.vocabulary}


def score(photos: Sequence[Photo], rules: Rules | None) -> dict[str, float]:
    tp = fp = fn = 0
    for photo in photos:
        found = reported(photo, rules)
        tp += len(found & photo.truth)
        fp += len(found - photo.truth)
        fn += len(photo.truth - found)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
            "photos": len(photos), "tp": tp, "fp": fp, "fn": fn}  # fmt: skip


def choose_thresholds(
    photos: Sequence[Photo], names: Iterable[str], demoted: Mapping[str, str]
) -> dict[str, float]:
    out = {}
    for name in names:
        best_t, best_gain = GRID[-1], 0
        labelled = any(name in p.truth for p in photos)
        for t in GRID:
            gain = 0
            for photo in photos:
                if name not in photo.vocabulary:
                    continue
                says = any(n == name and c >= t for n, c in photo.found)
                if says:
                    gain += 1 if name in photo.truth else -1
            if gain > best_gain:
                best_t, best_gain = t, gain
        if not labelled:
            best_t = UNSUPPORTED_THRESHOLD
        if name in demoted:
            best_t = max(best_t, DEMOTED_THRESHOLD)
        out[name] = best_t
    return out


def rules_for(photos: Sequence[Photo], names: Sequence[str], demoted: Mapping[str, str]) -> Rules:
    from data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    parent_ids = {}
    for word in set(PARENTS.values()):
        found = taxonomy.lookup(word)
        if found is not None:
            parent_ids[word] = found.id
    thresholds = choose_thresholds(photos, names, demoted)
    parents = {k: v for k, v in PARENTS.items() if v in parent_ids}
    parent_thresholds = {k: min(PARENT_THRESHOLD, thresholds[k]) for k in parents if k in thresholds}
    return Rules(thresholds, parents, parent_thresholds, parent_ids)


def as_calibration(rules: Rules, demoted: Mapping[str, str], source: str = "") -> Calibration:
    """`rules` as a scan applies them (what main() writes to the calibration file, read back)."""
    from vision.calibration import Calibration

    return Calibration(
        thresholds={k: v for k, v in rules.thresholds.items() if v > BASE_CONF},
        parents=dict(rules.parents),
        parent_thresholds=dict(rules.parent_thresholds),
        demoted=demoted,
        source=source,
        unfamiliar_from=UNFAMILIAR_FROM,
    )


def leave_one_source_out(photos: Sequence[Photo], names: Sequence[str]) -> list[dict[str, object]]:
    demoted = demoted_classes(names)
    rows: list[dict[str, object]] = []
    for source in SOURCES:
        held = [p for p in photos if p.source == source]
        rest = [p for p in photos if p.source != source]
        rules = rules_for(rest, names, demoted)
        rows.append({"source": source, "before": score(held, None), "after": score(held, rules)})
    return rows


def table(rows: Sequence[Mapping[str, object]]) -> str:
    lines = [
        "| held-out source | photos | before P | before R | before F1 | after P | after R | after F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        b, a = row["before"], row["after"]
        assert isinstance(b, dict) and isinstance(a, dict)
        lines.append(
            f"| {row['source']} | {b['photos']} | {b['precision']:.3f} | {b['recall']:.3f} | {b['f1']:.3f} | "
            f"{a['precision']:.3f} | {a['recall']:.3f} | {a['f1']:.3f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--limit", type=int, default=None, help="val photos per source (default all)")
    args = parser.parse_args()
    from vision.ultralytics_env import yolo_class

    names = [str(n) for n in yolo_class()(str(args.model), task="detect").names.values()]
    photos = load_photos(args.model, args.limit)
    rows = leave_one_source_out(photos, names)
    print(table(rows))
    demoted = demoted_classes(names)
    rules = rules_for(photos, names, demoted)
    payload = {
        "model": args.model.name,
        "derived_by": "vision/bundled/calibrate.py (leave-one-source-out on aicook, epicureai, fridge-objects val)",
        "base_conf": BASE_CONF,
        "thresholds": {k: v for k, v in sorted(rules.thresholds.items()) if v > BASE_CONF},
        "demoted": demoted,
        "parents": dict(rules.parents),
        "parent_thresholds": dict(rules.parent_thresholds),
        "unfamiliar_from": UNFAMILIAR_FROM,
        "loso": rows,
        "all_sources_after": score(photos, rules),
        "all_sources_before": score(photos, None),
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
