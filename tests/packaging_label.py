"""A generated packaging-like label (coloured blocks, rings and lettering that SIFT can match), different for
every seed: the product the appearance-memory tests teach and find again."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw


def packaging_label(seed: int, size: tuple[int, int] = (120, 160), marks: int = 40) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(marks):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randint(4, 30), rng.randint(4, 30)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.rectangle((x, y, x + w, y + h), fill=colour)
        else:
            draw.ellipse((x, y, x + w, y + h), outline=colour, width=2)
    for i in range(6):
        draw.text(
            (rng.randrange(size[0] - 40), rng.randrange(size[1] - 12)), f"BRAND{seed}{i}", fill=(0, 0, 0)
        )
    return image
