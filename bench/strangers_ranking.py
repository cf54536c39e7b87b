"""How well a per-photo class score ranks what is really in a fridge the model does not know: figures.

A threshold only moves the line along the model's ranking of (photo, class) pairs; a better score moves
the whole line. This ranks the pairs of a bench/strangers_cache.py cache by candidate scores built from
the boxes both passes (and any --also sizes) found, and prints for each: average precision, the best
recall at precision >= 0.6 and the best precision at recall >= 0.25 (the issue's strangers' goal), and
the threshold where each is reached. Only whole-fridge photos the model finds unfamiliar count (where
the scan claims from `unfamiliar_from`); the cheese classes count as one "cheese" (as the scan claims
them there); the demoted pantry staples are never claimed there and are left out.

    python bench/strangers_ranking.py aicook-train.json aicook-val.json [--all]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_vision_strangers import _found  # noqa: E402  # a cache's boxes as the scan holds them

Box = tuple[str, float, tuple[float, float, float, float]]


def _group(ingredient: str) -> str:
    from vision.bundled.calibrate import PARENTS

    return PARENTS.get(ingredient, ingredient)


def _boxes(raw: Sequence[Sequence[Any]] | None, demoted: set[str]) -> list[Box]:
    out = []
    for _label, ingredient, conf, box, ignored in raw or ():
        if ignored or not ingredient or ingredient in demoted:
            continue
        out.append((_group(ingredient), float(conf), tuple(box)))  # type: ignore[arg-type]
    return out


def _best(boxes: Sequence[Box], cls: str) -> float:
    return max((c for k, c, _ in boxes if k == cls), default=0.0)


def _agreeing(a: Sequence[Box], b: Sequence[Box], cls: str, iou: float) -> float:
    """The best mean confidence of two same-class boxes, one from each pass, on the same spot."""
    from vision.containers import overlap

    best = 0.0
    for k1, c1, b1 in a:
        if k1 != cls:
            continue
        for k2, c2, b2 in b:
            if k2 == cls and overlap(b1, b2)[0] >= iou:
                best = max(best, (c1 + c2) / 2)
    return best


def _noisy_or(confs: Sequence[float]) -> float:
    out = 1.0
    for c in confs:
        out *= 1 - c
    return 1 - out


Passes = Mapping[str, list[Box]]
SCORES: dict[str, Callable[[Passes, str], float]] = {
    "max of both passes (today)": lambda p, c: max(_best(p["first"], c), _best(p["close"], c)),
    "first pass only": lambda p, c: _best(p["first"], c),
    "close pass only": lambda p, c: _best(p["close"], c),
    "mean of both passes' best": lambda p, c: (_best(p["first"], c) + _best(p["close"], c)) / 2,
    "min of both passes' best": lambda p, c: min(_best(p["first"], c), _best(p["close"], c)),
    "noisy-or of both passes' best": lambda p, c: _noisy_or([_best(p["first"], c), _best(p["close"], c)]),
    "agreeing boxes (IoU 0.3), else half": lambda p, c: max(
        _agreeing(p["first"], p["close"], c, 0.3),
        0.5 * max(_best(p["first"], c), _best(p["close"], c)),
    ),
    "noisy-or of every box": lambda p, c: _noisy_or([x for k, x, _ in [*p["first"], *p["close"]] if k == c]),
}


def _add_sizes(sizes: Sequence[str]) -> None:
    for key in sizes:
        SCORES[f"{key} only"] = lambda p, c, key=key: _best(p[key], c)
        SCORES[f"mean of first, close, {key}"] = lambda p, c, key=key: (
            (_best(p["first"], c) + _best(p["close"], c) + _best(p[key], c)) / 3
        )
        SCORES[f"max of first, close, {key}"] = lambda p, c, key=key: max(
            _best(p["first"], c), _best(p["close"], c), _best(p[key], c)
        )


def pairs(
    cache: Mapping[str, Any],
    sizes: Sequence[str],
    demoted: set[str],
    every_claim: bool,
    familiar_too: bool = False,
) -> list[tuple[Passes, str, bool]]:
    from vision.close_look import is_unfamiliar

    vocabulary = {_group(v) for v in cache["vocabulary"]}
    out = []
    for photo in cache["photos"]:
        if photo["close"] is None or not (familiar_too or is_unfamiliar(_found(photo, "first"))):
            continue
        # a size another cache was asked at and this one was not counts as no boxes
        passes = {key: _boxes(photo.get(key), demoted) for key in ("first", "close", *sizes)}
        truth = {_group(t) for t in photo["truth"]}
        seen = {k for boxes in passes.values() for k, _, _ in boxes}
        for cls in seen | truth:
            if not every_claim and cls not in vocabulary:
                continue
            out.append((passes, cls, cls in truth))
    return out


def figures(scored: Sequence[tuple[float, bool]], positives: int) -> tuple[float, float, str, float, str]:
    ap = tp = fp = 0.0
    best_r, at_r, best_p, at_p = 0.0, "-", 0.0, "-"
    for score, right in sorted(scored, key=lambda s: -s[0]):
        if score <= 0:
            break
        tp, fp = tp + right, fp + (not right)
        p, r = tp / (tp + fp), tp / positives
        if right:
            ap += p / positives
        if p >= 0.6 and r > best_r:
            best_r, at_r = r, f"{score:.3f}"
        if r >= 0.25 and p > best_p and right:
            best_p, at_p = p, f"{score:.3f}"
    return ap, best_r, at_r, best_p, at_p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("caches", type=Path, nargs="+")
    parser.add_argument("--all", action="store_true", help="count every claim, not only the vocabulary")
    parser.add_argument("--familiar-too", action="store_true", help="every whole-fridge photo counts")
    args = parser.parse_args()
    caches = [json.loads(p.read_text()) for p in args.caches]
    sizes = sorted({k for c in caches for p in c["photos"] for k in p if k.startswith("at") and p[k]})
    _add_sizes(sizes)
    print(
        "| score | "
        + " | ".join(
            f"{c['source']} {c['split']}: AP; R at P>=0.6 (from); P at R>=0.25 (from)" for c in caches
        )
        + " |"
    )
    print("|---|" + "---|" * len(caches))
    from vision.bundled.calibrate import demoted_classes
    from vision.bundled.classes import class_names

    demoted = set(demoted_classes(class_names()))
    table: dict[str, list[str]] = defaultdict(list)
    for cache in caches:
        judged = pairs(cache, sizes, demoted, args.all, args.familiar_too)
        # every (photo, class) in the truth counts, also those no box named: recall is the photo's
        positives = sum(right for _, _, right in judged)
        for name, fn in SCORES.items():
            ap, r, at_r, p, at_p = figures([(fn(ps, c), right) for ps, c, right in judged], positives)
            table[name].append(f"{ap:.3f}; {r:.3f} ({at_r}); {p:.3f} ({at_p})")
    for name, cells in table.items():
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
