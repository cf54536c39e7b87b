"""run_app's pieces (run_app itself blocks in exec): the Larder it opens, logging, the error hook, the theme."""

from __future__ import annotations

import logging

import pytest

from desktop import app as desktop_app
from desktop.bootstrap import open_larder
from desktop.errors import describe


def test_open_larder_uses_larder_home_and_creates_the_database(_isolated_home) -> None:
    larder = open_larder()
    try:
        assert larder.home().root == _isolated_home.resolve()
        assert larder.home().database.is_file()
    finally:
        larder.close()


def test_an_unusable_home_is_a_user_facing_error_before_any_window(tmp_path) -> None:
    from agents.app import USER_FACING

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(USER_FACING, match="a-file"):
        open_larder(blocker)


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
    from agents.app import Cancelled, UserError

    assert describe(Cancelled("stop")) is None
    known = describe(UserError("photo.jpg: not an image"))
    assert known is not None and known.expected and known.message == "photo.jpg: not an image"
    odd = describe(KeyError("x"))
    assert (
        odd is not None and not odd.expected and odd.title == "Unexpected error" and "KeyError" in odd.details
    )


def test_create_application_reuses_the_running_one(qapp) -> None:
    assert desktop_app.create_application() is qapp
