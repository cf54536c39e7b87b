"""Provider credentials and tokens, kept in the system keyring under the service "larder" and nowhere else.

Secrets never pass through logging, settings, SQLite or exports: callers get the value back and hand it
straight to an HTTP header. Errors name the entry, never its value."""

from __future__ import annotations

from dataclasses import dataclass

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from agents.errors import AgentError

SERVICE = "larder"


@dataclass(frozen=True)
class Credential:
    """One keyring entry Larder may hold for a provider."""

    provider: str
    name: str
    label: str


# The secrets a user types in for each provider (the one list the CLI and the window use) ...
CREDENTIALS: tuple[Credential, ...] = (
    Credential("kroger", "client_id", "Kroger client ID"),
    Credential("kroger", "client_secret", "Kroger client secret"),
    Credential("instacart", "api_key", "Instacart API key"),
)
# ... and the ones Larder writes itself after a sign-in; forgetting a provider deletes both kinds.
TOKENS: tuple[Credential, ...] = (Credential("kroger", "refresh_token", "Kroger sign-in"),)
PROVIDERS_WITH_CREDENTIALS: tuple[str, ...] = tuple(sorted({c.provider for c in CREDENTIALS}))


def credentials_of(provider: str) -> tuple[Credential, ...]:
    return tuple(c for c in CREDENTIALS if c.provider == provider)


def entries_of(provider: str) -> tuple[Credential, ...]:
    """Every keyring entry of `provider`: the credentials and the tokens."""
    return tuple(c for c in CREDENTIALS + TOKENS if c.provider == provider)


class SecretStoreError(AgentError):
    """The system keyring refused a read or a write (locked, missing backend)."""


class SecretStore:
    """get/set/delete one secret per (provider, name), e.g. ("kroger", "refresh_token")."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    @staticmethod
    def _key(provider: str, name: str) -> str:
        return f"{provider}:{name}"

    def get(self, provider: str, name: str) -> str | None:
        try:
            value = keyring.get_password(self.service, self._key(provider, name))
        except KeyringError as exc:
            raise SecretStoreError(
                f"cannot read {provider} {name} from the system keyring ({type(exc).__name__})"
            ) from None
        return value or None

    def set(self, provider: str, name: str, value: str) -> None:
        if not value:
            raise SecretStoreError(f"refusing to store an empty {provider} {name}")
        try:
            keyring.set_password(self.service, self._key(provider, name), value)
        except KeyringError as exc:
            raise SecretStoreError(
                f"cannot store {provider} {name} in the system keyring ({type(exc).__name__}); "
                "Larder keeps credentials nowhere else"
            ) from None
        # Some backends (the null one, a locked store) accept a write and keep nothing: say so now,
        # not at the first provider call.
        if self.get(provider, name) != value:
            raise SecretStoreError(
                f"the system keyring did not keep {provider} {name} (no usable keyring backend?); "
                "Larder keeps credentials nowhere else"
            )

    def delete(self, provider: str, name: str) -> bool:
        """True when something was deleted."""
        try:
            keyring.delete_password(self.service, self._key(provider, name))
        except PasswordDeleteError:
            return False
        except KeyringError as exc:
            raise SecretStoreError(
                f"cannot delete {provider} {name} from the system keyring ({type(exc).__name__})"
            ) from None
        return True

    def has(self, provider: str, name: str) -> bool:
        return self.get(provider, name) is not None
