"""Instacart Developer Platform: turn a cart into a shopping-list page and hand the user its link.

The API never places an order: the user picks the store and checks out on Instacart. Each call creates
a new page (no idempotency key), so a failed POST is never resent after a timeout."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from agents.providers.base import SubmitLine, SubmitOutcome
from agents.providers.errors import ProviderAuthError, ProviderResponseError
from agents.providers.http import HttpClient, error_text
from agents.secrets import SecretStore

NAME = "instacart"
LINK_PATH = "/idp/v1/products/products_link"
# Instacart's fixed unit vocabulary for our three base units.
_UNITS = {"g": "g", "ml": "ml", "piece": "each"}


def line_item(line: SubmitLine) -> dict[str, Any]:
    unit = _UNITS.get(line.package_unit, "each")
    amount = round(line.quantity * line.package_size, 1)
    if unit == "each":
        amount = round(line.quantity * line.package_size)
    item: dict[str, Any] = {
        "name": line.name,
        "quantity": amount,
        "unit": unit,
        "display_text": line.display_text or line.name,
        "line_item_measurements": [{"quantity": amount, "unit": unit}],
    }
    if line.upc:
        item["upcs"] = [line.upc]
    return item


class InstacartClient:
    name = NAME

    def __init__(self, secrets: SecretStore, base_url: str, *, http: HttpClient | None = None) -> None:
        self.secrets = secrets
        self.http = http or HttpClient(NAME, base_url)

    def close(self) -> None:
        self.http.close()

    def _key(self) -> str:
        key = self.secrets.get(NAME, "api_key")
        if not key:
            raise ProviderAuthError(
                "instacart: no API key in the keyring (run `larder cart --set-credentials instacart`)"
            )
        return key

    def submit(
        self, title: str, lines: Sequence[SubmitLine], *, cancel: threading.Event | None = None
    ) -> SubmitOutcome:
        if not lines:
            raise ProviderResponseError("instacart: the order has no lines to send")
        body = {
            "title": title[:100],
            "link_type": "shopping_list",
            "expires_in": 7,
            "instructions": ["Added by Larder"],
            "line_items": [line_item(line) for line in lines],
        }
        response = self.http.request(
            "POST", LINK_PATH, json=body, headers={"Authorization": f"Bearer {self._key()}"}, cancel=cancel
        )
        if response.status_code in (401, 403):
            raise ProviderAuthError(
                f"instacart: the API key was refused (HTTP {response.status_code}){error_text(response)}"
            )
        if response.status_code not in (200, 201):
            raise ProviderResponseError(
                f"instacart: creating the list answered HTTP {response.status_code}{error_text(response)}",
                response.status_code,
            )
        try:
            url = response.json().get("products_link_url")
        except (ValueError, AttributeError):
            url = None
        if not isinstance(url, str) or not url.startswith("http"):
            raise ProviderResponseError("instacart: the answer carried no products_link_url")
        return SubmitOutcome(
            provider=NAME,
            message=f"Instacart shopping list ready: open {url} to choose a store and check out",
            external={"products_link_url": url},
            sent=len(lines),
        )
