"""Timeouts, retries with backoff honouring Retry-After, writes never blindly resent, offline detection."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import httpx
import pytest

from agents.providers.errors import ProviderOffline, ProviderRateLimited, ProviderResponseError
from agents.providers.http import HttpClient, parse_retry_after
from cart.fakes.server import App, FakeServer, Request, Response


class Echo(App):
    def handle(self, request: Request) -> Response:
        return Response(200, {"ok": True, "path": request.path})


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    with FakeServer(Echo()) as s:
        yield s


def client(url: str, sleeps: list[float], **kw: object) -> HttpClient:
    return HttpClient("test", url, sleep=sleeps.append, backoff_s=0.01, **kw)  # type: ignore[arg-type]


def test_retry_after_seconds_is_honoured_on_429(server: FakeServer) -> None:
    server.app.fail_next("/x", Response(429, {"error": "slow down"}, {"Retry-After": "3"}))
    sleeps: list[float] = []
    response = client(server.url, sleeps).request("GET", "/x")
    assert response.status_code == 200 and sleeps == [3.0] and len(server.app.calls("/x")) == 2


def test_5xx_is_retried_with_growing_backoff_then_gives_one_error(server: FakeServer) -> None:
    server.app.fail_next("/x", Response(503, {"message": "down"}), times=10)
    sleeps: list[float] = []
    with pytest.raises(ProviderResponseError, match="HTTP 503"):
        client(server.url, sleeps, retries=3).request("GET", "/x")
    assert len(server.app.calls("/x")) == 4 and len(sleeps) == 3 and sleeps[0] < sleeps[2]


def test_429_after_retries_is_a_rate_limit_error(server: FakeServer) -> None:
    server.app.fail_next("/x", Response(429, None, {"Retry-After": "0"}), times=5)
    with pytest.raises(ProviderRateLimited):
        client(server.url, [], retries=2).request("GET", "/x")


def test_a_write_that_failed_with_500_is_not_resent(server: FakeServer) -> None:
    server.app.fail_next("/w", Response(500, {"error": {"message": "boom"}}))
    with pytest.raises(ProviderResponseError, match="boom"):
        client(server.url, []).request("POST", "/w", json={})
    assert len(server.app.calls("/w")) == 1


def test_a_write_refused_with_429_is_resent(server: FakeServer) -> None:
    server.app.fail_next("/w", Response(429, None, {"Retry-After": "1"}))
    assert client(server.url, []).request("POST", "/w", json={}).status_code == 200
    assert len(server.app.calls("/w")) == 2


def test_a_retry_after_longer_than_we_wait_gives_up_at_once(server: FakeServer) -> None:
    server.app.fail_next("/x", Response(429, None, {"Retry-After": "3600"}))
    sleeps: list[float] = []
    with pytest.raises(ProviderRateLimited, match="try again in 3600 s"):
        client(server.url, sleeps).request("GET", "/x")
    assert sleeps == [] and len(server.app.calls("/x")) == 1  # not resent an hour early


def test_a_write_cut_off_after_sending_may_have_arrived(server: FakeServer) -> None:
    server.app.drop_after("/w", 0)
    with pytest.raises(ProviderOffline, match="connection broke") as info:
        client(server.url, []).request("POST", "/w", json={})
    assert info.value.maybe_sent and len(server.app.calls("/w")) == 1


def test_refused_connection_is_offline() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ProviderOffline, match="cannot reach"):
        client(f"http://127.0.0.1:{port}", []).request("GET", "/x")
    with pytest.raises(ProviderOffline, match="cannot reach") as info:
        client(f"http://127.0.0.1:{port}", []).request("POST", "/x")
    assert not info.value.maybe_sent  # refused before anything was sent


def test_a_silent_server_times_out_as_offline() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)  # accepts connections, never answers
    try:
        c = HttpClient("test", f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=httpx.Timeout(0.2),
                       retries=1, sleep=lambda s: None)  # fmt: skip
        with pytest.raises(ProviderOffline, match="did not answer"):
            c.request("GET", "/x")
    finally:
        listener.close()


def test_parse_retry_after_forms() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
