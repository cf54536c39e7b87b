"""Detect ingredients in one or more photos of the same fridge (shelves, door).

Without --save nothing is stored; with --save the inventory is updated the way a person would:
what the photos show is there now, detected items no longer seen are marked used up (undoable)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from agents.context import CommandContext
from agents.errors import UserError


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


def _photo_json(found: Any) -> dict[str, Any]:
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
    }


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from agents.inventory.changes import summarise
    from agents.inventory.detecting import open_detector
    from agents.inventory.quantities import describe
    from agents.inventory.scanning import scan_photos
    from agents.inventory.settings import CONF_KEY, MODEL_KEY, conf_threshold, set_setting
    from agents.inventory.store import record_scan
    from data.taxonomy import load_taxonomy

    if args.conf is not None and not 0.0 <= args.conf <= 1.0:
        raise UserError(f"--conf {args.conf}: the confidence threshold must be between 0 and 1")
    if (args.partial or args.replace_manual) and not args.save:
        flag = "--partial" if args.partial else "--replace-manual"
        raise UserError(f"{flag} changes how --save updates the inventory: add --save")
    if args.imgsz is not None and not 32 <= args.imgsz <= 4096:
        raise UserError(f"--imgsz {args.imgsz}: must be between 32 and 4096")
    conf = args.conf if args.conf is not None else conf_threshold(ctx.db)
    choice = open_detector(ctx.db, ctx.paths, args.model, device=args.device, imgsz=args.imgsz)
    if args.remember:  # only after the model loaded, so a broken path is never remembered
        if args.conf is not None:
            set_setting(ctx.db, CONF_KEY, args.conf)
        if args.model:
            set_setting(ctx.db, MODEL_KEY, str(choice.detector.model_path) if choice.detector else args.model)
    progress = ctx.progress("scanning")
    result = scan_photos(
        args.photos,
        choice.detector,
        conf=conf,
        taxonomy=load_taxonomy(),
        resolve=choice.resolver.resolve,
        note=choice.note,
        on_progress=progress,
    )
    if choice.note:  # only once the photos are known to be good, so a refusal stays one line
        print(f"larder: note: {choice.note}", file=sys.stderr)
    saved = None
    if args.save and choice.detector is not None:
        saved = record_scan(
            ctx.db, result, save=True, partial=args.partial, replace_manual=args.replace_manual
        )
    elif args.save:
        print("larder: note: nothing was saved (no detector model)", file=sys.stderr)
    summary = summarise(saved.changes) if saved is not None else ""
    data = {
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
            for i in result.items
        ],
        "photos": [_photo_json(p) for p in result.photos],
        "model": result.model,
        "conf": conf,
        "note": result.note,
        "saved": saved is not None,
        "scan_id": saved.scan_id if saved else None,
        "changes": [c.__dict__ for c in saved.changes] if saved else [],
        "summary": summary,
    }

    def text() -> str:
        total_ms = sum(p.ms for p in result.photos)
        head = f"{len(result.photos)} photo(s)"
        if result.model:
            head += f", model {result.model}, confidence >= {conf:g}, {total_ms:.0f} ms"
        lines = [head]
        known = [i for i in result.items if i.ingredient]
        unknown = [i for i in result.items if not i.ingredient]
        if not result.items:
            lines.append("  nothing detected" if result.model else "  no detector model: add items by hand")
        for i in known:
            amount = describe(i.quantity, i.unit, i.package)
            lines.append(f"  {i.count:3d}  {i.ingredient:28} {i.name[:34]:34} {i.confidence:.2f}  {amount}")
        for i in unknown:
            lines.append(
                f"  {i.count:3d}  ? {i.label:26} unrecognised (map it: larder inventory map {i.label!r} INGREDIENT)"
            )
        if saved is not None:
            lines.append(f"saved as scan {saved.scan_id}; {summary}")
        return "\n".join(lines)

    ctx.emit(data, text)
    return 0
