"""Does a provider accept the credentials in the keyring? One cheap call, no order, no side effect.

Kroger: a client-credentials token request (what every price search starts with). Instacart's API has
no read-only call, so its key is only checked for presence: the first list you send proves it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from agents.errors import ProviderError
from agents.secrets import SecretStore, SecretStoreError, credentials_of


@dataclass(frozen=True)
class CredentialCheck:
    provider: str
    ok: bool
    message: str


def check_credentials(
    provider: str, settings: dict[str, Any], secrets: SecretStore, cancel: threading.Event | None = None
) -> CredentialCheck:
    wanted = credentials_of(provider)
    if not wanted:
        return CredentialCheck(provider, False, f"{provider} needs no credentials")
    try:
        missing = [c.label for c in wanted if not secrets.has(provider, c.name)]
    except SecretStoreError as exc:
        return CredentialCheck(provider, False, str(exc))
    if missing:
        return CredentialCheck(provider, False, f"not set: {', '.join(missing)}")
    if provider == "kroger":
        from agents.cart.service import kroger_client

        client = kroger_client(settings, secrets)
        try:
            client.app_token(cancel)
        except ProviderError as exc:
            return CredentialCheck(provider, False, str(exc))
        finally:
            client.close()
        return CredentialCheck(
            provider, True, "Kroger accepted the client ID and secret (a token was issued)"
        )
    return CredentialCheck(
        provider, True, "The API key is in the keyring; Instacart checks it when you send your first list"
    )
