"""Keeping a home safe and letting it go: backup, restore, export of all personal data, forget.

The file work is data.backup's (Qt-free, no keyring); forgetting also deletes every keyring entry
Larder may hold, which only the agents package knows about (agents/secrets.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import keyring
from keyring.backends import fail

from agents.secrets import CREDENTIALS, TOKENS, SecretStore
from data import backup as backups
from data.paths import LarderPaths


@dataclass(frozen=True)
class ForgetReport:
    removed: tuple[Path, ...]  # files and folders deleted from the home
    keyring: tuple[str, ...]  # "provider:name" entries deleted from the system keyring


def forget_everything(paths: LarderPaths, secrets: SecretStore | None = None) -> ForgetReport:
    """Keyring entries first: if the keyring refuses (locked), nothing on disk has gone yet and the
    user can unlock it and run forget again; the files go after that."""
    store = secrets or SecretStore()
    deleted = []
    # With no keyring backend at all (a headless box) Larder could never have stored a secret there.
    has_backend = secrets is not None or not isinstance(keyring.get_keyring(), fail.Keyring)
    for entry in CREDENTIALS + TOKENS if has_backend else ():
        if store.has(entry.provider, entry.name) and store.delete(entry.provider, entry.name):
            deleted.append(f"{entry.provider}:{entry.name}")
    files = backups.forget(paths)
    return ForgetReport(removed=files.removed, keyring=tuple(deleted))
