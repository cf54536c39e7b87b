"""Evaluate a detector on a labelled YOLO data set: mAP50, mAP50-95, per-class AP, latency, and
what a user sees (per-photo ingredient presence precision/recall, count error)."""

from __future__ import annotations

import argparse

from agents.commands._pending import not_yet
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, metavar="DATA.yaml")
    p.add_argument("--model", default=None, metavar="PATH")
    p.add_argument("--split", default="val", choices=["train", "val", "test"])
    p.add_argument("--conf", type=float, default=None)
    p.add_argument("--imgsz", type=int, default=None)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    return not_yet("eval")
