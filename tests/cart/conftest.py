"""Fixtures for the cart tests: loopback provider stand-ins and credentials in the in-memory keyring."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agents.secrets import SecretStore
from cart.fakes.instacart import API_KEY, InstacartApp
from cart.fakes.kroger import CLIENT_ID, CLIENT_SECRET, KrogerApp
from cart.fakes.openfoodfacts import OpenFoodFactsApp
from cart.fakes.server import FakeServer


@pytest.fixture
def secrets() -> SecretStore:
    return SecretStore()


@pytest.fixture
def kroger(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    with FakeServer(KrogerApp()) as server:
        monkeypatch.setenv("LARDER_KROGER_BASE_URL", server.url)
        yield server


@pytest.fixture
def kroger_app(kroger: FakeServer) -> KrogerApp:
    assert isinstance(kroger.app, KrogerApp)
    return kroger.app


@pytest.fixture
def kroger_creds(secrets: SecretStore) -> SecretStore:
    secrets.set("kroger", "client_id", CLIENT_ID)
    secrets.set("kroger", "client_secret", CLIENT_SECRET)
    return secrets


@pytest.fixture
def instacart(monkeypatch: pytest.MonkeyPatch, secrets: SecretStore) -> Iterator[FakeServer]:
    with FakeServer(InstacartApp()) as server:
        monkeypatch.setenv("LARDER_INSTACART_BASE_URL", server.url)
        secrets.set("instacart", "api_key", API_KEY)
        yield server


@pytest.fixture
def off(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    with FakeServer(OpenFoodFactsApp()) as server:
        monkeypatch.setenv("LARDER_OPENFOODFACTS_BASE_URL", server.url)
        yield server
