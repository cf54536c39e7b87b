"""Optional camera capture. QtMultimedia is imported only when asked for: it needs libpulse and a
camera, and the window must open without either."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

UNAVAILABLE = "camera unavailable (QtMultimedia/libpulse missing)"


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
        return CameraStatus(False, "No camera found on this computer")
    return CameraStatus(True, devices[0].description())


class CameraDialog(QDialog):
    """A viewfinder and a Capture button; `captured` carries the saved photo's path."""

    captured = Signal(str)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle("Take a fridge photo")
        self.resize(720, 560)
        self.folder = folder
        self.camera = QCamera(self)
        self.session = QMediaCaptureSession(self)
        self.capture = QImageCapture(self)
        view = QVideoWidget()
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(view)
        self.capture.imageSaved.connect(self._on_saved)
        self.capture.errorOccurred.connect(self._on_error)
        self.status = QLabel("Point the camera at the open fridge")
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
        if not QMediaDevices.videoInputs():
            self.status.setText("No camera found on this computer")
            self.take.setEnabled(False)
            return
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
