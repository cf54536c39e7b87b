"""Training a YOLO detector with ultralytics, with defaults that suit a CPU laptop or a GPU, and
writing the weights next to a model card (classes, data source and license, settings, metrics)."""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vision.datasets import YoloDataset, load_dataset
from vision.errors import Cancelled, ModelUnavailable, TrainingError
from vision.model_choice import _is_bare_name

ProgressFn = Callable[[float, str], None]
DEFAULT_ARCH = "yolo11n.yaml"


@dataclass(frozen=True)
class TrainConfig:
    data: Path
    model: str
    epochs: int
    imgsz: int
    batch: int
    workers: int
    device: str
    out: Path
    name: str = "fridge"
    extra: dict[str, Any] = field(default_factory=dict)  # passed to ultralytics as is (tests, experts)


@dataclass(frozen=True)
class TrainResult:
    weights: Path
    card_json: Path
    card_md: Path
    metrics: dict[str, float]
    seconds: float


def _has_gpu() -> bool:
    try:
        import torch

        return bool(torch.cuda.is_available())
    except Exception:
        return False


def default_config(
    data: str | Path,
    out: Path,
    *,
    model: str | None = None,
    epochs: int | None = None,
    imgsz: int | None = None,
    device: str | None = None,
    name: str = "fridge",
) -> TrainConfig:
    """A GPU gets ultralytics' usual 640 px, batch 16; a CPU laptop smaller images and few workers."""
    gpu = device not in (None, "cpu") if device is not None else _has_gpu()
    cores = os.cpu_count() or 2
    return TrainConfig(
        data=Path(data),
        model=model or DEFAULT_ARCH,
        epochs=epochs or (100 if gpu else 30),
        imgsz=imgsz or (640 if gpu else 416),
        batch=16 if gpu else 8,
        workers=min(8, cores) if gpu else min(2, max(0, cores - 1)),
        device=device or ("0" if gpu else "cpu"),
        out=out,
        name=name,
    )


def _check_model_arg(model: str, search_dirs: tuple[Path, ...]) -> str:
    suffix = Path(model).suffix.lower()
    if suffix == ".yaml":
        return model  # an architecture: built from ultralytics' own config files, nothing to download
    if suffix != ".pt":
        raise TrainingError(f"--model {model}: use an architecture (.yaml) or starting weights (.pt)")
    path = Path(model).expanduser()
    if path.is_file():
        return str(path.resolve())
    if _is_bare_name(model):
        for folder in search_dirs:
            if (folder / model).is_file():
                return str(folder / model)
    raise ModelUnavailable(
        f"{model}: these starting weights are not on this machine and Larder does not download models; "
        f"pass a path, or an architecture such as {DEFAULT_ARCH} to train from scratch"
    )


def data_source(dataset: YoloDataset) -> dict[str, str]:
    """Where the data came from and under which license: yaml keys if present, else its header comments."""
    raw = dataset.raw
    comments = [
        line.lstrip("#").strip()
        for line in dataset.yaml_path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    text = " ".join(comments)
    license_name = str(raw.get("license") or "")
    if not license_name:
        match = re.search(r"\b(CC BY(?:-SA|-NC)*(?: \d\.\d)?|MIT|Apache-2\.0|AGPL-3\.0|GPL-3\.0|CC0)\b", text)
        license_name = match.group(1) if match else "unknown"
    source = str(raw.get("source") or raw.get("url") or (comments[0] if comments else dataset.yaml_path.name))
    for extra in ("LICENSE-AND-SOURCE.md", "LICENSE", "README.md"):
        if (dataset.yaml_path.parent / extra).is_file():
            source += f" (see {extra} beside the data set)"
            break
    return {"source": source, "license": license_name, "attribution": " ".join(comments)[:1000]}


def hardware(device: str) -> str:
    cpu = platform.processor() or platform.machine()
    text = f"{cpu}, {os.cpu_count()} cores, {platform.system()}"
    if device != "cpu":
        try:
            import torch

            text += f"; GPU {torch.cuda.get_device_name(int(device.split(',')[0]))}"
        except Exception:
            pass
    return text


def _card_markdown(card: dict[str, Any]) -> str:
    lines = [
        f"# Model card: {card['weights']}",
        "",
        f"- Task: object detection ({card['nc']} classes; class names are taxonomy ids where they resolve)",
        f"- Classes: {', '.join(card['classes'])}",
        f"- Architecture / start: {card['model']}",
        f"- Data: {card['data']['yaml']}",
        f"- Data source: {card['data']['source']}",
        f"- Data license: {card['data']['license']}",
        f"- Attribution: {card['data']['attribution'] or 'see the data set'}",
        f"- Image size: {card['imgsz']}; epochs: {card['epochs']}; batch: {card['batch']}",
        f"- Trained: {card['date']} on {card['hardware']} in {card['train_seconds']:.0f} s",
        f"- Software: ultralytics {card['ultralytics']}",
        "",
        "## Validation metrics",
        "",
    ]
    lines += [f"- {k}: {v:.4f}" for k, v in card["metrics"].items()]
    return "\n".join(lines) + "\n"


def train(
    config: TrainConfig,
    *,
    search_dirs: tuple[Path, ...] = (),
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> TrainResult:
    dataset = load_dataset(config.data)
    for split in ("train", "val"):
        if split in dataset.splits and not dataset.images(split):
            raise TrainingError(f"{dataset.yaml_path}: the {split} split has no images")
    model_arg = _check_model_arg(config.model, search_dirs)
    from vision.ultralytics_env import yolo_class

    yolo = yolo_class()
    try:
        model = yolo(model_arg, task="detect")
    except Exception as exc:
        raise TrainingError(f"{config.model}: cannot build this model ({type(exc).__name__}: {exc})") from exc

    def on_batch_end(trainer: Any) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled("training cancelled")

    def on_epoch_end(trainer: Any) -> None:
        if on_progress is not None:
            on_progress(
                (trainer.epoch + 1) / max(1, trainer.epochs), f"epoch {trainer.epoch + 1}/{trainer.epochs}"
            )

    model.add_callback("on_train_batch_end", on_batch_end)
    model.add_callback("on_fit_epoch_end", on_epoch_end)
    config.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        model.train(
            data=str(dataset.yaml_path),
            epochs=config.epochs,
            imgsz=config.imgsz,
            batch=config.batch,
            workers=config.workers,
            device=config.device,
            project=str(config.out / "runs"),
            name=config.name,
            exist_ok=True,
            plots=False,  # plotting fetches a font from the internet on first use
            verbose=False,
            **config.extra,
        )
    except Cancelled:
        raise
    except (FileNotFoundError, RuntimeError, ValueError, KeyError) as exc:
        raise TrainingError(f"training failed: {type(exc).__name__}: {exc}") from exc
    seconds = time.perf_counter() - started
    trainer = model.trainer
    best = Path(trainer.best) if Path(trainer.best).is_file() else Path(trainer.last)
    weights = config.out / f"{config.name}.pt"
    shutil.copyfile(best, weights)
    metrics = {
        k: round(float(v), 5) for k, v in (trainer.metrics or {}).items() if isinstance(v, int | float)
    }
    return _write_card(config, dataset, weights, metrics, seconds)


def _write_card(
    config: TrainConfig, dataset: YoloDataset, weights: Path, metrics: dict[str, float], seconds: float
) -> TrainResult:
    import ultralytics

    card = {
        "weights": weights.name,
        "classes": [dataset.names[i] for i in sorted(dataset.names)],
        "nc": len(dataset.names),
        "model": config.model,
        "data": {"yaml": str(dataset.yaml_path), **data_source(dataset)},
        "imgsz": config.imgsz,
        "epochs": config.epochs,
        "batch": config.batch,
        "device": config.device,
        "hardware": hardware(config.device),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "train_seconds": round(seconds, 1),
        "ultralytics": ultralytics.__version__,
        "metrics": metrics,
    }
    card_json = weights.with_suffix(".card.json")
    card_md = weights.with_suffix(".card.md")
    card_json.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    card_md.write_text(_card_markdown(card), encoding="utf-8")
    return TrainResult(weights, card_json, card_md, metrics, seconds)
