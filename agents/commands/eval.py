"""Evaluate a detector on a labelled YOLO data set: mAP50, mAP50-95, per-class AP, latency, and
what a user sees (per-photo ingredient presence precision/recall, count error).

The data set's class names are matched to the model's through the taxonomy, so any labelled YOLO
data set can be scored whatever its class order; classes the model cannot detect are listed."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from agents.context import CommandContext
from agents.errors import UserError

if TYPE_CHECKING:
    from agents.app import EvalResult


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, metavar="DATA.yaml")
    p.add_argument("--model", default=None, metavar="PATH")
    p.add_argument("--split", default="val", choices=["train", "val", "test"])
    p.add_argument(
        "--conf", type=float, default=None, help="threshold for the per-photo figures (default 0.25)"
    )
    p.add_argument("--imgsz", type=int, default=None)
    p.add_argument("--device", default=None, help="cpu, 0 ... (default: the GPU when present)")


def _text(r: EvalResult) -> str:
    lines = [
        f"{r.model} on {r.data} [{r.split}], {r.images} photos",
        f"mAP50 {r.map50:.4f}   mAP50-95 {r.map50_95:.4f}",
        f"per photo (conf >= {r.conf:g}): presence precision {r.presence_precision:.3f}, "
        f"recall {r.presence_recall:.3f}, count error {r.count_mae:.2f}",
        f"latency: mean {r.ms_mean:.1f} ms, p95 {r.ms_p95:.1f} ms per photo",
        f"{'data class':24} {'model class':24} {'inst':>5} {'AP50':>7} {'AP50-95':>8}",
    ]
    for c in r.classes:
        ap50 = f"{c.ap50:7.4f}" if c.ap50 is not None else f"{'-':>7}"
        ap = f"{c.ap50_95:8.4f}" if c.ap50_95 is not None else f"{'-':>8}"
        lines.append(
            f"{c.data_class[:24]:24} {(c.model_class or '(cannot detect)')[:24]:24} {c.instances:5d} {ap50} {ap}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.conf is not None and not 0.0 <= args.conf <= 1.0:
        raise UserError(f"--conf {args.conf}: the confidence threshold must be between 0 and 1")
    result = ctx.larder.evaluate(
        args.data,
        model=args.model,
        split=args.split,
        conf=args.conf,
        imgsz=args.imgsz,
        device=args.device,
        on_progress=ctx.progress("evaluating"),
    )
    ctx.emit(result, lambda: _text(result))
    return 0
