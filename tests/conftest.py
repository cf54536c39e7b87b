"""Test isolation: offscreen Qt, a temporary LARDER_HOME, an in-memory keyring, no network."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("YOLO_OFFLINE", "1")
os.environ.setdefault("YOLO_AUTOINSTALL", "0")
sys.path.insert(0, str(Path(__file__).parent))

import keyring  # noqa: E402
from memory_keyring import MemoryKeyring  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("larder-home")
    monkeypatch.setenv("LARDER_HOME", str(home))
    # Subprocesses (the CLI) pick the in-memory-equivalent null backend; in-process code gets MemoryKeyring.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    keyring.set_keyring(MemoryKeyring())
    return home


_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else address
    is_inet = self.family in (socket.AF_INET, socket.AF_INET6)
    if is_inet and isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")):
        raise OSError(f"tests must not use the network (tried {host})")
    return _real_connect(self, address)  # type: ignore[arg-type]


socket.socket.connect = _loopback_only  # type: ignore[method-assign]


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


def _make_dataset(out: Path) -> Path:
    """tests/vision's generator, loaded by path: putting tests/vision on sys.path would make its
    conftest shadow the ones other test folders import by name."""
    import importlib.util

    path = Path(__file__).parent / "vision" / "vision_synthetic.py"
    spec = importlib.util.spec_from_file_location("_larder_vision_synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made: Path = module.make_dataset(out, n_train=16, n_val=4, size=96)
    return made


@pytest.fixture(scope="session")
def synthetic_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic YOLO data set (egg, tomato, Milk, widget drawn as shapes); returns its DATA.yaml."""
    return _make_dataset(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, synthetic_data: Path) -> Path:
    """Real ultralytics training, kept tiny: 64 px, 2 epochs, 16 images, no loader workers (~15 s on CPU).
    One per session, shared by the vision, front-door and orchestrator tests."""
    from vision.training import TrainConfig, train

    home = tmp_path_factory.mktemp("train-home")
    with pytest.MonkeyPatch.context() as mp:
        # ultralytics is configured once per process; keep its settings in a temporary home.
        mp.setenv("LARDER_HOME", str(home))
        config = TrainConfig(
            data=synthetic_data,
            model="yolov8n.yaml",
            epochs=2,
            imgsz=64,
            batch=8,
            workers=0,
            device="cpu",
            out=home / "models",
            name="tiny",
            extra={"seed": 0, "val": False, "warmup_epochs": 0, "mosaic": 0.0, "amp": False},
        )
        return train(config).weights
