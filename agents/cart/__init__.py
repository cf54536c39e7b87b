"""Cart agent: choose products and quantities that close the gaps within a budget, save and export orders."""

from agents.cart.catalog import CatalogPrices

try:
    from agents.nutrition.prices import register_default_price_source
except ImportError:  # a build without the nutrition agent: the cart holds the shopping list only
    pass
else:
    # The nutrition agent ranks foods by cost through its own PriceSource interface; the offline
    # catalog is that source wherever the cart is part of the app (nutrition never imports the cart).
    register_default_price_source(CatalogPrices())
