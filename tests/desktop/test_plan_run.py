"""The Plan page runs the orchestrator's whole graph on a real home (a photo scanned by the bundled model,
the fixture's Apple Health export) and draws each agent as a lane while it works; Cancel writes nothing;
a past run opens with its stored lanes; the cart a run built opens on the Cart page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from real_home import EXPORT, PHOTOS

from agents.app import AgentEvent, Larder, PlanRun
from desktop.models.run_timeline import TRACE_STATUS, RunTimeline
from desktop.pages.plan_page import PlanPage
from desktop.tasks import TaskRunner

RUN_TIMEOUT_MS = 60_000


@pytest.fixture
def page(real_larder: Larder, qtbot, qapp_theme) -> Iterator[PlanPage]:
    runner = TaskRunner()
    made = PlanPage(real_larder, runner)
    qtbot.addWidget(made)
    made.resize(1200, 800)
    made.show()
    yield made
    runner.cancel_all()
    assert runner.wait_for_done(10_000), "the run did not stop"


def run_to_end(page: PlanPage, qtbot) -> PlanRun:
    task = page.start_plan()
    assert task is not None
    with qtbot.waitSignal(task.signals.succeeded, timeout=RUN_TIMEOUT_MS) as blocker:
        pass
    qtbot.waitUntil(lambda: page.task is None and page.run_button.isEnabled(), timeout=5000)
    result = blocker.args[0]
    assert isinstance(result, PlanRun)
    return result


def test_the_button_runs_every_agent_and_draws_each_as_it_works(page: PlanPage, real_larder, qtbot) -> None:
    page.queue_inputs([PHOTOS[0]], [EXPORT])
    seen: list[dict[str, str]] = []
    task = page.start_plan()
    assert task is not None and page._bridge is not None
    # Connected after the page's own slot: each snapshot is what the panel showed after that event.
    frames: list[bool] = []

    def look(_event: AgentEvent) -> None:
        seen.append(page.timeline.statuses())
        if page.timeline.running and not frames:  # paint a frame with a striped, growing bar
            frames.append(not page.waterfall.grab().toImage().isNull())

    page._bridge.arrived.connect(look)
    with qtbot.waitSignal(task.signals.succeeded, timeout=RUN_TIMEOUT_MS) as blocker:
        pass
    qtbot.waitUntil(lambda: page.task is None, timeout=5000)
    run = blocker.args[0]
    assert isinstance(run, PlanRun) and run.run_id is not None and not run.problems

    lanes = {lane.name: lane for lane in page.timeline.lanes}
    assert {"vision", "health", "nutrition", "prices", "cart"} <= {lane.agent for lane in lanes.values()}
    for entry in run.trace:  # each lane ends as the run's trace says, with the agent's own reasoning
        lane = lanes[entry.lane]
        assert TRACE_STATUS[lane.status] == entry.status and lane.summary == entry.summary
        assert lane.ms == pytest.approx(entry.ms, abs=0.1)
    # Live: lanes appeared one by one and were drawn running before they closed.
    vision = next(name for name in lanes if name.startswith("vision"))
    assert any(snapshot.get(vision) == "running" for snapshot in seen)
    assert any(snapshot.get("nutrition") == "running" for snapshot in seen)
    assert len(seen[0]) < len(lanes) and frames == [True]
    assert page.waterfall.isVisible() and page.waterfall.height() >= len(lanes) * 40
    # The words shown are the agents': the nutrition agent's headline, the cart agent's notices.
    assert page.headline.text() == run.nutrition["headline"]
    assert all(notice in page.cart_meta.text() for notice in run.cart["notices"])
    assert not page.problems.isVisible()
    assert page.run_picker.itemData(0) == run.run_id == real_larder.runs()[0].id
    assert page.queued_photos == [] and "stored inventory" in page.inputs_label.text()
    # Hover and selection give the full reasoning and the inputs.
    page.waterfall.select_lane(vision)
    assert lanes[vision].summary in page.lane_detail.text() and str(PHOTOS[0]) in page.lane_detail.text()
    assert lanes[vision].summary in page.waterfall.tooltip_html(lanes[vision])


def test_a_corrupt_photo_is_a_failed_lane_and_a_listed_problem(page: PlanPage, tmp_path: Path, qtbot) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 this is not a photo")
    page.queue_inputs([PHOTOS[0], broken])
    run = run_to_end(page, qtbot)
    lanes = {lane.name: lane for lane in page.timeline.lanes}
    failed = [name for name, lane in lanes.items() if lane.status == "failed"]
    assert len(failed) == 1 and "broken.jpg" in failed[0]
    assert {e.lane: e.status for e in run.trace}[failed[0]] == "failed"
    assert run.problems and page.problems.isVisible()
    assert all(problem in page.problems.text() for problem in run.problems)
    assert lanes[next(n for n in lanes if "aicook" in n)].status == "done"  # the good photo still counted


def test_cancel_mid_run_stops_it_and_writes_nothing(page: PlanPage, real_larder, qtbot) -> None:
    runs, orders = len(real_larder.runs()), len(real_larder.order_rows())
    scan, plan = real_larder.latest_scan(), real_larder.latest_plan()
    page.queue_inputs([PHOTOS[0]], [EXPORT])
    task = page.start_plan()
    assert task is not None and page._bridge is not None

    def cancel_when_vision_starts(event: AgentEvent) -> None:
        if event.agent == "vision" and event.kind == "started":
            page.cancel_plan()

    page._bridge.arrived.connect(cancel_when_vision_starts)
    with qtbot.waitSignal(task.signals.cancelled, timeout=RUN_TIMEOUT_MS):
        pass
    qtbot.waitUntil(lambda: page.run_button.isEnabled(), timeout=5000)
    assert len(real_larder.runs()) == runs and len(real_larder.order_rows()) == orders
    assert real_larder.latest_scan() == scan and real_larder.latest_plan() == plan
    assert page.timeline.lanes and not page.timeline.running  # every lane closed, none left animating
    assert "cancelled" in page.timeline.statuses().values()
    assert "nothing was written" in page.banner.text.text()


def test_a_past_run_opens_with_its_stored_lanes_and_plan(page: PlanPage, real_larder, qtbot) -> None:
    page.queue_inputs([PHOTOS[0]], [EXPORT])
    first = run_to_end(page, qtbot)
    second = run_to_end(page, qtbot)  # the stored data only: no vision or health lane
    assert {lane.agent for lane in page.timeline.lanes}.isdisjoint({"vision", "health"})
    index = page.run_picker.findData(first.run_id)
    assert index >= 0 and page.run_picker.findData(second.run_id) == 0
    page.run_picker.setCurrentIndex(index)
    page.run_picker.activated.emit(index)
    stored = real_larder.run(first.run_id or 0)
    expected = RunTimeline.from_events(stored.events)
    assert page.timeline.statuses() == expected.statuses() == {e.lane: "done" for e in first.events}
    assert [lane.summary for lane in page.timeline.lanes] == [lane.summary for lane in expected.lanes]
    assert page.plan is not None and page.plan.plan_id == first.nutrition["plan_id"]
    assert page.cart_button.text() == f"Open cart #{first.cart['order_id']}"


def test_the_cart_a_run_built_opens_on_the_cart_page(real_larder, make_main_window, qtbot) -> None:
    window = make_main_window(real_larder)
    window.show_page("plan")
    run = run_to_end(window.plan, qtbot)
    order_id = run.cart["order_id"]
    assert window.plan.cart_button.isVisibleTo(window.plan)
    window.plan.cart_button.click()
    assert window.current_page_key() == "orders"
    rows = window.orders.orders_table.selectionModel().selectedRows()
    assert rows and window.orders.orders_model.row_at(rows[0].row()).id == order_id
    assert window.orders.lines_model.rowCount() == len(run.cart["lines"])
