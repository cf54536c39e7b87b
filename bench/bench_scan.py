"""Scan latency: Larder's pipeline against a bare ultralytics `model.predict`, same model, same photos.

Warm: per-photo milliseconds of Larder's scan path (read + hash + verify + EXIF + detect + map +
count) and of `YOLO(model).predict(path)` on the same files, in this process, alternating so both
see the same machine load; the ratio is Larder's overhead. Cold: wall seconds from launching
`larder scan PHOTO --json` to its result (imports and model load included) against a bare
`python -c "from ultralytics import YOLO; YOLO(m).predict(p)"`, each in a fresh process.

    python bench/bench_scan.py [--model PATH] [--photos N] [--repeat R] [--cold K]

Default model: assets/models/fridge.pt if present, else ../shared/models/yolov8n-coco-int8.onnx.
Default photos: the first N val photos of each ../shared/datasets/*/images/val folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _default_model() -> Path:
    bundled = REPO / "assets" / "models" / "fridge.pt"
    return bundled if bundled.is_file() else SHARED / "models" / "yolov8n-coco-int8.onnx"


def _photos(per_set: int) -> list[Path]:
    found: list[Path] = []
    for folder in sorted((SHARED / "datasets").glob("*/images/val")):
        found += sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))[
            :per_set
        ]
    return found


def _summary(ms: list[float]) -> str:
    ordered = sorted(ms)
    p95 = ordered[max(0, int(0.95 * len(ordered) + 0.5) - 1)]
    return f"median {statistics.median(ms):7.1f} ms, mean {statistics.fmean(ms):7.1f} ms, p95 {p95:7.1f} ms"


def warm(model: Path, photos: list[Path], repeat: int) -> None:
    from vision.detector import UltralyticsDetector
    from vision.labels import LabelResolver
    from vision.photos import load_photo
    from vision.ultralytics_env import yolo_class

    detector = UltralyticsDetector(model, LabelResolver(), device="cpu")
    bare = yolo_class()(str(model), task="detect")
    kwargs = {"conf": 0.25, "device": "cpu", "verbose": False}
    if detector.imgsz:
        kwargs["imgsz"] = detector.imgsz
    # one untimed call each: the first predict builds the predictor (and onnxruntime's session)
    detector.detect_one(load_photo(photos[0]))
    bare.predict(str(photos[0]), **kwargs)
    ours: list[float] = []
    peer: list[float] = []
    for _ in range(repeat):
        for path in photos:
            start = time.perf_counter()
            detector.detect_one(load_photo(path))
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            bare.predict(str(path), **kwargs)
            peer.append((time.perf_counter() - start) * 1000)
    print(f"warm, {len(ours)} photo runs ({len(photos)} photos x {repeat}), model {model.name}, CPU")
    print(f"  larder scan path : {_summary(ours)}")
    print(f"  bare predict     : {_summary(peer)}")
    print(f"  ratio (larder / bare, median): {statistics.median(ours) / statistics.median(peer):.2f}x")


def cold(model: Path, photo: Path, runs: int) -> None:
    larder = shutil.which("larder") or str(Path(sys.executable).with_name("larder"))
    bare_code = (
        "import os, sys; os.environ['YOLO_OFFLINE']='1'; os.environ['YOLO_AUTOINSTALL']='false';"
        f"os.environ['YOLO_CONFIG_DIR']={tempfile.gettempdir()!r};"
        "from ultralytics import YOLO; r = YOLO(sys.argv[1], task='detect').predict(sys.argv[2], device='cpu', verbose=False);"
        "print(len(r[0].boxes))"
    )
    ours: list[float] = []
    peer: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "LARDER_HOME": home}
            start = time.perf_counter()
            done = subprocess.run(
                [larder, "scan", str(photo), "--model", str(model), "--json"], env=env, capture_output=True
            )
            ours.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(f"larder scan failed: {done.stderr.decode()[-300:]}")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", bare_code, str(model), str(photo)], check=True, capture_output=True
        )
        peer.append(time.perf_counter() - start)
    print(f"cold start, {runs} launches each (fresh process, model load included, new LARDER_HOME)")
    print(f"  larder scan --json : median {statistics.median(ours):5.2f} s (min {min(ours):.2f})")
    print(f"  bare python+YOLO   : median {statistics.median(peer):5.2f} s (min {min(peer):.2f})")
    print(f"  ratio: {statistics.median(ours) / statistics.median(peer):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--photos", type=int, default=4, help="photos per data set")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--cold", type=int, default=3, help="cold launches of each")
    args = parser.parse_args()
    # ultralytics' settings and Larder's database go to a scratch home, never the user's data folder.
    os.environ.setdefault("LARDER_HOME", tempfile.mkdtemp(prefix="larder-bench-"))
    model = args.model or _default_model()
    photos = _photos(args.photos)
    if not model.is_file() or not photos:
        raise SystemExit(f"needs a model ({model}) and photos under {SHARED / 'datasets'}")
    sizes = sorted({f"{p.stat().st_size // 1024} KB" for p in photos[:3]})
    print(
        f"{len(photos)} photos from {SHARED / 'datasets'} (e.g. {', '.join(sizes)}), python {sys.version.split()[0]}"
    )
    warm(model, photos, args.repeat)
    if args.cold:
        cold(model, photos[0], args.cold)


if __name__ == "__main__":
    main()
