"""Learning curve: how much K corrected photos help, through the real commands (figures, not a test).

The aicook val photos (one fridge, 34 photos) are split: the first 10 are the pool the simulated user
corrects, the other 24 are judged. For K = 0, 2, 5, 10: `larder scan PHOTO --save --json` each new
pool photo, then `larder review SCAN --apply FILE` with corrections simulated from its labels (a model
box matching a labelled box of the same class (IoU >= 0.5) is confirmed, of another class relabelled,
an unmatched box rejected, an unmatched label added as a drawn box; the aicook photos among the guard
photos `larder learn` checks against, assets/guard, are never judged). Then the judged photos are
scanned (not saved) and scored: presence per photo (which ingredients it shows), counting only classes
aicook labels. `learn` rows: `larder learn --minutes M --json` after the corrections, its CPU time,
and the score again if it activated a personal model.

    python bench/bench_vision_learning.py [--ks 0,2,5,10] [--learn-minutes 2] [--out bench/vision_learning.md]
    python bench/bench_vision_learning.py --timing 40      # `larder learn` (default budget) on 40 photos
    # from a base that never saw aicook: corrected aicook train photos, the val photos judged
    python bench/bench_vision_learning.py --base MODEL.pt --pool train --ks 0,2,5,10,20

`--timing N` lays N labelled photos (aicook val, then fridge-objects val) out the way reviews write
them and times one `larder learn --json` with its default budget.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("LARDER_SHARED_DIR", "/work/shared"))
AICOOK = SHARED / "datasets" / "aicook"


def larder(*argv: str) -> dict[str, Any]:
    from agents.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    if code != 0:
        raise SystemExit(f"larder {' '.join(argv[:3])}: exit {code}: {err.getvalue().strip()[-300:]}")
    return dict(json.loads(out.getvalue()))


def labels(image: Path) -> list[tuple[str, tuple[float, float, float, float]]]:
    from PIL import Image

    from vision.bundled.classes import AICOOK as MAP
    from vision.datasets import load_dataset, read_labels

    dataset = load_dataset(AICOOK / "data.yaml")
    with Image.open(image) as im:
        w, h = im.size
    out = []
    for b in read_labels(image, len(dataset.names)):
        name = dataset.names[b.cls]
        box = b.pixels(w, h)
        out.append((MAP.get(name, name), box))
    return out


def iou(a: Any, b: Any) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def corrections(photo: dict[str, Any], truth: list[tuple[str, Any]]) -> dict[str, Any]:
    confirm, reject, relabel, add = [], [], {}, []
    used: set[int] = set()
    for det in photo["detections"]:
        best, best_iou = None, 0.5
        for j, (_, box) in enumerate(truth):
            overlap = iou(det["box"], box)
            if j not in used and overlap >= best_iou:
                best, best_iou = j, overlap
        if best is None:
            reject.append(det["id"])
            continue
        used.add(best)
        if det["ingredient"] == truth[best][0]:
            confirm.append(det["id"])
        else:
            relabel[str(det["id"])] = truth[best][0]
    for j, (name, box) in enumerate(truth):
        if j not in used:
            add.append({"photo": photo["photo_id"], "name": name, "box": [round(v, 1) for v in box]})
    return {"confirm": confirm, "reject": reject, "relabel": relabel, "add": add}


def judge(home: str, photos: list[Path], vocabulary: set[str]) -> dict[str, float]:
    started = time.perf_counter()
    result = larder("scan", *map(str, photos), "--json", "--home", home)
    seconds = time.perf_counter() - started
    tp = fp = fn = 0
    for path, found in zip(photos, result["photos"], strict=True):
        truth = {n for n, _ in labels(path)}
        said = {d["ingredient"] or d["label"] for d in found["detections"]} & vocabulary
        tp, fp, fn = tp + len(said & truth), fp + len(said - truth), fn + len(truth - said)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
            "ms_per_photo": round(1000 * seconds / len(photos), 1)}  # fmt: skip


def timing(n: int) -> None:
    from PIL import Image

    from vision.bundled.classes import SOURCES
    from vision.datasets import load_dataset, read_labels

    home = Path(tempfile.mkdtemp(prefix="larder-learn40-"))
    folder = home / "learning" / "dataset"
    (folder / "images").mkdir(parents=True)
    (folder / "labels").mkdir()
    classes: list[str] = []
    written = 0
    for source in ("aicook", "fridge-objects"):
        dataset = load_dataset(SHARED / "datasets" / source / "data.yaml")
        for image in dataset.images("val"):
            if written >= n:
                break
            lines = []
            for b in read_labels(image, len(dataset.names)):
                name = SOURCES[source].get(dataset.names[b.cls], dataset.names[b.cls])
                if name not in classes:
                    classes.append(name)
                lines.append(f"{classes.index(name)} {b.cx:.6f} {b.cy:.6f} {b.w:.6f} {b.h:.6f}")
            Image.open(image).convert("RGB").save(folder / "images" / f"p{written:03d}.jpg")
            (folder / "labels" / f"p{written:03d}.txt").write_text("\n".join(lines) + "\n")
            written += 1
    (folder / "classes.json").write_text(json.dumps(classes))
    cpu0, wall0 = time.process_time(), time.perf_counter()
    result = larder("learn", "--json", "--home", str(home))
    print(json.dumps({**result, "photos_written": written, "cpu_s": round(time.process_time() - cpu0),
                      "wall_s": round(time.perf_counter() - wall0)}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timing", type=int, default=0, help="time one learn on this many labelled photos")
    parser.add_argument("--ks", default="0,2,5,10")
    parser.add_argument("--learn-minutes", type=float, default=2.0)
    parser.add_argument(
        "--no-learn", action="store_true", help="only what the scan uses right away (memory, home thresholds)"
    )
    parser.add_argument("--out", type=Path, default=None, help="append the table to this markdown file")
    parser.add_argument(
        "--base",
        type=Path,
        help="start from this model instead of the bundled one (chosen as the home's model, as Settings "
        "would): e.g. a model trained without aicook (vision/bundled/prepare_data.py --hold-out aicook)",
    )
    parser.add_argument(
        "--pool",
        choices=("val", "train"),
        default="val",
        help="where the corrected photos come from: the first 10 val photos (the other 24 judged), or aicook "
        "train (all 34 val photos judged; only fair with a --base that never saw aicook train)",
    )
    args = parser.parse_args()
    if args.timing:
        timing(args.timing)
        return
    from vision.bundled.classes import AICOOK as MAP
    from vision.datasets import load_dataset

    dataset = load_dataset(AICOOK / "data.yaml")
    vocabulary = {MAP.get(n, n) for n in dataset.names.values()}
    val = dataset.images("val")
    ks = [int(x) for x in args.ks.split(",")]
    if args.pool == "train":
        pool, judged = dataset.images("train")[: max(ks)], val
    else:
        pool, judged = val[:10], val[10:]
    # `larder learn` guards with the validation photos Larder ships (assets/guard): never judge on them too.
    from vision.personal import bundled_guard_photos

    guarded = {json.loads((REPO / "assets" / "guard" / "guard.json").read_text())["photos"][p.name]["original"]
               for p, _ in bundled_guard_photos()}  # fmt: skip
    judged = [p for p in judged if p.name not in guarded]
    home = tempfile.mkdtemp(prefix="larder-curve-")
    os.environ["LARDER_HOME"] = home
    if args.base is not None:  # the home's chosen model, as Settings -> detector model sets it
        larder("scan", str(judged[0]), "--model", str(args.base), "--remember", "--json", "--home", home)
    print(
        f"pool {len(pool)} photos ({args.pool}), judged {len(judged)} val photos, base {args.base or 'bundled'}"
    )
    rows = []
    done = 0
    claims: dict[str, float] = {}  # what the answers moved (vision/home_thresholds.py), after the last review
    for k in ks:
        for photo in pool[done:k]:
            scan = larder("scan", str(photo), "--save", "--json", "--home", home)
            review = larder("review", str(scan["scan_id"]), "--json", "--home", home)
            fix = corrections(review["photos"][0], labels(photo))
            path = Path(home) / f"fix-{scan['scan_id']}.json"
            path.write_text(json.dumps(fix))
            applied = larder("review", str(scan["scan_id"]), "--apply", str(path), "--json", "--home", home)
            claims = applied["learned"]["claims_from"]
        done = max(done, k)
        print(f"K={k}: thresholds moved by the answers: {claims or 'none'}", flush=True)
        memory = judge(home, judged, vocabulary)
        cpu0 = time.process_time()
        wall0 = time.perf_counter()
        if args.no_learn:
            learned = {"status": "not run", "reason": "--no-learn"}
        else:
            learned = larder("learn", "--minutes", str(args.learn_minutes), "--json", "--home", home)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        after = judge(home, judged, vocabulary) if learned["status"] == "improved" else None
        rows.append((k, memory, learned, cpu, wall, after, len(claims)))
        print(
            k,
            memory,
            learned["status"],
            learned.get("reason", "")[:80],
            f"cpu {cpu:.0f}s wall {wall:.0f}s",
            after,
            flush=True,
        )
        if learned["status"] == "improved":  # each K starts from the base model again
            larder("learn", "--rollback", "--json", "--home", home)
    lines = [
        "| K corrected photos | classes moved by the answers | P (scan: memory + home thresholds) | R | F1 | ms/photo | learn status | learn CPU s | learn wall s | after learn P / R / F1 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for k, memory, learned, cpu, wall, after, moved in rows:
        learned_score = (
            f"{after['precision']:.3f} / {after['recall']:.3f} / {after['f1']:.3f}" if after else "-"
        )
        lines.append(
            f"| {k} | {moved} | {memory['precision']:.3f} | {memory['recall']:.3f} | {memory['f1']:.3f} | "
            f"{memory['ms_per_photo']:.0f} | {learned['status']} | {cpu:.0f} | {wall:.0f} | "
            f"{learned_score} |"
        )
    text = "\n".join(lines)
    print(text)
    if args.out:
        with args.out.open("a", encoding="utf-8") as fh:
            fh.write("\n" + text + "\n")


if __name__ == "__main__":
    main()
