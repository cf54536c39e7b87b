"""The selected detection, to correct: its crop, what it is and how sure the model was, Keep / Not there,
a name field (completion over the ingredients, or any name of the user's own) and the count; an item of
the user's own gets "Pick nutrients…" (the SR28 food it is counted as). After a box is drawn on the
photo the same panel names the new item. While a correction of the shown item is being written its
controls wait ("Saving: …")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from agents.app import DetectionView
from desktop import icons
from desktop.models.detections_model import describe, display_name, guess_name
from desktop.theme import COLORS, SPACING, notifier

Box = tuple[float, float, float, float]
CROP_SIDE = 88
MAX_COUNT = 999


class ReviewPanel(QFrame):
    accept_requested = Signal(int)  # detection id
    reject_requested = Signal(int)
    rename_requested = Signal(int, str)
    count_requested = Signal(int, int)
    add_requested = Signal(object, str, int)  # box, name, count
    add_cancelled = Signal()
    nutrients_requested = Signal(int)  # detection id of an item of the user's own

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewPanel")
        self.detection: DetectionView | None = None
        self.pending_box: Box | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(SPACING + 2, SPACING + 2, SPACING + 2, SPACING + 2)
        grid.setHorizontalSpacing(SPACING)
        grid.setVerticalSpacing(SPACING)
        self.crop = QLabel()
        self.crop.setObjectName("ReviewCrop")
        self.crop.setFixedSize(CROP_SIDE, CROP_SIDE)
        self.crop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 700; font-size: 15px;")
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setProperty("muted", True)
        self.detail.setWordWrap(True)
        heading = QWidget()
        heading_layout = QGridLayout(heading)
        heading_layout.setContentsMargins(0, 0, 0, 0)
        heading_layout.addWidget(self.title, 0, 0)
        heading_layout.addWidget(self.detail, 1, 0)
        heading_layout.setRowStretch(3, 1)
        self.heading_layout = heading_layout
        grid.addWidget(self.crop, 0, 0, 2, 1)
        grid.addWidget(heading, 0, 1, 2, 1)

        self.accept_button = QPushButton("Keep")
        self.accept_button.setToolTip("It is there: keep it as detected (Enter on the list)")
        self.accept_button.setAccessibleName("Keep this item")
        self.reject_button = QPushButton("Not there")
        self.reject_button.setToolTip("The model is wrong: this is not in the fridge (Delete)")
        self.reject_button.setAccessibleName("Reject this item")
        self.accept_button.clicked.connect(self._on_accept)
        self.reject_button.clicked.connect(self._on_reject)
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 2, 0, 1, 2)

        self.name_edit = QLineEdit()
        self.name_edit.setClearButtonEnabled(True)
        self.name_edit.setAccessibleName("Name of the item")
        self.name_edit.setToolTip(
            "Search the ingredients, or type a name of your own for something Larder does not know (Enter)"
        )
        self.completer = QCompleter(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setModel(QStringListModel(self))
        self.name_edit.setCompleter(self.completer)
        self.name_edit.returnPressed.connect(self._on_name)
        self.name_button = QPushButton("Rename")
        self.name_button.setToolTip("Use this name (Enter in the field)")
        self.name_button.clicked.connect(self._on_name)
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, MAX_COUNT)
        self.count_spin.setPrefix("× ")
        self.count_spin.setAccessibleName("How many")
        self.count_spin.setToolTip("How many of it this box holds (a box can stand for a pack of six)")
        self.count_spin.editingFinished.connect(self._on_count)
        self.count_spin.setFixedWidth(84)
        name_row = QHBoxLayout()
        name_row.setSpacing(SPACING)
        name_row.addWidget(self.name_edit, 1)
        name_row.addWidget(self.name_button)
        grid.addLayout(name_row, 3, 0, 1, 2)
        count_label = QLabel("How many")
        count_label.setProperty("muted", True)
        count_label.setBuddy(self.count_spin)
        self.nutrients_button = QPushButton("Nutrients…")
        self.nutrients_button.setToolTip(
            "Larder has no nutrients for a name of your own: choose the SR28 food it is most like"
        )
        self.nutrients_button.setAccessibleName("Pick nutrients for this item")
        self.nutrients_button.clicked.connect(self._on_nutrients)
        self.nutrients_note = QLabel()
        self.nutrients_note.setProperty("faint", True)
        self.nutrients_note.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Forget the drawn box (Esc)")
        self.cancel_button.clicked.connect(self._on_cancel_add)
        count_row = QHBoxLayout()
        count_row.setSpacing(SPACING)
        count_row.addWidget(count_label)
        count_row.addWidget(self.count_spin)
        count_row.addStretch(1)
        count_row.addWidget(self.cancel_button)
        grid.addLayout(count_row, 4, 0, 1, 2)
        self.saving_note = QLabel()
        self.saving_note.setObjectName("ReviewSaving")
        self.saving_note.setProperty("muted", True)
        self.saving_note.setAccessibleName("Correction being saved")
        self.saving_note.hide()
        # No row of their own (the panel must fit a 640 px high window): the note under the item's
        # detail, the button where the count row has room.
        self.heading_layout.addWidget(self.nutrients_note, 2, 0)
        count_row.insertWidget(count_row.count() - 1, self.nutrients_button)
        grid.addWidget(self.saving_note, 5, 0, 1, 2)
        self.links: dict[str, str] = {}  # own item name -> the SR28 food it is counted as (its name)
        grid.setColumnStretch(1, 1)
        self.saving: str | None = None
        self._restyle()
        notifier().changed.connect(self._restyle)
        self.show_nothing()

    @Slot()
    def _restyle(self) -> None:
        self.setStyleSheet(
            f"QFrame#ReviewPanel {{ border: 1px solid {COLORS['border']}; border-radius: 8px; }}"
            f"QLabel#ReviewCrop {{ border-radius: 6px; background: {COLORS['photo_bg']}; }}"
        )
        self.accept_button.setIcon(icons.icon("check", COLORS["text"]))
        self.reject_button.setIcon(icons.icon("close", COLORS["text"]))

    def set_names(self, names: Sequence[str]) -> None:
        model = self.completer.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(list(names))

    # --- what the panel shows ----------------------------------------------------------------------

    def show_nothing(self) -> None:
        self.detection, self.pending_box = None, None
        self.crop.setPixmap(QPixmap())
        self.crop.hide()
        self.title.setText("Select an item to correct it")
        self.detail.setText("Click a box or a row; or draw a box around something the model missed.")
        for widget in (
            self.accept_button,
            self.reject_button,
            self.name_edit,
            self.name_button,
            self.count_spin,
        ):
            widget.setEnabled(False)
        self.name_edit.clear()
        self.name_edit.setPlaceholderText("Rename: search ingredients or type your own")
        self.cancel_button.hide()
        self.cancel_button.setEnabled(True)
        self.saving_note.hide()
        self._show_nutrients(None)

    def show_detection(self, det: DetectionView, crop: QPixmap) -> None:
        """The detection to correct; shown again after another correction landed, it keeps what the user
        was typing for it."""
        typed = self.name_edit.text() if self.detection is not None and self.detection.id == det.id else ""
        self.detection, self.pending_box = det, None
        self.crop.setPixmap(crop)
        self.crop.show()
        unnamed = det.status == "unnamed"
        guess = guess_name(det)
        if guess:  # a faint guess of the model: a question with a one-click answer
            self.title.setText(f"Is this {guess}?")
            self.detail.setText(
                f"The model thinks so ({det.confidence:.0%}), not surely enough to count it. "
                "Say yes, name it, or reject it."
            )
        else:
            self.title.setText(
                f"What is this? It looks like a {det.label}." if unnamed else (det.name or det.label)
            )
            self.detail.setText(
                "Name it once and Larder recognises it on your next photos." if unnamed else describe(det)
            )
        self._enable_for(det)
        self.accept_button.setText(
            f"Yes, {guess}" if guess else "Keep" if det.status != "rejected" else "It is there"
        )
        self.name_button.setText("Name it" if unnamed else "Rename")
        self.name_edit.setText(typed)
        self.name_edit.setPlaceholderText(
            "What is it? e.g. oat drink, pickles, ketchup" if unnamed else f"Rename {display_name(det)}…"
        )
        self.count_spin.blockSignals(True)
        self.count_spin.setValue(max(1, det.count))
        self.count_spin.blockSignals(False)
        self.cancel_button.hide()
        self._show_nutrients(det)
        self._apply_saving()

    def start_add(self, box: Box, crop: QPixmap) -> None:
        self.detection, self.pending_box = None, box
        self.crop.setPixmap(crop)
        self.crop.show()
        self.title.setText("A missed item")
        self.detail.setText("Name what is in the box you drew; it goes into the inventory.")
        self.accept_button.setEnabled(False)
        self.reject_button.setEnabled(False)
        for widget in (self.name_edit, self.name_button, self.count_spin):
            widget.setEnabled(True)
        self.name_button.setText("Add")
        self.name_edit.clear()
        self.name_edit.setPlaceholderText("What is it? Search ingredients or type your own")
        self.count_spin.blockSignals(True)
        self.count_spin.setValue(1)
        self.count_spin.blockSignals(False)
        self.cancel_button.show()
        self._show_nutrients(None)
        self.name_edit.setFocus()
        self._apply_saving()

    def set_saving(self, text: str | None) -> None:
        """A correction of what the panel shows is being written (text says which) or waits its turn:
        the controls that would change it again wait until it has landed; None: nothing pending."""
        if text == self.saving:
            return
        was_saving, self.saving = self.saving is not None, text
        if text is None and was_saving:
            # Back to what the shown item allows (its controls were all disabled while saving).
            if self.detection is not None:
                self._enable_for(self.detection)
            elif self.pending_box is not None:
                for widget in (self.name_edit, self.name_button, self.count_spin, self.cancel_button):
                    widget.setEnabled(True)
        self._apply_saving()

    def set_links(self, links: dict[str, str]) -> None:
        """Which own items are counted as which SR28 food (shown, and the button says "Change")."""
        self.links = dict(links)
        self._show_nutrients(self.detection if self.pending_box is None else None)

    @staticmethod
    def is_own(det: DetectionView | None) -> bool:
        """An item of the user's own: a name the taxonomy lacks (no nutrients unless linked)."""
        return det is not None and det.ingredient is None and bool(det.name) and det.status != "rejected"

    def _show_nutrients(self, det: DetectionView | None) -> None:
        own = self.is_own(det)
        self.nutrients_button.setVisible(own)
        self.nutrients_note.setVisible(own)
        if det is None or not own:
            return
        food = self.links.get(det.name or "")
        self.nutrients_note.setText(f"Counts as {food} (SR28)" if food else "Your own item: no nutrients yet")
        self.nutrients_button.setText("Change…" if food else "Nutrients…")
        self.nutrients_button.setToolTip(
            f"Counted as {food}: choose another SR28 food"
            if food
            else "Pick nutrients: Larder has none for a name of your own; choose the SR28 food it is most like"
        )
        self.nutrients_button.setEnabled(self.saving is None)

    def _enable_for(self, det: DetectionView) -> None:
        unnamed = det.status == "unnamed" and not det.guess_name  # a guess can be confirmed as it is
        self.accept_button.setEnabled(not unnamed and det.status not in ("confirmed", "added"))
        self.reject_button.setEnabled(det.status != "rejected")
        self.name_edit.setEnabled(True)
        self.name_button.setEnabled(True)
        self.count_spin.setEnabled(not unnamed and det.status != "rejected")
        self.nutrients_button.setEnabled(True)

    def _apply_saving(self) -> None:
        saving = self.saving is not None and (self.detection is not None or self.pending_box is not None)
        self.saving_note.setText(self.saving or "")
        self.saving_note.setVisible(saving)
        if saving:
            for widget in self._controls():
                widget.setEnabled(False)

    def _controls(self) -> tuple[QWidget, ...]:
        return (
            self.accept_button,
            self.reject_button,
            self.name_edit,
            self.name_button,
            self.count_spin,
            self.cancel_button,
            self.nutrients_button,
        )

    # --- user actions ------------------------------------------------------------------------------

    @Slot()
    def _on_accept(self) -> None:
        if self.detection is not None:
            self.accept_requested.emit(self.detection.id)

    @Slot()
    def _on_reject(self) -> None:
        if self.detection is not None:
            self.reject_requested.emit(self.detection.id)

    @Slot()
    def _on_name(self) -> None:
        name = " ".join(self.name_edit.text().split())
        if not name:
            return
        if self.pending_box is not None:
            self.add_requested.emit(self.pending_box, name, self.count_spin.value())
        elif self.detection is not None:
            self.rename_requested.emit(self.detection.id, name)

    @Slot()
    def _on_count(self) -> None:
        det = self.detection
        if det is not None and self.pending_box is None and self.count_spin.value() != det.count:
            self.count_requested.emit(det.id, self.count_spin.value())

    @Slot()
    def _on_nutrients(self) -> None:
        if self.is_own(self.detection):
            assert self.detection is not None
            self.nutrients_requested.emit(self.detection.id)

    @Slot()
    def _on_cancel_add(self) -> None:
        self.show_nothing()
        self.add_cancelled.emit()
