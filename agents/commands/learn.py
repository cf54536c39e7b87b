"""Teach Larder from your reviewed photos: fine-tune a personal model and keep it only if it is better.

Some reviewed photos are held back to judge it; the new model becomes active only if it finds their
items better than the current one and is no worse on the bundled validation sample (where present).
With too few reviewed photos it answers at once (status kept, with the reason). `--rollback` makes
the previous model active again."""

from __future__ import annotations

import argparse

from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--minutes", type=float, default=8.0, help="time budget (default 8; training stops itself)"
    )
    p.add_argument("--device", default="cpu", help="cpu (default), or a GPU such as 0")
    p.add_argument("--rollback", action="store_true", help="make the previous model active again")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.rollback:
        report = ctx.larder.rollback_model()
    else:
        report = ctx.larder.learn(
            minutes=args.minutes, device=args.device, on_progress=ctx.progress("learning")
        )
    ctx.emit(report.to_public(), report.describe)
    return 0
