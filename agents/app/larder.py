"""`Larder`: the one object through which the CLI and the window do all their work (see agents/app/__init__)."""

from __future__ import annotations

import functools
import math
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from agents.app import queries
from agents.app.cancel import CancelToken, ProgressFn
from agents.app.names import category, display_name, taxonomy
from agents.app.views import (
    BackupReport,
    CredentialStatus,
    DayPoint,
    DetectorSettings,
    ExportResult,
    HomeInfo,
    ImportView,
    InventoryEventRow,
    InventoryRow,
    JsonValue,
    LabelMapped,
    OrderRow,
    PlanView,
    ProfileView,
    ScanReport,
    ScanView,
    StoreConnection,
    TrainReport,
    UndoResult,
)
from agents.errors import UserError
from agents.secrets import CREDENTIALS, Credential, SecretStore, credentials_of, entries_of
from data.db import Database, writing
from data.paths import LarderPaths, resolve_home
from vision.errors import Cancelled

if TYPE_CHECKING:
    from datetime import datetime

    from agents.app.profile_choices import GoalRateBounds, ProfileChoices
    from agents.app.units import Units
    from agents.cart.orders import OrderView
    from agents.cart.result import Cart
    from agents.cart.submit import SubmitReport
    from agents.credential_check import CredentialCheck
    from agents.inventory.manual import ItemView
    from agents.inventory.review import ReviewChanges, ReviewResult, ReviewUndo, ReviewView
    from agents.inventory.review_learning import LearnReport
    from agents.maintenance import ForgetReport
    from agents.nutrition.own_foods import FoodLink, FoodMatch
    from agents.nutrition.profile_store import ProfileChanges
    from agents.nutrition.result import NutritionResult
    from agents.orchestrator.events import AgentEvent
    from agents.orchestrator.request import PlanRequest, PlanRun
    from agents.orchestrator.runs_store import RunDetail, RunSummary
    from agents.providers.base import Product
    from agents.providers.kroger import KrogerClient, KrogerLocation
    from agents.providers.openfoodfacts import PackagedProduct
    from agents.shopping_list import EntryView
    from data.backup import BackupFile, RestoreResult
    from data.taxonomy import Ingredient
    from data.wearables import ImportSummary
    from vision.detections import PhotoDetections
    from vision.evaluation import EvalResult

MODEL_SUFFIXES = (".pt", ".onnx")


def _unfamiliar_note(photos: Sequence[PhotoDetections]) -> str:
    """What to tell the user when the model does not know their fridge (vision/close_look.py).

    Five: on a fridge a base never saw, one default learn after 5 corrected photos took its other photos
    from F1 0.20 to 0.36 (10 photos: 0.21 -> 0.37; bench/vision_learning.md, section k)."""
    strange = sum(p.unfamiliar for p in photos)
    if not strange:
        return ""
    which = "this fridge" if len(photos) == 1 else f"this fridge ({strange} of {len(photos)} photos)"
    return (
        f"The model is unsure of everything in {which}: it is unlike the fridges it learned from, so "
        "expect misses. Review the scan and answer its questions: each answer teaches it your fridge, and "
        'after about five reviewed photos "Teach Larder" (`larder learn`) trains a model for it.'
    )


def _check_conf(conf: float | None, *, low: float = 0.0, high: float = 1.0) -> None:
    if conf is not None and not (math.isfinite(conf) and low <= conf <= high):
        raise UserError(f"confidence threshold {conf:g}: must be between {low:g} and {high:g}")


def _check_imgsz(imgsz: int | None) -> None:
    if imgsz is not None and not 32 <= imgsz <= 4096:
        raise UserError(f"image size {imgsz}: must be between 32 and 4096")


P = ParamSpec("P")
R = TypeVar("R")


def _writes(method: Callable[Concatenate[Larder, P], R]) -> Callable[Concatenate[Larder, P], R]:
    """Writes from several worker threads of one Larder take turns: SQLite allows one writer, and a
    transaction that read first and writes second fails at once (not after busy_timeout) when another
    wrote in between. Across processes (the window and a `larder` command at once) each transaction
    takes SQLite's write lock when it begins (data.db.writing), so the other waits instead of failing."""

    @functools.wraps(method)
    def locked(self: Larder, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._write_lock, writing():
            return method(self, *args, **kwargs)

    return locked


def _cancelled(cancel: CancelToken | None, what: str) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(f"{what} cancelled; nothing was written")


class Larder:
    """One home folder (database, photos, models, exports, logs) and everything done with it.

    Open it, use it, close it (or use it as a context manager). Methods are safe to call from worker
    threads: each opens its own short database session. Results are frozen read models."""

    def __init__(
        self, home: str | os.PathLike[str] | None = None, *, secrets: SecretStore | None = None
    ) -> None:
        self._paths = resolve_home(home)
        self._secrets = secrets
        self._closed = False
        self._write_lock = threading.RLock()

    @classmethod
    def open(cls, home: str | os.PathLike[str] | None = None) -> Larder:
        """Open (and create, on first use) the home folder and its database; UserError if unusable."""
        larder = cls(home)
        larder.db  # noqa: B018 - opens and migrates now, so a bad home fails here, not mid-task
        return larder

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.close()
        self._closed = True

    def __enter__(self) -> Larder:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- the home ---------------------------------------------------------------------------------

    @property
    def root(self) -> Path:
        """The home folder, without creating it (forget asks about it before anything is made)."""
        return self._paths.root

    @cached_property
    def paths(self) -> LarderPaths:
        """The home's folders, created on first use (a home that cannot be created is a UserError)."""
        try:
            return self._paths.ensure()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise UserError(f"cannot use {self._paths.root} as Larder's home folder: {reason}") from None

    @cached_property
    def db(self) -> Database:
        return Database(self.paths.database)

    @property
    def secrets(self) -> SecretStore:
        if self._secrets is None:
            self._secrets = SecretStore()
        return self._secrets

    def home(self) -> HomeInfo:
        from vision.model_choice import bundled_model

        p = self.paths
        return HomeInfo(p.root, p.database, p.photos, p.models, p.exports, p.logs, bundled_model())

    # --- scan -------------------------------------------------------------------------------------

    def preload_detector(
        self, *, on_progress: ProgressFn | None = None, cancel: CancelToken | None = None
    ) -> bool:
        """Import the detector's libraries (torch, ultralytics) and load the chosen model once, on a blank
        image, so that the first scan imports nothing: the window calls this in a worker once it is
        idle. True when a model loaded; False without one (or without the libraries): no error, the
        scan then says why."""
        from agents.inventory.detecting import open_detector

        try:
            choice = open_detector(self.db, self.paths, None, review=True)
            if choice.detector is None:
                return False
            choice.detector.warmup()  # the first predict imports the rest of ultralytics' predictor
        except Exception:  # best effort: a scan opens the model again and reports what is wrong
            return False
        return True

    def scan(
        self,
        photos: Sequence[str | os.PathLike[str]],
        *,
        save: bool = False,
        partial: bool = False,
        replace_manual: bool = False,
        model: str | None = None,
        conf: float | None = None,
        remember: bool = False,
        device: str | None = None,
        imgsz: int | None = None,
        require_model: bool = False,
        on_progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> ScanReport:
        """LONG. Detect ingredients in photos of one fridge; with `save`, record the scan and update the
        inventory in one transaction (what the photos show is there now; `partial`: mark nothing used up;
        `replace_manual`: photos overrule hand entries). `remember` keeps conf/model as the defaults.
        Without a detector model the report says why (note) and nothing is saved, unless `require_model`
        (the window), which makes that a UserError. A cancel raises Cancelled; nothing is written."""
        from agents.inventory.changes import summarise
        from agents.inventory.detecting import open_detector
        from agents.inventory.scanning import scan_photos
        from agents.inventory.settings import CONF_KEY, MODEL_KEY, conf_threshold, set_setting
        from agents.inventory.store import record_scan

        _check_conf(conf)
        _check_imgsz(imgsz)
        if not photos:
            raise UserError("no photos to scan")
        if (partial or replace_manual) and not save:
            raise UserError("partial and replace_manual change how a scan is saved: they need save")
        threshold = conf if conf is not None else conf_threshold(self.db)
        choice = open_detector(self.db, self.paths, model, device=device, imgsz=imgsz, review=save)
        if choice.detector is None and require_model:
            raise UserError(choice.note or "no detector model is installed; add items by hand")
        if remember:  # only after the model loaded, so a broken path is never remembered
            with self._write_lock:
                if conf is not None:
                    set_setting(self.db, CONF_KEY, conf)
                if model:
                    set_setting(
                        self.db, MODEL_KEY, str(choice.detector.model_path) if choice.detector else model
                    )
        result = scan_photos(
            photos,
            choice.detector,
            conf=threshold,
            taxonomy=taxonomy(),
            resolve=choice.resolver.resolve,
            note=choice.note,
            on_progress=on_progress,
            cancel=cancel,
        )
        _cancelled(cancel, "scan")
        saved = None
        if save and choice.detector is not None:
            with self._write_lock:
                saved = record_scan(
                    self.db, result, save=True, partial=partial, replace_manual=replace_manual
                )
        return ScanReport(
            model=result.model,
            conf=threshold,
            items=result.items,
            photos=result.photos,
            note=" ".join(n for n in (result.note, _unfamiliar_note(result.photos)) if n),
            saved=saved is not None,
            scan_id=saved.scan_id if saved is not None else None,
            changes=saved.changes if saved is not None else (),
            summary=summarise(saved.changes) if saved is not None else "",
        )

    def latest_scan(self) -> ScanView | None:
        """The newest stored scan with its photos and boxes (None before the first scan)."""
        scan_id = queries.latest_scan_id(self.db)
        return None if scan_id is None else queries.scan_view(self.db, scan_id)

    def scan_view(self, scan_id: int) -> ScanView | None:
        return queries.scan_view(self.db, scan_id)

    # --- wearable import --------------------------------------------------------------------------

    def import_wearable(
        self,
        path: str | os.PathLike[str],
        *,
        on_progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportSummary:
        """LONG. Import an Apple Health / Fitbit / Garmin / Google Fit / Samsung export (file, folder or zip);
        merges with earlier imports. All or nothing; a cancel raises ImportCancelled."""
        from data.wearables import import_export

        return import_export(self.db, Path(path), on_progress=on_progress, cancel=cancel)

    def latest_import(self) -> ImportView | None:
        return queries.latest_import(self.db)

    def health_days(self, last_days: int = 120) -> tuple[DayPoint, ...]:
        """Reconciled days (energy, steps, weight), the last `last_days` up to the newest, oldest first."""
        return queries.health_days(self.db, last_days)

    # --- profile ----------------------------------------------------------------------------------

    def profile(self) -> ProfileView:
        from agents.nutrition.profile_store import show_profile

        return _profile_view(show_profile(self.db))

    @staticmethod
    def profile_choices() -> ProfileChoices:
        """The values each profile field accepts (sexes, goals, activity levels, diets, allergens) and
        the height/weight ranges, so a form offers only what the nutrition agent understands."""
        from agents.app.profile_choices import profile_choices

        return profile_choices()

    @staticmethod
    def goal_rate_bounds(goal: str | None, weight_kg: float | None) -> GoalRateBounds | None:
        """For a lose/gain goal at `weight_kg`: the default pace and the fastest safe one (kg/week);
        None for maintain. update_profile refuses a faster rate with the same words."""
        from agents.app.profile_choices import goal_rate_bounds

        return goal_rate_bounds(goal, weight_kg)

    def units(self) -> Units:
        """The units the user reads body measures in: "metric" (kg, cm) or "us" (lb, ft-in)."""
        from agents.app.units import UNITS_SETTING, checked_units
        from data.settings import get_setting

        return checked_units(get_setting(self.db, UNITS_SETTING, None))

    @_writes
    def set_units(self, units: str) -> Units:
        from agents.app.units import UNIT_SYSTEMS, UNITS_SETTING, checked_units
        from data.settings import set_setting

        if units not in UNIT_SYSTEMS:
            raise UserError(f"units {units!r}: use one of {', '.join(UNIT_SYSTEMS)}")
        set_setting(self.db, UNITS_SETTING, units)
        return checked_units(units)

    @_writes
    def update_profile(self, changes: ProfileChanges) -> ProfileView:
        """Validate every change, then write them in one transaction; returns the profile as stored."""
        from agents.app.profile_choices import profile_choices
        from agents.nutrition.profile_store import apply_changes, show_profile

        choices = profile_choices()  # the CLI's argparse choices; the window must not bypass them
        for name, value, allowed in (
            ("sex", changes.sex, choices.sexes),
            ("goal", changes.goal, choices.goals),
            ("activity level", changes.activity_level, choices.activity_levels),
        ):
            if value is not None and value not in {key for key, _ in allowed}:
                raise UserError(f"{name} {value!r}: use one of {', '.join(k for k, _ in allowed)}")
        return _profile_view(
            apply_changes(self.db, changes) if not changes.is_empty() else show_profile(self.db)
        )

    # --- plan -------------------------------------------------------------------------------------

    @_writes
    def plan_nutrition(
        self,
        *,
        days: int = 7,
        diet: str | None = None,
        allergies: Sequence[str] = (),
        dislikes: Sequence[str] = (),
        save: bool = True,
        on_progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> NutritionResult:
        """The nutrition agent alone: targets, fridge supply, deficits, recommendations with reasons.
        diet/allergies/dislikes apply to this run only. `save` stores it (the window shows the latest)."""
        from agents.cart.catalog import CatalogPrices
        from agents.nutrition.service import plan_from_database

        if not 1 <= days <= 366:
            raise UserError(f"days must be between 1 and 366, got {days}")
        _cancelled(cancel, "plan")
        if on_progress is not None:
            on_progress(0.0, "planning")
        result = plan_from_database(
            self.db,
            days=days,
            diet=diet,
            allergies=list(allergies),
            dislikes=list(dislikes),
            save=save,
            price_source=CatalogPrices(),  # the same ranking as `larder plan --nutrition-only`
        )
        if on_progress is not None:
            on_progress(1.0, "done")
        return result

    # --- the orchestrated plan (H6: agents/orchestrator) -----------------------------------------

    def run_plan(
        self,
        request: PlanRequest,
        *,
        on_event: Callable[[AgentEvent], None] | None = None,
        cancel: CancelToken | threading.Event | None = None,
    ) -> PlanRun:
        """LONG. The whole pipeline as parallel agents (vision per photo, health per export, prices per
        provider, then nutrition, then cart), written in one transaction at the end with its trace.
        `on_event` gets every trace event from the worker threads (a window hands it to its UI thread);
        a cancel stops within a second and raises RunCancelled, writing nothing."""
        from agents.orchestrator.pipeline import run_plan

        return run_plan(self.db, self.paths, request, on_event=on_event, cancel=cancel, secrets=self.secrets)

    def runs(self, limit: int = 50) -> tuple[RunSummary, ...]:
        """Past plan runs, newest first."""
        from agents.orchestrator.runs_store import list_runs

        return tuple(list_runs(self.db, limit))

    def run(self, run_id: int) -> RunDetail:
        """One past run: its request, result and every trace event (UserError if there is none)."""
        from agents.orchestrator.runs_store import load_run

        return load_run(self.db, run_id)

    def latest_plan(self) -> PlanView | None:
        """The newest stored plan, read from what the nutrition agent stored."""
        return queries.latest_plan(self.db)

    def stored_plan(self, plan_id: int) -> PlanView | None:
        """A stored plan by id (the one a past run made), as latest_plan shows it; None if gone."""
        return queries.plan_by_id(self.db, plan_id)

    @staticmethod
    def plan_view(result: NutritionResult) -> PlanView:
        """The window's view of a plan just returned by plan_nutrition (same fields as latest_plan)."""
        return queries.plan_view(result)

    # --- shopping list ----------------------------------------------------------------------------

    def shopping_list(self, *, include_checked: bool = True) -> tuple[EntryView, ...]:
        from agents import shopping_list as sl

        return tuple(sl.entries(self.db, include_checked=include_checked))

    @_writes
    def add_to_list(
        self, name: str, quantity: float = 1.0, *, unit: str | None = None, note: str = ""
    ) -> EntryView:
        """Names resolve to ingredients ("eggs" -> Egg); an unticked entry of the same kind grows."""
        from agents import shopping_list as sl

        return sl.add_entry(self.db, taxonomy(), name, quantity, unit, note)

    @_writes
    def set_list_checked(self, entry_id: int, checked: bool = True) -> EntryView:
        from agents import shopping_list as sl

        return sl.set_checked(self.db, entry_id, checked)

    @_writes
    def remove_from_list(self, entry_id: int) -> EntryView:
        from agents import shopping_list as sl

        return sl.remove_entry(self.db, entry_id)

    @_writes
    def move_list_entry(self, entry_id: int, steps: int) -> tuple[EntryView, ...]:
        """Move an entry up (negative) or down among the unticked (or ticked) ones; the new order."""
        from agents import shopping_list as sl

        return tuple(sl.move_entry(self.db, entry_id, steps))

    @_writes
    def clear_checked(self) -> int:
        """Remove the ticked entries; returns how many."""
        from agents import shopping_list as sl

        return sl.clear_checked(self.db)

    # --- cart and providers -----------------------------------------------------------------------

    @_writes
    def build_cart(
        self,
        *,
        provider: str | None = None,
        budget: float | None = None,
        days: int = 7,
        organic: bool = False,
        brands: Sequence[str] = (),
        on_progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> Cart:
        """LONG. Plan, shopping list, prices, optimisation: a priced draft order, saved (cart.order_id).
        provider None: the `cart.provider` setting or offline. organic/brands add to the stored
        preferences for this run. Nothing is sent anywhere."""
        from agents.cart.optimise import Preferences
        from agents.cart.service import build_draft
        from agents.cart.settings import preferences, read_settings

        settings = read_settings(self.db)
        chosen = provider or str(settings.get("cart.provider") or "offline")
        stored = preferences(settings)
        prefs = Preferences(brands=tuple(brands) or stored.brands, organic=organic or stored.organic)
        return build_draft(
            self.db,
            provider=chosen,
            budget=budget,
            days=days,
            secrets=self.secrets,
            preferences=prefs,
            on_progress=on_progress,
            cancel=cancel,
        )

    def _kroger(self) -> KrogerClient:
        from agents.cart.service import kroger_client
        from agents.cart.settings import read_settings

        return kroger_client(read_settings(self.db), self.secrets)

    def kroger_login(
        self,
        open_url: Callable[[str], object],
        *,
        timeout_s: float = 300.0,
        cancel: CancelToken | None = None,
    ) -> None:
        """LONG (waits for the browser). Sign in to Kroger; the refresh token goes to the keyring."""
        client = self._kroger()
        try:
            client.login(open_url=open_url, timeout_s=timeout_s, cancel=cancel)
        finally:
            client.close()

    def kroger_stores(
        self, zip_code: str, *, limit: int = 5, cancel: CancelToken | None = None
    ) -> tuple[KrogerLocation, ...]:
        """LONG (network). The Kroger stores nearest a US ZIP code, nearest first; nothing is stored."""
        zip_code = zip_code.strip()
        if not (zip_code.isdigit() and len(zip_code) == 5):
            raise UserError(f"{zip_code!r} is not a 5-digit US ZIP code")
        client = self._kroger()
        try:
            return tuple(client.locations(zip_code, limit=limit, cancel=cancel))
        finally:
            client.close()

    @_writes
    def set_kroger_store(self, location: KrogerLocation) -> KrogerLocation:
        """Remember a store from kroger_stores for pricing (its id, and its name for the status bar)."""
        from agents.cart.settings import KROGER_LOCATION, KROGER_LOCATION_NAME
        from data.settings import set_settings

        if not location.location_id:
            raise UserError("that store has no location id")
        label = f"{location.name}, {location.address}" if location.address else location.name
        set_settings(self.db, {KROGER_LOCATION: location.location_id, KROGER_LOCATION_NAME: label})
        return location

    def store_connection(self) -> StoreConnection:
        """The chosen provider, Kroger store and what the keyring holds for it (reads the keyring: call
        it off the UI thread)."""
        from agents.cart.settings import KROGER_LOCATION, KROGER_LOCATION_NAME, read_settings

        settings = read_settings(self.db)
        provider = str(settings.get("cart.provider") or "offline")
        needed = credentials_of(provider) if provider != "offline" else ()
        return StoreConnection(
            provider=provider,
            store_id=str(settings.get(KROGER_LOCATION) or "") if provider == "kroger" else "",
            store_name=str(settings.get(KROGER_LOCATION_NAME) or "") if provider == "kroger" else "",
            has_credentials=bool(needed) and all(self.secrets.has(c.provider, c.name) for c in needed),
            signed_in=provider == "kroger" and self.secrets.has("kroger", "refresh_token"),
        )

    @_writes
    def choose_kroger_store(self, zip_code: str) -> KrogerLocation:
        """The Kroger store nearest a US ZIP code, remembered for pricing."""
        from agents.cart.settings import KROGER_LOCATION, write_setting

        zip_code = zip_code.strip()
        if not (zip_code.isdigit() and len(zip_code) == 5):
            raise UserError(f"{zip_code!r} is not a 5-digit US ZIP code")
        client = self._kroger()
        try:
            found = client.locations(zip_code, limit=1)
        finally:
            client.close()
        if not found:
            raise UserError(f"kroger: no store near {zip_code}")
        write_setting(self.db, KROGER_LOCATION, found[0].location_id)
        return self.set_kroger_store(found[0])  # the name too, for the window's status bar

    def lookup_barcode(self, barcode: str, *, cancel: CancelToken | None = None) -> PackagedProduct:
        """A packaged product on Open Food Facts, mapped to an ingredient where one fits."""
        from agents.cart.settings import read_settings
        from agents.providers.config import base_url
        from agents.providers.openfoodfacts import OpenFoodFactsClient

        client = OpenFoodFactsClient(base_url("openfoodfacts", read_settings(self.db)))
        try:
            return client.product(barcode, cancel=cancel)
        finally:
            client.close()

    # --- orders -----------------------------------------------------------------------------------

    def orders(self) -> tuple[OrderView, ...]:
        """Every order with its lines and status history, newest first."""
        from agents.cart.orders import list_orders

        return tuple(list_orders(self.db))

    def order_rows(self) -> tuple[OrderRow, ...]:
        """The orders as table rows (no lines), newest first."""
        return tuple(_order_row(o) for o in self.orders())

    def order(self, order_id: int) -> OrderView:
        from agents.cart.orders import load_order

        return load_order(self.db, order_id)

    @_writes
    def edit_order_line(self, order_id: int, line_id: int, quantity: int) -> OrderView:
        """A draft line's package count (0 removes the line); totals follow."""
        from agents.cart.orders import edit_line

        return edit_line(self.db, order_id, line_id, quantity)

    def line_alternatives(
        self, order_id: int, line_id: int, *, cancel: CancelToken | None = None
    ) -> tuple[Product, ...]:
        """LONG for a Kroger order (searches the chosen store). Other sizes and brands for a draft line,
        cheapest first; offline and Instacart orders look in the offline catalog."""
        from agents.cart.alternatives import alternatives

        kroger = self._kroger() if self.order(order_id).provider == "kroger" else None
        try:
            return tuple(alternatives(self.db, taxonomy(), order_id, line_id, kroger, cancel=cancel))
        finally:
            if kroger is not None:
                kroger.close()

    @_writes
    def swap_order_line(self, order_id: int, line_id: int, product: Product) -> OrderView:
        """Put `product` (one of line_alternatives) in a draft line, same package count; totals follow."""
        from agents.cart.orders import swap_line

        return swap_line(self.db, order_id, line_id, product)

    def submit_order(
        self,
        order_id: int,
        *,
        confirm: bool = False,
        provider: str | None = None,
        cancel: CancelToken | None = None,
    ) -> SubmitReport:
        """LONG when confirmed. A dry run unless `confirm`; `provider` overrides the order's own. On a
        failure the order stays a draft and the error says whether anything may have been sent."""
        from agents.cart.service import make_taker
        from agents.cart.settings import read_settings
        from agents.cart.submit import submit_order

        order = self.order(order_id)
        if order.status != "draft":
            raise UserError(f"order {order.id} is {order.status}; only a draft can be submitted")
        taker = make_taker(provider or order.provider, read_settings(self.db), self.secrets)
        try:
            return submit_order(self.db, order_id, taker, dry_run=not confirm, cancel=cancel)
        finally:
            close = getattr(taker, "close", None)
            if close is not None:
                close()

    def cancel_order(self, order_id: int) -> OrderView:
        return self._set_status(order_id, "cancelled")

    def complete_order(self, order_id: int) -> OrderView:
        return self._set_status(order_id, "completed")

    @_writes
    def _set_status(self, order_id: int, status: str) -> OrderView:
        from agents.cart.orders import set_status

        return set_status(self.db, order_id, status, note="by the user")

    # --- export -----------------------------------------------------------------------------------

    def export(
        self,
        ref: str | int,
        fmt: str = "csv",
        out: str | os.PathLike[str] | None = None,
        *,
        paper: str = "a4",
    ) -> ExportResult:
        """An order ("3" / 3) or a shopping list ("list:1") as csv, md, txt, json or pdf. With `out` the
        file is written atomically; without, the bytes are only returned (a PDF needs `out`)."""
        from agents.cart.export import FORMATS, export

        if fmt not in FORMATS:
            raise UserError(f"unknown export format {fmt!r} (choose {', '.join(FORMATS)})")
        target = Path(out).expanduser() if out is not None else None
        doc, data = export(self.db, str(ref), fmt, target, paper=paper)
        return ExportResult(
            doc.ref, fmt, target.resolve() if target is not None else None, data, len(doc.rows)
        )

    # --- inventory --------------------------------------------------------------------------------

    def inventory(self, *, include_gone: bool = False) -> tuple[InventoryRow, ...]:
        """What is in the fridge (with `include_gone`, also used-up and discarded items), by name."""
        from agents.inventory import manual

        return tuple(_inventory_row(i) for i in manual.list_items(self.db, include_gone=include_gone))

    @_writes
    def add_item(
        self, ingredient: str, quantity: float | None = None, *, not_for_eating: bool = False
    ) -> InventoryRow:
        """Add by hand (id, name or alias); without a quantity one piece or package. A hand-entered item
        of the same ingredient grows instead of a new one appearing."""
        from agents.inventory import manual

        return _inventory_row(
            manual.add_item(self.db, taxonomy(), ingredient, quantity, not_for_eating=not_for_eating)
        )

    @_writes
    def set_item(
        self, item_id: int, quantity: float | None = None, *, not_for_eating: bool | None = None
    ) -> InventoryRow:
        """Edit an item: quantity 0 marks it used up, any other brings it back."""
        from agents.inventory import manual

        return _inventory_row(manual.set_item(self.db, item_id, quantity, not_for_eating=not_for_eating))

    @_writes
    def add_item_text(self, text: str) -> InventoryRow:
        """Add what a person typed: "6 eggs", "500 g greek yogurt", "1.5 kg chicken", "milk"."""
        from agents.inventory import manual

        return _inventory_row(manual.add_item_text(self.db, taxonomy(), text))

    @_writes
    def edit_item(
        self,
        item_id: int,
        *,
        quantity: float | None = None,
        unit: str | None = None,
        expires_at: datetime | None = None,
        clear_expiry: bool = False,
        ingredient: str | None = None,
    ) -> InventoryRow:
        """Correct an item in one transaction: quantity (0: used up), unit (g, ml, piece), best-before
        (aware), or what it is (`ingredient`: id, name or alias; the name follows)."""
        from agents.inventory import manual

        return _inventory_row(
            manual.edit_item(
                self.db,
                taxonomy(),
                item_id,
                quantity=quantity,
                unit=unit,
                expires_at=expires_at,
                clear_expiry=clear_expiry,
                ingredient=ingredient,
            )
        )

    @_writes
    def remove_item(self, item_id: int) -> InventoryRow:
        from agents.inventory import manual

        return _inventory_row(manual.remove_item(self.db, item_id))

    @_writes
    def undo_scan(self, scan_id: int | None = None) -> UndoResult:
        """Put back what a saved scan changed (the newest by default; later scans must be undone first)."""
        from agents.inventory import manual

        undone, items = manual.undo_scan(self.db, scan_id)
        return UndoResult(undone, tuple(_inventory_row(i) for i in items))

    def inventory_history(self, limit: int = 50) -> tuple[InventoryEventRow, ...]:
        from agents.inventory import manual

        return tuple(
            InventoryEventRow(
                e.id,
                e.item_id,
                e.name,
                e.scan_id,
                e.at,
                e.kind,
                e.quantity_before,
                e.quantity_after,
                e.status_before,
                e.status_after,
            )  # fmt: skip
            for e in manual.history(self.db, limit)
        )

    @_writes
    def map_label(self, label: str, ingredient: str) -> LabelMapped:
        """Remember that the model's `label` is `ingredient` (for later scans, and for stored items)."""
        from agents.inventory import manual

        ingredient_id, changed = manual.map_label(self.db, taxonomy(), label, ingredient)
        return LabelMapped(label, ingredient_id, changed)

    # --- ingredients ------------------------------------------------------------------------------

    def ingredients(self, query: str = "") -> tuple[Ingredient, ...]:
        """Reference ingredients matching an id, name, alias or category ("" lists all); for completion."""
        return tuple(taxonomy().search(query))

    def search_foods(self, query: str, limit: int = 25) -> tuple[FoodMatch, ...]:
        """SR28 foods matching `query`, best first: Larder's ingredients (name, alias, SR28 description),
        then every other SR28 food whose description has words starting with the query's; each with its
        NDB number as id, food group, a few nutrients per 100 g and the default grams of one piece."""
        from agents.nutrition.own_foods import search_foods

        return search_foods(taxonomy(), query, limit)

    def food(self, food_id: str) -> FoodMatch:
        """The SR28 food an NDB number (or a taxonomy id) names; UserError when Larder's tables lack it."""
        from agents.nutrition.own_foods import food

        return food(taxonomy(), food_id)

    def preload_foods(self) -> int:
        """Read the SR28 table and build its search index once (~0.25 s), so that the window's first
        food search does not pay it on the UI thread; the number of foods."""
        from agents.nutrition.own_foods import search_foods
        from data.sr28_foods import load_sr28_foods

        search_foods(taxonomy(), "milk", 1)  # the taxonomy's and the table's word indexes, built now
        return len(load_sr28_foods())

    @staticmethod
    def check_piece_grams(grams: float) -> float:
        """`grams` as one piece's weight for a link, or UserError (above 0, at most 20 kg, a number)."""
        from agents.nutrition.own_foods import check_piece_grams

        checked = check_piece_grams(grams)
        assert checked is not None
        return checked

    @_writes
    def link_own_food(self, name: str, food_id: str, piece_g: float | None = None) -> FoodLink:
        """Count the user's own item `name` as SR28 food `food_id` (NDB number) from now on, `piece_g`
        grams a piece (None: the food's default, see FoodMatch.piece_g): nutrition then counts its
        nutrients. UserError for an unknown food, bad grams or a name that is an ingredient."""
        from agents.nutrition.own_foods import link_own_item

        return link_own_item(self.db, taxonomy(), name, food_id, piece_g)

    def food_link(self, name: str) -> FoodLink | None:
        """The own item `name`'s link to a food, or None (to put it back on undo)."""
        from agents.nutrition.own_foods import own_link

        return own_link(self.db, taxonomy(), name)

    @_writes
    def unlink_own_food(self, name: str) -> bool:
        """The own item `name` has no nutrients again (the undo of a first link); False when it had no
        link. To put an earlier link back, link_own_food(name, link.food.id, link.chosen_piece_g)."""
        from agents.nutrition.own_foods import unlink_own_item

        return unlink_own_item(self.db, name)

    def answers_moved(self) -> str:
        """What the user's answers in reviews changed in later scans, in a sentence ("" when nothing):
        classes now claimed from a lower (or higher) confidence, for the model a scan would use now."""
        from agents.inventory.review_learning import claims_from, describe_claims

        return describe_claims(claims_from(self.db))

    def food_links(self) -> tuple[FoodLink, ...]:
        """Every own item linked to an SR28 food, by name."""
        from agents.nutrition.own_foods import food_links

        return food_links(self.db, taxonomy())

    def ingredient(self, name: str) -> Ingredient | None:
        """The ingredient an id, name or alias names, or None."""
        tax = taxonomy()
        return tax.lookup(name) or (tax.get(name) if name in tax else None)

    @staticmethod
    def display_name(ingredient_id: str | None, fallback: str = "") -> str:
        return display_name(ingredient_id, fallback)

    @staticmethod
    def category(ingredient_id: str | None) -> str:
        return category(ingredient_id)

    # --- settings ---------------------------------------------------------------------------------

    def setting(self, key: str, default: JsonValue = None) -> JsonValue:
        from data.settings import get_setting

        value: JsonValue = get_setting(self.db, key, default)
        return value

    @_writes
    def set_setting(self, key: str, value: JsonValue) -> None:
        """A non-secret preference (None deletes it). Secrets go to set_credential, never here."""
        from data.settings import set_setting

        set_setting(self.db, key, value)

    def detector_settings(self) -> DetectorSettings:
        from agents.inventory.settings import conf_threshold, model_setting

        return DetectorSettings(model_setting(self.db) or "", conf_threshold(self.db))

    @_writes
    def save_detector_settings(self, model_path: str, conf_threshold: float) -> DetectorSettings:
        """Validate (a .pt/.onnx file that exists; 0.01-0.99), then store both in one transaction."""
        from agents.inventory.settings import CONF_KEY, MODEL_KEY
        from data.settings import set_settings

        path = model_path.strip()
        if path:
            candidate = Path(path).expanduser()
            if candidate.suffix.lower() not in MODEL_SUFFIXES:
                raise UserError(f"{path}: a detector model must be a .pt or .onnx file")
            if not candidate.is_file():
                raise UserError(f"{path}: no such model file")
            path = str(candidate.resolve())
        _check_conf(conf_threshold, low=0.01, high=0.99)
        prefs = DetectorSettings(path, round(conf_threshold, 2))
        set_settings(self.db, {MODEL_KEY: prefs.model_path or None, CONF_KEY: prefs.conf_threshold})
        return prefs

    # --- credentials (system keyring only) --------------------------------------------------------

    @staticmethod
    def credential_fields(provider: str | None = None) -> tuple[Credential, ...]:
        """The secrets each provider needs (provider, name, label)."""
        return CREDENTIALS if provider is None else credentials_of(provider)

    def credentials(self) -> tuple[CredentialStatus, ...]:
        """Which credentials are in the keyring (never their values)."""
        return tuple(CredentialStatus(c, self.secrets.has(c.provider, c.name)) for c in CREDENTIALS)

    def set_credential(self, provider: str, name: str, value: str) -> None:
        known = {(c.provider, c.name): c for c in CREDENTIALS}
        credential = known.get((provider, name))
        if credential is None:
            raise UserError(f"{provider} has no credential {name!r}")
        value = value.strip()
        if not value:
            raise UserError(f"{credential.label} is empty; nothing was saved")
        self.secrets.set(provider, name, value)

    def set_credentials(self, provider: str, values: Mapping[str, str]) -> tuple[str, ...]:
        """All of a provider's credentials at once; refuses (storing nothing) if one is missing."""
        wanted = credentials_of(provider)
        if not wanted:
            raise UserError(f"{provider} needs no credentials")
        missing = [c.name for c in wanted if not values.get(c.name, "").strip()]
        if missing:
            raise UserError(f"no {', '.join(missing)} given; nothing was stored")
        for c in wanted:
            self.secrets.set(provider, c.name, values[c.name].strip())
        return tuple(sorted(c.name for c in wanted))

    def delete_credential(self, provider: str, name: str) -> bool:
        return self.secrets.delete(provider, name)

    def test_credentials(self, provider: str, *, cancel: CancelToken | None = None) -> CredentialCheck:
        """One cheap call with the stored credentials (Kroger: a token request); never raises for a
        refusal or a missing keyring: the check's message says what is wrong."""
        from agents.cart.settings import read_settings
        from agents.credential_check import check_credentials

        return check_credentials(provider, read_settings(self.db), self.secrets, cancel)

    def forget_credentials(self, provider: str) -> tuple[str, ...]:
        """Delete a provider's credentials and tokens from the keyring; returns the names deleted."""
        return tuple(c.name for c in entries_of(provider) if self.secrets.delete(provider, c.name))

    # --- review and learning -----------------------------------------------------------------------

    def review(self, scan_id: int) -> ReviewView:
        """A saved scan's photos with every detection (id, name or None when unnamed, box, status)."""
        from agents.inventory.review import review_view

        return review_view(self.db, taxonomy(), scan_id)

    @_writes
    def apply_review(self, scan_id: int, changes: ReviewChanges | Mapping[str, object]) -> ReviewResult:
        """Confirm/reject/relabel/recount/add in one transaction; the inventory follows. `changes` is a
        ReviewChanges or the correction file's JSON object. Reviewed photos then become labelled data and
        named products go into the appearance memory (the next scan recognises them)."""
        from agents.inventory.review import ReviewChanges, apply_review, parse_changes
        from agents.inventory.review_learning import learn_from_scan

        parsed = changes if isinstance(changes, ReviewChanges) else parse_changes(dict(changes))
        result = apply_review(self.db, taxonomy(), scan_id, parsed)
        return replace(result, learned=learn_from_scan(self.db, self.paths, scan_id))

    @_writes
    def undo_review(self, scan_id: int) -> ReviewUndo:
        """Put back the scan's newest applied review (detections and inventory, as one)."""
        from agents.inventory.review import undo_review
        from agents.inventory.review_learning import learn_from_scan

        undone = undo_review(self.db, scan_id)
        learn_from_scan(self.db, self.paths, scan_id)
        return undone

    def learn(
        self,
        *,
        minutes: float = 8.0,
        device: str = "cpu",
        on_progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> LearnReport:
        """LONG. Fine-tune a personal model on the reviewed photos; it becomes active only if better on
        held-back photos (status improved), else the current model stays (kept, with the reason)."""
        from agents.inventory.review_learning import learn

        return learn(
            self.db, self.paths, minutes=minutes, device=device, on_progress=on_progress, cancel=cancel
        )

    @_writes
    def rollback_model(self) -> LearnReport:
        """Make the model that was active before the last improvement active again."""
        from agents.inventory.review_learning import rollback

        return rollback(self.db)

    def personal_model(self) -> str | None:
        """The personal model `learn` made active (None: the bundled or chosen one; nothing to roll back)."""
        from agents.inventory.review_learning import active_personal_model

        return active_personal_model(self.db)

    def detection_crop(self, scan_id: int, detection_id: int, out: Path | None = None) -> Path:
        """Save one detection's part of its photo as a PNG (the exports folder unless `out`)."""
        from agents.inventory.review_learning import crop_detection

        return crop_detection(self.db, self.paths, scan_id, detection_id, out)

    # --- detector training and evaluation ---------------------------------------------------------

    def train(
        self,
        data: str | os.PathLike[str],
        *,
        model: str | None = None,
        epochs: int | None = None,
        imgsz: int | None = None,
        batch: int | None = None,
        device: str | None = None,
        name: str = "fridge",
        out: str | os.PathLike[str] | None = None,
        on_progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> TrainReport:
        """LONG (minutes to hours). Train a YOLO detector on a labelled data set (DATA.yaml); writes
        NAME.pt and a model card to `out` (default: the home's models folder). Nothing is downloaded."""
        from vision.training import default_config, train

        if epochs is not None and not 1 <= epochs <= 10000:
            raise UserError(f"epochs {epochs}: must be between 1 and 10000")
        _check_imgsz(imgsz)
        if batch is not None and not 1 <= batch <= 1024:
            raise UserError(f"batch {batch}: must be between 1 and 1024")
        if not name.replace("-", "").replace("_", "").isalnum():
            raise UserError(f"name {name!r}: use letters, digits, - and _ only")
        folder = Path(out).expanduser() if out is not None else self.paths.models
        config = default_config(
            Path(data), folder, model=model, epochs=epochs, imgsz=imgsz, device=device, name=name
        )
        if batch:
            config = replace(config, batch=batch)
        result = train(config, search_dirs=(self.paths.models,), on_progress=on_progress, cancel=cancel)
        return TrainReport(
            weights=result.weights,
            card_json=result.card_json,
            card_md=result.card_md,
            metrics=tuple(result.metrics.items()),
            seconds=result.seconds,
            model=config.model,
            epochs=config.epochs,
            imgsz=config.imgsz,
            batch=config.batch,
            workers=config.workers,
            device=config.device,
            data=config.data,
            out=config.out,
            name=config.name,
        )

    def evaluate(
        self,
        data: str | os.PathLike[str],
        *,
        model: str | None = None,
        split: str = "val",
        conf: float | None = None,
        imgsz: int | None = None,
        device: str | None = None,
        on_progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> EvalResult:
        """LONG. Score a detector (the chosen one by default) on a labelled data set: mAP, per-class AP,
        latency, per-photo presence precision/recall and count error at `conf` (default 0.25)."""
        from agents.inventory.detecting import open_detector
        from vision.errors import ModelUnavailable
        from vision.evaluation import evaluate

        _check_conf(conf)
        _check_imgsz(imgsz)
        choice = open_detector(self.db, self.paths, model, device=device, imgsz=imgsz)
        if choice.detector is None:
            raise ModelUnavailable(choice.note)
        return evaluate(
            choice.detector.base,  # the model's own scores, before calibration and taught products
            Path(data),
            split=split,
            conf=conf if conf is not None else 0.25,
            imgsz=imgsz,
            on_progress=on_progress,
            cancel=cancel,
        )

    # --- keeping the home safe (data/backup.py, agents/maintenance.py) -----------------------------

    def backup(
        self, dest: str | os.PathLike[str] | None = None, *, on_progress: ProgressFn | None = None
    ) -> BackupReport:
        """LONG for a big database. An online copy of the database (SQLite's backup API, safe while
        another Larder writes) to `dest` (file or folder; default <home>/backups/, newest 7 kept)."""
        from data.backup import backup, list_backups

        def pages(remaining: int, total: int) -> None:
            if on_progress is not None and total > 0:
                on_progress((total - remaining) / total, "backing up")

        made = backup(self.paths, Path(dest).expanduser() if dest is not None else None, on_progress=pages)
        return BackupReport(made, made.stat().st_size, tuple(list_backups(self.paths)))

    def backups(self) -> tuple[BackupFile, ...]:
        """The backups kept in <home>/backups/ (daily, before upgrades, manual), newest first."""
        from data.backup import list_backups

        return tuple(list_backups(self.paths))

    @staticmethod
    def check_backup(src: str | os.PathLike[str]) -> str:
        """The schema revision of a file `restore` would accept; refuses (StorageError) a file that is
        not a Larder database, is damaged or is from a newer Larder. Ask the user only after this."""
        from data.backup import larder_revision

        return larder_revision(Path(src).expanduser())

    @_writes
    def restore(self, src: str | os.PathLike[str]) -> RestoreResult:
        """Replace the database with `src` in one transaction, after backing the current one up."""
        from data.backup import restore

        if "db" in self.__dict__:  # our own connections go first; the next call opens (and upgrades) it
            self.db.close()
            del self.__dict__["db"]
        return restore(self.paths, Path(src).expanduser())

    def export_data(self, out: str | os.PathLike[str] | None = None) -> Path:
        """All personal data as one JSON file (every table; no secrets); returns where it was written."""
        from data.backup import export_data

        return export_data(self.paths, Path(out).expanduser() if out is not None else None)

    def forget(self) -> ForgetReport:
        """Delete everything Larder keeps: keyring entries first, then database, photos, models, exports,
        backups and logs. This Larder is closed afterwards. Ask the user before calling it."""
        from agents.maintenance import forget_everything

        self.close()
        return forget_everything(self._paths, self._secrets)


# --- mapping agent results to read models (each mapping exists once, here) ---------------------------


def _aware(moment: datetime) -> datetime:
    return queries.as_aware(moment)


def _inventory_row(item: ItemView) -> InventoryRow:
    return InventoryRow(
        id=item.id,
        ingredient_id=item.ingredient,
        name=display_name(item.ingredient, item.name),
        category=category(item.ingredient),
        quantity=item.quantity,
        unit=item.unit,
        source=item.source,
        status=item.status,
        not_for_eating=item.not_for_eating,
        confidence=item.confidence,
        added_at=_aware(item.added_at or item.updated_at),
        updated_at=_aware(item.updated_at),
        expires_at=_aware(item.expires_at) if item.expires_at is not None else None,
    )


def _order_row(order: OrderView) -> OrderRow:
    return OrderRow(
        id=order.id,
        created_at=_aware(order.created_at),
        updated_at=_aware(order.updated_at or order.created_at),
        provider=order.provider,
        status=order.status,
        currency=order.currency,
        total=order.total,
        budget=order.budget,
        line_count=len(order.lines),
        indicative=order.indicative,
    )


def _profile_view(data: Mapping[str, object]) -> ProfileView:
    from datetime import date

    def text(name: str) -> str | None:
        value = data.get(name)
        return None if value is None else str(value)

    def number(name: str) -> float | None:
        value = data.get(name)
        return float(value) if isinstance(value, int | float) else None

    def texts(name: str) -> tuple[str, ...]:
        value = data.get(name)
        return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()

    born = data.get("birth_date")
    imported = data.get("imported")
    overrides = data.get("target_overrides")
    return ProfileView(
        sex=text("sex"),
        birth_date=born if isinstance(born, date) else None,
        height_cm=number("height_cm"),
        weight_kg=number("weight_kg"),
        goal=text("goal"),
        goal_rate_kg_per_week=number("goal_rate_kg_per_week"),
        activity_level=text("activity_level"),
        diet=text("diet"),
        allergies=texts("allergies"),
        dislikes=texts("dislikes"),
        user_set=texts("user_set"),
        imported=tuple(
            (str(k), v if isinstance(v, int | float) and not isinstance(v, bool) else str(v))
            for k, v in imported.items()
        )
        if isinstance(imported, dict)
        else (),
        target_overrides=tuple((str(k), float(v)) for k, v in overrides.items() if isinstance(v, int | float))
        if isinstance(overrides, dict)
        else (),
    )
