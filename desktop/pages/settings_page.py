"""Settings: data folder, detector model and confidence (settings table), provider credentials (keyring only)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from agents.app import Credential, Larder, UserError
from desktop import icons
from desktop.pages.base import Page
from desktop.tasks import TaskRunner
from desktop.theme import COLORS, SPACING
from desktop.widgets.card import Card

SET_PLACEHOLDER = "•••••••• in the keyring"


def _form() -> QGridLayout:
    """Label | field rows. A grid, not a QFormLayout: that top-aligns a label beside a taller field row."""
    form = QGridLayout()
    form.setHorizontalSpacing(SPACING + SPACING // 2)
    form.setVerticalSpacing(SPACING)
    form.setColumnStretch(1, 1)
    return form


def _add_row(form: QGridLayout, text: str, field: QWidget | QLayout) -> None:
    row = form.rowCount() if form.count() else 0  # an empty grid still reports one row
    form.addWidget(QLabel(text), row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if isinstance(field, QLayout):
        form.addLayout(field, row, 1)
    else:
        form.addWidget(field, row, 1)


class SettingsPage(Page):
    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Settings",
            subtitle="Where Larder keeps your data, which detector it uses, and the stores it may talk to.",
            action="Save settings",
            action_icon="check",
            scrolling=True,
        )
        assert self.header.primary is not None
        self.header.primary.clicked.connect(self.save_detector)
        grid = QGridLayout()
        grid.setSpacing(2 * SPACING)

        data = Card("Data")
        form = _form()
        home = larder.home()
        self.folder_edit = QLineEdit(str(home.root))
        self.folder_edit.setReadOnly(True)
        open_folder = QPushButton("Open folder")
        open_folder.setIcon(icons.icon("folder", COLORS["text"]))
        open_folder.clicked.connect(self._on_open_folder)
        row = QHBoxLayout()
        row.setSpacing(SPACING)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(open_folder)
        _add_row(form, "Data folder", row)
        db_edit = QLineEdit(str(home.database))
        db_edit.setReadOnly(True)
        _add_row(form, "Database", db_edit)
        data.body.addLayout(form)
        note = QLabel("Start Larder with --home DIR or set LARDER_HOME to use another folder.")
        note.setProperty("faint", True)
        note.setWordWrap(True)
        data.body.addWidget(note)
        grid.addWidget(data, 0, 0)

        detector = Card("Detector")
        prefs = larder.detector_settings()
        form = _form()
        self.model_edit = QLineEdit(prefs.model_path)
        self.model_edit.setPlaceholderText(
            f"bundled: {home.bundled_model.name}" if home.bundled_model is not None else "no bundled model"
        )
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse_model)
        row = QHBoxLayout()
        row.setSpacing(SPACING)
        row.addWidget(self.model_edit, 1)
        row.addWidget(browse)
        _add_row(form, "Model file", row)
        self.conf_spin = QDoubleSpinBox()
        self.conf_spin.setRange(0.01, 0.99)
        self.conf_spin.setSingleStep(0.05)
        self.conf_spin.setDecimals(2)
        self.conf_spin.setValue(prefs.conf_threshold)
        self.conf_spin.setMaximumWidth(120)
        _add_row(form, "Confidence threshold", self.conf_spin)
        detector.body.addLayout(form)
        hint = QLabel(
            "Leave the model empty to use the bundled one. Lower confidence finds more, with more mistakes."
        )
        hint.setProperty("faint", True)
        hint.setWordWrap(True)
        detector.body.addWidget(hint)
        grid.addWidget(detector, 0, 1)

        providers = Card("Store providers")
        form = _form()
        self.secret_edits: dict[tuple[str, str], QLineEdit] = {}
        self.credentials = larder.credential_fields()
        for credential in self.credentials:
            edit = QLineEdit()
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            save = QPushButton("Save")
            save.clicked.connect(partial(self.save_credential, credential))
            remove = QPushButton("Remove")
            remove.clicked.connect(partial(self.remove_credential, credential))
            row = QHBoxLayout()
            row.setSpacing(SPACING)
            row.addWidget(edit, 1)
            row.addWidget(save)
            row.addWidget(remove)
            _add_row(form, credential.label, row)
            self.secret_edits[(credential.provider, credential.name)] = edit
        providers.body.addLayout(form)
        keyring_note = QLabel(
            "Credentials go to the system keyring and nowhere else: never to the database, settings, logs or exports."
        )
        keyring_note.setProperty("faint", True)
        keyring_note.setWordWrap(True)
        providers.body.addWidget(keyring_note)
        grid.addWidget(providers, 1, 0)

        offline = Card("Offline mode")
        text = QLabel(
            "Larder works offline: detection, imports, targets and carts all run on this computer. It contacts a "
            "store only when you submit an order to a provider you configured here; without credentials, carts use "
            "the offline catalogue with indicative prices and can be exported as a shopping list."
        )
        text.setWordWrap(True)
        text.setProperty("muted", True)
        offline.body.addWidget(text)
        offline.body.addStretch(1)
        grid.addWidget(offline, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        try:
            present = {
                (s.credential.provider, s.credential.name) for s in self.larder.credentials() if s.is_set
            }
        except Exception:  # a locked keyring must not keep Settings from opening
            present = set()
        for key, edit in self.secret_edits.items():
            edit.clear()
            edit.setPlaceholderText(SET_PLACEHOLDER if key in present else "not set")

    @Slot()
    def _on_open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.larder.home().root)))

    @Slot()
    def _on_browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a detector model", str(self.larder.home().models), "Models (*.pt *.onnx)"
        )
        if path:
            self.model_edit.setText(path)

    @Slot()
    def save_detector(self) -> bool:
        try:
            prefs = self.larder.save_detector_settings(self.model_edit.text(), self.conf_spin.value())
        except UserError as exc:
            self.banner.show_message(f"Not saved: {exc}", "warning")
            return False
        except Exception as exc:
            self.report_failure(exc)
            return False
        self.model_edit.setText(prefs.model_path)
        self.banner.show_message("Settings saved.", "success")
        return True

    def save_credential(self, credential: Credential) -> bool:
        edit = self.secret_edits[(credential.provider, credential.name)]
        try:
            self.larder.set_credential(credential.provider, credential.name, edit.text())
        except UserError as exc:
            self.banner.show_message(str(exc), "warning")
            return False
        except Exception as exc:
            self.report_failure(exc)
            return False
        self.refresh()
        self.banner.show_message(f"{credential.label} saved to the system keyring.", "success")
        return True

    def remove_credential(self, credential: Credential) -> None:
        try:
            removed = self.larder.delete_credential(credential.provider, credential.name)
        except Exception as exc:
            self.report_failure(exc)
            return
        self.refresh()
        self.banner.show_message(f"{credential.label} {'removed' if removed else 'was not set'}.", "info")
