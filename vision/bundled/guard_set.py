"""Build `assets/guard/`: the few validation photos `larder learn` guards the bundled model's skill with.

A personal model is made active only if it is better on the user's held-back photos AND no worse, within
a tolerance, on the bundled model's validation data (vision/personal.py). That data must travel with the
app: a user's machine has no ../shared. So a small, fixed sample of the three data sets' val photos
(never trained on) ships as package data with its labels as taxonomy ids: PER_SOURCE photos of each
source, spread evenly over its val split, copied unchanged (each is 10-64 KB). The licences (aicook MIT,
EpicureAi and fridge-objects CC BY 4.0) allow it with credit, which `assets/guard/CREDITS.md` gives.

    python -m vision.bundled.guard_set            # rewrite assets/guard from ../shared
    python -m vision.bundled.guard_set --check    # exit 1 if it differs from what ../shared gives
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from vision.bundled.classes import SOURCES
from vision.bundled.offline_env import SHARED_DIR

OUT = Path(__file__).resolve().parents[2] / "assets" / "guard"
PER_SOURCE = 4
CREDITS = {
    "aicook": "aicook v4 by Karel Cornelis, https://universe.roboflow.com/karel-cornelis-q2qqg/aicook-lcv4d, "
    "MIT License (Copyright (c) Karel Cornelis)",
    "epicureai": "EpicureAi v12 (balanced_data_set), https://universe.roboflow.com/wagon/epicureai, CC BY 4.0",
    "fridge-objects": "Fridge objects v12, https://universe.roboflow.com/fooddetection-essdj/fridge-objects, "
    "CC BY 4.0",
}


def chosen(source: str) -> list[tuple[Path, list[str]]]:
    """PER_SOURCE labelled val photos of `source`, evenly spread, with their labels as taxonomy ids."""
    from vision.datasets import load_dataset, read_labels

    dataset = load_dataset(SHARED_DIR / "datasets" / source / "data.yaml")
    mapping = SOURCES[source]
    labelled = []
    for image in dataset.images("val"):
        names = sorted(
            {
                mapping.get(dataset.names[b.cls], dataset.names[b.cls])
                for b in read_labels(image, len(dataset.names))
            }
        )
        if names:
            labelled.append((image, names))
    step = len(labelled) / PER_SOURCE
    return [labelled[int((i + 0.5) * step)] for i in range(PER_SOURCE)]


def manifest() -> tuple[dict[str, object], dict[str, Path]]:
    entries: dict[str, object] = {}
    files: dict[str, Path] = {}
    for source in SOURCES:
        for image, names in chosen(source):
            name = f"{source}-{image.stem.split('_jpg')[0].split('_JPG')[0]}{image.suffix.lower()}"
            entries[name] = {"source": source, "original": image.name, "ingredients": names}
            files[name] = image
    return {"made_by": "vision/bundled/guard_set.py", "photos": entries}, files


def credits_text(entries: dict[str, object]) -> str:
    lines = [
        "# Guard photos for `larder learn`",
        "",
        "Validation photos (never trained on) of the three data sets the bundled model was trained on,",
        "copied unchanged by `vision/bundled/guard_set.py`; their labels, as taxonomy ids, are in `guard.json`.",
        "",
    ]
    for source, credit in CREDITS.items():
        names = sorted(n for n, e in entries.items() if isinstance(e, dict) and e["source"] == source)
        lines.append(f"- {', '.join(names)}: {credit}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    data, files = manifest()
    photos = data["photos"]
    assert isinstance(photos, dict)
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    credits = credits_text(photos)
    if args.check:
        same = (OUT / "guard.json").is_file() and (OUT / "guard.json").read_text(encoding="utf-8") == text
        same = same and all(
            (OUT / n).is_file() and (OUT / n).read_bytes() == p.read_bytes() for n, p in files.items()
        )
        same = same and (OUT / "CREDITS.md").read_text(encoding="utf-8") == credits
        print("up to date" if same else "differs from ../shared: run python -m vision.bundled.guard_set")
        return 0 if same else 1
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    for name, path in files.items():
        shutil.copyfile(path, OUT / name)
    (OUT / "guard.json").write_text(text, encoding="utf-8")
    (OUT / "CREDITS.md").write_text(credits, encoding="utf-8")
    size = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"{len(files)} photos, {size:,} bytes in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
