"""YOLO label files as the benchmarks, training and learn read them: lines to boxes, boxes to pixels."""

from __future__ import annotations

from pathlib import Path

import pytest

from vision.datasets import label_path, read_labels, yolo_to_pixels
from vision.errors import DatasetError


def _photo_with_labels(tmp_path: Path, lines: str) -> Path:
    image = tmp_path / "set" / "images" / "val" / "shelf.jpg"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"")  # read_labels reads only the label file beside it
    labels = label_path(image)
    labels.parent.mkdir(parents=True)
    labels.write_text(lines, encoding="utf-8")
    return image


def test_a_label_line_comes_back_as_the_pixels_it_was_written_from(tmp_path: Path) -> None:
    # a 640 x 480 photo with an item from (64, 120) to (192, 360) and one touching the bottom-right corner
    image = _photo_with_labels(tmp_path, "2 0.2 0.5 0.2 0.5\n\n0 0.9 0.875 0.2 0.25\n")
    boxes = read_labels(image, n_classes=3)
    assert [b.cls for b in boxes] == [2, 0]
    assert boxes[0].pixels(640, 480) == pytest.approx((64.0, 120.0, 192.0, 360.0))
    assert boxes[1].pixels(640, 480) == pytest.approx((512.0, 360.0, 640.0, 480.0))
    assert yolo_to_pixels(0.9, 0.875, 0.2, 0.25, 640, 480) == boxes[1].pixels(640, 480)


def test_a_photo_without_a_label_file_is_a_background_photo(tmp_path: Path) -> None:
    image = _photo_with_labels(tmp_path, "")
    label_path(image).unlink()
    assert read_labels(image, n_classes=3) == []


@pytest.mark.parametrize(
    ("line", "says"), [("7 0.5 0.5 0.1 0.1", "class 7"), ("bottle 0.5 0.5 0.1 0.1", "not a YOLO label line")]
)
def test_a_bad_label_line_names_its_file_and_line(tmp_path: Path, line: str, says: str) -> None:
    image = _photo_with_labels(tmp_path, "1 0.5 0.5 0.1 0.1\n" + line + "\n")
    with pytest.raises(DatasetError, match=says) as raised:
        read_labels(image, n_classes=3)
    assert f"{label_path(image)}:2" in str(raised.value)
