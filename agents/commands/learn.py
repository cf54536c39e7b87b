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
    from agents.inventory.review_learning import learn, rollback

    if args.rollback:
        report = rollback(ctx.db)
    else:
        report = learn(
            ctx.db, ctx.paths, minutes=args.minutes, device=args.device, on_progress=ctx.progress("learning")
        )
    data = {
        "status": report.status,
        "reason": report.reason,
        "before": report.before,
        "after": report.after,
        "model": report.model,
        "previous": report.previous,
        "seconds": report.seconds,
        "photos": report.photos,
        "held_out": report.held_out,
        "notes": list(report.notes),
    }

    def text() -> str:
        line = f"{report.status}: {report.reason}"
        if report.before or report.after:
            b, a = report.before.get("f1"), report.after.get("f1")
            line += (
                f"\n  held-back F1 before {b if b is not None else '-'}, after {a if a is not None else '-'}"
            )
        return line + f"\n  active model: {report.model} ({report.seconds:.0f} s)"

    ctx.emit(data, text)
    return 0
