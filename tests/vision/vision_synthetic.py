"""A tiny synthetic detection data set of coloured shapes, labelled like real data sets do."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw

# Taxonomy-resolvable names in the spellings other data sets use, plus one label no taxonomy knows.
CLASSES = ["egg", "tomato", "Milk", "widget"]
COLOURS = {"egg": (245, 240, 225), "tomato": (220, 30, 30), "Milk": (40, 80, 230), "widget": (30, 200, 60)}


def _draw(draw: ImageDraw.ImageDraw, cls: str, box: tuple[int, int, int, int]) -> None:
    x1, y1, x2, y2 = box
    colour = COLOURS[cls]
    if cls == "egg" or cls == "tomato":
        draw.ellipse(box, fill=colour)
    elif cls == "Milk":
        draw.rectangle(box, fill=colour)
    else:
        draw.polygon([(x1, y2), ((x1 + x2) // 2, y1), (x2, y2)], fill=colour)


def make_image(
    rng: random.Random, size: int, n_objects: int
) -> tuple[Image.Image, list[tuple[int, float, float, float, float]]]:
    image = Image.new("RGB", (size, size), (90, 90, 90))
    draw = ImageDraw.Draw(image)
    labels: list[tuple[int, float, float, float, float]] = []
    cells = rng.sample(range(4), n_objects)  # one object per quadrant, so boxes never overlap
    for cell in cells:
        cls = rng.randrange(len(CLASSES))
        half = size // 2
        ox, oy = (cell % 2) * half, (cell // 2) * half
        w = rng.randint(half // 2, half - 6)
        h = rng.randint(half // 2, half - 6)
        x1 = ox + rng.randint(2, half - w - 2)
        y1 = oy + rng.randint(2, half - h - 2)
        _draw(draw, CLASSES[cls], (x1, y1, x1 + w, y1 + h))
        labels.append((cls, (x1 + w / 2) / size, (y1 + h / 2) / size, w / size, h / size))
    return image, labels


def make_dataset(root: Path, *, n_train: int = 32, n_val: int = 8, size: int = 128, seed: int = 0) -> Path:
    """Write images/{train,val}, labels/{train,val} and data.yaml under `root`; returns the yaml path."""
    rng = random.Random(seed)
    for split, count in (("train", n_train), ("val", n_val)):
        (root / "images" / split).mkdir(parents=True, exist_ok=True)
        (root / "labels" / split).mkdir(parents=True, exist_ok=True)
        for i in range(count):
            image, labels = make_image(rng, size, rng.randint(1, 3))
            image.save(root / "images" / split / f"{split}{i:03d}.png")
            lines = [f"{c} {cx:.6f} {cy:.6f} {w:.6f} {h:.6f}" for c, cx, cy, w, h in labels]
            (root / "labels" / split / f"{split}{i:03d}.txt").write_text("\n".join(lines) + "\n")
    names = "\n".join(f"  {i}: {name}" for i, name in enumerate(CLASSES))
    yaml_path = root / "data.yaml"
    yaml_path.write_text(
        "# Synthetic shapes for Larder's tests, generated at run time. License: CC0\n"
        f"train: images/train\nval: images/val\nnc: {len(CLASSES)}\nnames:\n{names}\n"
    )
    return yaml_path
