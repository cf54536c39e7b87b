"""Settings that act: credentials stored and tested through workers (a loopback Kroger stand-in), the
no-keyring message, units and currency kept, backup / restore / export / delete behind confirmations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from cart.fakes.kroger import CLIENT_ID, CLIENT_SECRET, KrogerApp
from cart.fakes.server import FakeServer
from keyring.backends.fail import Keyring as FailKeyring

from agents.app import Larder
from desktop.pages.settings_page import SET_PLACEHOLDER, SettingsPage
from desktop.tasks import TaskRunner


@pytest.fixture
def page(qtbot, qapp_theme, larder: Larder) -> Iterator[SettingsPage]:
    runner = TaskRunner()
    made = SettingsPage(larder, runner)
    qtbot.addWidget(made)
    qtbot.waitUntil(lambda: not runner.active, timeout=5000)
    yield made
    runner.cancel_all()
    assert runner.wait_for_done(5000)


def idle(qtbot, page: SettingsPage) -> None:
    qtbot.waitUntil(lambda: not page.runner.active, timeout=10000)


@pytest.fixture
def kroger_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    with FakeServer(KrogerApp()) as server:
        monkeypatch.setenv("LARDER_KROGER_BASE_URL", server.url)
        yield server


def _type_and_save(qtbot, page: SettingsPage, provider: str, name: str, value: str) -> None:
    page.secret_edits[(provider, name)].setText(value)
    page.save_buttons[(provider, name)].click()
    idle(qtbot, page)


def test_credentials_go_to_the_keyring_masked_and_never_stay_in_the_field(qtbot, page: SettingsPage) -> None:
    edit = page.secret_edits[("kroger", "client_id")]
    assert edit.echoMode() == edit.EchoMode.Password
    _type_and_save(qtbot, page, "kroger", "client_id", "my-id")
    assert keyring.get_password("larder", "kroger:client_id") == "my-id"
    qtbot.waitUntil(lambda: edit.placeholderText() == SET_PLACEHOLDER, timeout=5000)
    assert edit.text() == ""
    assert page.secret_edits[("kroger", "client_secret")].placeholderText() == "not set"
    assert "saved to the system keyring" in page.toast.text.text()


def test_test_button_asks_the_kroger_stand_in_for_a_token(qtbot, page: SettingsPage, kroger_server) -> None:
    _type_and_save(qtbot, page, "kroger", "client_id", CLIENT_ID)
    _type_and_save(qtbot, page, "kroger", "client_secret", CLIENT_SECRET)
    page.test_buttons["kroger"].click()
    idle(qtbot, page)
    assert page.last_check is not None and page.last_check.ok, page.last_check
    assert kroger_server.app.calls("/v1/connect/oauth2/token")
    assert "Kroger accepted" in page.banner.text.text()


def test_a_wrong_secret_is_reported_not_raised(qtbot, page: SettingsPage, kroger_server) -> None:
    _type_and_save(qtbot, page, "kroger", "client_id", CLIENT_ID)
    _type_and_save(qtbot, page, "kroger", "client_secret", "wrong")
    page.test_buttons["kroger"].click()
    idle(qtbot, page)
    assert page.last_check is not None and not page.last_check.ok
    assert "refused" in page.last_check.message
    assert page.test_buttons["kroger"].isEnabled()


def test_without_a_keyring_backend_the_page_says_so(qtbot, qapp_theme, larder: Larder) -> None:
    keyring.set_keyring(FailKeyring())
    runner = TaskRunner()
    page = SettingsPage(larder, runner)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: bool(page.keyring_error), timeout=5000)
    assert not page.keyring_label.isHidden()
    assert "No usable system keyring" in page.keyring_label.text()
    assert not any(b.isEnabled() for b in page.save_buttons.values())
    assert runner.wait_for_done(5000)


def test_units_and_currency_are_kept(qtbot, page: SettingsPage, larder: Larder) -> None:
    page.units_combo.setCurrentIndex(page.units_combo.findData("us"))
    page.currency_combo.setCurrentIndex(page.currency_combo.findData("EUR"))
    assert larder.units() == "us"
    assert larder.setting("currency") == "EUR"
    again = SettingsPage(larder, page.runner)
    qtbot.addWidget(again)
    assert again.units_combo.currentData() == "us" and again.currency_combo.currentData() == "EUR"
    idle(qtbot, page)


def test_theme_choice_is_emitted(qtbot, page: SettingsPage) -> None:
    with qtbot.waitSignal(page.theme_requested) as signal:
        page.theme_combo.setCurrentIndex(page.theme_combo.findData("dark"))
    assert signal.args == ["dark"]


def test_backup_then_restore_after_confirmation(
    qtbot, page: SettingsPage, larder: Larder, monkeypatch
) -> None:
    larder.add_item_text("6 eggs")
    page.backup_now()
    idle(qtbot, page)
    backups = larder.backups()
    assert backups and backups[0].path.is_file()
    assert "Backed up to" in page.toast.text.text()
    larder.add_item_text("2 l milk")
    assert len(larder.inventory()) == 2
    asked: list[str] = []
    monkeypatch.setattr(page, "choose_backup_file", lambda: str(backups[0].path))
    monkeypatch.setattr(page, "confirm", lambda title, text, action: asked.append(title) or False)
    page.restore_backup()
    idle(qtbot, page)
    assert asked == ["Restore this backup?"] and len(larder.inventory()) == 2  # refused: nothing changed
    monkeypatch.setattr(page, "confirm", lambda title, text, action: True)
    with qtbot.waitSignal(page.data_changed, timeout=10000):
        page.restore_backup()
    idle(qtbot, page)
    assert len(larder.inventory()) == 1


def test_a_file_that_is_no_backup_is_refused_before_asking(
    qtbot, page: SettingsPage, tmp_path, monkeypatch
) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database")
    monkeypatch.setattr(page, "choose_backup_file", lambda: str(bogus))
    monkeypatch.setattr(page, "confirm", lambda *a: pytest.fail("asked about a bad file"))
    page.restore_backup()
    assert page.banner.kind == "warning" and "notes.db" in page.banner.text.text()


def test_export_writes_json_off_the_ui_thread(
    qtbot, page: SettingsPage, larder: Larder, tmp_path, monkeypatch
) -> None:
    larder.add_item_text("6 eggs")
    out = tmp_path / "mine.json"
    monkeypatch.setattr(page, "choose_export_file", lambda: str(out))
    page.export_my_data()
    idle(qtbot, page)
    data = json.loads(out.read_text())
    assert "egg" in json.dumps(data)
    assert str(out) in page.toast.text.text()


def test_delete_everything_asks_first_then_removes_the_home(
    qtbot, page: SettingsPage, larder: Larder, monkeypatch
) -> None:
    _type_and_save(qtbot, page, "instacart", "api_key", "k-123")
    database = larder.home().database
    monkeypatch.setattr(page, "confirm", lambda *a: False)
    page.delete_everything()
    assert database.is_file()
    monkeypatch.setattr(page, "confirm", lambda *a: True)
    with qtbot.waitSignal(page.home_forgotten, timeout=10000):
        page.delete_everything()
    idle(qtbot, page)
    assert not database.exists()
    assert keyring.get_password("larder", "instacart:api_key") is None


def test_camera_row_says_when_there_is_none(qtbot, page: SettingsPage) -> None:
    assert not page.cameras_listed  # QtMultimedia is loaded when the page is first shown, not at start
    page.show()
    qtbot.waitUntil(lambda: page.cameras_shown, timeout=10000)  # listed by a child process
    if page.camera_combo.isEnabled():
        pytest.skip("this machine has a camera")
    assert page.camera_combo.currentText() == "No camera found"
    assert "No camera found" in page.camera_note.text()


def test_open_folder_opens_the_data_folder(page: SettingsPage, larder: Larder, monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    page.open_folder.click()
    assert [Path(p) for p in opened] == [larder.home().root]
