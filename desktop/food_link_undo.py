"""Undo and redo of an own item's link to a food (Fridge page, "Pick nutrients…"), on the window's stack.

A link is a write like a correction: it goes through the Fridge page's queue, one write at a time and in
order, so it joins the same QUndoStack as the scan and its corrections (desktop/inventory_undo.py) and
Ctrl+Z on any page undoes the newest change wherever it was made. Undo puts back the link the item had
before (or none: the item has no nutrients again), redo the one the user picked; both are front-door
calls (Larder.link_own_food / unlink_own_food), never a change to the table alone."""

from __future__ import annotations

from typing import Protocol, cast

from agents.app import FoodLink

# The queued-command base: its index repair and `hand_over` (a rebuilt page takes the command over)
# apply to this command as to a review correction's.
from desktop.inventory_undo import _Queued


class LinkQueue(Protocol):
    """Who writes a link's undo and redo off the UI thread, in turn (the Fridge page)."""

    def queue_link(self, command: LinkStep, link: FoodLink | None, *, undo: bool) -> None: ...


class LinkStep(_Queued):
    """One pick of nutrients: `before` is the item's link until then (None: it had none), `after` the
    link the pick made."""

    def __init__(self, name: str, before: FoodLink | None, after: FoodLink, queue: LinkQueue) -> None:
        super().__init__(f"Nutrients for {name}")
        self.name = name
        self.before = before
        self.after = after
        self.queue = queue  # type: ignore[assignment]  # the Fridge page, a ReviewQueue as well

    def _links(self) -> LinkQueue:
        return cast(LinkQueue, self.queue)

    def undo(self) -> None:
        if not self._skipped():
            self._links().queue_link(self, self.before, undo=True)

    def redo(self) -> None:
        if not self._skipped():
            self._links().queue_link(self, self.after, undo=False)
