"""Kroger Public API: client-credentials tokens for locations and products, the authorization-code flow
(PKCE, loopback redirect) for the user's cart, and PUT /v1/cart/add.

Client id/secret and the user's refresh token live in the keyring (SecretStore); access tokens only in
memory. Kroger refresh tokens are single-use, so every refresh stores the new one."""

from __future__ import annotations

import base64
import math
import threading
import time
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from agents.errors import UserError
from agents.providers.base import Product, SubmitLine, SubmitOutcome
from agents.providers.errors import ProviderAuthError, ProviderResponseError
from agents.providers.http import HttpClient, error_text
from agents.providers.oauth import LoopbackReceiver, make_pkce, make_state
from agents.providers.sizes import parse_size
from agents.secrets import SecretStore

NAME = "kroger"
TOKEN_PATH = "/v1/connect/oauth2/token"
AUTHORIZE_PATH = "/v1/connect/oauth2/authorize"
CATALOG_SCOPE = "product.compact"
CART_SCOPE = "cart.basic:write profile.compact"
PAGE_LIMIT = 50  # Kroger's maximum filter.limit for products


@dataclass(frozen=True)
class KrogerLocation:
    location_id: str
    chain: str
    name: str
    address: str
    zip_code: str


class KrogerClient:
    name = NAME

    def __init__(
        self,
        secrets: SecretStore,
        base_url: str,
        *,
        location_id: str | None = None,
        redirect_uri: str = "http://localhost:8000/callback",
        modality: str = "PICKUP",
        currency: str = "USD",
        http: HttpClient | None = None,
    ) -> None:
        self.secrets = secrets
        self.location_id = location_id
        self.redirect_uri = redirect_uri
        if modality not in ("PICKUP", "DELIVERY"):
            raise UserError(
                f"the setting providers.kroger.modality must be PICKUP or DELIVERY, not {modality!r}"
            )
        self.modality = modality
        self.currency = currency
        self.http = http or HttpClient(NAME, base_url)
        self._app_token: tuple[str, float] | None = None
        self._user_token: tuple[str, float] | None = None

    def close(self) -> None:
        self.http.close()

    # --- tokens -----------------------------------------------------------------------------------

    def _basic_auth(self) -> str:
        client_id = self.secrets.get(NAME, "client_id")
        client_secret = self.secrets.get(NAME, "client_secret")
        if not client_id or not client_secret:
            raise ProviderAuthError(
                "kroger: no client id/secret in the keyring (run `larder cart --set-credentials kroger`)"
            )
        raw = f"{client_id}:{client_secret}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")

    def _token_request(
        self, form: dict[str, str], cancel: threading.Event | None = None, *, auth: str | None = None
    ) -> dict[str, Any]:
        response = self.http.request(
            "POST",
            TOKEN_PATH,
            data=form,
            headers={
                "Authorization": auth or self._basic_auth(),
                "Content-Type": "application/x-www-form-urlencoded",
            },
            cancel=cancel,
        )
        if response.status_code in (400, 401, 403):
            raise _TokenRefused(
                f"kroger: the token request was refused{error_text(response)}", _oauth_error(response)
            )
        body = _json(response)
        token = body.get("access_token")
        if response.status_code != 200 or not isinstance(token, str):
            raise ProviderResponseError(
                f"kroger: unexpected token answer HTTP {response.status_code}", response.status_code
            )
        return body

    def app_token(self, cancel: threading.Event | None = None) -> str:
        if self._app_token and self._app_token[1] > time.monotonic():
            return self._app_token[0]
        body = self._token_request({"grant_type": "client_credentials", "scope": CATALOG_SCOPE}, cancel)
        self._app_token = (body["access_token"], _expires_at(body))
        return self._app_token[0]

    def authorize_url(self, state: str, code_challenge: str) -> str:
        client_id = self.secrets.get(NAME, "client_id")
        if not client_id:
            raise ProviderAuthError(
                "kroger: no client id in the keyring (run `larder cart --set-credentials kroger`)"
            )
        query = urlencode(
            {
                "scope": CART_SCOPE,
                "response_type": "code",
                "client_id": client_id,
                "redirect_uri": self.redirect_uri,
                "state": state,
                "code_challenge": code_challenge,
                "code_challenge_method": "S256",
            }
        )
        return f"{self.http.client.base_url}{AUTHORIZE_PATH}?{query}"

    def exchange_code(self, code: str, code_verifier: str) -> None:
        body = self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.redirect_uri,
                "code_verifier": code_verifier,
            }
        )
        self._keep_user_tokens(body)

    def login(
        self,
        *,
        open_url: Callable[[str], object] = webbrowser.open,
        timeout_s: float = 300.0,
        cancel: threading.Event | None = None,
    ) -> None:
        """The authorization-code flow with PKCE: the browser signs in, the loopback catches the code."""
        pkce, state = make_pkce(), make_state()
        url = self.authorize_url(state, pkce.challenge)  # before listening: it fails without a client id
        receiver = LoopbackReceiver(self.redirect_uri)
        try:
            open_url(url)
        except BaseException:
            receiver.close()
            raise
        code = receiver.wait(state, timeout_s=timeout_s, cancel=cancel)
        self.exchange_code(code, pkce.verifier)

    def _keep_user_tokens(self, body: dict[str, Any]) -> None:
        refresh = body.get("refresh_token")
        if isinstance(refresh, str) and refresh:
            self.secrets.set(NAME, "refresh_token", refresh)
        self._user_token = (body["access_token"], _expires_at(body))

    def user_token(self, *, force_refresh: bool = False, cancel: threading.Event | None = None) -> str:
        if self._user_token and self._user_token[1] > time.monotonic() and not force_refresh:
            return self._user_token[0]
        refresh = self.secrets.get(NAME, "refresh_token")
        if not refresh:
            raise ProviderAuthError(
                "kroger: not signed in to a Kroger account (run `larder cart --login kroger`)"
            )
        # Missing or refused app credentials say nothing about the saved sign-in: it must survive them.
        auth = self._basic_auth()
        try:
            body = self._token_request(
                {"grant_type": "refresh_token", "refresh_token": refresh}, cancel, auth=auth
            )
        except _TokenRefused as exc:
            if exc.oauth_error == "invalid_client":
                raise
            self.secrets.delete(NAME, "refresh_token")
            raise ProviderAuthError(
                "kroger: the saved sign-in expired or was revoked (run `larder cart --login kroger` again)"
            ) from None
        self._keep_user_tokens(body)
        return self._user_token[0] if self._user_token else ""

    def _get(
        self, path: str, params: dict[str, Any], cancel: threading.Event | None = None
    ) -> dict[str, Any]:
        """GET with the app token; a 401 gets one fresh token, then one clear error."""
        for attempt in range(2):
            token = self.app_token(cancel)
            response = self.http.request(
                "GET", path, params=params, headers={"Authorization": f"Bearer {token}"}, cancel=cancel
            )
            if response.status_code == 401 and attempt == 0:
                self._app_token = None
                continue
            if response.status_code in (401, 403):
                raise ProviderAuthError(
                    f"kroger: access refused (HTTP {response.status_code}){error_text(response)}"
                )
            if response.status_code != 200:
                raise ProviderResponseError(
                    f"kroger: {path} answered HTTP {response.status_code}{error_text(response)}",
                    response.status_code,
                )
            return _json(response)
        raise AssertionError("unreachable")

    # --- catalogue --------------------------------------------------------------------------------

    def locations(
        self, zip_code: str, *, limit: int = 5, cancel: threading.Event | None = None
    ) -> list[KrogerLocation]:
        body = self._get("/v1/locations", {"filter.zipCode.near": zip_code, "filter.limit": limit}, cancel)
        found = []
        for item in _list(body.get("data")):
            address = item.get("address") or {}
            found.append(
                KrogerLocation(
                    location_id=str(item.get("locationId", "")),
                    chain=str(item.get("chain", "")),
                    name=str(item.get("name", "")),
                    address=", ".join(
                        str(address.get(k, "")) for k in ("addressLine1", "city", "state") if address.get(k)
                    ),
                    zip_code=str(address.get("zipCode", "")),
                )
            )
        return [loc for loc in found if loc.location_id]

    def search(
        self, ingredient: str, query: str, *, limit: int = 10, cancel: threading.Event | None = None
    ) -> list[Product]:
        if not self.location_id:
            raise ProviderAuthError("kroger: no store chosen, so no prices (run `larder cart --store ZIP`)")
        products: list[Product] = []
        start = 0
        while len(products) < limit:
            page_limit = min(PAGE_LIMIT, limit - len(products))
            params = {
                "filter.term": query,
                "filter.locationId": self.location_id,
                "filter.limit": page_limit,
                "filter.start": start,
            }
            body = self._get("/v1/products", params, cancel)
            data = _list(body.get("data"))
            for item in data:
                products.extend(self._products(ingredient, item))
            pagination = (body.get("meta") or {}).get("pagination") or {}
            total = _number(pagination.get("total"))
            start += len(data)
            if not data or start >= total:
                break
        return products[:limit]

    def _products(self, ingredient: str, item: dict[str, Any]) -> list[Product]:
        out = []
        aisles = _list(item.get("aisleLocations"))
        aisle = str(aisles[0].get("description", "")) if aisles else ""
        description = str(item.get("description", "")).strip()
        for sku in _list(item.get("items")):
            price = sku.get("price") or {}
            promo, regular = _number(price.get("promo")), _number(price.get("regular"))
            amount = promo if 0 < promo < regular or (promo > 0 and not regular) else regular
            size = parse_size(str(sku.get("size", "")))
            if amount <= 0 or not size or not description:
                continue  # no price at this store, or a size we cannot compare
            fulfilment = sku.get("fulfillment") or {}
            stock = ((sku.get("inventory") or {}).get("stockLevel") or "").upper()
            available = stock != "TEMPORARILY_OUT_OF_STOCK" and (
                fulfilment.get("curbside" if self.modality == "PICKUP" else "delivery", True) is not False
            )
            out.append(
                Product(
                    provider=NAME,
                    product_id=str(item.get("productId", "")),
                    name=description,
                    brand=str(item.get("brand", "")),
                    package_size=size[0],
                    package_unit=size[1],
                    price=round(float(amount), 2),
                    currency=self.currency,
                    available=available,
                    ingredient=ingredient,
                    organic="organic" in description.lower(),
                    upc=str(item.get("upc", "")),
                    aisle=aisle,
                    indicative=False,
                )
            )
        return out

    # --- the user's cart ---------------------------------------------------------------------------

    def submit(
        self, title: str, lines: Sequence[SubmitLine], *, cancel: threading.Event | None = None
    ) -> SubmitOutcome:
        items = [
            {"upc": line.upc, "quantity": line.quantity, "modality": self.modality}
            for line in lines
            if line.upc
        ]
        skipped = tuple(line.name for line in lines if not line.upc)
        if not items:
            raise ProviderResponseError(
                "kroger: none of the lines is a Kroger product (rebuild the cart with --provider kroger)"
            )
        for attempt in range(2):
            token = self.user_token(force_refresh=attempt > 0, cancel=cancel)
            response = self.http.request(
                "PUT",
                "/v1/cart/add",
                json={"items": items},
                headers={"Authorization": f"Bearer {token}"},
                cancel=cancel,
            )
            if response.status_code == 401 and attempt == 0:
                continue
            if response.status_code in (401, 403):
                raise ProviderAuthError(
                    f"kroger: the cart refused the sign-in (HTTP {response.status_code}){error_text(response)}"
                )
            if response.status_code not in (200, 204):
                raise ProviderResponseError(
                    f"kroger: cart add answered HTTP {response.status_code}{error_text(response)}",
                    response.status_code,
                )
            return SubmitOutcome(
                provider=NAME,
                message=f"added {len(items)} products to your Kroger cart ({self.modality.lower()}); check out on kroger.com",
                external={"kroger_modality": self.modality, "kroger_items": len(items)},
                sent=len(items),
                skipped=skipped,
            )
        raise AssertionError("unreachable")


class _TokenRefused(ProviderAuthError):
    def __init__(self, message: str, oauth_error: str) -> None:
        super().__init__(message)
        self.oauth_error = oauth_error  # the OAuth2 "error" code: invalid_grant, invalid_client, ...


def _oauth_error(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, str) else ""


def _number(value: object) -> float:
    """A JSON number from the API, or 0 for anything else (the store's data is not ours to trust)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 0.0
    try:
        number = float(value)
    except ValueError:
        return 0.0
    return number if math.isfinite(number) else 0.0


def _expires_at(body: dict[str, Any]) -> float:
    """Monotonic deadline for a token, a minute early; 30 minutes when expires_in is missing or odd."""
    return time.monotonic() + (_number(body.get("expires_in")) or 1800.0) - 60


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        raise ProviderResponseError(
            f"answered HTTP {response.status_code} with a body that is not JSON"
        ) from None
    if not isinstance(body, dict):
        raise ProviderResponseError("answered with JSON that is not an object")
    return body


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
