"""One prepared GPU run that retrains the bundled model for strangers' fridges (tested on CPU, tiny).

What the CPU could not afford: all layers unfrozen, a larger image, heavy augmentation (copy-paste,
mosaic, mixup, scale, HSV lighting and white balance, blur), and leave-one-source-out selection
(`--hold-out SOURCE` trains without that data set and validates on its val split only, so the model
is chosen on a fridge it has never seen). Starts from the bundled `fridge.pt` (same 47 classes, COCO
backbone); ultralytics' `time=` keeps the run inside `--minutes`. The three shared data sets are merged
with their labels renamed to the bundled class ids (vision/bundled/classes.py); images are linked,
not copied.

    # on a GPU machine (about 8 minutes of training at 512 px on one modern GPU):
    python -m vision.bundled.train_gpu --device 0 --minutes 8 --imgsz 512 --hold-out fridge-objects
    # the CPU check this script was tested with (a few seconds):
    python -m vision.bundled.train_gpu --device cpu --tiny

The result is `<work>/gpu-run/weights/best.pt`; ship it with vision/bundled/model_card.py after
checking it with `larder eval` on the held-out source and bench/bench_scan.py (it must stay within
60 ms per photo on the 2-core CPU: keep yolov8n, or a larger image only if that holds).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from vision.bundled.classes import SOURCES
from vision.bundled.offline_env import SHARED_DIR, WORK_DIR, configure_offline

MODEL = Path(__file__).resolve().parents[2] / "assets" / "models" / "fridge.pt"


def merge(
    sources: list[str], split: str, out: Path, class_index: dict[str, int], limit: int | None = None
) -> int:
    """Link each source's `split` images under `out/images/split` with labels renamed to `class_index`."""
    from vision.datasets import load_dataset, read_labels

    (out / "images" / split).mkdir(parents=True, exist_ok=True)
    (out / "labels" / split).mkdir(parents=True, exist_ok=True)
    n = 0
    for source in sources:
        dataset = load_dataset(SHARED_DIR / "datasets" / source / "data.yaml")
        mapping = SOURCES[source]
        for image in dataset.images(split)[:limit]:
            lines = []
            for b in read_labels(image, len(dataset.names)):
                name = mapping.get(dataset.names[b.cls], dataset.names[b.cls])
                if name in class_index:
                    lines.append(f"{class_index[name]} {b.cx:.6f} {b.cy:.6f} {b.w:.6f} {b.h:.6f}")
            stem = f"{source}-{image.stem}"
            link = out / "images" / split / f"{stem}{image.suffix}"
            if not link.exists():
                os.symlink(image, link)
            (out / "labels" / split / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="0")
    parser.add_argument("--minutes", type=float, default=8.0)
    parser.add_argument("--imgsz", type=int, default=512)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--hold-out", choices=sorted(SOURCES), default=None)
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--out", type=Path, default=WORK_DIR / "gpu-run")
    parser.add_argument("--tiny", action="store_true", help="CPU check: 8 photos per source, 1 epoch, 128 px")
    args = parser.parse_args()
    configure_offline()
    from ultralytics import YOLO

    model = YOLO(str(args.model))
    names = [str(model.names[i]) for i in sorted(model.names)]
    index = {n: i for i, n in enumerate(names)}
    train_sources = [s for s in SOURCES if s != args.hold_out]
    val_sources = [args.hold_out] if args.hold_out else list(SOURCES)
    limit = 8 if args.tiny else None
    data = args.out / "data"
    n_train = merge(train_sources, "train", data, index, limit)
    n_val = merge(val_sources, "val", data, index, 4 if args.tiny else None)
    yaml_path = args.out / "data.yaml"
    body = "\n".join(f"  {i}: {n}" for i, n in enumerate(names))
    yaml_path.write_text(
        f"path: {data}\ntrain: images/train\nval: images/val\nnames:\n{body}\n", encoding="utf-8"
    )
    print(
        f"{n_train} train photos ({', '.join(train_sources)}), {n_val} val photos ({', '.join(val_sources)})"
    )
    started = time.perf_counter()
    model.train(
        data=str(yaml_path),
        epochs=1 if args.tiny else 300,  # the time limit ends it first
        time=None if args.tiny else args.minutes / 60,
        imgsz=128 if args.tiny else args.imgsz,
        batch=4 if args.tiny else args.batch,
        device=args.device,
        workers=0 if args.tiny else 8,
        optimizer="AdamW",
        lr0=0.002,
        cos_lr=True,
        freeze=0,
        mosaic=1.0,
        mixup=0.1,
        copy_paste=0.3,
        scale=0.6,
        degrees=3.0,
        hsv_h=0.02,
        hsv_s=0.7,
        hsv_v=0.5,
        fliplr=0.5,
        close_mosaic=2,
        amp=args.device != "cpu",
        plots=False,
        project=str(args.out),
        name="run",
        exist_ok=True,
        val=True,
        verbose=False,
    )
    print(f"trained in {time.perf_counter() - started:.0f} s; weights in {args.out / 'run' / 'weights'}")


if __name__ == "__main__":
    main()
