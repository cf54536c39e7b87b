"""Per-home thresholds: at what confidence this home's reviews say each class is worth claiming.

The shipped thresholds were chosen on the fridges the model trained on. On a fridge it has never seen,
its confidences come out low (bench/vision_learning.md, section e): a tomato it guesses at 0.15 may be
right nearly every time in this kitchen, while the yogurt it claims at 0.6 is a tub of cream every time.
Every photo the user reviewed says, for each class the model put there (claimed or asked about), how
sure the model was and whether that food was really there. From that evidence a class's threshold moves
to where the claims this home would have got are right more often than not, weighted so that a wrong
claim costs more than a missed one. The next scan uses it right away, without retraining.

Pure: the evidence comes in (agents/inventory/home_calibration.py reads it from the reviews), the
thresholds go out; vision/calibration.py applies them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Candidate thresholds. The lowest is what a reviewed scan asks the model from (vision/suggestions.py):
# under it there is no evidence.
GRID = tuple(round(0.10 + 0.05 * i, 2) for i in range(17))  # 0.10 ... 0.90
# A wrong claim puts food the user does not have into the plan; a missed one is a question or a box to
# draw. At 1.5 a confidence band is claimed only where it was right at least 60 % of the time (the
# issue's precision goal).
WRONG_COST = 1.5
MIN_EVIDENCE = 3  # photos with the class before its threshold moves: one or two is an anecdote
MIN_GAIN = 1.0  # the move must win at least one net right claim over the photos seen


@dataclass(frozen=True)
class Evidence:
    label: str  # the model's label
    confidence: float  # its most confident box of that label on the photo
    right: bool  # the reviewed photo holds that food


def _gain(items: Iterable[Evidence], threshold: float) -> float:
    return sum(1.0 if e.right else -WRONG_COST for e in items if e.confidence >= threshold)


def home_thresholds(evidence: Iterable[Evidence], default: Callable[[str], float]) -> dict[str, float]:
    """label -> threshold, for the classes where this home's evidence beats `default(label)`."""
    by_label: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        by_label[e.label].append(e)
    out: dict[str, float] = {}
    for label, items in sorted(by_label.items()):
        if len(items) < MIN_EVIDENCE:
            continue
        start = default(label)
        gains = {t: _gain(items, t) for t in GRID}
        best = max(gains.values())
        if best < _gain(items, start) + MIN_GAIN:
            continue
        # of equal gains the smallest move from the default wins
        out[label] = min((t for t, g in gains.items() if g == best), key=lambda t: (abs(t - start), t))
    return out
