"""How low the claims on a fridge the model does not know should go: figures, not a test.

A scan of a whole fridge the model is unsure of (vision/close_look.py: small items, the first pass's five
most confident food boxes averaging under FAMILIAR_FROM) claims each class from the lower of its calibrated
threshold and the calibration's `unfamiliar_from` (vision/calibration.py). This prints how familiar each
cache's photos look to the model, then scores candidate values of that ceiling through Larder's own claim path (vision.reviewing.ReviewingDetector.refine) on the boxes
bench/strangers_cache.py stored (the model is asked once per photo, the rules many times), presence per
photo as vision/bundled/calibrate.py scores it: "vocabulary" counts only the classes the photo's data set
labels, "all" counts every claim (a claim of a class the data set never labels counts as wrong), and
"known" (with --held-out) only the classes of the held-out source that the other sources label too: the
classes a base trained without it has photos of. A base that never saw aicook has no photo of 21 of its 30
classes (strawberries, shrimp, corn...), which only aicook labels; on the full vocabulary its recall
mixes "a fridge it has never seen" with "a food it has never seen". The bundled model trained on all
three, so a stranger's fridge is new to it but (inside its vocabulary) the foods are not: "known" is the
closer stand-in for its first scan there, if an optimistic one for the classes only one fridge taught it.

    # a base trained without SOURCE: thresholds chosen on the other sources' val photos (as calibrate.py
    # would), the ceiling scored on SOURCE's train photos (to choose it) and val photos (to report it)
    python bench/bench_vision_strangers.py --held-out aicook \\
        --calibrate-on epicureai-val.json fridge-objects-val.json --judge aicook-train.json aicook-val.json
    # the shipped model and calibration file, on each val split
    python bench/bench_vision_strangers.py --model assets/models/fridge.pt --judge *-val.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CEILINGS = (None, 0.05, 0.08, 0.10, 0.12, 0.15, 0.20, 0.25)


def _found(photo: Mapping[str, Any], key: str) -> Any:
    from vision.detections import Detection, PhotoDetections

    dets = tuple(
        Detection(ing, label, conf, tuple(box), ignored) for label, ing, conf, box, ignored in photo[key]
    )
    return PhotoDetections(Path(photo["path"]), "", photo["width"], photo["height"], dets, 0.0)


class _Asked:
    """What ReviewingDetector needs of a base to refine boxes already found: nothing is asked again."""

    imgsz = None


def claimed_boxes(photo: Mapping[str, Any], calibration: Any, parent_id: Any) -> dict[str, list[Any]]:
    """What a scan claims on the cached photo: each claimed ingredient's detections, most confident first."""
    from vision.close_look import is_unfamiliar, merged
    from vision.reviewing import ReviewingDetector

    first = _found(photo, "first")
    whole = photo["close"] is not None
    found = merged(first, _found(photo, "close")) if whole else first
    strange = whole and is_unfamiliar(first)
    out = ReviewingDetector(_Asked(), calibration=calibration, parent_id=parent_id).refine(  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]  # refine reads the photo only for the memory, absent here
        found,
        0.25,
        unfamiliar=strange,
    )
    boxes: dict[str, list[Any]] = {}
    for d in out.detections:
        if not d.ignored and d.ingredient:
            boxes.setdefault(d.ingredient, []).append(d)
    return boxes


def claims(photo: Mapping[str, Any], calibration: Any, parent_id: Any) -> set[str]:
    return set(claimed_boxes(photo, calibration, parent_id))


def _auc(higher: Sequence[float], lower: Sequence[float]) -> float:
    """How often a value of `higher` beats one of `lower` (ties half): 0.5 is no separation."""
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in higher for b in lower)
    return wins / max(1, len(higher) * len(lower))


def where_wrong(
    cache: Mapping[str, Any], calibration: Any, parent_id: Any, known: frozenset[str]
) -> tuple[int, int, Counter[str], dict[str, float]]:
    """Claims, right claims, where each wrong one sits (on a labelled food the base has photos of, named
    wrongly; on one it has none of; where nothing is labelled), and how well the claim's confidence, or its
    margin over the best box of another class on the same spot, tells right claims from those on unseen
    foods (AUC)."""
    from vision.bundled.classes import SOURCES
    from vision.bundled.offline_env import SHARED_DIR
    from vision.containers import covered, overlap
    from vision.datasets import load_dataset, read_labels

    dataset = load_dataset(SHARED_DIR / "datasets" / cache["source"] / "data.yaml")
    mapping = SOURCES[cache["source"]]
    n_claims = right = 0
    wrong: Counter[str] = Counter()
    signals: dict[str, list[tuple[float, float]]] = {"right": [], "unseen food": []}
    for photo in cache["photos"]:
        w, h = photo["width"], photo["height"]
        labels = [
            (
                mapping.get(dataset.names[b.cls], dataset.names[b.cls]),
                b.pixels(w, h),
            )
            for b in read_labels(Path(photo["path"]), len(dataset.names))
        ]
        raw = [
            d
            for key in ("first", "close")
            if photo[key] is not None
            for d in _found(photo, key).detections
            if d.ingredient
        ]
        for ingredient, dets in claimed_boxes(photo, calibration, parent_id).items():
            n_claims += 1
            top = dets[0]
            rival = max(
                (r.confidence for r in raw if r.label != top.label and overlap(r.box, top.box)[0] >= 0.5),
                default=0.0,
            )
            signal = (top.confidence, top.confidence - rival)
            if ingredient in photo["truth"]:
                right += 1
                signals["right"].append(signal)
                continue
            # the labelled item the claim sits on: the best-overlapping one of those it covers as the scan
            # counts covering (vision.containers.covered)
            on = [(overlap(d.box, lb)[0], name) for d in dets for name, lb in labels if covered(d.box, [lb])]
            under = max(on)[1] if on else None
            kind = "nothing labelled" if under is None else "known food" if under in known else "unseen food"
            wrong[kind] += 1
            if kind in signals:
                signals[kind].append(signal)
    aucs = {
        name: _auc([s[i] for s in signals["right"]], [s[i] for s in signals["unseen food"]])
        for i, name in enumerate(("confidence", "margin over a rival class"))
    }
    return n_claims, right, wrong, aucs


def score(
    cache: Mapping[str, Any],
    claimed: Sequence[set[str]],
    vocabulary_only: bool,
    known: frozenset[str] | None = None,
) -> tuple[float, float, float]:
    """Presence P / R / F1 of what was claimed on each of the cache's photos (in its order); `known`: count
    only these classes, in the claims and in the labels alike."""
    tp = fp = fn = 0
    vocabulary = set(cache["vocabulary"])
    for photo, got in zip(cache["photos"], claimed, strict=True):
        truth = set(photo["truth"])
        if vocabulary_only:
            got = got & vocabulary
        if known is not None:
            got, truth = got & known, truth & known
        tp, fp, fn = tp + len(got & truth), fp + len(got - truth), fn + len(truth - got)
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return p, r, 2 * p * r / max(1e-9, p + r)


def calibration_from(caches: Iterable[Mapping[str, Any]], names: Sequence[str]) -> Any:
    """What vision/bundled/calibrate.py chooses on these photos (its first pass is the cache's)."""
    from vision.bundled import calibrate

    photos = [
        calibrate.Photo(
            c["source"],
            frozenset(p["truth"]),
            frozenset(c["vocabulary"]),
            tuple((d[0], d[2]) for d in p["first"]),
        )
        for c in caches
        for p in c["photos"]
    ]
    demoted = calibrate.demoted_classes(names)
    return calibrate.as_calibration(calibrate.rules_for(photos, names, demoted), demoted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="use this model's calibration file")
    parser.add_argument("--held-out", default=None, help="the source the model never saw")
    parser.add_argument(
        "--calibrate-on", type=Path, nargs="*", default=[], help="caches to choose thresholds on"
    )
    parser.add_argument("--judge", type=Path, nargs="+", required=True, help="caches to score")
    parser.add_argument(
        "--where", action="store_true", help="where the wrong claims sit, at the calibration's own ceiling"
    )
    args = parser.parse_args()
    from data.taxonomy import load_taxonomy
    from vision.bundled.classes import class_names
    from vision.calibration import load_calibration

    taxonomy = load_taxonomy()

    def parent_id(word: str) -> str | None:
        found = taxonomy.lookup(word)
        return found.id if found is not None else None

    calibration_caches = [json.loads(p.read_text()) for p in args.calibrate_on]
    if args.model is not None:
        base = load_calibration(args.model)
        where = f"{args.model.name}'s calibration file"
    else:
        base = calibration_from(calibration_caches, class_names())
        where = "thresholds chosen on " + ", ".join(p.name for p in args.calibrate_on)
    judged = [json.loads(p.read_text()) for p in args.judge]
    print(f"{where}; held out: {args.held_out or '-'}")
    from vision.close_look import FAMILIAR_FROM, familiarity

    for cache in judged:
        whole = [familiarity(_found(p, "first")) for p in cache["photos"] if p["close"] is not None]
        if whole:
            whole.sort()
            print(
                f"{cache['source']} {cache['split']}: {len(whole)} whole-fridge photos, familiarity "
                f"{whole[0]:.2f}-{whole[-1]:.2f} (median {whole[len(whole) // 2]:.2f}), "
                f"{sum(f < FAMILIAR_FROM for f in whole)} under {FAMILIAR_FROM}"
            )
    # classes the base has photos of: those the calibration sources label (the model's training sources)
    known = (
        frozenset().union(*(c["vocabulary"] for c in calibration_caches))
        if args.held_out is not None and calibration_caches
        else None
    )
    heads = [f"{c['source']} {c['split']} ({len(c['photos'])} photos)" for c in judged]
    kinds = "P / R / F1 vocabulary; all" + ("; known" if known is not None else "")
    print("| unfamiliar_from | " + " | ".join(f"{h}: {kinds}" for h in heads) + " |")
    print("|---|" + "---|" * len(judged))
    for ceiling in CEILINGS:
        calibration = replace(base, unfamiliar_from=ceiling)
        cells = []
        for cache in judged:
            claimed = [claims(photo, calibration, parent_id) for photo in cache["photos"]]
            v = score(cache, claimed, True)
            a = score(cache, claimed, False)
            cell = f"{v[0]:.3f} / {v[1]:.3f} / {v[2]:.3f}; {a[0]:.3f} / {a[1]:.3f} / {a[2]:.3f}"
            if known is not None:
                k = score(cache, claimed, True, known)
                cell += f"; {k[0]:.3f} / {k[1]:.3f} / {k[2]:.3f}"
            cells.append(cell)
        print(f"| {'none' if ceiling is None else ceiling} | " + " | ".join(cells) + " |")
    if known is not None:
        for cache in judged:
            mine = sorted(set(cache["vocabulary"]) & known)
            print(
                f"known classes of {cache['source']} ({len(mine)} of {len(cache['vocabulary'])}): {', '.join(mine)}"
            )
            if args.where:
                n_claims, right, wrong, aucs = where_wrong(cache, base, parent_id, known)
                sits = ", ".join(f"{kind} {n}" for kind, n in wrong.most_common())
                print(
                    f"  at {base.unfamiliar_from}: {n_claims} claims, {right} right; the wrong ones on: {sits}; "
                    f"precision without those on unseen foods {right / max(1, n_claims - wrong['unseen food']):.3f}"
                )
                print(
                    "  right claims vs those on unseen foods, AUC: "
                    + ", ".join(f"{name} {auc:.3f}" for name, auc in aucs.items())
                )


if __name__ == "__main__":
    main()
