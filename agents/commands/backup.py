"""Back the database up now with SQLite's online backup API (safe while Larder runs elsewhere).

Without PATH the copy goes to <home>/backups/, where Larder also keeps one a day and one before every
upgrade (the newest 7); PATH may be a file or a folder. `larder restore FILE` puts one back.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default=None, help="where to write the backup (file or folder)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    report = ctx.larder.backup(Path(args.path).expanduser() if args.path else None)
    data = {
        "backup": str(report.path),
        "bytes": report.bytes,
        "backups": [str(b.path) for b in report.backups],
    }
    ctx.emit(data, f"backed up {ctx.larder.home().database} to {report.path} ({report.bytes / 1e6:.1f} MB)")
    return 0
