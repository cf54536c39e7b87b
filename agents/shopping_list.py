"""The user's own shopping list: entries the cart agent buys alongside the nutrition agent's picks.

Names resolve to taxonomy ingredients where an id or alias matches ("eggs" -> egg); anything else
stays a free-text entry, which the cart lists as having no product rather than dropping it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from agents.errors import UserError
from data.db import Database
from data.models import ShoppingList, ShoppingListItem, utcnow
from data.settings import get_setting, set_setting
from data.taxonomy import Taxonomy

UNITS = ("piece", "package", "g", "kg", "ml", "l")
# The order the user put the entries in, as a list of entry ids in the settings table: a position column
# would need a schema migration for what is only a display order (entries not in it sort last, by id).
ORDER_KEY = "shopping_list.order"


@dataclass(frozen=True)
class EntryView:
    id: int
    list_id: int
    name: str
    ingredient: str | None
    quantity: float
    unit: str
    note: str
    checked: bool

    def to_public(self) -> dict[str, object]:
        return {
            "id": self.id,
            "list_id": self.list_id,
            "name": self.name,
            "ingredient": self.ingredient,
            "quantity": self.quantity,
            "unit": self.unit,
            "note": self.note,
            "checked": self.checked,
        }


def _view(item: ShoppingListItem) -> EntryView:
    assert item.id is not None
    return EntryView(
        item.id,
        item.list_id,
        item.name,
        item.ingredient_id,
        item.quantity,
        item.unit,
        item.note,
        item.checked,
    )


def _default_list(session: Session) -> ShoppingList:
    found = session.exec(select(ShoppingList).order_by(col(ShoppingList.id))).first()
    if found is None:
        found = ShoppingList(name="Shopping list")
        session.add(found)
        session.flush()
    return found


def add_entry(
    db: Database,
    taxonomy: Taxonomy,
    name: str,
    quantity: float = 1.0,
    unit: str | None = None,
    note: str = "",
) -> EntryView:
    """Adds to the entry for the same ingredient and unit if there is an unticked one, else creates it."""
    name = " ".join(name.split())
    if not name:
        raise UserError("a shopping-list entry needs a name")
    if not 0 < quantity < 100_000:
        raise UserError(f"quantity {quantity:g}: must be more than 0")
    if unit is not None and unit not in UNITS:
        raise UserError(f"unit {unit!r}: use one of {', '.join(UNITS)}")
    ingredient = taxonomy.lookup(name)
    unit = unit or (ingredient.unit if ingredient else "piece")
    with db.session() as s:
        shopping_list = _default_list(s)
        existing = None
        if ingredient is not None:
            existing = s.exec(
                select(ShoppingListItem).where(
                    ShoppingListItem.list_id == shopping_list.id,
                    ShoppingListItem.ingredient_id == ingredient.id,
                    ShoppingListItem.unit == unit,
                    ShoppingListItem.checked == False,  # noqa: E712
                )
            ).first()
        if existing is not None:
            existing.quantity += quantity
            existing.note = existing.note or note
            item = existing
        else:
            assert shopping_list.id is not None
            item = ShoppingListItem(
                list_id=shopping_list.id,
                ingredient_id=ingredient.id if ingredient else None,
                name=ingredient.name if ingredient else name,
                quantity=quantity,
                unit=unit,
                note=note,
            )
        s.add(item)
        shopping_list.updated_at = utcnow()
        s.add(shopping_list)
        s.flush()
        return _view(item)


def entries(db: Database, *, include_checked: bool = True) -> list[EntryView]:
    """Unticked entries first, each group in the user's order (see move_entry), then by id."""
    with db.session() as s:
        query = select(ShoppingListItem).order_by(col(ShoppingListItem.checked), col(ShoppingListItem.id))
        if not include_checked:
            query = query.where(ShoppingListItem.checked == False)  # noqa: E712
        found = [_view(item) for item in s.exec(query)]
    rank = {entry_id: i for i, entry_id in enumerate(stored_order(db))}
    return sorted(found, key=lambda e: (e.checked, rank.get(e.id, len(rank)), e.id))


def stored_order(db: Database) -> list[int]:
    value = get_setting(db, ORDER_KEY, [])
    return (
        [v for v in value if isinstance(v, int) and not isinstance(v, bool)]
        if isinstance(value, list)
        else []
    )


def move_entry(db: Database, item_id: int, steps: int) -> list[EntryView]:
    """Move an entry `steps` places (negative: up) among the entries shown with it (unticked or ticked);
    returns the whole list in its new order."""
    shown = entries(db)
    moving = next((e for e in shown if e.id == item_id), None)
    if moving is None:
        raise UserError(f"no shopping-list entry with id {item_id} (see `larder list`)")
    ids = [e.id for e in shown]
    group = [e.id for e in shown if e.checked == moving.checked]
    at = group.index(item_id)
    to = max(0, min(len(group) - 1, at + steps))
    if to == at:
        return shown
    target = group[to]
    ids.remove(item_id)
    ids.insert(ids.index(target) + (1 if steps > 0 else 0), item_id)
    set_setting(db, ORDER_KEY, ids)
    return entries(db)


def set_checked(db: Database, item_id: int, checked: bool) -> EntryView:
    with db.session() as s:
        item = _get(s, item_id)
        item.checked = checked
        s.add(item)
        return _view(item)


def remove_entry(db: Database, item_id: int) -> EntryView:
    with db.session() as s:
        item = _get(s, item_id)
        view = _view(item)
        s.delete(item)
        return view


def clear_checked(db: Database) -> int:
    """Removes the ticked entries (bought); returns how many."""
    with db.session() as s:
        ticked = list(s.exec(select(ShoppingListItem).where(ShoppingListItem.checked == True)))  # noqa: E712
        for item in ticked:
            s.delete(item)
        return len(ticked)


def _get(session: Session, item_id: int) -> ShoppingListItem:
    item = session.get(ShoppingListItem, item_id)
    if item is None:
        raise UserError(f"no shopping-list entry with id {item_id} (see `larder list`)")
    return item
