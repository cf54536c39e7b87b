"""A Larder home built the way a user builds one, through the front door and nothing else: a wearable
export imported, a fridge photo scanned and saved with the bundled model, a nutrition plan, a draft
cart. The GUI tests (tests/desktop/conftest.py) and the screenshot script (tools/screenshots.py) use it;
no row in it is written by hand, so what the window shows is what the pipeline produces."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from agents.app import Larder

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPORT = FIXTURES / "apple-health-export.zip"
# A credited aicook validation photo (tests/fixtures/photos/CREDITS.md): MIT, Karel Cornelis.
PHOTOS = (Path(__file__).resolve().parents[1] / "fixtures" / "photos" / "aicook-DSC_5730.jpg",)


@dataclass(frozen=True)
class RealHome:
    """Where the home is and the ids the pipeline gave what it made (the tests look them up, through
    the front door, rather than expecting fixed numbers)."""

    root: Path
    import_days: int
    scan_id: int
    detections: int
    plan_id: int
    order_id: int
    cart_lines: int


def build_real_home(
    root: str | os.PathLike[str],
    *,
    export: Path = EXPORT,
    photos: Sequence[Path] = PHOTOS,
    budget: float | None = None,
) -> RealHome:
    """Import, scan (save), plan (save) and build a cart in a fresh home at `root`."""
    with Larder.open(root) as larder:
        imported = larder.import_wearable(export)
        report = larder.scan(list(photos), save=True, require_model=True)
        plan = larder.plan_nutrition(days=7, save=True)
        cart = larder.build_cart(budget=budget)
        latest = larder.latest_plan()  # the cart agent plans afresh and stores that plan too
        if report.scan_id is None or plan.plan_id is None or cart.order_id is None or latest is None:
            raise RuntimeError("the pipeline did not store its scan, plan or cart")
        return RealHome(
            root=larder.home().root,
            import_days=imported.days,
            scan_id=report.scan_id,
            detections=sum(1 for p in report.photos for d in p.detections if not d.ignored),
            plan_id=latest.plan_id or plan.plan_id,
            order_id=cart.order_id,
            cart_lines=len(cart.lines),
        )
