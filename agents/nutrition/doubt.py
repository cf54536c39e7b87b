"""Which inventory items are only "maybe" in the fridge: unconfirmed detections of low confidence.

A detection the user has not confirmed, whose confidence is under MAYBE_BELOW, is kept out of the
supply and listed apart: on other households' fridges the bundled model's reports below that
confidence are wrong more often than right, so counting them as food would let a wrong box (a "bag of
sugar" that is a milk carton) drive the plan. Items the user added, edited or confirmed count in full.
"""

from __future__ import annotations

from agents.nutrition.inputs import SupplyItem

# Measured with tests/nutrition/fixtures/measure_presence_by_confidence.py (2026-12-01): the bundled
# model (assets/models/fridge.pt) on fridge-objects test, 93 photos of other households' fridges it
# never trained on, per photo and reported ingredient. Reports under 0.45 were right 11 of 44 times
# (25 %); 0.45-0.75: 26 of 52 (50 %, a coin flip); 0.75 and over: 52 of 57 (91 %). Under 0.45 a
# report is far more likely wrong than right, so it is a "maybe". (On the aicook and EpicureAi
# validation photos, closer to its training data, the same bins are right 34-91 % and 86-99 %.)
MAYBE_BELOW = 0.45

# Detection review statuses (the Fridge page's review) that mean a person vouched for the item.
SURE_REVIEW_STATUSES = frozenset({"confirmed", "relabelled", "added"})


def is_maybe(item: SupplyItem, threshold: float = MAYBE_BELOW) -> bool:
    """Unconfirmed and of low confidence. An item without a confidence (typed in) is never a maybe."""
    return not item.sure and item.confidence is not None and item.confidence < threshold
