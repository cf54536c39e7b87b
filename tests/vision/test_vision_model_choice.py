"""Which model: --model, then the setting, then the bundled model; nothing is ever downloaded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from vision.errors import ModelUnavailable
from vision.model_choice import choose_model


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"weights")
    return path


def test_explicit_beats_setting_beats_bundled(tmp_path: Path) -> None:
    bundled = _touch(tmp_path / "bundled" / "fridge.pt")
    explicit = _touch(tmp_path / "mine.onnx")
    setting = _touch(tmp_path / "saved.pt")
    assert choose_model(str(explicit), str(setting), bundled_dir=bundled.parent).path == explicit.resolve()
    assert choose_model(None, str(setting), bundled_dir=bundled.parent).source == "setting"
    chosen = choose_model(None, None, bundled_dir=bundled.parent)
    assert (chosen.path, chosen.source) == (bundled.resolve(), "bundled")


def test_no_bundled_model_says_so_and_points_to_manual_entry(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="no bundled detector model is installed.*inventory add"):
        choose_model(None, None, bundled_dir=tmp_path)


def test_pretrained_name_fails_fast_without_downloading(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ModelUnavailable, match="yolo11n.pt.*does not download"):
        choose_model("yolo11n.pt", bundled_dir=tmp_path, search_dirs=(tmp_path,))
    assert time.monotonic() - started < 1.0


def test_pretrained_name_found_in_the_models_folder(tmp_path: Path) -> None:
    _touch(tmp_path / "yolo11n.pt")
    chosen = choose_model("yolo11n.pt", bundled_dir=tmp_path / "none", search_dirs=(tmp_path,))
    assert chosen.source == "pretrained" and chosen.path.name == "yolo11n.pt"


@pytest.mark.parametrize(
    "value,message",
    [("model.h5", "must be a .pt or .onnx"), ("/nowhere/model.pt", "no such model file")],
)
def test_bad_explicit_model(tmp_path: Path, value: str, message: str) -> None:
    with pytest.raises(ModelUnavailable, match=message):
        choose_model(value, bundled_dir=tmp_path)


def test_folder_named_like_a_model(tmp_path: Path) -> None:
    (tmp_path / "weights.pt").mkdir()
    with pytest.raises(ModelUnavailable, match="folder"):
        choose_model(str(tmp_path / "weights.pt"), bundled_dir=tmp_path)


def test_pretrained_model_in_the_models_folder_is_the_last_resort(tmp_path: Path) -> None:
    models = tmp_path / "models"
    _touch(models / "yolov8n.pt")
    chosen = choose_model(None, None, bundled_dir=tmp_path / "empty", search_dirs=(models,))
    assert (chosen.source, chosen.path.name) == ("pretrained", "yolov8n.pt")
    _touch(tmp_path / "bundled" / "fridge.pt")
    assert (
        choose_model(None, None, bundled_dir=tmp_path / "bundled", search_dirs=(models,)).source == "bundled"
    )
