"""Targets for the planning horizon, what the fridge supplies, deficits and recommendations.
Flags given here apply to this run only; `larder profile` stores them."""

from __future__ import annotations

import argparse

from agents.commands._pending import not_yet
from agents.context import CommandContext


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}") from None
    if not 1 <= value <= 366:
        raise argparse.ArgumentTypeError(f"days must be between 1 and 366, got {value}")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--days", type=positive_int, default=7, help="planning horizon in days (default 7)")
    p.add_argument("--nutrition-only", action="store_true", help="run only the nutrition agent")
    p.add_argument("--diet", choices=["none", "vegan", "vegetarian", "pescatarian", "gluten-free", "lactose-free"])
    p.add_argument("--allergy", action="append", metavar="NAME")
    p.add_argument("--dislike", action="append", metavar="NAME")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    return not_yet("plan")
