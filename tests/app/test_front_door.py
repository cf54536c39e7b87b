"""The front door used headlessly, as the window uses it: open a home, scan, list, undo, plan, shop,
build and handle orders, export, settings and credentials, all through `Larder` alone."""

from __future__ import annotations

import csv
import dataclasses
import io
import threading
from pathlib import Path

import pytest

from agents.app import (
    USER_FACING,
    Cancelled,
    CancelToken,
    InventoryRow,
    Larder,
    ModelUnavailable,
    PhotoError,
    ProfileChanges,
    UserError,
    is_cancellation,
)


def test_open_refuses_a_home_that_cannot_be_a_folder(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(USER_FACING, match="home"):  # one line for the user, never a traceback
        Larder.open(not_a_folder)


def test_open_creates_the_home_and_context_manager_closes(tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    with Larder.open(home) as larder:
        info = larder.home()
        assert info.root == home.resolve() and info.database.is_file()
        assert info.photos.is_dir() and info.models.is_dir() and info.exports.is_dir()
        assert larder.inventory() == () and larder.latest_scan() is None and larder.latest_plan() is None


def test_inventory_add_edit_remove_and_history(larder: Larder) -> None:
    eggs = larder.add_item("eggs", 6)
    assert (eggs.ingredient_id, eggs.quantity, eggs.unit, eggs.source) == ("egg", 6, "piece", "manual")
    assert eggs.category == "eggs" and eggs.expires_at is not None and eggs.expires_at > eggs.added_at
    again = larder.add_item("egg", 2)  # a hand-entered item of the same ingredient grows
    assert again.id == eggs.id and again.quantity == 8
    larder.set_item(eggs.id, 0)
    assert larder.inventory() == ()
    assert [i.status for i in larder.inventory(include_gone=True)] == ["used_up"]
    larder.set_item(eggs.id, 3, not_for_eating=True)
    (row,) = larder.inventory()
    assert row.quantity == 3 and row.not_for_eating
    removed = larder.remove_item(eggs.id)
    assert removed.status == "discarded" and larder.inventory() == ()
    kinds = [e.kind for e in larder.inventory_history()]
    assert kinds == ["removed", "edited", "edited", "updated", "added"]  # newest first


def test_bad_inventory_input_is_a_user_error_and_writes_nothing(larder: Larder) -> None:
    with pytest.raises(UserError, match="unknown ingredient"):
        larder.add_item("no such food at all")
    with pytest.raises(UserError, match="between 0 and 1000000"):
        larder.add_item("egg", -1)
    with pytest.raises(UserError, match="no inventory item"):
        larder.set_item(999, 1)
    assert larder.inventory(include_gone=True) == ()


def test_read_models_are_frozen(larder: Larder) -> None:
    row = larder.add_item("milk")
    assert isinstance(row, InventoryRow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.quantity = 5  # type: ignore[misc]


def test_scan_and_save_then_undo(larder: Larder, shapes_model: Path, shape_photos: list[Path]) -> None:
    progress: list[tuple[float, str]] = []
    report = larder.scan(
        shape_photos[:2],
        save=True,
        model=str(shapes_model),
        conf=0.0,
        on_progress=lambda f, m: progress.append((f, m)),
    )
    assert report.saved and report.scan_id is not None and report.model
    assert [f for f, _m in progress] == [0.5, 1.0]
    assert report.items, "the tiny model finds shapes at conf 0"
    assert report.summary.startswith("since the last scan:")
    # What the report says was found is what the inventory now holds ...
    counted = {(i.ingredient or "?" + i.label): i.quantity for i in report.items}
    held = {(r.ingredient_id or "?" + r.name): r.quantity for r in larder.inventory()}
    assert held == counted
    # ... and the stored scan carries every detection the report listed, per photo.
    view = larder.latest_scan()
    assert view is not None and view.scan_id == report.scan_id and view.saved
    assert [len(p.boxes) for p in view.photos] == [len(p.detections) for p in report.photos]
    assert {p.path.name for p in view.photos} == {p.name for p in shape_photos[:2]}
    undone = larder.undo_scan()
    assert undone.scan_id == report.scan_id and len(undone.restored) == len(report.items)
    assert larder.inventory() == ()
    with pytest.raises(UserError, match="no saved scan to undo"):
        larder.undo_scan()


def test_scan_without_save_writes_nothing(
    larder: Larder, shapes_model: Path, shape_photos: list[Path]
) -> None:
    report = larder.scan(shape_photos[:1], model=str(shapes_model), conf=0.0)
    assert not report.saved and report.scan_id is None and report.changes == ()
    assert larder.inventory() == () and larder.latest_scan() is None


def test_a_cancelled_scan_writes_nothing(
    larder: Larder, shapes_model: Path, shape_photos: list[Path]
) -> None:
    token = CancelToken()
    # Cancel after the first photo, from the progress callback (as the window's Cancel would, mid-scan).
    with pytest.raises(Cancelled) as caught:
        larder.scan(
            shape_photos[:3],
            save=True,
            model=str(shapes_model),
            conf=0.0,
            on_progress=lambda _f, _m: token.cancel(),
            cancel=token,
        )
    assert is_cancellation(caught.value) and token.cancelled
    assert larder.inventory() == () and larder.latest_scan() is None


def test_scan_refuses_bad_input_before_any_work(larder: Larder, tmp_path: Path) -> None:
    bad = tmp_path / "not-a-photo.jpg"
    bad.write_text("hello")
    with pytest.raises(PhotoError):
        larder.scan([bad], model=None)
    with pytest.raises(UserError, match="between 0 and 1"):
        larder.scan([bad], conf=1.5)
    with pytest.raises(UserError, match="need save"):
        larder.scan([bad], partial=True)
    with pytest.raises(ModelUnavailable):
        larder.scan([bad], model=str(tmp_path / "missing.pt"))
    assert all(isinstance(e, USER_FACING) for e in (UserError("x"), PhotoError("x"), ModelUnavailable("x")))


def test_a_mapped_label_is_remembered_for_later_scans(
    larder: Larder, shapes_model: Path, shape_photos: list[Path]
) -> None:
    before = larder.scan(shape_photos, model=str(shapes_model), conf=0.0)
    milk = [i for i in before.items if i.label == "Milk"]
    assert milk and milk[0].ingredient == "milk_whole"
    mapped = larder.map_label("Milk", "oat milk")
    oat = larder.ingredient("oat milk")
    assert oat is not None and mapped.ingredient == oat.id and mapped.items_updated == 0
    after = larder.scan(shape_photos, model=str(shapes_model), conf=0.0)
    relabelled = [i for i in after.items if i.label == "Milk"]
    assert [i.ingredient for i in relabelled] == [oat.id] and relabelled[0].count == milk[0].count
    with pytest.raises(UserError, match="unknown ingredient"):
        larder.map_label("Milk", "no such food at all")


def test_plan_view_is_what_the_agent_computed(larder: Larder) -> None:
    larder.update_profile(ProfileChanges(sex="female", birth_date="1990-05-01", height_cm=165, weight_kg=60))
    larder.add_item("greek yogurt", 2)
    result = larder.plan_nutrition(days=7)
    view = larder.latest_plan()
    assert view is not None and view.plan_id == result.plan_id and view.days == 7
    assert view == dataclasses.replace(Larder.plan_view(result), created_at=view.created_at)
    by_key = {row.nutrient: row for row in view.nutrients}
    assert list(by_key) == list(result.deficits)  # the agent's priority order
    for key, deficit in result.deficits.items():
        row = by_key[key]
        assert row.target == pytest.approx(deficit.target, abs=0.01)
        assert row.supply == pytest.approx(deficit.supply, abs=0.01)
        assert row.status == deficit.status and row.kind == result.targets[key].kind
    assert by_key["fiber_g"].label == "Fiber"  # the agent's own name, not a second table
    assert [r.ingredient for r in view.recommendations] == [r.ingredient for r in result.recommendations]
    assert view.recommendations[0].reason == result.recommendations[0].reason


def test_profile_update_validates_everything_first(larder: Larder) -> None:
    with pytest.raises(UserError):
        larder.update_profile(ProfileChanges(weight_kg=70, height_cm=5))
    assert larder.profile().weight_kg is None  # nothing half-written
    updated = larder.update_profile(ProfileChanges(weight_kg=70, add_allergies=("peanut",)))
    assert updated.weight_kg == 70 and "weight_kg" in updated.user_set and updated.allergies == ("peanuts",)
    assert larder.profile() == updated


def test_shopping_list_cart_orders_and_export(larder: Larder, tmp_path: Path) -> None:
    milk = larder.add_to_list("milk", 2)
    bananas = larder.add_to_list("bananas", 6)
    ticked = larder.add_to_list("rice", 1)
    larder.set_list_checked(ticked.id)
    assert [e.name for e in larder.shopping_list(include_checked=False)] == [milk.name, bananas.name]

    cart = larder.build_cart(budget=100)
    assert cart.order_id is not None and cart.total <= 100
    bought = {line.ingredient for line in cart.lines}
    assert {milk.ingredient, bananas.ingredient} <= bought and ticked.ingredient not in bought

    (row,) = larder.order_rows()
    assert (row.id, row.status, row.line_count) == (cart.order_id, "draft", len(cart.lines))
    assert row.total == pytest.approx(cart.total)

    line = next(li for li in larder.order(cart.order_id).lines if li.ingredient == bananas.ingredient)
    edited = larder.edit_order_line(cart.order_id, line.id, line.quantity + 1)
    assert edited.total == pytest.approx(cart.total + line.unit_price, abs=0.01)

    out = tmp_path / "order.csv"
    exported = larder.export(cart.order_id, "csv", out)
    assert exported.path == out.resolve() and exported.lines == len(edited.lines)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["product"] for r in rows} == {li.product for li in edited.lines}
    as_list = larder.export(f"list:{milk.list_id}", "md")
    assert as_list.path is None and bananas.name.encode() in as_list.data

    dry = larder.submit_order(cart.order_id, provider="instacart")
    assert dry.dry_run and larder.order(cart.order_id).status == "draft"
    cancelled = larder.cancel_order(cart.order_id)
    assert cancelled.status == "cancelled" and [h.status for h in cancelled.history] == ["draft", "cancelled"]
    with pytest.raises(UserError, match="cannot become completed"):
        larder.complete_order(cart.order_id)
    with pytest.raises(UserError, match="unknown export format"):
        larder.export(cart.order_id, "docx")


def test_an_offline_order_cannot_be_submitted(larder: Larder) -> None:
    larder.add_to_list("milk")
    cart = larder.build_cart()
    assert cart.order_id is not None
    with pytest.raises(UserError, match="cannot be sent anywhere"):
        larder.submit_order(cart.order_id, confirm=True)
    assert larder.order(cart.order_id).status == "draft"


def test_detector_settings_are_validated_and_stored_together(larder: Larder, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=".pt or .onnx"):
        larder.save_detector_settings(str(tmp_path / "model.txt"), 0.3)
    with pytest.raises(UserError, match="between 0.01 and 0.99"):
        larder.save_detector_settings("", 1.0)
    assert larder.detector_settings().conf_threshold == 0.25  # the default: nothing was stored
    weights = tmp_path / "mine.pt"
    weights.write_bytes(b"0")
    saved = larder.save_detector_settings(str(weights), 0.333)
    assert saved.conf_threshold == 0.33 and larder.detector_settings() == saved


def test_credentials_live_in_the_keyring_only(larder: Larder) -> None:
    import keyring

    assert not any(s.is_set for s in larder.credentials())
    with pytest.raises(UserError, match="client_secret"):
        larder.set_credentials("kroger", {"client_id": "id-1", "client_secret": " "})
    assert keyring.get_password("larder", "kroger:client_id") is None  # all or nothing
    assert larder.set_credentials("kroger", {"client_id": "id-1", "client_secret": "s3cret"}) == (
        "client_id",
        "client_secret",
    )
    status = {(s.credential.provider, s.credential.name): s.is_set for s in larder.credentials()}
    assert status == {
        ("kroger", "client_id"): True,
        ("kroger", "client_secret"): True,
        ("instacart", "api_key"): False,
    }
    assert b"s3cret" not in larder.home().database.read_bytes()
    keyring.set_password("larder", "kroger:refresh_token", "tok")
    assert set(larder.forget_credentials("kroger")) == {"client_id", "client_secret", "refresh_token"}
    assert not any(s.is_set for s in larder.credentials())


def test_calls_from_worker_threads_share_one_home(larder: Larder) -> None:
    errors: list[BaseException] = []

    def add(name: str) -> None:
        try:
            larder.add_item(name)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in ("egg", "milk", "butter", "apple")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    wanted = {found.id for n in ("egg", "milk", "butter", "apple") if (found := larder.ingredient(n))}
    assert {r.ingredient_id for r in larder.inventory()} == wanted and len(wanted) == 4


def test_ingredient_lookup_for_completion(larder: Larder) -> None:
    found = larder.ingredients("yogurt")
    assert found and all("yogurt" in (i.id + i.name).lower() or i.category for i in found)
    egg = larder.ingredient("eggs")
    assert egg is not None and egg.id == "egg" and larder.ingredient("nothing like this") is None
    assert Larder.display_name("egg") == egg.name and Larder.display_name(None, "?") == "?"


def test_the_window_can_tell_cancels_from_errors_without_reaching_inside() -> None:
    import agents.app as app

    for cancel in (app.Cancelled("x"), app.ImportCancelled("x"), app.RunCancelled("x")):
        assert app.is_cancellation(cancel)
    for error in (app.UserError("x"), app.StorageError("x"), app.PhotoError("x"), app.ProviderError("x")):
        assert app.is_user_facing(error) and not app.is_cancellation(error)
    assert not app.is_user_facing(RuntimeError("a bug"))


def test_backup_restore_and_forget_through_the_front_door(larder: Larder, tmp_path: Path) -> None:
    larder.add_item("egg", 6)
    report = larder.backup(tmp_path / "before.db")
    assert report.path == tmp_path / "before.db" and report.bytes == report.path.stat().st_size
    assert Larder.check_backup(report.path)  # a Larder database of a known schema
    larder.add_item("milk")
    restored = larder.restore(report.path)
    assert restored.previous is not None and restored.previous.is_file()  # the replaced one is kept
    assert [r.ingredient_id for r in larder.inventory()] == ["egg"]  # the same Larder reads the restored file
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello")
    with pytest.raises(USER_FACING):
        Larder.check_backup(not_a_db)
    exported = larder.export_data(tmp_path / "mine.json")
    assert b'"egg"' in exported.read_bytes()
    root = larder.root
    gone = larder.forget()
    assert root / "larder.db" in gone.removed and not (root / "larder.db").exists()
