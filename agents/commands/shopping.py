"""Your own shopping list: what `larder cart` buys besides the nutrition agent's recommendations.

  larder list                       show it
  larder list add milk 2            add (names resolve to ingredients: "eggs" -> Egg); --unit, --note
  larder list check ID / uncheck ID tick an entry off (ticked entries are not bought)
  larder list remove ID             delete an entry
  larder list clear                 delete the ticked entries
Export it with `larder export list:ID --format pdf --out list.pdf` (ID: the list id shown)."""

from __future__ import annotations

import argparse

from agents.context import CommandContext
from agents.errors import UserError
from agents.shopping_list import UNITS


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument(
        "action", nargs="?", choices=["show", "add", "check", "uncheck", "remove", "clear"], default="show"
    )
    p.add_argument("args", nargs="*", metavar="ARG", help="add NAME [QUANTITY]; check|uncheck|remove ID")
    p.add_argument("--unit", choices=UNITS, help="with add: the quantity's unit (default: the ingredient's)")
    p.add_argument("--note", default="", help="with add: a note for the shopper")


def _id(args: argparse.Namespace) -> int:
    if len(args.args) != 1 or not args.args[0].isdigit():
        raise UserError(f"`larder list {args.action}` takes one entry id (see `larder list`)")
    return int(args.args[0])


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    larder = ctx.larder
    if args.action == "add":
        if not args.args:
            raise UserError("`larder list add` needs a name, e.g. `larder list add milk 2`")
        words = list(args.args)
        quantity = 1.0
        try:
            if len(words) > 1:
                quantity = float(words[-1])
                words = words[:-1]
        except ValueError:
            pass  # "greek yogurt": every word is the name
        entry = larder.add_to_list(" ".join(words), quantity, unit=args.unit, note=args.note)
        ctx.emit({"entry": entry}, f"added: {entry.quantity:g} {entry.unit} {entry.name} (entry {entry.id})")
        return 0
    if args.action in ("check", "uncheck"):
        entry = larder.set_list_checked(_id(args), args.action == "check")
        ctx.emit({"entry": entry}, f"{'ticked' if entry.checked else 'unticked'}: {entry.name}")
        return 0
    if args.action == "remove":
        entry = larder.remove_from_list(_id(args))
        ctx.emit({"removed": entry}, f"removed: {entry.name}")
        return 0
    if args.action == "clear":
        count = larder.clear_checked()
        ctx.emit({"removed": count}, f"removed {count} ticked entr{'y' if count == 1 else 'ies'}")
        return 0
    rows = larder.shopping_list()

    def text() -> str:
        if not rows:
            return "The shopping list is empty: `larder list add milk 2` adds to it."
        lines = [f"Shopping list {rows[0].list_id} (`larder export list:{rows[0].list_id}` to share it):"]
        for e in rows:
            mark = "x" if e.checked else " "
            known = "" if e.ingredient else "  (no matching ingredient)"
            lines.append(f"  [{mark}] {e.id:>3}  {e.quantity:g} {e.unit:<7} {e.name}{known}")
        return "\n".join(lines)

    ctx.emit({"entries": rows}, text)
    return 0
