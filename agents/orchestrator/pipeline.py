"""`run_plan`: one request becomes the agent graph; when it is done, everything is written at once.

    vision (one per photo) -> inventory --+
    health (one per export) --------------+--> nutrition --+
    prices (offline, the store, barcodes) -----------------+--> cart --> save (one transaction)

The price agents start with the run, so the store's answers arrive while the photos and the export are
still being read. A cancel stops within a poll interval and writes nothing; with `save=False` nothing
is written either (the trace is only handed to `on_event`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import threading
import time
import uuid
from collections.abc import Mapping
from functools import partial

from agents.cart import settings as cart_settings
from agents.cart.orders import save_draft
from agents.cart.result import Cart
from agents.cart.service import PROVIDERS, list_entries, make_source
from agents.errors import UserError
from agents.inventory.detecting import wrap_detector
from agents.inventory.review_learning import active_personal_model
from agents.inventory.scanning import ScanResult
from agents.inventory.settings import conf_threshold, label_mappings, model_setting
from agents.nutrition.inputs import PriceQuote, ProfileData
from agents.nutrition.preferences import allergens_for, diet_key, resolve_dislike
from agents.nutrition.reader import read_state
from agents.nutrition.result import NutritionResult
from agents.nutrition.service import save_plan
from agents.orchestrator.cart import cart_agent, public_cart
from agents.orchestrator.events import EventCallback, EventSink
from agents.orchestrator.graph import Node, Outcome, RunCancelled, run_graph
from agents.orchestrator.health import ParsedHealth, health_agent
from agents.orchestrator.nutrition import (
    catalog_prices,
    nutrition_agent,
    run_profile,
    stage_inputs,
)
from agents.orchestrator.prices import Query, barcode_agent, likely_needs, offline_agent, store_agent
from agents.orchestrator.request import PlanRequest, PlanRun, TraceEntry
from agents.orchestrator.runs_store import save_run
from agents.orchestrator.staging import transaction
from agents.orchestrator.vision import DetectorPool, ModelChoice, default_workers, merge_agent, photo_agent
from agents.providers.base import ProductSource
from agents.secrets import SecretStore
from data.db import Database
from data.models import Order
from data.paths import LarderPaths
from data.taxonomy import load_taxonomy
from vision.errors import ModelUnavailable
from vision.labels import LabelResolver
from vision.model_choice import choose_model

STORE_CONCURRENCY = 4  # requests in flight at once to one store


def validate(request: PlanRequest) -> None:
    """Bad arguments are refused before any agent starts."""
    if request.provider not in PROVIDERS:
        raise UserError(f"unknown provider {request.provider!r} (choose {', '.join(PROVIDERS)})")
    if request.budget is not None and not (math.isfinite(request.budget) and request.budget > 0):
        raise UserError(f"the budget must be a positive amount, not {request.budget:g}")
    if not 1 <= request.days <= 60:
        raise UserError(f"--days must be between 1 and 60, not {request.days}")
    if request.diet is not None:
        diet_key(request.diet)
    allergens_for(request.allergies)
    for path in request.health:
        if not os.path.exists(os.path.expanduser(path)):
            raise UserError(f"{path}: no such file or folder")


def _model_choice(db: Database, paths: LarderPaths, request: PlanRequest) -> ModelChoice:
    resolver = LabelResolver(user_mappings=label_mappings(db))
    conf = request.conf if request.conf is not None else conf_threshold(db)
    # As `larder scan` chooses (agents/inventory/detecting.py): a personal model `larder learn` activated
    # beats the chosen one, unless --model names one.
    setting = (None if request.model else active_personal_model(db)) or model_setting(db)
    try:
        choice = choose_model(request.model, setting, search_dirs=(paths.models,))
    except ModelUnavailable as exc:
        if request.model or setting:
            raise
        return ModelChoice(None, resolver, conf, str(exc))
    return ModelChoice(
        choice.path,
        resolver,
        conf,
        wrap=partial(wrap_detector, paths=paths, review=False, db=db, resolver=resolver),
    )


def run_plan(
    db: Database,
    paths: LarderPaths,
    request: PlanRequest,
    *,
    on_event: EventCallback | None = None,
    cancel: threading.Event | None = None,
    secrets: SecretStore | None = None,
) -> PlanRun:
    validate(request)
    cancel = cancel or threading.Event()
    started = time.perf_counter()
    sink = EventSink(uuid.uuid4().hex[:12], on_event)
    taxonomy = load_taxonomy()
    settings = cart_settings.read_settings(db)
    entries = list_entries(db, taxonomy)
    t = request.timeouts
    nodes: list[Node] = []

    # Prices first in the list: in parallel they start at once; sequentially they go first as well,
    # so both modes do the same work.
    extra_allergens = allergens_for(request.allergies)
    extra_dislikes = frozenset(resolve_dislike(d, taxonomy) for d in request.dislikes)
    run_diet = diet_key(request.diet) if request.diet is not None else None
    stored_profile, stored_prices = _stored(db)

    def quotes() -> dict[str, PriceQuote]:
        return catalog_prices(stored_prices)

    def queries() -> list[Query]:
        profile = run_profile(stored_profile, request.diet, run_diet, extra_allergens, extra_dislikes)
        return likely_needs(taxonomy, entries, profile, days=request.days, prices=quotes())

    nodes.append(Node("prices:offline", "prices", "prices offline", offline_agent(quotes), timeout_s=t.prices,
                      inputs=("offline catalog",)))  # fmt: skip
    live: ProductSource | None = make_source(request.provider, settings, secrets or SecretStore())
    store_node = None
    if live is not None:
        store_node = f"prices:{request.provider}"
        concurrency = 1 if request.sequential else STORE_CONCURRENCY
        nodes.append(Node(store_node, "prices", f"prices {request.provider}", store_agent(live, queries, concurrency),
                          timeout_s=t.prices, inputs=("shopping list", "empty-fridge plan")))  # fmt: skip

    barcode_node = None
    off_client = None
    if request.barcodes:
        from agents.providers.config import base_url
        from agents.providers.openfoodfacts import OpenFoodFactsClient

        off_client = OpenFoodFactsClient(base_url("openfoodfacts", settings))
        barcode_node = "prices:openfoodfacts"
        nodes.append(Node(barcode_node, "prices", "prices openfoodfacts", barcode_agent(off_client, request.barcodes),
                          timeout_s=t.prices, inputs=tuple(request.barcodes)))  # fmt: skip
    workers = 1 if request.sequential else (request.vision_workers or default_workers())
    pool = DetectorPool(_model_choice(db, paths, request), workers)
    photo_nodes = []
    for i, photo in enumerate(request.photos, start=1):
        name = f"vision:{i}"
        lane = f"vision {i}/{len(request.photos)} {os.path.basename(photo)}"
        nodes.append(Node(name, "vision", lane, photo_agent(photo, pool), timeout_s=t.vision, pool="vision",
                          inputs=(photo,)))  # fmt: skip
        photo_nodes.append(name)
    scan_node = None
    if photo_nodes:
        scan_node = "inventory"
        nodes.append(Node(scan_node, "inventory", "inventory merge", merge_agent(tuple(photo_nodes), pool, taxonomy),
                          deps=tuple(photo_nodes), timeout_s=t.vision,
                          inputs=(f"{len(photo_nodes)} photos",)))  # fmt: skip
    health_nodes = []
    for i, export in enumerate(request.health, start=1):
        name = f"health:{i}"
        nodes.append(Node(name, "health", f"health {os.path.basename(export)}", health_agent(export),
                          timeout_s=t.health, inputs=(export,)))  # fmt: skip
        health_nodes.append(name)
    nutrition = nutrition_agent(
        db, taxonomy, days=request.days, diet=request.diet, allergies=request.allergies,
        dislikes=request.dislikes, scan_node=scan_node, health_nodes=health_nodes, prices_node="prices:offline",
    )  # fmt: skip
    nodes.append(Node("nutrition", "nutrition", "nutrition", nutrition,
                      deps=tuple(([scan_node] if scan_node else []) + health_nodes + ["prices:offline"]), timeout_s=t.nutrition,
                      inputs=(f"{request.days} days", *(["stored inventory"] if not scan_node else []),
                              *(["stored health data"] if not health_nodes else []))))  # fmt: skip
    cart = cart_agent(
        taxonomy, provider=request.provider, budget=request.budget, entries=entries,
        preferences=cart_settings.preferences(settings), currency=cart_settings.currency(settings),
        nutrition_node="nutrition", offline_node="prices:offline", store_node=store_node, barcode_node=barcode_node,
        live=live, concurrency=1 if request.sequential else STORE_CONCURRENCY,
    )  # fmt: skip
    cart_deps = ("nutrition", "prices:offline", *([store_node] if store_node else []),
                 *([barcode_node] if barcode_node else []))  # fmt: skip
    nodes.append(Node("cart", "cart", "cart", cart, deps=cart_deps, timeout_s=t.cart,
                      inputs=(request.provider, f"{len(entries)} list entries")))  # fmt: skip

    try:
        try:
            outcomes = run_graph(
                nodes, sink, cancel=cancel, parallel=not request.sequential,
                pool_sizes={"vision": pool.size},
            )  # fmt: skip
        except KeyboardInterrupt:
            cancel.set()
            raise RunCancelled("the run was cancelled; nothing was written") from None
    finally:
        for client in (live, off_client):
            close = getattr(client, "close", None)
            if close is not None:
                with contextlib.suppress(Exception):  # a hung connection is abandoned, not an error
                    close()
    return _finish(db, request, sink, outcomes, started, cancel, {n.name: n.deps for n in nodes})


def _finish(
    db: Database,
    request: PlanRequest,
    sink: EventSink,
    outcomes: Mapping[str, Outcome],
    started: float,
    cancel: threading.Event,
    deps: Mapping[str, tuple[str, ...]],
) -> PlanRun:
    problems = _problems(outcomes)
    scan_out = outcomes.get("inventory")
    # Each agent's value has the type its node returns (graph.Outcome holds any agent's value).
    scan: ScanResult | None = scan_out.value if scan_out is not None and scan_out.ok else None
    nutrition: NutritionResult | None = outcomes["nutrition"].value if outcomes["nutrition"].ok else None
    cart: Cart | None = outcomes["cart"].value if outcomes["cart"].ok else None
    health: list[ParsedHealth] = [o.value for k, o in outcomes.items() if k.startswith("health:") and o.ok]
    items = tuple(
        {"ingredient": i.ingredient, "name": i.name, "label": i.label, "count": i.count,
         "quantity": i.quantity, "unit": i.unit, "confidence": i.confidence, "photos": i.photos}
        for i in (scan.items if scan is not None else ())
    )  # fmt: skip
    path = critical_path(outcomes, deps)
    run_id = None
    if request.save:
        if cancel.is_set():
            raise RunCancelled("the run was cancelled; nothing was written")
        save_started = time.perf_counter()
        sink.emit("save", "save", "started", inputs=("one transaction",))
        with transaction(db, commit=True) as tx:
            run_id = save_run(tx, request, sink, started)
            stage_inputs(tx, scan, bool(scan_out and scan_out.problems), health)
            if nutrition is not None:
                plan_id = save_plan(tx, nutrition)
                nutrition = dataclasses.replace(nutrition, plan_id=plan_id)
            if cart is not None:
                cart = save_draft(tx, cart, plan_id=nutrition.plan_id if nutrition is not None else None)
                with tx.session() as s:
                    order = s.get(Order, cart.order_id)
                    assert order is not None
                    order.run_id = run_id
                    s.add(order)
            ms = (time.perf_counter() - save_started) * 1000
            sink.emit("save", "save", "finished", ms=ms,
                      summary=_save_summary(scan, health, nutrition, cart))  # fmt: skip
            trace = _trace(outcomes, sink)
            wall_ms = (time.perf_counter() - started) * 1000
            result = PlanRun(run_id, _mode(request), wall_ms, items, _public(nutrition), public_cart(cart),
                             problems, trace, sink.events(), path)  # fmt: skip
            save_run(tx, request, sink, started, run_id=run_id, result=result)
        return result
    wall_ms = (time.perf_counter() - started) * 1000
    return PlanRun(None, _mode(request), wall_ms, items, _public(nutrition), public_cart(cart), problems,
                   _trace(outcomes, sink), sink.events(), path)  # fmt: skip


def _mode(request: PlanRequest) -> str:
    return "sequential" if request.sequential else "parallel"


def _public(nutrition: NutritionResult | None) -> dict[str, object]:
    return nutrition.to_public() if nutrition is not None else {}


def _save_summary(
    scan: ScanResult | None, health: list[ParsedHealth], nutrition: NutritionResult | None, cart: Cart | None
) -> str:
    parts = []
    if scan is not None:
        parts.append("the scan and inventory")
    if health:
        parts.append(f"{len(health)} import(s)")
    if nutrition is not None:
        parts.append("the plan")
    if cart is not None:
        parts.append(f"draft order {cart.order_id}")
    return "written in one transaction: " + (", ".join(parts) or "the run and its trace")


def _problems(outcomes: Mapping[str, Outcome]) -> tuple[str, ...]:
    out: list[str] = []
    for o in outcomes.values():
        if o.name.startswith("vision:"):
            continue  # reported once, by the inventory merge, with the photo's name
        if not o.ok:
            out.append(f"{o.lane}: {o.status}: {o.summary}")
        out += [p for p in o.problems if p not in out]
    return tuple(out)


def _trace(outcomes: Mapping[str, Outcome], sink: EventSink) -> tuple[TraceEntry, ...]:
    entries = [
        TraceEntry(o.agent, o.lane, o.started_ms, o.ms, o.status, o.summary) for o in outcomes.values()
    ]
    for e in sink.events():
        if e.agent == "save" and e.kind == "finished" and e.ms is not None:
            entries.append(TraceEntry("save", "save", e.at_ms - e.ms, e.ms, "ok", e.summary))
    return tuple(sorted(entries, key=lambda e: e.started))


def critical_path(outcomes: Mapping[str, Outcome], deps: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The chain of lanes that decided the wall time: from the cart back through the input that
    finished last at each step."""
    path: list[str] = []
    name: str | None = "cart" if "cart" in outcomes else None
    while name is not None:
        o = outcomes[name]
        path.append(o.lane)
        before = [outcomes[d] for d in deps.get(name, ()) if d in outcomes]
        name = max(before, key=lambda d: d.started_ms + d.ms).name if before else None
    return tuple(reversed(path))


def _stored(db: Database) -> tuple[ProfileData, Mapping[str, PriceQuote]]:
    """The stored profile and prices, for guessing what the cart will need before the plan is known."""
    with db.session() as s:
        state = read_state(s)
    return state.profile, state.prices
