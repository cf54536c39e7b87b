"""Import a wearable export: a file, folder or zip from Apple Health, Fitbit, Garmin, Google Fit,
Samsung Health (and Withings/Oura CSVs). The format is detected from the content."""

from __future__ import annotations

import argparse

from agents.commands._pending import not_yet
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="export.zip, export.xml, a Takeout folder or zip, a CSV")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    return not_yet("import")
