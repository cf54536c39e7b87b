"""Errors of the product providers; each message is one line meant for the user and never holds a secret.

ProviderError (agents.errors)
 ├── ProviderOffline        the service could not be reached (no network, DNS, refused, timed out)
 ├── ProviderAuthError      credentials missing, refused, or a token that still fails after one refresh
 ├── ProviderRateLimited    429 after the retries ran out
 ├── ProviderResponseError  any other refusal or an answer that does not match the documented shape
 └── ProductNotFound        a barcode or product id the service does not know
"""

from __future__ import annotations

from agents.errors import ProviderError


class ProviderOffline(ProviderError):
    def __init__(self, message: str, *, maybe_sent: bool = False) -> None:
        super().__init__(message)
        # True when a write may have reached the service before the connection failed (a timeout
        # or a hang-up after sending): the user must check before sending it again.
        self.maybe_sent = maybe_sent


class ProviderAuthError(ProviderError):
    pass


class ProviderRateLimited(ProviderError):
    pass


class ProviderResponseError(ProviderError):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ProductNotFound(ProviderError):
    pass
