"""Fine-tuning a checkpoint keeps its head: a COCO-grown head (wider class branches than the yaml
would build, like the bundled model's) must not be silently re-initialised by `larder train`."""

from __future__ import annotations

from pathlib import Path

import pytest
from vision_synthetic import CLASSES


def test_finetuning_a_grown_head_checkpoint_keeps_its_class_branches(
    tmp_path: Path, synthetic_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("LARDER_HOME", str(tmp_path / "home"))
    from ultralytics.nn.tasks import DetectionModel

    from vision.bundled.train_bundled import grow_head
    from vision.training import TrainConfig, train

    torch.manual_seed(0)
    grown = grow_head(DetectionModel("yolov8n.yaml", nc=80, verbose=False), list(CLASSES))
    with torch.no_grad():
        for branch in grown.model[-1].cv3:
            branch[-1].weight.normal_()  # a recognisable head, unlike anything the yaml would build
    start = tmp_path / "grown.pt"
    torch.save({"model": grown, "train_args": {}, "date": None, "version": None}, start)
    before = [b[-1].weight.detach().clone() for b in grown.model[-1].cv3]
    assert before[0].shape[1] == 80  # COCO's width: a yaml with 4 classes builds 64-wide branches

    config = TrainConfig(
        data=synthetic_data,
        model=str(start),
        epochs=1,
        imgsz=64,
        batch=8,
        workers=0,
        device="cpu",
        out=tmp_path / "models",
        name="tuned",
        # No learning: whatever comes out is what training started from.
        extra={
            "seed": 0,
            "val": False,
            "warmup_epochs": 0,
            "lr0": 0.0,
            "lrf": 0.0,
            "mosaic": 0.0,
            "amp": False,
            "weight_decay": 0.0,
            "momentum": 0.0,
        },
    )
    result = train(config)
    tuned = torch.load(result.weights, map_location="cpu", weights_only=False)
    model = (tuned.get("ema") or tuned["model"]).float()
    after = [b[-1].weight.detach() for b in model.model[-1].cv3]
    assert [a.shape for a in after] == [b.shape for b in before]
    for a, b in zip(after, before, strict=True):
        # ultralytics saves checkpoints in half precision: equal up to fp16 rounding, not re-initialised.
        assert torch.allclose(a, b, rtol=1e-2, atol=1e-2)
