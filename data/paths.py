"""Where Larder keeps its state: one folder, chosen by --home, $LARDER_HOME or the platform default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from data.errors import StorageError

APP_NAME = "larder"
HOME_ENV = "LARDER_HOME"


@dataclass(frozen=True)
class LarderPaths:
    """All the places Larder writes to, derived from one root folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "larder.db"

    @property
    def photos(self) -> Path:
        return self.root / "photos"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def ultralytics_config(self) -> Path:
        # ultralytics writes settings.json and font caches here instead of ~/.config/Ultralytics.
        return self.root / "ultralytics"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def ensure(self) -> LarderPaths:
        """Create the folders; a home that cannot hold them (a file, /dev/null, a path under /proc, a
        read-only folder) is one StorageError naming it, so the CLI says one line instead of a traceback."""
        for folder in (self.root, self.photos, self.models, self.exports, self.ultralytics_config, self.logs):
            what = "" if folder == self.root else f"{folder.name}/ in it: "
            if folder.exists() and not folder.is_dir():
                raise StorageError(f"{self.root}: cannot use it as Larder's home ({what}not a folder)")
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                raise StorageError(f"{self.root}: cannot use it as Larder's home ({what}{reason})") from exc
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise StorageError(f"{self.root}: cannot use it as Larder's home (the folder is read-only)")
        return self


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> LarderPaths:
    """--home wins over $LARDER_HOME, which wins over the per-user data folder."""
    if explicit:
        root = Path(explicit)
    elif os.environ.get(HOME_ENV):
        root = Path(os.environ[HOME_ENV])
    else:
        root = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return LarderPaths(root.expanduser().resolve())
