"""A personal model: the active detector fine-tuned on the user's reviewed photos, kept only if better.

The user's labelled photos (`<home>/learning/dataset`, YOLO layout, written by reviews) are split:
every fourth photo is held back to judge, the rest train. A few photos are few examples, so each taught
box is also pasted onto the other training photos (copy-paste at jittered scale and brightness). Names
the bundled model lacks become new classes: the head grows by one row per new name (existing rows
copied, new ones silent at ultralytics' prior), the backbone stays frozen, and ultralytics' `time=`
keeps the run inside the budget. The new model becomes active only if its presence F1 on the held-back
photos beats the current one, and it is no worse than `TOLERANCE` on a sample of the bundled
validation data where that data is on this machine.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vision.datasets import yolo_to_pixels
from vision.errors import Cancelled, TrainingError

ProgressFn = Callable[[float, str], None]
MIN_PHOTOS = 4  # fewer reviewed photos cannot both train and judge a model
HOLD_EVERY = 4
TOLERANCE = 0.03  # presence F1 the bundled validation sample may lose
IMGSZ = 416
CONF = 0.25
FREEZE = 10  # the backbone: COCO's features, which a few photos must not overwrite
LR0 = 0.001


@dataclass(frozen=True)
class LabelledPhoto:
    image: Path
    boxes: tuple[tuple[int, float, float, float, float], ...]  # class, cx, cy, w, h (normalised)
    # Regions nobody named (an unanswered question, an unnamed container), x1, y1, x2, y2 normalised: not
    # background, as far as anyone knows, so training sees them greyed out rather than as "nothing here".
    unknown: tuple[tuple[float, float, float, float], ...] = ()


@dataclass(frozen=True)
class LearnOutcome:
    status: str  # improved | kept
    reason: str
    before: dict[str, float]
    after: dict[str, float]
    model: str  # the model that is active afterwards
    candidate: str  # the model trained this time ("" when none was)
    seconds: float
    photos: int
    held_out: int
    classes: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def read_dataset(folder: Path) -> tuple[list[str], list[LabelledPhoto]]:
    """classes.json and every image with a non-empty label file."""
    try:
        classes = [str(c) for c in json.loads((folder / "classes.json").read_text(encoding="utf-8"))]
    except (OSError, ValueError):
        return [], []
    photos = []
    for image in sorted((folder / "images").glob("*.jpg")):
        label = folder / "labels" / f"{image.stem}.txt"
        try:
            rows = [line.split() for line in label.read_text(encoding="utf-8").splitlines() if line.strip()]
        except OSError:
            continue
        boxes = tuple(
            (int(r[0]), float(r[1]), float(r[2]), float(r[3]), float(r[4]))
            for r in rows
            if len(r) == 5 and 0 <= int(r[0]) < len(classes)
        )
        if boxes:
            photos.append(
                LabelledPhoto(image, boxes, _unknown_regions(folder / "labels" / f"{image.stem}.json"))
            )
    return classes, photos


def _unknown_regions(sidecar: Path) -> tuple[tuple[float, float, float, float], ...]:
    try:
        raw = json.loads(sidecar.read_text(encoding="utf-8")).get("unknown", [])
        return tuple((float(a), float(b), float(c), float(d)) for a, b, c, d in raw)
    except (OSError, ValueError, TypeError, AttributeError):
        return ()


UNKNOWN_GREY = (114, 114, 114)  # ultralytics' letterbox fill: what the detector already sees as "no image"


def _training_image(photo: LabelledPhoto) -> Any:
    """The photo as training should see it: unknown regions greyed out, the labelled boxes left intact."""
    from PIL import Image, ImageDraw

    with Image.open(photo.image) as opened:
        image = opened.convert("RGB")
    if not photo.unknown:
        return image
    w, h = image.size
    original = image.copy()
    draw = ImageDraw.Draw(image)
    for x1, y1, x2, y2 in photo.unknown:
        draw.rectangle((x1 * w, y1 * h, x2 * w, y2 * h), fill=UNKNOWN_GREY)
    for _, cx, cy, bw, bh in photo.boxes:  # a labelled box under an unknown one stays what it is
        left, top, right, bottom = (int(v) for v in yolo_to_pixels(cx, cy, bw, bh, w, h))
        image.paste(original.crop((left, top, right, bottom)), (left, top))
    return image


def split(photos: Sequence[LabelledPhoto]) -> tuple[list[LabelledPhoto], list[LabelledPhoto]]:
    held = [p for i, p in enumerate(photos) if i % HOLD_EVERY == HOLD_EVERY - 1]
    train = [p for i, p in enumerate(photos) if i % HOLD_EVERY != HOLD_EVERY - 1]
    return train, held


# --- presence F1 (what a user sees: which items a photo shows) ----------------------------------------


def presence(
    model_path: Path, photos: Sequence[tuple[Path, set[str]]], *, device: str = "cpu", imgsz: int = IMGSZ
) -> dict[str, float]:
    """Presence scores of the model as a scan uses it: a personal model with a routing file together with
    its base (vision/routing.py)."""
    from vision.routing import load_routing, routed_names
    from vision.ultralytics_env import yolo_class

    model = yolo_class()(str(model_path), task="detect")
    routing = load_routing(model_path)
    base = yolo_class()(str(routing.base), task="detect") if routing is not None else None

    def names(yolo: Any, image: Path) -> set[str]:
        result = yolo.predict(str(image), conf=CONF, imgsz=imgsz, device=device, verbose=False)[0]
        if result.boxes is None:
            return set()
        return {str(yolo.names[int(c)]) for c in result.boxes.cls.tolist()}

    tp = fp = fn = 0
    for image, truth in photos:
        found = names(model, image)
        if routing is not None and base is not None:
            found = routed_names(found, names(base, image), routing.classes)
        tp += len(found & truth)
        fp += len(found - truth)
        fn += len(truth - found)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "f1": round(f1, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "photos": len(photos),
    }


def _truth(photo: LabelledPhoto, classes: Sequence[str]) -> tuple[Path, set[str]]:
    return photo.image, {classes[b[0]] for b in photo.boxes}


# --- the training set: photos plus pasted copies of the taught boxes ----------------------------------


def _write_yolo(
    folder: Path, name: str, image: Any, boxes: Sequence[tuple[int, float, float, float, float]]
) -> None:
    image.save(folder / "images" / f"{name}.jpg", quality=90)
    lines = [f"{c} {cx:.6f} {cy:.6f} {w:.6f} {h:.6f}" for c, cx, cy, w, h in boxes]
    (folder / "labels" / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _overlaps(
    box: tuple[float, float, float, float], others: Sequence[tuple[float, float, float, float]]
) -> bool:
    for o in others:
        ix = max(0.0, min(box[2], o[2]) - max(box[0], o[0]))
        iy = max(0.0, min(box[3], o[3]) - max(box[1], o[1]))
        if ix * iy > 0.15 * min((box[2] - box[0]) * (box[3] - box[1]), (o[2] - o[0]) * (o[3] - o[1])):
            return True
    return False


def build_training_set(train: Sequence[LabelledPhoto], out: Path, *, pasted: int, seed: int = 0) -> int:
    """Copy the training photos to `out` (YOLO layout) and add `pasted` copy-paste images; returns images."""
    from PIL import ImageEnhance

    rng = random.Random(seed)
    for sub in ("images", "labels"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    crops: list[tuple[int, Any]] = []
    for i, photo in enumerate(train):
        image = _training_image(photo)
        _write_yolo(out, f"photo{i:04d}", image, photo.boxes)
        w, h = image.size
        for c, cx, cy, bw, bh in photo.boxes:
            box = yolo_to_pixels(cx, cy, bw, bh, w, h)
            if box[2] - box[0] >= 8 and box[3] - box[1] >= 8:
                crops.append((c, image.crop(box)))
    if not crops or not train:
        return len(train)
    for k in range(pasted):
        host = train[rng.randrange(len(train))]
        canvas = _training_image(host)
        w, h = canvas.size
        boxes = list(host.boxes)
        taken = [yolo_to_pixels(cx, cy, bw, bh, w, h) for _, cx, cy, bw, bh in boxes]
        for _ in range(rng.randint(1, 3)):
            c, crop = crops[rng.randrange(len(crops))]
            scale = rng.uniform(0.7, 1.3)
            cw, ch = max(8, int(crop.width * scale)), max(8, int(crop.height * scale))
            if cw >= w or ch >= h:
                continue
            piece = ImageEnhance.Brightness(crop.resize((cw, ch))).enhance(rng.uniform(0.75, 1.25))
            for _attempt in range(10):
                x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
                box = (float(x), float(y), float(x + cw), float(y + ch))
                if not _overlaps(box, taken):
                    canvas.paste(piece, (x, y))
                    taken.append(box)
                    boxes.append((c, (x + cw / 2) / w, (y + ch / 2) / h, cw / w, ch / h))
                    break
        _write_yolo(out, f"paste{k:04d}", canvas, boxes)
    return len(train) + pasted


# --- the model: the active one with a head grown for the user's new names ------------------------------


def head_names(base_path: Path, classes: Sequence[str]) -> list[str]:
    """The personal model's classes: every class the base model knows, then the user's new names. A class
    the user has not labelled yet must not be forgotten: with only the user's classes in its head, a
    personal model never found anything else again (and the guard saw it: F1 0.83 -> 0.76)."""
    import torch

    ckpt = torch.load(base_path, map_location="cpu", weights_only=False)
    model: Any = ckpt.get("ema") or ckpt["model"]
    known = [str(model.names[i]) for i in sorted(model.names)]
    return list(dict.fromkeys([*known, *classes]))


def renumbered(
    photos: Sequence[LabelledPhoto], classes: Sequence[str], names: Sequence[str]
) -> list[LabelledPhoto]:
    """`photos` with box classes that index `classes` made to index `names` instead."""
    index = {n: i for i, n in enumerate(names)}
    to = [index[c] for c in classes]
    return [LabelledPhoto(p.image, tuple((to[c], x, y, w, h) for c, x, y, w, h in p.boxes)) for p in photos]


def grow_model(base_path: Path, classes: Sequence[str]) -> Any:
    """The base model with one class row per name in `classes` (rows of names it knows are copied)."""
    import torch
    from torch import nn

    ckpt = torch.load(base_path, map_location="cpu", weights_only=False)
    model: Any = (ckpt.get("ema") or ckpt["model"]).float()
    old_names = {str(v): int(k) for k, v in dict(model.names).items()}
    detect: Any = model.model[-1]
    for branch, stride in zip(detect.cv3, detect.stride.tolist(), strict=True):
        old: Any = branch[-1]
        new: Any = nn.Conv2d(old.in_channels, len(classes), 1)
        with torch.no_grad():
            new.weight.zero_()  # a new name starts silent at ultralytics' prior, not at random
            new.bias.fill_(math.log(5 / max(1, len(classes)) / (640 / stride) ** 2))
            for j, name in enumerate(classes):
                if name in old_names:
                    new.weight[j] = old.weight[old_names[name]]
                    new.bias[j] = old.bias[old_names[name]]
        branch[-1] = new
    detect.nc = len(classes)
    detect.no = detect.nc + detect.reg_max * 4
    if isinstance(getattr(model, "yaml", None), dict):
        model.yaml["nc"] = len(classes)
    model.nc = len(classes)
    model.names = dict(enumerate(classes))
    return model


def _fine_tune(
    init: Path,
    data_yaml: Path,
    run_dir: Path,
    *,
    seconds: float,
    device: str,
    on_progress: ProgressFn | None,
    cancel: threading.Event | None,
    epochs: int,
    imgsz: int,
) -> Path:
    import torch

    from vision.ultralytics_env import yolo_class

    yolo = yolo_class()
    from ultralytics.models.yolo.detect import DetectionTrainer

    class GrownTrainer(DetectionTrainer):
        def get_model(self, cfg: Any = None, weights: Any = None, verbose: bool = True) -> Any:
            return torch.load(init, map_location="cpu", weights_only=False)["model"].float()

    model = yolo(str(init), task="detect")
    started = time.perf_counter()

    def on_batch_end(trainer: Any) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled("learning cancelled")

    def on_epoch_end(trainer: Any) -> None:
        if on_progress is not None:
            spent = time.perf_counter() - started
            on_progress(min(0.9, 0.1 + 0.8 * spent / seconds), f"epoch {trainer.epoch + 1}")

    model.add_callback("on_train_batch_end", on_batch_end)
    model.add_callback("on_fit_epoch_end", on_epoch_end)
    try:
        model.train(
            trainer=GrownTrainer,
            data=str(data_yaml),
            epochs=epochs,
            time=seconds / 3600,
            imgsz=imgsz,
            batch=8,
            workers=0,
            device=device,
            freeze=FREEZE,
            optimizer="AdamW",
            lr0=LR0,
            warmup_epochs=0,
            mosaic=0.5,
            close_mosaic=0,
            val=False,
            plots=False,
            amp=False,
            project=str(run_dir),
            name="run",
            exist_ok=True,
            verbose=False,
            seed=0,
        )
    except Cancelled:
        raise
    except (FileNotFoundError, RuntimeError, ValueError, KeyError, IndexError) as exc:
        raise TrainingError(f"learning failed: {type(exc).__name__}: {exc}") from exc
    trainer = model.trainer
    best = Path(trainer.last)
    if not best.is_file():
        raise TrainingError("learning produced no weights")
    return best


def learn(
    dataset: Path,
    active_model: Path,
    models_dir: Path,
    *,
    minutes: float,
    device: str = "cpu",
    guard_photos: Sequence[tuple[Path, set[str]]] = (),
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    imgsz: int = IMGSZ,
    routing_base: Path | None = None,
) -> LearnOutcome:
    """Fine-tune from `active_model` on the reviewed photos; the caller activates `candidate` if improved.
    The candidate answers for the classes of the user's photos and `routing_base` (default `active_model`;
    the model the user chose, when `active_model` is an earlier personal one) for all others."""
    started = time.perf_counter()
    classes, photos = read_dataset(dataset)

    def kept(reason: str, before: dict[str, float] | None = None, **extra: Any) -> LearnOutcome:
        return LearnOutcome(
            "kept", reason, before or {}, extra.pop("after", {}), str(active_model), extra.pop("candidate", ""),
            round(time.perf_counter() - started, 1), len(photos), extra.pop("held", 0), tuple(classes),
            tuple(extra.pop("notes", ())),
        )  # fmt: skip

    if len(photos) < MIN_PHOTOS:
        return kept(
            f"{len(photos)} reviewed photo(s) with boxes; at least {MIN_PHOTOS} are needed to train one model "
            "and judge it on others (review more scans with `larder review`)"
        )
    train_set, held = split(photos)
    held_truth = [_truth(p, classes) for p in held]
    if on_progress is not None:
        on_progress(0.02, "judging the current model")
    before = presence(active_model, held_truth, device=device, imgsz=imgsz)
    budget = max(20.0, minutes * 60.0)
    run_dir = models_dir / "learning-run"
    shutil.rmtree(run_dir, ignore_errors=True)
    data_dir = run_dir / "data"
    head = head_names(active_model, classes)
    n_images = build_training_set(
        renumbered(train_set, classes, head), data_dir, pasted=min(120, 3 * len(train_set))
    )
    names = "\n".join(f"  {i}: {json.dumps(n)}" for i, n in enumerate(head))
    data_yaml = run_dir / "data.yaml"
    data_yaml.write_text(f"path: {data_dir}\ntrain: images\nval: images\nnc: {len(head)}\nnames:\n{names}\n")
    init = run_dir / "init.pt"
    import torch

    torch.save(
        {"model": grow_model(active_model, head), "train_args": {}, "date": None, "version": None}, init
    )
    # Evaluation of the candidate takes about as long as that of the current model did.
    spent = time.perf_counter() - started
    train_seconds = max(10.0, budget - 2.5 * spent - 15.0)
    epochs = max(1, min(60, int(train_seconds / max(1.0, 0.6 * n_images))))
    weights = _fine_tune(
        init, data_yaml, run_dir, seconds=train_seconds, device=device, on_progress=on_progress,
        cancel=cancel, epochs=epochs, imgsz=imgsz,
    )  # fmt: skip
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = models_dir / f"personal-{stamp}.pt"
    _strip(weights, candidate)
    from vision.routing import Routing, routing_path, save_routing

    save_routing(candidate, Routing(Path(routing_base or active_model), frozenset(classes)))

    def discard() -> None:
        candidate.unlink(missing_ok=True)
        routing_path(candidate).unlink(missing_ok=True)

    if on_progress is not None:
        on_progress(0.92, "judging the new model")
    after = presence(candidate, held_truth, device=device, imgsz=imgsz)
    notes: list[str] = []
    if after["f1"] <= before["f1"]:
        discard()
        return kept(
            f"the new model is not better on {len(held)} held-back photo(s) "
            f"(F1 {after['f1']:.2f} vs {before['f1']:.2f}); the current model stays",
            before, after=after, held=len(held),
        )  # fmt: skip
    if guard_photos:
        guard_before = presence(active_model, guard_photos, device=device)
        guard_after = presence(candidate, guard_photos, device=device)
        after = {**after, "bundled_val_f1": guard_after["f1"]}
        before = {**before, "bundled_val_f1": guard_before["f1"]}
        if guard_after["f1"] < guard_before["f1"] - TOLERANCE:
            discard()
            return kept(
                f"better on the held-back photos but worse on the bundled validation sample "
                f"(F1 {guard_after['f1']:.2f} vs {guard_before['f1']:.2f}, tolerance {TOLERANCE})",
                before, after=after, held=len(held),
            )  # fmt: skip
    else:
        notes.append("no bundled validation data on this machine: judged on the held-back photos only")
    _inherit_calibration(active_model, candidate, {classes[b[0]] for p in photos for b in p.boxes})
    shutil.rmtree(run_dir, ignore_errors=True)
    return LearnOutcome(
        "improved",
        f"better on {len(held)} held-back photo(s)",
        before,
        after,
        str(candidate),
        str(candidate),
        round(time.perf_counter() - started, 1),
        len(photos),
        len(held),
        tuple(classes),
        tuple(notes),
    )


def _inherit_calibration(active_model: Path, candidate: Path, labelled: set[str]) -> None:
    """Keep the strangers' protection (thresholds, demotions) for classes the user never labelled; the
    classes they did label have their own evidence now and keep the scan's threshold."""
    from vision.calibration import calibration_path

    source = calibration_path(active_model)
    if not source.is_file():
        return
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for key in ("thresholds", "parents", "parent_thresholds", "demoted"):
        raw[key] = {k: v for k, v in dict(raw.get(key, {})).items() if k not in labelled}
    raw["derived_by"] = f"{raw.get('derived_by', '')}; inherited by larder learn without the user's classes"
    raw.pop("loso", None)
    calibration_path(candidate).write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")


def _strip(checkpoint: Path, out: Path) -> None:
    """Weights only (no optimizer state): a third of the size, and what scanning loads."""
    import torch

    ckpt = torch.load(checkpoint, map_location="cpu", weights_only=False)
    model = (ckpt.get("ema") or ckpt["model"]).half()
    torch.save({"model": model, "train_args": ckpt.get("train_args", {}), "date": ckpt.get("date"),
                "version": ckpt.get("version")}, out)  # fmt: skip


def bundled_guard_photos() -> list[tuple[Path, set[str]]]:
    """The bundled model's validation photos that ship with Larder (assets/guard: 4 of each data set's
    val split, never trained on, labels as taxonomy ids; vision/bundled/guard_set.py), so the guard
    holds on every machine. Empty when the folder is missing or unreadable: that only costs the guard."""
    import assets

    try:
        entries = json.loads((assets.GUARD / "guard.json").read_text(encoding="utf-8"))["photos"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    out = []
    for name, entry in sorted(entries.items()):
        path = assets.GUARD / str(name)
        names = {str(n) for n in entry.get("ingredients", [])} if isinstance(entry, dict) else set()
        if names and path.is_file():
            out.append((path, names))
    return out
