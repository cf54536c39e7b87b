"""Reading a labelled YOLO data set (DATA.yaml, images/<split>, labels/<split>) without ultralytics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vision.errors import DatasetError
from vision.photos import PHOTO_SUFFIXES


def yolo_to_pixels(
    cx: float, cy: float, bw: float, bh: float, width: float, height: float
) -> tuple[float, float, float, float]:
    """A YOLO box (centre and size, as fractions of the photo) as (x1, y1, x2, y2) in the photo's pixels."""
    return (cx - bw / 2) * width, (cy - bh / 2) * height, (cx + bw / 2) * width, (cy + bh / 2) * height


@dataclass(frozen=True)
class YoloBox:
    cls: int
    cx: float
    cy: float
    w: float
    h: float

    def pixels(self, width: float, height: float) -> tuple[float, float, float, float]:
        return yolo_to_pixels(self.cx, self.cy, self.w, self.h, width, height)


@dataclass(frozen=True)
class YoloDataset:
    yaml_path: Path
    root: Path
    names: dict[int, str]
    splits: dict[str, tuple[Path, ...]]  # split -> image folders (or list files)
    raw: dict[str, Any]

    def images(self, split: str) -> list[Path]:
        if split not in self.splits:
            raise DatasetError(
                f"{self.yaml_path}: has no {split!r} split (it has {', '.join(self.splits) or 'none'})"
            )
        found: list[Path] = []
        for source in self.splits[split]:
            if source.is_dir():
                found += sorted(
                    p for p in source.rglob("*") if p.suffix.lower() in PHOTO_SUFFIXES and p.is_file()
                )
            elif source.is_file() and source.suffix == ".txt":
                lines = source.read_text(encoding="utf-8").splitlines()
                found += [(source.parent / line.strip()).resolve() for line in lines if line.strip()]
            else:
                raise DatasetError(f"{self.yaml_path}: the {split} images {source} do not exist")
        return found


def label_path(image: Path) -> Path:
    """YOLO's convention: the last `images` folder in the path becomes `labels`, the suffix `.txt`."""
    parts = list(image.parts)
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == "images":
            parts[i] = "labels"
            break
    return Path(*parts).with_suffix(".txt")


def read_labels(image: Path, n_classes: int) -> list[YoloBox]:
    path = label_path(image)
    if not path.is_file():
        return []  # an image without a label file is a background image
    boxes = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split()
        if not fields:
            continue
        try:
            cls = int(float(fields[0]))
            cx, cy, w, h = (float(v) for v in fields[1:5])
        except (ValueError, TypeError) as exc:
            raise DatasetError(f"{path}:{n}: not a YOLO label line ({line.strip()[:60]!r})") from exc
        if not 0 <= cls < n_classes:
            raise DatasetError(f"{path}:{n}: class {cls} is not in the data set's {n_classes} classes")
        boxes.append(YoloBox(cls, cx, cy, w, h))
    return boxes


def _names(raw: Any, where: Path) -> dict[int, str]:
    if isinstance(raw, list):
        return {i: str(n) for i, n in enumerate(raw)}
    if isinstance(raw, dict):
        try:
            return {int(k): str(v) for k, v in raw.items()}
        except (TypeError, ValueError) as exc:
            raise DatasetError(f"{where}: `names` keys must be class numbers") from exc
    raise DatasetError(f"{where}: `names` must list the class names")


def load_dataset(yaml_path: str | Path) -> YoloDataset:
    import yaml

    path = Path(yaml_path).expanduser()
    if not path.is_file():
        raise DatasetError(f"{path}: no such data set file (expected a YOLO DATA.yaml)")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read the data set file ({exc.strerror or exc})") from exc
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        raise DatasetError(f"{path}: not a readable YAML file ({exc})") from exc
    if not isinstance(raw, dict) or "names" not in raw:
        raise DatasetError(f"{path}: not a YOLO data set (it needs `names` and `train`/`val` entries)")
    names = _names(raw["names"], path)
    if not names:
        raise DatasetError(f"{path}: the data set has no classes")
    root = Path(raw["path"]) if raw.get("path") else path.parent
    if not root.is_absolute():
        root = (path.parent / root).resolve()
    splits: dict[str, tuple[Path, ...]] = {}
    for split in ("train", "val", "test"):
        value = raw.get(split)
        if not value:
            continue
        entries = value if isinstance(value, list) else [value]
        splits[split] = tuple((root / str(e)).resolve() for e in entries)
    if "val" not in splits and "train" not in splits:
        raise DatasetError(f"{path}: the data set names neither a train nor a val split")
    return YoloDataset(path.resolve(), root, names, splits, raw)
