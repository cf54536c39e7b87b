"""Fridge: drop or open photos, scan them, then review the scan: every detection on the photo and in the
list, to keep, reject, rename, recount, or draw what the model missed; "Teach Larder" learns from it.

Each correction is one `Larder.apply_review` call (one transaction; the inventory follows) and Undo
(the toast, Ctrl+Z) puts the newest one back with `Larder.undo_review`. A product named here goes into
the core's appearance memory, so the next scan recognises it."""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import (
    QIcon,
    QImageReader,
    QPixmap,
    QResizeEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from agents.app import (
    AddBox,
    Change,
    DetectionView,
    FoodLink,
    Larder,
    LearnReport,
    ReviewChanges,
    ReviewPhoto,
    ReviewResult,
    ReviewUndo,
    ReviewView,
    ScanReport,
    ScanView,
    UndoResult,
)
from desktop import icons
from desktop.camera import CameraDialog
from desktop.food_link_undo import LinkStep
from desktop.inventory_undo import ReviewStep, ScanSaved, queued_by
from desktop.models.detections_model import ID_ROLE, DetectedItemsModel, display_name, kinds
from desktop.pages.base import Page
from desktop.tasks import Task, TaskRunner
from desktop.theme import COLORS, SPACING, notifier
from desktop.widgets.card import Card
from desktop.widgets.detected_item_delegate import DetectedItemDelegate
from desktop.widgets.drop_zone import DropZone
from desktop.widgets.food_picker import FoodPicker
from desktop.widgets.learn_result import LearnResult
from desktop.widgets.photo_view import DetectionPhotoView
from desktop.widgets.review_panel import ReviewPanel
from desktop.widgets.task_progress import TaskProgress
from desktop.widgets.toast import Toast

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".bmp")
PHOTO_FILTER = "Photos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.bmp)"
LEARN_MINUTES = 8.0  # the budget of one "Teach Larder" run (the core's default)
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Write:
    """One queued write: `work` runs in the writer pool (None: a step only the UI thread takes, such as
    asking the undo stack); `done` gets its result on the UI thread, `failed` runs after the banner has
    said why; `det_ids` are the detections it changes (shown as pending until it lands)."""

    label: str
    work: Callable[[], object] | None
    done: Callable[[object], None]
    failed: Callable[[], None] | None = None
    det_ids: tuple[int, ...] = ()
    pushes: bool = False  # a new correction: it goes on the undo stack when it lands


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


def inventory_words(changes: Sequence[Change]) -> str:
    """ "inventory: Strawberries removed, Lime 1 → 2 pc" (what one review did to the inventory)."""
    parts = []
    for c in changes:
        name = c.name.split(",")[0]
        if c.kind == "new":
            parts.append(f"{name} added")
        elif c.kind == "gone":
            parts.append(f"{name} removed")
        else:
            parts.append(f"{name} {c.before or 0:g} → {c.after or 0:g} {c.unit}")
    return "inventory: " + (", ".join(parts) if parts else "unchanged")


class FridgePage(Page):
    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Fridge",
            subtitle="Scan photos of your open fridge, then check what Larder found: it learns from every correction.",
            action="Scan photos",
            action_icon="photo",
        )
        assert self.header.primary is not None
        self.header.primary.clicked.connect(self._on_open_clicked)
        self._claims_text = ""  # what the user's answers changed in later scans (after the last correction)
        self.teach_button = QPushButton("Teach Larder")
        self.teach_button.setToolTip(
            "Train a personal model on your reviewed photos; it is used only if it does better"
        )
        self.teach_button.clicked.connect(self.start_learning)
        self.header.add_secondary(self.teach_button)
        self.camera_button = QPushButton("Take photo")
        self.camera_button.setIcon(icons.icon("camera", COLORS["text"]))
        self.camera_button.clicked.connect(self._on_camera_clicked)
        self.header.add_secondary(self.camera_button)
        self.camera_note = QLabel()
        self.camera_note.setProperty("warning", True)
        self.camera_note.hide()
        self.body.addWidget(self.camera_note)
        self.camera_dialog: CameraDialog | None = None  # the last one opened
        self.progress = TaskProgress()
        self.body.addWidget(self.progress)
        self.learn_result = LearnResult()
        self.learn_result.rollback_requested.connect(self.roll_back_model)
        self.body.addWidget(self.learn_result)
        self.learn_minutes = LEARN_MINUTES

        self.stack = QStackedWidget()
        self.body.addWidget(self.stack, 1)
        # After a saved scan or a correction: one click (or Ctrl+Z) puts it back.
        self.toast = Toast()
        self.toast.undo_requested.connect(self.undo)
        self.body.addWidget(self.toast)
        # The window's undo stack (use_undo_stack shares the Inventory page's); a page alone has its own.
        self.undo_stack = QUndoStack(self)
        self._writes: deque[_Write] = deque()
        self._write_task: Task | None = None
        self._current_write: _Write | None = None
        self._adding = False
        self._in_ui_step = False
        self._undone_scans: set[int] = set()
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
        self.undo_action = self.page_action("Undo the last change", "Ctrl+Z", self.undo)
        self.redo_action = self.page_action("Redo", "Ctrl+Shift+Z", self.redo)
        self.page_action("Not there (reject the selected item)", "Delete", self.reject_selected)
        self.page_action("Draw a missed item", "D", self.draw_button.toggle)
        self.scan: ScanView | None = None
        self.review: ReviewView | None = None
        self._pending: list[Path] = []
        self.review_panel.set_names(self._ingredient_names())
        self._restyle()
        notifier().changed.connect(self._restyle)
        self.refresh()

    @Slot()
    def _restyle(self) -> None:
        self.teach_button.setIcon(icons.icon("chip", COLORS["text"]))
        self.draw_button.setIcon(icons.icon("plan", COLORS["text"]))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The legend beside the draw button only where it fits whole; a cut-off legend reads as a bug.
        self.legend.setVisible(self.legend.sizeHint().width() + 260 < self.photo_view.width())

    def _ingredient_names(self) -> list[str]:
        names: dict[str, None] = {}
        for ingredient in self.larder.ingredients():
            names[ingredient.name] = None
            for alias in ingredient.aliases:
                names[alias] = None
        return sorted(names, key=str.lower)

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
        self.thumbnails.setAccessibleName("Photos of this scan")
        self.thumbnails.currentRowChanged.connect(self._on_photo_selected)
        photo_column = QWidget()
        photo_layout = QVBoxLayout(photo_column)
        photo_layout.setContentsMargins(0, 0, 0, 0)
        photo_layout.setSpacing(SPACING)
        tools = QHBoxLayout()
        tools.setSpacing(SPACING)
        self.draw_button = QPushButton("Draw a missed item")
        self.draw_button.setCheckable(True)
        self.draw_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.draw_button.setToolTip(
            "Drag a box around something the model missed, then name it (D; Esc stops)"
        )
        self.draw_button.toggled.connect(self._on_draw_toggled)
        self.legend = QLabel(
            "Solid: sure · dashed with ?: unsure · <s>grey</s>: rejected · "
            "<span style='color:#a86a0c'>amber</span>: a question for you"
        )
        self.legend.setProperty("faint", True)
        self.legend.setToolTip("How the boxes on the photo show what Larder is sure of")
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tools.addWidget(self.draw_button, 0, Qt.AlignmentFlag.AlignLeft)
        tools.addWidget(self.legend, 1)
        self.photo_view = DetectionPhotoView()
        self.photo_view.box_hovered.connect(self._on_box_hovered)
        self.photo_view.box_clicked.connect(self.select_detection)
        self.photo_view.box_drawn.connect(self._on_box_drawn)
        self.photo_view.draw_cancelled.connect(lambda: self.draw_button.setChecked(False))
        photo_layout.addLayout(tools)
        photo_layout.addWidget(self.photo_view, 1)
        left_layout.addWidget(self.thumbnails)
        left_layout.addWidget(photo_column, 1)
        splitter.addWidget(left)

        card = Card("Check what Larder found")
        card.setMinimumWidth(300)
        self.scan_summary = QLabel()
        self.scan_summary.setProperty("muted", True)
        self.scan_summary.setWordWrap(True)
        self.items_model = DetectedItemsModel(self)
        self.items_view = QListView()
        self.items_view.setModel(self.items_model)
        self.item_delegate = DetectedItemDelegate(self.items_view)
        self.items_view.setItemDelegate(self.item_delegate)
        self.items_view.setUniformItemSizes(True)
        self.items_view.setAccessibleName("Detected items")
        self.items_view.selectionModel().currentChanged.connect(self._on_item_selected)
        self.items_view.activated.connect(self._on_item_activated)
        self.review_panel = ReviewPanel()
        self.review_panel.accept_requested.connect(self.accept_detection)
        self.review_panel.reject_requested.connect(self.reject_detection)
        self.review_panel.rename_requested.connect(self.rename_detection)
        self.review_panel.count_requested.connect(self.recount_detection)
        self.review_panel.add_requested.connect(self.add_drawn)
        self.review_panel.add_cancelled.connect(lambda: self.photo_view.show_pending(None))
        self.review_panel.nutrients_requested.connect(self.pick_nutrients)
        self.food_picker: FoodPicker | None = None
        card.body.addWidget(self.scan_summary)
        card.body.addWidget(self.items_view, 1)
        card.body.addWidget(self.review_panel)
        splitter.addWidget(card)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 380])
        return splitter

    # --- showing the last scan ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.apply(self.load())

    def load(self) -> tuple[ScanView | None, ReviewView | None, dict[str, str], str]:
        """The last scan, its review, which own items count as which SR28 food and what the user's answers
        changed in later scans, read in a worker after another page's write (desktop/refresh.py)."""
        scan = self.larder.latest_scan()
        review = self.larder.review(scan.scan_id) if scan is not None and scan.saved else None
        links = {link.name: link.food.name for link in self.larder.food_links()}
        return scan, review, links, self.larder.answers_moved()

    def apply(self, loaded: object) -> None:
        if not (isinstance(loaded, tuple) and len(loaded) == 4):
            raise TypeError(f"not a scan, review, food links and answers: {loaded!r}")
        scan: ScanView | None = loaded[0]
        review: ReviewView | None = loaded[1]
        self.review_panel.set_links(loaded[2])
        self._claims_text = str(loaded[3])
        same = (
            scan is not None
            and self.scan is not None
            and scan.scan_id == self.scan.scan_id
            and [p.path for p in scan.photos] == [p.path for p in self.scan.photos]
        )
        if scan is not None and same and scan.photos:
            # Every page refreshes after any write (a correction too); decoding the same photos again
            # would stall the window and lose the selection.
            self.scan = scan
            # While corrections are being written their own results are newer than a read that may
            # have run between two of them; the last one to land shows the review as stored.
            if review != self.review and not self.writing:
                self.review = review
                self._redraw()
            self._show_summary()
            return
        self.scan, self.review = scan, review
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
        self._show_photo(0)

    def current_photo(self) -> ReviewPhoto | None:
        if self.review is None or not self.review.photos:
            return None
        row = max(0, self.thumbnails.currentRow())
        return self.review.photos[min(row, len(self.review.photos) - 1)]

    def _detections(self) -> tuple[DetectionView, ...]:
        photo = self.current_photo()
        return photo.detections if photo is not None else ()

    def _show_photo(self, row: int) -> None:
        assert self.scan is not None
        self.photo_view.set_photo(self.scan.photos[row].path, self._detections())
        self.items_model.set_detections(self._detections())
        self.review_panel.show_nothing()
        self._show_summary()
        self._show_pending()

    def _redraw(self, select: int | None = None) -> None:
        """The current photo's boxes and rows again (after a correction), keeping the selection, and a
        box being drawn or named (a correction landing meanwhile must not take it away)."""
        busy_drawing = self.review_panel.pending_box is not None or self.photo_view.drawing
        selected = select if select is not None else self.selected_id()
        self.photo_view.show_detections(self._detections())
        self.items_model.set_detections(self._detections())
        if busy_drawing:
            pass
        elif selected is not None and self.items_model.row_for_id(selected) >= 0:
            self.select_detection(selected)
        else:
            self.review_panel.show_nothing()
        self._show_summary()
        self._show_pending()

    def _show_summary(self) -> None:
        if self.scan is None:
            return
        dets = self._detections()
        active = sum(d.count for d in dets if d.status not in ("rejected", "unnamed"))
        unsure = sum(1 for d in dets if d.unsure)
        questions = sum(1 for d in dets if d.status == "unnamed")
        photos = len(self.scan.photos)
        todo = [f"{unsure} unsure"] if unsure else []
        if questions:
            todo.append(f"{questions} to answer")
        self.scan_summary.setText(
            f"<b>{active} item{'s' if active != 1 else ''} of {kinds(dets)} kind{'s' if kinds(dets) != 1 else ''}</b>"
            f"{' · ' + ' · '.join(todo) if todo else ''}<br>"
            f"{photos} photo{'s' if photos != 1 else ''} · {self.scan.model or 'model'} at confidence "
            f"≥ {self.scan.conf_threshold:.2f} · {ago(self.scan.created_at)}"
            + (f"<br>{html.escape(self._claims_text)}" if self._claims_text else "")
        )

    @Slot(int)
    def _on_photo_selected(self, row: int) -> None:
        if self.scan is not None and 0 <= row < len(self.scan.photos):
            self._show_photo(row)

    @Slot(int)
    def _on_box_hovered(self, det_id: int) -> None:
        self.photo_view.highlight(det_id if det_id >= 0 else (self.selected_id() or -1))

    def selected_id(self) -> int | None:
        index = self.items_view.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None

    def selected(self) -> DetectionView | None:
        det_id = self.selected_id()
        return next((d for d in self._detections() if d.id == det_id), None)

    @Slot(int)
    def select_detection(self, det_id: int) -> None:
        row = self.items_model.row_for_id(det_id)
        if row >= 0:
            self.items_view.selectionModel().setCurrentIndex(
                self.items_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    @Slot(QModelIndex)
    def _on_item_selected(self, index: QModelIndex) -> None:
        det = self.items_model.detection_at(index.row()) if index.isValid() else None
        if det is None:
            return
        if self.photo_view.drawing:
            self.draw_button.setChecked(False)
        self.photo_view.show_pending(None)
        self.photo_view.highlight(det.id)
        self.review_panel.show_detection(det, self.photo_view.crop(det.box))
        self._show_pending()

    @Slot(QModelIndex)
    def _on_item_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.accept_detection(int(index.data(ID_ROLE)))

    # --- corrections: queued writes off the UI thread --------------------------------------------------

    def _queue(self, write: _Write) -> None:
        """Corrections land in the order they were made, one write at a time (the writer pool has one
        thread; the queue also keeps a second correction from being decided on a stale review)."""
        self._writes.append(write)
        self._show_pending()
        self._next_write()

    @property
    def writing(self) -> bool:
        """A correction (or an undo) is being written or waits its turn."""
        return self._write_task is not None or bool(self._writes)

    def _next_write(self) -> None:
        if self._write_task is not None or not self._writes:
            self._show_pending()
            return
        write = self._writes.popleft()
        if write.work is None:  # a step that only the UI thread takes (nothing to write)
            self._in_ui_step = True  # what it asks for is next in line: its place in the queue is now
            try:
                write.done(None)
            finally:
                self._in_ui_step = False
            self._next_write()
            return
        work = write.work
        task = self.runner.prepare(write.label, lambda *, on_progress, cancel: work(), pool="writer")
        task.signals.succeeded.connect(partial(self._on_write_succeeded, write))
        task.signals.failed.connect(partial(self._on_write_failed, write))
        task.signals.finished.connect(self._on_write_finished)
        self._write_task = task
        self._current_write = write
        self._show_pending()
        self.runner.start(task)

    def _on_write_succeeded(self, write: _Write, result: object) -> None:
        self._current_write = None
        write.done(result)

    def _on_write_failed(self, write: _Write, exc: object) -> None:
        self._current_write = None
        self.report_failure(exc)
        if write.failed is not None:
            write.failed()

    @Slot()
    def _on_write_finished(self) -> None:
        self._write_task = None
        self._current_write = None
        self._next_write()

    def _pending_ids(self) -> set[int]:
        writes = [*self._writes, *([self._current_write] if self._current_write is not None else [])]
        return {det_id for w in writes for det_id in w.det_ids}

    def _show_pending(self) -> None:
        """Rows, boxes and the panel say which corrections are still being written; the panel's controls
        for a detection wait until its last write has landed."""
        pending = self._pending_ids()
        self.item_delegate.pending = pending
        self.items_view.viewport().update()
        self.photo_view.mark_pending(pending)
        panel = self.review_panel
        if panel.detection is not None and panel.detection.id in pending:
            panel.set_saving(f"Saving: {self._pending_text(panel.detection.id)}…")
        elif panel.pending_box is not None and self._adding:
            panel.set_saving("Saving the drawn item…")
        else:
            panel.set_saving(None)

    def _pending_text(self, det_id: int) -> str:
        writes = [*([self._current_write] if self._current_write is not None else []), *self._writes]
        return next((w.label for w in reversed(writes) if det_id in w.det_ids), "a correction")

    def _apply(
        self,
        changes: ReviewChanges,
        what: str,
        det_id: int | None = None,
        *,
        on_failed: Callable[[], None] | None = None,
    ) -> bool:
        if self.review is None:
            return False
        scan_id, larder = self.review.scan_id, self.larder
        self._queue(
            _Write(
                what,
                partial(larder.apply_review, scan_id, changes),
                partial(self._on_applied, what, scan_id, changes, None, det_id),
                on_failed,
                (det_id,) if det_id is not None else (),
                pushes=True,
            )
        )
        return True

    def _on_applied(
        self,
        what: str,
        scan_id: int,
        changes: ReviewChanges,
        redone: ReviewStep | None,
        det_id: int | None,
        result: object,
    ) -> None:
        if not isinstance(result, ReviewResult):
            return
        if redone is None:
            self.undo_stack.push(ReviewStep(what, scan_id, changes, self))
        if result.learned is not None:
            self._claims_text = result.learned.claims_text
        if self.review is not None and self.review.scan_id == scan_id:
            self.review = result.view
            self._redraw(select=result.added[0] if result.added else None)
            shown = self.review_panel.detection
            if det_id is not None and shown is not None and shown.id == det_id:
                self.review_panel.name_edit.clear()  # the name has been used
        self.toast.undo_button.setToolTip("Put this correction back (Ctrl+Z)")
        self.toast.show_message(f"{'Redone: ' if redone else ''}{what}; {inventory_words(result.changes)}.")
        self.banner.hide()
        self.data_changed.emit()

    def _find(self, det_id: int) -> DetectionView | None:
        return next((d for d in self._detections() if d.id == det_id), None)

    @Slot(int)
    def accept_detection(self, det_id: int) -> None:
        det = self._find(det_id)
        if det is None or det.status in ("confirmed", "added") or det_id in self._pending_ids():
            return
        if det.status == "unnamed" and not det.guess:  # a container has nothing to keep until it is named
            return
        what = f"Yes, {display_name(det).rstrip('?')}" if det.guess else f"Kept {display_name(det)}"
        self._apply(ReviewChanges(confirm=(det_id,)), what, det_id)

    @Slot(int)
    def reject_detection(self, det_id: int) -> None:
        det = self._find(det_id)
        if det is not None and det.status != "rejected" and det_id not in self._pending_ids():
            self._apply(ReviewChanges(reject=(det_id,)), f"Rejected {display_name(det)}", det_id)

    @Slot()
    def reject_selected(self) -> None:
        det = self.selected()
        if det is not None:
            self.reject_detection(det.id)

    @Slot(int, str)
    def rename_detection(self, det_id: int, name: str) -> None:
        det = self._find(det_id)
        if det is None or det_id in self._pending_ids():
            return
        before = "the unnamed item" if det.status == "unnamed" else display_name(det)

        def keep_typed_name() -> None:  # a refused name stays in the field, to fix
            panel = self.review_panel
            if panel.detection is not None and panel.detection.id == det_id and not panel.name_edit.text():
                panel.name_edit.setText(name)

        self._apply(
            ReviewChanges(relabel={det_id: name}),
            f"Renamed {before} to {name}",
            det_id,
            on_failed=keep_typed_name,
        )

    @Slot(int, int)
    def recount_detection(self, det_id: int, count: int) -> None:
        det = self._find(det_id)
        if det is not None and det_id not in self._pending_ids():
            self._apply(ReviewChanges(count={det_id: count}), f"{display_name(det)}: {count}", det_id)

    @Slot(bool)
    def _on_draw_toggled(self, on: bool) -> None:
        self.photo_view.set_drawing(on)
        if on:
            self.items_view.clearSelection()
            self.review_panel.show_nothing()
            self.review_panel.detail.setText("Drag a box on the photo around the missed item (Esc stops).")
            self.photo_view.setFocus()

    @Slot(object)
    def _on_box_drawn(self, box: Box) -> None:
        self.draw_button.setChecked(False)
        self.photo_view.show_pending(box)
        self.review_panel.start_add(box, self.photo_view.crop(box))

    @Slot(object, str, int)
    def add_drawn(self, box: Box, name: str, count: int) -> None:
        photo = self.current_photo()
        if photo is None or self._adding:
            return
        self._adding = True

        def landed() -> None:
            self._adding = False
            if self.review_panel.pending_box == box:
                self.review_panel.show_nothing()
            self.photo_view.show_pending(None)

        def refused() -> None:  # the box and the typed name stay, to fix and try again
            self._adding = False
            self._show_pending()

        changes = ReviewChanges(add=(AddBox(photo.photo_id, name, box, count),))
        if self.review is None:
            self._adding = False
            return
        scan_id, larder = self.review.scan_id, self.larder
        applied = partial(self._on_applied, f"Added {name}", scan_id, changes, None, None)

        def done(result: object) -> None:
            landed()
            applied(result)

        self._queue(
            _Write(
                f"Added {name}", partial(larder.apply_review, scan_id, changes), done, refused, pushes=True
            )
        )

    # --- nutrients for an item of the user's own ----------------------------------------------------

    @Slot(int)
    def pick_nutrients(self, det_id: int) -> None:
        """The chooser of SR28 foods for an own item (a name Larder does not know)."""
        det = self._find(det_id)
        if det is None or not ReviewPanel.is_own(det) or det.name is None:
            return
        self.food_picker = FoodPicker(det.name, self.larder.search_foods, self)
        self.food_picker.picked.connect(partial(self.link_nutrients, det_id=det_id))
        self.food_picker.open()

    def link_nutrients(
        self, name: str, food_id: str, piece_g: float | None = None, det_id: int | None = None
    ) -> None:
        """Count the own item `name` as food `food_id` from now on, `piece_g` grams a piece (None: the
        food's default); written in the queue, like a correction, and undone like one (LinkStep)."""
        larder = self.larder

        def work() -> tuple[FoodLink | None, FoodLink]:
            before = larder.food_link(name)  # what an undo puts back
            return before, larder.link_own_food(name, food_id, piece_g)

        self._queue(
            _Write(
                f"Nutrients for {name}",
                work,
                self._on_linked,
                det_ids=(det_id,) if det_id is not None else (),
                pushes=True,
            )
        )

    def _on_linked(self, result: object) -> None:
        if not isinstance(result, tuple):
            return
        before, link = result
        self._show_link(link.name, link)
        self.undo_stack.push(LinkStep(link.name, before, link, self))
        self.toast.show_message(
            f"{link.name.capitalize()} now counts as {link.food.name} (SR28 {link.food.id}), "
            f"{link.piece_g:g} g a piece, in your plans."
        )
        self.toast.undo_button.setToolTip("Put the item's nutrients back as they were (Ctrl+Z)")
        self.banner.hide()
        self.data_changed.emit()

    def _show_link(self, name: str, link: FoodLink | None) -> None:
        links = dict(self.review_panel.links)
        if link is None:
            links.pop(name, None)
        else:
            links[name] = link.food.name
        self.review_panel.set_links(links)

    def queue_link(self, command: LinkStep, link: FoodLink | None, *, undo: bool) -> None:
        """LinkQueue (desktop/food_link_undo.py): put the own item's link as `link` says (None: no link)."""
        larder, name = self.larder, command.name

        def work() -> tuple[str, FoodLink | None]:
            if link is None:
                larder.unlink_own_food(name)
                return name, None
            return name, larder.link_own_food(name, link.food.id, link.chosen_piece_g)

        self._from_stack(
            _Write(
                f"{'Undo' if undo else 'Redo'}: nutrients for {name}",
                work,
                self._on_link_put,
                lambda: command.restore_index(self.undo_stack, undo_failed=undo),
            )
        )

    def _on_link_put(self, result: object) -> None:
        if not isinstance(result, tuple):
            return
        name, link = result
        self._show_link(name, link)
        self.toast.hide()
        now = f"counts as {link.food.name} again" if link is not None else "has no nutrients again"
        self.banner.show_message(f"{name.capitalize()} {now}.", "info")
        self.data_changed.emit()

    # --- undo and redo: the window's stack -----------------------------------------------------------

    def use_undo_stack(self, stack: QUndoStack) -> None:
        """Share the window's stack (the Inventory page's), so Ctrl+Z there undoes a scan made here."""
        self.undo_stack = stack

    def _stack_waits(self) -> bool:
        """A correction not yet landed will go on the stack when it does: an undo or redo asked for now
        must wait for it (else it would undo the change before the one the user just made)."""
        writes = [*self._writes, *([self._current_write] if self._current_write is not None else [])]
        return any(w.pushes or w.work is None for w in writes)

    @Slot()
    def undo(self) -> None:
        """The newest change on the window's stack (a correction, the saved scan, or an inventory edit).
        The stack moves at once unless a correction is still landing (then in turn, behind it), and the
        write it asks for queues behind those not yet landed: writes land in the order of the presses,
        on any page. With nothing on the stack, the scan's newest correction made before this window
        opened."""
        command = self.undo_stack.command(self.undo_stack.index() - 1) if self.undo_stack.canUndo() else None
        if not self.run_after_writes(self._undo_now, command):
            self._undo_now()

    def _undo_now(self) -> None:
        if self.undo_stack.canUndo():
            self.undo_stack.undo()
        elif self.review is not None and self.review.reviews > 0:
            self._from_stack(self._undo_review_write(self.review.scan_id, None))

    @Slot()
    def redo(self) -> None:
        command = self.undo_stack.command(self.undo_stack.index()) if self.undo_stack.canRedo() else None
        if not self.run_after_writes(self.undo_stack.redo, command):
            self.undo_stack.redo()

    def run_after_writes(self, step: Callable[[], None], command: QUndoCommand | None) -> bool:
        """UndoGate (desktop/inventory_undo.py), for Ctrl+Z here and on the Inventory page: an undo or redo
        waits behind a correction not yet landed (it goes on the stack when it lands) and, when its
        command writes at once (an inventory edit), behind every write queued here, so writes land in
        the order of the presses. A step run from the queue has had its turn."""
        if self._in_ui_step:
            return False
        if not (self._stack_waits() or (self.writing and queued_by(command) is not self)):
            return False
        self._queue(_Write("Undo or redo", None, lambda _result: step()))
        return True

    def _undo_review_write(self, scan_id: int, command: ReviewStep | None) -> _Write:
        larder = self.larder

        def work() -> tuple[ReviewUndo, ReviewView]:
            return larder.undo_review(scan_id), larder.review(scan_id)

        def failed() -> None:
            if command is not None:
                command.restore_index(self.undo_stack, undo_failed=True)

        return _Write("Undo a correction", work, self._on_review_undone, failed)

    def _on_review_undone(self, result: object) -> None:
        if not isinstance(result, tuple):
            return
        undone, view = result
        if self.review is not None and self.review.scan_id == view.scan_id:
            self.review = view
            self._redraw()
        self.toast.hide()
        self.banner.show_message(
            f"Correction undone: {undone.items} inventory item{'s' if undone.items != 1 else ''} put back.",
            "info",
        )
        self.data_changed.emit()

    # ReviewQueue: what the stack's ReviewStep and ScanSaved commands ask for (desktop/inventory_undo.py).

    def queue_undo_review(self, command: ReviewStep) -> None:
        self._from_stack(self._undo_review_write(command.scan_id, command))

    def queue_redo_review(self, command: ReviewStep) -> None:
        larder, scan_id, changes = self.larder, command.scan_id, command.changes
        self._from_stack(
            _Write(
                f"Redo: {command.text()}",
                partial(larder.apply_review, scan_id, changes),
                partial(self._on_applied, command.text(), scan_id, changes, command, None),
                lambda: command.restore_index(self.undo_stack, undo_failed=False),
            )
        )

    def queue_undo_scan(self, command: ScanSaved) -> None:
        larder, scan_id = self.larder, command.scan_id
        self._from_stack(
            _Write(
                f"Undo scan {scan_id}",
                partial(larder.undo_scan, scan_id),
                self._on_scan_undone,
                lambda: command.restore_index(self.undo_stack, undo_failed=True),
            )
        )

    def _from_stack(self, write: _Write) -> None:
        """A write a stack command asked for: next in line when a queued Undo/Redo of this page asked (its
        place in the queue is now), else (Ctrl+Z pressed just now, here or on another page) behind what
        is queued."""
        if self._in_ui_step:
            self._writes.appendleft(write)
        else:
            self._queue(write)

    def redo_refused(self, command: QUndoCommand, why: str) -> None:
        self.banner.show_message(f"Nothing redone: {why}.", "info")

    def scan_undone(self, scan_id: int) -> bool:
        return scan_id in self._undone_scans

    # --- teaching ----------------------------------------------------------------------------------

    @Slot()
    def start_learning(self) -> None:
        if self.progress.task is not None:
            self.banner.show_message("Wait for the running scan or training to finish, or cancel it.", "info")
            return
        work = partial(self.larder.learn, minutes=self.learn_minutes)
        task = self.runner.prepare("Teach Larder", work, pool="detector")
        task.signals.succeeded.connect(self._on_learned)
        task.signals.failed.connect(self.report_failure)
        task.signals.cancelled.connect(
            lambda: self.banner.show_message("Teaching cancelled; the current model stays.", "info")
        )
        self.progress.track(task, "Teaching Larder from your reviewed photos…")
        self.learn_result.hide()
        self.runner.start(task)
        self.banner.hide()

    @Slot(object)
    def _on_learned(self, report: object) -> None:
        if isinstance(report, LearnReport):
            self.learn_result.show_report(report, can_roll_back=self.larder.personal_model() is not None)
            self.data_changed.emit()

    @Slot()
    def roll_back_model(self) -> None:
        try:
            report = self.larder.rollback_model()
        except Exception as exc:
            self.report_failure(exc)
            return
        self.learn_result.show_report(report, can_roll_back=self.larder.personal_model() is not None)
        self.data_changed.emit()

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
        """The dialog opens at once ("Starting camera…"); Qt Multimedia's libraries load in a worker the
        first time (desktop/camera.py), then it lists the cameras and opens the chosen one."""
        dialog = CameraDialog(self.larder.home().photos, self, runner=self.runner)
        dialog.captured.connect(self._on_camera_captured)
        dialog.unavailable.connect(self._on_camera_unavailable)
        self.camera_dialog = dialog
        dialog.open()

    @Slot(str)
    def _on_camera_unavailable(self, message: str) -> None:
        """No camera (or no Qt Multimedia): the dialog says so, and the page keeps saying it after."""
        self.camera_note.setText(message)
        self.camera_note.show()
        self.camera_button.setEnabled(False)

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
            if report.scan_id is not None:
                # On the window's stack: Ctrl+Z here or on the Inventory page puts the inventory back.
                self.undo_stack.push(ScanSaved(f"Scan {report.scan_id}", report.scan_id, self))
                self.toast.undo_button.setToolTip(
                    "Put the inventory back as it was before this scan (Ctrl+Z)"
                )
                self.toast.show_message(f"Scan {report.scan_id} updated the inventory. Check what it found.")
        self.data_changed.emit()

    def _on_scan_undone(self, result: object) -> None:
        if not isinstance(result, UndoResult):
            return
        self._undone_scans.add(result.scan_id)
        self.toast.hide()
        self.banner.show_message(
            f"Scan {result.scan_id} undone: {len(result.restored)} items are as they were before it.", "info"
        )
        self.data_changed.emit()

    @Slot()
    def _on_scan_cancelled(self) -> None:
        self.banner.show_message("Scan cancelled; nothing was saved.", "info")
