"""Train a YOLO ingredient detector on a labelled YOLO data set and write weights plus a model card."""

from __future__ import annotations

import argparse

from agents.commands._pending import not_yet
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, metavar="DATA.yaml")
    p.add_argument("--model", default=None, metavar="yolo11n.yaml|.pt", help="architecture or starting weights")
    p.add_argument("--epochs", type=int, default=None)
    p.add_argument("--imgsz", type=int, default=None)
    p.add_argument("--device", default=None, help="cpu, 0, 0,1 ... (default: GPU when present)")
    p.add_argument("--out", metavar="DIR", help="where to write the run (default: $LARDER_HOME/models)")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    return not_yet("train")
