"""Optional camera capture, with the camera chosen in Settings. QtMultimedia is imported only when
asked for: it needs libpulse and a camera, and the window must open without either; the first Take
photo loads its libraries in a worker with the GIL released (preload_multimedia) while the dialog says
"Starting camera…", so the window does not freeze for it. The Settings page
lists the cameras in a child process (CAMERA_LISTER) for the same reason; the dialog, opened by a click,
lists them itself and opens the saved one (choose_camera), or the default with a note when it is gone."""

from __future__ import annotations

import ctypes
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import PySide6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agents.app import CancelToken, Larder, ProgressFn
from desktop.tasks import TaskRunner

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


STARTING = "Starting camera\u2026"
NO_CAMERA_HINT = "Drop fridge photos on the Fridge page instead, or open them with Scan photos."
# Qt Multimedia's libraries, the FFmpeg backend plugin (it pulls in FFmpeg, Qt Quick and OpenSSL) and the
# X11 GL integration the viewfinder uses, relative to the PySide6 package; then system GL libraries by
# name. Loaded in this order by preload_multimedia; a missing one is skipped.
_PYSIDE_FILES = (
    "Qt/lib/libQt6Multimedia.so.6",
    "Qt/lib/libQt6MultimediaWidgets.so.6",
    "Qt/plugins/multimedia/libffmpegmediaplugin.so",
    "QtMultimedia.abi3.so",
    "QtMultimediaWidgets.abi3.so",
    "Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
)
_SYSTEM_FILES = ("libGLX_mesa.so.0",)
_RTLD_NOW = 0x2


def multimedia_loaded() -> bool:
    return "PySide6.QtMultimedia" in sys.modules


def preload_multimedia() -> list[str]:
    """dlopen Qt Multimedia's libraries through libc's function pointer, which ctypes calls with the GIL
    released: their loading and static constructors run while the UI thread goes on (Python's import
    and ctypes.CDLL(path) hold the GIL: the same work in a worker would freeze the window just the
    same). The import that follows finds them loaded (the loader hands back the same handle). Best
    effort, Linux only; returns the files loaded."""
    if not sys.platform.startswith("linux") or multimedia_loaded():
        return []
    try:
        dlopen = ctypes.CDLL(None).dlopen
    except (OSError, AttributeError):
        return []
    dlopen.restype = ctypes.c_void_p
    dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
    package = Path(PySide6.__file__).parent
    paths = [str(package / f) for f in _PYSIDE_FILES if (package / f).is_file()] + list(_SYSTEM_FILES)
    return [path for path in paths if dlopen(path.encode(), _RTLD_NOW)]


def _preload_work(*, on_progress: ProgressFn, cancel: CancelToken) -> list[str]:
    return preload_multimedia()


class CameraDialog(QDialog):
    """A viewfinder and a Capture button; `captured` carries the saved photo's path. It opens the camera
    chosen in Settings: `saved`, or when not given the one stored in the Larder of `parent` (the page
    that opens it).

    With a `runner` the dialog shows at once, saying "Starting camera…", while a worker loads Qt
    Multimedia's libraries (preload_multimedia: ~20-60 ms of dlopen and static constructors, far more
    from a cold disk); the UI thread then imports the module and opens the camera (a moment after the
    dialog shows when they are loaded already). Without one it opens the camera before it returns.
    `unavailable` says why no camera opened."""

    captured = Signal(str)
    unavailable = Signal(str)  # UNAVAILABLE or NO_CAMERA
    opened = Signal()  # the camera was looked for: a viewfinder, or the reason there is none, is shown

    def __init__(
        self,
        folder: Path,
        parent: QWidget | None = None,
        *,
        saved: SavedCamera | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Take a fridge photo")
        self.resize(720, 560)
        self.folder = folder
        if saved is None:
            larder = getattr(parent, "larder", None)
            saved = saved_camera(larder) if isinstance(larder, Larder) else SavedCamera("", "")
        self.saved = saved
        self.choice: CameraChoice | None = None
        self.camera: QObject | None = None  # QCamera, once opened
        self.capture: QObject | None = None  # QImageCapture
        self.ready = False  # the camera was looked for (see `opened`)
        waiting = QLabel(STARTING)  # where the viewfinder goes once the camera is open
        waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        waiting.setProperty("muted", True)
        self.viewfinder: QWidget = waiting
        self.status = QLabel(STARTING)
        self.status.setWordWrap(True)
        self.take = QPushButton("Capture")
        self.take.setProperty("primary", True)
        self.take.setEnabled(False)
        self.take.clicked.connect(self._on_capture)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(close)
        row.addWidget(self.take)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.viewfinder, 1)
        self.body.addLayout(row)
        if runner is None:
            self._open_camera()
        elif multimedia_loaded():
            QTimer.singleShot(0, self._open_camera)  # shown first; the opener has connected its slots
        else:
            task = runner.query("Load the camera libraries", _preload_work)
            task.signals.succeeded.connect(self._on_libraries_loaded)
            task.signals.failed.connect(self._on_libraries_loaded)
            runner.start(task)

    @Slot(object)
    def _on_libraries_loaded(self, _result: object) -> None:
        self._open_camera()  # a failed preload only means the import below loads them (and may fail)

    def _open_camera(self) -> None:
        """On the UI thread: import Qt Multimedia (its libraries are loaded by now), list the cameras and
        open the chosen one in the viewfinder."""
        try:
            from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
            from PySide6.QtMultimediaWidgets import QVideoWidget
        except Exception as exc:  # ImportError, or an OSError from a missing libpulse
            log.info("QtMultimedia cannot be loaded: %s", exc)
            self._none(UNAVAILABLE)
            return
        devices = QMediaDevices.videoInputs()
        default = bytes(QMediaDevices.defaultVideoInput().id().data()).hex()
        found = [
            CameraInfo(bytes(d.id().data()).hex(), d.description(), bytes(d.id().data()).hex() == default)
            for d in devices
        ]
        self.choice = choose_camera(self.saved, found)
        if self.choice.index is None:  # no camera (or one unplugged since Settings listed it)
            self._none(NO_CAMERA)
            return
        camera = QCamera(devices[self.choice.index], self)
        capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        view = QVideoWidget()
        self.session.setCamera(camera)
        self.session.setImageCapture(capture)
        self.session.setVideoOutput(view)
        capture.imageSaved.connect(self._on_saved)
        capture.errorOccurred.connect(self._on_error)
        self.camera, self.capture = camera, capture
        self.body.replaceWidget(self.viewfinder, view)
        self.viewfinder.deleteLater()
        self.viewfinder = view
        self.status.setText(self.choice.note or "Point the camera at the open fridge")
        self.setWindowTitle(f"Take a fridge photo \u00b7 {found[self.choice.index].name}")
        self.take.setEnabled(True)
        camera.start()
        self._opened()

    def _none(self, message: str) -> None:
        self.status.setText(message)
        if isinstance(self.viewfinder, QLabel):  # the line below says what; the middle what to do
            self.viewfinder.setText(NO_CAMERA_HINT)
        self.take.setEnabled(False)
        self._opened()
        self.unavailable.emit(message)

    def _opened(self) -> None:
        self.ready = True
        self.opened.emit()

    @Slot()
    def _on_capture(self) -> None:
        if self.capture is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        name = datetime.now().strftime("camera-%Y%m%d-%H%M%S.jpg")
        self.capture.captureToFile(str(self.folder / name))  # type: ignore[attr-defined]

    @Slot(int, str)
    def _on_saved(self, _id: int, path: str) -> None:
        if self.camera is not None:
            self.camera.stop()  # type: ignore[attr-defined]
        self.captured.emit(path)
        self.accept()

    @Slot(int, object, str)
    def _on_error(self, _id: int, _error: object, message: str) -> None:
        self.status.setText(f"Capture failed: {message}")
