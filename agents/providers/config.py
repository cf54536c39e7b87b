"""Where each provider lives. Base URLs can be moved (a certification host, a loopback stand-in in the
tests) with an environment variable, which wins over the setting `providers.<name>.base_url`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

DEFAULT_BASE_URLS: dict[str, str] = {
    "kroger": "https://api.kroger.com",
    "instacart": "https://connect.instacart.com",
    "openfoodfacts": "https://world.openfoodfacts.org",
}
DEFAULT_KROGER_REDIRECT = "http://localhost:8000/callback"


def env_name(provider: str) -> str:
    return f"LARDER_{provider.upper()}_BASE_URL"


def base_url(provider: str, settings: Mapping[str, Any] | None = None) -> str:
    from_env = os.environ.get(env_name(provider))
    if from_env:
        return from_env.rstrip("/")
    from_settings = (settings or {}).get(f"providers.{provider}.base_url")
    if isinstance(from_settings, str) and from_settings:
        return from_settings.rstrip("/")
    return DEFAULT_BASE_URLS[provider]


def kroger_redirect_uri(settings: Mapping[str, Any] | None = None) -> str:
    value = os.environ.get("LARDER_KROGER_REDIRECT_URI") or (settings or {}).get(
        "providers.kroger.redirect_uri"
    )
    return str(value) if value else DEFAULT_KROGER_REDIRECT
