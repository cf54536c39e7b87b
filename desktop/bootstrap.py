"""The composition root: opens the one Larder (the core's front door) the window is handed, without Qt.

A headless test can call `open_larder` and get the same object the window gets; every page receives it
in __init__, never from a global."""

from __future__ import annotations

import logging
import os

from agents.app import Larder

log = logging.getLogger(__name__)


def open_larder(home: str | os.PathLike[str] | None = None) -> Larder:
    """Open (creating and migrating on first use) the home folder; a home that cannot be used is a
    UserError with one line, raised here before any window exists."""
    larder = Larder.open(home)
    log.info("data folder %s", larder.home().root)
    return larder
