"""List the inventory, add or edit items by hand, mark them not for eating, map an unrecognised
label to an ingredient (remembered for later scans), show the history, or undo the last scan."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from agents.context import CommandContext
from agents.errors import UserError

if TYPE_CHECKING:
    from agents.app import InventoryEventRow, InventoryRow

USAGE = {
    "list": "list",
    "add": "add INGREDIENT [QTY]",
    "set": "set ID QTY",
    "remove": "remove ID",
    "undo": "undo [SCAN_ID]",
    "history": "history",
    "map": "map LABEL INGREDIENT",
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=list(USAGE), default="list")
    p.add_argument(
        "args",
        nargs="*",
        metavar="ARG",
        help="add INGREDIENT [QTY]; set ID QTY; remove ID; undo [SCAN_ID]; map LABEL INGREDIENT",
    )
    p.add_argument("--all", action="store_true", help="include used-up and discarded items")
    p.add_argument(
        "--not-for-eating", action="store_true", help="with add/set: exclude from nutrition supply"
    )


def _number(value: str, what: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise UserError(f"{what} must be a number, not {value!r}") from None


def _int(value: str, what: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise UserError(f"{what} must be a whole number, not {value!r}") from None


def _arity(action: str, args: list[str], low: int, high: int) -> None:
    if not low <= len(args) <= high:
        raise UserError(f"usage: larder inventory {USAGE[action]}")


def _table(items: tuple[InventoryRow, ...]) -> str:
    if not items:
        return "the inventory is empty (add items with `larder inventory add INGREDIENT [QTY]` or `larder scan --save`)"
    lines = [f"{'id':>4}  {'ingredient':28} {'quantity':>10} {'unit':5} {'source':8} status"]
    for i in items:
        flag = " (not for eating)" if i.not_for_eating else ""
        ing = i.ingredient_id or f"? {i.name}"
        lines.append(f"{i.id:>4}  {ing[:28]:28} {i.quantity:>10g} {i.unit:5} {i.source:8} {i.status}{flag}")
    return "\n".join(lines)


def _history(events: tuple[InventoryEventRow, ...]) -> str:
    return (
        "\n".join(
            f"{e.at:%Y-%m-%d %H:%M} {e.kind:9} #{e.item_id} {e.name[:30]:30} "
            f"{e.quantity_before if e.quantity_before is not None else '-'} -> {e.quantity_after} "
            f"({e.status_before or '-'} -> {e.status_after})" + (f" scan {e.scan_id}" if e.scan_id else "")
            for e in events
        )
        or "no inventory history yet"
    )


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    larder = ctx.larder
    action, rest = args.action, list(args.args)
    if action == "list":
        _arity(action, rest, 0, 0)
        items = larder.inventory(include_gone=args.all)
        ctx.emit({"items": [_item_json(i) for i in items]}, lambda: _table(items))
        return 0
    if action == "history":
        _arity(action, rest, 0, 0)
        events = larder.inventory_history()
        ctx.emit({"events": events}, lambda: _history(events))
        return 0
    if action == "undo":
        _arity(action, rest, 0, 1)
        undone = larder.undo_scan(_int(rest[0], "SCAN_ID") if rest else None)
        ctx.emit(
            {"scan_id": undone.scan_id, "restored": [_item_json(i) for i in undone.restored]},
            f"undid scan {undone.scan_id}: {len(undone.restored)} item(s) restored",
        )
        return 0
    if action == "map":
        _arity(action, rest, 2, 2)
        mapped = larder.map_label(rest[0], rest[1])
        ctx.emit(
            {"label": mapped.label, "ingredient": mapped.ingredient, "items_updated": mapped.items_updated},
            f"{mapped.label!r} now maps to {mapped.ingredient} (remembered; {mapped.items_updated} item(s) updated)",
        )
        return 0
    if action == "add":
        _arity(action, rest, 1, 2)
        quantity = _number(rest[1], "QTY") if len(rest) == 2 else None
        item = larder.add_item(rest[0], quantity, not_for_eating=args.not_for_eating)
        ctx.emit({"item": _item_json(item)}, f"#{item.id} {item.name}: {item.quantity:g} {item.unit}")
        return 0
    if action == "set":
        _arity(action, rest, 1, 2)
        if len(rest) == 1 and not args.not_for_eating:
            raise UserError(f"usage: larder inventory {USAGE[action]}")
        quantity = _number(rest[1], "QTY") if len(rest) == 2 else None
        item = larder.set_item(
            _int(rest[0], "ID"), quantity, not_for_eating=True if args.not_for_eating else None
        )
        ctx.emit(
            {"item": _item_json(item)},
            f"#{item.id} {item.name}: {item.quantity:g} {item.unit} ({item.status})",
        )
        return 0
    _arity(action, rest, 1, 1)
    item = larder.remove_item(_int(rest[0], "ID"))
    ctx.emit({"item": _item_json(item)}, f"#{item.id} {item.name}: removed")
    return 0


def _item_json(item: InventoryRow) -> dict[str, object]:
    """The item as `--json` has always shown it (`ingredient` is the taxonomy id), plus its dates."""
    return {
        "id": item.id,
        "ingredient": item.ingredient_id,
        "name": item.name,
        "category": item.category,
        "quantity": item.quantity,
        "unit": item.unit,
        "source": item.source,
        "status": item.status,
        "not_for_eating": item.not_for_eating,
        "confidence": item.confidence,
        "added_at": item.added_at,
        "updated_at": item.updated_at,
        "expires_at": item.expires_at,
    }
