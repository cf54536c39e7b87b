"""A tiny HTTP server on 127.0.0.1 (port 0) in a thread, dispatching to an app object; records requests
and can be told to fail the next requests (429 with Retry-After, 5xx) or to drop off the network."""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class App:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._failures: list[tuple[str, Response]] = []
        self._drop: tuple[str, int] | None = None
        self.lock = threading.Lock()

    def fail_next(self, path_prefix: str, response: Response, times: int = 1) -> None:
        with self.lock:
            self._failures.extend([(path_prefix, response)] * times)

    def drop_after(self, path_prefix: str, answered: int) -> None:
        """After `answered` more answers on this path, hang up on every request (the network is gone)."""
        with self.lock:
            self._drop = (path_prefix, answered)

    def dispatch(self, request: Request) -> Response | None:
        with self.lock:
            self.requests.append(request)
            if self._drop is not None and request.path.startswith(self._drop[0]):
                if self._drop[1] <= 0:
                    return None
                self._drop = (self._drop[0], self._drop[1] - 1)
            for i, (prefix, response) in enumerate(self._failures):
                if request.path.startswith(prefix):
                    del self._failures[i]
                    return response
        return self.handle(request)

    def handle(self, request: Request) -> Response:
        raise NotImplementedError

    def calls(self, path_prefix: str) -> list[Request]:
        return [r for r in self.requests if r.path.startswith(path_prefix)]


class FakeServer:
    def __init__(self, app: App) -> None:
        self.app = app
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(
                    self.command,
                    url.path,
                    {k: v[0] for k, v in parse_qs(url.query).items()},
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                response = owner.app.dispatch(request)
                if response is None:
                    self.close_connection = True
                    return
                payload = (
                    b""
                    if response.body is None
                    else (
                        response.body
                        if isinstance(response.body, bytes)
                        else json.dumps(response.body).encode()
                    )
                )
                self.send_response(response.status)
                headers = (
                    {"Content-Type": "application/json", **response.headers} if payload else response.headers
                )
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _serve  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        """Pull the network: the port stops answering (connections are refused)."""
        self.server.shutdown()
        self.server.server_close()

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self.stop()
