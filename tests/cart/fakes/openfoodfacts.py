"""Open Food Facts stand-in: GET /api/v2/product/{barcode}.json; a custom User-Agent is required."""

from __future__ import annotations

from cart.fakes.server import App, Request, Response

PRODUCTS = {
    "3017620422003": {
        "code": "3017620422003",
        "product_name": "Skyr nature",
        "brands": "Siggi's, Icelandic Provisions",
        "quantity": "450 g",
        "categories_tags": [
            "en:dairies",
            "en:fermented-milk-products",
            "en:yogurts",
            "en:greek-style-yogurts",
        ],
        "allergens_tags": ["en:milk"],
        "nutriments": {
            "energy-kcal_100g": 63,
            "proteins_100g": 11,
            "fat_100g": 0.2,
            "carbohydrates_100g": 4,
            "sugars_100g": 4,
            "salt_100g": 0.1,
            "sodium_100g": 0.04,
        },
    },  # fmt: skip
    "5000159484695": {
        "code": "5000159484695",
        "product_name": "Semi skimmed milk",
        "brands": "Müller",
        "quantity": "2 L",
        "categories_tags": ["en:milks"],
        "nutriments": {"energy-kcal_100g": 50, "proteins_100g": 3.6, "salt_100g": 0.1},
    },
}


class OpenFoodFactsApp(App):
    def handle(self, request: Request) -> Response:
        if not request.headers.get("user-agent", "").startswith("Larder/"):
            return Response(403, {"status": 0, "status_verbose": "a custom User-Agent is required"})
        prefix, suffix = "/api/v2/product/", ".json"
        if not (request.path.startswith(prefix) and request.path.endswith(suffix)):
            return Response(404, {"status": 0, "status_verbose": "not found"})
        code = request.path[len(prefix) : -len(suffix)]
        product = PRODUCTS.get(code)
        if product is None:
            return Response(404, {"code": code, "status": 0, "status_verbose": "product not found"})
        fields = request.query.get("fields")
        if fields:
            product = {k: v for k, v in product.items() if k in fields.split(",")}
        return Response(
            200, {"code": code, "product": product, "status": 1, "status_verbose": "product found"}
        )
