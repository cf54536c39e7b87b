"""Replace the database with a backup (asks first unless --yes; the current one is backed up first).

Refuses a file that is not a Larder database, is damaged, or was written by a newer Larder. An older
backup is upgraded to this Larder's schema after it is restored.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agents.commands._confirm import confirm
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="a backup written by `larder backup` (or any larder.db)")
    p.add_argument("--yes", action="store_true", help="replace without asking")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    src = Path(args.path).expanduser()
    revision = ctx.larder.check_backup(src)  # refuse a bad file before asking anything
    confirm(
        f"replace {ctx.larder.home().database} with {src} (schema {revision})? The current one is backed up first.",
        yes=args.yes,
        refusal=f"restore replaces {ctx.larder.home().database}: add --yes to confirm (no terminal to ask on)",
    )
    result = ctx.larder.restore(src)
    data = {
        "restored_from": str(result.restored_from),
        "schema_revision": result.revision,
        "previous_backup": str(result.previous) if result.previous else None,
    }
    kept = f"; the database it replaced is kept as {result.previous}" if result.previous else ""
    ctx.emit(data, f"restored {src} into {ctx.larder.home().database}{kept}")
    return 0
