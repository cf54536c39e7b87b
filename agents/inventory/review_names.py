"""What a name the user types in a review means: a taxonomy ingredient, or the user's own item.

Names resolve through the taxonomy (ids, aliases, plurals, case and spacing), also with a
"tuna, canned" comma turned round into "canned tuna". A name the taxonomy lacks is not refused: it
becomes the user's own item (no nutrients), kept under the name they typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from agents.errors import UserError

if TYPE_CHECKING:
    from data.taxonomy import Taxonomy

MAX_NAME = 80


@dataclass(frozen=True)
class ResolvedName:
    ingredient: str | None  # taxonomy id, None for the user's own item
    name: str  # the taxonomy's name, or the user's own words (tidied)
    own: bool  # True when the taxonomy does not know it


def _candidates(text: str) -> list[str]:
    out = [text]
    if "," in text:
        head, _, tail = text.partition(",")
        out.append(f"{tail.strip()} {head.strip()}")
    return out


def resolve_name(taxonomy: Taxonomy, name: str) -> ResolvedName:
    text = " ".join(str(name).split())
    if not text:
        raise UserError("a name is empty: say what the item is")
    if len(text) > MAX_NAME:
        raise UserError(f"name {text[:20]!r}...: at most {MAX_NAME} characters")
    for candidate in _candidates(text):
        found = taxonomy.lookup(candidate)
        if found is not None:
            return ResolvedName(found.id, found.name, False)
    return ResolvedName(None, text.lower(), True)
