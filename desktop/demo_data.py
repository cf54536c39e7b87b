"""Realistic demo rows (inventory, a scan, health days, a plan, orders) for screenshots and tests.

Run `python -m desktop.demo_data DIR` to fill a fresh LARDER_HOME; `seed_demo_data(db)` does the same for a
Database you already hold. Everything is written in one transaction, so a failure leaves nothing behind."""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from data.db import Database
from data.models import (
    Detection,
    HealthImport,
    InventoryItem,
    NutritionTarget,
    Order,
    OrderLine,
    OrderStatusEvent,
    Photo,
    Plan,
    Profile,
    Recommendation,
    ReconciledDay,
    Scan,
    ScanPhoto,
)


@dataclass(frozen=True)
class DemoBox:
    label: str
    ingredient_id: str | None
    confidence: float
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class DemoSummary:
    inventory_items: int
    days: int
    orders: int
    scan_id: int | None
    plan_id: int


# (ingredient id, name, quantity, unit, source, days since added, days until expiry or None)
_INVENTORY: tuple[tuple[str, str, float, str, str, int, int | None], ...] = (
    ("egg", "Eggs", 6, "piece", "detected", 2, 19),
    ("milk_whole", "Whole milk", 1000, "ml", "detected", 3, 1),
    ("greek_yogurt_plain_nonfat", "Greek yogurt, plain", 500, "g", "detected", 1, 12),
    ("chicken_breast_raw", "Chicken breast", 450, "g", "manual", 1, 2),
    ("tofu_firm", "Firm tofu", 400, "g", "manual", 4, 9),
    ("spinach", "Spinach", 200, "g", "detected", 2, 3),
    ("broccoli", "Broccoli", 1, "piece", "detected", 2, 5),
    ("carrot", "Carrots", 5, "piece", "detected", 6, 16),
    ("cheddar", "Cheddar", 200, "g", "manual", 10, 24),
    ("butter_salted", "Butter", 250, "g", "detected", 12, 40),
    ("strawberries", "Strawberries", 250, "g", "detected", 3, 0),
    ("apple", "Apples", 4, "piece", "import", 5, 21),
    ("bell_pepper_red", "Red bell pepper", 2, "piece", "detected", 2, 6),
    ("hummus", "Hummus", 200, "g", "manual", 3, 4),
    ("salmon_atlantic_farmed_raw", "Salmon fillet", 300, "g", "manual", 0, 2),
    ("orange_juice", "Orange juice", 1000, "ml", "manual", 4, 7),
)

_SYNTHETIC_BOXES: tuple[DemoBox, ...] = (
    DemoBox("milk", "milk_whole", 0.93, 70, 60, 170, 250),
    DemoBox("orange juice", "orange_juice", 0.88, 190, 80, 280, 250),
    DemoBox("eggs", "egg", 0.91, 330, 170, 560, 250),
    DemoBox("broccoli", "broccoli", 0.84, 80, 320, 230, 440),
    DemoBox("carrot", "carrot", 0.78, 260, 380, 470, 430),
    DemoBox("bell pepper", "bell_pepper_red", 0.81, 500, 350, 590, 440),
    DemoBox("strawberries", "strawberries", 0.72, 90, 510, 260, 600),
    DemoBox("butter", "butter_salted", 0.67, 300, 530, 440, 600),
    DemoBox("cheese", "cheddar", 0.86, 470, 520, 600, 600),
)

_TARGETS = (
    # nutrient, unit, per day, supplied by the fridge over 7 days
    ("energy_kcal", "kcal", 2450, 6100),
    ("protein_g", "g", 120, 395),
    ("fiber_g", "g", 30, 96),
    ("calcium_mg", "mg", 1000, 4200),
    ("iron_mg", "mg", 8, 31),
    ("potassium_mg", "mg", 3400, 11800),
    ("vitamin_c_mg", "mg", 90, 1020),
    ("vitamin_d_ug", "ug", 15, 21),
    ("vitamin_b12_ug", "ug", 2.4, 16.4),
    ("magnesium_mg", "mg", 420, 1290),
    ("sodium_mg", "mg", 2300, 9800),
)

_RECOMMENDATIONS = (
    (
        "greek_yogurt_plain_nonfat",
        "Greek yogurt, plain, nonfat",
        1000,
        "g",
        "Protein: 7-day target 840 g; fridge supplies 395 g; 445 g short; 1 kg Greek yogurt adds 103 g",
    ),
    (
        "salmon_atlantic_farmed_raw",
        "Salmon fillet",
        600,
        "g",
        "Vitamin D: 7-day target 105 µg; fridge supplies 21 µg; 84 µg short; 600 g salmon adds 66 µg",
    ),
    (
        "lentils_cooked",
        "Lentils, cooked",
        800,
        "g",
        "Fibre: 7-day target 210 g; fridge supplies 96 g; 114 g short; 800 g lentils add 63 g",
    ),
    (
        "almonds",
        "Almonds",
        200,
        "g",
        "Magnesium: 7-day target 2,940 mg; fridge supplies 1,290 mg; 1,650 mg short; 200 g almonds add 540 mg",
    ),
    (
        "oats_dry",
        "Rolled oats",
        500,
        "g",
        "Energy: 7-day target 17,150 kcal; fridge supplies 6,100 kcal; 500 g oats add 1,900 kcal and 53 g fibre",
    ),
)

_ORDERS = (
    # status, provider, days ago, budget, lines: (name, brand, size, unit, qty, price, reason)
    (
        "draft",
        "offline",
        0,
        60.0,
        (
            ("Greek Yogurt Plain Nonfat", "Fage", 907, "g", 1, 6.49, "Protein: 445 g short over 7 days"),
            (
                "Atlantic Salmon Fillet",
                "Store brand",
                340,
                "g",
                2,
                8.99,
                "Vitamin D: 84 µg short over 7 days",
            ),
            ("Lentils, Dry Green", "Bob's Red Mill", 454, "g", 1, 3.29, "Fibre: 114 g short over 7 days"),
            ("Whole Almonds", "Blue Diamond", 170, "g", 1, 4.79, "Magnesium: 1,650 mg short over 7 days"),
            ("Old Fashioned Oats", "Quaker", 510, "g", 1, 3.99, "Energy: 11,050 kcal short over 7 days"),
            (
                "Baby Spinach",
                "Organic Girl",
                142,
                "g",
                1,
                3.49,
                "Iron and folate; spinach in the fridge expires in 3 days",
            ),
        ),
    ),
    (
        "submitted",
        "kroger",
        6,
        50.0,
        (
            ("Large Brown Eggs", "Simple Truth", 12, "piece", 1, 4.29, "Protein: 210 g short over 7 days"),
            ("Whole Milk", "Kroger", 1890, "ml", 1, 3.79, "Calcium: 2,100 mg short over 7 days"),
            ("Firm Tofu", "Nasoya", 397, "g", 2, 2.49, "Protein: vegetarian dinners"),
        ),
    ),
    (
        "completed",
        "instacart",
        14,
        None,
        (
            ("Chicken Breast", "Heritage Farm", 680, "g", 1, 7.99, "Protein: 320 g short over 7 days"),
            ("Broccoli Crowns", "", 1, "piece", 2, 1.99, "Vitamin C and fibre"),
            ("Cheddar Block", "Tillamook", 227, "g", 1, 4.49, "Calcium: 1,300 mg short over 7 days"),
        ),
    ),
    (
        "cancelled",
        "offline",
        21,
        40.0,
        (("Salted Butter", "Kerrygold", 227, "g", 1, 4.99, "Energy: list item"),),
    ),
)


_LIMITS = {"sodium_mg", "saturated_fat_g"}


def _kind(key: str) -> str:
    return "limit" if key in _LIMITS else "target"


def _status(key: str, target: float, supply: float) -> str:
    if key in _LIMITS:
        return "over_limit" if supply > target else "within_limit"
    return "short" if supply < target else "surplus"


def _synthetic_fridge(path: Path) -> tuple[int, int]:
    """Draws a simple fridge interior whose shapes sit inside the demo boxes (no photo is shipped)."""
    from PIL import Image, ImageDraw

    width, height = 640, 640
    image = Image.new("RGB", (width, height), (226, 232, 238))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = 238 - int(18 * y / height)
        draw.line([(0, y), (width, y)], fill=(shade - 10, shade - 4, shade))
    for shelf_y in (260, 450, 615):
        draw.rectangle([30, shelf_y, width - 30, shelf_y + 8], fill=(200, 208, 214), outline=(170, 178, 186))
    draw.rectangle([20, 20, width - 20, height - 10], outline=(180, 188, 196), width=6)
    draw.rectangle([78, 90, 162, 250], fill=(250, 250, 252), outline=(150, 160, 170), width=2)  # milk
    draw.polygon([(78, 90), (120, 62), (162, 90)], fill=(70, 130, 200))
    draw.rectangle([196, 100, 274, 250], fill=(246, 160, 40), outline=(200, 120, 20), width=2)  # juice
    draw.rectangle([336, 205, 554, 250], fill=(196, 170, 130))  # egg carton
    for i in range(6):
        cx = 356 + i * 36
        draw.ellipse([cx - 15, 178, cx + 15, 214], fill=(244, 232, 210), outline=(200, 184, 160))
    draw.ellipse([92, 328, 222, 420], fill=(60, 140, 60))  # broccoli
    draw.rectangle([146, 400, 166, 440], fill=(110, 160, 80))
    for i in range(3):
        y = 388 + i * 14
        draw.polygon([(268, y), (460, y + 6), (268, y + 12)], fill=(240, 130, 30))  # carrots
    draw.ellipse([505, 360, 585, 440], fill=(210, 40, 40))  # pepper
    for i in range(6):
        cx, cy = 110 + (i % 3) * 50, 540 + (i // 3) * 34
        draw.ellipse([cx - 18, cy - 16, cx + 18, cy + 18], fill=(220, 40, 60))  # strawberries
    draw.rectangle([306, 545, 434, 598], fill=(250, 226, 130), outline=(200, 180, 90), width=2)  # butter
    draw.polygon([(476, 598), (596, 598), (596, 528)], fill=(250, 190, 60))  # cheese
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=88)
    return width, height


def _photo_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def seed_demo_data(
    db: Database,
    *,
    today: date | None = None,
    photo: Path | None = None,
    boxes: Sequence[DemoBox] | None = None,
    days: int = 90,
) -> DemoSummary:
    """Fills `db` with a believable week of Larder use. `photo`+`boxes` replace the synthetic fridge photo."""
    now = (
        datetime.now(UTC)
        if today is None
        else datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=18)
    )
    today = now.date()
    rng = random.Random(20241128)
    photos_dir = Path(str(db.path)).parent / "photos" if str(db.path) != ":memory:" else None
    with db.session() as s:
        scan_id: int | None = None
        if photo is not None or photos_dir is not None:
            if photo is None:
                assert photos_dir is not None
                photo = photos_dir / "demo-fridge.jpg"
                width, height = _synthetic_fridge(photo)
                boxes = _SYNTHETIC_BOXES
            else:
                width, height = _photo_size(photo)
            scan = Scan(
                created_at=now - timedelta(hours=2), model="fridge.pt", conf_threshold=0.25, saved=True
            )
            s.add(scan)
            digest = hashlib.sha256(photo.read_bytes()).hexdigest()
            row = Photo(sha256=digest, path=str(photo), width=width, height=height, imported_at=now)
            s.add(row)
            s.flush()
            assert scan.id is not None and row.id is not None
            scan_id = scan.id
            s.add(ScanPhoto(scan_id=scan.id, photo_id=row.id, ms=212.0))
            for box in boxes or ():
                s.add(
                    Detection(
                        scan_id=scan.id,
                        photo_id=row.id,
                        ingredient_id=box.ingredient_id,
                        label=box.label,
                        confidence=box.confidence,
                        x1=box.x1,
                        y1=box.y1,
                        x2=box.x2,
                        y2=box.y2,
                    )
                )
        for ingredient, name, qty, unit, source, added, expires in _INVENTORY:
            s.add(
                InventoryItem(
                    ingredient_id=ingredient,
                    name=name,
                    quantity=qty,
                    unit=unit,
                    source=source,
                    added_at=now - timedelta(days=added, hours=3),
                    updated_at=now - timedelta(days=added, hours=3),
                    expires_at=None if expires is None else now + timedelta(days=expires, hours=-4),
                    last_scan_id=scan_id if source == "detected" else None,
                    confidence=0.85 if source == "detected" else None,
                )
            )
        s.add(
            Profile(
                id=1,
                sex="female",
                birth_date=date(1988, 4, 12),
                height_cm=168.0,
                weight_kg=64.5,
                goal="maintain",
                activity_level="moderate",
                diet="pescatarian",
                allergies=["peanuts"],
                dislikes=["olives"],
                user_set=["goal", "diet", "allergies", "dislikes"],
            )
        )
        first = today - timedelta(days=days - 1)
        weight = 65.6
        for i in range(days):
            day = first + timedelta(days=i)
            weekend = day.weekday() >= 5
            steps = max(1500.0, rng.gauss(11500 if weekend else 8200, 2300))
            active = 180 + steps * 0.042 + rng.gauss(0, 60)
            basal = 1390 + rng.gauss(0, 12)
            weight += rng.gauss(-0.012, 0.12)
            partial = i == days - 1
            s.add(
                ReconciledDay(
                    day=day,
                    active_kcal=round(active * (0.55 if partial else 1), 1),
                    basal_kcal=round(basal, 1),
                    total_kcal=round(basal + active * (0.55 if partial else 1), 1),
                    steps=round(steps * (0.55 if partial else 1)),
                    exercise_min=round(max(0.0, rng.gauss(38, 18))),
                    weight_kg=round(weight, 1) if i % 3 == 0 else None,
                    sleep_min=round(rng.gauss(440, 35)),
                    is_partial=partial,
                    sources=["Apple Watch", "iPhone"] if i % 4 else ["Apple Watch"],
                )
            )
        s.add(
            HealthImport(
                format="apple_health",
                path="export.zip",
                sha256="demo",
                imported_at=now - timedelta(hours=5),
                sources=["Apple Watch", "iPhone"],
                first_day=first,
                last_day=today,
                days=days,
                records=days * 412,
            )
        )
        plan = Plan(created_at=now - timedelta(hours=1), days=7)
        # The nutrition agent's public result shape (NutritionResult.to_public), trimmed to what the window reads.
        plan.result = {
            "days": 7,
            "targets": {
                key: {
                    "per_day": per_day,
                    "horizon_total": per_day * 7,
                    "unit": unit,
                    "kind": _kind(key),
                    "rule": "DRI",
                }
                for key, unit, per_day, _supply in _TARGETS
            },
            "supply": {key: supply for key, _unit, _per_day, supply in _TARGETS},
            "deficits": {
                key: {
                    "value": round(per_day * 7 - supply, 2),
                    "unit": unit,
                    "target": round(per_day * 7, 2),
                    "supply": supply,
                    "status": _status(key, per_day * 7, supply),
                }
                for key, unit, per_day, supply in _TARGETS
            },
            "recommendations": [
                {"ingredient": i, "name": n, "quantity": q, "unit": u, "reason": r}
                for i, n, q, u, r in _RECOMMENDATIONS
            ],
        }
        s.add(plan)
        s.flush()
        assert plan.id is not None
        for key, unit, per_day, _supply in _TARGETS:
            s.add(
                NutritionTarget(
                    plan_id=plan.id,
                    nutrient=key,
                    per_day=per_day,
                    horizon_total=per_day * 7,
                    unit=unit,
                    rule="DRI",
                )
            )
        for rank, (ingredient, _name, qty, unit, reason) in enumerate(_RECOMMENDATIONS):
            s.add(
                Recommendation(
                    plan_id=plan.id,
                    ingredient_id=ingredient,
                    quantity=qty,
                    unit=unit,
                    reason=reason,
                    rank=rank,
                )
            )
        for status, provider, ago, budget, lines in _ORDERS:
            created = now - timedelta(days=ago, hours=2)
            order = Order(
                created_at=created,
                updated_at=created + timedelta(hours=1),
                provider=provider,
                status=status,
                budget=budget,
                plan_id=plan.id if status == "draft" else None,
            )
            s.add(order)
            s.flush()
            assert order.id is not None
            subtotal = 0.0
            for position, (name, brand, size, unit, qty, price, reason) in enumerate(lines):
                total = round(qty * price, 2)
                subtotal += total
                s.add(
                    OrderLine(
                        order_id=order.id,
                        position=position,
                        product_name=name,
                        brand=brand,
                        provider=provider,
                        package_size=size,
                        package_unit=unit,
                        quantity=qty,
                        unit_price=price,
                        line_total=total,
                        reason=reason,
                        indicative=provider == "offline",
                    )
                )
            order.subtotal = order.total = round(subtotal, 2)
            s.add(order)
            s.add(OrderStatusEvent(order_id=order.id, status=status, at=created + timedelta(hours=1)))
    return DemoSummary(len(_INVENTORY), days, len(_ORDERS), scan_id, int(plan.id))


def aicook_boxes(label_file: Path, names: Sequence[str], width: int, height: int) -> list[DemoBox]:
    """Turns a YOLO label file into demo boxes (used to show a real fridge photo in the screenshot)."""
    boxes = []
    jitter = random.Random(label_file.name)
    for line in label_file.read_text().splitlines():
        parts = line.split()
        if len(parts) != 5:
            continue
        cls, cx, cy, w, h = int(parts[0]), *map(float, parts[1:])
        label = names[cls] if cls < len(names) else str(cls)
        conf = round(min(0.97, 0.62 + 0.35 * math.sqrt(jitter.random())), 2)
        boxes.append(
            DemoBox(
                label,
                _AICOOK_TO_TAXONOMY.get(label, label),
                conf,
                (cx - w / 2) * width,
                (cy - h / 2) * height,
                (cx + w / 2) * width,
                (cy + h / 2) * height,
            )
        )
    return boxes


_AICOOK_TO_TAXONOMY = {
    "beef": "ground_beef_85",
    "bread": "bread_whole_wheat",
    "butter": "butter_salted",
    "cheese": "cheddar",
    "chicken": "chicken_breast_raw",
    "chicken_breast": "chicken_breast_raw",
    "corn": "corn_sweet",
    "eggs": "egg",
    "ground_beef": "ground_beef_85",
    "goat_cheese": "feta",
    "ham": "ham_sliced",
    "milk": "milk_whole",
    "mushrooms": "mushroom_white",
    "shrimp": "shrimp_raw",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill a fresh Larder data folder with demo rows.")
    parser.add_argument("home", type=Path)
    parser.add_argument("--photo", type=Path, help="a YOLO-labelled photo to show on the Fridge page")
    parser.add_argument("--labels", type=Path, help="the photo's YOLO label file")
    parser.add_argument("--names", help="comma-separated class names of the label file")
    args = parser.parse_args(argv)
    from data.paths import resolve_home

    paths = resolve_home(args.home).ensure()
    db = Database(paths.database)
    boxes = None
    if args.photo and args.labels and args.names:
        width, height = _photo_size(args.photo)
        boxes = aicook_boxes(args.labels, args.names.split(","), width, height)
    summary = seed_demo_data(db, photo=args.photo if boxes else None, boxes=boxes)
    db.close()
    sys.stdout.write(f"{summary}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
