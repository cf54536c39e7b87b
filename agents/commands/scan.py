"""Detect ingredients in one or more photos of the same fridge (shelves, door).

Without --save nothing is stored; with --save the inventory is updated the way a person would:
what the photos show is there now, detected items no longer seen are marked used up (undoable)."""

from __future__ import annotations

import argparse

from agents.commands._pending import not_yet
from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("photos", nargs="+", metavar="PHOTO", help="JPEG, PNG, WebP, BMP, TIFF or HEIC photo")
    p.add_argument("--model", metavar="PATH", help="detector weights (.pt or .onnx) or an ultralytics model name")
    p.add_argument("--conf", type=float, default=None, metavar="0.25", help="confidence threshold (0-1)")
    p.add_argument("--save", action="store_true", help="update the inventory with what was found")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    return not_yet("scan")
