"""Build `assets/models/containers.pt`: COCO YOLOv8n, used only for its container rows.

The bundled fridge model's head was regrown for food classes and its neck fine-tuned, so it lost
COCO's sense of "there is a bottle / cup / bowl here" (grafting COCO's class rows back onto the
fine-tuned head finds 3 of 21 COCO containers at conf 0.06, measured on 60 val photos). Larder keeps
that knowledge in a second, unmodified COCO model, run only when a scan is saved for review, to list
containers no food class claims as "unnamed: what is this?".

Source: the shared Ultralytics YOLOv8n COCO int8 ONNX export (`shared/models/yolov8n-coco-int8.onnx`,
github.com/Lamri-Meriem/edge-object-detection, AGPL-3.0 as the weights' own metadata states),
dequantised by `coco_init.build_coco_model` (no batch-norm recalibration: inference only, where the
folded bias is exact), saved in half precision. Needs the `onnx` package (this step only).

Usage: python -m vision.bundled.container_model [--onnx PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path
from typing import Any

from vision.bundled.coco_init import DEFAULT_ONNX, build_coco_model, read_onnx_initializers

OUT = Path(__file__).resolve().parents[2] / "assets" / "models" / "containers.pt"


def build(onnx_path: Path, out: Path) -> Path:
    import torch

    arrays, metadata = read_onnx_initializers(onnx_path)
    model: Any = build_coco_model(arrays).eval()
    model.names = ast.literal_eval(metadata["names"])
    model.args = {"imgsz": 640, "task": "detect"}
    source = f"{onnx_path.name} (Ultralytics YOLOv8n COCO, AGPL-3.0), dequantised by Larder"
    torch.save(
        {"model": model.half(), "train_args": {"task": "detect"}, "date": None, "version": source}, out
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onnx", type=Path, default=DEFAULT_ONNX)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    print(build(args.onnx, args.out))


if __name__ == "__main__":
    main()
