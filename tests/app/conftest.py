"""The front door's tests reuse the vision tests' tiny YOLO model (trained once per session on synthetic
shapes) as a real detector, and open every Larder on the test's temporary home."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agents.app import Larder


def _make_dataset() -> Callable[..., Path]:
    """tests/vision's generator, loaded by path: putting tests/vision on sys.path would make its
    conftest shadow the one other test folders import by name."""
    path = Path(__file__).resolve().parents[1] / "vision" / "vision_synthetic.py"
    spec = importlib.util.spec_from_file_location("_app_vision_synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    make: Callable[..., Path] = module.make_dataset
    return make


@pytest.fixture(scope="session")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic YOLO data set (egg, tomato, Milk, widget drawn as shapes); returns its DATA.yaml."""
    return _make_dataset()(tmp_path_factory.mktemp("shapes"), n_train=16, n_val=4, size=96)


@pytest.fixture(scope="session")
def shapes_model(tmp_path_factory: pytest.TempPathFactory, shapes: Path) -> Path:
    """Real ultralytics training, kept tiny (64 px, 2 epochs, CPU), the same recipe as tests/vision."""
    from vision.training import TrainConfig, train

    home = tmp_path_factory.mktemp("train-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LARDER_HOME", str(home))
        config = TrainConfig(
            data=shapes,
            model="yolov8n.yaml",
            epochs=2,
            imgsz=64,
            batch=8,
            workers=0,
            device="cpu",
            out=home / "models",
            name="tiny",
            extra={"seed": 0, "val": False, "warmup_epochs": 0, "mosaic": 0.0, "amp": False},
        )
        return train(config).weights


@pytest.fixture
def shape_photos(shapes: Path) -> list[Path]:
    return sorted((shapes.parent / "images" / "val").glob("*.png"))


@pytest.fixture
def larder(_isolated_home: Path) -> Iterator[Larder]:
    with Larder.open(_isolated_home) as opened:
        yield opened
