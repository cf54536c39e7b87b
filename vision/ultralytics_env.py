"""The one door to ultralytics: it is configured here before it is ever imported.

Ultralytics by default writes settings to ~/.config, probes DNS to decide whether it is online,
pip-installs missing packages at run time and sends anonymous analytics. A desktop app must do none
of these, so every import of ultralytics in Larder goes through `yolo_class()`.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from data.paths import resolve_home
from vision import native_libraries

_lock = threading.Lock()
_configured = False

# Integrations that would log to third-party services if their packages happened to be installed.
_QUIET_SETTINGS: dict[str, Any] = {
    "sync": False,
    "clearml": False,
    "comet": False,
    "dvc": False,
    "hub": False,
    "mlflow": False,
    "neptune": False,
    "raytune": False,
    "tensorboard": False,
    "wandb": False,
    "vscode_msg": False,
    "openvino_msg": False,
}


def prepare_environment() -> None:
    """Set the variables ultralytics reads at import time (it reads them once, so this must come first)."""
    config_dir = resolve_home().ultralytics_config
    config_dir.mkdir(parents=True, exist_ok=True)
    os.environ["YOLO_CONFIG_DIR"] = str(config_dir)
    os.environ["YOLO_OFFLINE"] = "1"  # skips the DNS probe; ultralytics.utils.is_online() returns False
    os.environ["YOLO_AUTOINSTALL"] = "false"  # checks.check_requirements() never pip-installs
    os.environ.setdefault("YOLO_VERBOSE", "false")


def configure() -> None:
    """Prepare the environment, import ultralytics and switch its network-facing settings off (once)."""
    global _configured
    with _lock:
        if _configured:
            return
        native_libraries.preload()  # before ultralytics imports torch: its dlopen would hold the GIL
        prepare_environment()
        from ultralytics.utils import SETTINGS

        home = resolve_home()
        changes = {k: v for k, v in _QUIET_SETTINGS.items() if k in SETTINGS and SETTINGS[k] != v}
        # Relative runs/weights folders would land in whatever directory the app was started from.
        for key, folder in (
            ("runs_dir", home.root / "runs"),
            ("weights_dir", home.models),
            ("datasets_dir", home.root / "datasets"),
        ):
            if SETTINGS.get(key) != str(folder):
                changes[key] = str(folder)
        if changes:
            SETTINGS.update(changes)
        _configured = True


def yolo_class() -> Any:
    """The ultralytics YOLO class, imported only after `configure()`."""
    configure()
    from ultralytics import YOLO

    return YOLO


def settings() -> dict[str, Any]:
    configure()
    from ultralytics.utils import SETTINGS

    return dict(SETTINGS)
