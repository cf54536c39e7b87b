"""The first Take photo does not freeze the window: the dialog opens at once ("Starting camera…") and Qt
Multimedia's libraries are loaded in a worker thread with the GIL released (desktop/camera.py), before
the UI thread imports the module, lists the cameras and shows the viewfinder or why there is none.

Run in a child process: the module can be imported only once per process, and other tests import it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = r"""
import json, sys, threading, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from agents.app import Larder
import desktop.camera as camera
from desktop.pages.fridge_page import FridgePage
from desktop.tasks import TaskRunner

seen = {}
preload = camera.preload_multimedia
def watched_preload():
    seen["preload_on_ui_thread"] = threading.current_thread() is threading.main_thread()
    seen["preloaded"] = preload()
    return seen["preloaded"]
camera.preload_multimedia = watched_preload
open_camera = camera.CameraDialog._open_camera
def watched_open(self):
    # What the process has mapped when the UI thread is about to import Qt Multimedia.
    maps = open("/proc/self/maps").read()
    seen["loaded_before_import"] = "libQt6Multimedia.so" in maps and "libffmpegmediaplugin.so" in maps
    seen["open_on_ui_thread"] = threading.current_thread() is threading.main_thread()
    open_camera(self)
camera.CameraDialog._open_camera = watched_open

larder = Larder.open(Path(sys.argv[1]))
runner = TaskRunner()
page = FridgePage(larder, runner)
page.show()
assert "PySide6.QtMultimedia" not in sys.modules, "loaded before Take photo"
page.camera_button.click()
dialog = page.camera_dialog
seen["after_click"] = {
    "imported": "PySide6.QtMultimedia" in sys.modules,
    "dialog_visible": dialog is not None and dialog.isVisible(),
    "status": dialog.status.text() if dialog is not None else None,
    "capture_enabled": dialog.take.isEnabled() if dialog is not None else None,
}
end = time.monotonic() + 60
while not dialog.ready and time.monotonic() < end:
    app.processEvents()
    time.sleep(0.005)
seen["status"] = dialog.status.text()
seen["capture_enabled"] = dialog.take.isEnabled()
seen["note"] = page.camera_note.text() if page.camera_note.isVisibleTo(page) else ""
seen["camera"] = dialog.choice is not None and dialog.choice.index is not None
runner.wait_for_done(5000)
larder.close()
print(json.dumps(seen))
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the preload reads /proc and loads ELF files"
)
def test_the_first_take_photo_loads_qt_multimedia_in_a_worker_while_the_dialog_waits(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LARDER_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # The click returned with the dialog up, saying so, and nothing of Qt Multimedia imported yet.
    assert seen["after_click"] == {
        "imported": False,
        "dialog_visible": True,
        "status": "Starting camera\u2026",
        "capture_enabled": False,
    }
    # The libraries were loaded by the worker, before the UI thread imported the module.
    assert seen["preload_on_ui_thread"] is False
    assert any("libQt6Multimedia" in path for path in seen["preloaded"]), seen["preloaded"]
    assert seen["loaded_before_import"] is True and seen["open_on_ui_thread"] is True
    if seen["camera"]:  # a machine with a camera: the viewfinder is open
        assert seen["capture_enabled"] is True
    else:  # none here: the dialog and the page say so
        assert seen["status"] == seen["note"] and seen["status"] in (
            "No camera found on this computer",
            "camera unavailable (QtMultimedia/libpulse missing)",
        )
        assert seen["capture_enabled"] is False
