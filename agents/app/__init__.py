"""Larder's front door: the one typed, Qt-free object through which the CLI and the window do all work.

    from agents.app import Larder, CancelToken, UserError

    with Larder.open(home) as larder:          # home: a folder, or None for $LARDER_HOME / the default
        report = larder.scan(["fridge.jpg"], save=True, on_progress=bar, cancel=token)
        rows = larder.inventory()

Every method opens its own short database session, so a worker thread may call it; results are
frozen read models (no database rows). Methods marked LONG take `on_progress(fraction, message)` and
`cancel` (a CancelToken: set it from any thread; the call raises Cancelled / ImportCancelled and writes
nothing). A user's mistake raises UserError; every error the window must catch is re-exported here
(`USER_FACING`, `is_cancellation`), so no caller imports data.* or vision.*.

The home:
  Larder(home) / Larder.open(home)      open (open() creates and migrates now); close() / `with`
  home() -> HomeInfo                    root, database, photos, models, exports, logs, bundled_model
  root                                  the home folder, without creating it
  home_folder(home) -> Path             (module function) the same before any Larder is made
Scan:
  scan(photos, save=, partial=, replace_manual=, model=, conf=, remember=, device=, imgsz=,
       require_model=, on_progress=, cancel=) -> ScanReport      LONG; the one scan-and-save flow
  latest_scan() / scan_view(id) -> ScanView | None                photos with their stored boxes
  preload_detector(on_progress=, cancel=) -> bool   imports torch/ultralytics (the window, when idle)
Wearables and profile:
  import_wearable(path, on_progress=, cancel=) -> ImportSummary    LONG
  latest_import() -> ImportView | None;  health_days(last_days=120) -> tuple[DayPoint, ...]
  profile() -> ProfileView;  update_profile(ProfileChanges) -> ProfileView
  Larder.profile_choices() -> ProfileChoices (values and ranges the profile accepts)
  Larder.goal_rate_bounds(goal, weight_kg) -> GoalRateBounds | None (default and fastest safe pace)
  units() -> "metric" | "us";  set_units(units);  format_weight(kg, units) / format_height(cm, units),
  format_rate(kg_per_week, units),
  kg_to_lb / lb_to_kg / cm_to_ft_in / ft_in_to_cm             every page shows body measures this way
  parse_target("protein_g=150") -> (key, value)                   for --target style input
Plan (nutrition):
  plan_nutrition(days=, diet=, allergies=, dislikes=, save=, on_progress=, cancel=) -> NutritionResult
  latest_plan() -> PlanView | None;  Larder.plan_view(NutritionResult) -> PlanView
Plan (the whole pipeline as parallel agents, agents/orchestrator):
  run_plan(PlanRequest, on_event=, cancel=) -> PlanRun   LONG; events from worker threads; RunCancelled
  runs(limit=50) -> tuple[RunSummary, ...];  run(run_id) -> RunDetail
Shopping list:
  shopping_list() -> tuple[EntryView, ...];  add_to_list(name, quantity, unit=, note=) -> EntryView
  set_list_checked(id, checked) / remove_from_list(id) -> EntryView;  clear_checked() -> int
Cart and providers:
  build_cart(provider=, budget=, days=, organic=, brands=, on_progress=, cancel=) -> Cart   LONG
  kroger_login(open_url)  LONG;  choose_kroger_store(zip) -> KrogerLocation
  lookup_barcode(code, cancel=) -> PackagedProduct
Orders and export:
  orders() -> tuple[OrderView, ...];  order_rows() -> tuple[OrderRow, ...];  order(id) -> OrderView
  edit_order_line(order_id, line_id, quantity) -> OrderView
  submit_order(id, confirm=False, provider=, cancel=) -> SubmitReport   (dry run unless confirm)
  cancel_order(id) / complete_order(id) -> OrderView
  export(ref, fmt, out=None, paper=) -> ExportResult        ref: order id or "list:ID"
Inventory and ingredients:
  inventory(include_gone=) -> tuple[InventoryRow, ...];  add_item(ingredient, quantity, not_for_eating=)
  set_item(id, quantity, not_for_eating=) / remove_item(id) -> InventoryRow
  add_item_text("6 eggs") / edit_item(id, quantity=, unit=, expires_at=, clear_expiry=, ingredient=) -> InventoryRow
  undo_scan(scan_id=None) -> UndoResult;  inventory_history(limit) -> tuple[InventoryEventRow, ...]
  map_label(label, ingredient) -> LabelMapped
  ingredients(query) -> tuple[Ingredient, ...];  ingredient(name) -> Ingredient | None
  display_name(id, fallback) / category(id) (also module functions here)
Formatting helpers: describe_quantity(quantity, unit, package_desc), WEARABLE_FORMATS (format -> name)
Settings and credentials (values in the system keyring only):
  setting(key, default) / set_setting(key, value);  detector_settings() / save_detector_settings(path, conf)
  credential_fields(provider=None) -> tuple[Credential, ...];  credentials() -> tuple[CredentialStatus, ...]
  set_credential(provider, name, value);  set_credentials(provider, {name: value}) -> names stored
  delete_credential(provider, name) -> bool;  forget_credentials(provider) -> names deleted
  test_credentials(provider, cancel=) -> CredentialCheck   one cheap call (Kroger: a token request)
Keeping the home safe:
  backup(dest=None, on_progress=) -> BackupReport  LONG;  backups() -> tuple[BackupFile, ...]
  Larder.check_backup(file) -> schema revision (refuses a bad file);  restore(file) -> RestoreResult
  export_data(out=None) -> Path (all personal data as JSON);  forget() -> ForgetReport (closes the Larder)
Review and learning (a saved scan's detections corrected by the user; a personal model from them):
  review(scan_id) -> ReviewView;  apply_review(scan_id, ReviewChanges | mapping) -> ReviewResult
  undo_review(scan_id) -> ReviewUndo;  learn(minutes=, device=, on_progress=, cancel=) -> LearnReport  LONG
  rollback_model() -> LearnReport;  detection_crop(scan_id, detection_id, out=None) -> Path (a PNG)
  ReviewChanges(confirm=(id,), reject=, relabel={id: name}, count={id: n}, add=(AddBox(photo, name, box),))
  ReviewView.photos -> ReviewPhoto(photo_id, path, width, height, detections: DetectionView(id, ingredient,
    name (None when unnamed), label, confidence, box, status, source, count, unsure, guess, guess_name:
    an unnamed suggestion's faint guess, which confirming accepts))
  search_foods(query, limit=25) -> tuple[FoodMatch(id (SR28 NDB), ingredient (None: not a Larder ingredient),
    name, short_name, per_100g, food_group, piece_g, piece_source, piece_note, portions, in_larder)];  food(id)
  link_own_food(name, food_id, piece_g=None) -> FoodLink(name, food, piece_g, piece_source, piece_why): an own
    item counted as that food, piece_g grams a piece (None: the food's default);  food_links();  food_link(name)
    -> FoodLink | None;  unlink_own_food(name) -> bool (undo: link again with link.food.id, link.chosen_piece_g)
  check_piece_grams(grams) -> grams, or UserError (what link_own_food accepts as one piece's weight)
Detector:
  train(data, model=, epochs=, imgsz=, batch=, device=, name=, out=, on_progress=, cancel=) -> TrainReport  LONG
  evaluate(data, model=, split=, conf=, imgsz=, device=, on_progress=, cancel=) -> EvalResult            LONG
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Name -> (module, attribute). Importing agents.app costs nothing: a name's module loads when it is
# first used (the window shows itself before sqlmodel, the agents or the detector are imported).
_EXPORTS: dict[str, tuple[str, str]] = {
    "CancelToken": ("agents.app.cancel", "CancelToken"),
    "ProgressFn": ("agents.app.cancel", "ProgressFn"),
    "USER_FACING": ("agents.app.errors", "USER_FACING"),
    "AgentError": ("agents.app.errors", "AgentError"),
    "Cancelled": ("agents.app.errors", "Cancelled"),
    "DatasetError": ("agents.app.errors", "DatasetError"),
    "ImportCancelled": ("agents.app.errors", "ImportCancelled"),
    "ImportFormatError": ("agents.app.errors", "ImportFormatError"),
    "LarderDataError": ("agents.app.errors", "LarderDataError"),
    "ModelUnavailable": ("agents.app.errors", "ModelUnavailable"),
    "PhotoError": ("agents.app.errors", "PhotoError"),
    "ProviderError": ("agents.app.errors", "ProviderError"),
    "SecretStoreError": ("agents.app.errors", "SecretStoreError"),
    "StorageError": ("agents.app.errors", "StorageError"),
    "TrainingError": ("agents.app.errors", "TrainingError"),
    "UserError": ("agents.app.errors", "UserError"),
    "VisionError": ("agents.app.errors", "VisionError"),
    "is_cancellation": ("agents.app.errors", "is_cancellation"),
    "is_user_facing": ("agents.app.errors", "is_user_facing"),
    "Larder": ("agents.app.larder", "Larder"),
    "home_folder": ("agents.app.homes", "home_folder"),
    "category": ("agents.app.names", "category"),
    "display_name": ("agents.app.names", "display_name"),
    "pretty_id": ("agents.app.names", "pretty_id"),
    "ProfileChoices": ("agents.app.profile_choices", "ProfileChoices"),
    "UNIT_SYSTEMS": ("agents.app.units", "UNIT_SYSTEMS"),
    "Units": ("agents.app.units", "Units"),
    "cm_to_ft_in": ("agents.app.units", "cm_to_ft_in"),
    "format_height": ("agents.app.units", "format_height"),
    "format_weight": ("agents.app.units", "format_weight"),
    "format_rate": ("agents.app.units", "format_rate"),
    "GoalRateBounds": ("agents.app.profile_choices", "GoalRateBounds"),
    "ft_in_to_cm": ("agents.app.units", "ft_in_to_cm"),
    "kg_to_lb": ("agents.app.units", "kg_to_lb"),
    "lb_to_kg": ("agents.app.units", "lb_to_kg"),
    "EXPIRY_AMBER_DAYS": ("agents.app.views", "EXPIRY_AMBER_DAYS"),
    "EXPIRY_RED_DAYS": ("agents.app.views", "EXPIRY_RED_DAYS"),
    "BackupReport": ("agents.app.views", "BackupReport"),
    "BoxView": ("agents.app.views", "BoxView"),
    "CredentialStatus": ("agents.app.views", "CredentialStatus"),
    "DayPoint": ("agents.app.views", "DayPoint"),
    "DetectorSettings": ("agents.app.views", "DetectorSettings"),
    "ExportResult": ("agents.app.views", "ExportResult"),
    "HomeInfo": ("agents.app.views", "HomeInfo"),
    "ImportView": ("agents.app.views", "ImportView"),
    "InventoryEventRow": ("agents.app.views", "InventoryEventRow"),
    "InventoryRow": ("agents.app.views", "InventoryRow"),
    "JsonValue": ("agents.app.views", "JsonValue"),
    "LabelMapped": ("agents.app.views", "LabelMapped"),
    "NutrientRow": ("agents.app.views", "NutrientRow"),
    "OrderRow": ("agents.app.views", "OrderRow"),
    "PhotoView": ("agents.app.views", "PhotoView"),
    "PlanView": ("agents.app.views", "PlanView"),
    "ProfileView": ("agents.app.views", "ProfileView"),
    "RecommendationRow": ("agents.app.views", "RecommendationRow"),
    "ScanReport": ("agents.app.views", "ScanReport"),
    "ScanView": ("agents.app.views", "ScanView"),
    "StoreConnection": ("agents.app.views", "StoreConnection"),
    "Product": ("agents.providers.base", "Product"),
    "TrainReport": ("agents.app.views", "TrainReport"),
    "UndoResult": ("agents.app.views", "UndoResult"),
    "count_expiring": ("agents.app.views", "count_expiring"),
    "OrderLineView": ("agents.cart.orders", "LineView"),
    "OrderView": ("agents.cart.orders", "OrderView"),
    "StatusView": ("agents.cart.orders", "StatusView"),
    "Cart": ("agents.cart.result", "Cart"),
    "CartLine": ("agents.cart.result", "CartLine"),
    "ShortItem": ("agents.cart.result", "ShortItem"),
    "SubmitReport": ("agents.cart.submit", "SubmitReport"),
    "Change": ("agents.inventory.changes", "Change"),
    "describe_quantity": ("agents.inventory.quantities", "describe"),
    "AddBox": ("agents.inventory.review", "AddBox"),
    "DetectionView": ("agents.inventory.review", "DetectionView"),
    "ReviewChanges": ("agents.inventory.review", "ReviewChanges"),
    "ReviewPhoto": ("agents.inventory.review", "ReviewPhoto"),
    "ReviewResult": ("agents.inventory.review", "ReviewResult"),
    "ReviewUndo": ("agents.inventory.review", "ReviewUndo"),
    "ReviewView": ("agents.inventory.review", "ReviewView"),
    "LearnReport": ("agents.inventory.review_learning", "LearnReport"),
    "ScanItem": ("agents.inventory.scanning", "ScanItem"),
    "ForgetReport": ("agents.maintenance", "ForgetReport"),
    "FoodLink": ("agents.nutrition.own_foods", "FoodLink"),
    "FoodMatch": ("agents.nutrition.own_foods", "FoodMatch"),
    "ProfileChanges": ("agents.nutrition.profile_store", "ProfileChanges"),
    "parse_target": ("agents.nutrition.profile_store", "parse_target"),
    "NutritionResult": ("agents.nutrition.result", "NutritionResult"),
    "AgentEvent": ("agents.orchestrator.events", "AgentEvent"),
    "RunCancelled": ("agents.orchestrator.graph", "RunCancelled"),
    "PlanRequest": ("agents.orchestrator.request", "PlanRequest"),
    "PlanRun": ("agents.orchestrator.request", "PlanRun"),
    "Timeouts": ("agents.orchestrator.request", "Timeouts"),
    "RunDetail": ("agents.orchestrator.runs_store", "RunDetail"),
    "RunSummary": ("agents.orchestrator.runs_store", "RunSummary"),
    "KrogerLocation": ("agents.providers.kroger", "KrogerLocation"),
    "PackagedProduct": ("agents.providers.openfoodfacts", "PackagedProduct"),
    "Credential": ("agents.secrets", "Credential"),
    "CredentialCheck": ("agents.credential_check", "CredentialCheck"),
    "LIST_UNITS": ("agents.shopping_list", "UNITS"),
    "EntryView": ("agents.shopping_list", "EntryView"),
    "BackupFile": ("data.backup", "BackupFile"),
    "RestoreResult": ("data.backup", "RestoreResult"),
    "Ingredient": ("data.taxonomy", "Ingredient"),
    "WEARABLE_FORMATS": ("data.wearables", "FORMAT_NAMES"),
    "ImportSummary": ("data.wearables", "ImportSummary"),
    "Detection": ("vision.detections", "Detection"),
    "PhotoDetections": ("vision.detections", "PhotoDetections"),
    "ClassScore": ("vision.evaluation", "ClassScore"),
    "EvalResult": ("vision.evaluation", "EvalResult"),
}

if TYPE_CHECKING:
    from agents.app.cancel import CancelToken, ProgressFn
    from agents.app.errors import (
        USER_FACING,
        AgentError,
        Cancelled,
        DatasetError,
        ImportCancelled,
        ImportFormatError,
        LarderDataError,
        ModelUnavailable,
        PhotoError,
        ProviderError,
        SecretStoreError,
        StorageError,
        TrainingError,
        UserError,
        VisionError,
        is_cancellation,
        is_user_facing,
    )
    from agents.app.homes import home_folder
    from agents.app.larder import Larder
    from agents.app.names import category, display_name, pretty_id
    from agents.app.profile_choices import GoalRateBounds, ProfileChoices
    from agents.app.units import (
        UNIT_SYSTEMS,
        Units,
        cm_to_ft_in,
        format_height,
        format_rate,
        format_weight,
        ft_in_to_cm,
        kg_to_lb,
        lb_to_kg,
    )
    from agents.app.views import (
        EXPIRY_AMBER_DAYS,
        EXPIRY_RED_DAYS,
        BackupReport,
        BoxView,
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
        NutrientRow,
        OrderRow,
        PhotoView,
        PlanView,
        ProfileView,
        RecommendationRow,
        ScanReport,
        ScanView,
        StoreConnection,
        TrainReport,
        UndoResult,
        count_expiring,
    )
    from agents.cart.orders import LineView as OrderLineView
    from agents.cart.orders import OrderView, StatusView
    from agents.cart.result import Cart, CartLine, ShortItem
    from agents.cart.submit import SubmitReport
    from agents.credential_check import CredentialCheck
    from agents.inventory.changes import Change
    from agents.inventory.quantities import describe as describe_quantity
    from agents.inventory.review import (
        AddBox,
        DetectionView,
        ReviewChanges,
        ReviewPhoto,
        ReviewResult,
        ReviewUndo,
        ReviewView,
    )
    from agents.inventory.review_learning import LearnReport
    from agents.inventory.scanning import ScanItem
    from agents.maintenance import ForgetReport
    from agents.nutrition.own_foods import FoodLink, FoodMatch
    from agents.nutrition.profile_store import ProfileChanges, parse_target
    from agents.nutrition.result import NutritionResult
    from agents.orchestrator.events import AgentEvent
    from agents.orchestrator.graph import RunCancelled
    from agents.orchestrator.request import PlanRequest, PlanRun, Timeouts
    from agents.orchestrator.runs_store import RunDetail, RunSummary
    from agents.providers.base import Product
    from agents.providers.kroger import KrogerLocation
    from agents.providers.openfoodfacts import PackagedProduct
    from agents.secrets import Credential
    from agents.shopping_list import UNITS as LIST_UNITS
    from agents.shopping_list import EntryView
    from data.backup import BackupFile, RestoreResult
    from data.taxonomy import Ingredient
    from data.wearables import FORMAT_NAMES as WEARABLE_FORMATS
    from data.wearables import ImportSummary
    from vision.detections import Detection, PhotoDetections
    from vision.evaluation import ClassScore, EvalResult


def __getattr__(name: str) -> Any:
    """PEP 562: load the module that defines `name` on first use and keep the value here."""
    try:
        module_name, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "EXPIRY_AMBER_DAYS",
    "EXPIRY_RED_DAYS",
    "LIST_UNITS",
    "USER_FACING",
    "WEARABLE_FORMATS",
    "AddBox",
    "AgentError",
    "AgentEvent",
    "BackupFile",
    "BackupReport",
    "BoxView",
    "CancelToken",
    "Cancelled",
    "Cart",
    "CartLine",
    "Change",
    "ClassScore",
    "Credential",
    "CredentialCheck",
    "CredentialStatus",
    "DatasetError",
    "DetectionView",
    "DayPoint",
    "Detection",
    "DetectorSettings",
    "EntryView",
    "EvalResult",
    "ExportResult",
    "ForgetReport",
    "HomeInfo",
    "FoodLink",
    "FoodMatch",
    "ImportCancelled",
    "ImportFormatError",
    "ImportSummary",
    "ImportView",
    "Ingredient",
    "InventoryEventRow",
    "InventoryRow",
    "JsonValue",
    "KrogerLocation",
    "LabelMapped",
    "Larder",
    "LarderDataError",
    "LearnReport",
    "ModelUnavailable",
    "NutrientRow",
    "NutritionResult",
    "OrderLineView",
    "OrderRow",
    "OrderView",
    "PackagedProduct",
    "PhotoDetections",
    "PhotoError",
    "PhotoView",
    "PlanRequest",
    "PlanRun",
    "PlanView",
    "ProfileChanges",
    "ProfileView",
    "Product",
    "ProgressFn",
    "ProviderError",
    "RecommendationRow",
    "RestoreResult",
    "ReviewChanges",
    "ReviewPhoto",
    "ReviewResult",
    "ReviewUndo",
    "ReviewView",
    "RunCancelled",
    "RunDetail",
    "RunSummary",
    "ScanItem",
    "ScanReport",
    "ScanView",
    "SecretStoreError",
    "ShortItem",
    "StatusView",
    "StorageError",
    "StoreConnection",
    "SubmitReport",
    "Timeouts",
    "TrainReport",
    "TrainingError",
    "UndoResult",
    "UserError",
    "VisionError",
    "category",
    "count_expiring",
    "ProfileChoices",
    "UNIT_SYSTEMS",
    "Units",
    "cm_to_ft_in",
    "format_height",
    "format_weight",
    "format_rate",
    "GoalRateBounds",
    "ft_in_to_cm",
    "kg_to_lb",
    "lb_to_kg",
    "describe_quantity",
    "display_name",
    "home_folder",
    "is_cancellation",
    "is_user_facing",
    "parse_target",
    "pretty_id",
]
