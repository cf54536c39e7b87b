"""What the cart must cover: the nutrition agent's recommendations and the user's shopping list, merged
so an ingredient asked for twice becomes one need that keeps both reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from agents.nutrition.result import Recommendation

# The user wrote it on the list themselves: it outranks any computed deficit when the budget is tight.
LIST_PRIORITY = 1_000_000.0


@dataclass(frozen=True)
class ListEntry:
    """A shopping-list line. `grams` None means "some": buy the smallest sensible amount (`packages`)."""

    name: str
    ingredient: str | None = None
    grams: float | None = None
    packages: int = 1
    note: str = ""


@dataclass(frozen=True)
class Need:
    key: str  # ingredient id, or the normalised name of an unknown list entry
    ingredient: str | None
    name: str
    grams: float | None  # at least this much; None: `packages` packages of any size
    packages: int
    reasons: tuple[str, ...]
    origins: tuple[str, ...]  # "list", "agent"
    priority: float

    @property
    def origin(self) -> str:
        return "+".join(self.origins)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _key(ingredient: str | None, name: str) -> str:
    return ingredient or " ".join(name.lower().split())


def merge_needs(recommendations: Sequence[Recommendation], entries: Sequence[ListEntry]) -> list[Need]:
    """One need per ingredient. Buying the larger of the two amounts satisfies both the list and the
    deficit (the agent's amount already counts what the fridge holds), so amounts merge by max, not sum."""
    merged: dict[str, Need] = {}
    for entry in entries:
        key = _key(entry.ingredient, entry.name)
        reason = "on your shopping list" + (f" ({entry.note})" if entry.note else "")
        need = Need(
            key,
            entry.ingredient,
            entry.name,
            entry.grams,
            entry.packages,
            (reason,),
            ("list",),
            LIST_PRIORITY,
        )
        merged[key] = _combine(merged[key], need) if key in merged else need
    for rec in recommendations:
        key = _key(rec.ingredient, rec.name)
        need = Need(
            key, rec.ingredient, rec.name, max(rec.grams, 0.0), 1, (rec.reason,), ("agent",), rec.priority
        )
        merged[key] = _combine(merged[key], need) if key in merged else need
    return sorted(merged.values(), key=lambda n: -n.priority)


def _combine(a: Need, b: Need) -> Need:
    grams = None if a.grams is None and b.grams is None else max(a.grams or 0.0, b.grams or 0.0)
    origins = a.origins + tuple(o for o in b.origins if o not in a.origins)
    reasons = a.reasons + tuple(r for r in b.reasons if r not in a.reasons)
    return Need(
        key=a.key,
        ingredient=a.ingredient or b.ingredient,
        name=a.name if "list" in a.origins else b.name,
        grams=grams,
        packages=max(a.packages, b.packages),
        reasons=reasons,
        origins=origins,
        priority=max(a.priority, b.priority),
    )
