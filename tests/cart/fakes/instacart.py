"""Instacart Developer Platform stand-in: POST /idp/v1/products/products_link with a Bearer API key."""

from __future__ import annotations

import itertools

from cart.fakes.server import App, Request, Response

API_KEY = "keys." + "0123456789abcdef" * 2
UNITS = {
    "each",
    "count",
    "g",
    "kg",
    "oz",
    "lb",
    "fl oz",
    "ml",
    "liter",
    "cup",
    "package",
    "can",
    "bottle",
    "dozen",
}


class InstacartApp(App):
    def __init__(self) -> None:
        super().__init__()
        self._n = itertools.count(1)
        self.lists: list[dict] = []

    def handle(self, request: Request) -> Response:
        if request.path != "/idp/v1/products/products_link" or request.method != "POST":
            return Response(404, {"error": {"message": "Not found", "code": 404}, "meta": {}})
        if request.headers.get("authorization") != f"Bearer {API_KEY}":
            return Response(401, {"error": {"message": "Unauthorized", "code": 401}, "meta": {}})
        body = request.json()
        problems = []
        if not isinstance(body, dict) or not body.get("title"):
            problems.append("title is required")
        elif body.get("link_type") not in (None, "shopping_list", "recipe"):
            problems.append("link_type is invalid")
        items = body.get("line_items") if isinstance(body, dict) else None
        if not isinstance(items, list) or not items:
            problems.append("line_items is required")
        else:
            for item in items:
                if not item.get("name"):
                    problems.append("line_items.name is required")
                for m in item.get("line_item_measurements", []):
                    if m.get("unit") not in UNITS:
                        problems.append(f"unit {m.get('unit')} is not supported")
        if problems:
            return Response(400, {"error": {"message": "; ".join(problems), "code": 1001}, "meta": {}})
        self.lists.append(body)
        return Response(
            200, {"products_link_url": f"https://www.instacart.com/store/shopping_lists/{next(self._n)}"}
        )
