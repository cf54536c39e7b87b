"""List the inventory, add or edit items by hand, mark them not for eating, or undo the last scan."""

from __future__ import annotations

import argparse

from agents.commands._pending import not_yet
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=["list", "add", "set", "remove", "undo", "history"], default="list")
    p.add_argument("args", nargs="*", metavar="ARG", help="add INGREDIENT [QTY]; set ID QTY; remove ID")
    p.add_argument("--all", action="store_true", help="include used-up items")
    p.add_argument("--not-for-eating", action="store_true", help="with add/set: exclude from nutrition supply")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    return not_yet("inventory")
