"""Train a YOLO ingredient detector on a labelled YOLO data set and write weights plus a model card.

Defaults suit the machine: on a CPU laptop 416 px images, batch 8, 30 epochs and at most 2 loader
workers; on a GPU 640 px, batch 16, 100 epochs. Nothing is downloaded: --model is an architecture
(.yaml, trained from scratch) or starting weights (.pt) already on this machine."""

from __future__ import annotations

import argparse
from pathlib import Path

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
    from dataclasses import replace

    from vision.training import default_config, train

    if args.epochs is not None and not 1 <= args.epochs <= 10000:
        raise UserError(f"--epochs {args.epochs}: must be between 1 and 10000")
    if args.imgsz is not None and not 32 <= args.imgsz <= 4096:
        raise UserError(f"--imgsz {args.imgsz}: must be between 32 and 4096")
    if args.batch is not None and not 1 <= args.batch <= 1024:
        raise UserError(f"--batch {args.batch}: must be between 1 and 1024")
    if not args.name.replace("-", "").replace("_", "").isalnum():
        raise UserError(f"--name {args.name!r}: use letters, digits, - and _ only")
    out = Path(args.out).expanduser() if args.out else ctx.paths.models
    config = default_config(
        args.data,
        out,
        model=args.model,
        epochs=args.epochs,
        imgsz=args.imgsz,
        device=args.device,
        name=args.name,
    )
    if args.batch:
        config = replace(config, batch=args.batch)
    result = train(config, search_dirs=(ctx.paths.models,), on_progress=ctx.progress("training"))
    data = {
        "weights": result.weights,
        "card_json": result.card_json,
        "card_md": result.card_md,
        "metrics": result.metrics,
        "seconds": round(result.seconds, 1),
        "config": {k: v for k, v in config.__dict__.items() if k != "extra"},
    }
    ctx.emit(
        data,
        lambda: (
            f"trained {config.model} for {config.epochs} epochs at {config.imgsz} px in {result.seconds:.0f} s\n"
            f"weights: {result.weights}\nmodel card: {result.card_md}\n"
            + "\n".join(f"  {k}: {v:.4f}" for k, v in result.metrics.items())
            + f"\nuse it: larder scan PHOTO --model {result.weights}"
        ),
    )
    return 0
