"""Pages call the real core through desktop.services and show the result, or a clear note on failure."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import keyring
import pytest
from sqlmodel import select

from data.models import Plan, Setting
from desktop.preferences import CONF_KEY, CREDENTIALS


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


def test_settings_store_confidence_in_the_table_and_secrets_only_in_the_keyring(
    services, make_main_window
) -> None:
    page = make_main_window(services).settings_page
    page.conf_spin.setValue(0.4)
    assert page.save_detector()
    with services.db.session() as s:
        assert s.get(Setting, CONF_KEY).value == 0.4
    credential = CREDENTIALS[2]
    secret = "sk-test-0123456789abcdef"
    page.secret_edits[(credential.provider, credential.name)].setText(secret)
    assert page.save_credential(credential)
    assert keyring.get_password("larder", f"{credential.provider}:{credential.name}") == secret
    edit = page.secret_edits[(credential.provider, credential.name)]
    assert edit.text() == "" and "keyring" in edit.placeholderText()
    assert secret.encode() not in _db_bytes(services.paths.database)
    page.remove_credential(credential)
    assert keyring.get_password("larder", f"{credential.provider}:{credential.name}") is None


def test_settings_refuse_a_missing_model_file_and_keep_the_old_values(
    services, make_main_window, tmp_path
) -> None:
    page = make_main_window(services).settings_page
    page.model_edit.setText(str(tmp_path / "nope.pt"))
    assert not page.save_detector()
    assert "no such model file" in page.banner.text.text()
    with services.db.session() as s:
        assert s.get(Setting, CONF_KEY) is None
    page.model_edit.setText(str(tmp_path / "weights.txt"))
    assert not page.save_detector()
    assert ".pt or .onnx" in page.banner.text.text()


def test_empty_credential_is_refused(services, make_main_window) -> None:
    page = make_main_window(services).settings_page
    assert not page.save_credential(CREDENTIALS[0])
    assert "empty" in page.banner.text.text()


def test_run_plan_uses_the_nutrition_agent_and_stores_the_plan(
    demo_services, make_main_window, qtbot
) -> None:
    window = make_main_window(demo_services)
    with demo_services.db.session() as s:
        before = len(s.exec(select(Plan)).all())
    window.plan.start_plan()
    task = window.plan.progress.task
    assert task is not None
    with qtbot.waitSignal(task.signals.succeeded, timeout=20000):
        pass
    qtbot.waitUntil(lambda: window.plan.plan_meta.text() == "computed just now", timeout=5000)
    with demo_services.db.session() as s:
        assert len(s.exec(select(Plan)).all()) == before + 1
    assert window.plan.bars.rows
    assert any(row.nutrient == "protein_g" for row in window.plan.bars.rows)


def test_export_writes_the_selected_order_off_the_ui_thread(
    demo_services, make_main_window, qtbot, tmp_path
) -> None:
    page = make_main_window(demo_services).orders
    assert page.current is not None and page.current.status == "draft"
    task = page.export_current("csv", tmp_path / "order.csv")
    assert task is not None and page.progress.task is task
    assert not page.progress.cancel_button.isVisibleTo(page.progress)  # an atomic write cannot stop half-way
    with qtbot.waitSignal(task.signals.succeeded, timeout=10000) as blocker:
        pass
    written = blocker.args[0]
    assert written == tmp_path / "order.csv"
    text = written.read_text()
    assert "Greek Yogurt Plain Nonfat" in text
    qtbot.waitUntil(lambda: page.banner.kind == "success", timeout=5000)
    assert str(written) in page.banner.text.text()


def test_scan_without_a_model_explains_why(
    services, make_main_window, qtbot, captured_errors, tmp_path, monkeypatch
) -> None:
    from PIL import Image

    import vision.model_choice

    monkeypatch.setattr(vision.model_choice, "BUNDLED_DIR", tmp_path / "no-bundled-model")

    photo = tmp_path / "fridge.jpg"
    Image.new("RGB", (64, 48), (200, 200, 200)).save(photo)
    page = make_main_window(services).fridge
    page.start_scan([photo])
    qtbot.waitUntil(lambda: page.banner.isVisibleTo(page), timeout=20000)
    assert page.banner.kind == "warning"
    assert "model" in page.banner.text.text().lower()
    assert page.stack.currentIndex() == 0  # nothing saved, still the drop zone


def test_importing_a_bad_file_says_so_and_writes_nothing(
    services, make_main_window, qtbot, captured_errors, tmp_path
) -> None:
    bad = tmp_path / "export.zip"
    bad.write_bytes(b"this is not a zip file")
    page = make_main_window(services).health
    page.start_import(bad)
    qtbot.waitUntil(lambda: page.banner.isVisibleTo(page), timeout=20000)
    assert page.banner.kind == "warning"
    assert len(captured_errors) == 1
    assert " ".join(str(captured_errors[0]).split()) in page.banner.text.text()
    assert page.chart.point_count == 0


def test_import_of_a_small_apple_health_export_fills_the_chart(
    services, make_main_window, qtbot, tmp_path
) -> None:
    rows = []
    for day in range(1, 6):
        for hour in (9, 15):
            stamp = f"2024-03-0{day} {hour:02d}:00:00 +0000"
            end = f"2024-03-0{day} {hour:02d}:30:00 +0000"
            rows.append(
                f'<Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" '
                f'startDate="{stamp}" endDate="{end}" creationDate="{end}" value="{2000 + day * 100}"/>'
            )
            rows.append(
                f'<Record type="HKQuantityTypeIdentifierActiveEnergyBurned" sourceName="Phone" unit="kcal" '
                f'startDate="{stamp}" endDate="{end}" creationDate="{end}" value="{150 + day}"/>'
            )
    export = tmp_path / "export.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n'
        '<ExportDate value="2024-03-07 10:00:00 +0000"/>\n' + "\n".join(rows) + "\n</HealthData>\n"
    )
    page = make_main_window(services).health
    page.start_import(export)
    task = page.progress.task
    assert task is not None
    with qtbot.waitSignal(task.signals.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: page.banner.isVisibleTo(page), timeout=5000)
    assert page.banner.kind == "success", page.banner.text.text()
    assert "Last import" in page.import_summary.text()
    assert page.chart.point_count >= 4


def test_cart_page_shows_the_selected_lines_reason_in_full(demo_services, make_main_window) -> None:
    from html import escape

    page = make_main_window(demo_services).orders
    first, second = page.lines_model.row_at(0), page.lines_model.row_at(1)
    assert first.reason and escape(first.reason) in page.reason.text()
    assert not page.reason.isHidden()
    page.lines_table.selectRow(1)
    assert escape(second.reason) in page.reason.text() and escape(second.product_name) in page.reason.text()


def test_fridge_refresh_after_another_pages_write_does_not_decode_the_photos_again(
    demo_services, make_main_window, monkeypatch
) -> None:
    window = make_main_window(demo_services)
    page = window.fridge
    decoded: list[object] = []
    monkeypatch.setattr(page.photo_view, "set_photo", lambda *args: decoded.append(args))
    window.plan.data_changed.emit()  # every other page refreshes
    assert decoded == []
    assert page.photo_view.box_count == 9 and "9 items" in page.scan_summary.text()


def test_health_caption_spans_the_plotted_days_not_the_partial_one(demo_services, make_main_window) -> None:
    from desktop.queries import list_days

    page = make_main_window(demo_services).health
    days = list_days(demo_services.db)
    assert days[-1].is_partial  # the demo's today
    complete = [d.day for d in days if not d.is_partial]
    caption = page.chart_caption.text()
    assert f"{len(complete)} complete days from {complete[0]:%d %b} to {complete[-1]:%d %b %Y}" in caption
    assert "partial and is left out" in caption


def test_expected_errors_go_to_the_banner_not_a_dialog_too(qtbot) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from agents.errors import UserError
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
