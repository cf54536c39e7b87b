"""Environment for ultralytics runs on machines without internet.

Set before ultralytics is imported: it reads these variables at import time and would otherwise try to
download fonts, weights or pip packages.
"""

from __future__ import annotations

import os
from pathlib import Path

WORK_DIR = Path(os.environ.get("LARDER_TRAIN_DIR", "/root/larder-train"))
SHARED_DIR = Path(os.environ.get("LARDER_SHARED_DIR", "/work/shared"))


def configure_offline() -> None:
    """Point ultralytics at a private config dir and forbid network use and auto-installs."""
    config_dir = WORK_DIR / "ultralytics"
    config_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("YOLO_CONFIG_DIR", str(config_dir))
    os.environ["YOLO_OFFLINE"] = "1"
    os.environ["YOLO_AUTOINSTALL"] = "false"


def require_file(path: Path, made_by: str) -> Path:
    """`path`, or exit with what makes it: ultralytics treats a missing weights file as a name to download."""
    if not path.is_file():
        raise SystemExit(f"{path} does not exist: run `{made_by}` first (LARDER_TRAIN_DIR={WORK_DIR})")
    return path
