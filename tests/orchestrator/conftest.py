"""Fixtures for the orchestrator tests: a tiny YOLO model (real ultralytics training, as in tests/vision),
shape photos it was trained on, a generated Apple Health export, and loopback stores."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2].parent / "shared" / "tools"


@pytest.fixture(scope="session")
def shapes(synthetic_data: Path) -> Path:
    """The session's synthetic shapes data set; `tiny_model` (trained on it) comes from tests/conftest.py."""
    return synthetic_data


@pytest.fixture
def photos(shapes: Path) -> list[str]:
    return [str(p) for p in sorted((shapes.parent / "images" / "train").glob("*.png"))[:3]]


@pytest.fixture(scope="session")
def apple_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tool = TOOLS / "make_apple_health_export.py"
    if not tool.is_file():
        pytest.skip("../shared/tools is not present")
    out = tmp_path_factory.mktemp("apple") / "export.zip"
    subprocess.run(
        [sys.executable, str(tool), "--days", "60", "--seed", "11", "--out", str(out),
         "--truth", str(out.with_suffix(".json"))],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


class SilentStore:
    """A loopback port that accepts connections and never answers (a store that hangs)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self) -> None:
        self.sock.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted.append(conn)

    def close(self) -> None:
        self._stop.set()
        for c in self.accepted:
            c.close()
        self.sock.close()


@pytest.fixture
def silent_store() -> Iterator[SilentStore]:
    store = SilentStore()
    yield store
    store.close()
