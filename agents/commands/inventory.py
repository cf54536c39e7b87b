"""List the inventory, add or edit items by hand, mark them not for eating, map an unrecognised
label to an ingredient (remembered for later scans), show the history, or undo the last scan."""

from __future__ import annotations

import argparse

from agents.context import CommandContext
from agents.errors import UserError

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


def _table(items: list) -> str:  # type: ignore[type-arg]
    if not items:
        return "the inventory is empty (add items with `larder inventory add INGREDIENT [QTY]` or `larder scan --save`)"
    lines = [f"{'id':>4}  {'ingredient':28} {'quantity':>10} {'unit':5} {'source':8} status"]
    for i in items:
        flag = " (not for eating)" if i.not_for_eating else ""
        ing = i.ingredient or f"? {i.name}"
        lines.append(f"{i.id:>4}  {ing[:28]:28} {i.quantity:>10g} {i.unit:5} {i.source:8} {i.status}{flag}")
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from agents.inventory import manual

    action, rest = args.action, list(args.args)
    if action == "list":
        _arity(action, rest, 0, 0)
        items = manual.list_items(ctx.db, include_gone=args.all)
        ctx.emit({"items": items}, lambda: _table(items))
        return 0
    if action == "history":
        _arity(action, rest, 0, 0)
        events = manual.history(ctx.db)
        ctx.emit(
            {"events": events},
            lambda: (
                "\n".join(
                    f"{e.at:%Y-%m-%d %H:%M} {e.kind:9} #{e.item_id} {e.name[:30]:30} "
                    f"{e.quantity_before if e.quantity_before is not None else '-'} -> {e.quantity_after} "
                    f"({e.status_before or '-'} -> {e.status_after})"
                    + (f" scan {e.scan_id}" if e.scan_id else "")
                    for e in events
                )
                or "no inventory history yet"
            ),
        )
        return 0
    if action == "undo":
        _arity(action, rest, 0, 1)
        scan_id, items = manual.undo_scan(ctx.db, _int(rest[0], "SCAN_ID") if rest else None)
        ctx.emit(
            {"scan_id": scan_id, "restored": items}, f"undid scan {scan_id}: {len(items)} item(s) restored"
        )
        return 0
    if action in ("add", "map"):
        from data.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
        if action == "map":
            _arity(action, rest, 2, 2)
            ingredient, changed = manual.map_label(ctx.db, taxonomy, rest[0], rest[1])
            ctx.emit(
                {"label": rest[0], "ingredient": ingredient, "items_updated": changed},
                f"{rest[0]!r} now maps to {ingredient} (remembered; {changed} item(s) updated)",
            )
            return 0
        _arity(action, rest, 1, 2)
        quantity = _number(rest[1], "QTY") if len(rest) == 2 else None
        item = manual.add_item(ctx.db, taxonomy, rest[0], quantity, not_for_eating=args.not_for_eating)
        ctx.emit({"item": item}, f"#{item.id} {item.name}: {item.quantity:g} {item.unit}")
        return 0
    if action == "set":
        _arity(action, rest, 1, 2)
        if len(rest) == 1 and not args.not_for_eating:
            raise UserError(f"usage: larder inventory {USAGE[action]}")
        quantity = _number(rest[1], "QTY") if len(rest) == 2 else None
        item = manual.set_item(
            ctx.db, _int(rest[0], "ID"), quantity, not_for_eating=True if args.not_for_eating else None
        )
        ctx.emit({"item": item}, f"#{item.id} {item.name}: {item.quantity:g} {item.unit} ({item.status})")
        return 0
    _arity(action, rest, 1, 1)
    item = manual.remove_item(ctx.db, _int(rest[0], "ID"))
    ctx.emit({"item": item}, f"#{item.id} {item.name}: removed")
    return 0
