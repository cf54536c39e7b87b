"""The training collages (vision/bundled/prepare_data.py): real photos shrunk into a grid keep labels that
still sit on their items. Run in a child process: the training module sets up its own work folder on import,
which must be this test's, not the machine's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, random, sys
from pathlib import Path
from vision.bundled import prepare_data as p
photos = json.loads(sys.argv[1])
train = [p.LabelledImage(Path(f), "fridge-objects", (tuple(b),)) for f, b in photos]
print(json.dumps(p.write_collages(train, {}, int(sys.argv[2]), random.Random(3))))
"""


def _photo(path: Path, size: tuple[int, int], box: tuple[int, int, int, int]) -> list[float]:
    """A white photo with one red block; its label (class 0, centre and size as fractions)."""
    w, h = size
    pixels = np.full((h, w, 3), 255, np.uint8)
    x1, y1, x2, y2 = box
    pixels[y1:y2, x1:x2] = (220, 20, 20)
    Image.fromarray(pixels).save(path, quality=95)
    return [0, (x1 + x2) / 2 / w, (y1 + y2) / 2 / h, (x2 - x1) / w, (y2 - y1) / h]


def test_each_photo_in_a_collage_keeps_its_label_on_its_item(tmp_path: Path) -> None:
    photos = [
        (str(tmp_path / "wide.jpg"), _photo(tmp_path / "wide.jpg", (800, 500), (500, 100, 700, 300))),
        (str(tmp_path / "tall.jpg"), _photo(tmp_path / "tall.jpg", (400, 900), (50, 600, 250, 850))),
    ]
    env = {**os.environ, "LARDER_TRAIN_DIR": str(tmp_path / "work")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(photos), "4"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    written, boxes = json.loads(done.stdout.strip().splitlines()[-1])
    train = tmp_path / "work" / "data" / "train"
    collages = sorted((train / "images").glob("collage__*.jpg"))
    assert written == len(collages) == 4
    seen = 0
    for image_path in collages:
        pixels = np.asarray(Image.open(image_path).convert("RGB"), dtype=np.float32)
        height, width = pixels.shape[:2]
        labels = (train / "labels" / f"{image_path.stem}.txt").read_text().split("\n")
        labels = [line for line in labels if line]
        # Every cell of the grid holds one photo, each with one labelled block.
        assert int(round(len(labels) ** 0.5)) ** 2 == len(labels) >= 4
        for line in labels:
            cls, cx, cy, w, h = (float(v) for v in line.split())
            assert cls == 0
            x1, x2 = (cx - w / 2) * width, (cx + w / 2) * width
            y1, y2 = (cy - h / 2) * height, (cy + h / 2) * height
            assert 0 <= x1 < x2 <= width and 0 <= y1 < y2 <= height
            # The inner part of the box is the red block (colour-jittered), not the white photo around it.
            inner = pixels[
                int(y1 + 0.25 * (y2 - y1)) : int(y2 - 0.25 * (y2 - y1)) + 1,
                int(x1 + 0.25 * (x2 - x1)) : int(x2 - 0.25 * (x2 - x1)) + 1,
            ]
            red, green = inner[..., 0].mean(), inner[..., 1].mean()
            assert red > green + 60, (image_path.name, line, red, green)
            seen += 1
    assert seen == boxes
