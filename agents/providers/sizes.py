"""Package sizes as stores write them ("32 oz", "1/2 gal", "12 ct", "500 g") turned into g, ml or pieces."""

from __future__ import annotations

import re

_MASS_G = {
    "g": 1.0,
    "gr": 1.0,
    "gram": 1.0,
    "grams": 1.0,
    "kg": 1000.0,
    "oz": 28.3495,
    "lb": 453.592,
    "lbs": 453.592,
}
_VOLUME_ML = {
    "ml": 1.0,
    "cl": 10.0,
    "dl": 100.0,
    "l": 1000.0,
    "lt": 1000.0,
    "liter": 1000.0,
    "litre": 1000.0,
    "fl oz": 29.5735,
    "floz": 29.5735,
    "pt": 473.176,
    "pint": 473.176,
    "qt": 946.353,
    "quart": 946.353,
    "gal": 3785.41,
    "gallon": 3785.41,
}
_COUNT = {"ct", "count", "each", "ea", "pc", "pcs", "piece", "pieces", "pk", "pack", "dozen", "doz"}
_SIZE = re.compile(r"^\s*(\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?)\s*(?:x\s*(\d+(?:[.,]\d+)?)\s*)?([a-z. ]*?)\s*$")


def _number(text: str) -> float:
    text = text.replace(",", ".").replace(" ", "")
    if "/" in text:
        num, den = text.split("/", 1)
        return float(num) / float(den) if float(den) else 0.0
    return float(text)


def parse_size(text: str) -> tuple[float, str] | None:
    """(amount, unit) with unit 'g', 'ml' or 'piece'; None when the text is not a size."""
    match = _SIZE.match(text.lower().replace("fl. oz", "fl oz"))
    if not match:
        return None
    amount = _number(match.group(1))
    if match.group(2):  # "6 x 330 ml"
        amount *= _number(match.group(2))
    if amount <= 0:  # "0 g", "1/0 lb": no size to compare prices by
        return None
    unit = match.group(3).strip().rstrip(".")
    if unit in _MASS_G:
        return round(amount * _MASS_G[unit], 1), "g"
    if unit in _VOLUME_ML:
        return round(amount * _VOLUME_ML[unit], 1), "ml"
    if unit in ("dozen", "doz"):
        return amount * 12, "piece"
    if unit in _COUNT or unit == "":
        return amount, "piece"
    return None
