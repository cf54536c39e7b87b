"""Optional camera capture, with the camera chosen in Settings. QtMultimedia is imported only when
asked for: it needs libpulse and a camera, and the window must open without either. The Settings page
lists the cameras in a child process (CAMERA_LISTER) for the same reason; the dialog, opened by a click,
lists them itself and opens the saved one (choose_camera), or the default with a note when it is gone."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agents.app import Larder

log = logging.getLogger(__name__)

UNAVAILABLE = "camera unavailable (QtMultimedia/libpulse missing)"
NO_CAMERA = "No camera found on this computer"
CAMERA_SETTING = "camera.device"  # the chosen camera's id (QCameraDevice.id() as hex)
CAMERA_NAME_SETTING = "camera.name"  # its description, for the note when it is not connected
# Run as `python -c`: one JSON line, [[id hex, description, is the system default], ...].
CAMERA_LISTER = (
    "import json\n"
    "from PySide6.QtCore import QCoreApplication\n"
    "app = QCoreApplication([])\n"
    "from PySide6.QtMultimedia import QMediaDevices\n"
    "default = bytes(QMediaDevices.defaultVideoInput().id().data()).hex()\n"
    "print(json.dumps([[bytes(d.id().data()).hex(), d.description(), bytes(d.id().data()).hex() == default]"
    " for d in QMediaDevices.videoInputs()]))\n"
)


@dataclass(frozen=True)
class CameraInfo:
    ident: str  # QCameraDevice.id() as hex: what Settings stores
    name: str
    default: bool = False  # the system's default camera


@dataclass(frozen=True)
class SavedCamera:
    ident: str  # "" when none was chosen
    name: str


@dataclass(frozen=True)
class CameraChoice:
    """Which camera to open: `index` into the cameras found (None: there is none), and a note for the
    user when it is not the one chosen in Settings ("" otherwise)."""

    index: int | None
    note: str


def parse_camera_list(output: bytes) -> list[CameraInfo]:
    """The lister's JSON; anything else (QtMultimedia or libpulse missing in the child) is no camera."""
    try:
        rows = json.loads(output or b"[]")
        return [CameraInfo(str(row[0]), str(row[1]), bool(row[2]) if len(row) > 2 else False) for row in rows]
    except (ValueError, TypeError, IndexError, KeyError):
        return []


def saved_camera(larder: Larder) -> SavedCamera:
    """The camera chosen in Settings, through the front door's settings."""
    ident = larder.setting(CAMERA_SETTING)
    name = larder.setting(CAMERA_NAME_SETTING)
    return SavedCamera(str(ident) if ident else "", str(name) if name else "")


def choose_camera(saved: SavedCamera, found: Sequence[CameraInfo]) -> CameraChoice:
    """The saved camera when it is connected; otherwise the system default (else the first one) with a
    note that names the missing one; None when there is no camera at all."""
    if not found:
        return CameraChoice(None, NO_CAMERA)
    for index, camera in enumerate(found):
        if saved.ident and camera.ident == saved.ident:
            return CameraChoice(index, "")
    fallback = next((i for i, c in enumerate(found) if c.default), 0)
    if not saved.ident:
        return CameraChoice(fallback, "")
    missing = f"\u201c{saved.name}\u201d" if saved.name else "The camera chosen in Settings"
    return CameraChoice(
        fallback, f"{missing} is not connected; using {found[fallback].name}, the default camera, instead."
    )


@dataclass(frozen=True)
class CameraStatus:
    available: bool
    message: str


def probe_camera() -> CameraStatus:
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except Exception as exc:  # ImportError, or an OSError from a missing libpulse
        log.info("QtMultimedia cannot be loaded: %s", exc)
        return CameraStatus(False, UNAVAILABLE)
    try:
        devices = QMediaDevices.videoInputs()
    except Exception as exc:
        log.info("cannot list cameras: %s", exc)
        return CameraStatus(False, UNAVAILABLE)
    if not devices:
        return CameraStatus(False, NO_CAMERA)
    return CameraStatus(True, devices[0].description())


class CameraDialog(QDialog):
    """A viewfinder and a Capture button; `captured` carries the saved photo's path. It opens the camera
    chosen in Settings: `saved`, or when not given the one stored in the Larder of `parent` (the page
    that opens it)."""

    captured = Signal(str)

    def __init__(
        self, folder: Path, parent: QWidget | None = None, *, saved: SavedCamera | None = None
    ) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle("Take a fridge photo")
        self.resize(720, 560)
        self.folder = folder
        if saved is None:
            larder = getattr(parent, "larder", None)
            saved = saved_camera(larder) if isinstance(larder, Larder) else SavedCamera("", "")
        devices = QMediaDevices.videoInputs()
        default = bytes(QMediaDevices.defaultVideoInput().id().data()).hex()
        found = [
            CameraInfo(bytes(d.id().data()).hex(), d.description(), bytes(d.id().data()).hex() == default)
            for d in devices
        ]
        self.choice = choose_camera(saved, found)
        self.camera = (
            QCamera(devices[self.choice.index], self) if self.choice.index is not None else QCamera(self)
        )
        self.session = QMediaCaptureSession(self)
        self.capture = QImageCapture(self)
        view = QVideoWidget()
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(view)
        self.capture.imageSaved.connect(self._on_saved)
        self.capture.errorOccurred.connect(self._on_error)
        self.status = QLabel(self.choice.note or "Point the camera at the open fridge")
        self.status.setWordWrap(True)
        self.take = QPushButton("Capture")
        self.take.setProperty("primary", True)
        self.take.clicked.connect(self._on_capture)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(close)
        row.addWidget(self.take)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addLayout(row)
        # A camera unplugged since the probe: say so instead of showing a black viewfinder.
        if self.choice.index is None:
            self.status.setText(NO_CAMERA)
            self.take.setEnabled(False)
            return
        self.setWindowTitle(f"Take a fridge photo \u00b7 {found[self.choice.index].name}")
        self.camera.start()

    @Slot()
    def _on_capture(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = datetime.now().strftime("camera-%Y%m%d-%H%M%S.jpg")
        self.capture.captureToFile(str(self.folder / name))

    @Slot(int, str)
    def _on_saved(self, _id: int, path: str) -> None:
        self.camera.stop()
        self.captured.emit(path)
        self.accept()

    @Slot(int, object, str)
    def _on_error(self, _id: int, _error: object, message: str) -> None:
        self.status.setText(f"Capture failed: {message}")
