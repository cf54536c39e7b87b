"""Kroger client against the loopback stand-in: tokens, locations, pagination, PKCE login, cart add."""

from __future__ import annotations

import socket

import httpx
import pytest

from agents.providers.base import SubmitLine
from agents.providers.errors import ProviderAuthError
from agents.providers.http import HttpClient
from agents.providers.kroger import KrogerClient
from agents.secrets import SecretStore
from cart.fakes.kroger import LOCATION, KrogerApp
from cart.fakes.server import FakeServer, Response


def make(server: FakeServer, secrets: SecretStore, **kw: object) -> KrogerClient:
    http = HttpClient("kroger", server.url, sleep=lambda s: None)
    return KrogerClient(secrets, server.url, location_id=kw.pop("location_id", LOCATION), http=http, **kw)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_products_are_priced_for_the_store_with_sizes_parsed(
    kroger: FakeServer, kroger_creds: SecretStore
) -> None:
    products = make(kroger, kroger_creds).search("greek_yogurt_plain_nonfat", "greek yogurt", limit=10)
    assert [(p.package_size, p.package_unit, p.price) for p in products] == [
        (907.2, "g", 4.99),
        (150.3, "g", 1.25),
        (1000.7, "g", 6.49),
    ]
    assert all(not p.indicative and p.upc and p.aisle == "Aisle 12" for p in products)
    call = kroger.app.calls("/v1/products")[0]
    assert call.query["filter.locationId"] == LOCATION and call.headers["authorization"].startswith(
        "Bearer app-"
    )
    token_call = kroger.app.calls("/v1/connect/oauth2/token")[0]
    assert token_call.form() == {"grant_type": "client_credentials", "scope": "product.compact"}
    assert token_call.headers["authorization"].startswith("Basic ")


def test_search_follows_pagination(
    kroger: FakeServer, kroger_creds: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("agents.providers.kroger.PAGE_LIMIT", 2)
    products = make(kroger, kroger_creds).search("greek_yogurt_plain_nonfat", "greek yogurt", limit=10)
    assert len(products) == 3
    assert [c.query["filter.start"] for c in kroger.app.calls("/v1/products")] == ["0", "2"]


def test_expired_app_token_is_refreshed_once(
    kroger: FakeServer, kroger_app: KrogerApp, kroger_creds: SecretStore
) -> None:
    client = make(kroger, kroger_creds)
    client.search("egg", "egg")
    kroger_app.revoke_all()
    assert len(client.search("egg", "egg")) == 1
    assert len(kroger.app.calls("/v1/connect/oauth2/token")) == 2


def test_a_token_refused_twice_is_one_clear_error(kroger: FakeServer, kroger_creds: SecretStore) -> None:
    kroger.app.fail_next("/v1/products", Response(401, {"error": "invalid_token"}), times=2)
    with pytest.raises(ProviderAuthError, match="access refused"):
        make(kroger, kroger_creds).search("egg", "egg")


def test_wrong_client_secret_is_an_auth_error(kroger: FakeServer, secrets: SecretStore) -> None:
    secrets.set("kroger", "client_id", "larder-test-app")
    secrets.set("kroger", "client_secret", "wrong")
    with pytest.raises(ProviderAuthError, match="bad client credentials") as info:
        make(kroger, secrets).search("egg", "egg")
    assert "wrong" not in str(info.value)


def test_missing_credentials_say_how_to_add_them(kroger: FakeServer, secrets: SecretStore) -> None:
    with pytest.raises(ProviderAuthError, match="set-credentials kroger"):
        make(kroger, secrets).search("egg", "egg")
    assert kroger.app.requests == []


def test_locations_near_a_zip(kroger: FakeServer, kroger_creds: SecretStore) -> None:
    [loc] = make(kroger, kroger_creds).locations("45202")
    assert loc.location_id == LOCATION and "Cincinnati" in loc.address
    assert kroger.app.calls("/v1/locations")[0].query["filter.zipCode.near"] == "45202"


def login(kroger: FakeServer, secrets: SecretStore) -> KrogerClient:
    redirect = f"http://localhost:{free_port()}/callback"
    client = make(kroger, secrets, redirect_uri=redirect)
    # The "browser": follow the authorize redirect to the loopback receiver.
    client.login(open_url=lambda url: httpx.get(url, follow_redirects=True, timeout=5), timeout_s=10)
    return client


def test_login_with_pkce_stores_only_the_refresh_token(kroger: FakeServer, kroger_creds: SecretStore) -> None:
    login(kroger, kroger_creds)
    assert kroger.app.refresh_tokens == {kroger_creds.get("kroger", "refresh_token")}  # type: ignore[attr-defined]
    authorize = kroger.app.calls("/v1/connect/oauth2/authorize")[0].query
    assert authorize["code_challenge_method"] == "S256" and "cart.basic:write" in authorize["scope"]
    exchange = kroger.app.calls("/v1/connect/oauth2/token")[0].form()
    assert exchange["grant_type"] == "authorization_code" and exchange["code_verifier"]


def test_cart_add_sends_upcs_with_modality(
    kroger: FakeServer, kroger_app: KrogerApp, kroger_creds: SecretStore
) -> None:
    client = login(kroger, kroger_creds)
    outcome = client.submit(
        "t", [SubmitLine("Yogurt", 2, 907, "g", "1", "0001111041700"), SubmitLine("Tofu", 1, 396, "g")]
    )
    assert kroger_app.carts == [[{"upc": "0001111041700", "quantity": 2, "modality": "PICKUP"}]]
    assert outcome.sent == 1 and outcome.skipped == ("Tofu",)


def test_refresh_tokens_are_single_use_and_rotated(
    kroger: FakeServer, kroger_app: KrogerApp, kroger_creds: SecretStore
) -> None:
    login(kroger, kroger_creds)
    first = kroger_creds.get("kroger", "refresh_token")
    kroger_app.revoke_all()  # the access token expired: a new client must refresh
    client = make(kroger, kroger_creds)
    client.submit("t", [SubmitLine("Eggs", 1, 12, "piece", "1", "0001111060903")])
    second = kroger_creds.get("kroger", "refresh_token")
    assert second != first and kroger_app.refresh_tokens == {second} and len(kroger_app.carts) == 1


def test_revoked_sign_in_asks_to_log_in_again(
    kroger: FakeServer, kroger_app: KrogerApp, kroger_creds: SecretStore
) -> None:
    kroger_creds.set("kroger", "refresh_token", "refresh-revoked")
    with pytest.raises(ProviderAuthError, match="login kroger"):
        make(kroger, kroger_creds).submit("t", [SubmitLine("Eggs", 1, 12, "piece", "1", "0001111060903")])
    assert kroger_creds.get("kroger", "refresh_token") is None and kroger_app.carts == []


def test_login_denied_by_the_user(kroger: FakeServer, kroger_creds: SecretStore) -> None:
    redirect = f"http://localhost:{free_port()}/callback"
    client = make(kroger, kroger_creds, redirect_uri=redirect)
    with pytest.raises(ProviderAuthError, match="access_denied"):
        client.login(
            open_url=lambda url: httpx.get(f"{redirect}?error=access_denied", timeout=5), timeout_s=10
        )


def test_missing_or_refused_app_credentials_keep_the_saved_sign_in(
    kroger: FakeServer, secrets: SecretStore
) -> None:
    secrets.set("kroger", "refresh_token", "refresh-still-good")
    line = [SubmitLine("Eggs", 1, 12, "piece", "1", "0001111060903")]
    with pytest.raises(ProviderAuthError, match="set-credentials kroger"):
        make(kroger, secrets).submit("t", line)
    secrets.set("kroger", "client_id", "larder-test-app")
    secrets.set("kroger", "client_secret", "wrong")
    with pytest.raises(ProviderAuthError, match="bad client credentials"):
        make(kroger, secrets).submit("t", line)
    assert secrets.get("kroger", "refresh_token") == "refresh-still-good"


def test_a_login_whose_browser_fails_to_open_frees_the_loopback_port(
    kroger: FakeServer, kroger_creds: SecretStore
) -> None:
    port = free_port()
    client = make(kroger, kroger_creds, redirect_uri=f"http://localhost:{port}/callback")

    def broken_browser(url: str) -> None:
        raise OSError("no browser")

    with pytest.raises(OSError, match="no browser"):
        client.login(open_url=broken_browser, timeout_s=10)
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # free again: the receiver was closed


def test_odd_numbers_in_a_product_answer_are_skipped_not_a_crash(
    kroger: FakeServer, kroger_creds: SecretStore
) -> None:
    odd = {
        "data": [
            {"productId": "1", "description": "Yogurt A", "upc": "1",
             "items": [{"size": "32 oz", "price": {"regular": "n/a", "promo": {"x": 1}}}]},
            {"productId": "2", "description": "Yogurt B", "upc": "2",
             "items": [{"size": "1/0 lb", "price": {"regular": 3.5}}]},
            {"productId": "3", "description": "Yogurt C", "upc": "3",
             "items": [{"size": "16 oz", "price": {"regular": "2.99", "promo": -1}}]},
        ],
        "meta": {"pagination": {"total": "many"}},
    }  # fmt: skip
    kroger.app.fail_next("/v1/products", Response(200, odd))
    products = make(kroger, kroger_creds).search("greek_yogurt_plain_nonfat", "greek yogurt")
    assert [(p.product_id, p.price, p.package_size) for p in products] == [("3", 2.99, 453.6)]
