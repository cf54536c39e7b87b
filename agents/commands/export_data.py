"""Write all your personal data as one JSON file: every table, photos by path and sha256, and the
files Larder keeps. Secrets are not in it (they live in the system keyring only)."""

from __future__ import annotations

import argparse
from pathlib import Path

from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", metavar="FILE", default=None, help="where to write (default: <home>/exports/)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    written = ctx.larder.export_data(Path(args.out).expanduser() if args.out else None)
    data = {"export": str(written), "bytes": written.stat().st_size}
    ctx.emit(data, f"wrote all of Larder's data about you to {written}")
    return 0
