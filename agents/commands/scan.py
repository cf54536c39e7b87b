"""Detect ingredients in one or more photos of the same fridge (shelves, door).

Without --save nothing is stored; with --save the inventory is updated the way a person would:
what the photos show is there now, detected items no longer seen are marked used up (undoable)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from agents.context import CommandContext
from agents.errors import UserError

if TYPE_CHECKING:
    from agents.app import PhotoDetections, ScanReport


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("photos", nargs="+", metavar="PHOTO", help="JPEG, PNG, WebP, BMP, TIFF or HEIC photo")
    p.add_argument(
        "--model", metavar="PATH", help="detector weights (.pt or .onnx) or an ultralytics model name"
    )
    p.add_argument("--conf", type=float, default=None, metavar="0.25", help="confidence threshold (0-1)")
    p.add_argument("--save", action="store_true", help="update the inventory with what was found")
    p.add_argument(
        "--partial",
        action="store_true",
        help="with --save: the photos show part of the fridge; mark nothing used up",
    )
    p.add_argument(
        "--replace-manual",
        action="store_true",
        help="with --save: the photos also overrule items entered by hand",
    )
    p.add_argument(
        "--remember", action="store_true", help="keep --conf and --model as the defaults for later scans"
    )
    p.add_argument("--device", default=None, help="cpu, 0, 1 ... (default: the GPU when present)")
    p.add_argument("--imgsz", type=int, default=None, help="inference image size (default: the model's)")


def _photo_json(found: PhotoDetections) -> dict[str, Any]:
    return {
        "path": str(found.path),
        "sha256": found.sha256,
        "width": found.width,
        "height": found.height,
        "detections": [
            {"ingredient": d.ingredient, "label": d.label, "confidence": d.confidence, "box": list(d.box)}
            for d in found.detections
            if not d.ignored
        ],
        "ignored": [
            {"label": d.label, "confidence": d.confidence, "box": list(d.box)}
            for d in found.detections
            if d.ignored
        ],
        "ms": found.ms,
        "unfamiliar": found.unfamiliar,
    }


def as_json(report: ScanReport) -> dict[str, Any]:
    return {
        "items": [
            {
                "ingredient": i.ingredient,
                "name": i.name,
                "label": i.label,
                "count": i.count,
                "confidence": i.confidence,
                "quantity": i.quantity,
                "unit": i.unit,
                "package": i.package,
                "recognised": i.ingredient is not None,
            }
            for i in report.items
        ],
        "photos": [_photo_json(p) for p in report.photos],
        "model": report.model,
        "conf": report.conf,
        "note": report.note,
        "saved": report.saved,
        "scan_id": report.scan_id,
        "changes": [c.__dict__ for c in report.changes],
        "summary": report.summary,
    }


def as_text(report: ScanReport) -> str:
    from agents.app import describe_quantity as describe

    total_ms = sum(p.ms for p in report.photos)
    head = f"{len(report.photos)} photo(s)"
    if report.model:
        head += f", model {report.model}, confidence >= {report.conf:g}, {total_ms:.0f} ms"
    lines = [head]
    known = [i for i in report.items if i.ingredient]
    unknown = [i for i in report.items if not i.ingredient]
    if not report.items:
        lines.append("  nothing detected" if report.model else "  no detector model: add items by hand")
    for i in known:
        amount = describe(i.quantity, i.unit, i.package)
        lines.append(f"  {i.count:3d}  {i.ingredient:28} {i.name[:34]:34} {i.confidence:.2f}  {amount}")
    for i in unknown:
        lines.append(
            f"  {i.count:3d}  ? {i.label:26} unrecognised (map it: larder inventory map {i.label!r} INGREDIENT)"
        )
    if report.note and report.model:
        lines.append(f"note: {report.note}")
    if report.saved:
        lines.append(f"saved as scan {report.scan_id}; {report.summary}")
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.conf is not None and not 0.0 <= args.conf <= 1.0:
        raise UserError(f"--conf {args.conf}: the confidence threshold must be between 0 and 1")
    if (args.partial or args.replace_manual) and not args.save:
        flag = "--partial" if args.partial else "--replace-manual"
        raise UserError(f"{flag} changes how --save updates the inventory: add --save")
    if args.imgsz is not None and not 32 <= args.imgsz <= 4096:
        raise UserError(f"--imgsz {args.imgsz}: must be between 32 and 4096")
    report = ctx.larder.scan(
        args.photos,
        save=args.save,
        partial=args.partial,
        replace_manual=args.replace_manual,
        model=args.model,
        conf=args.conf,
        remember=args.remember,
        device=args.device,
        imgsz=args.imgsz,
        on_progress=ctx.progress("scanning"),
    )
    if report.note:  # only once the photos are known to be good, so a refusal stays one line
        print(f"larder: note: {report.note}", file=sys.stderr)
    if args.save and not report.saved:
        print("larder: note: nothing was saved (no detector model)", file=sys.stderr)
    ctx.emit(as_json(report), lambda: as_text(report))
    return 0
