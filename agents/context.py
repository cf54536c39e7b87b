"""What every CLI command is handed: the front door (`ctx.larder`, opened lazily) and the output.

Commands do their work through `ctx.larder` only; `ctx.paths` and `ctx.db` remain for the commands whose
owners have not moved them onto the front door yet (they are the Larder's own)."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from agents.app import Larder
    from data.db import Database
    from data.paths import LarderPaths


def to_jsonable(value: object) -> object:
    """Results (frozen dataclasses, to_public() objects, dates, paths) as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "to_public"):
        return to_jsonable(value.to_public())
    return value


class ProgressBar:
    """A one-line progress bar on stderr, throttled; silent when stderr is not a terminal."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0

    def __call__(self, fraction: float, message: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and fraction < 1.0:
            return
        self._last = now
        width = 30
        filled = int(max(0.0, min(1.0, fraction)) * width)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {fraction * 100:5.1f}% {message[:40]:<40}")
        if fraction >= 1.0:
            self.stream.write("\n")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class CommandContext:
    def __init__(self, *, home: str | None, as_json: bool, stdout: TextIO | None = None) -> None:
        self.home = home
        self.as_json = as_json
        self.stdout = stdout or sys.stdout

    @cached_property
    def larder(self) -> Larder:
        from agents.app import Larder  # imported here so `larder --help` stays light

        return Larder(self.home)

    @property
    def paths(self) -> LarderPaths:
        return self.larder.paths

    @property
    def db(self) -> Database:
        return self.larder.db

    def emit(self, data: object, text: str | Callable[[], str]) -> None:
        """Print `data` as JSON with --json, otherwise the human text."""
        if self.as_json:
            json.dump(to_jsonable(data), self.stdout, indent=2, ensure_ascii=False)
            self.stdout.write("\n")
        else:
            self.stdout.write((text() if callable(text) else text).rstrip("\n") + "\n")
        self.stdout.flush()

    def progress(self, label: str) -> ProgressBar:
        return ProgressBar(label)

    def close(self) -> None:
        if "larder" in self.__dict__:
            self.larder.close()
