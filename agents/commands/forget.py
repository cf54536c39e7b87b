"""Delete everything Larder keeps about you: the database, photos, models, exports, backups, logs and
every keyring entry. It cannot be undone (`larder export-data` or `larder backup PATH` first)."""

from __future__ import annotations

import argparse

from agents.commands._confirm import confirm
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--yes", action="store_true", help="delete without asking")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    root = ctx.larder.root  # not ctx.paths: that would create the folders it is about to delete
    confirm(
        f"delete all of Larder's data in {root} and its keyring entries? This cannot be undone.",
        yes=args.yes,
        refusal=f"forget deletes all of Larder's data in {root}: add --yes to confirm",
    )
    report = ctx.larder.forget()
    data = {
        "home": str(root),
        "removed": [str(p) for p in report.removed],
        "keyring": list(report.keyring),
    }
    ctx.emit(
        data,
        f"deleted {len(report.removed)} files and folders in {root} "
        f"and {len(report.keyring)} keyring entries",
    )
    return 0
