"""Kroger Public API stand-in: OAuth2 token endpoint (client credentials, authorization code with PKCE,
single-use refresh tokens), authorize redirect, locations, paginated products, PUT /v1/cart/add."""

from __future__ import annotations

import base64
import hashlib
import itertools
from urllib.parse import urlencode

from cart.fakes.server import App, Request, Response

CLIENT_ID, CLIENT_SECRET = "larder-test-app", "s3cret-value"
LOCATION = "01400943"


def _item(
    pid: str, upc: str, brand: str, description: str, size: str, regular: float, promo: float = 0.0
) -> dict:
    return {
        "productId": pid,
        "upc": upc,
        "brand": brand,
        "description": description,
        "categories": ["Dairy"],
        "aisleLocations": [{"description": "Aisle 12", "number": "12"}],
        "items": [
            {
                "itemId": pid,
                "size": size,
                "soldBy": "UNIT",
                "price": {"regular": regular, "promo": promo},
                "fulfillment": {"curbside": True, "delivery": True, "inStore": True, "shipToHome": False},
                "inventory": {"stockLevel": "HIGH"},
            }
        ],
    }


PRODUCTS: dict[str, list[dict]] = {
    "greek yogurt": [
        _item("0001111041700", "0001111041700", "Kroger", "Kroger® Plain Nonfat Greek Yogurt", "32 oz", 4.99),
        _item(
            "0001111041701",
            "0001111041701",
            "Kroger",
            "Kroger® Plain Nonfat Greek Yogurt Cup",
            "5.3 oz",
            1.25,
        ),
        _item("0081829001", "0081829001", "Fage", "Fage Total 0% Greek Yogurt", "35.3 oz", 7.99, 6.49),
    ],
    "milk": [
        _item("0001111040101", "0001111040101", "Kroger", "Kroger® Whole Milk", "1 gal", 3.49),
        _item("0001111040102", "0001111040102", "Kroger", "Kroger® Whole Milk", "1/2 gal", 2.39),
    ],
    "egg": [_item("0001111060903", "0001111060903", "Kroger", "Kroger® Grade A Large Eggs", "12 ct", 3.19)],
}


class KrogerApp(App):
    def __init__(self) -> None:
        super().__init__()
        self._n = itertools.count(1)
        self.app_tokens: set[str] = set()
        self.user_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.codes: dict[str, tuple[str, str]] = {}  # code -> (challenge, redirect_uri)
        self.carts: list[list[dict]] = []

    def revoke_all(self) -> None:
        self.app_tokens.clear()
        self.user_tokens.clear()

    def _basic_ok(self, request: Request) -> bool:
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        return request.headers.get("authorization") == f"Basic {expected}"

    def _bearer(self, request: Request) -> str:
        value = request.headers.get("authorization", "")
        return value[7:] if value.startswith("Bearer ") else ""

    def handle(self, request: Request) -> Response:
        if request.path == "/v1/connect/oauth2/token" and request.method == "POST":
            return self._token(request)
        if request.path == "/v1/connect/oauth2/authorize" and request.method == "GET":
            return self._authorize(request)
        if request.path == "/v1/locations" and request.method == "GET":
            return self._locations(request)
        if request.path == "/v1/products" and request.method == "GET":
            return self._products(request)
        if request.path == "/v1/cart/add" and request.method == "PUT":
            return self._cart_add(request)
        return Response(404, {"errors": {"code": "NotFound", "reason": "no such resource"}})

    def _token(self, request: Request) -> Response:
        if not self._basic_ok(request):
            return Response(401, {"error": "invalid_client", "error_description": "bad client credentials"})
        form = request.form()
        grant = form.get("grant_type")
        if grant == "client_credentials":
            if form.get("scope") != "product.compact":
                return Response(400, {"error": "invalid_scope"})
            token = f"app-{next(self._n)}"
            self.app_tokens.add(token)
            return Response(200, {"access_token": token, "token_type": "bearer", "expires_in": 1800})
        if grant == "authorization_code":
            entry = self.codes.pop(form.get("code", ""), None)
            if entry is None or entry[1] != form.get("redirect_uri"):
                return Response(400, {"error": "invalid_grant"})
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != entry[0]:
                return Response(
                    400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
                )
            return Response(200, self._user_tokens())
        if grant == "refresh_token":
            refresh = form.get("refresh_token", "")
            if refresh not in self.refresh_tokens:
                return Response(400, {"error": "invalid_grant"})
            self.refresh_tokens.discard(refresh)  # single use
            return Response(200, self._user_tokens())
        return Response(400, {"error": "unsupported_grant_type"})

    def _user_tokens(self) -> dict:
        n = next(self._n)
        access, refresh = f"user-{n}", f"refresh-{n}"
        self.user_tokens.add(access)
        self.refresh_tokens.add(refresh)
        return {"access_token": access, "refresh_token": refresh, "token_type": "bearer", "expires_in": 1800}

    def _authorize(self, request: Request) -> Response:
        q = request.query
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
            return Response(400, {"error": "invalid_request"})
        if "cart.basic:write" not in q.get("scope", "").split():
            return Response(400, {"error": "invalid_scope"})
        code = f"code-{next(self._n)}"
        self.codes[code] = (q.get("code_challenge", ""), q.get("redirect_uri", ""))
        location = f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q.get('state', '')})}"
        return Response(302, None, {"Location": location})

    def _app_auth(self, request: Request) -> Response | None:
        token = self._bearer(request)
        if token not in self.app_tokens and token not in self.user_tokens:
            return Response(
                401,
                {"error": "invalid_token", "error_description": "The access token is invalid or has expired"},
            )
        return None

    def _locations(self, request: Request) -> Response:
        if (refused := self._app_auth(request)) is not None:
            return refused
        if not request.query.get("filter.zipCode.near"):
            return Response(400, {"errors": {"code": "BadRequest", "reason": "a filter is required"}})
        return Response(200, {"data": [{
            "locationId": LOCATION, "chain": "KROGER", "name": "Kroger On the Rhine",
            "address": {"addressLine1": "1409 Vine St", "city": "Cincinnati", "state": "OH", "zipCode": "45202"},
        }], "meta": {}})  # fmt: skip

    def _products(self, request: Request) -> Response:
        if (refused := self._app_auth(request)) is not None:
            return refused
        q = request.query
        limit = int(q.get("filter.limit", "10"))
        start = int(q.get("filter.start", "0"))
        if limit > 50 or limit < 1:
            return Response(400, {"errors": {"code": "BadRequest", "reason": "filter.limit must be 1..50"}})
        term = q.get("filter.term", "").lower()
        found = next((items for key, items in PRODUCTS.items() if key in term), [])
        page = [dict(item) for item in found[start : start + limit]]
        if q.get("filter.locationId") != LOCATION:
            # Price, stock and aisle only appear when a location is given.
            for item in page:
                item["items"] = [
                    {k: v for k, v in sku.items() if k not in ("price", "inventory")} for sku in item["items"]
                ]
                item.pop("aisleLocations", None)
        return Response(
            200, {"data": page, "meta": {"pagination": {"start": start, "limit": limit, "total": len(found)}}}
        )

    def _cart_add(self, request: Request) -> Response:
        token = self._bearer(request)
        if token in self.app_tokens:
            return Response(403, {"errors": {"code": "Forbidden", "reason": "missing required scopes"}})
        if token not in self.user_tokens:
            return Response(401, {"error": "invalid_token"})
        items = (request.json() or {}).get("items")
        if (
            not isinstance(items, list)
            or not items
            or any(
                not i.get("upc")
                or not isinstance(i.get("quantity"), int)
                or i.get("modality") not in ("PICKUP", "DELIVERY")
                for i in items
            )
        ):
            return Response(400, {"errors": {"code": "BadRequest", "reason": "invalid items"}})
        self.carts.append(items)
        return Response(204)
