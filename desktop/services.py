"""Small adapters between the window and the core (vision, data.wearables, agents).

The core lands piece by piece, so each adapter imports its entry point lazily and raises
FeatureUnavailable when this build lacks it; pages show that in their empty state instead of crashing.
Adapters run in worker threads: they take `on_progress` and `cancel` and never touch Qt."""

from __future__ import annotations

import importlib
import inspect
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.bootstrap import Services

ProgressFn = Callable[[float, str], None]

NOT_AVAILABLE = "not available in this build"


class FeatureUnavailable(Exception):
    """The core entry point this action needs is not part of this build."""


class FeatureCancelled(Exception):
    """The user cancelled; the window treats this as a non-error (by its name, see desktop.errors)."""


@dataclass(frozen=True)
class EntryPoint:
    module: str
    attr: str


# Candidate entry points, first match wins. Kept in one place so wiring a new core API is one line.
SCAN = (EntryPoint("agents.inventory.scanning", "scan_photos"),)
IMPORT = (EntryPoint("data.wearables.importer", "import_export"),)
PLAN = (EntryPoint("agents.nutrition.service", "plan_from_database"),)
CART = (EntryPoint("agents.cart.service", "build_draft"),)
EXPORT = (EntryPoint("agents.cart.export", "export"),)

FEATURES: dict[str, tuple[str, tuple[EntryPoint, ...]]] = {
    "scan": ("Scanning photos", SCAN),
    "import": ("Importing wearable exports", IMPORT),
    "plan": ("The nutrition plan", PLAN),
    "cart": ("Building a cart", CART),
    "export": ("Exporting orders", EXPORT),
}


@dataclass(frozen=True)
class ScanOutcome:
    scan_id: int | None
    items: int
    summary: str
    note: str


def resolve(candidates: Sequence[EntryPoint]) -> Callable[..., Any] | None:
    for entry in candidates:
        try:
            module = importlib.import_module(entry.module)
        except ImportError:
            continue
        fn = getattr(module, entry.attr, None)
        if callable(fn):
            return fn
    return None


def require(feature: str) -> Callable[..., Any]:
    label, candidates = FEATURES[feature]
    fn = resolve(candidates)
    if fn is None:
        raise FeatureUnavailable(f"{label} is {NOT_AVAILABLE}")
    return fn


def is_available(feature: str) -> bool:
    return resolve(FEATURES[feature][1]) is not None


def call_with_supported(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Pass only the keyword arguments the core function accepts (on_progress/cancel are optional there)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(*args, **kwargs)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn(*args, **kwargs)
    return fn(*args, **{k: v for k, v in kwargs.items() if k in params})


def public(result: Any) -> Any:
    return result.to_public() if hasattr(result, "to_public") else result


def scan_photos(
    services: Services,
    photos: Sequence[Path],
    *,
    conf: float | None = None,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> ScanOutcome:
    """Detect, then record the scan and update the inventory in one transaction (as `larder scan --save`)."""
    core_scan = require("scan")
    try:
        from agents.inventory.changes import summarise
        from agents.inventory.detecting import open_detector
        from agents.inventory.settings import conf_threshold
        from agents.inventory.store import record_scan
        from data.taxonomy import load_taxonomy
    except ImportError as exc:
        raise FeatureUnavailable(f"Scanning photos is {NOT_AVAILABLE} ({exc.name} is missing)") from None
    choice = open_detector(services.db, services.paths, None)
    if choice.detector is None:
        from agents.errors import UserError

        raise UserError(choice.note or "no detector model is installed; add items by hand")
    threshold = conf if conf is not None else conf_threshold(services.db)
    result = core_scan(
        [str(p) for p in photos],
        choice.detector,
        conf=threshold,
        taxonomy=load_taxonomy(),
        resolve=choice.resolver.resolve,
        note=choice.note,
        on_progress=on_progress,
        cancel=cancel,
    )
    if cancel is not None and cancel.is_set():
        raise FeatureCancelled("scan cancelled; nothing was saved")
    saved = record_scan(services.db, result, save=True)
    return ScanOutcome(saved.scan_id, len(result.items), summarise(saved.changes), result.note)


def import_export(
    services: Services,
    path: Path,
    *,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Any:
    fn = require("import")
    return public(call_with_supported(fn, services.db, path, on_progress=on_progress, cancel=cancel))


def run_plan(
    services: Services,
    *,
    days: int = 7,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Any:
    fn = require("plan")
    # save=True stores the plan, so the Cart page's build_draft and the next start read the same plan.
    return public(
        call_with_supported(fn, services.db, days=days, save=True, on_progress=on_progress, cancel=cancel)
    )


def build_cart(
    services: Services,
    *,
    provider: str = "offline",
    days: int = 7,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Any:
    fn = require("cart")
    return call_with_supported(
        fn,
        services.db,
        provider=provider,
        days=days,
        secrets=services.secrets,
        on_progress=on_progress,
        cancel=cancel,
    )


def export_order(
    services: Services,
    order_id: int,
    fmt: str,
    destination: Path,
    *,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Writes the order to `destination` (atomically, in the core) and returns that path."""
    fn = require("export")
    call_with_supported(fn, services.db, str(order_id), fmt, destination)
    return destination
