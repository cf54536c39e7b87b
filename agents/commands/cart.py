"""Build a priced draft order from the nutrition agent's recommendations and your shopping list.
Nothing is sent anywhere: submitting is `larder orders submit ID`."""

from __future__ import annotations

import argparse

from agents.commands._pending import not_yet
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--budget", type=float, metavar="AMOUNT", help="spend at most this much")
    p.add_argument("--provider", choices=["offline", "kroger", "instacart"], default=None)
    p.add_argument("--days", type=int, default=7, help="planning horizon in days (default 7)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    return not_yet("cart")
