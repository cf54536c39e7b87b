"""Train a YOLO ingredient detector on a labelled YOLO data set and write weights plus a model card.

Defaults suit the machine: on a CPU laptop 416 px images, batch 8, 30 epochs and at most 2 loader
workers; on a GPU 640 px, batch 16, 100 epochs. Nothing is downloaded: --model is an architecture
(.yaml, trained from scratch) or starting weights (.pt) already on this machine."""

from __future__ import annotations

import argparse

from agents.context import CommandContext
from agents.errors import UserError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, metavar="DATA.yaml")
    p.add_argument(
        "--model", default=None, metavar="yolo11n.yaml|.pt", help="architecture or starting weights"
    )
    p.add_argument("--epochs", type=int, default=None)
    p.add_argument("--imgsz", type=int, default=None)
    p.add_argument("--batch", type=int, default=None)
    p.add_argument("--device", default=None, help="cpu, 0, 0,1 ... (default: GPU when present)")
    p.add_argument("--name", default="fridge", help="file name of the weights (NAME.pt, NAME.card.md/json)")
    p.add_argument("--out", metavar="DIR", help="where to write the run (default: $LARDER_HOME/models)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    for flag, value, low, high in (
        ("--epochs", args.epochs, 1, 10000),
        ("--imgsz", args.imgsz, 32, 4096),
        ("--batch", args.batch, 1, 1024),
    ):
        if value is not None and not low <= value <= high:
            raise UserError(f"{flag} {value}: must be between {low} and {high}")
    if not args.name.replace("-", "").replace("_", "").isalnum():
        raise UserError(f"--name {args.name!r}: use letters, digits, - and _ only")
    r = ctx.larder.train(
        args.data,
        model=args.model,
        epochs=args.epochs,
        imgsz=args.imgsz,
        batch=args.batch,
        device=args.device,
        name=args.name,
        out=args.out,
        on_progress=ctx.progress("training"),
    )
    metrics = dict(r.metrics)
    data = {
        "weights": r.weights,
        "card_json": r.card_json,
        "card_md": r.card_md,
        "metrics": metrics,
        "seconds": round(r.seconds, 1),
        "config": {
            "data": r.data,
            "model": r.model,
            "epochs": r.epochs,
            "imgsz": r.imgsz,
            "batch": r.batch,
            "workers": r.workers,
            "device": r.device,
            "out": r.out,
            "name": r.name,
        },
    }
    ctx.emit(
        data,
        lambda: (
            f"trained {r.model} for {r.epochs} epochs at {r.imgsz} px in {r.seconds:.0f} s\n"
            f"weights: {r.weights}\nmodel card: {r.card_md}\n"
            + "\n".join(f"  {k}: {v:.4f}" for k, v in metrics.items())
            + f"\nuse it: larder scan PHOTO --model {r.weights}"
        ),
    )
    return 0
