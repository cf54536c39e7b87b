"""Undo and redo of the inventory edits made in the window, as QUndoCommands over the Larder.

Each command remembers the item as it was before and after (frozen rows from the front door) and puts
it back with the Larder's own edit calls, so every undo and redo is a real, validated, recorded write
(it shows in the item's history), never a change to the table alone. The first redo, which QUndoStack
runs on push, does nothing: the change it records has just been made."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from agents.app import InventoryRow, Larder


def put_back(larder: Larder, item_id: int, state: InventoryRow | None) -> None:
    """Make item `item_id` what `state` says: gone when None (it did not exist) or discarded,
    else present (or used up) with that ingredient, quantity, unit and best-before."""
    if state is None or state.status == "discarded":
        larder.remove_item(item_id)
        return
    larder.edit_item(
        item_id,
        quantity=state.quantity if state.status == "present" else 0,
        unit=state.unit,
        expires_at=state.expires_at,
        clear_expiry=state.expires_at is None,
        ingredient=state.ingredient_id,
    )


class ItemsChange(QUndoCommand):
    """One user action on one or more items: (item id, before, after) for each."""

    def __init__(
        self,
        larder: Larder,
        text: str,
        changes: Sequence[tuple[int, InventoryRow | None, InventoryRow | None]],
        on_done: Callable[[BaseException | None], None],
    ) -> None:
        super().__init__(text)
        self._larder = larder
        self._changes = tuple(changes)
        self._on_done = on_done
        self._fresh = True

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        self._apply([(item_id, after) for item_id, _before, after in self._changes])

    def undo(self) -> None:
        self._apply([(item_id, before) for item_id, before, _after in reversed(self._changes)])

    def _apply(self, states: list[tuple[int, InventoryRow | None]]) -> None:
        # Called from inside Qt: an exception must not escape into C++, so it goes to on_done.
        try:
            for item_id, state in states:
                put_back(self._larder, item_id, state)
        except Exception as exc:
            self._on_done(exc)
        else:
            self._on_done(None)
