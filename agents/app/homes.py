"""Where a home folder is, without opening it: the window reads its own preferences from there before
the database (and sqlmodel) is loaded, so it can show itself first."""

from __future__ import annotations

import os
from pathlib import Path

from data.paths import resolve_home


def home_folder(home: str | os.PathLike[str] | None = None) -> Path:
    """--home wins over $LARDER_HOME, which wins over the per-user data folder; nothing is created."""
    return resolve_home(home).root
