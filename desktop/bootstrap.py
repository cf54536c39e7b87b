"""The composition root: builds every service the window needs, once, without touching Qt.

A headless test can call `build_services` and get the same objects the window gets."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from agents.secrets import SecretStore
from data.db import Database
from data.paths import LarderPaths, resolve_home

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_MODEL = REPO_ROOT / "assets" / "models" / "fridge.pt"


@dataclass(frozen=True)
class Services:
    """What the window is handed; widgets receive the parts they need in __init__, never from globals."""

    paths: LarderPaths
    db: Database
    secrets: SecretStore
    bundled_model: Path = BUNDLED_MODEL
    # Larder never talks to a store unless a provider is configured; the window says so.
    offline: bool = True

    def close(self) -> None:
        self.db.close()


def build_services(home: str | None = None, *, db: Database | None = None) -> Services:
    paths = resolve_home(home).ensure()
    database = db if db is not None else Database(paths.database)
    log.info("data folder %s", paths.root)
    return Services(paths=paths, db=database, secrets=SecretStore())
