"""The TaskRunner: results, throttled progress, cooperative cancel, failures, pools drained."""

from __future__ import annotations

import threading
import time

import pytest

from desktop.tasks import TaskRunner


@pytest.fixture
def runner(qapp):
    made = TaskRunner()
    yield made
    made.cancel_all()
    assert made.wait_for_done(5000)


def test_success_delivers_result_and_progress(runner, qtbot) -> None:
    seen: list[tuple[float, str]] = []

    def work(on_progress, cancel):
        for i in range(5):
            on_progress((i + 1) / 5, f"step {i}")
            time.sleep(0.06)  # longer than the throttle, so every step is delivered
        return 42

    task = runner.prepare("sum", work)
    task.signals.progress.connect(lambda f, m: seen.append((f, m)))
    with qtbot.waitSignal(task.signals.succeeded, timeout=5000) as blocker:
        runner.start(task)
    assert blocker.args == [42]
    qtbot.waitUntil(lambda: not runner.active, timeout=2000)
    assert seen[-1] == (1.0, "step 4")
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)


def test_a_receiver_connected_after_a_fast_task_returned_still_gets_its_result(runner, qtbot) -> None:
    # A page starts a task, then a dialog (or a test) connects to it: the worker may already be done.
    task = runner.submit("fast", lambda on_progress, cancel: "done")
    assert task.returned.wait(5)  # the worker has finished before anyone else connected
    with (
        qtbot.waitSignal(task.signals.finished, timeout=3000),
        qtbot.waitSignal(task.signals.succeeded, timeout=3000) as blocker,
    ):
        pass
    assert blocker.args == ["done"]


def test_progress_is_throttled(runner, qtbot) -> None:
    seen: list[float] = []

    def work(on_progress, cancel):
        for i in range(2000):
            on_progress(i / 2000, "")
        on_progress(1.0, "done")

    task = runner.prepare("burst", work)
    task.signals.progress.connect(lambda f, m: seen.append(f))
    with qtbot.waitSignal(task.signals.finished, timeout=5000):
        runner.start(task)
    qtbot.wait(50)
    assert 1 <= len(seen) < 100
    assert seen[-1] == 1.0


def test_cancel_is_not_an_error(runner, qtbot) -> None:
    started = threading.Event()

    def work(on_progress, cancel):
        started.set()
        while not cancel.is_set():
            time.sleep(0.01)
        raise RuntimeError("stopped because cancelled")  # even a plain error after cancel counts as cancel

    outcomes: list[tuple[str, str]] = []
    runner.task_ended.connect(lambda label, outcome: outcomes.append((label, outcome)))
    task = runner.prepare("endless", work)
    runner.start(task)
    assert started.wait(5)
    with qtbot.assertNotEmitted(task.signals.failed), qtbot.waitSignal(task.signals.cancelled, timeout=5000):
        runner.cancel_all()
    qtbot.waitUntil(lambda: outcomes == [("endless", "cancelled")], timeout=2000)


def test_failure_reaches_failed_with_the_exception(runner, qtbot) -> None:
    def work(on_progress, cancel):
        raise ValueError("bad data in line 3")

    task = runner.prepare("broken", work)
    with (
        qtbot.assertNotEmitted(task.signals.succeeded),
        qtbot.waitSignal(task.signals.failed, timeout=5000) as blocker,
    ):
        runner.start(task)
    assert isinstance(blocker.args[0], ValueError)
    assert "line 3" in str(blocker.args[0])


def test_detector_pool_runs_one_at_a_time(runner, qtbot) -> None:
    running = 0
    peak = 0
    lock = threading.Lock()

    def work(on_progress, cancel):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1

    for i in range(3):
        runner.submit(f"scan {i}", work, pool="detector")
    assert runner.wait_for_done(5000)
    assert peak == 1


def test_unknown_pool_is_refused(runner) -> None:
    with pytest.raises(ValueError, match="unknown pool"):
        runner.submit("x", lambda on_progress, cancel: None, pool="gpu")


def test_task_progress_widget_cancel_button(qtbot, runner) -> None:
    from desktop.widgets.task_progress import TaskProgress

    widget = TaskProgress()
    qtbot.addWidget(widget)

    def work(on_progress, cancel):
        on_progress(0.5, "half way")
        if cancel.wait(5):
            raise InterruptedError("stopped")  # as the core does: a cancelled step raises

    task = runner.prepare("wait", work)
    widget.track(task, "Waiting…")
    runner.start(task)
    assert widget.isVisibleTo(widget.parentWidget() or widget) or not widget.isHidden()
    qtbot.waitUntil(lambda: widget.bar.value() == 500, timeout=5000)
    with qtbot.waitSignal(task.signals.cancelled, timeout=5000):
        widget.cancel_button.click()
    qtbot.waitUntil(lambda: widget.isHidden(), timeout=5000)
    assert widget.task is None


def test_automatic_gc_is_off_only_while_work_is_in_flight(runner, qtbot) -> None:
    # A collection in a pool thread can free a Qt wrapper off the GUI thread and crash the process.
    import gc

    assert gc.isenabled()
    seen: list[bool] = []

    def work(on_progress, cancel):
        seen.append(gc.isenabled())

    task = runner.prepare("gc", work)
    with qtbot.waitSignal(task.signals.finished, timeout=5000):
        runner.start(task)
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    assert seen == [False]
    assert not runner.active


def test_work_that_finishes_despite_a_late_cancel_has_succeeded(runner, qtbot) -> None:
    # Cancel pressed while an import commits: the data is written, so the page must not say otherwise.
    committing = threading.Event()

    def work(on_progress, cancel):
        committing.set()
        assert cancel.wait(5)
        return "committed"

    task = runner.prepare("import", work)
    runner.start(task)
    assert committing.wait(5)
    with (
        qtbot.assertNotEmitted(task.signals.cancelled),
        qtbot.waitSignal(task.signals.succeeded, timeout=5000) as blocker,
    ):
        task.cancel()
    assert blocker.args == ["committed"]
