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
# Failures that prove the request never left: safe to report as "nothing was sent".
_UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


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

    def _backoff(self, attempt: int) -> float:
        # Exponential backoff with jitter, so parallel clients do not retry in step.
        return self.backoff_s * (2.0**attempt) * (0.5 + random.random() / 2)

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
            host = self.client.base_url.host
            try:
                response = self.client.request(method, url, **kwargs)
            except httpx.TimeoutException as exc:
                # Only a connect or pool timeout proves nothing was sent; a write that timed out later
                # may have been applied, so it is never resent.
                maybe_sent = is_write and not isinstance(exc, _UNSENT)
                if maybe_sent or attempt >= self.retries:
                    raise ProviderOffline(
                        f"{self.provider}: {host} did not answer in time ({type(exc).__name__})",
                        maybe_sent=maybe_sent,
                    ) from None
            except httpx.TransportError as exc:
                if isinstance(exc, _UNSENT):
                    # Connection refused / DNS / unreachable: nothing was sent, the same on every try.
                    raise ProviderOffline(
                        f"{self.provider}: cannot reach {host} (offline? {type(exc).__name__})"
                    ) from None
                # The connection broke after the request went out (reset, hang-up).
                raise ProviderOffline(
                    f"{self.provider}: cannot reach {host}, the connection broke ({type(exc).__name__})",
                    maybe_sent=is_write,
                ) from None
            else:
                status = response.status_code
                retryable = status in (SAFE_WRITE_RETRY if is_write else RETRY_STATUSES)
                after = parse_retry_after(response.headers.get("Retry-After")) if retryable else None
                if after is not None and after > MAX_RETRY_AFTER_S:
                    # Asked to come back later than we are willing to wait: retrying sooner would
                    # only hammer the service, so give up now with the server's own answer.
                    retryable = False
                if not retryable or attempt >= self.retries:
                    if status == 429:
                        later = f"in {after:.0f} s" if after else "later"
                        raise ProviderRateLimited(
                            f"{self.provider}: rate limited (HTTP 429), try again {later}"
                        )
                    if status >= 500:
                        raise ProviderResponseError(
                            f"{self.provider}: server error HTTP {status}{error_text(response)}", status
                        )
                    return response
                delay = after if after is not None else self._backoff(attempt)
                response.close()
                attempt += 1
                self._wait(delay, cancel)
                continue
            attempt += 1
            self._wait(self._backoff(attempt - 1), cancel)

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
    reason: object = None
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
