"""The composition root: opens the one Larder (the core's front door) the window is handed, without Qt.

A headless test can call `open_larder` and get the same object the window gets; every page receives it
in __init__, never from a global. The core is imported here only when a Larder is really opened: the
launcher shows the window first."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.app import Larder

log = logging.getLogger(__name__)


def home_root(home: str | os.PathLike[str] | None = None) -> Path:
    """Where the home folder is (nothing created, no database opened)."""
    from agents.app import home_folder

    return home_folder(home)


def open_larder(home: str | os.PathLike[str] | None = None) -> Larder:
    """Open (creating and migrating on first use) the home folder; a home that cannot be used is a
    UserError with one line."""
    from agents.app import Larder

    larder = Larder.open(home)
    log.info("data folder %s", larder.home().root)
    return larder
