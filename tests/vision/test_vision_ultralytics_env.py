"""Ultralytics is configured before import: settings in LARDER_HOME, no sync, no auto-install, offline;
and its patch of PIL.Image.open does not reach the photo loader."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_settings_land_in_larder_home_with_sync_off(tmp_path: Path) -> None:
    code = (
        "import json, os\n"
        "from vision.ultralytics_env import settings\n"
        "s = settings()\n"
        "from ultralytics.utils import AUTOINSTALL, ONLINE, SETTINGS_FILE\n"
        "import ultralytics.utils.patches  # replaces PIL.Image.open with a pi-heif installer on unknown files\n"
        "from vision.photos import load_photo\n"
        "from vision.errors import PhotoError\n"
        "open(os.environ['LARDER_HOME'] + '/text.jpg', 'w').write('not an image')\n"
        "try:\n    load_photo(os.environ['LARDER_HOME'] + '/text.jpg'); refused = ''\n"
        "except PhotoError as e:\n    refused = str(e)\n"
        "print(json.dumps({'file': str(SETTINGS_FILE), 'sync': s['sync'], 'autoinstall': AUTOINSTALL,"
        " 'online': ONLINE, 'runs': s['runs_dir'], 'refused': refused}))\n"
    )
    env = {"LARDER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "user")}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    settings_file = Path(report["file"])
    assert settings_file.is_relative_to(tmp_path / "ultralytics")
    assert json.loads(settings_file.read_text())["sync"] is False
    assert report["sync"] is False
    assert report["autoinstall"] is False
    assert report["online"] is False
    assert Path(report["runs"]).is_relative_to(tmp_path)
    assert not (tmp_path / "user" / ".config" / "Ultralytics").exists()
    # the photo loader keeps Pillow's own opener, so a bad file is refused instead of triggering an install
    assert "text.jpg" in report["refused"] and "not an image" in report["refused"]
