"""The cart, orders and export commands end to end, in process (so the in-memory keyring is used),
against the offline catalog and the Kroger/Instacart stand-ins."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from agents.cart import service
from agents.cart.settings import KROGER_LOCATION, write_setting
from agents.cli import main
from agents.nutrition.result import Recommendation
from agents.providers.kroger import KrogerClient
from agents.secrets import SecretStore
from cart.fakes.kroger import LOCATION, KrogerApp
from cart.fakes.server import FakeServer
from data.db import Database
from data.models import ShoppingList, ShoppingListItem
from data.paths import resolve_home

RECS = (
    Recommendation("greek_yogurt_plain_nonfat", "Greek yogurt, plain, nonfat", 1000, "g", 1000,
                   "protein short 310 g over 7 days; 1 kg adds 103 g protein", {"protein_g": 103.0}, 9.0),
    Recommendation("spinach", "Spinach, fresh", 300, "g", 300, "iron short 20 mg; 300 g adds 8 mg iron", {"iron_mg": 8.1}, 3.0),
    Recommendation("lentils_dry", "Lentils, dry", 500, "g", 500, "fiber short 60 g; 500 g adds 54 g fiber", {"fiber_g": 54.0}, 2.0),
)  # fmt: skip


@pytest.fixture
def db() -> Database:
    database = Database(resolve_home().ensure().database)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def plan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "load_plan", lambda db, days: service.Plan(RECS, None, ()))


def add_list(db: Database, *items: tuple[str, float, str]) -> int:
    with db.session() as s:
        shopping = ShoppingList(name="Weekly")
        s.add(shopping)
        s.flush()
        assert shopping.id is not None
        for name, qty, unit in items:
            s.add(ShoppingListItem(list_id=shopping.id, name=name, quantity=qty, unit=unit))
        return shopping.id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in argv and code == 0 else {}), err


def test_offline_cart_is_priced_saved_and_exports_five_formats(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_list(db, ("milk", 1, "piece"), ("paper towels", 1, "piece"))
    code, out, _ = run(capsys, "cart", "--budget", "80", "--json")
    assert code == 0
    cart = out["cart"]
    assert 0 < cart["total"] <= 80 and cart["order_id"] == out["order_id"]
    by_ing = {line["ingredient"]: line for line in cart["lines"]}
    assert {"greek_yogurt_plain_nonfat", "spinach", "lentils_dry", "milk_whole"} <= set(by_ing)
    assert all(line["indicative"] for line in cart["lines"]) and cart["indicative"]
    assert "protein" in by_ing["greek_yogurt_plain_nonfat"]["reason"]
    assert sum(line["line_total"] for line in cart["lines"]) == pytest.approx(cart["total"])
    assert [s["name"] for s in cart["short"]] == ["paper towels"]  # not in the catalog: said, not dropped

    code, listed, _ = run(capsys, "orders", "--json")
    assert (
        code == 0
        and listed["orders"][0]["id"] == cart["order_id"]
        and listed["orders"][0]["status"] == "draft"
    )

    oid = str(cart["order_id"])
    files = {fmt: tmp_path / f"order.{fmt}" for fmt in ("csv", "md", "txt", "json", "pdf")}
    for fmt, path in files.items():
        assert run(capsys, "export", oid, "--format", fmt, "--out", str(path))[0] == 0
    raw = files["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(cart["lines"]) and rows[0]["currency"] == "USD"
    assert sum(float(r["line_total"]) for r in rows) == pytest.approx(cart["total"])
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    assert len(data["lines"]) == len(cart["lines"]) and data["total"] == cart["total"]
    md = files["md"].read_text(encoding="utf-8")
    assert "## Dairy & Eggs" in md and md.count("- [ ]") == len(cart["lines"])
    assert "Greek yogurt" in files["txt"].read_text(encoding="utf-8")
    text = "".join(page.extract_text() for page in PdfReader(files["pdf"]).pages)
    assert "Greek yogurt" in text and "Produce" in text and f"{cart['total']:.2f}" in text


def test_pdf_prints_on_letter_and_a4_with_accents(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    list_id = add_list(db, ("Crème fraîche", 2, "piece"), ("jalapeño", 3, "piece"))
    for paper, (width, height) in (("a4", (595, 842)), ("letter", (612, 792))):
        out = tmp_path / f"{paper}.pdf"
        assert (
            run(capsys, "export", f"list:{list_id}", "--format", "pdf", "--paper", paper, "--out", str(out))[
                0
            ]
            == 0
        )
        reader = PdfReader(out)
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (width, height)
        text = reader.pages[0].extract_text()
        assert "Crème fraîche" in text and "jalapeño" in text


def test_user_errors_are_one_line_exit_2(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for argv in (["export", "99", "--format", "csv", "--out", str(tmp_path / "x.csv")], ["export", "abc"],
                 ["cart", "--budget", "-5"], ["cart", "--budget", "inf"], ["cart", "--budget", "nan"],
                 ["orders", "submit"], ["export", "list:7", "--out", str(tmp_path / "none" / "x.csv")]):  # fmt: skip
        code, _, err = run(capsys, *argv)
        assert code == 2 and err.startswith("larder: ") and len(err.strip().splitlines()) == 1, (argv, err)
    assert not (tmp_path / "x.csv").exists()


def test_offline_order_cannot_be_submitted_and_stays_draft(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "cart", "--json")
    code, _, err = run(capsys, "orders", "submit", str(out["order_id"]), "--confirm")
    assert code == 2 and "export" in err
    assert run(capsys, "orders", "show", str(out["order_id"]), "--json")[1]["order"]["status"] == "draft"


def test_draft_edit_and_status_history(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    from agents.cart.orders import edit_line, load_order, set_status

    _, out, _ = run(capsys, "cart", "--json")
    order = load_order(db, out["order_id"])
    first = order.lines[0]
    edited = edit_line(db, order.id, first.id, first.quantity + 1)
    assert edited.total == pytest.approx(order.total + first.unit_price)
    cancelled = set_status(db, order.id, "cancelled", note="changed my mind")
    assert [h.status for h in cancelled.history] == ["draft", "cancelled"]
    code, _, err = run(capsys, "orders", "submit", str(order.id))
    assert code == 2 and "cancelled" in err


def kroger_ready(db: Database, kroger: FakeServer, secrets: SecretStore) -> None:
    write_setting(db, KROGER_LOCATION, LOCATION)
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = KrogerClient(
        secrets, kroger.url, location_id=LOCATION, redirect_uri=f"http://localhost:{port}/callback"
    )
    client.login(open_url=lambda url: httpx.get(url, follow_redirects=True, timeout=5), timeout_s=10)


def test_kroger_cart_submits_after_a_dry_run(db: Database, capsys: pytest.CaptureFixture[str], kroger: FakeServer,
                                             kroger_app: KrogerApp, kroger_creds: SecretStore) -> None:  # fmt: skip
    kroger_ready(db, kroger, kroger_creds)
    code, out, _ = run(capsys, "cart", "--provider", "kroger", "--json")
    assert code == 0
    lines = {line["ingredient"]: line for line in out["cart"]["lines"]}
    # 1000 g of yogurt: the 32 oz tub plus one 5.3 oz cup (6.24) beats the 35.3 oz tub on promo (6.49).
    yogurt = [
        (li["upc"], li["quantity"], li["line_total"])
        for li in out["cart"]["lines"]
        if li["ingredient"] == "greek_yogurt_plain_nonfat"
    ]
    assert yogurt == [("0001111041700", 1, 4.99), ("0001111041701", 1, 1.25)]
    assert all(
        li["provider"] == "kroger" and not li["indicative"] for li in out["cart"]["lines"] if li["upc"]
    )
    assert lines["spinach"]["indicative"] and any("indicative" in n for n in out["cart"]["notices"])
    oid = str(out["order_id"])

    code, dry, _ = run(capsys, "orders", "submit", oid, "--json")
    assert code == 0 and dry["submit"]["dry_run"] and kroger_app.carts == []
    code, sent, _ = run(capsys, "orders", "submit", oid, "--confirm", "--json")
    assert code == 0 and not sent["submit"]["dry_run"]
    assert [(item["upc"], item["quantity"]) for item in kroger_app.carts[0]] == [(u, q) for u, q, _ in yogurt]
    order = run(capsys, "orders", "show", oid, "--json")[1]["order"]
    assert order["status"] == "submitted" and [h["status"] for h in order["history"]] == [
        "draft",
        "submitted",
    ]
    dump = json.dumps(order) + (Path(db.path).read_bytes().decode("latin-1"))
    assert "refresh-" not in dump and "s3cret" not in dump and "user-" not in dump


def test_network_lost_mid_build_prices_the_rest_offline(db: Database, capsys: pytest.CaptureFixture[str],
                                                       kroger: FakeServer, kroger_creds: SecretStore) -> None:  # fmt: skip
    write_setting(db, KROGER_LOCATION, LOCATION)
    kroger.app.drop_after("/v1/products", 1)
    code, out, _ = run(capsys, "cart", "--provider", "kroger", "--json")
    assert code == 0
    lines = out["cart"]["lines"]
    providers = {li["ingredient"]: li["provider"] for li in lines}
    assert providers == {
        "greek_yogurt_plain_nonfat": "kroger",
        "spinach": "offline",
        "lentils_dry": "offline",
    }
    assert any("cannot reach" in n and "indicative" in n for n in out["cart"]["notices"])
    assert len(kroger.app.calls("/v1/products")) == 2  # one answer, one hang-up, then no more tries


def test_network_lost_before_submit_leaves_the_draft_intact(db: Database, capsys: pytest.CaptureFixture[str],
                                                            kroger: FakeServer, kroger_app: KrogerApp,
                                                            kroger_creds: SecretStore) -> None:  # fmt: skip
    kroger_ready(db, kroger, kroger_creds)
    _, out, _ = run(capsys, "cart", "--provider", "kroger", "--json")
    before = run(capsys, "orders", "show", str(out["order_id"]), "--json")[1]["order"]
    kroger.stop()
    code, _, err = run(capsys, "orders", "submit", str(out["order_id"]), "--confirm")
    assert code == 2 and "still a draft" in err and "nothing was sent" in err
    after = run(capsys, "orders", "show", str(out["order_id"]), "--json")[1]["order"]
    assert (
        after["status"] == "draft" and after["lines"] == before["lines"] and after["total"] == before["total"]
    )
    assert "failed" in after["history"][-1]["note"]


def test_a_submit_cut_off_after_sending_says_it_may_have_arrived(
    db: Database, capsys: pytest.CaptureFixture[str], instacart: FakeServer
) -> None:
    _, out, _ = run(capsys, "cart", "--provider", "instacart", "--json")
    instacart.app.drop_after("/idp", 0)
    code, _, err = run(capsys, "orders", "submit", str(out["order_id"]), "--confirm")
    assert code == 2 and "still a draft" in err and "may or may not have arrived" in err
    assert len(instacart.app.calls("/idp")) == 1  # and it was not resent


def test_instacart_submit_gives_a_link(
    db: Database, capsys: pytest.CaptureFixture[str], instacart: FakeServer
) -> None:
    _, out, _ = run(capsys, "cart", "--provider", "instacart", "--json")
    code, sent, _ = run(capsys, "orders", "submit", str(out["order_id"]), "--confirm", "--json")
    assert code == 0 and sent["submit"]["external"]["products_link_url"].startswith(
        "https://www.instacart.com/"
    )
    body = instacart.app.lists[0]  # type: ignore[attr-defined]
    assert len(body["line_items"]) == len(out["cart"]["lines"])


def test_credentials_go_to_the_keyring_only(db: Database, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch, secrets: SecretStore) -> None:  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO("keys.abc123\n"))
    code, out, _ = run(capsys, "cart", "--set-credentials", "instacart", "--json")
    assert code == 0 and out == {"provider": "instacart", "stored": ["api_key"]}
    assert secrets.get("instacart", "api_key") == "keys.abc123"
    assert b"keys.abc123" not in Path(db.path).read_bytes()
    assert run(capsys, "cart", "--forget", "instacart", "--json")[1]["deleted"] == ["api_key"]
    assert secrets.get("instacart", "api_key") is None


def test_orders_edit_changes_a_draft_line(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "cart", "--json")
    oid = str(out["order_id"])
    line = run(capsys, "orders", "show", oid, "--json")[1]["order"]["lines"][0]
    code, edited, _ = run(
        capsys, "orders", "edit", oid, "--line", str(line["id"]), "--quantity", "0", "--json"
    )
    assert code == 0 and line["id"] not in [li["id"] for li in edited["order"]["lines"]]
    assert edited["order"]["total"] == pytest.approx(out["cart"]["total"] - line["line_total"])
    assert run(capsys, "orders", "edit", oid, "--line", "99999", "--quantity", "1")[0] == 2


def test_barcode_lookup_from_the_cli(capsys: pytest.CaptureFixture[str], off: FakeServer) -> None:
    code, out, _ = run(capsys, "cart", "--barcode", "3017620422003", "--json")
    assert code == 0 and out["product"]["name"] == "Skyr nature" and "yogurt" in out["product"]["ingredient"]
    code, _, err = run(capsys, "cart", "--barcode", "4006381333931")
    assert code == 2 and "no product" in err


def test_organic_flag_picks_organic_catalog_products(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "cart", "--organic", "--json")
    assert code == 0 and len(out["cart"]["lines"]) >= 3
    assert all(line["product"].startswith("Organic ") for line in out["cart"]["lines"])


def test_export_without_out_prints_the_text_on_stdout(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    _, cart, _ = run(capsys, "cart", "--json")
    assert main(["export", str(cart["order_id"]), "--format", "md"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"# Larder order {cart['order_id']}") and "Greek yogurt" in out
    assert "Larder order" not in err


def test_an_unwritable_export_folder_is_one_line(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, cart, _ = run(capsys, "cart", "--json")

    def refuse(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("agents.cart.export.tempfile.mkstemp", refuse)
    code, _, err = run(capsys, "export", str(cart["order_id"]), "--out", str(tmp_path / "x.csv"))
    assert code == 2 and err == f"larder: cannot write {tmp_path / 'x.csv'}: Permission denied\n"


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset to change the local zone")
def test_order_times_are_shown_in_local_time(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "cart", "--json")
    created = datetime.fromisoformat(run(capsys, "orders", "--json")[1]["orders"][0]["created_at"])
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # UTC+9 all year
    time.tzset()
    try:
        assert main(["orders"]) == 0
        listed = capsys.readouterr().out
    finally:
        monkeypatch.undo()
        time.tzset()
    assert f"{(created + timedelta(hours=9)):%Y-%m-%d %H:%M}" in listed


def test_csv_cells_that_look_like_formulas_are_kept_as_text(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    list_id = add_list(
        db, ('=HYPERLINK("http://x","click")', 1, "piece"), ("-tofu", 2, "piece"), ("milk", 1, "l")
    )
    out = tmp_path / "list.csv"
    assert run(capsys, "export", f"list:{list_id}", "--out", str(out))[0] == 0
    items = [row["item"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))]
    assert items == ['\'=HYPERLINK("http://x","click")', "'-tofu", "milk"]


def test_kroger_modality_setting_is_case_blind_and_a_bad_one_is_one_line(
    db: Database,
    capsys: pytest.CaptureFixture[str],
    kroger: FakeServer,
    kroger_app: KrogerApp,
    kroger_creds: SecretStore,
) -> None:
    kroger_ready(db, kroger, kroger_creds)
    write_setting(db, "providers.kroger.modality", "delivery")
    code, out, err = run(capsys, "cart", "--provider", "kroger", "--json")
    assert code == 0, err
    code, _sent, err = run(capsys, "orders", "submit", str(out["order_id"]), "--confirm", "--json")
    assert code == 0, err
    # what the stand-in received, not just exit 0: every item asks for delivery, in Kroger's spelling
    assert len(kroger_app.carts) == 1 and kroger_app.carts[0]
    assert {item["modality"] for item in kroger_app.carts[0]} == {"DELIVERY"}
    write_setting(db, "providers.kroger.modality", "drone")
    code, _, err = run(capsys, "cart", "--provider", "kroger")
    assert code == 2 and "PICKUP or DELIVERY" in err and len(err.strip().splitlines()) == 1
