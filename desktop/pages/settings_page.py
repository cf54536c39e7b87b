"""Settings that act: appearance and units, the data folder with backup / restore / export / delete,
the detector and camera, and provider credentials (system keyring only, every keyring call and every
provider check in a worker, so a slow or locked keyring never freezes the window)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from agents.app import (
    UNIT_SYSTEMS,
    BackupFile,
    Credential,
    CredentialCheck,
    Larder,
    SecretStoreError,
    UserError,
)
from desktop import icons
from desktop.camera import (
    CAMERA_LISTER,
    CAMERA_NAME_SETTING,
    CAMERA_SETTING,
    NO_CAMERA,
    CameraInfo,
    choose_camera,
    parse_camera_list,
    saved_camera,
)
from desktop.pages.base import Page
from desktop.tasks import TaskRunner
from desktop.theme import COLORS, SPACING, THEME_CHOICES, THEME_LABELS, current_choice
from desktop.widgets.card import Card
from desktop.widgets.toast import Toast

SET_PLACEHOLDER = "•••••••• in the keyring"
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK")
CURRENCY_SETTING = "currency"  # agents/cart/settings.py CURRENCY
NO_KEYRING = (
    "No usable system keyring, so credentials cannot be stored: install or unlock one (GNOME Keyring, "
    "KWallet, macOS Keychain, Windows Credential Manager); Larder keeps secrets nowhere else. Details: {reason}"
)
PROVIDER_LABELS = {"kroger": "Kroger", "instacart": "Instacart"}


@dataclass(frozen=True)
class SettingsLoad:
    """What a reload read in a worker (desktop/refresh.py); the keyring is read by its own task after."""

    units: str
    currency: str
    backups: tuple[BackupFile, ...]


def _form() -> QGridLayout:
    """Label | field rows. A grid, not a QFormLayout: that top-aligns a label beside a taller field row."""
    form = QGridLayout()
    form.setHorizontalSpacing(SPACING + SPACING // 2)
    form.setVerticalSpacing(SPACING)
    form.setColumnStretch(1, 1)
    return form


def _add_row(form: QGridLayout, text: str, field: QWidget | QLayout, buddy: QWidget | None = None) -> QLabel:
    row = form.rowCount() if form.count() else 0  # an empty grid still reports one row
    label = QLabel(text)
    target = buddy or (field if isinstance(field, QWidget) else None)
    if target is not None:
        label.setBuddy(target)
        if not target.accessibleName():
            target.setAccessibleName(text)
    form.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if isinstance(field, QLayout):
        form.addLayout(field, row, 1)
    else:
        form.addWidget(field, row, 1)
    return label


def _button(text: str, name: str, tooltip: str, icon: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setToolTip(tooltip)
    if icon:
        button.setIcon(icons.icon(icon, COLORS["text"]))
    return button


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("faint", True)
    label.setWordWrap(True)
    return label


class SettingsPage(Page):
    theme_requested = Signal(str)  # the main window applies and keeps it (window.ini)
    home_forgotten = Signal()  # everything was deleted: the window closes

    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Settings",
            subtitle="Appearance, your data and its backups, the detector and camera, and the stores Larder may talk to.",
            action="Save detector",
            action_icon="check",
            scrolling=True,
        )
        assert self.header.primary is not None
        self.header.primary.clicked.connect(self.save_detector)
        self.header.primary.setToolTip("Save the detector model and confidence threshold")
        self.toast = Toast()
        self.keyring_error = ""
        self.last_check: CredentialCheck | None = None
        grid = QGridLayout()
        grid.setSpacing(2 * SPACING)
        grid.addWidget(self._appearance_card(), 0, 0)
        grid.addWidget(self._data_card(), 0, 1)
        # Full width: a credential row (label, masked field, Save, Remove) needs it at 1024 px.
        grid.addWidget(self._providers_card(), 1, 0, 1, 2)
        grid.addWidget(self._detector_card(), 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.body.addWidget(self.toast)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.refresh()

    # --- cards ----------------------------------------------------------------------------------

    def _appearance_card(self) -> Card:
        card = Card("Appearance and units")
        form = _form()
        self.theme_combo = QComboBox()
        for choice in THEME_CHOICES:
            self.theme_combo.addItem(THEME_LABELS[choice], choice)
        self.theme_combo.setCurrentIndex(THEME_CHOICES.index(current_choice()))
        self.theme_combo.currentIndexChanged.connect(self._on_theme_chosen)
        _add_row(form, "Theme", self.theme_combo)
        self.units_combo = QComboBox()
        for key, label in UNIT_SYSTEMS.items():
            self.units_combo.addItem(label, key)
        self.units_combo.currentIndexChanged.connect(self._on_units_chosen)
        _add_row(form, "Units", self.units_combo)
        self.currency_combo = QComboBox()
        for code in CURRENCIES:
            self.currency_combo.addItem(code, code)
        self.currency_combo.currentIndexChanged.connect(self._on_currency_chosen)
        _add_row(form, "Currency", self.currency_combo)
        card.body.addLayout(form)
        card.body.addWidget(
            _hint("Units apply to the profile and charts; offline prices are in USD whatever the currency.")
        )
        card.body.addStretch(1)
        return card

    def _data_card(self) -> Card:
        card = Card("Your data")
        form = _form()
        home = self.larder.home()
        self.folder_edit = QLineEdit(str(home.root))
        self.folder_edit.setReadOnly(True)
        self.open_folder = _button(
            "Open", "Open the data folder", "Open the data folder in the file manager", "folder"
        )
        self.open_folder.clicked.connect(self._on_open_folder)
        row = QHBoxLayout()
        row.setSpacing(SPACING)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.open_folder)
        _add_row(form, "Data folder", row, self.folder_edit)
        card.body.addLayout(form)
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING)
        self.backup_button = _button(
            "Backup now", "Back up now", "Copy the database to the backups folder", "database"
        )
        self.restore_button = _button("Restore…", "Restore a backup", "Replace the database with a backup")
        self.export_button = _button(
            "Export my data…", "Export my data", "All your data as one JSON file", "download"
        )
        self.delete_button = _button(
            "Delete all my data…", "Delete all my data", "Delete the database, photos, models and credentials"
        )
        self.delete_button.setProperty("danger", True)
        self.delete_button.setStyleSheet(f"QPushButton {{ color: {COLORS['danger']}; }}")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_backup)
        self.export_button.clicked.connect(self.export_my_data)
        self.delete_button.clicked.connect(self.delete_everything)
        for button in (self.backup_button, self.restore_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        card.body.addLayout(buttons)
        danger = QHBoxLayout()
        danger.addWidget(self.delete_button)
        danger.addStretch(1)
        card.body.addLayout(danger)
        self.backups_label = _hint("")
        card.body.addWidget(self.backups_label)
        card.body.addWidget(_hint("Start Larder with --home DIR or set LARDER_HOME to use another folder."))
        card.body.addStretch(1)
        return card

    def _detector_card(self) -> Card:
        card = Card("Detector and camera")
        home = self.larder.home()
        prefs = self.larder.detector_settings()
        form = _form()
        self.model_edit = QLineEdit(prefs.model_path)
        self.model_edit.setPlaceholderText(
            f"bundled: {home.bundled_model.name}" if home.bundled_model is not None else "no bundled model"
        )
        browse = _button("Browse…", "Choose a model file", "Choose a .pt or .onnx detector model")
        browse.clicked.connect(self._on_browse_model)
        row = QHBoxLayout()
        row.setSpacing(SPACING)
        row.addWidget(self.model_edit, 1)
        row.addWidget(browse)
        _add_row(form, "Model file", row, self.model_edit)
        self.conf_spin = QDoubleSpinBox()
        self.conf_spin.setRange(0.01, 0.99)
        self.conf_spin.setSingleStep(0.05)
        self.conf_spin.setDecimals(2)
        self.conf_spin.setValue(prefs.conf_threshold)
        self.conf_spin.setMaximumWidth(120)
        _add_row(form, "Confidence threshold", self.conf_spin)
        self.camera_combo = QComboBox()
        _add_row(form, "Camera", self.camera_combo)
        card.body.addLayout(form)
        self.camera_note = _hint("")
        card.body.addWidget(self.camera_note)
        card.body.addWidget(
            _hint(
                "Leave the model empty to use the bundled one. Lower confidence finds more, with more mistakes."
            )
        )
        # Cameras are listed when the page is first shown: QtMultimedia takes a second to load.
        self.camera_combo.addItem("Looking for cameras…", "")
        self.cameras_listed = False
        self.cameras_shown = False
        self.cameras_found: tuple[CameraInfo, ...] = ()
        self.camera_combo.currentIndexChanged.connect(self._on_camera_chosen)
        card.body.addStretch(1)
        return card

    def _providers_card(self) -> Card:
        card = Card("Store providers")
        form = _form()
        self.secret_edits: dict[tuple[str, str], QLineEdit] = {}
        self.save_buttons: dict[tuple[str, str], QPushButton] = {}
        self.remove_buttons: dict[tuple[str, str], QPushButton] = {}
        self.test_buttons: dict[str, QPushButton] = {}
        self.credentials = self.larder.credential_fields()
        for credential in self.credentials:
            edit = QLineEdit()
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(credential.label)
            save = _button(
                "Save", f"Save the {credential.label}", f"Store the {credential.label} in the keyring"
            )
            save.clicked.connect(partial(self.save_credential, credential))
            edit.returnPressed.connect(save.click)
            remove = _button("Remove", f"Remove the {credential.label}", "Delete it from the keyring")
            remove.clicked.connect(partial(self.remove_credential, credential))
            row = QHBoxLayout()
            row.setSpacing(SPACING)
            row.addWidget(edit, 1)
            row.addWidget(save)
            row.addWidget(remove)
            _add_row(form, credential.label, row, edit)
            self.secret_edits[(credential.provider, credential.name)] = edit
            self.save_buttons[(credential.provider, credential.name)] = save
            self.remove_buttons[(credential.provider, credential.name)] = remove
        card.body.addLayout(form)
        tests = QHBoxLayout()
        tests.setSpacing(SPACING)
        for provider in sorted({c.provider for c in self.credentials}):
            label = PROVIDER_LABELS.get(provider, provider.title())
            test = _button(
                f"Test {label}",
                f"Test the {label} credentials",
                f"One cheap call to {label} with them",
                "play",
            )
            test.clicked.connect(partial(self.test_provider, provider))
            tests.addWidget(test)
            self.test_buttons[provider] = test
        tests.addStretch(1)
        card.body.addLayout(tests)
        self.keyring_label = QLabel("")
        self.keyring_label.setWordWrap(True)
        self.keyring_label.setProperty("warning", True)
        self.keyring_label.hide()
        card.body.addWidget(self.keyring_label)
        card.body.addWidget(
            _hint(
                "Credentials go to the system keyring and nowhere else: never to the database, settings, logs or exports."
            )
        )
        card.body.addStretch(1)
        return card

    # --- reading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.apply(self.load())

    def load(self) -> SettingsLoad:
        """Read in a worker after another page's write (desktop/refresh.py): Larder reads only. The
        keyring is not read here: a locked one may wait on a prompt, and this read holds up the others."""
        return SettingsLoad(
            units=str(self.larder.units()),
            currency=str(self.larder.setting(CURRENCY_SETTING) or "USD"),
            backups=self.larder.backups(),
        )

    def apply(self, loaded: object) -> None:
        if not isinstance(loaded, SettingsLoad):
            raise TypeError(f"not a settings load: {loaded!r}")
        for combo, value in ((self.units_combo, loaded.units), (self.currency_combo, loaded.currency)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self._show_backups(loaded.backups)
        self._run("Checking the keyring", self._read_keyring, self._show_credentials)

    def _show_backups(self, kept: tuple[BackupFile, ...] | None = None) -> None:
        if kept is None:
            kept = self.larder.backups()
        if kept:
            newest = kept[0]
            self.backups_label.setText(
                f"{len(kept)} {'backup' if len(kept) == 1 else 'backups'} kept; "
                f"newest {newest.created_at:%Y-%m-%d %H:%M} ({newest.reason})."
            )
        else:
            self.backups_label.setText("No backups yet: Larder makes one a day and before every upgrade.")

    def _read_keyring(self) -> object:
        """Runs in a worker. A missing or locked keyring is a state to show, not a failed task."""
        try:
            return self.larder.credentials()
        except SecretStoreError as exc:
            return exc

    def busy(self) -> bool:
        """Still filling itself in (cameras are listed by a child process); screenshots wait for it."""
        return self.cameras_listed and not self.cameras_shown

    @Slot(object)
    def _show_credentials(self, statuses: object) -> None:
        if isinstance(statuses, SecretStoreError):
            self._set_keyring_error(str(statuses))
            return
        present = {(s.credential.provider, s.credential.name) for s in statuses if s.is_set}  # type: ignore[attr-defined]
        self._set_keyring_error("")
        for key, edit in self.secret_edits.items():
            edit.clear()
            edit.setPlaceholderText(SET_PLACEHOLDER if key in present else "not set")

    def _set_keyring_error(self, reason: str) -> None:
        self.keyring_error = reason
        self.keyring_label.setText(NO_KEYRING.format(reason=reason) if reason else "")
        self.keyring_label.setVisible(bool(reason))
        for button in (*self.save_buttons.values(), *self.remove_buttons.values()):
            button.setEnabled(not reason)
        for edit in self.secret_edits.values():
            edit.setEnabled(not reason)
            if reason:
                edit.setPlaceholderText("no keyring")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.cameras_listed:
            self.fill_cameras()

    def fill_cameras(self) -> None:
        """List the cameras in a child process: loading QtMultimedia (and FFmpeg) here would hold the
        UI thread for a few hundred milliseconds; the child answers in JSON on stdout."""
        self.cameras_listed = True
        process = QProcess(self)
        self._camera_process = process
        # Bound slots, not lambdas: Qt drops them when the page goes, even with the child still running.
        process.finished.connect(self._on_cameras_listed)
        process.errorOccurred.connect(self._on_camera_lister_failed)
        process.start(sys.executable, ["-c", CAMERA_LISTER])

    @Slot()
    def _on_cameras_listed(self) -> None:
        self._show_cameras(bytes(self._camera_process.readAllStandardOutput().data()))

    @Slot()
    def _on_camera_lister_failed(self) -> None:
        if not self.cameras_shown:
            self._show_cameras(b"")

    def _show_cameras(self, output: bytes) -> None:
        """The lister's answer (QtMultimedia or libpulse missing in the child: no camera to offer). The
        combo shows the camera Take photo will open: the saved one, or the default when it is gone."""
        found = parse_camera_list(output)
        choice = choose_camera(saved_camera(self.larder), found)
        self.camera_combo.blockSignals(True)
        self.camera_combo.clear()
        for camera in found:
            self.camera_combo.addItem(camera.name + (" (default)" if camera.default else ""), camera.ident)
        if choice.index is None:
            self.camera_combo.addItem("No camera found", "")
            self.camera_combo.setEnabled(False)
            self.camera_note.setText(f"{NO_CAMERA}: scan photos from files instead.")
        else:
            self.camera_combo.setEnabled(True)
            self.camera_combo.setCurrentIndex(choice.index)
            count = f"{len(found)} camera{'s' if len(found) != 1 else ''} found."
            self.camera_note.setText(f"{choice.note} {count}" if choice.note else count)
        self.camera_combo.blockSignals(False)
        self.cameras_found = tuple(found)
        self.cameras_shown = True

    # --- workers --------------------------------------------------------------------------------

    def _run(
        self, label: str, call: object, on_done: object, on_failed: object = None, pool: str = "io"
    ) -> None:
        def work(*, on_progress: object, cancel: object) -> object:
            return call()  # type: ignore[operator]

        task = self.runner.prepare(label, work, pool=pool)
        task.signals.succeeded.connect(on_done)
        task.signals.failed.connect(on_failed or self.report_failure)
        self.runner.start(task)

    def confirm(self, title: str, text: str, action: str) -> bool:
        """Ask before anything destructive (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, self)
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def choose_backup_file(self) -> str:
        folder = self.larder.home().root / "backups"
        path, _ = QFileDialog.getOpenFileName(
            self, "Restore a backup", str(folder), "Larder databases (*.db)"
        )
        return path

    def choose_export_file(self) -> str:
        default = self.larder.home().exports / "larder-data.json"
        path, _ = QFileDialog.getSaveFileName(self, "Export my data", str(default), "JSON (*.json)")
        return path

    # --- actions --------------------------------------------------------------------------------

    @Slot(int)
    def _on_theme_chosen(self, index: int) -> None:
        self.theme_requested.emit(str(self.theme_combo.itemData(index)))

    @Slot(int)
    def _on_units_chosen(self, index: int) -> None:
        units = str(self.units_combo.itemData(index))
        try:
            self.larder.set_units(units)
        except Exception as exc:
            self.report_failure(exc)
            return
        self.toast.show_message(f"Units: {self.units_combo.itemText(index)}", undo=False, ms=3000)
        self.data_changed.emit()

    @Slot(int)
    def _on_currency_chosen(self, index: int) -> None:
        self.larder.set_setting(CURRENCY_SETTING, str(self.currency_combo.itemData(index)))
        self.toast.show_message(f"Currency: {self.currency_combo.itemText(index)}", undo=False, ms=3000)

    @Slot(int)
    def _on_camera_chosen(self, index: int) -> None:
        device = str(self.camera_combo.itemData(index) or "")
        camera = next((c for c in self.cameras_found if c.ident == device), None)
        if camera is None:
            return
        self.larder.set_setting(CAMERA_SETTING, camera.ident)
        self.larder.set_setting(CAMERA_NAME_SETTING, camera.name)
        self.camera_note.setText(f"Take photo opens {camera.name}.")

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
        self.toast.show_message("Detector settings saved.", undo=False, ms=3000)
        return True

    def save_credential(self, credential: Credential) -> bool:
        """Start storing what was typed (in a worker); False, with a note, when there is nothing to store."""
        edit = self.secret_edits[(credential.provider, credential.name)]
        value = edit.text()
        if not value.strip():
            self.banner.show_message(f"{credential.label} is empty; nothing was saved", "warning")
            return False
        edit.clear()  # the secret leaves the widget at once; the worker holds the only copy

        def stored(_result: object) -> None:
            self.refresh()
            self.toast.show_message(f"{credential.label} saved to the system keyring.", undo=False, ms=4000)

        def failed(exc: object) -> None:
            if isinstance(exc, UserError):
                self.banner.show_message(str(exc), "warning")
            else:
                self.report_failure(exc)

        self._run(
            f"Saving {credential.label}",
            partial(self.larder.set_credential, credential.provider, credential.name, value),
            stored,
            failed,
        )
        return True

    def remove_credential(self, credential: Credential) -> None:
        def removed(done: object) -> None:
            self.refresh()
            self.toast.show_message(
                f"{credential.label} {'removed' if done else 'was not set'}.", undo=False, ms=3000
            )

        self._run(
            f"Removing {credential.label}",
            partial(self.larder.delete_credential, credential.provider, credential.name),
            removed,
        )

    def test_provider(self, provider: str) -> None:
        button = self.test_buttons[provider]
        button.setEnabled(False)

        def checked(result: object) -> None:
            button.setEnabled(True)
            assert isinstance(result, CredentialCheck)
            self.last_check = result
            label = PROVIDER_LABELS.get(provider, provider)
            self.banner.show_message(f"{label}: {result.message}", "success" if result.ok else "warning")

        def failed(exc: object) -> None:
            button.setEnabled(True)
            self.report_failure(exc)

        self._run(f"Testing {provider}", partial(self.larder.test_credentials, provider), checked, failed)

    @Slot()
    def backup_now(self) -> None:
        self.backup_button.setEnabled(False)

        def made(report: object) -> None:
            self.backup_button.setEnabled(True)
            self._show_backups()
            path = getattr(report, "path", "")
            self.toast.show_message(f"Backed up to {path}", undo=False, ms=5000)

        def failed(exc: object) -> None:
            self.backup_button.setEnabled(True)
            self.report_failure(exc)

        self._run("Backing up", self.larder.backup, made, failed, pool="writer")

    @Slot()
    def restore_backup(self) -> None:
        path = self.choose_backup_file()
        if not path:
            return
        try:
            revision = self.larder.check_backup(path)
        except Exception as exc:  # not a Larder database, damaged, or from a newer Larder
            self.report_failure(exc)
            return
        if not self.confirm(
            "Restore this backup?",
            f"Replace everything Larder holds with {Path(path).name} (schema {revision})?\n"
            "The current database is backed up first.",
            "Restore",
        ):
            return

        def restored(result: object) -> None:
            self.refresh()
            self.data_changed.emit()
            self.toast.show_message(f"Restored {Path(path).name}.", undo=False, ms=5000)

        self._run("Restoring", partial(self.larder.restore, path), restored, pool="writer")

    @Slot()
    def export_my_data(self) -> None:
        path = self.choose_export_file()
        if not path:
            return

        def written(out: object) -> None:
            self.toast.show_message(f"Your data is in {out}", undo=False, ms=5000)

        self._run("Exporting your data", partial(self.larder.export_data, path), written)

    @Slot()
    def delete_everything(self) -> None:
        if not self.confirm(
            "Delete all your data?",
            f"This deletes the database, photos, models, exports, backups and logs in {self.larder.root}, "
            "and the credentials in the keyring. It cannot be undone. Export your data first if you may "
            "want it back.",
            "Delete everything",
        ):
            return
        self.runner.cancel_all()

        def gone(_report: object) -> None:
            self.home_forgotten.emit()

        self._run("Deleting your data", self.larder.forget, gone, pool="writer")
