"""Provider credentials and tokens, kept in the system keyring under the service "larder" and nowhere else.

Secrets never pass through logging, settings, SQLite or exports: callers get the value back and hand it
straight to an HTTP header. Errors name the entry, never its value."""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from agents.errors import AgentError

SERVICE = "larder"


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
