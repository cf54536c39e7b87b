"""Pages do their work through the Larder they are handed (the front door) and show its results, or a
clear note on failure. Populated pages run on a home built through the real pipeline (real_home.py)."""

from __future__ import annotations

import sqlite3
from html import escape
from pathlib import Path

import keyring
import pytest

from agents.app import count_expiring


@pytest.fixture
def captured_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Replaces the error dialog so tests see what would have been shown."""
    import desktop.pages.base as base
    from desktop.errors import describe

    seen: list[BaseException] = []

    def fake_show_error(parent, exc, **kwargs):
        seen.append(exc)
        return describe(exc)

    monkeypatch.setattr(base, "show_error", fake_show_error)
    return seen


def _db_bytes(path: Path) -> bytes:
    # The WAL holds recent writes; read through sqlite so the check sees every committed row.
    with sqlite3.connect(path) as conn:
        return "\n".join(conn.iterdump()).encode()


def test_settings_store_confidence_and_secrets_only_in_the_keyring(larder, make_main_window, qtbot) -> None:
    page = make_main_window(larder).settings_page
    page.conf_spin.setValue(0.4)
    assert page.save_detector()
    assert larder.detector_settings().conf_threshold == 0.4
    credential = larder.credential_fields()[-1]
    secret = "sk-test-0123456789abcdef"
    page.secret_edits[(credential.provider, credential.name)].setText(secret)
    assert page.save_credential(credential)
    qtbot.waitUntil(lambda: not page.runner.active, timeout=5000)  # the keyring is written in a worker
    assert keyring.get_password("larder", f"{credential.provider}:{credential.name}") == secret
    edit = page.secret_edits[(credential.provider, credential.name)]
    assert edit.text() == "" and "keyring" in edit.placeholderText()
    assert secret.encode() not in _db_bytes(larder.home().database)
    page.remove_credential(credential)
    qtbot.waitUntil(lambda: not page.runner.active, timeout=5000)
    assert keyring.get_password("larder", f"{credential.provider}:{credential.name}") is None


def test_settings_refuse_a_missing_model_file_and_keep_the_old_values(
    larder, make_main_window, tmp_path
) -> None:
    page = make_main_window(larder).settings_page
    before = larder.detector_settings()
    page.model_edit.setText(str(tmp_path / "nope.pt"))
    assert not page.save_detector()
    assert "no such model file" in page.banner.text.text()
    page.model_edit.setText(str(tmp_path / "weights.txt"))
    assert not page.save_detector()
    assert ".pt or .onnx" in page.banner.text.text()
    assert larder.detector_settings() == before


def test_empty_credential_is_refused(larder, make_main_window) -> None:
    page = make_main_window(larder).settings_page
    assert not page.save_credential(larder.credential_fields()[0])
    assert "empty" in page.banner.text.text()


def test_run_plan_shows_the_nutrition_agents_plan_and_its_conclusion(
    real_larder, make_main_window, qtbot
) -> None:
    window = make_main_window(real_larder)
    before = real_larder.latest_plan()
    window.plan.start_plan()
    task = window.plan.progress.task
    assert task is not None
    with qtbot.waitSignal(task.signals.succeeded, timeout=30000) as blocker:
        pass
    result = blocker.args[0]
    # The button runs the whole graph (tests/desktop/test_plan_run.py); the plan is the nutrition agent's.
    qtbot.waitUntil(lambda: window.plan.plan_meta.text().startswith(f"run {result.run_id},"), timeout=5000)
    stored = real_larder.latest_plan()
    plan_id = result.nutrition["plan_id"]
    assert stored is not None and before is not None and stored.plan_id == plan_id != before.plan_id
    shown = window.plan.plan
    assert shown is not None
    assert [row.nutrient for row in window.plan.bars.rows] == [row.nutrient for row in stored.nutrients]
    assert window.plan.recommendation_count == len(stored.recommendations) > 0
    # The page says what the agent concluded, in the agent's words, and nothing of its own.
    headline = result.nutrition["headline"]
    assert headline and window.plan.headline.text() == headline


def test_export_writes_the_selected_order_off_the_ui_thread(
    real_larder, real_home, make_main_window, qtbot, tmp_path
) -> None:
    page = make_main_window(real_larder).orders
    assert page.current is not None and page.current.id == real_home.order_id
    assert page.current.status == "draft"
    task = page.export_current("csv", tmp_path / "order.csv")
    assert task is not None and page.progress.task is task
    assert not page.progress.cancel_button.isVisibleTo(page.progress)  # an atomic write cannot stop half-way
    with qtbot.waitSignal(task.signals.succeeded, timeout=10000) as blocker:
        pass
    written = blocker.args[0].path
    assert written == (tmp_path / "order.csv").resolve()
    text = written.read_text()
    for line in real_larder.order(real_home.order_id).lines:
        assert line.product in text
    qtbot.waitUntil(lambda: page.banner.kind == "success", timeout=5000)
    assert str(written) in page.banner.text.text()


def test_scan_without_a_model_explains_why(
    larder, make_main_window, qtbot, captured_errors, tmp_path, monkeypatch
) -> None:
    import vision.model_choice

    monkeypatch.setattr(vision.model_choice, "BUNDLED_DIR", tmp_path / "no-bundled-model")
    from real_home import PHOTOS

    photo = PHOTOS[0]
    page = make_main_window(larder).fridge
    page.start_scan([photo])
    qtbot.waitUntil(lambda: page.banner.isVisibleTo(page), timeout=20000)
    assert page.banner.kind == "warning"
    assert "model" in page.banner.text.text().lower()
    assert page.stack.currentIndex() == 0  # nothing saved, still the drop zone
    assert larder.latest_scan() is None


def test_importing_a_bad_file_says_so_and_writes_nothing(
    larder, make_main_window, qtbot, captured_errors, tmp_path
) -> None:
    bad = tmp_path / "export.zip"
    bad.write_bytes(b"this is not a zip file")
    page = make_main_window(larder).health
    page.start_import(bad)
    qtbot.waitUntil(lambda: page.banner.isVisibleTo(page), timeout=20000)
    assert page.banner.kind == "warning"
    assert len(captured_errors) == 1
    assert " ".join(str(captured_errors[0]).split()) in page.banner.text.text()
    assert page.chart.point_count == 0
    assert larder.latest_import() is None


def test_importing_the_export_fills_the_chart_and_the_profile(larder, make_main_window, qtbot) -> None:
    export = Path(__file__).parent / "fixtures" / "apple-health-export.zip"
    page = make_main_window(larder).health
    page.start_import(export)
    task = page.progress.task
    assert task is not None
    with qtbot.waitSignal(task.signals.succeeded, timeout=30000) as blocker:
        pass
    summary = blocker.args[0]
    qtbot.waitUntil(lambda: page.banner.isVisibleTo(page), timeout=5000)
    assert page.banner.kind == "success", page.banner.text.text()
    assert f"{summary.days} days" in page.import_summary.text()
    complete = [d for d in larder.health_days() if not d.is_partial]
    assert page.chart.point_count == len(complete) > 20
    profile = larder.profile()
    assert profile.birth_date is not None  # the export's Me record
    assert page.profile_form.birth_date() == profile.birth_date  # the editor shows it


def test_cart_page_shows_the_selected_lines_reason_in_full(real_larder, real_home, make_main_window) -> None:
    page = make_main_window(real_larder).orders
    lines = real_larder.order(real_home.order_id).lines
    assert len(lines) >= 2 and page.lines_model.rowCount() == len(lines)
    first, second = page.lines_model.row_at(0), page.lines_model.row_at(1)
    assert first.reason and escape(first.reason) in page.reason.text()
    assert not page.reason.isHidden()
    page.lines_table.selectRow(1)
    assert escape(second.reason) in page.reason.text() and escape(second.product) in page.reason.text()


def test_fridge_refresh_after_another_pages_write_does_not_decode_the_photos_again(
    real_larder, make_main_window, monkeypatch, qtbot
) -> None:
    window = make_main_window(real_larder)
    page = window.fridge
    stored = real_larder.latest_scan()
    assert stored is not None
    dets = real_larder.review(stored.scan_id).photos[0].detections
    boxes = len(dets)  # what the review draws: items and questions ("is this ...?")
    items = sum(d.count for d in dets if d.status not in ("rejected", "unnamed"))
    decoded: list[object] = []
    monkeypatch.setattr(page.photo_view, "set_photo", lambda *args: decoded.append(args))
    window.plan.data_changed.emit()  # every other page refreshes (off the UI thread: wait for it)
    qtbot.waitUntil(lambda: window.refreshes.idle and not window.refreshes.is_stale(page), timeout=5000)
    assert decoded == []
    assert page.photo_view.box_count == boxes and f"{items} items" in page.scan_summary.text()


def test_health_caption_spans_the_plotted_days(real_larder, make_main_window) -> None:
    page = make_main_window(real_larder).health
    days = real_larder.health_days()
    complete = [d.day for d in days if not d.is_partial]
    caption = page.chart_caption.text()
    assert f"{len(complete)} complete days from {complete[0]:%d %b} to {complete[-1]:%d %b %Y}" in caption
    assert ("partial and is left out" in caption) == days[-1].is_partial


def test_inventory_badge_counts_what_the_agent_estimates_to_expire(real_larder, make_main_window) -> None:
    window = make_main_window(real_larder)
    keys = window.page_keys()
    soon = count_expiring(real_larder.inventory())
    assert window.inventory.expiring_count == soon
    assert window.rail.badge_text(keys.index("inventory")) == (str(soon) if soon else "")


def test_expected_errors_go_to_the_banner_not_a_dialog_too(qtbot) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from agents.app import UserError
    from desktop.errors import show_error

    page = QWidget()
    qtbot.addWidget(page)
    report = show_error(page, UserError("export.zip: not a zip file"), dialog_for_expected=False)
    assert report is not None and report.expected and report.message == "export.zip: not a zip file"
    assert page.findChildren(QMessageBox) == []
    show_error(page, RuntimeError("boom"), dialog_for_expected=False)  # unexpected: always a dialog
    assert len(page.findChildren(QMessageBox)) == 1
    for box in page.findChildren(QMessageBox):
        box.close()
