"""The camera chosen in Settings is the one Take photo opens: choose_camera resolves the saved choice
against the cameras found (the default, with a note naming the missing one, when it is unplugged), the
Settings page stores id and name through the front door, and the dialog reads them from its page."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from agents.app import Larder
from desktop.camera import (
    CAMERA_NAME_SETTING,
    CAMERA_SETTING,
    NO_CAMERA,
    CameraInfo,
    SavedCamera,
    choose_camera,
    parse_camera_list,
    saved_camera,
)
from desktop.pages.settings_page import SettingsPage
from desktop.tasks import TaskRunner

BUILT_IN = CameraInfo("aa01", "Integrated Webcam", default=True)
USB = CameraInfo("bb02", "Logitech C920")
DOOR = CameraInfo("cc03", "Fridge door camera")


def test_the_saved_camera_is_opened_when_it_is_connected() -> None:
    choice = choose_camera(SavedCamera("bb02", "Logitech C920"), [BUILT_IN, USB, DOOR])
    assert choice.index == 1 and choice.note == ""


def test_a_missing_saved_camera_falls_back_to_the_default_and_says_which() -> None:
    choice = choose_camera(SavedCamera("bb02", "Logitech C920"), [DOOR, BUILT_IN])
    assert choice.index == 1  # the system default, not merely the first listed
    assert "Logitech C920" in choice.note and "not connected" in choice.note
    assert "Integrated Webcam" in choice.note
    unnamed = choose_camera(SavedCamera("bb02", ""), [DOOR, CameraInfo("dd04", "Other")])
    assert unnamed.index == 0  # no default marked: the first one
    assert unnamed.note.startswith("The camera chosen in Settings is not connected; using Fridge door camera")


def test_no_choice_opens_the_default_quietly_and_no_camera_opens_none() -> None:
    quiet = choose_camera(SavedCamera("", ""), [DOOR, BUILT_IN])
    assert quiet.index == 1 and quiet.note == ""
    none = choose_camera(SavedCamera("bb02", "Logitech C920"), [])
    assert none.index is None and none.note == NO_CAMERA


def test_the_listers_output_is_parsed_and_garbage_is_no_camera() -> None:
    output = json.dumps([["aa01", "Integrated Webcam", True], ["bb02", "Logitech C920", False]]).encode()
    assert parse_camera_list(output) == [BUILT_IN, USB]
    assert parse_camera_list(b'[["aa01", "Old lister"]]') == [CameraInfo("aa01", "Old lister")]
    for broken in (b"", b"Traceback (most recent call last):", b"{}", b"[[1]]"):
        assert parse_camera_list(broken) == [], broken


@pytest.fixture
def page(qtbot, qapp_theme, larder: Larder) -> Iterator[SettingsPage]:
    runner = TaskRunner()
    made = SettingsPage(larder, runner)
    qtbot.addWidget(made)
    qtbot.waitUntil(lambda: not runner.active, timeout=5000)
    yield made
    runner.cancel_all()
    assert runner.wait_for_done(5000)


def lister_output(*cameras: CameraInfo) -> bytes:
    return json.dumps([[c.ident, c.name, c.default] for c in cameras]).encode()


def test_settings_stores_the_choice_and_says_when_it_is_unplugged(page: SettingsPage, larder: Larder) -> None:
    page._show_cameras(lister_output(BUILT_IN, USB))
    assert page.camera_combo.isEnabled() and page.camera_combo.count() == 2
    assert page.camera_combo.currentData() == BUILT_IN.ident  # nothing chosen yet: the default
    page.camera_combo.setCurrentIndex(page.camera_combo.findData(USB.ident))  # as the user picks it
    assert larder.setting(CAMERA_SETTING) == USB.ident and larder.setting(CAMERA_NAME_SETTING) == USB.name
    assert saved_camera(larder) == SavedCamera(USB.ident, USB.name)
    assert "Logitech C920" in page.camera_note.text()

    page._show_cameras(lister_output(BUILT_IN, USB))  # listed again (the page is rebuilt): still chosen
    assert page.camera_combo.currentData() == USB.ident

    page._show_cameras(lister_output(BUILT_IN))  # unplugged
    assert page.camera_combo.currentData() == BUILT_IN.ident
    assert "\u201cLogitech C920\u201d is not connected" in page.camera_note.text()
    assert larder.setting(CAMERA_SETTING) == USB.ident  # the choice is kept for when it is back


def test_the_dialog_reads_the_choice_from_the_page_that_opens_it(qtbot, page, larder, tmp_path) -> None:
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except Exception as exc:  # no libpulse: the window never opens the dialog here
        pytest.skip(f"QtMultimedia cannot load here: {exc}")
    from desktop.camera import CameraDialog

    larder.set_setting(CAMERA_SETTING, "ffff99")
    larder.set_setting(CAMERA_NAME_SETTING, "A camera long gone")
    dialog = CameraDialog(tmp_path, page)
    qtbot.addWidget(dialog)
    found = QMediaDevices.videoInputs()
    if not found:
        assert dialog.choice.index is None and dialog.status.text() == NO_CAMERA
        assert not dialog.take.isEnabled()
    else:  # a machine with a camera: the saved one is not among them, so the default opens, with a note
        assert dialog.choice.index is not None and "A camera long gone" in dialog.status.text()
