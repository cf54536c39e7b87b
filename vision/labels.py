"""From a model's class names to taxonomy ingredient ids.

Data sets name the same food differently (`eggs`, `Egg`, `bell pepper`, `chicken_breast`), so a
label is tried as written and in a few normalised spellings against the taxonomy's names and aliases.
A mapping the user made by hand wins over all of that. Labels that are not food at all (COCO's
`refrigerator`, `person`) are ignored rather than shown as unrecognised items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Resolution = Literal["user", "taxonomy", "unknown", "ignored"]

# COCO classes a fridge photo often contains that are not ingredients (containers, furniture, people).
NOT_FOOD = frozenset(
    {
        "person", "refrigerator", "bowl", "cup", "bottle", "wine glass", "fork", "knife", "spoon",
        "dining table", "chair", "oven", "microwave", "sink", "toaster", "cell phone", "vase",
        "clock", "potted plant", "book", "scissors", "tv", "laptop", "handbag", "cat", "dog",
    }
)  # fmt: skip


@dataclass(frozen=True)
class LabelMatch:
    label: str
    ingredient_id: str | None
    resolution: Resolution


def _singular(word: str) -> list[str]:
    out = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("oes") and len(word) > 4:
        out.append(word[:-2])
    if word.endswith("es") and len(word) > 3:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        out.append(word[:-1])
    return out


def spellings(label: str) -> list[str]:
    """The label as written, then lower case with `_`/`-` as spaces and as underscores, then singulars."""
    base = label.strip()
    spaced = re.sub(r"[_\-\s]+", " ", base.lower()).strip()
    candidates = [base, spaced, spaced.replace(" ", "_")]
    words = spaced.split(" ")
    if words and words[-1]:
        for single in _singular(words[-1]):
            phrase = " ".join([*words[:-1], single])
            candidates += [phrase, phrase.replace(" ", "_")]
    seen: dict[str, None] = {}
    for c in candidates:
        if c:
            seen.setdefault(c, None)
    return list(seen)


def taxonomy_lookup() -> Callable[[str], str | None]:
    """The default lookup: taxonomy names and aliases -> ingredient id."""
    from data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()

    def lookup(name: str) -> str | None:
        found = taxonomy.lookup(name)
        return found.id if found is not None else None

    return lookup


class LabelResolver:
    """Resolves model labels; cheap to call per detection (results are cached per label)."""

    def __init__(
        self,
        lookup: Callable[[str], str | None] | None = None,
        user_mappings: Mapping[str, str] | None = None,
    ) -> None:
        self._lookup = lookup if lookup is not None else taxonomy_lookup()
        self._user = {k.strip().lower(): v for k, v in (user_mappings or {}).items()}
        self.resolve = lru_cache(maxsize=4096)(self._resolve)

    def _resolve(self, label: str) -> LabelMatch:
        user = self._user.get(label.strip().lower())
        if user:
            return LabelMatch(label, user, "user")
        for candidate in spellings(label):
            found = self._lookup(candidate)
            if found:
                return LabelMatch(label, found, "taxonomy")
        if label.strip().lower() in NOT_FOOD:
            return LabelMatch(label, None, "ignored")
        return LabelMatch(label, None, "unknown")

    def ingredient(self, label: str) -> str | None:
        return self.resolve(label).ingredient_id

    def map_all(self, labels: Iterable[str]) -> dict[str, LabelMatch]:
        return {label: self.resolve(label) for label in labels}
