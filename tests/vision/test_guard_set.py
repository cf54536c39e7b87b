"""The guard photos `larder learn` checks a personal model against ship with Larder (assets/guard), so the
"no worse on the bundled validation data" rule holds on a machine without ../shared."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from PIL import Image

import assets
from data.taxonomy import load_taxonomy
from vision import personal
from vision.bundled.offline_env import SHARED_DIR


def test_the_shipped_guard_has_labelled_photos_of_each_source_credited() -> None:
    photos = personal.bundled_guard_photos()
    entries = json.loads((assets.GUARD / "guard.json").read_text(encoding="utf-8"))["photos"]
    assert len(photos) == len(entries) == 12
    assert Counter(e["source"] for e in entries.values()) == {
        "aicook": 4,
        "epicureai": 4,
        "fridge-objects": 4,
    }
    taxonomy = load_taxonomy()
    credits = (assets.GUARD / "CREDITS.md").read_text(encoding="utf-8")
    for path, names in photos:
        assert names and all(n in taxonomy for n in names), (path.name, names)
        with Image.open(path) as image:
            image.verify()
        assert path.name in credits


def test_the_guard_reads_nothing_from_a_missing_folder(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(assets, "GUARD", tmp_path / "missing")
    assert personal.bundled_guard_photos() == []


@pytest.mark.skipif(not (SHARED_DIR / "datasets" / "aicook").is_dir(), reason="needs ../shared/datasets")
def test_the_guard_is_what_the_builder_makes_from_the_shared_val_splits() -> None:
    from vision.bundled.guard_set import main

    assert main(["--check"]) == 0
