"""Which detector model to use: an explicit path or setting, else the bundled fridge model.

Ultralytics would download a pretrained name such as `yolo11n.pt` from GitHub; Larder never downloads
at run time, so a name is only usable when the file is already on this machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import assets
from vision.errors import ModelUnavailable

# The top-level `assets` package holds the bundled models; package data, so a wheel install has them too.
BUNDLED_DIR = assets.MODELS
BUNDLED_NAMES = ("fridge.pt", "fridge.onnx")
MODEL_SUFFIXES = (".pt", ".onnx")
# Generic COCO models a user may have copied into the models folder; used only when no fridge model is.
PRETRAINED_FALLBACKS = ("yolo11n.pt", "yolov8n.pt")
NO_MODEL_HINT = (
    "add items by hand with `larder inventory add INGREDIENT [QTY]`, or pass --model PATH (.pt or .onnx)"
)


@dataclass(frozen=True)
class ModelChoice:
    path: Path
    source: str  # explicit | setting | bundled | pretrained

    @property
    def name(self) -> str:
        return self.path.name


def _is_bare_name(value: str) -> bool:
    return "/" not in value and "\\" not in value


def _resolve(value: str, source: str, search_dirs: tuple[Path, ...]) -> ModelChoice:
    path = Path(value).expanduser()
    if path.suffix.lower() not in MODEL_SUFFIXES:
        raise ModelUnavailable(f"{value}: a detector model must be a .pt or .onnx file")
    if path.is_dir():
        raise ModelUnavailable(f"{value}: is a folder, not a model file")
    if path.is_file():
        return ModelChoice(path.resolve(), source)
    if _is_bare_name(value):
        for folder in search_dirs:
            candidate = folder / value
            if candidate.is_file():
                return ModelChoice(candidate.resolve(), "pretrained")
        raise ModelUnavailable(
            f"{value}: this pretrained model is not on this machine and Larder does not download models; "
            f"copy the file into {search_dirs[0] if search_dirs else 'the models folder'} or pass its path"
        )
    raise ModelUnavailable(f"{value}: no such model file")


def bundled_model(bundled_dir: Path | None = None) -> Path | None:
    bundled_dir = BUNDLED_DIR if bundled_dir is None else bundled_dir
    for name in BUNDLED_NAMES:
        if (bundled_dir / name).is_file():
            return bundled_dir / name
    return None


def choose_model(
    explicit: str | None = None,
    setting: str | None = None,
    *,
    bundled_dir: Path | None = None,
    search_dirs: tuple[Path, ...] = (),
) -> ModelChoice:
    """--model beats the saved setting, which beats the bundled model, which beats a pretrained COCO model
    already in one of `search_dirs`; raises ModelUnavailable when there is none."""
    if explicit:
        return _resolve(explicit, "explicit", search_dirs)
    if setting:
        return _resolve(str(setting), "setting", search_dirs)
    bundled_dir = BUNDLED_DIR if bundled_dir is None else bundled_dir
    bundled = bundled_model(bundled_dir)
    if bundled is not None:
        return ModelChoice(bundled.resolve(), "bundled")
    for folder in search_dirs:
        for name in PRETRAINED_FALLBACKS:
            if (folder / name).is_file():
                return ModelChoice((folder / name).resolve(), "pretrained")
    raise ModelUnavailable(
        f"no bundled detector model is installed ({bundled_dir / BUNDLED_NAMES[0]}); {NO_MODEL_HINT}"
    )
