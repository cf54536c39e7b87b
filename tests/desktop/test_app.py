"""run_app's pieces (run_app itself blocks in exec): services, logging, the error hook, the theme."""

from __future__ import annotations

import logging

import pytest

from desktop import app as desktop_app
from desktop.bootstrap import build_services
from desktop.errors import describe


def test_build_services_is_qt_free_and_uses_larder_home(_isolated_home) -> None:
    services = build_services()
    try:
        assert services.paths.root == _isolated_home.resolve()
        assert services.paths.database.is_file()
    finally:
        services.close()


def test_logging_goes_to_the_data_folder(tmp_path) -> None:
    handler = desktop_app.configure_logging(tmp_path / "logs")
    try:
        logging.getLogger("desktop.test").warning("hello from the test")
        handler.flush()
        assert "hello from the test" in (tmp_path / "logs" / "larder.log").read_text()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_excepthook_sends_uncaught_errors_to_the_presenter(monkeypatch: pytest.MonkeyPatch, qapp) -> None:
    import desktop.errors

    shown: list[BaseException] = []
    monkeypatch.setattr(desktop.errors, "show_error", lambda parent, exc: shown.append(exc))
    hook = desktop_app.make_excepthook(lambda: None)
    error = RuntimeError("slot blew up")
    hook(RuntimeError, error, None)
    assert shown == [error]


def test_describe_separates_known_errors_unexpected_ones_and_cancellation() -> None:
    from agents.errors import UserError
    from vision.errors import Cancelled

    assert describe(Cancelled("stop")) is None
    known = describe(UserError("photo.jpg: not an image"))
    assert known is not None and known.expected and known.message == "photo.jpg: not an image"
    odd = describe(KeyError("x"))
    assert (
        odd is not None and not odd.expected and odd.title == "Unexpected error" and "KeyError" in odd.details
    )


def test_create_application_reuses_the_running_one(qapp) -> None:
    assert desktop_app.create_application() is qapp
