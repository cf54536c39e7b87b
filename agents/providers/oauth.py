"""OAuth2 helpers for a desktop app: PKCE pairs, and a one-shot loopback server that catches the redirect."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

from agents.providers.errors import ProviderAuthError


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str
    method: str = "S256"


def make_pkce() -> Pkce:
    verifier = secrets.token_urlsafe(64)[:96]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return Pkce(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii"))


def make_state() -> str:
    return secrets.token_urlsafe(24)


class LoopbackReceiver:
    """Listens on the registered redirect URI (it must match exactly) until the browser comes back."""

    def __init__(self, redirect_uri: str) -> None:
        parsed = urlparse(redirect_uri)
        if parsed.scheme != "http" or parsed.hostname not in ("localhost", "127.0.0.1", "::1"):
            raise ProviderAuthError(f"the redirect URI must be a loopback http address, not {redirect_uri}")
        self.path = parsed.path or "/"
        self._params: dict[str, str] = {}
        self._got = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                url = urlparse(self.path)
                if url.path != receiver.path:
                    self.send_error(404)
                    return
                receiver._params = {k: v[0] for k, v in parse_qs(url.query).items()}
                body = (
                    b"<html><body><p>Larder: you can close this tab and return to the app.</p></body></html>"
                )
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                receiver._got.set()

            def log_message(self, format: str, *args: object) -> None:
                # The query string holds the authorization code: keep it out of every log.
                return

        host = "127.0.0.1" if parsed.hostname == "localhost" else parsed.hostname
        try:
            self.server = HTTPServer((host or "127.0.0.1", parsed.port or 80), Handler)
        except OSError as exc:
            raise ProviderAuthError(
                f"cannot listen on {redirect_uri} for the login ({exc.strerror})"
            ) from None
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait(self, state: str, *, timeout_s: float = 300.0, cancel: threading.Event | None = None) -> str:
        """The authorization code, once the redirect arrives with our state."""
        try:
            waited = 0.0
            while not self._got.wait(0.2):
                waited += 0.2
                if waited >= timeout_s:
                    raise ProviderAuthError("the login was not completed in the browser in time")
                if cancel is not None and cancel.is_set():
                    raise ProviderAuthError("the login was cancelled")
        finally:
            self.close()
        params = self._params
        if params.get("error"):
            raise ProviderAuthError(f"the provider refused the login: {params['error']}")
        if params.get("state") != state:
            raise ProviderAuthError("the login answer did not match the request (state mismatch); try again")
        if not params.get("code"):
            raise ProviderAuthError("the login answer carried no authorization code")
        return params["code"]
