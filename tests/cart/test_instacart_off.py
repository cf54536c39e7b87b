"""Instacart shopping-list links and Open Food Facts barcode lookups against their stand-ins."""

from __future__ import annotations

import pytest

from agents.providers.base import SubmitLine
from agents.providers.errors import ProductNotFound, ProviderAuthError, ProviderResponseError
from agents.providers.http import HttpClient
from agents.providers.instacart import InstacartClient
from agents.providers.openfoodfacts import OpenFoodFactsClient, valid_barcode
from agents.secrets import SecretStore
from cart.fakes.server import FakeServer, Response


def ic(server: FakeServer, secrets: SecretStore) -> InstacartClient:
    return InstacartClient(
        secrets, server.url, http=HttpClient("instacart", server.url, sleep=lambda s: None)
    )


def test_instacart_link_from_lines(instacart: FakeServer, secrets: SecretStore) -> None:
    lines = [SubmitLine("Milk, whole", 2, 946, "ml"), SubmitLine("Eggs", 1, 12, "piece")]
    outcome = ic(instacart, secrets).submit("Larder order 3", lines)
    assert outcome.external["products_link_url"].startswith("https://www.instacart.com/")
    body = instacart.app.lists[0]  # type: ignore[attr-defined]
    assert body["link_type"] == "shopping_list" and body["title"] == "Larder order 3"
    assert [(i["name"], i["quantity"], i["unit"]) for i in body["line_items"]] == [
        ("Milk, whole", 1892.0, "ml"),
        ("Eggs", 12, "each"),
    ]
    assert instacart.app.requests[0].headers["authorization"].startswith("Bearer keys.")


def test_instacart_bad_key_is_an_auth_error(instacart: FakeServer, secrets: SecretStore) -> None:
    secrets.set("instacart", "api_key", "keys.wrong")
    with pytest.raises(ProviderAuthError, match="Unauthorized"):
        ic(instacart, secrets).submit("t", [SubmitLine("Eggs", 1, 12, "piece")])


def test_instacart_create_is_not_resent_after_a_server_error(
    instacart: FakeServer, secrets: SecretStore
) -> None:
    instacart.app.fail_next(
        "/idp", Response(500, {"error": {"message": "internal", "code": 500}, "meta": {}})
    )
    with pytest.raises(ProviderResponseError, match="internal"):
        ic(instacart, secrets).submit("t", [SubmitLine("Eggs", 1, 12, "piece")])
    assert len(instacart.app.requests) == 1


def off_client(server: FakeServer) -> OpenFoodFactsClient:
    return OpenFoodFactsClient(
        server.url, http=HttpClient("openfoodfacts", server.url, retries=1, sleep=lambda s: None)
    )


def test_off_product_by_barcode_maps_to_taxonomy(off: FakeServer) -> None:
    product = off_client(off).product("3017620422003")
    assert product.name == "Skyr nature" and product.package_size == 450 and product.package_unit == "g"
    assert product.nutrients["protein_g"] == 11 and product.nutrients["sodium_mg"] == 40.0
    assert product.ingredient is not None and "yogurt" in product.ingredient
    call = off.app.requests[0]
    assert call.headers["user-agent"].startswith("Larder/0.1") and "nutriments" in call.query["fields"]


def test_off_salt_only_gives_sodium(off: FakeServer) -> None:
    product = off_client(off).product("5000159484695")
    assert (
        product.nutrients["sodium_mg"] == 40.0
        and product.package_unit == "ml"
        and product.package_size == 2000
    )


def test_off_unknown_and_invalid_barcodes(off: FakeServer) -> None:
    with pytest.raises(ProductNotFound, match="no product"):
        off_client(off).product("4006381333931")
    with pytest.raises(ProductNotFound, match="not a valid"):
        off_client(off).product("1234567890123")
    assert len(off.app.requests) == 1  # the invalid one never reached the service
    assert valid_barcode("4006381333931") and not valid_barcode("12ab")
