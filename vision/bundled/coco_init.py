"""Rebuild a trainable COCO-pretrained YOLOv8n from the shared int8 ONNX export.

The ONNX file is the only pretrained detector available offline. Its initializers keep ultralytics
module names, so each quantised convolution is dequantised (weight = (q - zero_point) * scale) into the
matching layer of a ``yolov8n.yaml`` model. The export folded batch-norm into the convolution bias; a
plain identity batch-norm would reproduce the ONNX output in eval mode but not in train mode, where
batch statistics replace the running ones. So the batch-norm layers are recalibrated on real photos:
with the mean ``m`` and std ``s`` of each channel's pre-norm activation, running stats (m, s^2) and
affine (gamma=s, beta=m+bias) leave eval output unchanged and make train-mode output approximately
the same, which keeps what COCO learned when fine-tuning starts.

Usage: python -m vision.bundled.coco_init [--onnx PATH] [--out PATH] [--calib-dir DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vision.bundled.offline_env import SHARED_DIR, WORK_DIR, configure_offline

configure_offline()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

DEFAULT_ONNX = SHARED_DIR / "models" / "yolov8n-coco-int8.onnx"
DEFAULT_OUT = WORK_DIR / "yolov8n-coco.pt"
CALIB_IMAGES = 48
CALIB_SIZE = 640


def read_onnx_initializers(path: Path) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    arrays = {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}
    metadata = {prop.key: prop.value for prop in model.metadata_props}
    return arrays, metadata


def dequantised_weight(arrays: dict[str, np.ndarray], prefix: str) -> torch.Tensor:
    q = arrays[f"{prefix}.weight_quantized"].astype(np.float32)
    zero_point = arrays[f"{prefix}.weight_zero_point"].astype(np.float32)
    scale = arrays[f"{prefix}.weight_scale"].astype(np.float32)
    return torch.from_numpy((q - zero_point) * scale)


def build_coco_model(arrays: dict[str, np.ndarray]) -> nn.Module:
    """Load every quantised convolution into a fresh yolov8n (BN as identity carrying the folded bias)."""
    from ultralytics.nn.modules.conv import Conv
    from ultralytics.nn.tasks import DetectionModel

    model = DetectionModel("yolov8n.yaml", nc=80, verbose=False)
    loaded = 0
    for name, module in model.named_modules():
        if isinstance(module, Conv):
            prefix = f"{name}.conv"
            if f"{prefix}.weight_quantized" not in arrays:
                continue
            with torch.no_grad():
                module.conv.weight.copy_(dequantised_weight(arrays, prefix))
                bn: Any = module.bn
                bn.weight.fill_(1.0)
                bn.bias.copy_(torch.from_numpy(arrays[f"{prefix}.bias"].copy()))
                bn.running_mean.zero_()
                bn.running_var.fill_(1.0 - bn.eps)
            loaded += 1
        elif isinstance(module, nn.Conv2d) and module.bias is not None and f"{name}.bias" in arrays:
            # The head's final 1x1 convolutions have no batch-norm: plain weight and bias.
            with torch.no_grad():
                module.weight.copy_(dequantised_weight(arrays, name))
                module.bias.copy_(torch.from_numpy(arrays[f"{name}.bias"].copy()))
            loaded += 1
    if loaded != 63:  # 57 Conv+BN blocks and 6 head output convolutions in yolov8n
        raise RuntimeError(f"expected 63 convolutions from the ONNX file, loaded {loaded}")
    return model


def letterbox_tensor(image_path: Path, size: int) -> torch.Tensor:
    import cv2
    from ultralytics.data.augment import LetterBox

    image = cv2.imread(str(image_path))
    if image is None:
        raise FileNotFoundError(f"cannot read image {image_path}")
    boxed: Any = LetterBox((size, size), auto=False)(image=image)
    rgb = boxed[:, :, ::-1].transpose(2, 0, 1).copy()
    return torch.from_numpy(rgb).float().div(255.0).unsqueeze(0)


def recalibrate_batchnorm(model: nn.Module, images: list[Path]) -> None:
    """Give each BN real running statistics and a matching affine (see module docstring)."""
    from ultralytics.nn.modules.conv import Conv

    sums: dict[nn.BatchNorm2d, torch.Tensor] = {}
    squares: dict[nn.BatchNorm2d, torch.Tensor] = {}
    counts: dict[nn.BatchNorm2d, int] = {}

    def hook(bn: nn.Module, inputs: tuple[torch.Tensor, ...], _output: torch.Tensor) -> None:
        assert isinstance(bn, nn.BatchNorm2d)
        x = inputs[0].detach().double()
        sums[bn] = sums.get(bn, torch.zeros(x.shape[1], dtype=torch.float64)) + x.sum(dim=(0, 2, 3))
        squares[bn] = squares.get(bn, torch.zeros(x.shape[1], dtype=torch.float64)) + (x * x).sum(
            dim=(0, 2, 3)
        )
        counts[bn] = counts.get(bn, 0) + x.shape[0] * x.shape[2] * x.shape[3]

    bns = [m.bn for m in model.modules() if isinstance(m, Conv)]
    handles = [bn.register_forward_hook(hook) for bn in bns]
    model.eval()
    with torch.no_grad():
        for path in images:
            model(letterbox_tensor(path, CALIB_SIZE))
    for handle in handles:
        handle.remove()
    with torch.no_grad():
        for norm in bns:
            bn: Any = norm
            mean = sums[bn] / counts[bn]
            var = (squares[bn] / counts[bn] - mean * mean).clamp_min(1e-6)
            std = torch.sqrt(var)
            folded_bias = bn.bias.detach().double().clone()
            bn.running_mean.copy_(mean.float())
            bn.running_var.copy_((var - bn.eps).clamp_min(1e-8).float())
            bn.weight.copy_(std.float())
            bn.bias.copy_((mean + folded_bias).float())


def calibration_images(calib_dir: Path, count: int) -> list[Path]:
    images = sorted(p for p in calib_dir.rglob("*.jpg"))
    if not images:
        raise FileNotFoundError(f"no .jpg images under {calib_dir}")
    step = max(1, len(images) // count)
    return images[::step][:count]


def onnx_detections(onnx_path: Path, image: torch.Tensor) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    (raw,) = session.run(None, {"images": image.numpy()})
    return np.asarray(raw)


def decoded_boxes(raw: np.ndarray, conf: float = 0.25) -> list[tuple[int, float, np.ndarray]]:
    from ultralytics.utils.nms import non_max_suppression

    (det,) = non_max_suppression(torch.from_numpy(raw), conf_thres=conf, iou_thres=0.45)
    return [(int(row[5]), float(row[4]), row[:4].numpy()) for row in det]


def compare_with_onnx(model: nn.Module, onnx_path: Path, image_path: Path) -> str:
    """Boxes of the rebuilt model against onnxruntime's on one photo; raises if they disagree."""
    image = letterbox_tensor(image_path, 640)
    model.eval()
    with torch.no_grad():
        ours = model(image)[0].numpy()
    theirs = onnx_detections(onnx_path, image)
    # int8 activations in the ONNX graph move scores by a few hundredths, so boxes near the threshold
    # may appear on one side only: each confident box must have a same-class partner on the other side.
    mine, reference = decoded_boxes(ours, 0.2), decoded_boxes(theirs, 0.2)
    lines = [f"photo {image_path.name}: torch {len(mine)} boxes, onnx {len(reference)} boxes (conf>=0.2)"]
    max_shift = 0.0
    for side, boxes, others in (("onnx", reference, mine), ("torch", mine, reference)):
        for cls, score, box in boxes:
            if score < 0.3:
                continue
            same = [b for b in others if b[0] == cls]
            if not same:
                raise RuntimeError(
                    f"{side} box of class {cls} ({score:.2f}) has no partner on the other side"
                )
            shift = min(float(np.abs(b[2] - box).max()) for b in same)
            max_shift = max(max_shift, shift)
            lines.append(f"  {side} class {cls} score {score:.2f}, nearest partner shift {shift:.1f}px")
    if max_shift > 8.0:
        raise RuntimeError("rebuilt model disagrees with the ONNX model:\n" + "\n".join(lines))
    return "\n".join(lines)


def save_checkpoint(model: nn.Module, metadata: dict[str, str], out: Path) -> None:
    import ast

    names = ast.literal_eval(metadata["names"])
    model.names = names
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(
        {
            "model": model,
            "train_args": {"imgsz": 640},
            "date": None,
            "version": metadata.get("version"),
            "license": metadata.get("license"),
            "docs": "rebuilt from shared/models/yolov8n-coco-int8.onnx by vision/bundled/coco_init.py",
        },
        out,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onnx", type=Path, default=DEFAULT_ONNX)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--calib-dir", type=Path, default=SHARED_DIR / "datasets" / "aicook" / "images" / "val"
    )
    parser.add_argument("--check-image", type=Path, default=None)
    args = parser.parse_args(argv)

    arrays, metadata = read_onnx_initializers(args.onnx)
    model = build_coco_model(arrays)
    images = calibration_images(args.calib_dir, CALIB_IMAGES)
    check_image = args.check_image or images[0]
    print(compare_with_onnx(model, args.onnx, check_image))
    recalibrate_batchnorm(model, images)
    print("after batch-norm recalibration (eval output must be unchanged):")
    print(compare_with_onnx(model, args.onnx, check_image))
    save_checkpoint(model, metadata, args.out)
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
