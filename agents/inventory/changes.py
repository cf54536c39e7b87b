"""What changed in the inventory, in the words a person would use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

ChangeKind = Literal["new", "more", "fewer", "same", "gone", "kept_manual", "restored"]


@dataclass(frozen=True)
class Change:
    item_id: int
    ingredient: str | None
    name: str
    kind: ChangeKind
    before: float | None
    after: float | None
    unit: str


def short_name(name: str) -> str:
    """`Milk, whole (3.25%)` -> `milk`: the words a person uses in a sentence."""
    return name.split(",")[0].split("(")[0].strip().lower() or name


def plural(name: str, quantity: float, unit: str) -> str:
    if unit != "piece" or quantity == 1 or name.endswith("s"):
        return name
    if name.endswith("o"):
        return name + "es"
    if name.endswith("y") and len(name) > 1 and name[-2] not in "aeiou":
        return name[:-1] + "ies"
    return name + "s"


def _amount(quantity: float, unit: str) -> str:
    return f"{quantity:g}" if unit == "piece" else f"{quantity:g} {unit}"


def describe_change(change: Change) -> str | None:
    name = short_name(change.name)
    before, after = change.before or 0.0, change.after or 0.0
    if change.kind == "new":
        return f"{_amount(after, change.unit)} {plural(name, after, change.unit)} new"
    if change.kind == "restored":
        return f"{name} back ({_amount(after, change.unit)})"
    if change.kind == "more":
        return f"{_amount(after - before, change.unit)} more {plural(name, after - before, change.unit)}"
    if change.kind == "fewer":
        return f"{_amount(before - after, change.unit)} {plural(name, before - after, change.unit)} used"
    if change.kind == "gone":
        return f"{name} gone"
    return None


def summarise(changes: Sequence[Change]) -> str:
    parts = [text for c in changes if (text := describe_change(c))]
    return "since the last scan: " + (", ".join(parts) if parts else "no change")
