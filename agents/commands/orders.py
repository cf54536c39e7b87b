"""List orders, show one, submit a draft to its provider (dry run unless --confirm) or cancel it."""

from __future__ import annotations

import argparse

from agents.commands._pending import not_yet
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=["list", "show", "submit", "cancel", "complete"], default="list")
    p.add_argument("order_id", nargs="?", type=int, metavar="ID")
    p.add_argument("--confirm", action="store_true", help="really submit (default: dry run)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    return not_yet("orders")
