"""What a reviewable scan claims and what it asks ("is this a tomato?"), per source: figures, not a test.

Runs Larder's own scan path (vision.reviewing.ReviewingDetector: calibration, then the faint guesses of
vision/suggestions.py) on each data set's val photos and scores presence per photo, as
vision/bundled/calibrate.py does (only the classes the photo's data set labels):

* claims: what the scan reports (counted as food);
* questions: the guesses it asks about instead, how many a photo and how often the guess is right;
* after answering: the claims plus the guesses a user says yes to (the wrong ones are rejected), i.e.
  what one click per question buys over drawing every missed box by hand.

    python bench/bench_vision_questions.py                       # the shipped model and calibration
    python bench/bench_vision_questions.py --model BASE.pt --hold-out aicook
        # a base trained without aicook; its calibration chosen on the other two sources' val photos
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from vision.bundled.classes import SOURCES  # noqa: E402
from vision.bundled.offline_env import SHARED_DIR, configure_offline  # noqa: E402


@dataclass
class Tally:
    photos: int = 0
    claim_tp: int = 0
    claim_fp: int = 0
    truth: int = 0
    asked: int = 0
    asked_right: int = 0
    found_by_answers: int = 0  # labelled items only a question found
    ms: float = 0.0

    def row(self, name: str) -> str:
        p = self.claim_tp / max(1, self.claim_tp + self.claim_fp)
        r = self.claim_tp / max(1, self.truth)
        after_r = (self.claim_tp + self.found_by_answers) / max(1, self.truth)
        after_p = (self.claim_tp + self.found_by_answers) / max(
            1, self.claim_tp + self.claim_fp + self.found_by_answers
        )
        q_p = self.asked_right / max(1, self.asked)
        return (
            f"| {name} | {self.photos} | {p:.3f} | {r:.3f} | {2 * p * r / max(1e-9, p + r):.3f} | "
            f"{self.asked / max(1, self.photos):.1f} | {q_p:.3f} | {after_p:.3f} | {after_r:.3f} | "
            f"{self.ms / max(1, self.photos):.0f} |"
        )


def calibration_without(model: Path, source: str) -> object:
    """The calibration calibrate.py would choose for a model that never saw `source`: on the others."""
    from vision.bundled import calibrate
    from vision.ultralytics_env import yolo_class

    names = [str(n) for n in yolo_class()(str(model), task="detect").names.values()]
    rest = [p for p in calibrate.load_photos(model) if p.source != source]
    demoted = calibrate.demoted_classes(names)
    rules = calibrate.rules_for(rest, names, demoted)
    return calibrate.as_calibration(rules, demoted, f"calibrate.rules_for without {source}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=REPO / "assets" / "models" / "fridge.pt")
    parser.add_argument("--hold-out", choices=sorted(SOURCES), default=None)
    parser.add_argument(
        "--no-close-look", action="store_true", help="ask every photo once at 416 px (vision/close_look.py)"
    )
    parser.add_argument("--limit", type=int, default=None, help="val photos per source (default all)")
    parser.add_argument(
        "--ask-from", type=float, default=None, help="lowest confidence asked (default Larder's)"
    )
    args = parser.parse_args()
    configure_offline()
    from data.taxonomy import load_taxonomy
    from vision.calibration import Calibration, load_calibration
    from vision.datasets import load_dataset, read_labels
    from vision.detector import DEFAULT_CONF, UltralyticsDetector
    from vision.labels import LabelResolver
    from vision.photos import load_photo
    from vision.reviewing import ReviewingDetector
    from vision.suggestions import SUGGEST_FROM

    taxonomy = load_taxonomy()

    def parent_id(word: str) -> str | None:
        found = taxonomy.lookup(word)
        return found.id if found is not None else None

    if args.hold_out:
        calibration = calibration_without(args.model, args.hold_out)
        sources = [args.hold_out]
    else:
        calibration = load_calibration(args.model)
        sources = list(SOURCES)
    assert calibration is None or isinstance(calibration, Calibration)
    base = UltralyticsDetector(args.model, LabelResolver(), device="cpu")
    ask_from = SUGGEST_FROM if args.ask_from is None else args.ask_from
    detector = ReviewingDetector(
        base,
        calibration=calibration,
        parent_id=parent_id,
        suggest_from=ask_from,
        close_look=not args.no_close_look,
    )
    print(
        f"model {args.model.name}; calibration: {calibration.source if calibration else 'none'}; asks from {ask_from}; "
        f"close look {'off' if args.no_close_look else 'on'}"
    )
    print(
        "| val split | photos | claims P | claims R | claims F1 | questions a photo | questions right | "
        "after answering P | after answering R | ms a photo |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for source in sources:
        mapping = SOURCES[source]
        dataset = load_dataset(SHARED_DIR / "datasets" / source / "data.yaml")
        vocabulary = {mapping.get(n, n) for n in dataset.names.values()}
        tally = Tally()
        for image in dataset.images("val")[: args.limit]:
            truth = {
                mapping.get(dataset.names[b.cls], dataset.names[b.cls])
                for b in read_labels(image, len(dataset.names))
            }
            photo = load_photo(image)
            started = time.perf_counter()
            found = detector.detect_one(photo, conf=DEFAULT_CONF)
            tally.ms += (time.perf_counter() - started) * 1000
            claims = {d.ingredient for d in found.detections if not d.ignored and d.ingredient} & vocabulary
            asked = {d.ingredient for d in found.detections if d.unnamed and d.ingredient} & vocabulary
            tally.photos += 1
            tally.truth += len(truth)
            tally.claim_tp += len(claims & truth)
            tally.claim_fp += len(claims - truth)
            tally.asked += len(asked)
            tally.asked_right += len(asked & truth)
            tally.found_by_answers += len((asked & truth) - claims)
        print(tally.row(source), flush=True)


if __name__ == "__main__":
    main()
