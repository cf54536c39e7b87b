"""Session fixtures: a synthetic shapes data set and a tiny YOLO model trained on it once (CPU, ~15 s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from vision_synthetic import make_dataset


@pytest.fixture(scope="session")
def synthetic_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_dataset(tmp_path_factory.mktemp("synthetic"), n_train=16, n_val=4, size=96)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, synthetic_data: Path) -> Path:
    """Real ultralytics training, kept tiny: 64 px, 2 epochs, 16 images, no loader workers."""
    from vision.training import TrainConfig, train

    home = tmp_path_factory.mktemp("train-home")
    with pytest.MonkeyPatch.context() as mp:
        # ultralytics is configured once per process; keep its settings in a temporary home.
        mp.setenv("LARDER_HOME", str(home))
        config = TrainConfig(
            data=synthetic_data,
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
        result = train(config)
    return result.weights
