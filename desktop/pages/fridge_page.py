"""Fridge: drop or open photos, scan them, and see the photo with boxes and the detected items."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from agents.app import Larder, PhotoView, ScanReport, ScanView
from desktop import icons
from desktop.camera import CameraDialog, probe_camera
from desktop.models.detections_model import BOXES_ROLE, DetectedItemsModel, group_boxes
from desktop.pages.base import Page
from desktop.tasks import TaskRunner
from desktop.theme import COLORS, SPACING
from desktop.widgets.card import Card
from desktop.widgets.detected_item_delegate import DetectedItemDelegate
from desktop.widgets.drop_zone import DropZone
from desktop.widgets.photo_view import DetectionPhotoView
from desktop.widgets.task_progress import TaskProgress
from desktop.widgets.toast import Toast

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".bmp")
PHOTO_FILTER = "Photos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.bmp)"


def thumbnail(path: Path, size: int) -> QPixmap:
    """Decoded at thumbnail size (JPEG scales while decoding): a full 12-megapixel decode takes far longer."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid():
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


def ago(when: datetime, now: datetime | None = None) -> str:
    seconds = ((now or datetime.now(UTC)) - when).total_seconds()
    if seconds < 90:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours > 1 else ''} ago"
    return when.astimezone().strftime("%d %b %Y")


class FridgePage(Page):
    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Fridge",
            subtitle="Scan photos of your open fridge; Larder finds the ingredients and keeps the inventory.",
            action="Scan photos",
            action_icon="photo",
        )
        assert self.header.primary is not None
        self.header.primary.clicked.connect(self._on_open_clicked)
        self.camera_button = QPushButton("Take photo")
        self.camera_button.setIcon(icons.icon("camera", COLORS["text"]))
        self.camera_button.clicked.connect(self._on_camera_clicked)
        self.header.add_secondary(self.camera_button)
        self.camera_note = QLabel()
        self.camera_note.setProperty("warning", True)
        self.camera_note.hide()
        self.body.addWidget(self.camera_note)
        self.progress = TaskProgress()
        self.body.addWidget(self.progress)

        self.stack = QStackedWidget()
        self.body.addWidget(self.stack, 1)
        # After a saved scan: one click puts the inventory back as it was before it (Larder.undo_scan).
        self.toast = Toast()
        self.toast.undo_button.setToolTip("Put the inventory back as it was before this scan")
        self.toast.undo_requested.connect(self.undo_last_scan)
        self.body.addWidget(self.toast)
        self._saved_scan: int | None = None
        self.drop_zone = DropZone(
            "fridge",
            "Drop fridge photos here, or take one with the camera",
            "JPEG, PNG or HEIC. One photo per shelf works best; several photos of the same fridge make one scan.",
            PHOTO_SUFFIXES,
        )
        open_button = QPushButton("Open photos")
        open_button.setIcon(icons.icon("folder", COLORS["text"]))
        open_button.clicked.connect(self._on_open_clicked)
        camera_button = QPushButton("Take photo")
        camera_button.setIcon(icons.icon("camera", COLORS["text"]))
        camera_button.clicked.connect(self._on_camera_clicked)
        self.drop_zone.add_button(camera_button)
        self.drop_zone.add_button(open_button)
        self.drop_zone.files_dropped.connect(self._on_files_dropped)
        self.drop_zone.rejected.connect(self._on_drop_rejected)
        self.stack.addWidget(self.drop_zone)
        self.stack.addWidget(self._build_result_view())
        self.scan: ScanView | None = None
        self._pending: list[Path] = []
        self.refresh()

    def _build_result_view(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QHBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(SPACING)
        self.thumbnails = QListWidget()
        self.thumbnails.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbnails.setFlow(QListWidget.Flow.TopToBottom)
        self.thumbnails.setIconSize(icons.icon_size(72))
        self.thumbnails.setFixedWidth(104)
        self.thumbnails.setSpacing(4)
        self.thumbnails.currentRowChanged.connect(self._on_photo_selected)
        self.photo_view = DetectionPhotoView()
        self.photo_view.box_hovered.connect(self._on_box_hovered)
        left_layout.addWidget(self.thumbnails)
        left_layout.addWidget(self.photo_view, 1)
        splitter.addWidget(left)

        card = Card("Detected items")
        card.setMinimumWidth(260)
        self.scan_summary = QLabel()
        self.scan_summary.setProperty("muted", True)
        self.scan_summary.setWordWrap(True)
        self.items_model = DetectedItemsModel(self)
        self.items_view = QListView()
        self.items_view.setModel(self.items_model)
        self.items_view.setItemDelegate(DetectedItemDelegate(self.items_view))
        self.items_view.setUniformItemSizes(True)
        self.items_view.selectionModel().currentChanged.connect(self._on_item_selected)
        self.items_view.setMouseTracking(True)
        self.items_view.entered.connect(self._on_item_selected)
        hint = QLabel("Hover a box to find its row; double-click the photo to fit it again.")
        hint.setProperty("faint", True)
        hint.setWordWrap(True)
        card.body.addWidget(self.scan_summary)
        card.body.addWidget(self.items_view, 1)
        card.body.addWidget(hint)
        splitter.addWidget(card)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([760, 300])
        return splitter

    # --- showing the last scan ---------------------------------------------------------------------

    def refresh(self) -> None:
        scan = self.larder.latest_scan()
        if scan is not None and scan == self.scan and scan.photos:
            # Every page refreshes after any write; decoding the same photos again would stall the window.
            row = self.thumbnails.currentRow()
            self._show_summary(scan.photos[row] if 0 <= row < len(scan.photos) else scan.photos[0])
            return
        self.scan = scan
        if scan is None or not scan.photos:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        self.thumbnails.blockSignals(True)
        self.thumbnails.clear()
        for photo in scan.photos:
            item = QListWidgetItem(QIcon(thumbnail(photo.path, 144)), "")
            item.setToolTip(photo.path.name)
            self.thumbnails.addItem(item)
        self.thumbnails.setCurrentRow(0)
        self.thumbnails.blockSignals(False)
        self.thumbnails.setVisible(len(scan.photos) > 1)
        self._show_photo(scan.photos[0])

    def _show_photo(self, photo: PhotoView) -> None:
        self.photo_view.set_photo(photo.path, photo.boxes)
        self.items_model.set_boxes(photo.boxes)
        self._show_summary(photo)

    def _show_summary(self, photo: PhotoView) -> None:
        assert self.scan is not None
        total = len(photo.boxes)
        kinds = len(group_boxes(photo.boxes))
        photos = len(self.scan.photos)
        self.scan_summary.setText(
            f"{total} item{'s' if total != 1 else ''} of {kinds} kind{'s' if kinds != 1 else ''} in "
            f"{photos} photo{'s' if photos != 1 else ''} · {self.scan.model or 'model'} at confidence "
            f"≥ {self.scan.conf_threshold:.2f} · {ago(self.scan.created_at)}"
        )

    @Slot(int)
    def _on_photo_selected(self, row: int) -> None:
        if self.scan is not None and 0 <= row < len(self.scan.photos):
            self._show_photo(self.scan.photos[row])

    @Slot(int)
    def _on_box_hovered(self, box_index: int) -> None:
        self.photo_view.highlight(box_index)
        row = self.items_model.row_for_box(box_index)
        if row >= 0:
            self.items_view.selectionModel().setCurrentIndex(
                self.items_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    @Slot(QModelIndex)
    def _on_item_selected(self, index: QModelIndex) -> None:
        boxes = index.data(BOXES_ROLE) if index.isValid() else None
        if boxes:
            self.photo_view.highlight(int(boxes[0]))

    # --- scanning ----------------------------------------------------------------------------------

    @Slot()
    def _on_open_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open fridge photos", str(Path.home()), PHOTO_FILTER)
        if files:
            self.start_scan([Path(f) for f in files])

    @Slot(list)
    def _on_files_dropped(self, files: list[str]) -> None:
        self.start_scan([Path(f) for f in files])

    @Slot(str)
    def _on_drop_rejected(self, message: str) -> None:
        self.banner.show_message(f"Some files were left out: {message}", "info")

    @Slot()
    def _on_camera_clicked(self) -> None:
        status = probe_camera()
        if not status.available:
            self.camera_note.setText(status.message)
            self.camera_note.show()
            self.camera_button.setEnabled(False)
            return
        dialog = CameraDialog(self.larder.home().photos, self)
        dialog.captured.connect(self._on_camera_captured)
        dialog.open()

    @Slot(str)
    def _on_camera_captured(self, path: str) -> None:
        self.start_scan([Path(path)])

    def start_scan(self, photos: list[Path]) -> None:
        if self.progress.task is not None:
            self.banner.show_message("A scan is already running; wait for it or cancel it first.", "info")
            return
        # The scan-and-save flow is the front door's (the same as `larder scan --save`); its confidence
        # threshold and model are the stored detector settings. Without a model that is a UserError.
        work = partial(self.larder.scan, photos, save=True, require_model=True)
        task = self.runner.prepare(
            f"Scan {len(photos)} photo{'s' if len(photos) != 1 else ''}", work, pool="detector"
        )
        task.signals.succeeded.connect(self._on_scan_succeeded)
        task.signals.failed.connect(self.report_failure)
        task.signals.cancelled.connect(self._on_scan_cancelled)
        self.progress.track(task, f"Scanning {len(photos)} photo{'s' if len(photos) != 1 else ''}…")
        self.runner.start(task)
        self.banner.hide()

    @Slot(object)
    def _on_scan_succeeded(self, report: object) -> None:
        self.refresh()
        if isinstance(report, ScanReport):
            text = f"Scan {report.scan_id} saved: {report.summary}." if report.summary else "Scan saved."
            self.banner.show_message(text + (f" Note: {report.note}" if report.note else ""), "success")
            self._saved_scan = report.scan_id
            if report.scan_id is not None:
                self.toast.show_message(f"Scan {report.scan_id} updated the inventory.")
        self.data_changed.emit()

    @Slot()
    def undo_last_scan(self) -> None:
        if self._saved_scan is None:
            return
        try:
            undone = self.larder.undo_scan(self._saved_scan)
        except Exception as exc:
            self.report_failure(exc)
            return
        self._saved_scan = None
        self.banner.show_message(
            f"Scan {undone.scan_id} undone: {len(undone.restored)} items are as they were before it.", "info"
        )
        self.data_changed.emit()

    @Slot()
    def _on_scan_cancelled(self) -> None:
        self.banner.show_message("Scan cancelled; nothing was saved.", "info")
