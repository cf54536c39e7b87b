"""Export an order or a shopping list as CSV, Markdown, plain text, JSON or a printable PDF."""

from __future__ import annotations

import argparse

from agents.commands._pending import not_yet
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("order_id", metavar="ORDER_ID", help="an order id, or list:ID for a shopping list")
    p.add_argument("--format", choices=["csv", "md", "txt", "json", "pdf"], default="csv")
    p.add_argument("--out", metavar="FILE", help="output file (default: stdout for text formats)")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help="PDF page size")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    return not_yet("export")
