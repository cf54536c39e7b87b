"""Review a saved scan: list each photo's detections (with their ids), or confirm, reject, relabel,
recount and add boxes, from a correction file (--apply FILE.json: {"confirm": [id], "reject": [id],
"relabel": {id: name}, "count": {id: n}, "add": [{"photo": id or path, "name": ..., "box": [x1, y1, x2,
y2]}]}) or flags (--reject 1000040 --relabel 1000041=ketchup --add "pickles@10,10,120,160"). The
inventory follows each applied batch in one transaction; --undo puts back the newest. Names resolve
through the taxonomy; a name it lacks is kept as your own item, with no nutrients until --nutrients
NAME=FOOD_ID counts it as an SR28 food (`larder foods QUERY` finds the id; any of SR28's 8,790 foods).
Own items are counted in pieces: NAME=FOOD_ID@GRAMS says one piece weighs GRAMS (default: Larder's
package weight for its ingredients, else SR28's largest household portion). Reviewed photos become labelled data for
`larder learn`, and every product you name is recognised on the next scan right away."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from agents.context import CommandContext
from agents.errors import UserError

if TYPE_CHECKING:
    from agents.app import Larder, ReviewView


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scan_id", metavar="SCAN_ID", help="the scan_id `larder scan --save` printed")
    p.add_argument("--apply", metavar="FILE.json", help="apply a correction file")
    p.add_argument(
        "--confirm", action="append", default=[], metavar="ID", help="confirm detection(s) ID[,ID]"
    )
    p.add_argument("--reject", action="append", default=[], metavar="ID", help="reject detection(s) ID[,ID]")
    p.add_argument("--relabel", action="append", default=[], metavar="ID=NAME", help="rename a detection")
    p.add_argument("--count", action="append", default=[], metavar="ID=N", help="how many items a box shows")
    p.add_argument(
        "--add",
        action="append",
        default=[],
        metavar="NAME@x1,y1,x2,y2[@PHOTO]",
        help="a box the model missed (pixels of the photo; PHOTO id or path, default the first photo)",
    )
    p.add_argument(
        "--nutrients",
        action="append",
        default=[],
        metavar="NAME=FOOD_ID[@GRAMS]",
        help="count your own item NAME of this scan as SR28 food FOOD_ID (see `larder foods`), "
        "GRAMS a piece (default: Larder's package weight, else SR28's largest household portion)",
    )
    p.add_argument("--undo", action="store_true", help="undo the newest review of this scan")
    p.add_argument("--crop", type=int, metavar="ID", help="save detection ID's part of the photo as a PNG")
    p.add_argument("--out", metavar="FILE.png", help="with --crop: where (default: the exports folder)")


def _ids(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _pairs(values: list[str], flag: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            form = {"--relabel": "ID=NAME", "--nutrients": "NAME=FOOD_ID[@GRAMS]"}.get(flag, "ID=N")
            raise UserError(f"{flag} {value!r}: use {flag} {form}")
        out[key.strip()] = rest.strip()
    return out


def _links(values: list[str], larder: Larder) -> dict[str, tuple[str, float | None]]:
    """--nutrients NAME=FOOD_ID[@GRAMS], each food and weight checked before anything is written."""
    out: dict[str, tuple[str, float | None]] = {}
    for name, rest in _pairs(values, "--nutrients").items():
        food_id, at, grams_text = rest.partition("@")
        grams: float | None = None
        if at:
            try:
                grams = float(grams_text)
            except ValueError:
                raise UserError(
                    f"--nutrients {name}={rest}: the grams of one piece come after @, e.g. "
                    f"{name}={food_id.strip()}@350"
                ) from None
            try:
                larder.check_piece_grams(grams)  # refused now, not after the corrections land
            except UserError as exc:
                raise UserError(f"--nutrients {name}={rest}: {exc}") from None
        larder.food(food_id.strip())  # an unknown food is refused now, not after the corrections land
        out[name] = (food_id.strip(), grams)
    return out


def _add(value: str, first_photo: int | None) -> dict[str, object]:
    parts = value.split("@")
    if len(parts) not in (2, 3) or not parts[0].strip():
        raise UserError(f"--add {value!r}: use --add NAME@x1,y1,x2,y2 (optionally @PHOTO)")
    try:
        box = [float(v) for v in parts[1].split(",")]
    except ValueError:
        raise UserError(f"--add {value!r}: the box is four numbers x1,y1,x2,y2") from None
    photo: int | str | None = parts[2].strip() if len(parts) == 3 else first_photo
    return {"name": parts[0].strip(), "box": box, "photo": photo}


def _merge(raw: dict[str, object], key: str, extra: Sequence[object] | Mapping[str, str]) -> None:
    """Add the flags' corrections to the file's; a value of the wrong type is left for the parser to
    refuse with its own message."""
    current = raw.get(key)
    if isinstance(extra, Mapping):
        if current is None or isinstance(current, dict):
            raw[key] = {**(current or {}), **extra}
    elif current is None or isinstance(current, list):
        raw[key] = [*(current or []), *extra]


def _scan_id(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise UserError(f"SCAN_ID must be a whole number, not {value!r}") from None


def _read_file(path: str) -> object:
    file = Path(path).expanduser()
    if not file.is_file():
        raise UserError(f"{path}: no such correction file")
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UserError(f"{path}: not a JSON correction file ({type(exc).__name__})") from None


def view_text(view: ReviewView) -> str:
    lines = [f"scan {view.scan_id} ({view.model or 'no model'}): {len(view.photos)} photo(s)"]
    for p in view.photos:
        lines.append(f"photo {p.photo_id}  {p.path}  {p.width}x{p.height}")
        if not p.detections:
            lines.append("    nothing detected")
        for d in p.detections:
            what = "unnamed: what is this?" if d.status == "unnamed" else (d.name or d.label)
            if d.guess_name:  # a faint guess: --confirm ID says yes, --relabel ID=NAME says what it is
                what = f"is this {d.guess_name}?"
            count = f" x{d.count}" if d.count != 1 else ""
            unsure = " (unsure)" if d.unsure else ""
            box = ",".join(f"{v:.0f}" for v in d.box)
            lines.append(
                f"  {d.id:>6}  {what[:34]:34}{count} {d.label[:18]:18} {d.confidence:.2f} {d.status:10} "
                f"[{box}]{unsure}"
            )
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    scan_id = _scan_id(args.scan_id)
    larder = ctx.larder
    flags = args.confirm or args.reject or args.relabel or args.count or args.add
    links = _links(args.nutrients, larder)
    if args.crop is not None:
        if args.apply or flags or args.undo or links:
            raise UserError("--crop only saves a crop; give no corrections with it")
        path = larder.detection_crop(scan_id, args.crop, Path(args.out).expanduser() if args.out else None)
        ctx.emit({"scan_id": scan_id, "id": args.crop, "crop": str(path)}, f"saved {path}")
        return 0
    if args.out:
        raise UserError("--out goes with --crop ID")
    if args.undo:
        if args.apply or flags or links:
            raise UserError("--undo undoes the newest review; give no corrections with it")
        undone = larder.undo_review(scan_id)
        view = larder.review(scan_id)
        data = {**view.to_public(), "undone_review": undone.review_id, "items_restored": undone.items}
        ctx.emit(data, undone.headline)
        return 0
    if not args.apply and not flags:
        view = larder.review(scan_id)
        if links:
            linked = _link(larder, view, links)
            ctx.emit({"scan_id": scan_id, "linked": linked}, lambda: _linked_text(linked))
            return 0
        ctx.emit(view.to_public(), lambda: view_text(view))
        return 0
    raw: dict[str, object] = {}
    if args.apply:
        loaded = _read_file(args.apply)
        if not isinstance(loaded, dict):
            raise UserError(f"{args.apply}: a correction file is a JSON object")
        raw = dict(loaded)
    if flags:
        view = larder.review(scan_id)
        first = view.photos[0].photo_id if view.photos else None
        _merge(raw, "confirm", _ids(args.confirm))
        _merge(raw, "reject", _ids(args.reject))
        _merge(raw, "relabel", _pairs(args.relabel, "--relabel"))
        _merge(raw, "count", _pairs(args.count, "--count"))
        _merge(raw, "add", [_add(a, first) for a in args.add])
    if links:  # names given in this call's corrections must resolve first: check before writing
        relabel = raw.get("relabel")
        renamed = relabel.values() if isinstance(relabel, dict) else ()
        known = _own_names(larder.review(scan_id)) | {" ".join(str(v).split()).lower() for v in renamed}
        _check_names(links, known, scan_id)
    result = larder.apply_review(scan_id, raw)
    if not links:
        ctx.emit(result.to_public(), result.headline)
        return 0
    linked = _link(larder, result.view, links)
    ctx.emit({**result.to_public(), "linked": linked}, lambda: f"{result.headline}\n{_linked_text(linked)}")
    return 0


def _own_names(view: ReviewView) -> set[str]:
    """The user's own items in a scan: named detections the taxonomy has no ingredient for."""
    return {
        d.name
        for p in view.photos
        for d in p.detections
        if d.ingredient is None and d.name and d.status != "rejected"
    }


def _check_names(links: Mapping[str, object], known: set[str], scan_id: int) -> None:
    for name in links:
        if " ".join(name.split()).lower() not in known:
            raise UserError(
                f"--nutrients {name!r}: scan {scan_id} has no item of your own by that name "
                "(rename a detection to it with --relabel ID=NAME)"
            )


def _link(
    larder: Larder, view: ReviewView, links: Mapping[str, tuple[str, float | None]]
) -> list[dict[str, object]]:
    _check_names(links, _own_names(view), view.scan_id)
    return [
        larder.link_own_food(name, food_id, grams).to_public() for name, (food_id, grams) in links.items()
    ]


def _linked_text(linked: list[dict[str, object]]) -> str:
    lines = []
    for link in linked:
        food = link["food"]
        assert isinstance(food, dict)
        lines.append(
            f"{link['name']}: counted as {food['name']} (SR28 {food['id']}), {link['piece_g']:g} g a piece "
            f"({link['piece_why']}), from now on"
        )
    return "\n".join(lines)
