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
