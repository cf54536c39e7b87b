"""The Plan and Settings pages reload off the UI thread after another page's write (desktop/refresh.py):
their reads through the front door run in the scheduler's worker, the UI thread only shows the result."""

from __future__ import annotations

import threading

from agents.app import PlanRequest

# The front door reads these two pages make when they reload.
PAGE_READS = ("runs", "run", "stored_plan", "latest_plan", "units", "setting", "backups")


def watch_reads(larder, monkeypatch) -> list[tuple[str, bool]]:
    """Each watched read as (name, made on the UI thread)."""
    made: list[tuple[str, bool]] = []
    for name in PAGE_READS:
        original = getattr(larder, name)

        def watched(*args, _name=name, _original=original, **kwargs):
            made.append((_name, threading.current_thread() is threading.main_thread()))
            return _original(*args, **kwargs)

        monkeypatch.setattr(larder, name, watched)
    return made


def test_plan_and_settings_reload_off_the_ui_thread_and_show_what_changed(
    real_larder, make_main_window, qtbot, monkeypatch
) -> None:
    window = make_main_window(real_larder)
    qtbot.waitUntil(lambda: window.refreshes.idle and not window.runner.active, timeout=10000)
    plan, settings = window.plan, window.settings_page
    assert plan.run_detail is None and plan.run_picker.count() == 0  # the built home has no run yet
    # Writes made elsewhere (the CLI, another page): a run of every agent, the currency, a backup.
    run = real_larder.run_plan(PlanRequest(days=7))
    assert run.run_id is not None
    real_larder.set_setting("currency", "EUR")
    kept_before = len(real_larder.backups())  # a daily one may be there already
    real_larder.backup()
    made = watch_reads(real_larder, monkeypatch)

    window.inventory.data_changed.emit()  # another page wrote: Plan and Settings are stale
    assert window.refreshes.is_stale(plan) and window.refreshes.is_stale(settings)
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=20000)

    reads = {name for name, _on_ui in made}
    assert {"runs", "run", "stored_plan", "units", "setting", "backups"} <= reads, made
    assert [name for name, on_ui in made if on_ui] == [], made  # none on the UI thread
    # What they read is shown: the new run with its lanes and plan, the currency, the backup.
    assert plan.run_detail is not None and plan.run_detail.summary.id == run.run_id
    assert plan.run_picker.count() == 1 and plan.run_picker.currentData() == run.run_id
    assert plan.timeline.lanes and plan.plan is not None
    assert settings.currency_combo.currentData() == "EUR"
    count = kept_before + 1
    assert settings.backups_label.text().startswith(f"{count} {'backup' if count == 1 else 'backups'} kept")


def test_a_reload_keeps_the_run_the_user_opened(real_larder, make_main_window, qtbot, monkeypatch) -> None:
    first = real_larder.run_plan(PlanRequest(days=7)).run_id
    window = make_main_window(real_larder)
    qtbot.waitUntil(lambda: window.refreshes.idle and not window.runner.active, timeout=10000)
    plan = window.plan
    assert plan.run_detail is not None and plan.run_detail.summary.id == first
    second = real_larder.run_plan(PlanRequest(days=7)).run_id
    made = watch_reads(real_larder, monkeypatch)

    window.inventory.data_changed.emit()
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=20000)

    assert plan.run_picker.count() == 2 and plan.run_picker.findData(second) >= 0
    assert plan.run_detail.summary.id == first  # still the one shown; only the picker learnt the new run
    assert "run" not in {name for name, _ in made}  # no detail read that nobody shows
    assert [name for name, on_ui in made if on_ui] == [], made
