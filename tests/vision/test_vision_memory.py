"""The appearance memory finds a taught product on a new photo; the scan wrapper uses it and asks about
unnamed containers."""

from __future__ import annotations

import random
from pathlib import Path

from fixed_model import FixedModel  # tests/fixed_model.py (tests/ is on the path)
from packaging_label import packaging_label  # tests/packaging_label.py (tests/ is on the path)
from PIL import Image, ImageDraw

from vision.containers import ContainerBox
from vision.detections import Detection
from vision.memory import AppearanceMemory
from vision.photos import LoadedPhoto
from vision.reviewing import ReviewingDetector


def _product(seed: int, size: tuple[int, int] = (120, 160)) -> Image.Image:
    return packaging_label(seed, size)


def _shelf(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", size, (200, 205, 210))
    draw = ImageDraw.Draw(image)
    for y in range(0, size[1], 120):
        draw.rectangle((0, y, size[0], y + 6), fill=(150, 150, 155))
    for _ in range(10):  # other clutter
        x, y = rng.randrange(size[0] - 60), rng.randrange(size[1] - 60)
        draw.rectangle(
            (x, y, x + rng.randint(20, 60), y + rng.randint(20, 60)), fill=(rng.randrange(256), 90, 60)
        )
    return image


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def test_a_product_taught_once_is_found_on_another_photo_and_a_stranger_is_not(tmp_path: Path) -> None:
    memory = AppearanceMemory(tmp_path / "memory")
    product = _product(1)
    first = _shelf(10)
    first.paste(product, (50, 60))
    assert memory.teach(first.crop((50, 60, 170, 220)), "oat drink", None, "d1")

    reloaded = AppearanceMemory(tmp_path / "memory")  # what the next scan opens
    second = _shelf(20)
    smaller = product.resize((96, 128)).rotate(8, expand=False, fillcolor=(200, 205, 210))
    second.paste(smaller, (400, 250))
    (hit,) = reloaded.find(second)
    assert hit.name == "oat drink" and hit.ingredient is None
    assert _iou(hit.box, (400, 250, 496, 378)) > 0.6

    other = _shelf(30)
    other.paste(_product(2), (300, 100))
    assert reloaded.find(other) == []


# the model's part of a scan, fixed: two food boxes
BOXES = [
    Detection("milk_whole", "milk_whole", 0.55, (400.0, 250.0, 500.0, 380.0)),
    Detection("egg", "egg", 0.9, (20.0, 20.0, 60.0, 60.0)),
]


class _Containers:
    def find(self, image: Image.Image) -> list[ContainerBox]:
        return [
            ContainerBox("bottle", 0.8, (405.0, 255.0, 495.0, 375.0)),  # the taught product's box
            ContainerBox("bowl", 0.6, (200.0, 300.0, 320.0, 380.0)),  # nobody claims this one
        ]


def test_a_scan_renames_the_models_box_and_lists_unclaimed_containers_as_unnamed(tmp_path: Path) -> None:
    memory = AppearanceMemory(tmp_path / "memory")
    product = _product(3)
    taught = _shelf(11)
    taught.paste(product, (60, 60))
    memory.teach(taught.crop((60, 60, 180, 220)), "oat drink", "oat_milk", "d1")
    photo_image = _shelf(21)
    photo_image.paste(product.resize((100, 130)), (400, 250))
    photo = LoadedPhoto(tmp_path / "p.jpg", "c" * 64, 640, 480, "JPEG", None, photo_image)
    detector = ReviewingDetector(FixedModel(BOXES), memory=memory, containers=_Containers())  # type: ignore[arg-type]
    found = detector.detect_one(photo)
    by_label = {d.label: d for d in found.detections}
    assert by_label["oat drink"].ingredient == "oat_milk" and by_label["oat drink"].source == "memory"
    assert by_label["oat drink"].box == (400.0, 250.0, 500.0, 380.0)  # the detector's box, renamed
    assert "milk_whole" not in by_label
    unnamed = [d for d in found.detections if d.unnamed]
    assert [(d.label, d.ingredient, d.ignored) for d in unnamed] == [("bowl", None, True)]
    assert "oat drink" in detector.labels


def test_each_name_keeps_its_newest_crops_and_a_product_taught_after_a_search_is_found(
    tmp_path: Path,
) -> None:
    """Every crop costs every later scan, so a name keeps its newest MAX_CROPS_PER_NAME; the search index
    built for one photo is rebuilt when something is taught after it."""
    from vision.memory import MAX_CROPS_PER_NAME

    folder = tmp_path / "memory"
    memory = AppearanceMemory(folder)
    for seed in range(MAX_CROPS_PER_NAME + 2):
        assert memory.teach(_product(100 + seed), "oat milk", None, f"oat-{seed}")
    kept = [e.key for e in memory.entries()]
    assert kept == [f"oat-{seed}" for seed in range(2, MAX_CROPS_PER_NAME + 2)]
    assert not (folder / "oat-0.npz").exists() and not (folder / "oat-1.npz").exists()
    assert [e.key for e in AppearanceMemory(folder).entries()] == kept  # the index on disk agrees

    photo = _shelf(7)
    photo.paste(_product(500), (300, 150))
    assert all(hit.name != "kefir" for hit in memory.find(photo))  # builds the index without kefir
    assert memory.teach(_product(500), "kefir", None, "kefir-1")
    assert [hit.name for hit in memory.find(photo)][:1] == ["kefir"]


def test_a_small_product_on_a_phone_sized_photo_is_found_where_the_model_put_a_faint_box(
    tmp_path: Path,
) -> None:
    """At 480 px a product a tenth of a 3000 px photo wide is a smudge; searched again at its own detail in
    the box the model put there (however faint), it is found."""
    memory = AppearanceMemory(tmp_path / "memory")
    taught = _shelf(11)
    taught.paste(_product(5, (240, 320)), (100, 80))
    assert memory.teach(taught.crop((100, 80, 340, 400)), "oat drink", "oat_milk", "d1")
    phone = _shelf(31, (3000, 2400))
    phone.paste(_product(5, (240, 320)).rotate(4, expand=False, fillcolor=(200, 205, 210)), (1800, 1200))
    box = (1790.0, 1190.0, 2050.0, 1530.0)
    assert memory.find(phone) == []  # the whole photo at 480 px: too little detail
    (hit,) = memory.find(phone, [box])
    assert hit.name == "oat drink" and _iou(hit.box, (1800, 1200, 2040, 1520)) > 0.6

    base = FixedModel([Detection("milk_whole", "milk_whole", 0.07, box)])
    photo = LoadedPhoto(tmp_path / "phone.jpg", "f" * 64, 3000, 2400, "JPEG", None, phone)
    found = ReviewingDetector(base, memory=memory).detect_one(photo)
    assert base.asked == [0.05]  # with something taught, the model is asked for its faint boxes too
    assert [(d.label, d.source) for d in found.detections] == [
        ("oat drink", "memory")
    ]  # the faint box is not

    plain = FixedModel([Detection("milk_whole", "milk_whole", 0.07, box)])
    ReviewingDetector(plain).detect_one(photo)
    assert plain.asked == [0.25]  # nothing taught: a plain scan asks what it always did
