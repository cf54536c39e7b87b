"""The whole plan run: real agents on a tiny model, a generated export and loopback stores."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from packaging_label import packaging_label  # tests/packaging_label.py (tests/ is on the path)
from PIL import Image
from sqlalchemy import text

from agents.orchestrator.graph import RunCancelled
from agents.orchestrator.pipeline import run_plan
from agents.orchestrator.request import PlanRequest, Timeouts
from agents.orchestrator.runs_store import list_runs, load_run
from agents.secrets import SecretStore
from data.db import Database
from data.models import Order, ScanPhoto
from data.paths import resolve_home
from data.settings import set_setting


def _db() -> tuple[Database, object]:
    paths = resolve_home(None).ensure()
    return Database(paths.database), paths


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        tables = [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def test_photos_and_an_export_give_a_stored_run_whose_order_points_back_at_it(
    tiny_model: Path, photos: list[str], apple_export: Path
) -> None:
    db, paths = _db()
    run = run_plan(db, paths, PlanRequest(photos=tuple(photos), health=(str(apple_export),), model=str(tiny_model),
                                          conf=0.01))  # fmt: skip
    agents = {t.agent for t in run.trace}
    assert {"vision", "inventory", "health", "prices", "nutrition", "cart", "save"} <= agents
    assert not run.problems and run.run_id is not None
    assert run.nutrition["deficits"]["protein_g"]["value"] > 0  # 60 days of a very active man
    # the health parse and the photos ran at the same time
    lanes = {t.lane: (t.started, t.started + t.ms) for t in run.trace}
    health = next(v for k, v in lanes.items() if k.startswith("health"))
    first_photo = next(v for k, v in lanes.items() if k.startswith("vision 1/"))
    assert health[0] < first_photo[1] and first_photo[0] < health[1]
    with db.session() as s:
        order = s.get(Order, run.cart["order_id"])
        assert order is not None and order.run_id == run.run_id and order.plan_id == run.nutrition["plan_id"]
    stored = load_run(db, run.run_id)
    assert [(e.seq, e.lane, e.kind) for e in stored.events] == [(e.seq, e.lane, e.kind) for e in run.events]
    assert stored.result["cart"]["lines"] == run.cart["lines"] and stored.summary.order_id == order.id
    assert [r.id for r in list_runs(db)] == [run.run_id]


def test_a_corrupt_photo_among_good_ones_is_a_problem_and_the_good_ones_are_scanned(
    tiny_model: Path, photos: list[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a photo")
    db, paths = _db()
    run = run_plan(db, paths, PlanRequest(photos=(photos[0], str(broken), photos[1]), model=str(tiny_model)))
    assert len(run.problems) == 1 and "broken.jpg" in run.problems[0] and run.status == "partial"
    statuses = {t.lane: t.status for t in run.trace if t.agent == "vision"}
    assert sorted(statuses.values()) == ["failed", "ok", "ok"]
    assert run.cart["lines"]  # the run went on to a cart
    with db.session() as s:
        assert len(s.exec(ScanPhoto.__table__.select()).all()) == 2  # type: ignore[attr-defined]


def test_a_store_that_never_answers_gives_an_offline_priced_cart_within_its_timeout(
    silent_store: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LARDER_KROGER_BASE_URL", silent_store.url)  # type: ignore[attr-defined]
    secrets = SecretStore()
    secrets.set("kroger", "client_id", "id")
    secrets.set("kroger", "client_secret", "secret")
    db, paths = _db()
    set_setting(db, "providers.kroger.location_id", "01400943")
    started = time.perf_counter()
    run = run_plan(db, paths, PlanRequest(provider="kroger", timeouts=Timeouts(prices=1.0)), secrets=secrets)
    assert time.perf_counter() - started < 6.0
    assert run.cart["lines"] and all(line["indicative"] for line in run.cart["lines"])
    assert any(p == "Kroger timed out after 1 s: offline prices used" for p in run.problems)
    assert "Kroger timed out after 1 s: offline prices used" in run.cart["notices"]
    assert next(t for t in run.trace if t.lane == "prices kroger").status == "timeout"


def test_a_bad_export_is_a_problem_and_the_plan_uses_the_stored_health_data(tmp_path: Path) -> None:
    bad = tmp_path / "export.xml"
    bad.write_text("<HealthData><Record type=")
    db, paths = _db()
    run = run_plan(db, paths, PlanRequest(health=(str(bad),)))
    assert any(p.startswith("health export.xml: failed") for p in run.problems)
    assert run.nutrition["targets"] and run.cart["order_id"] is not None


def test_cancel_stops_within_a_second_and_writes_nothing(apple_export: Path, silent_store: object,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("LARDER_KROGER_BASE_URL", silent_store.url)  # type: ignore[attr-defined]
    secrets = SecretStore()
    secrets.set("kroger", "client_id", "id")
    secrets.set("kroger", "client_secret", "secret")
    db, paths = _db()
    set_setting(db, "providers.kroger.location_id", "01400943")
    before = _counts(db)
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def on_event(event: object) -> None:
        is_health = getattr(event, "lane", "").startswith("health")
        if is_health and getattr(event, "kind", "") == "progress" and not cancel.is_set():
            cancelled_at.append(time.perf_counter())
            cancel.set()

    with pytest.raises(RunCancelled):
        run_plan(db, paths, PlanRequest(health=(str(apple_export),), provider="kroger"), on_event=on_event,
                 cancel=cancel, secrets=secrets)  # fmt: skip
    assert cancelled_at and time.perf_counter() - cancelled_at[0] < 1.0
    assert _counts(db) == before


def test_sequential_runs_one_agent_at_a_time(apple_export: Path) -> None:
    db, paths = _db()
    run = run_plan(db, paths, PlanRequest(health=(str(apple_export),), sequential=True, save=False))
    spans = sorted((t.started, t.started + t.ms) for t in run.trace)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert run.run_id is None and not list_runs(db)


def test_runs_show_explains_a_cart_line(capsys: pytest.CaptureFixture[str]) -> None:
    from agents.cli import main

    assert main(["plan", "--days", "7"]) == 0
    capsys.readouterr()
    assert main(["runs"]) == 0
    assert "order 1" in capsys.readouterr().out
    assert main(["runs", "show", "1"]) == 0
    out = capsys.readouterr().out
    db, _ = _db()
    reason = load_run(db, 1).result["cart"]["lines"][0]["reason"]
    assert "why each line is there" in out and reason in out and "nutrition" in out
    assert main(["runs", "show", "99"]) == 2


def test_barcodes_are_looked_up_on_open_food_facts_and_bought_an_unknown_one_is_a_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cart.fakes.openfoodfacts import OpenFoodFactsApp
    from cart.fakes.server import FakeServer

    with FakeServer(OpenFoodFactsApp()) as server:
        monkeypatch.setenv("LARDER_OPENFOODFACTS_BASE_URL", server.url)
        db, paths = _db()
        run = run_plan(db, paths, PlanRequest(barcodes=("3017620422003", "4006381333931")))
    lane = next(t for t in run.trace if t.lane == "prices openfoodfacts")
    assert lane.status == "ok" and "1 of 2 barcodes found" in lane.summary
    assert any("barcode 4006381333931" in p for p in run.problems)
    bought = [line for line in run.cart["lines"] if "barcode 3017620422003" in line["reason"]]
    assert bought and "list" in bought[0]["origin"]


@pytest.mark.parametrize("exception_lost", [False, True], ids=["raised", "lost-in-a-finalizer"])
def test_ctrl_c_in_the_cli_stops_the_run_at_once_and_writes_nothing(
    silent_store: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
    exception_lost: bool,
) -> None:
    import _thread
    import signal

    from agents.cli import main

    if exception_lost:
        # Where the KeyboardInterrupt lands in a finalizer Python prints it as ignored: the run must
        # still stop, by the cancel flag the CLI's handler sets first. Here no handler raises at all.
        monkeypatch.setattr(signal, "default_int_handler", lambda *_: None)
        previous = signal.signal(signal.SIGINT, lambda *_: None)
        request.addfinalizer(lambda: signal.signal(signal.SIGINT, previous))

    monkeypatch.setenv("LARDER_KROGER_BASE_URL", silent_store.url)  # type: ignore[attr-defined]
    SecretStore().set("kroger", "client_id", "id")
    SecretStore().set("kroger", "client_secret", "secret")
    db, _ = _db()
    set_setting(db, "providers.kroger.location_id", "01400943")
    before = _counts(db)
    pressed: list[float] = []

    def press_ctrl_c_once_the_store_is_asked() -> None:
        deadline = time.perf_counter() + 20
        while not silent_store.accepted and time.perf_counter() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.01)
        pressed.append(time.perf_counter())
        _thread.interrupt_main()

    threading.Thread(target=press_ctrl_c_once_the_store_is_asked, daemon=True).start()
    assert main(["plan", "--provider", "kroger"]) == 130
    assert pressed and time.perf_counter() - pressed[0] < 1.0  # the store alone would take 10 s
    assert "cancelled; nothing was written" in capsys.readouterr().err
    assert _counts(db) == before


def test_a_photo_that_takes_too_long_is_left_behind_and_the_others_are_scanned(
    tiny_model: Path, photos: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import agents.orchestrator.vision as vision_agents

    real_load = vision_agents.load_photo

    def load(path: str) -> object:
        if path == photos[1]:
            time.sleep(30)  # a network share that hangs
        return real_load(path)

    monkeypatch.setattr(vision_agents, "load_photo", load)
    db, paths = _db()
    started = time.perf_counter()
    run = run_plan(db, paths, PlanRequest(photos=tuple(photos), model=str(tiny_model),
                                          timeouts=Timeouts(vision=8.0)))  # fmt: skip
    assert time.perf_counter() - started < 20
    assert any("vision 2/3" in p and "timeout" in p and "8 s" in p for p in run.problems)
    assert {t.lane.split()[1]: t.status for t in run.trace if t.agent == "vision"} == {
        "1/3": "ok", "2/3": "timeout", "3/3": "ok"
    }  # fmt: skip
    with db.session() as s:
        assert len(s.exec(ScanPhoto.__table__.select()).all()) == 2  # type: ignore[attr-defined]


def test_a_plans_photos_are_scanned_as_larder_scan_scans_them(tiny_model: Path, tmp_path: Path) -> None:
    """The plan's photo agents use what a scan uses around the model: a product the user taught once is
    in the plan's items (before, the plan ran the bare model and never saw it)."""
    from agents.inventory.review_learning import open_memory

    db, paths = _db()
    product = packaging_label(9, (160, 200), marks=50)
    assert open_memory(paths).teach(product, "oat drink", "oat_milk", "taught-1")
    shelf = Image.new("RGB", (640, 480), (205, 208, 212))
    shelf.paste(product.rotate(3, fillcolor=(205, 208, 212)), (300, 140))
    photo = tmp_path / "fridge.png"
    shelf.save(photo)
    run = run_plan(db, paths, PlanRequest(photos=(str(photo),), model=str(tiny_model)))
    assert not run.problems
    assert "oat_milk" in {item.get("ingredient") for item in run.items}, run.items
