"""Fine-tune the bundled fridge detector from the rebuilt COCO YOLOv8n.

The classification head is grown, not replaced: the box branches, backbone and neck keep COCO's
weights; head rows of COCO's food classes (apple, banana, orange, broccoli, carrot) are copied to the
matching taxonomy ids; other new classes start from a look-alike COCO row (milk from bottle, lemon from
orange...) with a lower bias. The backbone is frozen, which keeps COCO's general features (what
transfers to other people's fridges) and saves about a third of the CPU time per step.

The run stops itself after ``--hours`` (ultralytics ``time=``) and saves a checkpoint every epoch.
Usage: nice -n 5 python -m vision.bundled.train_bundled --hours 1.2 [--imgsz 416] [--fraction 1.0]
"""

from __future__ import annotations

import argparse
import copy
import math
import sys
from pathlib import Path
from typing import Any

from vision.bundled.offline_env import WORK_DIR, configure_offline, require_file

configure_offline()

import torch  # noqa: E402
from torch import nn  # noqa: E402

from vision.bundled.classes import COCO_FOODS, COCO_LOOKALIKE, class_names  # noqa: E402

COCO_WEIGHTS = WORK_DIR / "yolov8n-coco.pt"
GROWN_WEIGHTS = WORK_DIR / "fridge-init.pt"
DATA_YAML = WORK_DIR / "data" / "train.yaml"
RUNS_DIR = WORK_DIR / "runs"
# Look-alike rows start this much less confident (in logits) than the COCO class they are copied from.
LOOKALIKE_BIAS_DROP = math.log(4.0)


def grow_head(coco: Any, names: list[str]) -> Any:
    """COCO's yolov8n with its 80-row class convolutions replaced by len(names) rows.

    Built by editing the COCO model rather than from ``yolov8n.yaml``: with fewer than 80 classes the
    yaml gives the class branches 64 channels instead of COCO's 80, and they could not be reused.
    """
    from ultralytics.nn.modules.head import Detect

    model: Any = copy.deepcopy(coco)
    detect: Any = model.model[-1]
    assert isinstance(detect, Detect)
    coco_row = {name: idx for idx, name in COCO_FOODS.items()}
    branches: Any = detect.cv3
    for branch, stride in zip(branches, detect.stride.tolist(), strict=True):
        old: Any = branch[-1]
        new: Any = nn.Conv2d(old.in_channels, len(names), 1)
        with torch.no_grad():
            # ultralytics' prior for a class nobody has seen yet: about 5 objects per 640 px image.
            new.bias.fill_(math.log(5 / len(names) / (640 / stride) ** 2))
            # Zero weights keep unseen classes silent at that prior instead of firing at random.
            new.weight.zero_()
            for j, name in enumerate(names):
                if name in coco_row:
                    new.weight[j] = old.weight[coco_row[name]]
                    new.bias[j] = old.bias[coco_row[name]]
                elif name in COCO_LOOKALIKE:
                    new.weight[j] = old.weight[COCO_LOOKALIKE[name]]
                    new.bias[j] = old.bias[COCO_LOOKALIKE[name]] - LOOKALIKE_BIAS_DROP
        branch[-1] = new
    detect.nc = len(names)
    detect.no = detect.nc + detect.reg_max * 4
    model.yaml["nc"] = len(names)
    model.nc = len(names)
    model.names = dict(enumerate(names))
    return model


def save_grown(out: Path) -> Path:
    weights = require_file(COCO_WEIGHTS, "python -m vision.bundled.coco_init")
    coco = torch.load(weights, map_location="cpu", weights_only=False)["model"].float()
    model = grow_head(coco, class_names())
    torch.save({"model": model, "train_args": {}, "date": None, "version": None}, out)
    return out


def grown_head_trainer(init: Path = GROWN_WEIGHTS) -> type:
    """A DetectionTrainer that trains the grown model itself instead of rebuilding it from yaml."""
    from ultralytics.models.yolo.detect import DetectionTrainer

    class GrownHeadTrainer(DetectionTrainer):
        def get_model(self, cfg=None, weights=None, verbose=True):  # type: ignore[no-untyped-def]
            return torch.load(init, map_location="cpu", weights_only=False)["model"].float()

    return GrownHeadTrainer


def save_continued(checkpoint: Path, out: Path) -> Path:
    """The weights of an earlier run (its EMA when present) as a starting point for more epochs."""
    ckpt = torch.load(checkpoint, map_location="cpu", weights_only=False)
    model = (ckpt.get("ema") or ckpt["model"]).float()
    torch.save({"model": model, "train_args": {}, "date": None, "version": None}, out)
    return out


def train(
    hours: float,
    imgsz: int,
    fraction: float,
    name: str,
    batch: int,
    epochs: int,
    resume_from: Path | None = None,
    lr0: float = 0.001,
    freeze: int = 10,
) -> Path:
    from ultralytics import YOLO

    if resume_from is None:
        init = save_grown(GROWN_WEIGHTS)
    else:
        # A second stage: more epochs from a finished run, on a fresh (lower) learning-rate schedule.
        init = save_continued(resume_from, WORK_DIR / f"{name}-init.pt")
    model = YOLO(str(init))
    model.train(
        trainer=grown_head_trainer(init),
        data=str(DATA_YAML),
        imgsz=imgsz,
        epochs=epochs,
        time=hours,
        fraction=fraction,
        batch=batch,
        workers=2,
        device="cpu",
        cache="ram",
        plots=False,
        val=False,
        save_period=1,
        project=str(RUNS_DIR),
        name=name,
        exist_ok=True,
        freeze=freeze,  # 10 = the backbone; 0 = every layer (a second stage that adapts the features)
        optimizer="AdamW",
        lr0=lr0,
        warmup_epochs=1 if resume_from is None else 0,
        cos_lr=True,
        # Many fridges, one camera each: colour and lighting vary far more than in three data sets.
        hsv_h=0.02,
        hsv_s=0.6,
        hsv_v=0.45,
        degrees=3.0,
        translate=0.1,
        scale=0.5,
        fliplr=0.5,
        mosaic=1.0,
        mixup=0.05,
        close_mosaic=2,
        patience=100,
        verbose=True,
    )
    return RUNS_DIR / name / "weights"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, required=True)
    parser.add_argument("--imgsz", type=int, default=416)
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--name", default="fridge")
    parser.add_argument("--continue-from", type=Path, help="a checkpoint of an earlier run (second stage)")
    parser.add_argument("--lr0", type=float, default=0.001)
    parser.add_argument("--freeze", type=int, default=10, help="layers kept frozen (10: the backbone)")
    args = parser.parse_args(argv)
    weights = train(
        args.hours,
        args.imgsz,
        args.fraction,
        args.name,
        args.batch,
        args.epochs,
        args.continue_from,
        args.lr0,
        args.freeze,
    )
    print(f"weights in {weights}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
