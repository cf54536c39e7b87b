"""Build the bundled detector's training and evaluation sets under the work folder.

Training photos: aicook train (its one-fridge shelf photos), EpicureAi train, fridge-objects'
``train_clean.txt`` (the copies without large cut-outs), all relabelled to taxonomy ids; COCO food
classes pseudo-labelled by the COCO model where a data set does not label them; and synthetic shelf
scenes (labelled items cut out of all three sets, colour-jittered and pasted at small, realistic scales
onto shelf backgrounds) plus empty backgrounds as hard negatives, because the judged photos are whole
fridges with many small items that none of the close-up sets look like.

Evaluation sets (never trained on): the val split of each data set, relabelled the same way.

Images are symlinked, not copied; only label files and synthetic images are written.
Usage: python -m vision.bundled.prepare_data [--synthetic N] [--negatives N] [--seed S] [--hold-out SOURCE]
(with --hold-out, set LARDER_TRAIN_DIR to a folder of its own: the data and the run must not mix)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vision.bundled.offline_env import SHARED_DIR, WORK_DIR, configure_offline, require_file

configure_offline()

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import yaml  # noqa: E402

from vision.bundled.classes import COCO_FOODS, SOURCES, class_names  # noqa: E402
from vision.datasets import yolo_to_pixels  # noqa: E402

DATA_DIR = WORK_DIR / "data"
COCO_WEIGHTS = WORK_DIR / "yolov8n-coco.pt"
PSEUDO_CACHE = WORK_DIR / "pseudo_labels.json"
PSEUDO_CONF = 0.4
SYNTH_SIZE = 640

Box = tuple[int, float, float, float, float]  # class index, cx, cy, w, h (normalised)


@dataclass(frozen=True)
class LabelledImage:
    image: Path
    dataset: str
    boxes: tuple[Box, ...]


def source_names(dataset: str) -> list[str]:
    data = yaml.safe_load((SHARED_DIR / "datasets" / dataset / "data.yaml").read_text())
    names = data["names"]
    return [names[i] for i in range(len(names))] if isinstance(names, dict) else list(names)


def read_labels(label_path: Path, dataset: str, index: dict[str, int]) -> tuple[Box, ...]:
    names = source_names(dataset)
    mapping = SOURCES[dataset]
    boxes: list[Box] = []
    if not label_path.exists():
        return ()
    for line in label_path.read_text().splitlines():
        parts = line.split()
        if len(parts) != 5:
            continue
        cls = index[mapping.get(names[int(parts[0])], names[int(parts[0])])]
        cx, cy, w, h = (float(v) for v in parts[1:])
        boxes.append((cls, cx, cy, w, h))
    return tuple(boxes)


def label_path_for(image: Path) -> Path:
    parts = list(image.parts)
    i = len(parts) - 1 - parts[::-1].index("images")
    parts[i] = "labels"
    return Path(*parts).with_suffix(".txt")


def load_split(
    dataset: str, split: str, index: dict[str, int], listing: Path | None = None
) -> list[LabelledImage]:
    root = SHARED_DIR / "datasets" / dataset
    if listing is not None:
        images = [
            (root / line.strip()).resolve() for line in listing.read_text().splitlines() if line.strip()
        ]
    else:
        images = sorted((root / "images" / split).glob("*.jpg"))
    return [LabelledImage(p, dataset, read_labels(label_path_for(p), dataset, index)) for p in images]


def iou(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    ax1, ay1, ax2, ay2 = a[0] - a[2] / 2, a[1] - a[3] / 2, a[0] + a[2] / 2, a[1] + a[3] / 2
    bx1, by1, bx2, by2 = b[0] - b[2] / 2, b[1] - b[3] / 2, b[0] + b[2] / 2, b[1] + b[3] / 2
    iw, ih = max(0.0, min(ax2, bx2) - max(ax1, bx1)), max(0.0, min(ay2, by2) - max(ay1, by1))
    inter = iw * ih
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def pseudo_label(images: list[LabelledImage], index: dict[str, int]) -> dict[str, list[Box]]:
    """COCO-model boxes for COCO food classes the image's data set does not label (cached on disk)."""
    cache: dict[str, list[Box]] = {}
    names = sorted(index, key=index.__getitem__)
    if PSEUDO_CACHE.exists():
        stored = json.loads(PSEUDO_CACHE.read_text())
        # Class indices in the cache are only valid for the class list they were written with.
        if stored.get("classes") == names:
            cache = {k: [tuple(b) for b in v] for k, v in stored["labels"].items()}
    todo = [item for item in images if str(item.image) not in cache]
    if todo:
        from ultralytics import YOLO

        model = YOLO(str(require_file(COCO_WEIGHTS, "python -m vision.bundled.coco_init")))
        for n, item in enumerate(todo):
            labelled = {index[v] for v in SOURCES[item.dataset].values()}
            pixels = cv2.imread(str(item.image))
            if pixels is None:
                print(f"unreadable, not pseudo-labelled: {item.image}", flush=True)
                continue
            results: Any = model.predict(pixels, imgsz=640, conf=PSEUDO_CONF, verbose=False, device="cpu")
            result = results[0]
            found: list[Box] = []
            for cls, xywhn in zip(result.boxes.cls.tolist(), result.boxes.xywhn.tolist(), strict=True):
                if int(cls) not in COCO_FOODS:
                    continue
                ours = index[COCO_FOODS[int(cls)]]
                if ours in labelled:
                    continue
                # A COCO "orange" on top of a labelled lemon is the lemon, not a second item.
                if any(iou(tuple(xywhn), b[1:]) > 0.3 for b in item.boxes):
                    continue
                found.append((ours, *xywhn))
            cache[str(item.image)] = found
            if n % 100 == 0:
                print(f"pseudo-labelled {n}/{len(todo)}", flush=True)
                PSEUDO_CACHE.write_text(json.dumps({"classes": names, "labels": cache}))
        PSEUDO_CACHE.write_text(json.dumps({"classes": names, "labels": cache}))
    return cache


@dataclass(frozen=True)
class Crop:
    pixels: np.ndarray
    cls: int


def crop_bank(images: list[LabelledImage], rng: random.Random, limit_per_class: int = 60) -> list[Crop]:
    """Labelled items cut out of the training photos, at most limit_per_class per class."""
    by_class: dict[int, list[tuple[Path, Box]]] = {}
    for item in images:
        for box in item.boxes:
            by_class.setdefault(box[0], []).append((item.image, box))
    crops: list[Crop] = []
    for cls, entries in sorted(by_class.items()):
        rng.shuffle(entries)
        taken = 0
        for path, (_, cx, cy, w, h) in entries:
            if taken >= limit_per_class:
                break
            image = cv2.imread(str(path))
            if image is None:
                continue
            ih, iw = image.shape[:2]
            x1, y1, x2, y2 = (int(v) for v in yolo_to_pixels(cx, cy, w, h, iw, ih))
            x1, y1, x2, y2 = max(0, x1), max(0, y1), min(iw, x2), min(ih, y2)
            if x2 - x1 < 20 or y2 - y1 < 20:
                continue
            # Export cut-out squares inside a crop would teach that black squares belong to the item.
            if float((image[y1:y2, x1:x2].max(axis=2) < 20).mean()) > 0.08:
                continue
            crops.append(Crop(image[y1:y2, x1:x2].copy(), cls))
            taken += 1
    return crops


def shelf_background(rng: random.Random) -> tuple[np.ndarray, list[int]]:
    """A procedural fridge interior: tinted back wall with a light gradient and a few shelf edges."""
    size = SYNTH_SIZE
    base = np.array([rng.uniform(150, 245) for _ in range(3)], dtype=np.float32)
    tint = np.array([rng.uniform(-25, 25) for _ in range(3)], dtype=np.float32)
    ys = np.linspace(0, 1, size, dtype=np.float32)[:, None, None]
    xs = np.linspace(-1, 1, size, dtype=np.float32)[None, :, None]
    light = 1.0 - rng.uniform(0.1, 0.45) * (np.abs(xs) ** 2) - rng.uniform(0.0, 0.3) * ys
    image = np.clip((base + tint) * light * np.ones((size, size, 3), np.float32), 0, 255)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(2, 8), image.shape)
    image = np.clip(image + noise, 0, 255).astype(np.uint8)
    shelves = sorted(rng.sample(range(size // 5, size - 20), rng.randint(2, 4)))
    for y in shelves:
        thick = rng.randint(4, 14)
        colour = tuple(int(c) for c in np.clip(base * rng.uniform(0.6, 1.1), 0, 255))
        cv2.rectangle(image, (0, y), (size, y + thick), colour, -1)
        cv2.line(image, (0, y), (size, y), tuple(int(c * 0.7) for c in colour), 2)
    return image, shelves + [size - 1]


def jitter_colour(pixels: np.ndarray, rng: random.Random) -> np.ndarray:
    hsv = cv2.cvtColor(pixels, cv2.COLOR_BGR2HSV).astype(np.float32)
    hsv[..., 0] = (hsv[..., 0] + rng.uniform(-6, 6)) % 180
    hsv[..., 1] *= rng.uniform(0.7, 1.3)
    hsv[..., 2] *= rng.uniform(0.6, 1.3)
    out = cv2.cvtColor(np.clip(hsv, 0, 255).astype(np.uint8), cv2.COLOR_HSV2BGR)
    if rng.random() < 0.3:
        out = cv2.GaussianBlur(out, (3, 3), 0)
    return out


def paste_items(
    canvas: np.ndarray,
    occupied: list[Box],
    crops: list[Crop],
    shelves: list[int] | None,
    count: int,
    rng: random.Random,
) -> list[Box]:
    """Paste up to count crops at 5-20 % of the image width, standing on shelves where there are any."""
    size = canvas.shape[0]
    placed: list[Box] = []
    for _ in range(count * 4):
        if len(placed) >= count:
            break
        crop = rng.choice(crops)
        ch, cw = crop.pixels.shape[:2]
        longest = rng.uniform(0.05, 0.2) * size
        scale = longest / max(ch, cw)
        w, h = max(8, int(cw * scale)), max(8, int(ch * scale))
        if w >= size or h >= size:
            continue
        x = rng.randint(0, size - w)
        if shelves:
            floor = rng.choice(shelves)
            y = floor - h if floor - h >= 0 else rng.randint(0, size - h)
        else:
            y = rng.randint(0, size - h)
        box = (crop.cls, (x + w / 2) / size, (y + h / 2) / size, w / size, h / size)
        if any(iou(box[1:], other[1:]) > 0.05 for other in occupied + placed):
            continue
        canvas[y : y + h, x : x + w] = cv2.resize(
            jitter_colour(crop.pixels, rng), (w, h), interpolation=cv2.INTER_AREA
        )
        placed.append(box)
    return placed


def read_image(path: Path) -> np.ndarray:
    image = cv2.imread(str(path))
    if image is None:
        raise FileNotFoundError(f"cannot read image {path}")
    return image


def write_labels(path: Path, boxes: list[Box] | tuple[Box, ...]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{b[0]} {b[1]:.6f} {b[2]:.6f} {b[3]:.6f} {b[4]:.6f}\n" for b in boxes))


def link_image(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        target.unlink()
    target.symlink_to(source)


def write_split(name: str, items: list[LabelledImage], extra: dict[str, list[Box]] | None = None) -> int:
    boxes = 0
    for item in items:
        stem = f"{item.dataset}__{item.image.stem}"
        link_image(item.image, DATA_DIR / name / "images" / f"{stem}.jpg")
        labels = list(item.boxes) + list((extra or {}).get(str(item.image), []))
        write_labels(DATA_DIR / name / "labels" / f"{stem}.txt", labels)
        boxes += len(labels)
    return boxes


def write_synthetic(
    train: list[LabelledImage], crops: list[Crop], count: int, negatives: int, rng: random.Random
) -> tuple[int, int]:
    shelf_photos = [item for item in train if item.dataset == "aicook"]
    boxes = 0
    for n in range(count):
        if n % 2 == 0 or not shelf_photos:  # no aicook shelves when aicook is held out
            canvas, shelves = shelf_background(rng)
            occupied: list[Box] = []
            scene_shelves: list[int] | None = shelves
        else:
            # Real shelf photos keep their own labels; pasted items go into the gaps between them.
            photo = rng.choice(shelf_photos)
            canvas = cv2.resize(read_image(photo.image), (SYNTH_SIZE, SYNTH_SIZE))
            occupied = list(photo.boxes)
            scene_shelves = None
        placed = paste_items(canvas, occupied, crops, scene_shelves, rng.randint(6, 16), rng)
        stem = f"synthetic__{n:04d}"
        (DATA_DIR / "train" / "images").mkdir(parents=True, exist_ok=True)
        cv2.imwrite(
            str(DATA_DIR / "train" / "images" / f"{stem}.jpg"), canvas, [cv2.IMWRITE_JPEG_QUALITY, 90]
        )
        write_labels(DATA_DIR / "train" / "labels" / f"{stem}.txt", occupied + placed)
        boxes += len(occupied) + len(placed)
    for n in range(negatives):
        canvas, _ = shelf_background(rng)
        stem = f"negative__{n:04d}"
        cv2.imwrite(
            str(DATA_DIR / "train" / "images" / f"{stem}.jpg"), canvas, [cv2.IMWRITE_JPEG_QUALITY, 90]
        )
        write_labels(DATA_DIR / "train" / "labels" / f"{stem}.txt", [])
    return count + negatives, boxes


def write_yaml(name: str, train: str, val: str, names: list[str]) -> Path:
    path = DATA_DIR / f"{name}.yaml"
    path.write_text(
        yaml.safe_dump({"path": str(DATA_DIR), "train": train, "val": val, "names": dict(enumerate(names))})
    )
    return path


def main(argv: list[str] | None = None, log: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=300)
    parser.add_argument("--negatives", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-pseudo", action="store_true")
    parser.add_argument(
        "--hold-out",
        choices=sorted(SOURCES),
        help="leave this data set out of training entirely (its photos, its crops in the synthetic scenes) "
        "and validate on its val split: a model chosen on a fridge it has never seen",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    names = class_names()
    index = {name: i for i, name in enumerate(names)}

    train = (
        load_split("aicook", "train", index)
        + load_split("epicureai", "train", index)
        + load_split(
            "fridge-objects", "train", index, SHARED_DIR / "datasets" / "fridge-objects" / "train_clean.txt"
        )
    )
    if args.hold_out:
        train = [item for item in train if item.dataset != args.hold_out]
    pseudo = {} if args.no_pseudo else pseudo_label(train, index)
    n_pseudo = sum(len(v) for k, v in pseudo.items())
    train_boxes = write_split("train", train, pseudo)
    crops = crop_bank(train, rng)
    n_synth, synth_boxes = write_synthetic(train, crops, args.synthetic, args.negatives, rng)
    log(
        f"train: {len(train)} photos ({train_boxes} boxes, {n_pseudo} COCO pseudo-labels), "
        f"{n_synth} synthetic ({synth_boxes} boxes) from {len(crops)} crops"
    )
    for dataset in SOURCES:
        items = load_split(dataset, "val", index)
        boxes = write_split(f"val_{dataset}", items)
        write_yaml(f"eval_{dataset}", "train/images", f"val_{dataset}/images", names)
        log(f"val_{dataset}: {len(items)} photos, {boxes} boxes")
    write_yaml("train", "train/images", f"val_{args.hold_out or 'aicook'}/images", names)
    log(f"wrote {DATA_DIR / 'train.yaml'} ({len(names)} classes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
