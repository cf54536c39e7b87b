"""The front door's tests reuse the vision tests' tiny YOLO model (trained once per session on synthetic
shapes) as a real detector, and open every Larder on the test's temporary home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agents.app import Larder


@pytest.fixture(scope="session")
def shapes(synthetic_data: Path) -> Path:
    """The session's synthetic shapes data set (tests/conftest.py); returns its DATA.yaml."""
    return synthetic_data


@pytest.fixture(scope="session")
def shapes_model(tiny_model: Path) -> Path:
    """The session's tiny YOLO model trained on those shapes (tests/conftest.py)."""
    return tiny_model


@pytest.fixture
def shape_photos(shapes: Path) -> list[Path]:
    return sorted((shapes.parent / "images" / "val").glob("*.png"))


@pytest.fixture
def larder(_isolated_home: Path) -> Iterator[Larder]:
    with Larder.open(_isolated_home) as opened:
        yield opened
