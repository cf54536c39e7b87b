"""Window fixtures: a Larder (the front door) over a temporary home, and a copy of a home built through
the real pipeline (tests/desktop/real_home.py: import, bundled-model scan, plan, cart)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import keyring  # noqa: E402
from memory_keyring import MemoryKeyring  # noqa: E402
from real_home import RealHome, build_real_home  # noqa: E402

from agents.app import Larder  # noqa: E402

if TYPE_CHECKING:
    from desktop.pages.fridge_page import FridgePage


@pytest.fixture
def larder(_isolated_home: Path) -> Iterator[Larder]:
    """An empty home (the top-level conftest's temporary LARDER_HOME)."""
    opened = Larder.open(_isolated_home)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> RealHome:
    """Built once per session (about 10 s: the model loads once); tests get copies, never this one."""
    # Session fixtures run before the per-test autouse isolation: keep the real keyring out here too.
    keyring.set_keyring(MemoryKeyring())
    return build_real_home(tmp_path_factory.mktemp("real-home-built"))


@pytest.fixture
def real_home(built_home: RealHome, tmp_path: Path) -> RealHome:
    """A private copy of the built home, so a test may scan, plan and build carts in it."""
    copy = tmp_path / "real-home"
    shutil.copytree(built_home.root, copy)
    return RealHome(
        copy,
        built_home.import_days,
        built_home.scan_id,
        built_home.detections,
        built_home.plan_id,
        built_home.order_id,
        built_home.cart_lines,
    )


@pytest.fixture
def real_larder(real_home: RealHome) -> Iterator[Larder]:
    opened = Larder.open(real_home.root)
    yield opened
    opened.close()


@pytest.fixture
def qapp_theme(qapp: object) -> object:
    from desktop.theme import apply_theme

    apply_theme(qapp)  # type: ignore[arg-type]
    return qapp


@pytest.fixture
def make_main_window(qtbot: object, qapp_theme: object) -> Iterator[Callable[[Larder], object]]:
    from desktop.main_window import MainWindow

    made: list[MainWindow] = []

    def make(larder: Larder) -> MainWindow:
        window = MainWindow(larder)
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        made.append(window)
        return window

    yield make
    for window in made:
        assert window.shutdown(5000), "background tasks did not stop"


@pytest.fixture
def make_fridge_page(qtbot, qapp_theme) -> Iterator[Callable[[Larder], FridgePage]]:
    """The Fridge page alone, with its own task runner (the window's other pages play no part here)."""
    from desktop.pages.fridge_page import FridgePage
    from desktop.tasks import TaskRunner

    runners: list[TaskRunner] = []

    def make(larder: Larder) -> FridgePage:
        runner = TaskRunner()
        runners.append(runner)
        page = FridgePage(larder, runner)
        qtbot.addWidget(page)
        page.resize(1280, 760)
        page.show()
        return page

    yield make
    for runner in runners:
        runner.cancel_all()
        assert runner.wait_for_done(10000), "background tasks did not stop"
