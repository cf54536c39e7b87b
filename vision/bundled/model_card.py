"""Evaluate the bundled detector and write its model card (Markdown + JSON) next to the weights.

Measures, on each data set's val split separately (never trained on): mAP50, mAP50-95, mean precision and
recall, per-class AP50; and CPU latency per photo. Reads the training run's args and results for the
epochs, image size and training time. Also copies the stripped weights into assets/models/.
Usage: python -m vision.bundled.model_card --run /root/larder-train/runs/fridge [--weights last.pt]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import platform
import shutil
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from vision.bundled.offline_env import WORK_DIR, configure_offline

configure_offline()

import yaml  # noqa: E402

from vision.bundled.classes import SOURCES, class_names  # noqa: E402

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "models"
DATA_DIR = WORK_DIR / "data"

ATTRIBUTION = {
    "aicook": (
        "aicook dataset (v4) by Karel Cornelis, https://universe.roboflow.com/karel-cornelis-q2qqg/aicook-lcv4d, "
        "MIT License (Copyright (c) Karel Cornelis); obtained via github.com/KamMirf/CV_FinalProj_S2024; "
        "one image per source photo kept, about a fifth of the photos set aside for evaluation."
    ),
    "epicureai": (
        "EpicureAi dataset (v12, balanced_data_set) by Roboflow user workspace wagon, "
        "https://universe.roboflow.com/wagon/epicureai, licensed CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/); obtained via github.com/monsieurgoodmood/EpicureAi; "
        "splits renamed; labels renamed to Larder taxonomy ids."
    ),
    "fridge-objects": (
        "Fridge objects dataset (v12) by Roboflow user workspace fooddetection-essdj, "
        "https://universe.roboflow.com/fooddetection-essdj/fridge-objects, licensed CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/); obtained via github.com/AlekhyaVaida/FridgeScan; "
        "split renamed and 37 validation/test images moved to a separate evaluation set; "
        "labels renamed to Larder taxonomy ids."
    ),
    "coco-yolov8n": (
        "Starting weights: Ultralytics YOLOv8n trained on COCO (AGPL-3.0, https://ultralytics.com/license), "
        "from an int8 ONNX export (github.com/Lamri-Meriem/edge-object-detection, commit a6844ef) "
        "dequantised by vision/bundled/coco_init.py. The fine-tuned weights are AGPL-3.0 as well."
    ),
}


@dataclass(frozen=True)
class SplitMetrics:
    dataset: str
    images: int
    boxes: int
    map50: float
    map50_95: float
    precision: float
    recall: float
    per_class_ap50: dict[str, float]


def evaluate(weights: Path, dataset: str, imgsz: int) -> SplitMetrics:
    from ultralytics import YOLO

    model = YOLO(str(weights))
    data = DATA_DIR / f"eval_{dataset}.yaml"
    metrics = model.val(
        data=str(data),
        split="val",
        imgsz=imgsz,
        batch=8,
        device="cpu",
        plots=False,
        verbose=False,
        workers=0,
        project=str(WORK_DIR / "val"),
        name=dataset,
        exist_ok=True,
    )
    names = class_names()
    per_class = {
        names[int(c)]: round(float(ap), 4)
        for c, ap in zip(metrics.box.ap_class_index, metrics.box.ap50, strict=True)
    }
    label_dir = DATA_DIR / f"val_{dataset}" / "labels"
    labels = list(label_dir.glob("*.txt"))
    boxes = sum(len(p.read_text().splitlines()) for p in labels)
    return SplitMetrics(
        dataset=dataset,
        images=len(labels),
        boxes=boxes,
        map50=round(float(metrics.box.map50), 4),
        map50_95=round(float(metrics.box.map), 4),
        precision=round(float(metrics.box.mp), 4),
        recall=round(float(metrics.box.mr), 4),
        per_class_ap50=per_class,
    )


def latency_ms(weights: Path, imgsz: int, photos: list[Path]) -> dict[str, float]:
    """Median and 90th percentile wall time of one predict() per photo, after two warm-up calls."""
    from ultralytics import YOLO

    model = YOLO(str(weights))
    for photo in photos[:2]:
        model.predict(str(photo), imgsz=imgsz, device="cpu", verbose=False)
    times = []
    for photo in photos:
        start = time.perf_counter()
        model.predict(str(photo), imgsz=imgsz, device="cpu", verbose=False)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
        "photos": len(times),
    }


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def checkpoint_epochs(weights: Path) -> int:
    """Epochs the checkpoint had completed (ultralytics stores the 0-based epoch it was saved after)."""
    import torch

    return int(torch.load(weights, map_location="cpu", weights_only=False).get("epoch", -1)) + 1


def training_summary(run: Path, epochs: int) -> dict[str, Any]:
    args = yaml.safe_load((run / "args.yaml").read_text())
    rows = list(csv.DictReader((run / "results.csv").open())) if (run / "results.csv").exists() else []
    rows = rows[:epochs] if epochs > 0 else rows
    seconds = float(rows[-1].get("time", 0) or 0) if rows else 0.0
    return {
        "epochs_completed": len(rows),
        "imgsz": args.get("imgsz"),
        "batch": args.get("batch"),
        "time_limit_hours": args.get("time"),
        "freeze": args.get("freeze"),
        "optimizer": args.get("optimizer"),
        "lr0": args.get("lr0"),
        "training_seconds": round(seconds),
        "epochs_requested": args.get("epochs"),
        "final_train_losses": {
            k.strip(): float(v) for k, v in rows[-1].items() if "train/" in k and "loss" in k
        }
        if rows
        else {},
    }


def train_counts() -> dict[str, int]:
    images = list((DATA_DIR / "train" / "images").glob("*.jpg"))
    counts: dict[str, int] = {}
    for image in images:
        source = image.stem.split("__", 1)[0]
        counts[source] = counts.get(source, 0) + 1
    return counts


def ship(weights: Path) -> Path:
    from ultralytics.utils.torch_utils import strip_optimizer

    ASSETS.mkdir(parents=True, exist_ok=True)
    target = ASSETS / "fridge.pt"
    shutil.copyfile(weights, target)
    strip_optimizer(str(target))
    return target


def markdown(card: dict[str, Any]) -> str:
    train = card["training"]
    assert isinstance(train, dict)
    lines = [
        "# Larder bundled fridge detector (`fridge.pt`)",
        "",
        f"Generated {card['date']} by `vision/bundled/model_card.py`. {card['summary']}",
        "",
        "## What it is",
        "",
        f"- Architecture: YOLOv8n (ultralytics {card['ultralytics_version']}), {len(card['classes'])} classes, "
        f"{card['size_bytes'] / 1e6:.1f} MB.",
        "- Classes are Larder taxonomy ids (`data/taxonomy.py`), so scans map straight to ingredients.",
        f"- Trained at {train['imgsz']} px, {train['epochs_completed']} epochs "
        f"(run stopped by its {train['time_limit_hours']} h `time=` limit) "
        f"({train['training_seconds'] / 60:.0f} min) on {card['hardware']}; batch {train['batch']}, "
        f"backbone frozen (first {train['freeze']} layers), optimizer {train['optimizer']} lr0 {train['lr0']}.",
        *(
            [
                "- Two stages: "
                + "; then ".join(
                    f"{st['epochs_completed']} epochs at lr0 {st['lr0']} ({st['training_seconds'] / 60:.0f} min)"
                    for st in train["stages"]
                )
                + " (the second continues from the first's EMA weights on a fresh cosine schedule)."
            ]
            if train.get("stages")
            else []
        ),
        "- Training images: "
        + ", ".join(f"{n} {source}" for source, n in sorted(card["train_images"].items()))
        + " (synthetic = pasted shelf scenes, negative = empty procedural shelves).",
        "",
        "## Evaluation (val splits, never trained on)",
        "",
        "| data set | images | boxes | mAP50 | mAP50-95 | precision | recall |",
        "|---|---|---|---|---|---|---|",
    ]
    evals = card["evaluation"]
    assert isinstance(evals, list)
    for m in evals:
        lines.append(
            f"| {m['dataset']} | {m['images']} | {m['boxes']} | {m['map50']:.3f} | {m['map50_95']:.3f} "
            f"| {m['precision']:.3f} | {m['recall']:.3f} |"
        )
    if card["baseline_evaluation"]:
        lines += [
            "",
            "Starting point on the same splits (COCO YOLOv8n, head grown to these classes, not fine-tuned; "
            "only its COCO food classes can score):",
            "",
            "| data set | mAP50 | precision | recall |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {m['dataset']} | {m['map50']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} |"
            for m in card["baseline_evaluation"]
        ]
    lat = card["latency"]
    assert isinstance(lat, dict)
    lines += [
        "",
        f"Latency (CPU, {card['hardware']}, imgsz {train['imgsz']}, one photo per call, shared machine): "
        f"median {lat['median_ms']} ms, p90 {lat['p90_ms']} ms over {lat['photos']} aicook val photos.",
        "",
        "### Per-class AP50",
        "",
        "| class | " + " | ".join(m["dataset"] for m in evals) + " |",
        "|---|" + "---|" * len(evals),
    ]
    for name in card["classes"]:
        cells = [f"{m['per_class_ap50'][name]:.3f}" if name in m["per_class_ap50"] else "–" for m in evals]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "## Limits (read before trusting the numbers)", ""]
    lines += [f"- {item}" for item in card["limits"]]
    lines += ["", "## Data sources and attribution", ""]
    lines += [f"- {text}" for text in ATTRIBUTION.values()]
    lines += ["", "## How it was made", "", str(card["recipe"]), ""]
    return "\n".join(lines)


LIMITS = [
    "aicook val is the same fridge, camera position and physical items as aicook train: its numbers measure "
    "in-distribution accuracy, not other households' fridges.",
    "EpicureAi and fridge-objects val are close-up and table-top shots like their train splits; no photos of "
    "other fridges were available to measure generalisation here (the sealed holdout was not used).",
    "Classes present in one data set only (e.g. oat_milk, quinoa from EpicureAi; bacon, yogurt from "
    "fridge-objects) were only ever seen in close-ups or pasted onto synthetic shelves.",
    "orange and broccoli have no human labels: they come from the COCO head and COCO-model pseudo-labels "
    "(conf >= 0.4), so they have no AP row here.",
    "Latency was measured on a 2-core CPU shared with other jobs: treat it as an upper bound.",
]

RECIPE = (
    "1. `coco_init.py` dequantises the shared int8 ONNX YOLOv8n into a `yolov8n.yaml` model, checks its boxes "
    "against onnxruntime on an aicook val photo, and recalibrates batch-norm so train mode keeps COCO's output. "
    "2. `prepare_data.py` relabels aicook train, EpicureAi train and fridge-objects `train_clean.txt` to "
    "taxonomy ids, adds COCO-model pseudo-labels for apple/banana/orange/broccoli/carrot where a set does not "
    "label them, and writes synthetic shelf scenes (labelled items cut from the three sets, colour-jittered, "
    "pasted at 5-20 % of the image width onto procedural fridge shelves or into gaps of aicook photos) and "
    "empty shelf backgrounds as hard negatives. "
    "3. `train_bundled.py` grows the COCO head to the taxonomy classes (COCO food rows copied, other rows from "
    "a look-alike COCO class), freezes the backbone and fine-tunes with colour/lighting/scale jitter and mosaic. "
    "4. `model_card.py` strips the optimizer, evaluates and writes this card."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, required=True)
    parser.add_argument("--weights", default="last.pt")
    parser.add_argument("--summary", default="")
    parser.add_argument("--baseline", type=Path, default=WORK_DIR / "fridge-init.pt")
    parser.add_argument("--previous-run", type=Path, help="the first stage, when --run continued from it")
    args = parser.parse_args(argv)
    import ultralytics

    source = args.run / "weights" / args.weights
    train = training_summary(args.run, checkpoint_epochs(source))
    if args.previous_run is not None:
        first = training_summary(args.previous_run, 0)
        train["stages"] = [
            {k: stage[k] for k in ("epochs_completed", "lr0", "training_seconds", "time_limit_hours")}
            for stage in (first, dict(train))
        ]
        train["epochs_completed"] += first["epochs_completed"]
        train["training_seconds"] += first["training_seconds"]
    shipped = ship(source)
    imgsz = int(train["imgsz"])
    evals = [evaluate(shipped, dataset, imgsz) for dataset in SOURCES]
    # The same splits scored by the starting point (COCO head grown to these classes, no fine-tuning).
    baseline = (
        [evaluate(args.baseline, dataset, imgsz) for dataset in SOURCES] if args.baseline.exists() else []
    )
    photos = sorted((DATA_DIR / "val_aicook" / "images").glob("*.jpg"))[:20]
    card: dict[str, Any] = {
        "model": "assets/models/fridge.pt",
        "date": dt.date.today().isoformat(),
        "summary": args.summary,
        "ultralytics_version": ultralytics.__version__,
        "size_bytes": shipped.stat().st_size,
        "classes": class_names(),
        "hardware": f"{cpu_model()}, {__import__('os').cpu_count()} cores, no GPU",
        "training": train,
        "train_images": train_counts(),
        "evaluation": [asdict(m) for m in evals],
        "baseline_evaluation": [asdict(m) for m in baseline],
        "latency": latency_ms(shipped, imgsz, photos),
        "limits": LIMITS,
        "attribution": ATTRIBUTION,
        "recipe": RECIPE,
    }
    (ASSETS / "fridge.card.json").write_text(json.dumps(card, indent=2) + "\n")
    (ASSETS / "fridge.card.md").write_text(markdown(card))
    print(json.dumps({k: card[k] for k in ("size_bytes", "training", "latency")}, indent=2))
    for m in evals:
        print(
            f"{m.dataset}: mAP50 {m.map50:.3f} mAP50-95 {m.map50_95:.3f} P {m.precision:.3f} R {m.recall:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
