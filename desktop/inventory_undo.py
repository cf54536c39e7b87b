"""Undo and redo of the inventory edits made in the window, as QUndoCommands over the Larder.

Each command remembers the item as it was before and after (frozen rows from the front door) and puts
it back with the Larder's own edit calls, so every undo and redo is a real, validated, recorded write
(it shows in the item's history), never a change to the table alone. The first redo, which QUndoStack
runs on push, does nothing: the change it records has just been made.

A saved scan and each correction of it made on the Fridge page go on the same stack (ScanSaved,
ReviewStep), so Ctrl+Z on either page undoes the newest change wherever it was made; their writes run
off the UI thread through the Fridge page's queue (ReviewQueue), one at a time and in order.

The stack is the main window's: it outlives the pages (a theme switch builds them again), and
`hand_over` points the commands already on it at the new pages. Every undo and redo goes through
`undo_in_turn` / `redo_in_turn`, which wait for the writes still pending in the pages' queues (UndoGate):
a Ctrl+Z pressed on any page acts after the changes made before it have landed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack

from agents.app import InventoryRow, Larder, ReviewChanges


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

    def rebind(self, on_done: Callable[[BaseException | None], None]) -> None:
        """Report to `on_done` from now on (the page that made this command was built again)."""
        self._on_done = on_done

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


class ReviewQueue(Protocol):
    """Who runs a scan's and its corrections' writes off the UI thread, in order (the Fridge page)."""

    def queue_undo_review(self, command: ReviewStep) -> None: ...
    def queue_redo_review(self, command: ReviewStep) -> None: ...
    def queue_undo_scan(self, command: ScanSaved) -> None: ...
    def redo_refused(self, command: QUndoCommand, why: str) -> None: ...
    def scan_undone(self, scan_id: int) -> bool: ...


class _Queued(QUndoCommand):
    """A command whose writes are queued (undo()/redo() return at once, the write lands later, in order).
    `queue` is the page that writes them (set by the subclasses; `hand_over` points it at a new one).

    QUndoStack moves its index before the write is made; when the write then fails, the queue calls
    `restore_index`, which runs the opposite step on the stack as a no-op so the index says again what
    the database says."""

    queue: ReviewQueue

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._fresh = True  # the first redo, which push() runs, records a write that has just been made
        self._skip = False

    def _skipped(self) -> bool:
        if self._fresh or self._skip:
            self._fresh = self._skip = False
            return True
        return False

    def restore_index(self, stack: QUndoStack, *, undo_failed: bool) -> None:
        """Only while the stack still stands just past this command's step: after later presses of
        Ctrl+Z the index belongs to them (their writes are queued behind this one and may fail too)."""
        at = stack.index() if undo_failed else stack.index() - 1
        if not 0 <= at < stack.count() or stack.command(at) is not self:
            return
        self._skip = True
        if undo_failed:
            stack.redo()
        else:
            stack.undo()


class ReviewStep(_Queued):
    """One correction of a saved scan (keep, reject, rename, count, draw): undo is the front door's
    undo_review (the scan's newest correction, detections and inventory as one), redo applies the same
    changes again. Once its scan is undone a redo is refused: there is nothing left to correct."""

    def __init__(self, text: str, scan_id: int, changes: ReviewChanges, queue: ReviewQueue) -> None:
        super().__init__(text)
        self.scan_id = scan_id
        self.changes = changes
        self.queue = queue

    def undo(self) -> None:
        if not self._skipped():
            self.queue.queue_undo_review(self)

    def redo(self) -> None:
        if self._skipped():
            return
        if self.queue.scan_undone(self.scan_id):
            self.setObsolete(True)  # QUndoStack drops an obsolete command after this redo
            self.queue.redo_refused(self, f"scan {self.scan_id} was undone; its correction cannot come back")
            return
        self.queue.queue_redo_review(self)


class ScanSaved(_Queued):
    """A saved scan: undo puts every item it changed back as it was before it (the front door's
    undo_scan, one transaction). The core has no redo of a scan (the detections would have to be
    counted into the inventory again, which no front-door call does), so a redo is refused with a
    message and the command leaves the stack."""

    def __init__(self, text: str, scan_id: int, queue: ReviewQueue) -> None:
        super().__init__(text)
        self.scan_id = scan_id
        self.queue = queue

    def undo(self) -> None:
        if not self._skipped():
            self.queue.queue_undo_scan(self)

    def redo(self) -> None:
        if self._skipped():
            return
        self.setObsolete(True)
        self.queue.redo_refused(
            self, f"a scan cannot be redone: scan the photos again to count them in (scan {self.scan_id})"
        )


def queued_by(command: QUndoCommand | None) -> ReviewQueue | None:
    """The page whose write queue runs this command's writes; None for a command that writes at once."""
    return command.queue if isinstance(command, _Queued) else None


def hand_over(
    stack: QUndoStack, items_done: Callable[[BaseException | None], None], queue: ReviewQueue
) -> None:
    """The pages were built again over the window's stack: its commands report to the new ones."""
    for index in range(stack.count()):
        command = stack.command(index)
        if isinstance(command, ItemsChange):
            command.rebind(items_done)
        elif isinstance(command, _Queued):
            command.queue = queue


class UndoGate(Protocol):
    """A page that queues its writes: an undo or redo asked for while some are pending waits its turn."""

    def run_after_writes(self, step: Callable[[], None], command: QUndoCommand | None) -> bool:
        """Queue `step` behind this page's pending writes and say True, or False when there is nothing
        `command` (the one the step would undo or redo) must wait for."""
        ...


def undo_in_turn(stack: QUndoStack, gates: Iterable[UndoGate]) -> None:
    """stack.undo(), once the writes made before this press have landed (a correction still being written
    goes on the stack when it lands: undoing now would undo the change before the newest)."""
    gates = tuple(gates)
    command = stack.command(stack.index() - 1) if stack.canUndo() else None
    for gate in gates:
        if gate.run_after_writes(lambda: undo_in_turn(stack, gates), command):
            return
    stack.undo()


def redo_in_turn(stack: QUndoStack, gates: Iterable[UndoGate]) -> None:
    """stack.redo(), once the writes made before this press have landed."""
    gates = tuple(gates)
    command = stack.command(stack.index()) if stack.canRedo() else None
    for gate in gates:
        if gate.run_after_writes(lambda: redo_in_turn(stack, gates), command):
            return
    stack.redo()
