"""Show or update your profile and food preferences. What you set here wins over imported values."""

from __future__ import annotations

import argparse

from agents.commands._pending import not_yet
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sex", choices=["male", "female"])
    p.add_argument("--birth-date", metavar="YYYY-MM-DD")
    p.add_argument("--height-cm", type=float)
    p.add_argument("--weight-kg", type=float)
    p.add_argument("--goal", choices=["lose", "maintain", "gain"])
    p.add_argument("--activity", choices=["sedentary", "light", "moderate", "active", "very_active"])
    p.add_argument("--diet", choices=["none", "vegan", "vegetarian", "pescatarian", "gluten-free", "lactose-free"])
    p.add_argument("--allergy", action="append", metavar="NAME", help="repeatable; e.g. peanut, milk, soy")
    p.add_argument("--dislike", action="append", metavar="NAME", help="repeatable; an ingredient")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    return not_yet("profile")
