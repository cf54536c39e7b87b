"""What a user does in the window, end to end on the real pipeline: scan a photo with the bundled model,
drop a photo on the Fridge page, build a cart, and try the camera on a machine without one."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from real_home import PHOTOS

PHOTO = PHOTOS[0]


def _drop(widget, paths: list[Path]) -> bool:
    """A drag entering the widget with file URLs, then the drop, as a file manager sends them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Qt 6 keeps only the QPoint constructor
        enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def test_a_scan_with_the_bundled_model_is_saved_and_shown(real_larder, real_home, make_main_window, qtbot):
    window = make_main_window(real_larder)
    page = window.fridge
    page.start_scan([PHOTO])
    task = page.progress.task
    assert task is not None and page.progress.isVisibleTo(page)
    with qtbot.waitSignal(task.signals.succeeded, timeout=60000) as blocker:
        pass
    report = blocker.args[0]
    assert report.saved and report.model == "fridge.pt" and report.scan_id != real_home.scan_id
    qtbot.waitUntil(lambda: page.banner.kind == "success", timeout=5000)
    assert report.summary in page.banner.text.text()
    stored = real_larder.latest_scan()
    assert stored is not None and stored.scan_id == report.scan_id
    assert page.scan == stored
    found = [d for d in report.photos[0].detections if not d.ignored]
    assert (
        page.photo_view.box_count
        == len(real_larder.review(stored.scan_id).photos[0].detections)
        >= len(found)
        > 5
    )
    # The same photo again: the inventory the other pages show is the one the scan left (they reload
    # off the UI thread), and the progress hides on `finished`, which follows `succeeded`.
    qtbot.waitUntil(lambda: window.refreshes.idle and not page.progress.isVisibleTo(page), timeout=10000)
    assert window.inventory.model.rowCount() == len(real_larder.inventory())
    assert not page.progress.isVisibleTo(page)


def test_dropping_a_photo_on_the_empty_fridge_page_scans_it(larder, make_main_window, qtbot):
    window = make_main_window(larder)
    page = window.fridge
    assert page.stack.currentWidget() is page.drop_zone
    with qtbot.waitSignal(page.drop_zone.files_dropped, timeout=2000) as dropped:
        assert _drop(page.drop_zone, [PHOTO])
    assert dropped.args == [[str(PHOTO)]]
    task = page.progress.task
    assert task is not None
    with qtbot.waitSignal(task.signals.succeeded, timeout=60000):
        pass
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=5000)
    stored = larder.latest_scan()
    assert stored is not None and [p.path for p in stored.photos] == [PHOTO]
    assert (
        page.photo_view.photo_loaded
        and page.photo_view.box_count == len(larder.review(stored.scan_id).photos[0].detections) > 5
    )
    qtbot.waitUntil(lambda: window.inventory.model.rowCount() == len(larder.inventory()) > 5, timeout=5000)


def test_a_drop_of_files_that_are_not_photos_is_refused_with_a_note(
    larder, make_main_window, qtbot, tmp_path
):
    notes = tmp_path / "shopping.txt"
    notes.write_text("milk\n")
    page = make_main_window(larder).fridge
    with qtbot.assertNotEmitted(page.drop_zone.files_dropped):
        assert not _drop(page.drop_zone, [notes])
    assert page.progress.task is None and larder.latest_scan() is None
    # A mixed drop scans the photo and says what it left out.
    with qtbot.waitSignal(page.drop_zone.files_dropped, timeout=2000) as dropped:
        assert _drop(page.drop_zone, [PHOTO, notes])
    assert dropped.args == [[str(PHOTO)]]
    assert page.banner.kind == "info" and "shopping.txt" in page.banner.text.text()
    task = page.progress.task
    assert task is not None
    with qtbot.waitSignal(task.signals.finished, timeout=60000):
        pass


def test_building_a_cart_saves_a_draft_and_shows_its_lines_with_reasons(
    real_larder, real_home, make_main_window, qtbot
):
    window = make_main_window(real_larder)
    page = window.orders
    page.start_cart()
    task = page.progress.task
    assert task is not None and page.progress.cancel_button.isVisibleTo(page.progress)
    with qtbot.waitSignal(task.signals.succeeded, timeout=60000) as blocker:
        pass
    cart = blocker.args[0]
    assert cart.order_id is not None and cart.order_id != real_home.order_id and cart.lines
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == cart.order_id, timeout=5000)
    assert page.current.status == "draft"
    assert page.orders_model.rowCount() == len(real_larder.order_rows()) == 2
    stored = real_larder.order(cart.order_id)
    assert [page.lines_model.row_at(i).product for i in range(page.lines_model.rowCount())] == [
        line.product for line in stored.lines
    ]
    assert stored.lines[0].reason and stored.lines[0].reason[:40] in page.reason.text()
    assert page.banner.kind == "success" and f"Draft order {cart.order_id}" in page.banner.text.text()
    drafts = sum(o.line_count for o in real_larder.order_rows() if o.status == "draft")
    assert window.rail.badge_text(window.page_keys().index("orders")) == str(drafts)


def test_cancelling_a_cart_saves_no_draft(real_larder, make_main_window, qtbot):
    page = make_main_window(real_larder).orders
    before = real_larder.order_rows()
    page.start_cart()
    task = page.progress.task
    assert task is not None
    task.cancel()  # before the pool thread gets to it: the agent sees the token at its first check
    with qtbot.waitSignal(task.signals.finished, timeout=60000):
        pass
    if page.banner.kind == "info":  # cancelled in time: nothing stored
        assert "cancelled" in page.banner.text.text().lower()
        assert real_larder.order_rows() == before
    else:  # the work returned before it looked at the token: a draft that exists is shown, not hidden
        assert len(real_larder.order_rows()) == len(before) + 1


def test_take_photo_without_a_camera_says_so(larder, make_main_window, qtbot):
    from desktop.camera import probe_camera

    page = make_main_window(larder).fridge
    status = probe_camera()
    if status.available:
        pytest.skip(f"this machine has a camera ({status.message})")
    qtbot.mouseClick(page.camera_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.camera_note.isVisibleTo(page), timeout=10000)  # the dialog looked first
    assert page.camera_note.text() == status.message and page.camera_dialog.status.text() == status.message
    assert not page.camera_button.isEnabled()
    assert page.progress.task is None


def test_camera_dialog_without_a_camera_disables_capture(qtbot, tmp_path):
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except Exception as exc:  # no libpulse: the page's probe covers this machine (test above)
        pytest.skip(f"QtMultimedia cannot load here: {exc}")
    if QMediaDevices.videoInputs():
        pytest.skip("this machine has a camera")
    from desktop.camera import CameraDialog

    dialog = CameraDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.status.text() == "No camera found on this computer"
    assert not dialog.take.isEnabled()


def test_a_saved_scan_is_undone_from_its_toast(larder, make_main_window, qtbot):
    window = make_main_window(larder)
    page = window.fridge
    page.start_scan([PHOTO])
    task = page.progress.task
    assert task is not None
    with qtbot.waitSignal(task.signals.succeeded, timeout=60000) as blocker:
        pass
    report = blocker.args[0]
    assert larder.inventory() and page.toast.isVisibleTo(page) and page.toast.undo_button.isVisibleTo(page)
    qtbot.mouseClick(page.toast.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.writing, timeout=20000)  # the undo is written off the UI thread
    assert larder.inventory() == ()  # what the scan added is gone again
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=10000)  # the other pages reload off the UI thread
    assert window.inventory.model.rowCount() == 0
    assert page.banner.kind == "info" and f"Scan {report.scan_id} undone" in page.banner.text.text()
