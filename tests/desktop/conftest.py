"""Window fixtures: real Services over a temporary LARDER_HOME (set by the top-level conftest)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.bootstrap import Services, build_services  # noqa: E402
from desktop.demo_data import seed_demo_data  # noqa: E402


@pytest.fixture
def services() -> Iterator[Services]:
    built = build_services()
    yield built
    built.close()


@pytest.fixture
def demo_services(services: Services) -> Services:
    seed_demo_data(services.db)
    return services


@pytest.fixture
def qapp_theme(qapp: object) -> object:
    from desktop.theme import apply_theme

    apply_theme(qapp)  # type: ignore[arg-type]
    return qapp


@pytest.fixture
def make_main_window(qtbot: object, qapp_theme: object) -> Iterator[Callable[[Services], object]]:
    from desktop.main_window import MainWindow

    made: list[MainWindow] = []

    def make(services: Services) -> MainWindow:
        window = MainWindow(services)
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        made.append(window)
        return window

    yield make
    for window in made:
        assert window.shutdown(5000), "background tasks did not stop"
