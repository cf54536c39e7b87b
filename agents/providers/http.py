"""One HTTP client per provider: timeouts everywhere, backoff on 429/5xx honouring Retry-After, and
network failures turned into ProviderOffline. Writes are never retried blindly (none of these APIs takes
an idempotency key), so a retry of a POST/PUT only happens when the server said it did nothing (429/503)."""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from agents.providers.errors import ProviderOffline, ProviderRateLimited, ProviderResponseError

USER_AGENT = "Larder/0.1 (https://github.com/larder-app/larder)"
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# 429 and 503 mean the request was not processed, so even a write may go again.
SAFE_WRITE_RETRY = frozenset({429, 503})
MAX_RETRY_AFTER_S = 60.0


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class HttpClient:
    def __init__(
        self,
        provider: str,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retries: int = 3,
        backoff_s: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.provider = provider
        self.retries = retries
        self.backoff_s = backoff_s
        self._sleep = sleep
        self.client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})},
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self.client.close()

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None:
            after = parse_retry_after(response.headers.get("Retry-After"))
            if after is not None:
                return min(after, MAX_RETRY_AFTER_S)
        # Exponential backoff with jitter, so parallel clients do not retry in step.
        return self.backoff_s * (2**attempt) * (0.5 + random.random() / 2)

    def request(
        self,
        method: str,
        url: str,
        *,
        cancel: threading.Event | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """The response of the last attempt (any status but 429/5xx after retries); raises on no network."""
        is_write = method.upper() not in ("GET", "HEAD")
        attempt = 0
        while True:
            if cancel is not None and cancel.is_set():
                raise ProviderOffline(f"{self.provider}: cancelled")
            try:
                response = self.client.request(method, url, **kwargs)
            except httpx.TimeoutException as exc:
                # A write that timed out may have been applied: never resend it.
                if is_write or attempt >= self.retries:
                    raise ProviderOffline(
                        f"{self.provider}: {self.client.base_url.host} did not answer in time ({type(exc).__name__})"
                    ) from None
            except httpx.TransportError as exc:
                # Connection refused / DNS / unreachable: nothing was sent, the same on every try.
                raise ProviderOffline(
                    f"{self.provider}: cannot reach {self.client.base_url.host} (offline? {type(exc).__name__})"
                ) from None
            else:
                status = response.status_code
                retryable = status in (SAFE_WRITE_RETRY if is_write else RETRY_STATUSES)
                if not retryable or attempt >= self.retries:
                    if status == 429:
                        raise ProviderRateLimited(
                            f"{self.provider}: rate limited (HTTP 429), try again later"
                        )
                    if status >= 500:
                        raise ProviderResponseError(
                            f"{self.provider}: server error HTTP {status}{error_text(response)}", status
                        )
                    return response
                delay = self._delay(attempt, response)
                response.close()
                attempt += 1
                self._wait(delay, cancel)
                continue
            attempt += 1
            self._wait(self._delay(attempt - 1, None), cancel)

    def _wait(self, delay: float, cancel: threading.Event | None) -> None:
        if cancel is not None:
            if cancel.wait(delay):
                raise ProviderOffline(f"{self.provider}: cancelled")
        else:
            self._sleep(delay)


def error_text(response: httpx.Response) -> str:
    """A short reason from the documented error bodies of Kroger, Instacart and Open Food Facts."""
    try:
        body = response.json()
    except ValueError:
        return ""
    reason: Any = None
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):  # Instacart {"error": {"message", "code"}}
            reason = err.get("message")
        elif isinstance(err, str):  # OAuth2 {"error": "invalid_token", "error_description"}
            reason = body.get("error_description") or err
        errors = body.get("errors")
        if reason is None and isinstance(errors, dict):  # Kroger {"errors": {"code", "reason"}}
            reason = errors.get("reason") or errors.get("code")
        if reason is None:
            reason = body.get("message") or body.get("status_verbose")
    return f": {str(reason)[:200]}" if reason else ""
